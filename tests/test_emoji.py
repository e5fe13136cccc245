"""Emoji sequences drawn as one picture each: a woman and a laptop joined with U+200D (👩‍💻),
a flag (🇹🇭, two regional indicators; 🏴󠁧󠁢󠁳󠁣󠁴󠁿, a black flag and tags), a skin tone (👍🏽), a
keycap (1️⃣) and a presentation selector (❤️) are each one glyph of the emoji face (its
ligatures, applied by HarfBuzz), read back as the characters written; a sequence the face has
no glyph for is drawn as its parts, never as a box.
"""

from __future__ import annotations

import io
import re

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from conftest import MANIFEST, article, build_article, make_issue, run_cli
from test_imports import _build_imports

CODER = "\U0001f469\u200d\U0001f4bb"
THAI = "\U0001f1f9\U0001f1ed"
UKRAINE = "\U0001f1fa\U0001f1e6"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
THUMB = "\U0001f44d\U0001f3fd"
KEYCAP = "1\ufe0f\u20e3"
HEART = "\u2764\ufe0f"
SEQUENCES = (CODER, THAI, UKRAINE, SCOTLAND, THUMB, KEYCAP, HEART)
RAINBOW = "\U0001f3f3\ufe0f\u200d\U0001f308"  # in one colour the bare frame: drawn as 🏳 and 🌈


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _text(hex_: str) -> str:
    """A ToUnicode value: UTF-16, or (ReportLab's, for a code point below 0x100) the code point."""
    return bytes.fromhex(hex_).decode("utf-16-be") if len(hex_) % 4 == 0 else chr(int(hex_, 16))


def emoji_fonts(pdf) -> list[tuple[dict[str, str], TTFont]]:
    """Each embedded subset of the emoji face: (its ToUnicode map, code -> text; the font)."""
    out, seen = [], set()
    for page in PdfReader(str(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            if "OpenMoji" not in str(font["/BaseFont"]) or id(font) in seen or font.indirect_reference in seen:
                continue
            seen.add(font.indirect_reference)
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            entries = dict(re.findall(r"<([0-9A-F]{2})> <([0-9A-F]+)>", cmap))
            data = font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            out.append(({code: _text(text) for code, text in entries.items()}, TTFont(io.BytesIO(data))))
    return out


def read_as(pdf) -> set[str]:
    """What the emoji face's glyphs read as (but the ASCII ReportLab maps in every subset)."""
    return {text for entries, _ in emoji_fonts(pdf) for text in entries.values() if not text.isascii()}


def test_each_sequence_is_one_glyph_read_back_as_written(tmp_path):
    body = "Sequences: " + ", ".join(SEQUENCES) + ".\n"
    _, pdf = build_article(tmp_path, "Sequences", body, "--strict")
    reads = read_as(pdf)
    # one glyph each, read as the whole sequence (the flag was two letters, 👩‍💻 two emoji)
    assert set(SEQUENCES) <= reads, reads
    assert not reads & {"\U0001f1f9", "\U0001f1ed", "\U0001f469", "\U0001f4bb", "\u200d", "\ufe0f", "\U0001f3fd"}
    text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    for sequence in SEQUENCES:
        assert sequence in text, sequence
    content = b"".join(page.get_contents().get_data() for page in PdfReader(str(pdf)).pages)
    assert f"/ActualText <FEFF{_hex(CODER)}>".encode() in content


def test_two_flags_are_two_pictures_not_the_same_frame(tmp_path):
    # in one colour every flag's line art is its frame: each region's has its letters in it
    _, pdf = build_article(tmp_path, "Flags", f"Thailand {THAI} and Ukraine {UKRAINE}.\n")
    [(entries, font)] = emoji_fonts(pdf)
    cmap = font["cmap"].tables[0].cmap  # (the subset's codes, as its ToUnicode map reads them)
    by_text = {text: cmap.get(int(code, 16)) for code, text in entries.items()}
    assert by_text[THAI] and by_text[UKRAINE]
    glyf = font["glyf"]
    thai, ukraine = glyf[by_text[THAI]], glyf[by_text[UKRAINE]]
    assert thai.isComposite() and ukraine.isComposite()
    assert [c.glyphName for c in thai.components] != [c.glyphName for c in ukraine.components]


def test_a_sequence_the_face_has_no_glyph_for_is_drawn_as_its_parts(tmp_path):
    # the rainbow flag (the bare frame in one colour), a skin tone on an emoji that takes none,
    # an unknown flag: their emoji one by one, no swatch, no box, nothing lost
    dog = "\U0001f436\U0001f3fd"
    body = f"A rainbow {RAINBOW}, a dog {dog}, a flag \U0001f1fd\U0001f1fd and lone marks a\u200db \U0001f3fd c\ufe0f.\n"
    _, pdf = build_article(tmp_path, "Parts", body, "--strict")  # (--strict: no missing glyph)
    reads = read_as(pdf)
    assert {"\U0001f3f3", "\U0001f308", "\U0001f436", "\U0001f1fd"} <= reads, reads
    assert not [t for t in reads if "\U0001f3fd" in t or "\u200d" in t or "\ufe0f" in t], reads
    text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "\U0001f3f3\U0001f308" in text and " ab " in text and "\U0001f436," in text


def test_a_run_of_sequences_breaks_between_them_only(tmp_path):
    # 117 characters with no space: the line breaker's emergency breaks fall between sequences,
    # never inside one (a flag's two letters, a woman and her laptop)
    # (an "x" first: breaks every 6 characters from it fell between a flag's two letters)
    run = "x" + THAI * 40 + (CODER + THAI) * 12
    _, pdf = build_article(tmp_path, "Run", f"{run}\n\n| A | B |\n|---|---|\n| {THAI * 30} | b |\n")
    lines = [line for page in PdfReader(str(pdf)).pages for line in page.extract_text().split("\n")
             if "\U0001f1f9" in line]
    assert len(lines) >= 3, lines
    for line in lines:
        assert re.fullmatch(f"(?:{THAI}|{CODER})+", line.strip().removeprefix("x")), line
    assert sum(line.count(THAI) for line in lines) == 40 + 12 + 30


def test_titles_sections_and_contents_draw_sequences_too(tmp_path):
    manifest = MANIFEST.format(number=1, articles="      - 001/01-a.md").replace(
        "    title: Features\n", f"    title: Features {CODER}\n")
    path = make_issue(tmp_path, articles={"01-a.md": article(f"Title {THAI} {THUMB}", "Body text.")},
                      manifest=manifest)
    out = tmp_path / "titles.pdf"
    result = run_cli("build", path, "--output", out, "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.output
    pages = [page.extract_text() for page in PdfReader(str(out)).pages]
    contents = next(p for p in pages if "Contents" in p)
    assert f"Title {THAI} {THUMB}" in contents and CODER in contents, contents
    assert {THAI, THUMB, CODER} <= read_as(out)


def test_only_a_text_with_a_sequence_imports_harfbuzz(tmp_path):
    plain = make_issue(tmp_path / "plain", articles={"01-a.md": article("Emoji", "A smile \U0001f642 and \u2605.")})
    assert _build_imports(plain, tmp_path, "plain.pdf") == []
    joined = make_issue(tmp_path / "joined", articles={"01-a.md": article("Emoji", f"A coder {CODER}.")})
    assert "uharfbuzz" in _build_imports(joined, tmp_path, "joined.pdf")
