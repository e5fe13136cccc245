"""Names and text in Arabic, Hebrew and the Indic scripts: they build, in faces of their own,
shaped, right to left where the script is, and read back as the text that was written."""

from __future__ import annotations

import re

import pytest

from conftest import article, build_article, make_issue, run_cli

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


# --- paragraphs that read right to left, and the joiners ------------------------------------------

LEAD = ("Our Dubai chapter sent greetings in three languages, and the letter below is printed as it "
        "was written by the chapter's secretary.")
LETTER = ("مرحبا بكم في النشرة الشهرية لجمعية جيران حافة المحيط الهادئ. نحن سعداء بمشاركتكم أخبار الفصل "
          "الربيعي من دبي والرياض والقاهرة، ونشكر جميع المتطوعين على جهودهم الكبيرة في تنظيم المهرجانات "
          "والأسواق الخيرية طوال الشهر الماضي، ونرجو أن نراكم جميعا في الاجتماع السنوي القادم في شهر مايو.")


def _ink_lines(with_it, without) -> list[tuple[float, float]]:
    """(left, right) ink edges in points of each line drawn in `with_it` and not in `without`,
    on the first page where the two differ (rendered by pdfium)."""
    import pypdfium2 as pdfium
    from PIL import ImageChops

    scale = 3
    for a, b in zip(pdfium.PdfDocument(str(with_it)), pdfium.PdfDocument(str(without))):
        diff = ImageChops.difference(a.render(scale=scale).to_pil().convert("L"),
                                     b.render(scale=scale).to_pil().convert("L")).point(lambda v: 255 if v > 60 else 0)
        if diff.getbbox() is None:
            continue
        rows = [(y, diff.crop((0, y, diff.width, y + 1)).getbbox()) for y in range(diff.height)]
        bands: list[list] = []  # runs of inked rows; a band under 3 pt high (dots below) joins the one above
        for y, box in rows:
            if box is None:
                continue
            if bands and y - bands[-1][1] <= 1:
                bands[-1][1:] = [y, min(bands[-1][2], box[0]), max(bands[-1][3], box[2])]
            else:
                bands.append([y, y, box[0], box[2]])
        lines: list[list] = []
        for top, bottom, left, right in bands:
            if lines and bottom - top < 3 * scale:
                lines[-1][0], lines[-1][1] = min(lines[-1][0], left), max(lines[-1][1], right)
            else:
                lines.append([left, right])
        return [(left / scale, right / scale) for left, right in lines]
    return []


def _lines_added(tmp_path, block: str) -> list[tuple[float, float]]:
    """The ink lines of `block` after the LEAD paragraph: an issue built with it and without it
    (`--strict`), compared on the rendered pages."""
    built = {}
    for name, body in (("with", f"{LEAD}\n\n{block}\n"), ("without", f"{LEAD}\n")):
        manifest = make_issue(tmp_path / name, articles={"01-letter.md": article("A letter from Dubai", body)})
        built[name] = tmp_path / name / "out.pdf"
        result = run_cli("build", manifest, "--output", built[name], "--strict", cwd=tmp_path / name)
        assert result.returncode == 0, result.output
    return _ink_lines(built["with"], built["without"])


def test_a_paragraph_in_arabic_is_set_from_the_right_justified_its_last_line_flush_right(tmp_path):
    # drawn lines, read off the rendered page: a left-to-right setting would end its last line
    # at the left, indent its first line on the left, and (letter-spaced) fall short of the
    # right edge
    lines = _lines_added(tmp_path, f"{LETTER} {LETTER} شكرا.")
    assert len(lines) >= 4, lines
    left, right = min(x for x, _ in lines[1:-1]), max(x for _, x in lines[1:])
    assert all(abs(x - right) < 1.0 for _, x in lines[1:]), lines  # flush right
    assert all(abs(x - left) < 1.0 for x, _ in lines[1:-1]), lines  # justified
    assert lines[-1][0] > left + 20, lines  # the last line is not spread to the left edge
    assert right - 20 < lines[0][1] < right - 5, lines  # the first line's indent is on the right


