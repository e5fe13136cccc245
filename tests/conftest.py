"""Shared fixtures: the repository root, the CLI as a subprocess, the issue 076 PDF built once
per session, and small throw-away issues for error tests."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ISSUE_076 = ROOT / "issues" / "076.yaml"
SEED_076 = ROOT / "tests" / "data" / "seed-076.txt"


def _shipped_assets() -> Path:
    """The assets the installed package treats as shipped: the repository's assets/ in an editable
    install, the wheel's copy after `pip install .`. Tests link and read fonts from here, so the
    same suite passes with both."""
    from newsletter_cli.paths import assets_dir

    return assets_dir()


ASSETS = _shipped_assets()


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str
    args: list[str]

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args, cwd: Path | str = ROOT, env: dict | None = None, timeout: float = 120) -> CliResult:
    """Run `python -m newsletter_cli ARGS` in a fresh interpreter and capture everything."""
    full_env = dict(os.environ)
    full_env.pop("SOURCE_DATE_EPOCH", None)
    full_env["PYTHONIOENCODING"] = "utf-8"
    full_env["COLUMNS"] = "200"  # keep Click's help and usage text on one line per item
    if env:
        full_env.update(env)
    argv = [sys.executable, "-m", "newsletter_cli", *[str(a) for a in args]]
    proc = subprocess.run(argv, cwd=str(cwd), env=full_env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout)
    return CliResult(proc.returncode, proc.stdout, proc.stderr, argv)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli():
    """The CLI runner, for tests that prefer a fixture to an import."""
    return run_cli


@dataclass
class Built:
    pdf: Path
    result: CliResult


@pytest.fixture(scope="session")
def built_076(tmp_path_factory) -> Built:
    """Issue 076 built once per session with the real CLI (cwd = repository root)."""
    out = tmp_path_factory.mktemp("build076") / "076.pdf"
    result = run_cli("build", "issues/076.yaml", "--output", out)
    assert result.returncode == 0, f"building 076 failed:\n{result.output}"
    assert out.is_file()
    return Built(out, result)


@pytest.fixture(scope="session")
def reader_076(built_076):
    from pypdf import PdfReader

    return PdfReader(str(built_076.pdf))


# --- small issues for the error tests ---------------------------------------------------------

MANIFEST = """\
publication: Test Newsletter
number: {number}
period: Spring 2024
date: 2024-04-01
publisher:
  name: Test Office
sections:
  - kind: features
    title: Features
    articles:
{articles}
"""

ARTICLE_ONE = """\
---
title: "A First Article"
dateline: "1 April 2024, Bangkok"
---

The first article of a tiny test issue. It has a paragraph and a list.

- alpha item
- beta item
"""

ARTICLE_TWO = """\
---
title: "A Second Article"
---

Second article body text.
"""


def make_issue(base: Path, *, articles: dict[str, str] | None = None, number: int = 1,
               manifest: str | None = None, name: str | None = None, extra: str = "") -> Path:
    """Write a small issue under `base`: `NNN.yaml` + `NNN/<article>.md`; return the manifest path.

    `articles` maps file names (inside the issue folder) to their text; by default two short
    articles. `manifest` replaces the generated manifest text entirely. `extra` is appended to it.
    """
    stem = name or f"{number:03d}"
    folder = base / stem
    folder.mkdir(parents=True, exist_ok=True)
    if articles is None:
        articles = {"01-first.md": ARTICLE_ONE, "02-second.md": ARTICLE_TWO}
    for file, text in articles.items():
        path = folder / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if manifest is None:
        listed = "\n".join(f"      - {stem}/{file}" for file in articles)
        manifest = MANIFEST.format(number=number, articles=listed)
    path = base / f"{stem}.yaml"
    path.write_text(manifest + extra, encoding="utf-8")
    return path


def build_article(base: Path, title: str, body: str, *options: str) -> tuple[CliResult, Path]:
    """One article (`title`, `body`) as a whole issue under `base`, built with the CLI and
    `options` (such as --strict): (the result, which must be a success, and the PDF)."""
    manifest = make_issue(base, articles={"01-a.md": article(title, body)})
    out = base / "out.pdf"
    result = run_cli("build", manifest, "--output", out, *options, cwd=base)
    assert result.returncode == 0, result.output
    return result, out


def article(title: str, body: str, front: str = "") -> str:
    """Markdown article text with front matter."""
    return f'---\ntitle: "{title}"\n{front}---\n\n{textwrap.dedent(body).strip()}\n'


@pytest.fixture
def small_issue(tmp_path) -> Path:
    return make_issue(tmp_path)


# --- visual regression tests (tests/test_visual.py) --------------------------------------------

def pytest_addoption(parser):
    parser.addoption("--update-references", action="store_true", default=False,
                     help="rewrite the reference images in tests/visual/references/ from the "
                          "current build instead of comparing with them (tests/test_visual.py)")


def png(width: int, height: int) -> bytes:
    """A small valid RGB PNG, made without Pillow."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x30\x60\x90" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
