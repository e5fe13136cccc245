"""Fenced code that names its language is coloured as programming digests print it: keywords,
strings, comments and numbers in the theme's colours, the text itself unchanged. Read off the
rendered page (pdfium: the colour of the ink inside each word's box) and the extracted text."""

from __future__ import annotations

import time

from conftest import build_article, run_cli, make_issue, article

# the theme's (assets/themes/rocb.yaml): keywords primary, strings secondary, comments muted, numbers accent_text
PRIMARY, SECONDARY, MUTED, ACCENT_TEXT, INK = (0x0E, 0x3A, 0x5B), (0x12, 0x70, 0x6E), (0x5D, 0x6B, 0x78), \
    (0xA1, 0x5C, 0x07), (0x1E, 0x23, 0x29)

CODE = '''```python
def greet(name):  # say hello
    return "hello " + name * 42
```'''


def _page_with(pdf, word: str):
    import pypdfium2 as pdfium

    for number, page in enumerate(pdfium.PdfDocument(str(pdf)), 1):
        text = page.get_textpage()
        if word in text.get_text_range():
            page.number = number
            return page, text
    raise AssertionError(f"{word!r} is on no page")


def _ink(pdf, word: str, occurrence: int = 0, length: int | None = None) -> tuple[int, int, int]:
    """The colour of the darkest pixel inside the boxes of `word`'s characters (its first `length`)."""
    page, text = _page_with(pdf, word)
    whole = text.get_text_range()
    at = -1
    for _ in range(occurrence + 1):
        at = whole.index(word, at + 1)
    scale = 6
    image = page.render(scale=scale).to_pil().convert("RGB")
    height = page.get_height()
    darkest = None
    for i in range(at, at + (length or len(word))):
        left, bottom, right, top = text.get_charbox(i)
        for x in range(int(left * scale), int(right * scale) + 1):
            for y in range(int((height - top) * scale), int((height - bottom) * scale) + 1):
                pixel = image.getpixel((x, y))
                if darkest is None or sum(pixel) < sum(darkest):
                    darkest = pixel
    return darkest


def _near(colour, wanted, slack: int = 40) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(colour, wanted))


def test_python_is_coloured_by_what_each_piece_is(tmp_path):
    _, pdf = build_article(tmp_path, "Code", f"Some code:\n\n{CODE}\n", "--strict")
    assert _near(_ink(pdf, "def"), PRIMARY), _ink(pdf, "def")
    assert _near(_ink(pdf, '"hello '), SECONDARY), _ink(pdf, '"hello ')
    assert _near(_ink(pdf, "say hello"), MUTED), _ink(pdf, "say hello")
    assert _near(_ink(pdf, "42"), ACCENT_TEXT), _ink(pdf, "42")
    assert _near(_ink(pdf, "greet"), INK), _ink(pdf, "greet")


def test_the_coloured_code_reads_back_as_written(tmp_path):
    from pypdf import PdfReader

    _, pdf = build_article(tmp_path, "Code", f"Some code:\n\n{CODE}\n")
    text = "\n".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    for line in CODE.split("\n")[1:-1]:
        assert line.strip() in text, (line, text)


def test_a_language_pygments_does_not_know_and_no_language_are_plain(tmp_path):
    body = "```nosuchlanguage\ndef plain_one = 42\n```\n\n```\ndef plain_two = 42\n```\n"
    _, pdf = build_article(tmp_path, "Code", body, "--strict")
    assert _near(_ink(pdf, "def"), INK) and _near(_ink(pdf, "def", 1), INK)


def test_a_keyword_on_the_next_page_of_a_long_block_keeps_its_colour(tmp_path):
    # the part of a block split at a page foot knows where in the code it starts
    lines = [f"value_{n} = compute({n})  # step {n}" for n in range(120)]
    lines[100] = "def late_function(): pass"
    body = "```python\n" + "\n".join(lines) + "\n```\n"
    _, pdf = build_article(tmp_path, "Code", body)
    page, _ = _page_with(pdf, "late_function")
    start, _ = _page_with(pdf, "value_0 ")
    assert page.number > start.number  # (the block went on to another page)
    assert _near(_ink(pdf, "def late", length=3), PRIMARY), _ink(pdf, "def late", length=3)
    assert _near(_ink(pdf, "# step 101"), MUTED), _ink(pdf, "# step 101")


def test_a_huge_block_is_printed_plain_without_delay(tmp_path):
    big = "x = [" + ", ".join(str(n) for n in range(12_000)) + "]"
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Big", f"```python\n{big}\n```\n")})
    started = time.perf_counter()
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert time.perf_counter() - started < 60
    assert _near(_ink(tmp_path / "out.pdf", "11999"), INK)


def test_lexing_that_runs_past_its_budget_leaves_the_block_plain(monkeypatch):
    from newsletter_cli.content import highlight

    assert highlight.roles(["def f(): return 1"], "python")  # coloured
    monkeypatch.setattr(highlight, "BUDGET", -1.0)
    assert highlight.roles(["def f(): return 1"], "python") is None
