"""What the reader sees of Markdown structure: four heading levels, each distinct, in full-width
sections and two-column reports; table columns aligned as the source says, numbers right."""

from __future__ import annotations

from pypdf import PdfReader

from conftest import article, build_article, make_issue, run_cli

HEADINGS = """\
Opening paragraph of the article, long enough to be a real line of text.

## Second level

Text under the second level.

### Third level

Text under the third level.

#### Fourth level

Text under the fourth level.

##### Fifth level

Text under the fifth level.
"""

MANIFEST = """\
publication: Test Newsletter
number: 5
period: Spring 2024
date: 2024-04-01
publisher:
  name: Test Office
sections:
  - kind: features
    title: Features
    articles: [005/a.md]
  - kind: reports
    title: Reports
    articles: [005/b.md]
"""


def runs(pdf, page_filter=None):
    """(text, font, size, x, y) of every piece of text shown, page by page."""
    out = []
    for number, page in enumerate(PdfReader(str(pdf)).pages):
        fonts = {}
        for key, font in (page["/Resources"].get("/Font") or {}).items():
            fonts[key] = str(font.get_object()["/BaseFont"]).split("+")[-1]

        def visit(text, cm, tm, font_dict, size):
            if text.strip():
                name = str(font_dict["/BaseFont"]).split("+")[-1] if font_dict else None
                out.append((text.strip(), name, round(size * tm[0], 2), tm[4] + cm[4], tm[5] + cm[5], number))
        page.extract_text(visitor_text=visit)
    return out


def style_of(found, text):
    for t, font, size, *_ in found:
        if t.startswith(text):
            return font, size
    raise AssertionError(f"{text!r} not found in {[f[0] for f in found]}")


def test_four_heading_levels_are_distinct_in_features_and_reports(tmp_path):
    manifest = make_issue(tmp_path, number=5, articles={"a.md": article("Feature", HEADINGS),
                                                        "b.md": article("Report", HEADINGS)}, manifest=MANIFEST)
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf")
    assert result.returncode == 0, result.output
    assert "'#####' headings are not supported: it is set as a '####' heading" in result.output
    found = runs(tmp_path / "out.pdf")
    pages = sorted({f[5] for f in found if f[0].startswith("Report")})
    for where in (lambda f: f[5] < pages[-1], lambda f: f[5] == pages[-1]):  # the feature, then the report
        part = [f for f in found if where(f)]
        levels = [style_of(part, f"{name} level") for name in ("Second", "Third", "Fourth")]
        body = style_of(part, "Text under")
        assert len(set(levels + [body])) == 4, levels  # each level its own face or size, none the body's
        assert style_of(part, "Fifth level") == levels[2]  # deeper levels are set as the fourth


TABLE = """\
Text before the table.

| Name | Count | Share | Note |
|------|-------|:-----:|-----:|
| Alpha | 1,204 | 92% | first |
| Beta gamma delta | 7 | 8% | second |
| Total | 1,211 | 100% | — |
"""


def test_column_alignments():
    from newsletter_cli.content import model
    from newsletter_cli.layout.tables import column_alignments

    def cell(text, align=None):
        return model.TableCell([model.Span(text)] if text else [], align)

    table = model.Table(1, [cell("Name"), cell("Count"), cell("Code"), cell("Change", "left"), cell("Pct")],
                        [[cell("Alpha"), cell("1,204"), cell("A1"), cell("+107", "left"), cell("92%")],
                         [cell("Beta"), cell(""), cell("7"), cell("−7", "left"), cell("—")],
                         [cell("Gamma"), cell("$3.50"), cell("12"), cell("1 234", "left"), cell("(4.5)")]])
    assert column_alignments(table, 5) == ["left", "right", "left", "left", "right"]


def test_table_columns_aligned_as_the_source_says_and_numbers_right(tmp_path):
    manifest = make_issue(tmp_path, articles={"a.md": article("Tables", TABLE)})
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf")
    assert result.returncode == 0, result.output
    x = {f[0]: f[3] for f in runs(tmp_path / "out.pdf")}
    assert abs(x["Alpha"] - x["Total"]) < 0.5  # text: left
    assert x["7"] > x["1,204"] + 5 and x["1,211"] == x["1,204"]  # numbers, no alignment given: right
    assert x["8%"] > x["92%"] + 1 and x["100%"] < x["92%"]  # ':-:' centred
    assert x["first"] > x["second"] + 1  # '--:' right, though it is text


# --- code, addresses and handles ---------------------------------------------------------------

import pytest  # noqa: E402


