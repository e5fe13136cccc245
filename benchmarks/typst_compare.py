#!/usr/bin/env python
"""Typst beside `newsletter build` and the ReportLab floor, on the same content (tracker issue 16).

    python benchmarks/typst_compare.py [issues/076.yaml] [--runs 5] [--keep]

Writes the issue's text as one Typst document (cover line, contents, each section and article
with its headings, paragraphs, lists, tables and code, in the brand's fonts from assets/fonts),
then times, interleaved round by round, whole fresh processes of:

  typst      python -c "import typst; typst.compile(...)"   (typst-py, the Typst compiler in a
             wheel: `pip install typst`; with PDF tags, as newsletter's PDF is tagged)
  floor      benchmarks/baseline_platypus.py                (the minimal ReportLab script)
  build      python -m newsletter_cli build                 (caches warm: one build first)
  build, no build cache   the same with NEWSLETTER_BUILD_CACHE=off (the layout's caches still
             warm), so that the laying out itself is compared, not only a cache hit

and prints medians [min-max] and each as a ratio to the floor and to Typst of the same round.
Typst's markup is simpler than the newsletter's design (no columns, no copyfitting, no
figures): it is a reference for what a compiled typesetter spends on this much text, not the
same layout. Nothing is asserted: the numbers are to read.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from baseline_platypus import read_article  # noqa: E402  (the same reading of the articles)

FONTS = ROOT / "assets" / "fonts"
_SPECIAL = re.compile(r"([\\*_`#$@<>\[\]~/=+\-'\"])")


def esc(text: str) -> str:
    """Typst markup that prints `text` as it is."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def inline(children) -> str:
    out = []
    for tok in children or []:
        kind = tok.type
        if kind == "text":
            out.append(esc(tok.content))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append(" \\\n")
        elif kind in ("strong_open", "strong_close"):
            out.append("*")
        elif kind in ("em_open", "em_close"):
            out.append("_")
        elif kind == "code_inline":
            out.append("#raw(" + _string(tok.content) + ")")
        elif kind == "image":
            out.append("_\\[Figure: " + esc(tok.content) + "\\]_")
        elif kind not in ("link_open", "link_close"):
            out.append(esc(tok.content))
    return "".join(out)


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def markdown_typst(md: MarkdownIt, text: str) -> str:
    out: list[str] = []
    depth = 0
    row: list[str] | None = None
    rows: list[list[str]] = []
    tokens = md.parse(text)
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "heading_open":
            out.append("\n" + "=" * min(int(tok.tag[1]) + 1, 5) + " " + inline(tokens[i + 1].children) + "\n")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "table_open":
            rows = []
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open") and row is not None:
            row.append("[" + inline(tokens[i + 1].children) + "]")
        elif kind == "tr_close" and row is not None:
            rows.append(row)
            row = None
        elif kind == "table_close" and rows:
            columns = max(len(r) for r in rows)
            cells = ", ".join(c for r in rows for c in r + ["[]"] * (columns - len(r)))
            out.append(f"\n#table(columns: {columns}, {cells})\n")
        elif kind == "inline" and i and tokens[i - 1].type == "paragraph_open" and row is None:
            marker = ("  " * (depth - 1) + "- ") if depth else ""
            out.append("\n" + marker + inline(tok.children) + "\n")
        elif kind in ("fence", "code_block"):
            out.append("\n#raw(block: true, " + _string(tok.content) + ")\n")
    return "".join(out)


def issue_typst(manifest: Path) -> str:
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    md = MarkdownIt("commonmark").enable("table")
    parts = [
        '#set page(paper: "a4", margin: (x: 20mm, top: 20mm, bottom: 22mm), numbering: "1")\n'
        '#set text(font: "Source Serif Pro", size: 10.2pt, lang: "en")\n'
        '#set par(justify: true, leading: 0.6em)\n'
        '#show heading: set text(font: "Source Sans Pro")\n'
        '#set document(title: ' + _string(str(data.get("publication", ""))) + ')\n',
        "#text(size: 30pt, font: \"Source Sans Pro\", weight: \"bold\")[" + esc(str(data.get("publication", "")))
        + "]\n\n" + esc(f"No. {data.get('number', '')} · {data.get('period', '')}") + "\n#pagebreak()\n#outline()\n",
    ]
    for section in data.get("sections") or []:
        parts.append("#pagebreak()\n= " + esc(str(section.get("title") or section.get("kind", ""))) + "\n")
        for entry in section.get("articles") or []:
            path = entry if isinstance(entry, str) else (entry or {}).get("file")
            if not path:
                continue
            meta, body = read_article(manifest.parent / path)
            parts.append("\n== " + esc(str(meta.get("title", ""))) + "\n" + markdown_typst(md, body))
    return "".join(parts)


def timed(argv: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(argv)}\n{done.stdout}{done.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("manifest", nargs="?", type=Path, default=ROOT / "issues" / "076.yaml")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    try:
        import typst  # noqa: F401
    except ImportError:
        print("typst is not installed: pip install typst", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="newsletter-typst-"))
    source = tmp / "issue.typ"
    source.write_text(issue_typst(args.manifest.resolve()), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    commands = {
        "typst": [sys.executable, "-c", "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
                  "font_paths=[sys.argv[3]], ignore_system_fonts=True, pdf_tags=True)",
                  str(source), str(tmp / "typst.pdf"), str(FONTS)],
        "floor": [sys.executable, str(HERE / "baseline_platypus.py"), str(args.manifest), "-o", str(tmp / "floor.pdf")],
        "build": [sys.executable, "-m", "newsletter_cli", "build", str(args.manifest), "--output",
                  str(tmp / "build.pdf")],
    }
    no_cache = dict(env, NEWSLETTER_BUILD_CACHE="off")
    envs = {"typst": env, "floor": env, "build": env, "build, no build cache": no_cache}
    commands["build, no build cache"] = commands["build"][:-1] + [str(tmp / "build-nc.pdf")]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for name, argv in commands.items():  # warm-up: caches filled, bytecode compiled
        timed(argv, envs[name])
    for _ in range(args.runs):
        for name, argv in commands.items():
            times[name].append(timed(argv, envs[name]))
    median = {name: statistics.median(t) for name, t in times.items()}
    pages = {}
    try:
        from pypdf import PdfReader

        pages = {name: len(PdfReader(str(tmp / f)).pages) for name, f in
                 (("typst", "typst.pdf"), ("floor", "floor.pdf"), ("build", "build.pdf"))}
    except Exception:  # noqa: BLE001 - the page counts are only for the reader
        pass
    print(f"{args.manifest}: {args.runs} interleaved runs after a warm-up, whole processes, wall seconds")
    print(f"  {'command':26} {'median':>8} {'range':>15} {'/ floor':>8} {'/ typst':>8}  pages")
    for name, t in times.items():
        print(f"  {name:26} {median[name]:8.3f} {min(t):7.3f}-{max(t):<7.3f} {median[name] / median['floor']:8.2f} "
              f"{median[name] / median['typst']:8.2f}  {pages.get(name, '')}")
    if args.keep:
        print(f"  kept: {tmp}")
    else:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