def test_joiners_shape_persian_and_an_emoji_sequence_is_no_missing_glyph(tmp_path):
    from pypdf import PdfReader

    persian = "ما می\u200cخواهیم از همه تشکر کنیم"  # a non-joiner: the yeh of می takes its final form
    body = f"{persian}.\n\nA family \U0001f468\u200d\U0001f469\u200d\U0001f467 and a heart \u2764\ufe0f.\n"
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Joiners", body)})
    out = tmp_path / "joiners.pdf"
    result = run_cli("build", manifest, "--output", out, "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.output  # (--strict: a missing glyph would fail it)
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "می\u200cخواهیم" in text
    from newsletter_cli.layout import fallback, markup

    assert markup.clean(persian) == persian  # kept after an Arabic letter,
    # kept in an emoji sequence (drawn as one glyph, or as its parts: test_emoji.py), dropped elsewhere
    assert markup.clean("a\u200db \U0001f468\u200d\U0001f469\u200d") == "ab \U0001f468\u200d\U0001f469"
    assert fallback  # (imported for the faces the build registered)


def test_the_back_cover_wraps_its_lines_and_loses_no_word(delegates, tmp_path):
    # its lines were cut at 110 and 120 characters: the colophon that names many faces lost
    # its last ones and "under their own licences", a long address line its end
    from pypdf import PdfReader

    from conftest import MANIFEST

    back = " ".join(PdfReader(str(delegates)).pages[-1].extract_text().split())
    assert re.search(r"Also in [^.]*Noto Sans Arabic[^.]*Noto Sans Hebrew[^.]*, under their own licences "
                     r"\(see assets/fonts\)\.", back), back
    street = "Unit 12, Level 3, The Very Long Name of the Regional Capacity Building Office Building, " * 3
    email = "publications.desk@a-rather-long-domain-name-of-the-organisation.example.org"
    manifest = MANIFEST.format(number=1, articles="      - 001/01-a.md").replace(
        "  name: Test Office\n", f"  name: Test Office\n  address:\n    - \"{street.strip()}\"\n  email: {email}\n")
    path = make_issue(tmp_path, articles={"01-a.md": article("A", "Text.")}, manifest=manifest)
    out = tmp_path / "back.pdf"
    result = run_cli("build", path, "--output", out, "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.output
    page = PdfReader(str(out)).pages[-1]
    assert " ".join(street.split()) in " ".join(page.extract_text().split())
    links = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
    assert f"mailto:{email}" in links


def test_a_heading_or_cell_in_arabic_is_set_flush_right(tmp_path):
    # ReportLab's paragraphs (a heading here): flush right, their words ordered from the right;
    # they were flush left, the full stop on the wrong side
    lines = _lines_added(tmp_path, "## تقرير الفصل الربيعي.")
    assert lines, lines
    left, right = lines[0]
    assert right - left < 150 and left > 300, lines  # a short heading at the right edge (509.6 pt)
    assert abs(right - 509.6) < 2.0, lines


def test_a_number_among_hebrew_words_in_a_table_cell_is_drawn(tmp_path):
    # the pieces of one fragment (" 18:00 ") shared a copy of it when they stayed apart in a
    # right-to-left sequence, and the last one's text (a space) was drawn for all: the number
    # was not on the page (only in the /ActualText)
    from pypdf import PdfReader

    cell = "הפגישה בשעה 18:00 במרכז"
    body = f"| Chapter | When |\n|---|---|\n| Tel Aviv | {cell} |\n\n> {cell} הקהילתי, השנה.\n"
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Times", body)})
    out = tmp_path / "times.pdf"
    result = run_cli("build", manifest, "--output", out, "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.output
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert text.count("18:00") == 2, text


def test_a_title_or_dateline_that_reads_right_to_left_gets_a_flush_right_style(tmp_path):
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT

    from newsletter_cli.layout import document  # noqa: F401 - (ReportLab set up as a build does)
    from newsletter_cli.layout.styles import directed
    from reportlab.lib.styles import ParagraphStyle

    left, centred = ParagraphStyle("t", alignment=TA_LEFT), ParagraphStyle("c", alignment=TA_CENTER)
    assert directed(left, "A title") is left and directed(left, "دبي 2024") is directed(left, "تقرير")
    rtl = directed(left, "تقرير الفصل")
    assert rtl.alignment == TA_RIGHT and rtl.rtl and not getattr(left, "rtl", False)
    assert directed(centred, "שלום").alignment == TA_CENTER  # (centred stays centred)
    # and on the page: the opener's title, the largest text there, ends at the column's right edge
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    manifest = make_issue(tmp_path, articles={"01-a.md": article("تقرير الفصل", LEAD)})
    out = tmp_path / "title.pdf"
    assert run_cli("build", manifest, "--output", out, cwd=tmp_path).returncode == 0
    page = pdfium.PdfDocument(str(out))[2]
    sizes = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
        size = ctypes.c_float()
        pdfium_c.FPDFTextObj_GetFontSize(obj.raw, ctypes.byref(size))
        sizes.append((size.value * abs(obj.get_matrix().get()[3] or 1), obj.get_bounds()))
    _, (left, _, right, _) = max(sizes, key=lambda found: found[0])
    assert abs(right - 509.6) < 2.0 and left > 300, (left, right)


MORE_SCRIPTS = {  # name -> (face, language tag of its marked content or None)
    "ప్రసాద్ రెడ్డి": ("NotoSansTelugu-Regular", "te"),
    "ಕೃಷ್ಣ ಮೂರ್ತಿ": ("NotoSansKannada-Regular", "kn"),  # a conjunct (ಷ್ಣ) and a vowel sign
    "അനിൽ കുമാർ": ("NotoSansMalayalam-Regular", "ml"),  # a chillu (ൽ)
    "ପ୍ରଦୀପ ମିଶ୍ର": ("NotoSansOriya-Regular", "or"),
    "ნინო ბერიძე": ("NotoSansGeorgian-Regular", "ka"),
    "Արամ Պետրոսյան": ("NotoSansArmenian-Regular", "hy"),
    "አበበ በቀለ": ("NotoSansEthiopic-Regular", None),  # Amharic or Tigrinya: no one language
}


def test_names_in_telugu_kannada_malayalam_odia_georgian_armenian_and_ethiopic_are_drawn(tmp_path):
    names = list(MORE_SCRIPTS)
    body = "Delegates: " + ", ".join(names) + ".\n\n| Name | Seat |\n|---|---|\n" + \
        "".join(f"| {name} | {i} |\n" for i, name in enumerate(names, 1))
    _, out = build_article(tmp_path, "Delegates", body, "--strict")  # (a missing glyph, tofu, fails it)
    from pypdf import PdfReader

    fonts, text = _fonts(out), " ".join(_text(out).split())  # (a line may end inside a name)
    streams = b"".join(page.get_contents().get_data() for page in PdfReader(str(out)).pages)
    for name, (face, lang) in MORE_SCRIPTS.items():
        assert any(re.fullmatch(rf"[A-Z]{{6}}\+{face}", f) for f in fonts), f"{face} is not embedded"
        assert text.count(name) == 2, name  # in the paragraph and its table cell, as written
        if lang:
            assert f"/Lang ({lang})".encode() in streams, lang  # the run's marked content says its language


def test_a_list_in_arabic_has_its_bullets_and_indent_on_the_right(tmp_path):
    # the item wraps: its bullet stands at the column's right edge, its lines end an indent in
    # from it (a left-to-right list would put the bullet at the left, the text flush right)
    lines = _lines_added(tmp_path, f"- {LETTER}\n- شكرا لكم.\n")
    assert len(lines) >= 4, lines
    bullet_edge, text_edge = lines[0][1], lines[1][1]
    assert 12 < bullet_edge - text_edge < 20, lines
    assert abs(lines[-1][1] - bullet_edge) < 1.0, lines  # the second item's bullet, at the same edge
    assert all(abs(right - text_edge) < 1.0 for _, right in lines[1:-1]), lines  # flush right in the item