@pytest.fixture(scope="module")
def styles():
    from newsletter_cli.layout.styles import make_styles
    from newsletter_cli.paths import assets_dir
    from newsletter_cli.theme.brand import load_theme

    return make_styles(load_theme(assets_dir() / "themes" / "rocb.yaml"), "en")


@pytest.mark.parametrize("width", [110, 130, 150, 170, 190, 220])
def test_code_addresses_and_handles_break_only_at_their_own_punctuation(styles, width):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from newsletter_cli.content.model import Span
    from newsletter_cli.layout.linebreak import set_lines

    body = styles["body"]
    spans = [Span("Follow "), Span("@thisweekinferrous.bsky.social"), Span(" or call "),
             Span("efficient_buffer_fill_official", code=True), Span(" at "),
             Span("https://github.com/ferrous-lang/this-week-in-ferrous"), Span(" and write to "),
             Span("editors@thisweekinferrous.org"), Span(" please.")]
    lines = set_lines(spans, body.fontName, body.fontSize, width, 0, styles.hyphenate)
    assert lines is not None
    text = [line.text for line in lines]
    assert "".join(text).replace(" ", "") == "".join(s.text for s in spans).replace(" ", "")  # no hyphen added
    # set at their own punctuation only, never between two letters: a line that is then too
    # loose is set ragged, at normal spacing
    space = stringWidth(" ", body.fontName, body.fontSize)
    for line, after in zip(lines[:-1], lines[1:]):
        assert line.spaced or line.text[-1] in "/_@:-" or after.text.startswith("."), text  # a space, or its own
        char_space, word_space = line.spacing(space, body.fontSize)
        assert (space + word_space + char_space) / space <= 2 + 1e-6, text
        assert not line.ragged or (char_space, word_space) == (0, 0)
    faces = {run.face for line in lines for run in line.runs if "efficient" in run.text or "official" in run.text}
    assert faces and all("Mono" in face for face in faces)


REPORT = MANIFEST.split("sections:")[0] + "sections:\n  - kind: reports\n    title: Reports\n    articles: [005/a.md]\n"


def test_a_line_an_address_leaves_too_loose_is_set_ragged_in_the_pdf(tmp_path):
    """The digest's sentence in a report column: justified, "…or ping @" would be stretched to
    about 6x; it used to be set again with "@thisweek|inferrous" cut between two letters. Now
    the address breaks at its own punctuation and that one line is drawn at normal spacing."""
    import json

    body = "Write to cfp@this-week-in-ferrous.org or ping @thisweekinferrous.bsky.social."
    manifest = make_issue(tmp_path, articles={"a.md": article("Apply", body)}, manifest=REPORT, number=5)
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf", "--format", "json")
    assert result.returncode == 0, result.output
    assert json.loads(result.stdout)["preflight"]["findings"] == []  # the ragged line is not loose
    spacing = {"Tw": 0.0, "Tc": 0.0}
    shown = []

    def before(op, args, cm, tm):
        if op in (b"Tw", b"Tc"):
            spacing[op.decode()] = float(args[0])

    def text(t, cm, tm, font, size):
        if t.strip():
            shown.append((t.strip(), spacing["Tw"], spacing["Tc"]))
    PdfReader(str(tmp_path / "out.pdf")).pages[2].extract_text(visitor_operand_before=before, visitor_text=text)
    lines = [line for line in shown if "ferrous" in line[0]]
    assert [t for t, _, _ in lines] == ["Write to cfp@this-week-in-ferrous.org or ping @",
                                        "thisweekinferrous.bsky.social."]
    assert lines[0][1:] == (0.0, 0.0)  # flush left, its word spaces and letters as they are


def test_a_long_code_line_wraps_with_a_mark_and_keeps_its_characters():
    from newsletter_cli.layout.codeblock import wrap

    code = "fn main() {\n    let x = compute_something_with_many_arguments(alpha, beta, gamma, delta, epsilon);\n}"
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from newsletter_cli.layout import fallback

    face = "rocb-DejaVuSansMono"
    fallback.face(face)
    lines = wrap(code, face, 8, 200)
    flags = [c for _, c in lines]
    assert flags[:2] == [False, False] and flags[-1] is False and len(flags) >= 4 and all(flags[2:-1])
    assert "".join(t for t, _ in lines) == code.replace("\n", "")  # spaces and all kept, nothing added
    assert lines[1][0].startswith("    let x")  # the indent is kept
    assert all(stringWidth(t, face, 8) <= 200 for t, _ in lines)


