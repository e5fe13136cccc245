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

from conftest import ASSETS, ROOT, article, make_issue, png, run_cli
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
        for font in (ASSETS / "fonts").glob("*.ttf"):
            (fonts / font.name).symlink_to(font)
        (fonts / "Broken.ttf").write_bytes(font_bytes)
        (base / "brand").mkdir()
        (base / "brand" / "mark.svg").symlink_to(ASSETS / "brand" / "mark.svg")
        theme = (ASSETS / "themes" / "rocb.yaml").read_text(encoding="utf-8")
        (base / "brand.yaml").write_text(theme.replace("fonts/SourceSerifPro-It.ttf", "fonts/Broken.ttf"),
                                         encoding="utf-8")
        return path
    return make


def corrupt_font() -> bytes:
    """The shipped font with its table directory kept and every table overwritten with noise."""
    import random

    data = bytearray((ASSETS / "fonts" / "SourceSerifPro-Regular.ttf").read_bytes())
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
        # (an <img> in text prints its alt text, here none: ReportLab never sees the path)
        ok=True, pdf_has=["Unbalanced bold & italic; 1 < 2 && 3 > 2.", "Raw and .",
                          "<font color=red>9 May</font> & <br/>", "<b>Features & <font size=99>more",
                          "Spring <a href='javascript:alert(1)'>2024"]),
    # links
    "file: link": Case(body("See\n[the passwords](file:///etc/passwd)."), file="001/01-first.md", line=6,
                       words="link 'file:///etc/passwd' is not allowed"),
    # (a warning: the words are printed, without the link, which ReportLab could not make)
    "link to nowhere": Case(body("See [above](#nowhere)."), ok=True, pdf_has=["See above."]),
    # image paths
    # an absolute path is a web site's root, looked for in the issue folder: /etc/passwd is never opened
    "absolute image path": Case(figure("/etc/passwd"), ok=True, pdf_has=["PHOTO NOT SUPPLIED"]),
    "absolute image path going up": Case(figure("/../etc/passwd"), file="001/01-first.md", line=7,
                                         words="goes up with '..'"),
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
    "40-column table": Case(body("Intro.\n\n" + table(40, 3)), ok=True, pdf_has=["Intro."]),  # set in parts
    "250-column table": Case(body("Intro.\n\n" + table(250, 3)), file="001/01-first.md", line=7,
                             words="table has 250 columns; at most 200 can be set"),
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



# --- issue 13: the input contract, closed ---------------------------------------------------------
#
# Every input below is run through the real CLI (mostly `validate`, which runs every check that
# `build` runs before the layout). The contract: exit 1 with located lines (or 0 where the input is
# legal), never exit 3 or a hang, no raw control character in the output, and every file of the
# issue unchanged.

import json  # noqa: E402
import stat  # noqa: E402

LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<message>.+)$")
SHAPES = (LOCATED, re.compile(r"^ \d+ \| "), re.compile(r"^ +\| "), re.compile(r"^  hint: "),
          re.compile(r"^\d+ error\(s\), \d+ warning\(s\)"), re.compile(r"^build failed: \d+ error\(s\)"))
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffd]")
ROCB = (ASSETS / "themes" / "rocb.yaml").read_text(encoding="utf-8")


def snapshot(base: Path) -> dict[str, bytes]:
    """Every regular file under `base` (pipes and devices are named, never read)."""
    found = {}
    for folder, _, names in os.walk(base):
        for name in names:
            path = Path(folder) / name
            mode = path.lstat().st_mode
            found[str(path.relative_to(base))] = path.read_bytes() if stat.S_ISREG(mode) else stat.S_IFMT(mode)
    return found


def held(result, before: dict, base: Path, codes=(1,)) -> None:
    """The contract of issue 13 for one run."""
    assert result.returncode in codes, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    assert not RAW_CONTROL.search(result.stdout + result.stderr), repr(result.output)
    assert snapshot(base) == before, "an input file changed"


