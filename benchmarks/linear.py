"""Is the layout linear in the length of the text? Time per character of two hostile inputs.

    python benchmarks/linear.py [--sizes 10000,100000,990000] [--repeat 1]

Builds, with the real CLI in a fresh process and an empty cache, one-article issues whose
body is

- `word`: one word of N characters with no space (it is broken where it has no break point);
- `links`: one paragraph of reference links (`[l1][r1] [l2][r2] …` and their definitions)
  adding up to N characters;

and prints, for each size, the wall time, the time of the same issue with an empty body (the
fixed cost: start-up, fonts, checks) and the time per character of what is left. Linear time
shows as a flat time per character from 10k to 1M characters. (An article may be at most 1 MB,
so the largest size is 990,000 characters.) Nothing is asserted: the numbers are to read.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 30_000, 100_000, 300_000, 990_000)

MANIFEST = """publication: Benchmark
number: 1
period: Spring 2024
date: 2024-04-01
publisher:
  name: Benchmark Office
sections:
  - kind: features
    title: Features
    articles:
      - 001/01-a.md
"""


def word(n: int) -> str:
    return "x" * n


def links(n: int) -> str:
    uses, defs, i, size = [], [], 0, 0
    while size < n:
        use, definition = f"[l{i}][r{i}]", f"[r{i}]: https://example.org/{i}"
        uses.append(use)
        defs.append(definition)
        size += len(use) + len(definition) + 2
        i += 1
    return " ".join(uses) + "\n\n" + "\n".join(defs)


def build_time(body: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            (base / "001").mkdir()
            (base / "001" / "01-a.md").write_text(f'---\ntitle: "Long"\n---\n\n{body}\n', encoding="utf-8")
            (base / "001.yaml").write_text(MANIFEST, encoding="utf-8")
            env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache"),
                   "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "newsletter_cli", "build", str(base / "001.yaml"),
                                   "--output", str(base / "out.pdf")], env=env, capture_output=True, text=True)
            elapsed = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(f"build failed ({done.returncode}):\n{done.stdout}{done.stderr}")
            best = min(best, elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build; the fastest counts")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    fixed = build_time("Short.", args.repeat)
    print(f"fixed cost (an issue with one short paragraph): {fixed:.2f} s")
    print(f"{'input':<6} {'characters':>10} {'wall':>8} {'minus fixed':>12} {'µs/char':>8}")
    for name, make in (("word", word), ("links", links)):
        for n in sizes:
            body = make(n)
            wall = build_time(body, args.repeat)
            print(f"{name:<6} {len(body):>10,} {wall:>7.2f}s {wall - fixed:>11.2f}s "
                  f"{(wall - fixed) / len(body) * 1e6:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