def test_a_long_code_block_splits_across_pages(tmp_path):
    code = "\n".join(f"line_{n:03d} = value({n})  # a comment" for n in range(150))
    manifest = make_issue(tmp_path, articles={"a.md": article("Code", f"Before.\n\n```\n{code}\n```\n\nAfter.")})
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf")
    assert result.returncode == 0, result.output
    pages = [page.extract_text() for page in PdfReader(str(tmp_path / "out.pdf")).pages]
    holding = [i for i, text in enumerate(pages) if "line_" in text]
    assert len(holding) >= 2
    text = "\n".join(pages)
    assert all(f"line_{n:03d} = value({n})  # a comment" in text for n in range(150))


def test_inline_code_is_monospaced_everywhere(tmp_path):
    body = ("Body with `in_body` code.\n\n| A | B |\n|---|---|\n| `in_table` | x |\n\n"
            "::: callout Note\nA callout with `in_callout`.\n:::\n\n> A quote with `in_quote`.\n")
    manifest = make_issue(tmp_path, articles={"a.md": article("Code", body)})
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf")
    assert result.returncode == 0, result.output
    found = runs(tmp_path / "out.pdf")
    for word in ("in_body", "in_table", "in_callout", "in_quote"):
        fonts = {font for text, font, *_ in found if word in text}
        # (the code face drawn at the text's x-height: its own scaled font, styles._inline_code)
        assert fonts == {"DejaVuSansMono-Scaled"}, (word, fonts)


def test_task_items_are_drawn_with_a_box_for_the_bullet(tmp_path):
    body = "Intro.\n\n- [x] shipped the release\n- [ ] write the notes\n- an ordinary item\n"
    manifest = make_issue(tmp_path, articles={"a.md": article("Tasks", body)})
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf")
    assert result.returncode == 0, result.output
    found = runs(tmp_path / "out.pdf")
    shown = [text for text, *_ in found]
    assert "\u2611" in shown and "\u2610" in shown and "\u2022" in shown  # two boxes, one bullet
    assert not any("[x]" in t or "[ ]" in t for t in shown)
    box = next(f for f in found if f[0] == "\u2611")
    item = next(f for f in found if f[0].startswith("shipped"))
    bullet = next(f for f in found if f[0] == "\u2022")
    assert abs(box[3] - bullet[3]) < 0.5 and item[3] > box[3]  # in the bullet's place, before its text


def test_a_table_too_wide_for_the_page_is_set_in_parts_each_with_its_first_column(tmp_path):
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    monthly = ("| Region | " + " | ".join(months) + " | Total |\n|:--|" + "--:|" * 13 + "\n"
               + "\n".join(f"| Office {o} | " + " | ".join(f"{o}{m:02d},{m:03d}" for m in range(12)) + " | 99,999 |"
                           for o in "ABC"))
    wide = ("| " + " | ".join(f"H{i}" for i in range(30)) + " |\n|" + "---|" * 30 + "\n"
            + "\n".join("| " + " | ".join(f"r{r}c{i}" for i in range(30)) + " |" for r in range(3)))
    body = f"Monthly.\n\n{monthly}\n\nThirty columns.\n\n{wide}\n\nAfter.\n"
    manifest = make_issue(tmp_path, articles={"a.md": article("Wide", body)})
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf")
    assert result.returncode == 0, result.output
    assert "preflight: no findings" in result.stdout
    found = runs(tmp_path / "out.pdf")
    shown = [t for t, *_ in found]
    # fourteen columns fit at a smaller size: one table, its header on one line
    jan, total = (next(f for f in found if f[0] == w) for w in ("Jan", "Total"))
    assert abs(jan[4] - total[4]) < 1 and jan[5] == total[5]
    assert shown.count("Region") == 1
    # thirty do not: parts, each beginning with the first column, every cell set once
    assert shown.count("H0") == 2 and all(shown.count(f"H{i}") == 1 for i in range(1, 30))
    assert all(shown.count(f"r{r}c{i}") == 1 for r in range(3) for i in range(1, 30))
    assert all(shown.count(f"r{r}c0") == 2 for r in range(3))
    page_width = float(PdfReader(str(tmp_path / "out.pdf")).pages[0].mediabox.width)
    assert all(x < page_width - 40 for t, _, _, x, _, _ in found if t.startswith(("H", "r")))


