"""Hostile and broken input: the contract of issue 3, one test per input.

Every input is built with the real CLI in a fresh interpreter (`python -m newsletter_cli build`),
over a previous good PDF at the output path. Refused input: exit 1, a clear error naming the
file (and the line where there is one), no traceback, no partial or temporary file, and the
previous PDF byte-for-byte unchanged. Legal input (markup payloads, long words, big tables,
tall images): exit 0 and a PDF that pypdf opens, showing the text literally.

The small inputs are files in tests/hostile/ (written by make_corpus.py); the big ones are
generated here. The builds run in parallel, once per session.

Covered elsewhere, also through the CLI, and not repeated here: malformed YAML, an empty file
and `!!python/object` (test_cli.test_bad_yaml_is_a_located_one_line_error, with the same corpus
files), a `javascript:` link (test_cli.test_javascript_link_fails_the_build), markup payloads in
the body and front matter (test_cli.test_reportlab_markup_payloads_are_printed_as_text; here:
in the manifest's fields, with raw `<img src=/etc/passwd>`).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from conftest import ROOT, article, make_issue, png, run_cli
from test_cli import PAYLOAD

CORPUS = Path(__file__).resolve().parent / "hostile"
PREVIOUS = b"%PDF-1.4\n% a previous good build\n" + bytes(range(256)) + b"\n%%EOF\n"
HEAD = re.compile(r"^(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: error: (?P<message>.+)$", re.M)


def _load_corpus_maker():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE_CORPUS = _load_corpus_maker()
BASE = MAKE_CORPUS.MANIFEST  # the corpus's manifest: one article, 001/01-first.md
GOOD = article("A First Article", "A paragraph of ordinary text.")


# --- the inputs --------------------------------------------------------------------------------

def manifest_file(name: str):
    """The manifest replaced by a corpus file."""
    def make(base: Path) -> Path:
        path = make_issue(base, articles={"01-first.md": GOOD})
        shutil.copyfile(CORPUS / name, path)
        return path
    return make


def manifest_text(text: str):
    def make(base: Path) -> Path:
        return make_issue(base, manifest=text, articles={"01-first.md": GOOD})
    return make


def body(text: str, front: str = "", files: dict[str, bytes] | None = None, manifest: str = BASE):
    """An issue whose one article has this body; `files` are written into the issue folder."""
    def make(base: Path) -> Path:
        path = make_issue(base, manifest=manifest, articles={"01-first.md": article("A First Article", text, front)})
        for name, data in (files or {}).items():
            target = base / "001" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return path
    return make


def figure(src: str, files: dict[str, bytes] | None = None):
    return body(f"Intro.\n\n![A photo]({src})", files=files)


def corpus_image(name: str, as_name: str):
    return figure(f"photos/{as_name}", {f"photos/{as_name}": (CORPUS / name).read_bytes()})


def symlinked_image(base: Path) -> Path:
    path = body("Intro.\n\n![A photo](photos/outside.png)")(base)
    secret = base.parent / f"{base.name}-secret.png"
    secret.write_bytes(png(20, 20))
    (base / "001" / "photos").mkdir(parents=True)
    (base / "001" / "photos" / "outside.png").symlink_to(secret)
    return path


def custom_theme(font_bytes: bytes):
    """A theme beside the manifest whose italic serif is `font_bytes`; the rest link to the shipped fonts."""
    def make(base: Path) -> Path:
        path = make_issue(base, manifest=BASE + "theme: brand.yaml\n", articles={"01-first.md": GOOD})
        fonts = base / "fonts"
        fonts.mkdir()
        for font in (ROOT / "assets" / "fonts").glob("*.ttf"):
            (fonts / font.name).symlink_to(font)
        (fonts / "Broken.ttf").write_bytes(font_bytes)
        (base / "brand").mkdir()
        (base / "brand" / "mark.svg").symlink_to(ROOT / "assets" / "brand" / "mark.svg")
        theme = (ROOT / "assets" / "themes" / "rocb.yaml").read_text(encoding="utf-8")
        (base / "brand.yaml").write_text(theme.replace("fonts/SourceSerifPro-It.ttf", "fonts/Broken.ttf"),
                                         encoding="utf-8")
        return path
    return make


def corrupt_font() -> bytes:
    """The shipped font with its table directory kept and every table overwritten with noise."""
    import random

    data = bytearray((ROOT / "assets" / "fonts" / "SourceSerifPro-Regular.ttf").read_bytes())
    rng = random.Random(3)
    start = 12 + 16 * struct.unpack(">H", bytes(data[4:6]))[0]
    data[start:] = bytes(rng.randrange(256) for _ in range(len(data) - start))
    return bytes(data)


def fifty_megabytes(base: Path) -> Path:
    path = make_issue(base, manifest=BASE, articles={"01-first.md": GOOD})
    with open(base / "001" / "01-first.md", "ab") as handle:
        line = b"All work and no play makes a very long article. " * 20 + b"\n\n"
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    return path


def table(columns: int, rows: int, cell: str = "x") -> str:
    head = "|" + "|".join(f"c{i}" for i in range(columns)) + "|\n|" + "---|" * columns + "\n"
    return head + "".join("|" + "|".join(f"{cell}{r}" for _ in range(columns)) + "|\n" for r in range(rows))


@dataclass
class Case:
    make: Callable[[Path], Path]
    ok: bool = False
    file: str | None = None  # the file the first error names
    line: int | None = None  # and its line
    words: str = ""  # words in the first error
    pdf_has: list[str] = field(default_factory=list)  # legal input: text the PDF shows


CASES: dict[str, Case] = {
    # the manifest
    "binary garbage": Case(manifest_file("garbage.yaml"), file="001.yaml", line=1, words="not valid UTF-8"),
    "UTF-16": Case(manifest_file("utf16.yaml"), file="001.yaml", line=1, words="UTF-16"),
    "Latin-1": Case(manifest_file("latin1.yaml"), file="001.yaml", line=3, words="not valid UTF-8 (byte 0xfc)"),
    "NUL byte": Case(manifest_file("nul.yaml"), file="001.yaml", line=6, words="NUL byte"),
    "DEL character in the manifest": Case(manifest_text(BASE + 'tagline: "a \x7f b"\n'), file="001.yaml",
                                          words="control character U+007F"),
    "escape character in front matter": Case(body("Text.", front='subtitle: "x \x1b y"\n'),
                                             file="001/01-first.md", line=3, words="control character U+001B"),
    "billion laughs": Case(manifest_file("laughs.yaml"), file="001.yaml", line=12, words="anchors"),
    "10,000-level nesting": Case(manifest_text(BASE + "tagline: " + "[" * 10_000 + "]" * 10_000 + "\n"),
                                 file="001.yaml", line=12, words="nesting deeper than 64 levels"),
    "10,000-level block nesting": Case(manifest_text(BASE + "keywords:\n" + "- " * 10_000 + "x\n"),
                                       file="001.yaml", line=13, words="nesting deeper than 64 levels"),
    "duplicate keys": Case(manifest_file("duplicate-keys.yaml"), file="001.yaml", line=12,
                           words="duplicate key 'period' (first given on line 3)"),
    "top-level list": Case(manifest_file("top-level-list.yaml"), file="001.yaml", line=1,
                           words="manifest must be a mapping of keys"),
    "multi-document": Case(manifest_file("multi-document.yaml"), file="001.yaml", line=12,
                           words="more than one YAML document"),
    "front matter bomb": Case(body("Text.", front="a: &a [x, x]\nb: [*a, *a]\n"), file="001/01-first.md", line=3,
                              words="anchors"),
    # ReportLab markup: printed as typed, in the manifest, the front matter and the body
    "markup payloads": Case(body(
        "Payload: " + PAYLOAD + "\n\nUnbalanced <b>bold & <i>italic; 1 < 2 && 3 > 2.\n\n"
        "Raw <img src=/etc/passwd> and <img src=\"../../../../etc/passwd\"/>.",
        front='dateline: "<font color=red>9 May</font> & <br/>"\n',
        manifest=BASE.replace("title: Features", 'title: "<b>Features & <font size=99>more"').replace(
            "period: Spring 2024", "period: \"Spring <a href='javascript:alert(1)'>2024\"")),
        ok=True, pdf_has=["Unbalanced <b>bold & <i>italic; 1 < 2 && 3 > 2.", "Raw <img src=/etc/passwd> and",
                          "<font color=red>9 May</font> & <br/>", "<b>Features & <font size=99>more",
                          "Spring <a href='javascript:alert(1)'>2024"]),
    # links
    "file: link": Case(body("See\n[the passwords](file:///etc/passwd)."), file="001/01-first.md", line=6,
                       words="link 'file:///etc/passwd' is not allowed"),
    "link to nowhere": Case(body("See [above](#nowhere)."), file="001/01-first.md", line=5,
                            words="link '#nowhere' leads nowhere"),
    # image paths
    "absolute image path": Case(figure("/etc/passwd"), file="001/01-first.md", line=7, words="is absolute"),
    "image path with ..": Case(figure("../../secret.png"), file="001/01-first.md", line=7, words="goes up with '..'"),
    "image symlink outside": Case(symlinked_image, file="001/01-first.md", line=7,
                                  words="leads outside the issue folder"),
    # a picture on the web, as newsletters are published: never fetched, a placeholder is drawn
    "http image URL": Case(figure("http://example.com/photo.png"), ok=True, pdf_has=["PHOTO NOT SUPPLIED"]),
    "https image URL": Case(figure("https://example.com/photo.png"), ok=True, pdf_has=["PHOTO NOT SUPPLIED"]),
    # image files
    "30000x30000 PNG": Case(corpus_image("bomb.png", "bomb.png"), file="001/01-first.md", line=7,
                            words="decompression bomb"),
    "truncated PNG": Case(corpus_image("truncated.png", "cut.png"), file="001/01-first.md", line=7,
                          words="is corrupt or truncated"),
    "truncated JPEG": Case(corpus_image("truncated.jpg", "cut.jpg"), file="001/01-first.md", line=7,
                           words="is corrupt or truncated"),
    "text file named .png": Case(corpus_image("text.png", "text.png"), file="001/01-first.md", line=7,
                                 words="is not a PNG or JPEG image"),
    # fonts of a custom theme
    "corrupt font": Case(custom_theme(corrupt_font()), file="brand.yaml", line=9, words="font 'fonts/Broken.ttf'"),
    "CFF font renamed .ttf": Case(custom_theme((CORPUS / "cff-renamed.ttf").read_bytes()), file="brand.yaml",
                                  line=9, words="is an OpenType/CFF font"),
    # big things that lay out
    "10,000-character word": Case(body("Before " + "x" * 10_000 + " after."), ok=True, pdf_has=["Before", "after."]),
    "40-column table": Case(body("Intro.\n\n" + table(40, 3)), file="001/01-first.md", line=7,
                            words="table has 40 columns; at most 12 fit"),
    "500-row table": Case(body("Intro.\n\n" + table(3, 500, "row")), ok=True, pdf_has=["row0", "row499"]),
    "image taller than a page": Case(figure("photos/tall.png", {"photos/tall.png": png(60, 3000)}), ok=True,
                                     pdf_has=["A photo"]),
    # valid text is never refused: the row splits between the lines of its cells (issue 12)
    "table cell taller than a page": Case(body("Intro.\n\n| a | b |\n|---|---|\n| " + "word " * 2999 + "last | x |"),
                                          ok=True, pdf_has=["Intro.", "word word", "last"]),
    "50 MB article": Case(fifty_megabytes, file="001/01-first.md", words="the limit is 1,000,000 bytes"),
}


@dataclass
class Run:
    result: object
    out: Path
    base: Path


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Run]:
    """Every case built once, in parallel (each is its own interpreter)."""
    def one(name: str) -> Run:
        base = tmp_path_factory.mktemp(re.sub(r"\W+", "-", name).strip("-") or "case")
        manifest = CASES[name].make(base)
        out = base / "out" / "issue.pdf"
        out.parent.mkdir()
        out.write_bytes(PREVIOUS)
        result = run_cli("build", manifest.name, "--output", out, cwd=base, timeout=300)
        return Run(result, out, base)

    with ThreadPoolExecutor(max_workers=max(2, (os.cpu_count() or 2))) as pool:
        return dict(zip(CASES, pool.map(one, CASES)))


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(runs, name):
    case, run = CASES[name], runs[name]
    result = run.result
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    assert not (run.base / "PWNED").exists() and not (ROOT / "PWNED").exists()
    assert sorted(p.name for p in run.out.parent.iterdir()) == ["issue.pdf"], "temporary files left behind"
    if case.ok:
        assert result.returncode == 0, result.output
        from pypdf import PdfReader

        reader = PdfReader(str(run.out))
        assert len(reader.pages) >= 3
        text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
        text = text.replace("- ", "-").replace("‐ ", "")  # words hyphenated at line ends
        for words in case.pdf_has:  # (section titles are set in capitals in the contents)
            assert words.replace(" ", "").lower() in text.replace(" ", "").lower(), words
        assert "root:x:0:0" not in text  # <img src=/etc/passwd> is text, not a file read
        return
    assert result.returncode == 1, result.output
    assert run.out.read_bytes() == PREVIOUS
    first = HEAD.search(result.stderr)
    assert first, result.stderr
    if case.file is not None:
        assert first.group("file") == case.file, result.stderr
    if case.line is not None:
        assert first.group("line") == str(case.line), result.stderr
    assert case.words in first.group("message"), result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("build failed: ")


def test_the_corpus_is_what_make_corpus_writes():
    for name, data in MAKE_CORPUS.files().items():
        assert (CORPUS / name).read_bytes() == data, name


def test_table_cell_taller_than_a_page_is_split_not_refused(runs):
    from pypdf import PdfReader

    run = runs["table cell taller than a page"]
    text = "\n".join(page.extract_text() for page in PdfReader(str(run.out)).pages)
    assert text.count("word") == 2999 and "shrunk" not in run.result.stdout, run.result.stdout
