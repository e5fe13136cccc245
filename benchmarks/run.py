#!/usr/bin/env python
"""The performance benchmark of tracker issue 6.

    python benchmarks/run.py                 # 1 warm-up + 5 timed runs of everything (a few minutes)
    python benchmarks/run.py --runs 9        # more runs
    python benchmarks/run.py --quick         # smoke check: 1 timed run, no x10 issue
    python benchmarks/run.py --json out.json # also save the numbers

Whole-process timings, each command a separate subprocess: wall time (perf_counter around the
child), CPU (user+sys) and peak RSS (from os.wait4's rusage of that child). Commands measured:

  baseline x1     benchmarks/baseline_platypus.py issues/076.yaml   (a minimal ReportLab script)
  build 076       python -m newsletter_cli build issues/076.yaml -o TMP/076.pdf (nothing changes between
                  the runs: after the warm-up every run is a hit of the build cache, buildcache.py)
  build 076, build cache off   the same with --no-build-cache: the layout caches warm, the issue laid
                  out and written again every run (and its build cache entry made anew), as a build
                  after an edit elsewhere in the issue's inputs would be, minus the parsing of the edit
  --help          python -m newsletter_cli --help
  --version       python -m newsletter_cli --version
  preview essays  python -m newsletter_cli preview --section essays issues/076.yaml
                  (run in TMP/preview, a copy of the issue whose build/ holds a fresh page map,
                  so it writes TMP/preview/build/076-essays.pdf and never the repository's build/)
  build 076, empty caches   the same build with an emptied cache folder before every run (as the
                  first build on a new machine: hyphenation points, set paragraphs and copyfitting
                  decisions are all made again); the other builds use TMP/cache, filled by the
                  warm-up run, as an editor's second build does
  build 076 after an edit   the editor's loop: in TMP/edited, a copy of the issue, the foreword
                  gets a new sentence (numbered by the shell's process id) before every build, so
                  each build has new input: that article is parsed and set again, and the
                  copyfitting decisions of the other articles are reused
  baseline x10    the baseline on the x10 issue
  build x10       (a build cache hit after the warm-up; "build x10, build cache off" lays it out) the
                  build of a synthetic issue of ten times the content, generated into TMP
                  from 076's manifest and articles (ten copies of each section's articles,
                  titled "... (copy N)", each paragraph of copies 2..10 ending in " (N)" so that
                  the text to set is new, same section kinds, photos missing as in 076); and
                  the same with empty caches

Each command runs once as a warm-up, then --runs times; the runs are interleaved (one of each
command per round), so that load from other work on the machine hits all of them alike. Every
figure is also quoted as a ratio to the baseline of the same content measured in the same run:
on a noisy machine the ratios hold where the seconds do not.

Children run with the project's own Python and dependencies, with src/ first on PYTHONPATH (the
working tree is what is measured) and with bytecode caching on (PYTHONDONTWRITEBYTECODE is
dropped and the cache goes to TMP/pycache unless PYTHONPYCACHEPREFIX is set), as on a user's
machine; the warm-up run fills that cache.

The script also checks the x10 build (pypdf opens it, its page count is printed, its outline
holds every one of the 10x articles, each title once; it fails loudly otherwise), prints the
linearity time(x10)/time(x1), a profile of the 076 build by stage (in a fresh process:
perf_counter around newsletter_cli.build.check, layout.document.render, output.write_atomic and
the printing of the warnings; then cProfile's top functions within render) and the import time
of the CLI (python -X importtime). Plain-text report; --json PATH saves every number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MANIFEST = Path("issues/076.yaml")
BASELINE = REPO / "benchmarks" / "baseline_platypus.py"
COPIES = 10

# Tracker issue 6: the minimal ReportLab script's times on the reference machine, and the targets.
ISSUE_BASELINE = {"x1": 0.40, "x10": 2.56, "x10_rss_mib": 92.0}
TARGETS = [  # (key, what, bench, metric, absolute limit, the issue's baseline it is compared with)
    ("build_x1", "build 076, wall", "build_x1", "wall", 0.30, ISSUE_BASELINE["x1"]),
    ("build_x1_nocache", "build 076 cache off, wall", "build_x1_nocache", "wall", 0.30, ISSUE_BASELINE["x1"]),
    ("build_x10", "build x10, wall", "build_x10", "wall", 2.0, ISSUE_BASELINE["x10"]),
    ("build_x10_nocache", "build x10 cache off, wall", "build_x10_nocache", "wall", 2.0, ISSUE_BASELINE["x10"]),
    ("build_x10_rss", "build x10, peak RSS MiB", "build_x10", "rss_mib", 150.0, ISSUE_BASELINE["x10_rss_mib"]),
    ("help", "--help, wall", "help", "wall", 0.15, ISSUE_BASELINE["x1"]),
    ("version", "--version, wall", "version", "wall", 0.15, ISSUE_BASELINE["x1"]),
]
LINEARITY_TARGET = 11.0
WATCH_LIMIT = 0.1  # s: a rebuild inside preview --watch (issue 6), timed in-process


class BenchError(SystemExit):
    """A failed check or command: the benchmark stops with a message (exit 1)."""

    def __init__(self, message: str):
        super().__init__(f"\nBENCHMARK FAILED: {message}")


# --- the machine ----------------------------------------------------------------------------------

def machine_info() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    info = {"nproc": usable, "cpu_count": os.cpu_count(), "cpu_model": model or "unknown",
            "python": sys.version.split()[0], "python_executable": sys.executable,
            "platform": platform.platform(), "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "loadavg_start": _loadavg()}
    try:
        import reportlab
        info["reportlab"] = reportlab.Version
    except ImportError:
        pass
    info["git"] = _git("rev-parse", "--short", "HEAD")
    dirty = _git("status", "--porcelain", "--", "src")
    info["src_dirty"] = bool(dirty) if dirty is not None else None
    return info


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# --- the synthetic x10 issue ---------------------------------------------------------------------

def split_front_matter(text: str) -> tuple[str, str]:
    if not text.startswith("---\n"):
        raise BenchError("an article of 076 has no front matter")
    end = text.index("\n---", 4)
    return text[4:end + 1], text[end + 1:]


def retitle(text: str, suffix: str) -> tuple[str, str]:
    """The article text with ` (copy N)` added to its title; and the new title."""
    import yaml

    front, rest = split_front_matter(text)
    meta = yaml.safe_load(front) or {}
    title = f"{meta['title']}{suffix}"
    line = re.search(r"(?m)^title:[^\n]*$", front)
    if line and yaml.safe_load(line.group(0)) == {"title": meta["title"]}:
        front = front[:line.start()] + "title: " + json.dumps(title, ensure_ascii=False) + front[line.end():]
    else:  # a title over several lines: write the front matter again
        meta["title"] = title
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return "---\n" + front + rest, title


@dataclass
class Content:
    manifest: Path                     # the manifest (for x1, relative to the repository)
    articles: list[tuple[str, str]]    # (section title, article title), in reading order
    words: int
    sections: list[tuple[str, str]]    # (kind, title)


def describe(manifest: Path) -> Content:
    """The sections, article titles and body words of an issue (file articles and inline ones)."""
    import yaml

    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    articles, words = [], 0
    for section in data["sections"]:
        for entry in section["articles"]:
            if isinstance(entry, dict) and "file" not in entry:
                articles.append((section["title"], entry["title"]))
                words += len(str(entry.get("body", "")).split())
                continue
            file = entry if isinstance(entry, str) else entry["file"]
            front, body = split_front_matter((manifest.parent / file).read_text(encoding="utf-8"))
            articles.append((section["title"], yaml.safe_load(front)["title"]))
            words += len(body.split())
    return Content(manifest, articles, words, [(s["kind"], s["title"]) for s in data["sections"]])


PARAGRAPH = re.compile(r"(?m)^(?![#!|>:\-*+\d])(?=\S)(.+?)$(?=\n\n|\n?\Z)")


def mark_paragraphs(text: str, n: int) -> str:
    """Each body paragraph with " (N)" at its end: ten copies are ten times the text to set,
    not the same paragraphs again (which the layout would set once and reuse)."""
    front, body = split_front_matter(text)
    return "---\n" + front + PARAGRAPH.sub(lambda m: f"{m.group(1)} ({n})", body)


def make_x10(source: Path, target_dir: Path, copies: int = COPIES) -> Path:
    """Issue 076 with every section's articles copied `copies` times; returns the new manifest.

    Copy N of an article is `<name>-copyNN.md` titled "<title> (copy N)", each of its body
    paragraphs ending in " (N)" from copy 2 on; the copies of a section come in rounds (all its articles, then all of them again). The manifest keeps
    the file name 076.yaml (its number must agree with it), the section kinds and titles.
    Photos are not copied: they are missing in 076 too, and drawn as placeholders.
    """
    import yaml

    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    folder_name = source.stem
    out_dir = target_dir / folder_name
    out_dir.mkdir(parents=True)
    for section in data["sections"]:
        new_entries = []
        for n in range(1, copies + 1):
            suffix = f" (copy {n})"
            for entry in section["articles"]:
                if isinstance(entry, dict) and "file" not in entry:  # an inline article
                    new_entries.append({**entry, "title": f"{entry['title']}{suffix}"})
                    continue
                file = entry if isinstance(entry, str) else entry["file"]
                src = source.parent / file
                text, _ = retitle(src.read_text(encoding="utf-8"), suffix)
                if n > 1:
                    text = mark_paragraphs(text, n)
                name = f"{src.stem}-copy{n:02d}{src.suffix}"
                (out_dir / name).write_text(text, encoding="utf-8")
                ref = f"{folder_name}/{name}"
                new_entries.append(ref if isinstance(entry, str) else {**entry, "file": ref})
        section["articles"] = new_entries
    manifest = target_dir / source.name
    header = f"# Synthetic issue for benchmarks/run.py: {source} with x{copies} the articles.\n"
    manifest.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000),
                        encoding="utf-8")
    return manifest


# --- running and measuring children ---------------------------------------------------------------

@dataclass
class Bench:
    key: str
    label: str
    argv: list[str]
    cwd: Path
    content: str | None          # "x1" / "x10": the baseline it is compared with
    output: Path | None = None   # a file the command must write
    runs: list[dict] = field(default_factory=list)
    warmup: dict | None = None

    def stats(self) -> dict:
        out = {}
        for metric in ("wall", "cpu", "rss_mib"):
            values = [r[metric] for r in self.runs]
            out[metric] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
        return out


def child_env(tmp: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(tmp / "pycache"))
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop("PYTHONSTARTUP", None)
    env["XDG_CACHE_HOME"] = str(tmp / "cache")  # the tool's caches, filled by the warm-up run
    return env


def run_child(argv: list[str], cwd: Path, env: dict, log_dir: Path, name: str) -> dict:
    """One whole-process run: wall (perf_counter), CPU user+sys and peak RSS (wait4 rusage)."""
    out_path, err_path = log_dir / f"{name}.out", log_dir / f"{name}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss_kib = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "user": usage.ru_utime, "sys": usage.ru_stime,
            "rss_mib": rss_kib / 1024, "returncode": proc.returncode,
            "stdout": out_path.read_text(encoding="utf-8", errors="replace"),
            "stderr": err_path.read_text(encoding="utf-8", errors="replace")}


def measure(bench: Bench, env: dict, log_dir: Path, tag: str) -> dict:
    if bench.output is not None and bench.output.exists():
        bench.output.unlink()
    result = run_child(bench.argv, bench.cwd, env, log_dir, f"{bench.key}-{tag}")
    if result["returncode"] != 0:
        raise BenchError(f"{bench.label} exited {result['returncode']}\n  command: {' '.join(bench.argv)}\n"
                         f"  cwd: {bench.cwd}\n--- stdout ---\n{result['stdout'][-3000:]}\n"
                         f"--- stderr ---\n{result['stderr'][-3000:]}")
    if bench.output is not None and not bench.output.is_file():
        raise BenchError(f"{bench.label} did not write {bench.output}")
    return result


# --- checking the PDFs ----------------------------------------------------------------------------

def outline_entries(pdf: Path) -> tuple[int, list[tuple[int, str]]]:
    """Page count and the outline as (depth, title) pairs."""
    try:
        from pypdf import PdfReader
    except ImportError:
        raise BenchError("pypdf is needed to check the PDFs: pip install -e '.[test]'") from None
    try:
        reader = PdfReader(str(pdf))
        pages = len(reader.pages)
        entries: list[tuple[int, str]] = []

        def walk(items, depth):
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    entries.append((depth, str(item.title)))

        walk(reader.outline, 0)
    except Exception as exc:  # noqa: BLE001 - any failure to read is a failed check
        raise BenchError(f"pypdf cannot read {pdf}: {type(exc).__name__}: {exc}") from None
    return pages, entries


def check_build(pdf: Path, content: Content, label: str, expect_articles: int | None = None) -> dict:
    """The PDF opens, has pages, and its outline has each article title exactly once."""
    pages, entries = outline_entries(pdf)
    if pages < 1:
        raise BenchError(f"{label}: {pdf} has no pages")
    titles = [t for d, t in entries if d >= 1]
    article_entries = len(titles)
    expected = [t for _, t in content.articles]
    counts: dict[str, int] = {}
    for t in titles:
        counts[t] = counts.get(t, 0) + 1
    missing = [t for t in expected if counts.get(t, 0) == 0]
    doubled = sorted({t for t in expected if counts.get(t, 0) > 1})
    sections = [t for d, t in entries if d == 0]
    problems = []
    if missing:
        problems.append(f"{len(missing)} article title(s) missing from the outline, e.g. {missing[:3]}")
    if doubled:
        problems.append(f"{len(doubled)} title(s) more than once in the outline, e.g. {doubled[:3]}")
    if expect_articles is not None and article_entries != expect_articles:
        problems.append(f"the outline has {article_entries} article entries, expected {expect_articles}")
    if article_entries != len(expected):
        problems.append(f"the outline has {article_entries} article entries for {len(expected)} articles")
    if sections != [t for _, t in content.sections]:
        problems.append(f"the outline's sections are {sections}, expected {[t for _, t in content.sections]}")
    if problems:
        raise BenchError(f"{label}: {pdf} is not correct:\n  " + "\n  ".join(problems))
    return {"pdf": str(pdf), "pages": pages, "outline_sections": len(sections), "outline_articles": article_entries,
            "titles_checked": len(expected)}


# --- the profile (a fresh child: python -c PROFILE_CHILD MANIFEST OUTPUT [--cprofile]) -----------

# Self-contained, so that the child imports nothing but what the build imports (and time, json, io).
PROFILE_CHILD = r"""
import io, json, sys, time
clock = time.perf_counter()
stages = []
def stage(name):
    global clock
    now = time.perf_counter()
    stages.append((name, now - clock))
    clock = now