def _struck_share(page, bitmap, scale: float, word: str) -> float:
    """The share of the pixels dark along a row through `word` at the height of a strike line."""
    text = page.get_textpage()
    found = text.search(word).get_next()
    assert found, word
    boxes = [text.get_charbox(i) for i in range(found[0], found[0] + found[1])]
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
    height = page.get_height()
    # the strike sits at a quarter of the size above the baseline: about 40% up the letters' box
    y = round((height - (bottom + (top - bottom) * 0.4)) * scale)
    row = [bitmap.getpixel((x, yy)) for x in range(round(left * scale) + 1, round(right * scale) - 1)
           for yy in (y - 1, y, y + 1)]
    columns = len(row) // 3
    dark = sum(1 for i in range(columns) if min(sum(row[3 * i + k][:3]) for k in range(3)) < 450)
    return dark / max(columns, 1)


def test_struck_through_text_has_a_line_through_it_and_reads_without_tildes(tmp_path):
    import pypdfium2

    body = ("Opening paragraph of the article, long enough to be a real line of text.\n\n"
            "The price was ~~STRUCKBODY~~ and is now PLAINBODY in the shop, as the committee agreed.\n\n"
            "## A ~~STRUCKHEAD~~ heading PLAINHEAD\n\n"
            "| Item | Price |\n|---|---|\n| Chair | ~~STRUCKCELL~~ PLAINCELL |\n")
    manifest = make_issue(tmp_path, number=5, articles={"a.md": article("Struck", body), "b.md": article("B", "Text.")},
                          manifest=MANIFEST)
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf")
    assert result.returncode == 0 and "strikethrough" not in result.output, result.output
    text = PdfReader(str(tmp_path / "out.pdf")).pages[2].extract_text()
    assert "~" not in text and "STRUCKBODY" in text
    pdf = pypdfium2.PdfDocument(str(tmp_path / "out.pdf"))
    page, scale = pdf[2], 4
    bitmap = page.render(scale=scale).to_pil().convert("RGB")
    for where in ("BODY", "HEAD", "CELL"):
        struck, plain = _struck_share(page, bitmap, scale, "STRUCK" + where), _struck_share(page, bitmap, scale,
                                                                                          "PLAIN" + where)
        assert struck > 0.95 and plain < 0.8, (where, struck, plain)


def test_a_table_in_a_quote_a_list_item_or_a_box_is_as_wide_as_the_text_beside_it(styles):
    # it was as wide as the column, so it ran past the quote's right edge (and a list's, a box's)
    from reportlab.platypus import Table

    from newsletter_cli.content import model
    from newsletter_cli.layout.blocks import BOX_PADDING, QUOTE_INDENT, QUOTE_RIGHT, BlockRenderer
    from newsletter_cli.layout.flowables import LayoutState

    cell = model.TableCell
    table = model.Table(1, [cell([model.Span("Quote")]), cell([model.Span("Table")])],
                        [[cell([model.Span("a wide cell of several words " * 3)]), cell([model.Span("c")])]])
    text = model.Paragraph(1, [model.Span("Text.")])
    width = 300.0
    renderer = BlockRenderer(styles, LayoutState(), False, width, 600.0, "a.md")

    def tables(flowable):
        found = [flowable] if isinstance(flowable, Table) and getattr(flowable, "_argW", None) else []
        for name in ("content", "_content"):
            for inner in getattr(flowable, name, None) or []:
                found += tables(inner)
        for row in getattr(flowable, "_cellvalues", None) or []:
            for value in row:
                for inner in value if isinstance(value, list) else [value]:
                    found += tables(inner)
        return found

    for block, room in ((model.Quote(1, [text, table]), width - QUOTE_INDENT - QUOTE_RIGHT),
                        (model.ListBlock(1, False, 1, [[text, table]]), width - 16),
                        (model.Callout(1, "Box", [text, table]), width - 2 * BOX_PADDING)):
        [inner] = [t for f in renderer.block(block) for t in tables(f) if t is not f]  # (a box is a table)
        assert sum(inner._argW) <= room + 0.01, (type(block).__name__, sum(inner._argW), room)


def test_control_characters_are_not_drawn_and_line_separators_part_words(tmp_path):
    from pypdf import PdfReader

    body = ("Pasted from a terminal: \x1b[1mbold\x1b[0m, a form feed\x0c, C1 controls \x85next \x9bCSI.\n\n"
            "A line sep\u2028and para sep\u2029end.\n")
    result, out = build_article(tmp_path, "Controls", body, "--strict")  # (a missing glyph, a box, fails it)
    assert "preflight: no findings" in result.stdout
    text = " ".join("".join(page.extract_text() for page in PdfReader(str(out)).pages).split())
    assert "A line sep and para sep end." in text and "next CSI." in text
    assert not any(0x80 <= ord(c) <= 0x9f or c in "\x1b\x0c\u2028\u2029" for c in text)
