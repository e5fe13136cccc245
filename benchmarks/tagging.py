#!/usr/bin/env python
"""The cost of tagging (tracker issue 14): warm builds of 076 by two source trees, interleaved.

    python benchmarks/tagging.py --before /path/to/untagged/checkout [--runs 7]

Each checkout builds its own issues/076.yaml (the input may differ: alt text was added with the
tagging) with its own src/ first on PYTHONPATH and its own cache folder, once as a warm-up and then --runs times, the two interleaved so that
load from other work on the machine hits both alike. Prints the median, minimum and maximum
wall time of each and the ratio of the medians (the issue allows at most 1.10).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(root: Path, cache: Path, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "XDG_CACHE_HOME": str(cache)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsletter_cli", "build", "issues/076.yaml", "-o", str(out)],
                   cwd=root, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="a checkout without the tagging")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    trees = {"before": args.before.resolve(), "after": ROOT}
    times: dict[str, list[float]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, src in trees.items():
            run(src, tmp / f"cache-{name}", tmp / f"{name}.pdf")  # warm-up: fills the caches
        for _ in range(args.runs):
            for name, src in trees.items():
                times[name].append(run(src, tmp / f"cache-{name}", tmp / f"{name}.pdf"))
    for name, values in times.items():
        print(f"{name:6}  median {statistics.median(values):.3f} s  min {min(values):.3f}  max {max(values):.3f}"
              f"  ({len(values)} runs)")
    print(f"ratio after/before (medians): {statistics.median(times['after']) / statistics.median(times['before']):.3f}")


if __name__ == "__main__":
    main()