def shaped(stderr: str) -> None:
    """Every line of the report is a located head, a source or caret line, a hint or the summary."""
    for line in stderr.splitlines():
        assert any(shape.match(line) for shape in SHAPES), repr(line)


def first_error(stderr: str):
    return next((m for m in map(LOCATED.match, stderr.splitlines()) if m and m["sev"] == "error"), None)


def brand_theme(base: Path, text: str = ROCB, font: bytes | None = None) -> None:
    """brand.yaml beside the manifest (its fonts and logo linked from the shipped assets)."""
    fonts = base / "fonts"
    fonts.mkdir(exist_ok=True)
    for path in (ASSETS / "fonts").glob("*.ttf"):
        (fonts / path.name).symlink_to(path)
    (base / "brand").mkdir(exist_ok=True)
    (base / "brand" / "mark.svg").symlink_to(ASSETS / "brand" / "mark.svg")
    (base / "brand.yaml").write_text(text, encoding="utf-8")


def issue_with(base: Path, manifest: str = BASE, front: str = "", text: str = "A paragraph of ordinary text.",
               files: dict[str, bytes] | None = None, theme: str | None = None) -> Path:
    path = make_issue(base, manifest=manifest + (f"theme: {theme}\n" if theme else ""),
                      articles={"01-first.md": article("A First Article", text, front)})
    for name, data in (files or {}).items():
        target = base / "001" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if theme == "brand.yaml":
        brand_theme(base)
    return path


def fifo(path: Path) -> None:
    if path.exists():
        path.unlink()
    os.mkfifo(path)


def _pipe_article(base):
    issue_with(base)
    fifo(base / "001" / "01-first.md")


def _pipe_theme(base):
    issue_with(base, theme="brand.yaml")
    fifo(base / "brand.yaml")


def _pipe_image(base):
    issue_with(base, text="Intro.\n\n![A photo](photos/p.png)")
    (base / "001" / "photos").mkdir()
    fifo(base / "001" / "photos" / "p.png")


def _pipe_font(base):
    issue_with(base, theme="brand.yaml")
    fifo(base / "fonts" / "Broken.ttf")
    (base / "brand.yaml").write_text(ROCB.replace("fonts/SourceSerifPro-It.ttf", "fonts/Broken.ttf"), encoding="utf-8")


def _folder_article(base):
    issue_with(base)
    (base / "001" / "01-first.md").unlink()
    (base / "001" / "01-first.md").mkdir()


def _device_article(base):
    issue_with(base)
    (base / "001" / "01-first.md").unlink()
    try:
        os.mknod(base / "001" / "01-first.md", 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # like /dev/zero
    except (PermissionError, OSError):
        pytest.skip("making a device node needs privileges")


def _theme(*changes):
    """The shipped theme with each (old, new) text replaced once."""
    text = ROCB
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)

    def make(base):
        issue_with(base, theme="brand.yaml")
        (base / "brand.yaml").write_text(text, encoding="utf-8")
    return make


def _text(manifest: str = BASE, **kwargs):
    return lambda base: issue_with(base, manifest, **kwargs)