from pathlib import Path
manifest, output, use_cprofile = Path(sys.argv[1]), Path(sys.argv[2]), "--cprofile" in sys.argv
import newsletter_cli.cli
stage("import newsletter_cli.cli (typer)")
# what newsletter_cli.cli.main does first, and build.build before the layout (see gcpause.py)
import os
from newsletter_cli import gcpause
gcpause.pause()
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
import newsletter_cli.build as nb
stage("import newsletter_cli.build (errors, model, theme)")
checked = nb.check(manifest)
stage("check: manifest + articles + theme (newsletter_cli.build.check)")
from newsletter_cli.layout.document import render
from newsletter_cli.pdf.write import write_atomic
stage("import newsletter_cli.layout.document (ReportLab) + output")
gcpause.resume()
profiler = None
if use_cprofile:
    import cProfile
    profiler = cProfile.Profile()
    clock = time.perf_counter()
    profiler.enable()
layout = render(checked.issue, checked.theme)
if profiler is not None:
    profiler.disable()
stage("render: layout + PDF bytes (newsletter_cli.layout.document.render)")
write_atomic(output, layout.pdf)
stage("write: newsletter_cli.pdf.write.write_atomic")
from newsletter_cli import diagnostics
diagnostics.show(list(checked.warnings), io.StringIO())
stage("print the warnings (diagnostics.show, plain text)")
result = {"stages": stages, "pages": layout.pages, "bytes": len(layout.pdf)}
gcpause.finish()  # as main() does when the command is done
if profiler is not None:
    import pstats
    st = pstats.Stats(profiler)
    rows = [{"file": f, "line": l, "func": fn, "ncalls": nc, "primitive": cc, "tottime": tt, "cumtime": ct}
            for (f, l, fn), (cc, nc, tt, ct, _) in st.stats.items()]
    rows.sort(key=lambda r: r["cumtime"], reverse=True)
    result["top_cumulative"] = rows[:15]
    result["top_tottime"] = sorted(rows, key=lambda r: r["tottime"], reverse=True)[:15]
    result["profiled_total"] = st.total_tt
