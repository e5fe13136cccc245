#!/usr/bin/env python
"""Start-up and check-stage timings: the part of a build that is not the layout.

    python benchmarks/startup.py                      # 1 warm-up + 7 interleaved runs of each command
    python benchmarks/startup.py --runs 11
    python benchmarks/startup.py --baseline 5115ee3   # the same, also for src/ as of that commit

Each command is a separate subprocess with src/ first on PYTHONPATH and bytecode caching on
(PYTHONDONTWRITEBYTECODE dropped), as on a user's machine; the warm-up fills the caches.
Reported: the median and the minimum wall time of each command (the machine is noisy: the
minimum is the steadier figure, the median the honest one) and its median CPU time (user +
system, which other load on the machine disturbs less than the wall time), then the time of
`newsletter_cli.build.check` on issues/076.yaml in a fresh process, first call and second.
With --baseline, that commit's src/ is measured in the same rounds, one run of each tree after
the other, so that load from other work on the machine hits both alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHECK_STAGE = """
import time
t0 = time.perf_counter()
from pathlib import Path
from newsletter_cli.build import check
t1 = time.perf_counter()
check(Path("issues/076.yaml"))
t2 = time.perf_counter()
check(Path("issues/076.yaml"))
t3 = time.perf_counter()
print(f"{t1 - t0:.4f} {t2 - t1:.4f} {t3 - t2:.4f}")
"""
STAGES = ("import build", "check, 1st call", "check, 2nd call")


def commands(tmp: Path) -> dict[str, list[str]]:
    cli = [sys.executable, "-m", "newsletter_cli"]
    return {
        "build 076": cli + ["build", "issues/076.yaml", "-o", str(tmp / "076.pdf")],
        "validate 076": cli + ["validate", "issues/076.yaml"],
        "--help": cli + ["--help"],
        "--version": cli + ["--version"],
        "import cli": [sys.executable, "-c", "import newsletter_cli.cli"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }


def child_env(src: Path, pycache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run(argv: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system, from the child's rusage)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # validate exits 1 on errors, but 076 has none
        raise SystemExit(f"{' '.join(argv)} failed with exit code {child.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime


def check_stage(env: dict) -> list[float]:
    out = subprocess.run([sys.executable, "-c", CHECK_STAGE], cwd=REPO, env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return [float(x) for x in out]


def export_src(rev: str, target: Path) -> Path:
    """src/ (and the assets it finds beside it) as of `rev`, unpacked into `target`."""
    data = subprocess.run(["git", "archive", rev, "src", "assets"], cwd=REPO, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(target, filter="data")
    return target / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", metavar="REV", help="also measure src/ as of this commit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nl-startup-") as name:
        tmp = Path(name)
        trees = {"now": child_env(REPO / "src", tmp / "pycache-now")}
        if args.baseline:
            trees[args.baseline] = child_env(export_src(args.baseline, tmp / "baseline"), tmp / "pycache-base")
        cmds = commands(tmp)
        times = {(tree, key): [] for tree in trees for key in list(cmds) + list(STAGES)}
        cpu = {(tree, key): [] for tree in trees for key in cmds}
        for env in trees.values():
            for argv in cmds.values():
                run(argv, env)  # warm-up: bytecode cache, font and hyphenation caches
        for _ in range(args.runs):
            for key, argv in cmds.items():
                for tree, env in trees.items():
                    wall, used = run(argv, env)
                    times[tree, key].append(wall)
                    cpu[tree, key].append(used)
            for tree, env in trees.items():
                for stage, seconds in zip(STAGES, check_stage(env)):
                    times[tree, stage].append(seconds)
        header = "".join(f" {tree + ' median':>16} {'min':>6} {'cpu':>6}" for tree in trees)
        print(f"{'seconds':<16}{header}   ({args.runs} runs; cpu: median user+sys)")
        for key in list(cmds) + list(STAGES):
            row = ""
            for tree in trees:
                used = f"{statistics.median(cpu[tree, key]):6.3f}" if (tree, key) in cpu else " " * 6
                row += f" {statistics.median(times[tree, key]):16.3f} {min(times[tree, key]):6.3f} {used}"
            print(f"{key:<16}{row}")


if __name__ == "__main__":
    main()
