"""Names and text in Arabic, Hebrew and the Indic scripts: they build, in faces of their own,
shaped, right to left where the script is, and read back as the text that was written."""

from __future__ import annotations

import re

import pytest

from conftest import article, make_issue, run_cli

ARABIC, HEBREW, HINDI = "محمد عبد الله", "דוד כהן", "राजेश कुमार"
DELEGATES = (f"Delegates: {ARABIC} (Egypt), {HEBREW} (Israel), {HINDI} (India), Ελένη Παπαδοπούλου, "
             "Иван Петров, Nguyễn Văn Anh, 王小明, 田中太郎, 김민수, สมชาย ใจดี, Łukasz Żółć.")
HINDI_WORD = "हिन्दी"  # a conjunct (न्द) and a vowel sign drawn before its consonant (ि)
BODY = f"""
{DELEGATES}

{DELEGATES} The {HINDI_WORD} text and the names in القاهرة ١٤٤٥ are set as the justified body of
the article, and the lines are broken by our own line breaker at the spaces between the words;
`كود` is Arabic in the code face (DejaVu Sans Mono has Arabic letters).

## Heading: {ARABIC}, {HEBREW} and {HINDI}

| Name | Country |
|---|---|
| {ARABIC} | Egypt |
| {HEBREW} | Israel |
| {HINDI} | India |
"""
FACES = ("NotoSansArabic-Regular", "NotoSansHebrew-Regular", "NotoSansDevanagari-Regular")


@pytest.fixture(scope="module")
def delegates(tmp_path_factory):
    """The delegate line in a body paragraph, a heading and table cells, built once."""
    base = tmp_path_factory.mktemp("scripts")
    manifest = make_issue(base, articles={"01-delegates.md": article("Delegates", BODY)})
    out = base / "delegates.pdf"
    result = run_cli("build", manifest, "--output", out, "--strict", cwd=base)
    assert result.returncode == 0, result.output
    return out


def _fonts(path) -> dict[str, object]:
    from pypdf import PdfReader

    found = {}
    for page in PdfReader(str(path)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            found[str(font["/BaseFont"]).lstrip("/")] = font
    return found


def test_the_delegate_line_builds_with_the_faces_of_its_scripts_embedded_subset(delegates):
    fonts = _fonts(delegates)
    for face in FACES:
        subset = [name for name in fonts if re.fullmatch(rf"[A-Z]{{6}}\+{face}", name)]
        assert subset, f"{face} is not embedded (fonts: {sorted(fonts)})"
        descriptor = fonts[subset[0]]["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded TrueType, cut to the glyphs used


def test_issue_076_embeds_none_of_the_script_faces(built_076):
    fonts = _fonts(built_076.pdf)
    assert not [name for name in fonts if "Noto" in name], sorted(fonts)


def _text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_the_names_read_back_in_logical_order_in_the_body_heading_and_table(delegates):
    text = _text(delegates)
    # the lead paragraph, the justified body paragraph, the heading and a table cell
    for name in (ARABIC, HEBREW, HINDI):
        assert text.count(name) >= 4, (name, text)
    assert HINDI_WORD in text
    assert not [c for c in text if 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000]  # no private-use code


def test_shaped_runs_carry_their_text_as_actual_text_outside_the_paragraphs_marked_content(delegates):
    from pypdf import PdfReader

    streams = b"".join(p.get_contents().get_data() for p in PdfReader(str(delegates)).pages)
    for name in (ARABIC, HEBREW, "राजेश"):
        actual = f"/ActualText <FEFF{name.encode('utf-16-be').hex().upper()}> /MCID ".encode()
        assert actual in streams, name
    assert b"/ActualText" not in streams.split(b"/Span <<", 1)[0]


def test_structure_text_reads_every_piece_of_a_paragraph(delegates):
    from test_accessibility import struct_text

    text = struct_text(delegates)
    assert '"कुमार"' in text  # after the spans of the words before it (poppler stopped at the first)
    assert "Łukasz Żółć." in text


def test_it_passes_pdf_ua_1(delegates):
    from collections import Counter

    from test_accessibility import failures

    assert failures(delegates, "ua1") == Counter()


def _outlines(font, glyph_names) -> list:
    glyf = font["glyf"]
    return [tuple(glyf[name].getCoordinates(glyf)[0]) for name in glyph_names]


@pytest.mark.parametrize("word, face", [("محمد", "NotoSansArabic-Regular"), ("الله", "NotoSansArabic-Regular"),
                                        (HINDI_WORD, "NotoSansDevanagari-Regular")])
def test_the_pdf_draws_the_glyphs_harfbuzz_shapes(delegates, word, face):
    """The joined Arabic forms and the Devanagari conjunct HarfBuzz chooses (glyphs no character
    maps to) are the ones embedded: unshaped text would embed only the characters' own glyphs."""
    import io

    uharfbuzz = pytest.importorskip("uharfbuzz")
    fontTools = pytest.importorskip("fontTools.ttLib")
    from conftest import ASSETS

    data = (ASSETS / "fonts" / f"{face}.ttf").read_bytes()
    buf = uharfbuzz.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    uharfbuzz.shape(uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(data))), buf, {})
    original = fontTools.TTFont(io.BytesIO(data))
    order = original.getGlyphOrder()
    wanted = _outlines(original, [order[info.codepoint] for info in buf.glyph_infos])
    reached = {original.getBestCmap()[ord(c)] for c in word}  # the characters' own glyphs
    assert {order[info.codepoint] for info in buf.glyph_infos} - reached  # (HarfBuzz changes something)
    fonts = _fonts(delegates)
    name = next(n for n in fonts if n.endswith("+" + face))
    embedded = fontTools.TTFont(io.BytesIO(fonts[name]["/FontDescriptor"]["/FontFile2"].get_data()))
    drawn = set(_outlines(embedded, embedded.getGlyphOrder()))
    assert [outline in drawn for outline in wanted] == [True] * len(wanted)


def test_a_publisher_named_in_arabic_reads_back_from_the_strings_drawn_on_the_canvas(tmp_path):
    """The cover's organisation line and the back cover are drawn as canvas strings, not
    paragraphs: their right-to-left words are ordered and read back as ours are."""
    from conftest import MANIFEST

    office = "مكتب الجمارك"
    listed = "      - 001/01-a.md"
    manifest = make_issue(tmp_path, articles={"01-a.md": article("A", "Text.")},
                          manifest=MANIFEST.format(number=1, articles=listed).replace("Test Office", office))
    out = tmp_path / "office.pdf"
    result = run_cli("build", manifest, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    from pypdf import PdfReader

    assert office in PdfReader(str(out)).pages[0].extract_text()
