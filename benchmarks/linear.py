"""Is the layout linear in the length of the text? Time per character of hostile inputs.

    python benchmarks/linear.py [--sizes 10000,100000,990000] [--forms word,links,...] [--repeat 1]

Builds, with the real CLI in a fresh process and an empty cache, one-article issues whose
body (or front matter) is one of these forms, N characters long:

- `word`: one word of N characters with no space (it is broken where it has no break point);
  `cell`, `heading`, `caption`, `item`, `quote`, `linktext`, `code`, `fence`: the same word in a
  table cell, a heading, a figure's caption, a list item, a block quote, a link's text, inline
  code and a line of a fenced code block;
- `links`: one paragraph of reference links (`[l1][r1] [l2][r2] …` and their definitions);
  `onedef`: links that all use ONE definition (`[link 1][r] [link 2][r] …`); `shortdefs`:
  links `[l][1] [l][2] …` with short definitions (`[1]: /1`, which are refused: the build
  reports every one, and exits 1);
- `paragraph`: one paragraph of ordinary words (1,200 words are about 8k characters, 100k
  words about 650k); `article`: paragraphs of about 120 words; `repeated`: one paragraph of
  N/10 characters, ten times;
- `fields`: the front matter's and the manifest's free text fields (subtitle, source, dateline,
  summary, the author's name and role, the signature, the tagline, the period, the cover's
  headline and highlights, the publisher's lines; titles at their limits) sharing N characters.

It prints, for each size, the wall time, the time of the same issue with an empty body (the
fixed cost: start-up, fonts, checks) and the time per character of what is left, and the exit
code when it is not 0. Linear time shows as a flat time per character from 10k to 1M
characters. (An article may be at most 1 MB, so the largest size is 990,000 characters.)
Nothing is asserted: the numbers are to read.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import re
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
FRONT = 'title: "Long"\n'


def word(n: int) -> str:
    return "x" * n


def _in(template: str):
    """The long word inside some Markdown: `template` with {} for the word."""
    def make(n: int) -> str:
        return template.format(word(n - len(template) + 2))
    return make


def links(n: int) -> str:
    uses, defs, i, size = [], [], 0, 0
    while size < n:
        use, definition = f"[l{i}][r{i}]", f"[r{i}]: https://example.org/{i}"
        uses.append(use)
        defs.append(definition)
        size += len(use) + len(definition) + 2
        i += 1
    return " ".join(uses) + "\n\n" + "\n".join(defs)


def onedef(n: int) -> str:
    uses, i, size = [], 0, 30
    while size < n:
        uses.append(f"[link {i}][r]")
        size += len(uses[-1]) + 1
        i += 1
    return " ".join(uses) + "\n\n[r]: https://example.org/x\n"


def shortdefs(n: int) -> str:
    uses, defs, i, size = [], [], 0, 0
    while size < n:
        uses.append(f"[l][{i}]")
        defs.append(f"[{i}]: /{i}")
        size += len(uses[-1]) + len(defs[-1]) + 2
        i += 1
    return " ".join(uses) + "\n\n" + "\n".join(defs)


def _vocabulary() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "issues" / "076").glob("*.md")))
    return sorted(set(re.findall(r"[A-Za-z][a-z’']+[,.]?", text)))


def _words(n: int, rng: random.Random, vocabulary: list[str]) -> str:
    out, size = [], 0
    while size < n:
        out.append(rng.choice(vocabulary))
        size += len(out[-1]) + 1
    return " ".join(out)[:n].rstrip() + "."


def paragraph(n: int) -> str:
    return _words(n, random.Random(1), _vocabulary())


def article(n: int) -> str:
    rng, vocabulary, out, size = random.Random(2), _vocabulary(), [], 0
    while size < n:
        out.append(_words(800, rng, vocabulary))
        size += len(out[-1]) + 2
    return "\n\n".join(out)


def repeated(n: int) -> str:
    return "\n\n".join([paragraph(n // 10 - 2)] * 10)


def _fill(n: int, rng: random.Random) -> str:
    return _words(max(n, 2), rng, _vocabulary()).replace('"', "")


FIELDS = ("subtitle", "source", "dateline", "summary", "name", "role", "closing", "signed", "signature title",
          "tagline", "period", "headline", "highlight", "publisher", "address")


def fields(n: int) -> tuple[str, str, str]:
    """(front matter, manifest, body): every free field long, the titles at their limits."""
    rng = random.Random(3)
    each = {key: _fill(n // len(FIELDS), rng) for key in FIELDS}
    front = (f'title: "{_fill(300, rng)[:300]}"\nsubtitle: "{each["subtitle"]}"\nsource: "{each["source"]}"\n'
             f'dateline: "{each["dateline"]}"\nsummary: "{each["summary"]}"\n'
             f'authors:\n  - name: "{each["name"]}"\n    role: "{each["role"]}"\n'
             f'signature:\n  closing: "{each["closing"]}"\n  name: "{each["signed"]}"\n'
             f'  title: "{each["signature title"]}"\n')
    manifest = (MANIFEST.replace("publication: Benchmark", f'publication: "{_fill(120, rng)[:120]}"')
                .replace("period: Spring 2024", f'period: "{each["period"]}"\ntagline: "{each["tagline"]}"\n'
                         f'cover:\n  headline: "{each["headline"]}"\n  highlights:\n    - "{each["highlight"]}"')
                .replace("name: Benchmark Office", f'name: "{each["publisher"]}"\n  address:\n'
                         f'    - "{each["address"]}"')
                .replace("title: Features", f'title: "{_fill(120, rng)[:120]}"'))
    return front, manifest, "A short paragraph."


FORMS = {
    "word": word, "cell": _in("| a |\n|---|\n| {} |"), "heading": _in("## {}"),
    "caption": _in("![{}](photos/missing.png)"), "item": _in("- {}"), "quote": _in("> {}"),
    "linktext": _in("[{}](https://example.org/)"), "code": _in("`{}`"), "fence": _in("```\n{}\n```"),
    "links": links, "onedef": onedef, "shortdefs": shortdefs,
    "paragraph": paragraph, "article": article, "repeated": repeated, "fields": fields,
}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def build_time(made, repeat: int, timeout: float | None = None) -> tuple[float, float, int, int]:
    """(the fastest wall time, its CPU time, the exit code, the characters of input); a build that
    takes longer than `timeout` is stopped, and its time is inf. (On a loaded machine the CPU time
    is what the wall time would be on a quiet one.)"""
    front, manifest, body = made if isinstance(made, tuple) else (FRONT, MANIFEST, made)
    best, cpu, code = float("inf"), float("inf"), 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            (base / "001").mkdir()
            (base / "001" / "01-a.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
            (base / "001.yaml").write_text(manifest, encoding="utf-8")
            env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache"),
                   "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            started, used = time.perf_counter(), _cpu()
            limit = None if timeout is None else lambda: resource.setrlimit(
                resource.RLIMIT_CPU, (int(timeout), int(timeout) + 1))
            done = subprocess.run([sys.executable, "-m", "newsletter_cli", "build", str(base / "001.yaml"),
                                   "--output", str(base / "out.pdf")], env=env, capture_output=True, text=True,
                                  preexec_fn=limit)
            if done.returncode < 0:  # stopped at its limit of CPU time
                return float("inf"), float("inf"), -1, len(front) + len(manifest) + len(body)
            elapsed, used = time.perf_counter() - started, _cpu() - used
            if done.returncode not in (0, 1) or (done.returncode == 1 and "error" not in done.stderr):
                raise SystemExit(f"build failed ({done.returncode}):\n{done.stdout}{done.stderr[-3000:]}")
            if elapsed < best:
                best, cpu = elapsed, used
            code = done.returncode
    return best, cpu, code, len(front) + len(manifest) + len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--forms", default="word,links", help=f"some of {','.join(FORMS)}, or all")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build; the fastest counts")
    parser.add_argument("--timeout", type=float, default=None, help="CPU seconds after which a build is stopped")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    forms = list(FORMS) if args.forms == "all" else args.forms.split(",")
    fixed, fixed_cpu, _, base = build_time("Short.", args.repeat)
    print(f"fixed cost (an issue with one short paragraph): {fixed:.2f} s, CPU {fixed_cpu:.2f} s")
    print(f"{'input':<10} {'characters':>10} {'wall':>8} {'CPU':>8} {'minus fixed':>12} {'µs/char':>8}")
    for name in forms:
        for n in sizes:
            wall, cpu, code, size = build_time(FORMS[name](n), args.repeat, args.timeout)
            size -= base
            if code == -1:
                print(f"{name:<10} {size:>10,}  stopped after {args.timeout:g} s of CPU", flush=True)
                continue
            print(f"{name:<10} {size:>10,} {wall:>7.2f}s {cpu:>7.2f}s {wall - fixed:>11.2f}s "
                  f"{(wall - fixed) / size * 1e6:>8.2f}{'' if code == 0 else f'  (exit {code})'}", flush=True)


if __name__ == "__main__":
    main()
