#!/usr/bin/env python
"""Start-up and check-stage timings: the part of a build that is not the layout.

    python benchmarks/startup.py              # 1 warm-up + 7 interleaved runs of each command
    python benchmarks/startup.py --runs 11

Each command is a separate subprocess with src/ first on PYTHONPATH and bytecode caching on
(PYTHONDONTWRITEBYTECODE dropped), as on a user's machine; the warm-up fills the cache.
Reported: the median and the minimum wall time of each command (the machine is noisy: the
minimum is the steadier figure, the median the honest one), then the time of
`newsletter_cli.build.check` on issues/076.yaml in a fresh process, first call and second.
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


def child_env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("PYTHONPYCACHEPREFIX", str(tmp / "pycache"))
    return env


def run(argv: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # validate exits 1 on errors, but 076 has none
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr.decode()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nl-startup-") as name:
        tmp = Path(name)
        env = child_env(tmp)
        cmds = commands(tmp)
        times: dict[str, list[float]] = {key: [] for key in cmds}
        for argv in cmds.values():
            run(argv, env)  # warm-up: bytecode cache, font and hyphenation caches
        for _ in range(args.runs):
            for key, argv in cmds.items():  # interleaved: machine load hits every command alike
                times[key].append(run(argv, env))
        print(f"{'command':<16} {'median s':>9} {'min s':>7}   ({args.runs} runs)")
        for key, values in times.items():
            print(f"{key:<16} {statistics.median(values):9.3f} {min(values):7.3f}")
        rows = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, "-c", CHECK_STAGE], cwd=REPO, env=env, check=True,
                                 capture_output=True, text=True).stdout.split()
            rows.append([float(x) for x in out])
        for index, what in enumerate(("import build", "check, 1st call", "check, 2nd call")):
            values = [row[index] for row in rows]
            print(f"{what:<16} {statistics.median(values):9.3f} {min(values):7.3f}")


if __name__ == "__main__":
    main()