LONG = "x" * 300
FORGED = "001.yaml:1:1: error: FORGED"
CONTRACT: dict[str, tuple] = {
    # name: (make, file of the first error, its line (or None), words of its message)
    # hangs and runaway reads: only regular files are read
    "article is a named pipe": (_pipe_article, "001.yaml", 11, "named pipe (FIFO), not a regular file"),
    "theme is a named pipe": (_pipe_theme, "001.yaml", 12, "named pipe (FIFO)"),
    "image is a named pipe": (_pipe_image, "001/01-first.md", 7, "named pipe (FIFO)"),
    "font is a named pipe": (_pipe_font, "brand.yaml", 9, "named pipe (FIFO)"),
    "article is a folder": (_folder_article, "001.yaml", 11, "is a folder"),
    "article is a device node": (_device_article, "001.yaml", 11, "is a device, not a regular file"),
    # capitalised keys: their hint, no crash
    "Tagline in the manifest": (_text(BASE + "Tagline: x\n"), "001.yaml", 12, "unknown key 'Tagline'"),
    "Subtitle in front matter": (_text(front="Subtitle: x\n"), "001/01-first.md", 3, "unknown key 'Subtitle'"),
    "a manifest of only Jsections": (lambda b: make_issue(b, manifest="Jsections:\n"), "001.yaml", 1,
                                     "unknown key 'Jsections'"),
    # names too long for the file system
    "300-character image name": (_text(text=f"Intro.\n\n![A photo]({LONG}.png)"), "001/01-first.md", 7,
                                 "has a name of 304 bytes"),
    "5,000-character image path": (_text(text="Intro.\n\n![A photo](" + "ab/" * 1667 + "x.png)"),
                                   "001/01-first.md", 7, "bytes long; the limit is 4,000"),
    "300-character article name": (lambda b: make_issue(b, manifest=BASE.replace("001/01-first.md", f"001/{LONG}.md"),
                                                        articles={"01-first.md": GOOD}), "001.yaml", 11,
                                   "has a name of 303 bytes"),
    "300-character theme name": (_text(theme=LONG), "001.yaml", 12, "is not a theme name"),
    "300-character theme file": (_text(theme=LONG + ".yaml"), "001.yaml", 12, "has a name of 305 bytes"),
    # every number of a theme finite and in range
    "theme header_offset .nan": (_theme(("header_offset: 11mm", "header_offset: .nan")), "brand.yaml", None, "outside 0..200 pt"),
    "theme margin .inf": (_theme(("top: 24mm", "top: .inf")), "brand.yaml", None, "outside 0..200 pt"),
    "theme gutter .nan": (_theme(("gutter: 6mm", "gutter: .nan")), "brand.yaml", None, "outside 0..1000 pt"),
    "theme letter_stretch .nan": (_theme(("letter_stretch: 2%", "letter_stretch: .nan")), "brand.yaml", None, "of an em"),
    "theme type size .nan": (_theme(("size: 10.2", "size: .nan")), "brand.yaml", None, "outside 4..120 pt"),
    # lone surrogates written as YAML escapes
    "surrogate in the date": (_text(BASE.replace("date: 2024-04-01", 'date: "202\\ud83d4-04-01"')), "001.yaml", 4,
                              "surrogate"),
    "surrogate in a theme colour": (_theme(('"#0E3A5B"', '"#0E3A5\\udfff"')), "brand.yaml", None, "surrogate"),
    "surrogate in the theme name": (_text(theme='"ro\\ud800cb"'), "001.yaml", 12, "surrogate"),
    # forged lines: a newline in a key, a file name, a theme name
    "newline in a key": (_text(BASE + f'"x\\n{FORGED}": 1\n'), "001.yaml", 12, "unknown key"),
    "newline in an article file name": (lambda b: make_issue(b, manifest=BASE.replace(
        "- 001/01-first.md", f'- "001/x\\n{FORGED}.md"'), articles={"01-first.md": GOOD}), "001.yaml", 11,
        "not found"),
    "newline in the theme name": (_text(theme=f'"x\\n{FORGED}"'), "001.yaml", 12, "is not a theme name"),
    "C1 control in a title": (_text(front=""), None, None, None),  # replaced below
    # accepted when it should not be
    "zero-width title": (lambda b: make_issue(b, manifest=BASE, articles={"01-first.md": '---\ntitle: "\\u200b\\u200d"\n---\n\nText.\n'}),
                         "001/01-first.md", 2, "no visible character"),
    "javascript: website": (_text(BASE.replace("  name: Test Office\n", "  name: Test Office\n  website: javascript:app.alert(1)\n")),
                            "001.yaml", 7, "is not allowed"),
    "http:javascript: website": (_text(BASE.replace("  name: Test Office\n", "  name: Test Office\n  website: http:javascript:alert(1)\n")),
                                 "001.yaml", 7, "has no host"),
    "NUL in a website": (_text(BASE.replace("  name: Test Office\n", '  name: Test Office\n  website: "https://x.org/\\0a"\n')),
                         "001.yaml", 7, "control character U+0000"),
    "mailto with attach": (_text(text="Write [to us](mailto:x@y.org?attach=/etc/passwd)."), "001/01-first.md", 5,
                           "only subject is allowed"),
    "link without a host": (_text(text="See [this](https:///etc/passwd)."), "001/01-first.md", 5, "has no host"),
    "link with a user name": (_text(text="See [the bank](https://bank.example@evil.example/)."), "001/01-first.md", 5,
                              "user name"),
    "e-mail with a header": (_text(BASE.replace("  name: Test Office\n", "  name: Test Office\n  email: x@y.org?cc=z@w.org\n")),
                             "001.yaml", 7, "is not an e-mail address"),
    # located: line and column
    "unknown theme": (_text(theme="rocbb"), "001.yaml", 12, "unknown theme 'rocbb'"),
    # did you mean
    "misspelt article file": (lambda b: make_issue(b, manifest=BASE.replace("01-first.md", "01-frist.md"),
                                                   articles={"01-first.md": GOOD}), "001.yaml", 11, "not found"),
    "unquoted colon in a title": (lambda b: make_issue(b, manifest=BASE, articles={
        "01-first.md": "---\ntitle: Customs: the year\n---\n\nText.\n"}), "001/01-first.md", 2,
        "mapping values are not allowed here"),
}
CONTRACT["C1 control in a title"] = (lambda b: make_issue(b, manifest=BASE, articles={
    "01-first.md": '---\ntitle: "A \\x9b[31m title"\n---\n\nText.\n'}), "001/01-first.md", 2, "control character U+009B")