print(json.dumps(result))
"""


WATCH_CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
from newsletter_cli import build
from newsletter_cli.layout import document
from newsletter_cli.preview import Previewer

# where a rebuild's time goes: the check stage, and each layout pass (copyfitting may take two)
spent = {"check": 0.0, "passes": []}
real_check, real_render = build.check, document._render
def check(*args, **kw):
    started = time.perf_counter()
    try:
        return real_check(*args, **kw)
    finally:
        spent["check"] += time.perf_counter() - started
def layout_pass(*args, **kw):
    started = time.perf_counter()
    try:
        return real_render(*args, **kw)
    finally:
        spent["passes"].append(time.perf_counter() - started)
build.check, document._render = check, layout_pass

manifest, rounds = Path(sys.argv[1]), int(sys.argv[2])
edits = {"foreword": "00-", "essays": "04-", "reports": "10-"}  # the file edited, by its name's start
out = {}
for section, prefix in edits.items():
    previewer = Previewer(manifest, section, None)
    previewer.run()  # what `preview --watch` does first; the rebuilds are timed after a save each
    source = next(manifest.parent.joinpath(manifest.stem).glob(prefix + "*.md"))
    original = source.read_text(encoding="utf-8")
    times, checks, passes, pass_times = [], [], [], []
    for n in range(rounds):
        source.write_text(original + f"\n\nA sentence added by the benchmark, number {n}.\n", encoding="utf-8")
        spent["check"], spent["passes"] = 0.0, []
        started = time.perf_counter()
        previewer.run()
        times.append(time.perf_counter() - started)
        checks.append(spent["check"])
        passes.append(len(spent["passes"]))
        pass_times += spent["passes"]
    source.write_text(original, encoding="utf-8")
    out[section] = {"median": statistics.median(times), "min": min(times), "max": max(times),
                    "check": statistics.median(checks), "passes": statistics.median(passes),
                    "pass": statistics.median(pass_times)}
print(json.dumps(out))
"""