HINTS = {
    "Tagline in the manifest": "keys are lower case: did you mean 'tagline'?",
    "Subtitle in front matter": "keys are lower case: did you mean 'subtitle'?",
    "a manifest of only Jsections": "keys are lower case: did you mean 'sections'?",
    "misspelt article file": "did you mean '001/01-first.md'?",
    "unquoted colon in a title": "must be quoted",
    "unknown theme": "did you mean 'rocb'?",
}


@pytest.fixture(scope="module")
def contract_runs(tmp_path_factory) -> dict:
    def one(name: str):
        base = tmp_path_factory.mktemp(re.sub(r"\W+", "-", name).strip("-"))
        try:
            CONTRACT[name][0](base)
        except pytest.skip.Exception as exc:
            return exc
        before = snapshot(base)
        text = run_cli("validate", "001.yaml", cwd=base, timeout=60)
        as_json = run_cli("validate", "001.yaml", "--format", "json", cwd=base, timeout=60)
        return base, before, text, as_json

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(CONTRACT, pool.map(one, CONTRACT)))


@pytest.mark.parametrize("name", list(CONTRACT))
def test_input_contract(contract_runs, name):
    found = contract_runs[name]
    if isinstance(found, BaseException):
        pytest.skip(str(found))
    base, before, text, as_json = found
    _, file, line, words = CONTRACT[name]
    held(text, before, base)
    held(as_json, before, base)
    shaped(text.stderr)
    assert not text.stdout, "diagnostics go to stderr"
    assert not any(line.startswith(FORGED) for line in text.stderr.splitlines()), text.stderr
    assert first_error(text.stderr), text.stderr
    first = next((m for m in map(LOCATED.match, text.stderr.splitlines())
                  if m and m["sev"] == "error" and words in m["message"]), None)
    assert first and first["file"] == file, text.stderr
    if line is not None:
        assert first["line"] == str(line), text.stderr
    if name in HINTS:
        assert HINTS[name] in text.stderr, text.stderr
    report = json.loads(as_json.stdout)  # JSON on stdout, escaped the same way
    assert not as_json.stderr and report["errors"] >= 1
    assert all(p["line"] and p["col"] for p in report["problems"] if p["severity"] == "error"), report