def run_watch(env: dict, manifest: Path, cwd: Path, log_dir: Path, rounds: int) -> dict:
    """The rebuild inside `preview --watch`: one process keeps a previewer, an article is saved with a
    new sentence, the section is previewed again; medians per section (the watcher's own wait for
    the file event is not counted)."""
    run = run_child([sys.executable, "-c", WATCH_CHILD, str(manifest), str(rounds)], cwd, env, log_dir, "watch")
    if run["returncode"] != 0:
        raise BenchError(f"the watch rebuild run failed ({run['returncode']}):\n{run['stderr'][-3000:]}")
    return json.loads(run["stdout"].strip().splitlines()[-1])


def run_profile(env: dict, tmp: Path, manifest: Path, use_cprofile: bool, repeats: int = 1) -> dict:
    """The stages of the 076 build in fresh processes (the run with the median sum of stages), with the
    wall time of that whole child process; with `use_cprofile`, the top functions within render."""
    samples = []
    for n in range(repeats):
        argv = [sys.executable, "-c", PROFILE_CHILD, str(manifest), str(tmp / f"profile-{n}.pdf")]
        if use_cprofile:
            argv.append("--cprofile")
        run = run_child(argv, REPO, env, tmp / "logs", f"profile-{'cprofile' if use_cprofile else 'stages'}-{n}")
        if run["returncode"] != 0:
            raise BenchError(f"the profile run failed ({run['returncode']}):\n{run['stderr'][-3000:]}")
        result = json.loads(run["stdout"].strip().splitlines()[-1])
        result["process_wall"], result["process_cpu"] = run["wall"], run["cpu"]
        for key in ("top_cumulative", "top_tottime"):
            for row in result.get(key, []):
                row["function"] = _short(row.pop("file"), row.pop("line"), row.pop("func"))
        samples.append(result)
    samples.sort(key=lambda r: sum(t for _, t in r["stages"]))
    chosen = samples[len(samples) // 2]
    chosen["repeats"] = repeats
    chosen["sums_s"] = [sum(t for _, t in r["stages"]) for r in samples]
    return chosen


def _short(file: str, line: int, func: str) -> str:
    if file == "~":
        return func  # a built-in
    path = file.replace("\\", "/")
    for marker in ("/site-packages/", "/src/", "/lib/python"):
        if marker in path:
            path = path.split(marker, 1)[1]
            if marker == "/lib/python":
                path = path.split("/", 1)[-1]
            break
    return f"{path}:{line}({func})"


def import_time(env: dict, statement: str, repeats: int) -> dict:
    """`python -X importtime -c STATEMENT`: the total (sum of the self times), split into the start-up
    of the interpreter (site, encodings, .pth files) and the statement's own imports, with the heaviest
    modules imported directly by the statement's modules."""
    wanted = set(re.findall(r"[\w.]+", statement.replace("import ", " "))) - {"import"}
    samples = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", statement], cwd=REPO, env=env,
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise BenchError(f"python -X importtime -c {statement!r} failed:\n{out.stderr[-2000:]}")
        total = startup = 0
        children: list[tuple[str, int]] = []
        pending: list[tuple[str, int]] = []  # depth-1 lines come before the line of their parent
        for line in out.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            _, self_us, cum_us, name = re.split(r"[:|]", line, maxsplit=3)
            depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
            total += int(self_us)
            if depth == 0:
                if name.strip() in wanted:
                    children += pending
                else:
                    startup += int(cum_us)
                pending = []
            elif depth == 1:
                pending.append((name.strip(), int(cum_us)))
        samples.append((total, startup, sorted(children, key=lambda t: t[1], reverse=True)[:8]))
    samples.sort(key=lambda t: t[0])
    total, startup, children = samples[len(samples) // 2]
    return {"statement": statement, "total_s": total / 1e6, "startup_s": startup / 1e6,
            "own_s": (total - startup) / 1e6, "runs_s": sorted(t[0] / 1e6 for t in samples),
            "heaviest": [{"module": m, "cumulative_s": us / 1e6} for m, us in children]}


# --- the report -----------------------------------------------------------------------------------

def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.2f}"


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def report(info: dict, benches: list[Bench], extra: dict, args) -> str:
    lines: list[str] = []
    put = lines.append
    put("newsletter benchmark (tracker issue 6)")
    put(f"  date        {info['date']}")
    put(f"  machine     nproc {info['nproc']} (cpu_count {info['cpu_count']}), {info['cpu_model']}, "
        f"load average {info['loadavg_start']} -> {info.get('loadavg_end')}")
    put(f"  python      {info['python']} ({info['python_executable']}), ReportLab {info.get('reportlab', '?')}, "
        f"{info['platform']}")
    put(f"  project     git {info['git']}{' + uncommitted changes in src/' if info.get('src_dirty') else ''}")
    put(f"  runs        {args.runs} timed run(s) per command after 1 warm-up, interleaved"
        f"{'; --quick: no x10 issue' if args.quick else ''}")
    put(f"  content     x1: {extra['content']['x1']['articles']} articles, {extra['content']['x1']['words']} words"
        + (f"; x10: {extra['content']['x10']['articles']} articles, {extra['content']['x10']['words']} words "
           f"(generated in {extra['content']['x10']['manifest']})" if "x10" in extra["content"] else ""))
    put(f"  preview     {extra.get('preview_note', '')}")
    put("")
    base = {b.content: b for b in benches if b.key.startswith("baseline")}
    put("Whole-process timings: median [min-max] of the runs; ratio = median / median of the baseline of "
        "the same content")
    head = (f"  {'command':<34} {'wall s':>22} {'CPU s':>8} {'peak RSS MiB':>13}   "
            f"{'ratio wall':>10} {'ratio CPU':>9} {'ratio RSS':>9}")
    put(head)
    put("  " + "-" * (len(head) - 2))
    for b in benches:
        s = b.stats()
        w = s["wall"]
        ref = base.get(b.content)
        rs = ref.stats() if ref else None
        r = lambda m: f"{ratio(s[m]['median'], rs[m]['median']):.2f}" if rs else "-"  # noqa: E731
        wall = f"{fmt_s(w['median'])} [{fmt_s(w['min'])}-{fmt_s(w['max'])}]"
        put(f"  {b.label:<34} {wall:>22} {fmt_s(s['cpu']['median']):>8} {s['rss_mib']['median']:>13.1f}   "
            f"{r('wall'):>10} {r('cpu'):>9} {r('rss_mib'):>9}")
    put("  (--help, --version and preview essays are quoted against the x1 baseline. On a loaded machine the CPU "
        "ratio is the steadier one:")
    put("  wall time also counts the waits for a free core.)")
    put("")
    put("Output checks")
    for key, chk in extra["checks"].items():
        if key.startswith("baseline"):
            put(f"  {key:<13} {chk['pdf']}: {chk['pages']} pages")
        else:
            put(f"  {key:<13} {chk['pdf']}: opens with pypdf, {chk['pages']} pages, outline {chk['outline_sections']} "
                f"sections / {chk['outline_articles']} articles, all {chk['titles_checked']} titles present once: OK")
    put("")
    if "linearity" in extra:
        lin = extra["linearity"]
        put("Linearity: time(x10) / time(x1), medians of the builds with the build cache off")
        put(f"  newsletter build   wall {lin['newsletter_wall']:.2f}   CPU {lin['newsletter_cpu']:.2f}   "
            f"(target <= {LINEARITY_TARGET:g}: {'met' if lin['newsletter_wall'] <= LINEARITY_TARGET else 'NOT met'})")
        put(f"  baseline           wall {lin['baseline_wall']:.2f}   CPU {lin['baseline_cpu']:.2f}")
        put("")
    put("Targets of issue 6. The issue's limits are absolute seconds on its reference machine, where the "
        "baseline took")
    put(f"  {ISSUE_BASELINE['x1']} s (x1) and {ISSUE_BASELINE['x10']} s (x10); as ratios to the baseline they "
        "hold on any machine: limit / issue's baseline.")
    put(f"  {'target':<26} {'measured':>10} {'abs limit':>10} {'ratio':>7} {'(CPU)':>7} {'ratio limit':>11}  "
        "verdict (by the ratio)")
    for t in extra["targets"]:
        cpu = f"({t['cpu_ratio']:.2f})" if t["cpu_ratio"] is not None else ""
        notes = []
        if t["met_by_cpu_ratio"] is not None and t["met_by_cpu_ratio"] != t["met_by_ratio"]:
            notes.append("by the CPU ratio: " + ("met" if t["met_by_cpu_ratio"] else "not met"))
        if t["met_absolute"] != t["met_by_ratio"]:
            notes.append("absolute: " + ("met" if t["met_absolute"] else "not met"))
        put(f"  {t['what']:<26} {t['measured']:>10.3f} {t['limit']:>10.2f} {t['ratio']:>7.2f} {cpu:>7} "
            f"{t['ratio_limit']:>11.2f}  {'met' if t['met_by_ratio'] else 'NOT met'}"
            + (f" ({'; '.join(notes)})" if notes else ""))
    for section, w in extra["watch"].items():
        verdict = "met" if w["median"] <= WATCH_LIMIT else "NOT met"
        put(f"  {'watch rebuild, ' + section:<26} {w['median']:>10.3f} {WATCH_LIMIT:>10.2f} "
            f"{'':>7} {'':>7} {'':>11}  {verdict} (absolute; min {w['min']:.3f}, max {w['max']:.3f})")
    put("  watch rebuilds by stage (medians): " + "; ".join(
        f"{section}: check {w['check']:.3f} s + {w['passes']:g} layout pass(es) of {w['pass']:.3f} s"
        for section, w in extra["watch"].items()))
    put("")
    prof = extra["profile"]
    put(f"Profile of the 076 build by stage (perf_counter in a fresh process, no profiler; the median of "
        f"{prof['repeats']} process(es))")
    total = sum(t for _, t in prof["stages"])
    whole = prof["process_wall"]
    for name, t in prof["stages"]:
        put(f"  {t:7.3f} s  {100 * t / whole:5.1f}%  {name}")
    put(f"  {whole - total:7.3f} s  {100 * (whole - total) / whole:5.1f}%  the rest: interpreter start-up and exit")
    put(f"  {whole:7.3f} s  100.0%  that whole process, wall ({prof['pages']} pages, {prof['bytes'] / 1024:.0f} KiB "
        f"written; sums of the stages in the runs: {', '.join(f'{x:.3f}' for x in prof['sums_s'])} s)")
    put("")
    cp = extra["cprofile"]
    put(f"Top 15 functions by cumulative time within render (cProfile, fresh process; profiled total "
        f"{cp['profiled_total']:.3f} s with profiler overhead)")
    put(f"  {'ncalls':>9} {'tottime':>8} {'cumtime':>8}  function")
    for row in cp["top_cumulative"]:
        calls = f"{row['ncalls']}" if row["ncalls"] == row["primitive"] else f"{row['ncalls']}/{row['primitive']}"
        put(f"  {calls:>9} {row['tottime']:8.3f} {row['cumtime']:8.3f}  {row['function']}")
    put("")
    put("  and by own time (tottime), top 10:")
    for row in cp["top_tottime"][:10]:
        put(f"  {row['ncalls']:>9} {row['tottime']:8.3f} {row['cumtime']:8.3f}  {row['function']}")
    put("")
    put("Import time (python -X importtime, the median run; total = sum of the self times = interpreter "
        "start-up + the statement)")
    for imp in extra["imports"]:
        put(f"  total {imp['total_s']:.3f} s = start-up {imp['startup_s']:.3f} s + {imp['own_s']:.3f} s for: "
            f"{imp['statement']}")
        put("      heaviest direct imports (cumulative s): " + ", ".join(
            f"{m['module']} {m['cumulative_s']:.3f}" for m in imp["heaviest"][:6]))
    return "\n".join(lines)


# --- main -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=None, help="timed runs per command (default 5; 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="smoke check: 1 run, no x10 issue")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also save every number as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (PDFs, logs)")
    args = parser.parse_args(argv)
    args.runs = args.runs if args.runs is not None else (1 if args.quick else 5)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.json:
        args.json = args.json.resolve()
    os.chdir(REPO)

    info = machine_info()
    tmp = Path(tempfile.mkdtemp(prefix="newsletter-bench-"))
    print(f"benchmark: temporary folder {tmp}", file=sys.stderr)
    try:
        return _run(args, info, tmp)
    finally:
        if args.keep:
            print(f"benchmark: kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _run(args, info: dict, tmp: Path) -> int:
    env = child_env(tmp)
    logs = tmp / "logs"
    logs.mkdir()
    py = sys.executable
    cli = [py, "-m", "newsletter_cli"]

    def cold(folder: Path) -> list[str]:
        """The CLI with an emptied cache folder, every run: a first build on a fresh machine (the
        hyphenation, paragraph and copyfitting caches are made again; sh's exec keeps one process)."""
        return ["sh", "-c", 'rm -rf "$0" && XDG_CACHE_HOME="$0" exec "$@"', str(folder)] + cli
    content = {"x1": describe(MANIFEST)}
    extra: dict = {"content": {}, "checks": {}}

    # the preview runs in a copy of the issue, with a fresh page map in its own build/
    preview_dir = tmp / "preview"
    (preview_dir / "issues").mkdir(parents=True)
    shutil.copy2(MANIFEST, preview_dir / "issues" / MANIFEST.name)
    shutil.copytree(MANIFEST.parent / MANIFEST.stem, preview_dir / "issues" / MANIFEST.stem)
    prime = run_child(cli + ["build", str(MANIFEST)], preview_dir, env, logs, "preview-prime")
    if prime["returncode"] != 0 or not (preview_dir / "build" / f"{MANIFEST.stem}.pagemap.json").is_file():
        raise BenchError(f"could not build the page map for the preview in {preview_dir}:\n{prime['stderr'][-2000:]}")

    # the editor's loop: a copy of the issue whose foreword gets a new sentence before every build
    edited_dir = tmp / "edited"
    (edited_dir / "issues").mkdir(parents=True)
    shutil.copy2(MANIFEST, edited_dir / "issues" / MANIFEST.name)
    shutil.copytree(MANIFEST.parent / MANIFEST.stem, edited_dir / "issues" / MANIFEST.stem)
    foreword = next((edited_dir / "issues" / MANIFEST.stem).glob("00-*.md"))
    edit = ["sh", "-c", 'printf "\\n\\nA sentence added by the benchmark, run %s.\\n" "$$" >> "$0" && exec "$@"',
            str(foreword)] + cli

    benches = [
        Bench("baseline_x1", "baseline x1 (platypus script)", [py, str(BASELINE), str(MANIFEST), "-o",
              str(tmp / "baseline-076.pdf")], REPO, "x1", tmp / "baseline-076.pdf"),
        Bench("build_x1", "build 076", cli + ["build", str(MANIFEST), "-o", str(tmp / "076.pdf")], REPO, "x1",
              tmp / "076.pdf"),
        Bench("build_x1_nocache", "build 076, build cache off", cli + ["build", str(MANIFEST), "-o",
              str(tmp / "076-nocache.pdf"), "--no-build-cache"], REPO, "x1", tmp / "076-nocache.pdf"),
        Bench("build_x1_cold", "build 076, empty caches", cold(tmp / "cold-x1") + ["build", str(MANIFEST), "-o",
              str(tmp / "076-cold.pdf")], REPO, "x1", tmp / "076-cold.pdf"),
        Bench("build_x1_edited", "build 076 after an edit", edit + ["build", str(MANIFEST), "-o",
              str(tmp / "076-edited.pdf")], edited_dir, "x1", tmp / "076-edited.pdf"),
        Bench("help", "--help", cli + ["--help"], REPO, "x1"),
        Bench("version", "--version", cli + ["--version"], REPO, "x1"),
        Bench("preview", "preview --section essays", cli + ["preview", "--section", "essays", str(MANIFEST)],
              preview_dir, "x1", preview_dir / "build" / f"{MANIFEST.stem}-essays.pdf"),
    ]
    if not args.quick:
        x10_manifest = make_x10(REPO / MANIFEST, tmp / "x10" / "issues")
        content["x10"] = describe(x10_manifest)
        benches += [
            Bench("baseline_x10", "baseline x10 (platypus script)", [py, str(BASELINE), str(x10_manifest), "-o",
                  str(tmp / "baseline-x10.pdf")], REPO, "x10", tmp / "baseline-x10.pdf"),
            Bench("build_x10", "build x10", cli + ["build", str(x10_manifest), "-o", str(tmp / "x10.pdf")], REPO,
                  "x10", tmp / "x10.pdf"),
            Bench("build_x10_nocache", "build x10, build cache off", cli + [
                  "build", str(x10_manifest), "-o", str(tmp / "x10-nocache.pdf"), "--no-build-cache"], REPO, "x10",
                  tmp / "x10-nocache.pdf"),
            Bench("build_x10_cold", "build x10, empty caches", cold(tmp / "cold-x10") + [
                  "build", str(x10_manifest), "-o", str(tmp / "x10-cold.pdf")], REPO, "x10", tmp / "x10-cold.pdf"),
        ]
    for key, c in content.items():
        extra["content"][key] = {"manifest": str(c.manifest), "articles": len(c.articles), "words": c.words,
                                 "sections": [k for k, _ in c.sections]}

    total_runs = len(benches) * (args.runs + 1)
    done = 0
    for round_no in range(args.runs + 1):
        tag = "warmup" if round_no == 0 else f"run{round_no}"
        for b in benches:
            done += 1
            print(f"benchmark: [{done}/{total_runs}] {tag} {b.label}", file=sys.stderr, flush=True)
            result = measure(b, env, logs, tag)
            if round_no == 0:
                b.warmup = result
            else:
                b.runs.append(result)

    # the outputs of the last run
    n076 = len(content["x1"].articles)
    extra["checks"]["build 076"] = check_build(tmp / "076.pdf", content["x1"], "build 076", n076)
    extra["checks"]["baseline x1"] = {"pdf": str(tmp / "baseline-076.pdf"),
                                      "pages": outline_entries(tmp / "baseline-076.pdf")[0]}
    if not args.quick:
        extra["checks"]["build x10"] = check_build(tmp / "x10.pdf", content["x10"], "build x10", COPIES * n076)
        extra["checks"]["baseline x10"] = {"pdf": str(tmp / "baseline-x10.pdf"),
                                           "pages": outline_entries(tmp / "baseline-x10.pdf")[0]}
    preview = next(b for b in benches if b.key == "preview")
    said = preview.warmup["stdout"].splitlines()
    extra["preview_note"] = (f"runs in {preview.cwd} (a copy of the issue, page map built first); "
                             f"it says: {said[0].strip() if said else ''}")

    st = {b.key: b.stats() for b in benches}
    if not args.quick:
        extra["linearity"] = {
            "newsletter_wall": ratio(st["build_x10_nocache"]["wall"]["median"],
                                     st["build_x1_nocache"]["wall"]["median"]),
            "newsletter_cpu": ratio(st["build_x10_nocache"]["cpu"]["median"], st["build_x1_nocache"]["cpu"]["median"]),
            "baseline_wall": ratio(st["baseline_x10"]["wall"]["median"], st["baseline_x1"]["wall"]["median"]),
            "baseline_cpu": ratio(st["baseline_x10"]["cpu"]["median"], st["baseline_x1"]["cpu"]["median"]),
            "target": LINEARITY_TARGET}
    extra["targets"] = []
    for key, what, bench, metric, limit, issue_base in TARGETS:
        if bench not in st:
            continue
        content_key = next(b.content for b in benches if b.key == bench)
        measured = st[bench][metric]["median"]
        base_measured = st[f"baseline_{content_key}"][metric]["median"]
        r, r_limit = ratio(measured, base_measured), limit / issue_base
        cpu_ratio = (ratio(st[bench]["cpu"]["median"], st[f"baseline_{content_key}"]["cpu"]["median"])
                     if metric == "wall" else None)
        extra["targets"].append({"key": key, "what": what, "measured": measured, "limit": limit, "ratio": r,
                                 "ratio_limit": r_limit, "met_by_ratio": r <= r_limit,
                                 "met_absolute": measured <= limit, "cpu_ratio": cpu_ratio,
                                 "met_by_cpu_ratio": None if cpu_ratio is None else cpu_ratio <= r_limit})

    print("benchmark: timing rebuilds inside preview --watch", file=sys.stderr, flush=True)
    extra["watch"] = run_watch(env, Path("issues") / MANIFEST.name, preview_dir, logs, 3 if args.quick else 9)
    print("benchmark: profiling the 076 build and the imports", file=sys.stderr, flush=True)
    repeats = 1 if args.quick else 3
    extra["profile"] = run_profile(env, tmp, REPO / MANIFEST, use_cprofile=False, repeats=repeats)
    extra["cprofile"] = run_profile(env, tmp, REPO / MANIFEST, use_cprofile=True)
    extra["imports"] = [
        import_time(env, "import newsletter_cli.cli", repeats),
        import_time(env, "import newsletter_cli.cli, newsletter_cli.build, newsletter_cli.source.manifest, "
                         "newsletter_cli.checks, newsletter_cli.layout.document, newsletter_cli.pdf.write", repeats),
    ]
    info["loadavg_end"] = _loadavg()

    text = report(info, benches, extra, args)
    print(text)
    if args.json:
        data = {"machine": info, "runs": args.runs, "quick": args.quick,
                "benchmarks": {b.key: {"label": b.label, "command": b.argv, "cwd": str(b.cwd), "content": b.content,
                                       "stats": b.stats(),
                                       "runs": [{k: r[k] for k in ("wall", "cpu", "user", "sys", "rss_mib")}
                                                for r in b.runs],
                                       "warmup": {k: b.warmup[k] for k in ("wall", "cpu", "rss_mib")}}
                               for b in benches},
                "ratios_to_baseline": {b.key: {m: ratio(st[b.key][m]["median"],
                                                        st[f"baseline_{b.content}"][m]["median"])
                                               for m in ("wall", "cpu", "rss_mib")} for b in benches},
                **extra}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nsaved {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