def test_a_misspelt_front_matter_key_is_one_error_with_its_hint(tmp_path):
    issue_with(tmp_path)
    path = tmp_path / "001" / "01-first.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    result = run_cli("validate", "001.yaml", cwd=tmp_path)
    heads = [m for m in map(LOCATED.match, result.stderr.splitlines()) if m and m["sev"] == "error"]
    assert [m["message"] for m in heads] == ["unknown key 'titel'"], result.stderr
    assert "  hint: did you mean 'title'?" in result.stderr.splitlines()


def test_a_glyph_written_as_a_character_reference_has_its_column(tmp_path):
    issue_with(tmp_path, text="Some text &#x16a0; and more.")  # runic: no font of the theme has it
    result = run_cli("validate", "001.yaml", cwd=tmp_path)
    first = first_error(result.stderr)
    assert first and (first["line"], first["col"]) == ("5", "11"), result.stderr
    assert "U+16A0" in first["message"]


def test_validate_is_bounded_on_a_pipe_given_as_the_manifest(tmp_path):
    fifo(tmp_path / "001.yaml")
    result = run_cli("validate", "001.yaml", cwd=tmp_path, timeout=60)
    assert result.returncode == 1 and "001.yaml: error: is a named pipe (FIFO)" in result.stderr, result.output


def test_a_theme_length_of_nan_stops_build_too(tmp_path):
    _theme(("header_offset: 11mm", "header_offset: .nan"))(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli("build", "001.yaml", "--output", tmp_path / "out" / "x.pdf", cwd=tmp_path)
    held(result, before, tmp_path)
    assert first_error(result.stderr)["file"] == "brand.yaml"
    assert not (tmp_path / "out" / "x.pdf").exists()


# output paths that would destroy input

@pytest.mark.parametrize("target", ["001.yaml", "001/01-first.md", "brand.yaml", "001/photos/p.png",
                                    "fonts/SourceSerifPro-Regular.ttf", "001/notes.txt", "001"])
def test_build_refuses_an_output_path_that_is_input(tmp_path, target):
    issue_with(tmp_path, text="Intro.\n\n![A photo](photos/p.png)", files={"photos/p.png": png(400, 300)},
               theme="brand.yaml")
    (tmp_path / "001" / "notes.txt").write_text("my notes\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run_cli("build", "001.yaml", "--output", target, cwd=tmp_path)
    held(result, before, tmp_path)
    assert result.stderr.startswith(f"{target}: error: the output path "), result.stderr


def test_build_writes_a_new_pdf_inside_the_issue_folder(tmp_path):
    issue_with(tmp_path)
    result = run_cli("build", "001.yaml", "--output", "001/proof.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert (tmp_path / "001" / "proof.pdf").read_bytes().startswith(b"%PDF-")
    again = run_cli("build", "001.yaml", "--output", "001/proof.pdf", cwd=tmp_path)  # a PDF: rebuilt
    assert again.returncode == 0, again.output


@pytest.mark.parametrize("folder", ["/sys", "read-only"])
def test_an_output_folder_that_is_not_writable_is_exit_1_naming_it(tmp_path, folder):
    issue_with(tmp_path)
    if folder == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root writes to read-only folders")
        (tmp_path / folder).mkdir(mode=0o500)
    elif not Path(folder).is_dir():
        pytest.skip("no /sys")
    result = run_cli("build", "001.yaml", "--output", f"{folder}/x.pdf", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.output, result.output
    assert result.stderr.startswith(f"{folder}: error: cannot write in the output folder"), result.stderr


# CLI conventions

def test_validate_puts_diagnostics_on_stderr_and_json_on_stdout(tmp_path):
    issue_with(tmp_path, text="Intro.\n\n![A photo](photos/missing.png)")
    text = run_cli("validate", "001.yaml", cwd=tmp_path)
    assert text.returncode == 0 and not text.stdout and "warning: photo" in text.stderr, text.output
    as_json = run_cli("validate", "001.yaml", "--format", "json", cwd=tmp_path)
    assert json.loads(as_json.stdout)["warnings"] >= 1 and not as_json.stderr


def test_strict_summary_says_the_warnings_fail_it(tmp_path):
    issue_with(tmp_path, text="Intro.\n\n![A photo](photos/missing.png)")
    result = run_cli("validate", "001.yaml", "--strict", cwd=tmp_path)
    assert result.returncode == 1
    assert re.search(r"^0 error\(s\), (\d+) warning\(s\): failed, the \1 warning\(s\) are errors under --strict$",
                     result.stderr, re.M), result.stderr


def test_new_with_a_bad_number_is_a_usage_error_and_going_backwards_warns(tmp_path):
    make_issue(tmp_path / "issues", number=78)
    bad = run_cli("new", "abc", cwd=tmp_path)
    assert bad.returncode == 2 and "'abc' is not an issue number" in bad.stderr, bad.output
    back = run_cli("new", "7", cwd=tmp_path)
    assert back.returncode == 0, back.output
    assert "warning: issue 7 does not follow issue 78, the issue it starts from (going backwards)" in back.stderr


def test_placeholders_of_new_are_warnings_that_strict_refuses(tmp_path):
    make_issue(tmp_path / "issues", number=1)
    assert run_cli("new", "2", cwd=tmp_path).returncode == 0
    plain = run_cli("validate", "issues/002.yaml", cwd=tmp_path)
    assert plain.returncode == 0, plain.output
    placeholders = [m for m in map(LOCATED.match, plain.stderr.splitlines()) if m and "placeholder" in m["message"]]
    assert placeholders and all(m["sev"] == "warning" for m in placeholders), plain.stderr
    assert any("[Headline of issue 2" in m["message"] for m in placeholders)
    assert "the template's guidance text is still here" in plain.stderr
    strict = run_cli("validate", "issues/002.yaml", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    build = run_cli("build", "issues/002.yaml", "--strict", "--output", tmp_path / "x.pdf", cwd=tmp_path)
    assert build.returncode == 1 and "placeholder" in build.stderr and not (tmp_path / "x.pdf").exists()


def test_build_defaults_to_the_newest_issue(tmp_path):
    make_issue(tmp_path / "issues", number=1)
    make_issue(tmp_path / "issues", number=12)
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert (tmp_path / "build" / "012.pdf").is_file() and not (tmp_path / "build" / "001.pdf").exists()


def test_shell_completion_is_offered():
    helped = run_cli("--help")
    assert "--install-completion" in helped.stdout and "--show-completion" in helped.stdout
    shown = run_cli("--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert shown.returncode == 0 and "complete" in shown.stdout, shown.output


def test_preview_total_of_warnings_adds_up_its_rows():
    from types import SimpleNamespace

    from newsletter_cli import preview
    from newsletter_cli.content import model
    from newsletter_cli.errors import Location, Problem

    art = model.Article(slug="a", source_file="a.md", title="A", subtitle=None, source=None, authors=[],
                        dateline=None, lead_image=None, signature=None, blocks=[])
    layout = SimpleNamespace(article_pages={"a": [1, 2]}, findings=[
        SimpleNamespace(article="a", check="widow", page=1), SimpleNamespace(article="a", check="widow", page=2),
        SimpleNamespace(article="a", check="loose-line", page=2)])
    row = preview._row(art, layout, [Problem("something", Location("a.md", 1, 1), "warning", "x")])
    assert row.warning_count == 4  # 1 located warning + 2 widows + 1 loose line (shown as 3 notes)
    assert len(row.warnings) == 3


def test_reportlab_lists_no_system_font_folder():
    import subprocess
    import sys

    code = ("import os, reportlab, newsletter_cli.layout.document\n"
            "from reportlab import rl_config\n"
            "own = os.path.dirname(os.path.abspath(reportlab.__file__))\n"
            "paths = list(rl_config.TTFSearchPath) + list(rl_config.T1SearchPath) + list(rl_config.CMapSearchPath)\n"
            "print([p for p in paths if not os.path.abspath(p).startswith(own)])\n")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert found.returncode == 0 and found.stdout.strip() == "[]", found.stdout + found.stderr


# --- mutation fuzzing of the real issue 76 -------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ISSUE_FILES = ["issues/076.yaml"] + sorted(f"issues/076/{p.name}" for p in (ROOT / "issues" / "076").glob("*.md"))
SNIPPETS = [": ", ":", "- ", "---\n", "&a ", "*a", "!!python/object:os.system ", "<<: ", "\t", "\"", "'", "{", "[",
            "\x00", "\x1b[2J", "\x9b", "\u202e", "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
            "&#x202e;", "&#0;", "\\ud83d", "\"\\ud83d\"", "\"\\x9b\"", "\n", "\r", "\r\n", "\n\n---\n", "\ufeff",
            "Title: x\n", "titel: x\n", "[x](javascript:alert(1))", "[x](mailto:a@b.org?attach=/etc/passwd)",
            "![p](../../etc/passwd)", "![p](/dev/zero)", "![p](photos/" + "x" * 300 + ".png)", ".nan", ".inf",
            "::: callout\n", ":::\n", "[^1]", "<b>", "| a | b |\n|---|---|\n", "`", "**", "\\", "#" * 7 + " h\n"]


@st.composite
def mutations(draw):
    """One file of issue 76 and a few edits of it: bytes flipped, inserted or cut, lines
    duplicated or dropped, YAML and Markdown syntax inserted."""
    file = draw(st.sampled_from(ISSUE_FILES))
    edits = draw(st.lists(st.tuples(
        st.sampled_from(["flip", "insert", "snippet", "drop-line", "repeat-line", "truncate"]),
        st.floats(0, 1), st.integers(0, 255), st.sampled_from(SNIPPETS)), min_size=1, max_size=4))
    return file, edits


def mutate(data: bytes, edits) -> bytes:
    for kind, where, byte, snippet in edits:
        at = int(where * len(data))
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (byte or 1)]) + data[at + 1:]
        elif kind == "insert":
            data = data[:at] + bytes([byte]) + data[at:]
        elif kind == "snippet":
            data = data[:at] + snippet.encode("utf-8", "surrogatepass") + data[at:]
        elif kind in ("drop-line", "repeat-line"):
            lines = data.split(b"\n")
            index = min(int(where * len(lines)), len(lines) - 1)
            lines[index:index + 1] = [] if kind == "drop-line" else [lines[index]] * 2
            data = b"\n".join(lines)
        elif kind == "truncate":
            data = data[:at]
    return data


@pytest.fixture(scope="module")
def fuzz_copy(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "issues", base / "issues")
    return base


# a few seconds of CI time: validate runs every check of build but the layout; build takes ~2 s.
# FUZZ_EXAMPLES=500 (random, not derandomized) fuzzes longer by hand.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = dict(deadline=None, derandomize=not EXAMPLES, database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _fuzz_run(base: Path, mutation, command: str) -> None:
    file, edits = mutation
    path = base / file
    original = (ROOT / file).read_bytes()
    path.write_bytes(mutate(original, edits))
    out = base.parent / f"{base.name}-out" / "076.pdf"
    try:
        before = snapshot(base)
        args = ["validate", "issues/076.yaml"] if command == "validate" else \
            ["build", "issues/076.yaml", "--output", out]
        result = run_cli(*args, cwd=base, timeout=300)
        held(result, before, base, codes=(0, 1))
        shaped(result.stderr)
        if command == "validate":
            assert not result.stdout
        elif result.returncode == 0:
            assert out.read_bytes().startswith(b"%PDF-")
    finally:
        path.write_bytes(original)


@settings(max_examples=EXAMPLES or 8, **FUZZ)
@given(mutations())
def test_mutated_issue_76_holds_the_contract(fuzz_copy, mutation):
    _fuzz_run(fuzz_copy, mutation, "validate")


@settings(max_examples=EXAMPLES or 2, **FUZZ)
@given(mutations())
def test_mutated_issue_76_builds_or_fails_located(fuzz_copy, mutation):
    _fuzz_run(fuzz_copy, mutation, "build")


@pytest.mark.parametrize("name", ["x" * 300 + ".pdf", "ab/" * 1400 + "x.pdf", "x" * 300 + "/x.pdf"])
def test_an_over_long_output_path_is_exit_1(tmp_path, name):
    issue_with(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli("build", "001.yaml", "--output", tmp_path.parent / name, cwd=tmp_path)
    held(result, before, tmp_path)
    assert "error: the output path " in result.stderr and "the limit is" in result.stderr, result.stderr


def _nested(lists: int, quotes: int) -> str:
    lines = [f"{'  ' * i}- item{i}" for i in range(lists)] + [""]
    for i in range(1, quotes + 1):
        lines += ["> " * i + f"quote{i}", ""]
    return "\n".join(lines)


def test_lists_and_quotes_nested_deep_keep_every_word_readable(tmp_path):
    # markdown-it left out all the text past 20 containers (10 nested lists): here 30 lists and
    # 60 quotes, whose indents would leave no room; past 40% of the column they go on flat
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Deep", _nested(30, 60))})
    out = tmp_path / "deep.pdf"
    result = run_cli("build", manifest, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    from pypdf import PdfReader

    words = set(" ".join(page.extract_text() for page in PdfReader(str(out)).pages).split())
    assert {f"item{i}" for i in range(30)} <= words and {f"quote{i}" for i in range(1, 61)} <= words
    assert "overfull-line" not in result.output, result.output
    # and still PDF/A: 90 groups in each other nest no deeper than its 28 graphics states
    page = pytest.importorskip("page")
    for profile in ("pdfa2a", "ua1"):
        assert not page.validate_pdf(str(out), profile=profile).failures, profile


def test_lists_nested_past_the_parsers_limit_are_a_located_error(tmp_path):
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Too deep", _nested(51, 0))})
    result = run_cli("build", manifest, "--output", tmp_path / "deep.pdf", cwd=tmp_path)
    assert result.returncode == 1, result.output
    assert re.search(r"01-a\.md:\d+:1: error: quotes and lists are nested more than 100 levels", result.output)
    assert "Traceback" not in result.output


def test_a_link_too_long_for_a_pdf_string_is_text_and_the_pdf_stays_pdf_a(tmp_path):
    long = "a" * 40000
    body = f"A [link](https://example.com/{long}) here.\n\nBare https://example.org/{'b' * 3000} too.\n"
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Long links", body)})
    out = tmp_path / "long.pdf"
    result = run_cli("build", manifest, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert re.search(r"01-a\.md:\d+:\d+: warning: link 'https://example\.com/a+…' is 40,020 characters long",
                     result.output), result.output
    from pypdf import PdfReader

    uris = [a.get_object()["/A"]["/URI"] for p in PdfReader(str(out)).pages for a in p.get("/Annots") or []
            if "/A" in a.get_object()]
    assert not uris, [len(u) for u in uris]  # neither link, nor the first 2,048 characters of the bare one
    page = pytest.importorskip("page")
    assert not page.validate_pdf(str(out), profile="pdfa2a").failures  # (a string holds 32,767 bytes at most)


def test_a_long_paragraph_copyfitted_on_its_page_is_set_in_seconds_not_minutes(tmp_path):
    # 42,000 characters of Arabic, a 12,000-letter Hebrew word and a 20,000-character table cell:
    # the copyfitting of its last page sets the paragraph again a line shorter, where the line
    # breaker keeps one way per number of lines; it dropped the dead ones from its list by a
    # search of another list, the square of their number: 288 s; now 13 s (a timeout, no timing)
    arabic = "مرحبا بالعالم " * 3000
    body = f"{arabic}\n\n{'שלום' * 3000}\n\n| {arabic[:20000]} |\n|---|\n| x |\n"
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Long", body)})
    result = run_cli("build", manifest, "--output", tmp_path / "long.pdf", cwd=tmp_path,
                     env={"XDG_CACHE_HOME": str(tmp_path / "cache")}, timeout=150)
    assert result.returncode == 0, result.output
