"""Preflight (layout/preflight.py): every check proven by a small document designed to trigger it.

Each of the nine checks gets a document laid out for real by ReportLab, with the theme's own
styles, inside `collecting(Collector(...))`: the finding must be there, with its check name and
page, no other check may fire, and a clean variant of the same document must have no finding.
Then the CLI end to end: `build --format json` lists the findings, `--strict` refuses them.

Each check is shown found in a document built to trigger it, and not found in a clean variant.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.enums import TA_LEFT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, Frame, ListFlowable, ListItem, PageBreak, PageTemplate,
                                Spacer)

from conftest import MANIFEST, ROOT, article, make_issue, run_cli
from newsletter_cli.content import model
from newsletter_cli.layout.figures import FigureBox, image_info
from newsletter_cli.layout.flowables import LayoutState
from newsletter_cli.layout.preflight import CHECKS, Collector, MeasuredParagraph, collecting
from newsletter_cli.layout.styles import make_styles
from newsletter_cli.theme.brand import find_theme, load_theme

# A small page: a frame 260 pt wide and 200 pt high, without padding, so that the frame's
# top and bottom are exactly what the collector is told.
PAGE_W, PAGE_H, MARGIN = 300.0, 240.0, 20.0
FRAME_W, FRAME_H = PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN
ARTICLE = "probe"


@pytest.fixture(scope="module")
def styles():
    theme = load_theme(find_theme("rocb", ROOT / "issues", "test.yaml"))
    return make_styles(theme, "en")


@dataclass
class Laid:
    pages: int
    findings: list
    collector: Collector

    def checks(self) -> set[str]:
        return {f.check for f in self.findings}

    def of(self, check: str) -> list:
        return [f for f in self.findings if f.check == check]


def lay_out(story, *, columns: int = 1, section_starts: list[int] | None = None,
            body_first_page: int = 1) -> Laid:
    """Build `story` into a PDF in memory with the preflight listening; then the page-level checks."""
    state = LayoutState()
    state.current_article = ARTICLE
    collector = Collector(state)
    gutter = 20.0
    col_w = (FRAME_W - gutter * (columns - 1)) / columns
    frames = [Frame(MARGIN + i * (col_w + gutter), MARGIN, col_w, FRAME_H, leftPadding=0, rightPadding=0,
                    topPadding=0, bottomPadding=0, id=f"col{i}") for i in range(columns)]
    doc = BaseDocTemplate(BytesIO(), pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=MARGIN)
    doc.addPageTemplates([PageTemplate("body", frames)])
    collector.frame_top = frames[0]._y2 - frames[0]._topPadding
    collector.frame_bottom = frames[0]._y1p
    with collecting(collector):
        doc.build(list(story))
    findings = collector.finish(doc.page, section_starts or [1], body_first_page)
    return Laid(doc.page, list(findings), collector)


def ragged(styles, **changes):
    """The body face, set ragged right without hyphenation, whose spaces never close up: clean text."""
    base = dict(alignment=TA_LEFT, hyphenationLang="", spaceShrinkage=0)
    base.update(changes)
    return styles["body"].clone("ragged", **base)


def lines_of(paragraph, width: float = FRAME_W) -> int:
    paragraph.wrap(width, 1e9)
    return len(paragraph.blPara.lines)


def full_page(styles) -> MeasuredParagraph:
    """As many short ragged lines as fill the frame: a full page that sets off no check."""
    count = int(FRAME_H // styles["body"].leading)
    text = "<br/>".join(f"Line {i + 1} of a page that is full of text." for i in range(count))
    return MeasuredParagraph(text, ragged(styles))


def only(laid: Laid, check: str, page: int) -> list:
    """The findings of `check`, all on `page`, and nothing else found in the document."""
    assert laid.checks() == {check}, [f.as_dict() for f in laid.findings]
    found = laid.of(check)
    assert {f.page for f in found} == {page}, [f.as_dict() for f in found]
    assert all(f.article == ARTICLE for f in found)
    return found


def clean(laid: Laid) -> None:
    assert laid.findings == [], [f.as_dict() for f in laid.findings]


def _render(manifest: Path):
    from newsletter_cli.build import check
    from newsletter_cli.layout.document import render

    checked = check(manifest)
    return render(checked.issue, checked.theme)


STORY = ("Customs officers from the whole region met at the training college to share their plans "
         "for the coming year and to agree on the courses they will offer each other.")


# --- widow and orphan ------------------------------------------------------------------------------

def test_widow_the_last_line_of_a_paragraph_alone_at_the_top_of_a_page(styles):
    para = lambda style: MeasuredParagraph(STORY, style)  # noqa: E731
    allowed = ragged(styles, allowWidows=1)
    whole = para(allowed)
    n = lines_of(whole)
    assert n >= 3
    last_line = " ".join(whole.blPara.lines[-1][1])
    lead = allowed.leading
    room_for = Spacer(1, FRAME_H - (n - 1) * lead)  # all lines but the last fit on page 1

    laid = lay_out([room_for, para(allowed)])
    assert laid.pages == 2
    [widow] = only(laid, "widow", 2)
    assert widow.message.startswith("the last line of a paragraph alone at the top")
    assert f"“{last_line[:30]}" in widow.message

    # the theme's styles forbid widows: ReportLab carries two lines over instead
    assert ragged(styles).allowWidows == 0
    clean(lay_out([Spacer(1, FRAME_H - (n - 1) * lead), para(ragged(styles))]))


def test_orphan_the_first_line_of_a_paragraph_alone_at_the_foot_of_a_page(styles):
    allowed = ragged(styles, allowOrphans=1)
    lead = allowed.leading
    laid = lay_out([Spacer(1, FRAME_H - lead), MeasuredParagraph(STORY, allowed)])  # room for one line
    assert laid.pages == 2
    [orphan] = only(laid, "orphan", 1)
    assert orphan.message.startswith("one line of a paragraph left alone at the foot")
    assert "Customs officers" in orphan.message

    assert ragged(styles).allowOrphans == 0  # the theme's: the paragraph goes whole to page 2
    clean(lay_out([Spacer(1, FRAME_H - lead), MeasuredParagraph(STORY, ragged(styles))]))


# --- stranded heading ------------------------------------------------------------------------------

def test_stranded_heading_the_last_line_of_a_page(styles):
    lead = styles["body"].leading

    def story(h2):
        return [Spacer(1, FRAME_H - 3 * lead), MeasuredParagraph("A short paragraph.", ragged(styles)),
                MeasuredParagraph("Next steps", h2), MeasuredParagraph(STORY, ragged(styles))]

    loose_h2 = styles["h2"].clone("h2", keepWithNext=0)  # still an "h2": a heading to the preflight
    laid = lay_out(story(loose_h2))
    assert laid.pages == 2
    only(laid, "stranded-heading", 1)
    page1 = [p for p in laid.collector.placed if p.page == 1]
    assert page1[-1].heading and page1[-1].bottom == min(p.bottom for p in page1)

    # the theme's h2 keeps with the next paragraph: both go to page 2
    assert styles["h2"].keepWithNext == 1
    laid = lay_out(story(styles["h2"]))
    clean(laid)
    assert [p.page for p in laid.collector.placed if p.heading] == [2]


def test_stranded_heading_at_the_foot_of_the_first_of_two_columns(styles):
    lead = styles["body"].leading
    loose_h2 = styles["h2"].clone("h2", keepWithNext=0)

    def story(h2):
        return [Spacer(1, FRAME_H - 3 * lead), MeasuredParagraph("Short.", ragged(styles)),
                MeasuredParagraph("Next", h2), MeasuredParagraph("More text.", ragged(styles)),
                PageBreak(), MeasuredParagraph("The last page.", ragged(styles))]

    laid = lay_out(story(loose_h2), columns=2)
    assert laid.pages == 2
    only(laid, "stranded-heading", 1)
    clean(lay_out(story(styles["h2"]), columns=2))


def test_a_heading_at_the_end_of_the_last_page_is_not_reported(styles):
    loose_h2 = styles["h2"].clone("h2", keepWithNext=0)
    clean(lay_out([MeasuredParagraph(STORY, ragged(styles)), MeasuredParagraph("Last words", loose_h2)]))


# --- overfull, loose, hyphen ladder ----------------------------------------------------------------

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosisandevenmore"


def test_overfull_line_a_word_wider_than_the_column(styles):
    unsplit = ragged(styles, splitLongWords=0)
    assert stringWidth(LONG_WORD, unsplit.fontName, unsplit.fontSize) > FRAME_W
    text = f"The longest word: {LONG_WORD} was printed."

    laid = lay_out([full_page(styles), PageBreak(), MeasuredParagraph(text, unsplit)])
    [overfull] = only(laid, "overfull-line", 2)
    over = stringWidth(LONG_WORD, unsplit.fontName, unsplit.fontSize) - FRAME_W
    assert f"a line is {over:.1f} pt wider than its column" in overfull.message

    # the theme splits words longer than the line
    assert styles["body"].splitLongWords == 1
    clean(lay_out([full_page(styles), PageBreak(), MeasuredParagraph(text, ragged(styles))]))


REFERENCE = "0123456789012345678901234567890123"  # a long token no hyphenation can break


def test_loose_line_justified_spaces_stretched_over_twice(styles):
    body = styles["body"]  # the theme's justified body text, as ReportLab breaks it
    text = f"The goods were declared at {REFERENCE} and cleared by the officers on duty that day."
    assert stringWidth(REFERENCE, body.fontName, body.fontSize) > FRAME_W / 2

    laid = lay_out([full_page(styles), PageBreak(), MeasuredParagraph(text, body)])
    [loose] = only(laid, "loose-line", 2)
    assert "word spaces stretched to" in loose.message and "(limit 2×)" in loose.message
    assert "The goods were declared at" in loose.message

    plain = "The goods were declared at the port and cleared by the officers on duty that very same day."
    clean(lay_out([full_page(styles), PageBreak(), MeasuredParagraph(plain, body)]))


LADDER = ["Customs administrations of the region are becoming self-",
          "reliant in training, and they also take part in many cross-"]


def test_hyphen_ladder_three_hyphenated_line_ends_in_a_row(styles):
    # lines broken beforehand by hard breaks; each one justified (a ReportLab paragraph)
    body = styles["body"]
    broken = body.clone("body", justifyBreaks=1, hyphenationLang="", spaceShrinkage=0.3)
    third = "border projects with their neighbours, working as a co-"
    space = stringWidth(" ", body.fontName, body.fontSize)
    for line in LADDER + [third]:  # full lines: justified without looseness, closed up within limits
        gaps = len(line.split()) - 1
        slack = FRAME_W - stringWidth(line, body.fontName, body.fontSize)
        assert -broken.spaceShrinkage * space * gaps < slack < space * gaps

    text = "<br/>".join(LADDER + [third, "operative network of colleges."])
    laid = lay_out([full_page(styles), PageBreak(), MeasuredParagraph(text, broken, tuned=True)])
    [ladder] = only(laid, "hyphen-ladder", 2)
    assert ladder.message.startswith("three hyphenated line ends in a row")

    two = "<br/>".join(LADDER + ["border projects with their neighbours, working in a joint",
                                 "network of colleges."])
    clean(lay_out([full_page(styles), PageBreak(), MeasuredParagraph(two, broken, tuned=True)]))


# --- missing glyph ---------------------------------------------------------------------------------

TOFU = "\U0001fb00"  # BLOCK SEXTANT-1: in no font of the theme, fallbacks included


def test_missing_glyph_a_character_the_font_lacks(styles):
    body = styles["body"]
    laid = lay_out([full_page(styles), PageBreak(), MeasuredParagraph(f"Status {TOFU} on track.", body)])
    [tofu] = only(laid, "missing-glyph", 2)
    assert "U+1FB00" in tofu.message and body.fontName in tofu.message

    bullet = "\u2022"  # BULLET: Source Serif Pro has it
    clean(lay_out([full_page(styles), PageBreak(), MeasuredParagraph(f"Status {bullet} on track.", body)]))


GLYPH_BUG = ("bug: _check_glyphs reads paragraph.frags after wrap(); for a paragraph of more than one "
             "fragment (any <b>, <i>, link or <br/>, so every justified body paragraph the Knuth–Plass "
             "breaker pre-breaks) ReportLab has replaced frags with word lists (_HSFrag, lists) that have "
             "no .text/.fontName, so no missing glyph is found in it")


@pytest.mark.parametrize("text", [f"Status <b>{TOFU}</b> on track.", f"Status <i>{TOFU}</i> on track.",
                                  f"Status {TOFU} on<br/>track."], ids=["bold", "italic", "line-break"])
def test_missing_glyph_in_a_paragraph_with_markup(styles, text):
    laid = lay_out([MeasuredParagraph(text, ragged(styles))])
    [tofu] = laid.of("missing-glyph")
    assert tofu.page == 1 and "U+1FB00" in tofu.message


def test_render_a_zero_width_space_the_fonts_lack_is_reported(tmp_path):
    from newsletter_cli.errors import NewsletterError

    body = ("The first article of a tiny test issue.\n\nA zero\u200bwidth space is in this paragraph of the "
            "article, which goes on for a while to fill a line or two of the justified column.")
    manifest = make_issue(tmp_path, articles={"01-first.md": article("A First Article", body)})
    try:
        layout = _render(manifest)
    except NewsletterError as exc:  # refused before the layout: fine too
        assert "U+200B" in str([p.message for p in exc.problems])
        return
    # or dropped by the layout, as an invisible character: then the PDF cannot show a box for it
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(layout.pdf)).pages)
    assert "\u200b" not in text and "zerowidth space" in text.replace("\n", " ")


# --- low resolution --------------------------------------------------------------------------------

def _figure_box(styles, path: Path, width_pt: float) -> FigureBox:
    figure = model.Figure(line=1, src=f"photos/{path.name}", resolved=path, caption=[model.Span("A photo")],
                          credit=None, width=width_pt / FRAME_W, ratio=1.5)
    return FigureBox(figure, "A photo", styles, LayoutState(), FRAME_H, image_info(path))


def test_low_resolution_an_image_upscaled_on_the_page(styles, tmp_path):
    small, large = tmp_path / "small.png", tmp_path / "large.png"
    Image.new("RGB", (60, 40), (14, 58, 91)).save(small)
    Image.new("RGB", (600, 400), (14, 58, 91)).save(large)

    laid = lay_out([full_page(styles), PageBreak(), _figure_box(styles, small, 200)])
    [low] = only(laid, "low-resolution", 2)
    assert low.message == "image 'photos/small.png' is shown at 22 ppi (under 150)"  # 60 px on 200 pt

    clean(lay_out([full_page(styles), PageBreak(), _figure_box(styles, large, 200)]))  # 216 ppi


# --- near-empty page -------------------------------------------------------------------------------

def test_near_empty_page_one_line_between_two_full_pages(styles):
    def story(middle):
        return [full_page(styles), PageBreak(), middle, PageBreak(), full_page(styles)]

    lonely = lambda: MeasuredParagraph("One lonely line.", ragged(styles))  # noqa: E731
    laid = lay_out(story(lonely()))
    assert laid.pages == 3
    [near] = only(laid, "near-empty-page", 2)
    share = styles["body"].leading / FRAME_H
    assert near.message == f"page is only {share:.0%} filled"

    clean(lay_out(story(full_page(styles))))
    # the last page of a section may be short: here page 3 starts the next section
    clean(lay_out(story(lonely()), section_starts=[1, 3]))
    # and pages before the body (cover, contents) are not judged
    clean(lay_out(story(lonely()), body_first_page=3))


def test_near_empty_the_last_page_is_not_reported(styles):
    clean(lay_out([full_page(styles), PageBreak(), MeasuredParagraph("The end.", ragged(styles))]))


def test_near_empty_a_blank_page_between_two_full_pages(styles):
    laid = lay_out([full_page(styles), PageBreak(), PageBreak(), full_page(styles)])
    assert laid.pages == 3
    only(laid, "near-empty-page", 2)


# --- counts -------------------------------------------------------------------------------------

def test_counts_name_every_check_once(styles):
    laid = lay_out([MeasuredParagraph(f"Status {TOFU} on track.", styles["body"])])
    assert laid.collector.counts() == {check: int(check == "missing-glyph") for check in CHECKS}


# --- false alarms ----------------------------------------------------------------------------------

def test_a_line_ended_by_a_hard_break_is_not_loose(styles):
    body = styles["body"]
    assert not body.justifyBreaks
    text = "Dear colleagues,<br/>" + STORY
    clean(lay_out([MeasuredParagraph(text, body)]))


def test_a_heading_followed_by_a_list_is_not_stranded(styles):
    items = [ListItem(MeasuredParagraph(t, ragged(styles))) for t in ("First item.", "Second item.")]
    story = [MeasuredParagraph("Introduction.", ragged(styles)), MeasuredParagraph("Next steps", styles["h2"]),
             ListFlowable(items, bulletType="bullet", leftIndent=16), PageBreak(),
             MeasuredParagraph("The last page.", ragged(styles))]
    laid = lay_out(story)
    assert laid.pages == 2
    clean(laid)


# --- the whole layout (render) -----------------------------------------------------------------------

@pytest.mark.parametrize("after", ["- alpha item\n- beta item", "| a | b |\n|---|---|\n| 1 | 2 |"],
                         ids=["list", "table"])
def test_render_a_heading_followed_by_a_list_or_table_is_not_stranded(tmp_path, after):
    body = f"The first article of a tiny test issue.\n\n## Next steps\n\n{after}\n"
    layout = _render(make_issue(tmp_path, articles={"01-first.md": article("A First Article", body)}))
    assert layout.counts["stranded-heading"] == 0, [f.as_dict() for f in layout.findings]


PARAGRAPH = ("Customs officers from the whole region met at the training college to share their plans for "
             "the coming year, and to agree on the courses they will offer to each other in turn. ")


def _spill_over(base: Path, manifest_for) -> tuple[int, object]:
    """The fewest paragraphs that take the article onto one more page, and that layout: the last
    page then holds only the end of one paragraph."""
    pages = None
    for n in range(4, 60):
        folder = base / f"n{n}"
        body = "\n\n".join(PARAGRAPH for _ in range(n))
        layout = _render(manifest_for(folder, body))
        count = len(layout.article_pages["a"])
        if pages is not None and count > pages:
            return n, layout
        pages = count
    raise AssertionError("the article never spilled over onto another page")


def test_render_the_last_page_of_the_last_section_is_not_near_empty(tmp_path):
    one_section = lambda folder, body: make_issue(folder, articles={"01-a.md": article("Alpha", body)})  # noqa: E731
    n, layout = _spill_over(tmp_path, one_section)
    last = layout.article_pages["a"][-1]
    assert last == layout.pages - 1  # the back cover follows
    assert not [f for f in layout.findings if f.check == "near-empty-page" and f.page == last], \
        [f.as_dict() for f in layout.findings]


def test_render_the_last_page_of_a_section_followed_by_another_is_not_near_empty(tmp_path):
    def two_sections(folder, body):
        manifest = MANIFEST.format(number=1, articles="      - 001/01-a.md") + (
            "  - kind: essays\n    title: Essays\n    articles:\n      - 001/02-b.md\n")
        return make_issue(folder, manifest=manifest,
                          articles={"01-a.md": article("Alpha", body), "02-b.md": article("Beta", "An essay.")})

    n, layout = _spill_over(tmp_path, two_sections)
    last = layout.article_pages["a"][-1]
    assert layout.page_map["section-essays"] == last + 1
    assert layout.counts["near-empty-page"] == 0, [f.as_dict() for f in layout.findings]


# --- end to end: the CLI ---------------------------------------------------------------------------

def _photo_issue(tmp_path: Path, pixels: tuple[int, int]) -> Path:
    photos = tmp_path / "001" / "photos"
    photos.mkdir(parents=True)
    Image.new("RGB", pixels, (14, 58, 91)).save(photos / "delegates.png")
    body = ("The first article of a tiny test issue, with a photo below.\n\n"
            '![The delegates at the college](photos/delegates.png "Photo: Test Office"){width=100% alt="Delegates seated in rows"}')
    return make_issue(tmp_path, articles={"01-first.md": article("A First Article", body)})


def _json(result) -> dict:
    try:
        return json.loads(result.stdout)
    except ValueError:
        pytest.fail(f"not JSON:\n{result.output}")


def test_cli_build_json_reports_a_low_resolution_image_and_strict_refuses_it(tmp_path):
    manifest = _photo_issue(tmp_path, (60, 40))
    pdf = tmp_path / "out" / "001.pdf"

    result = run_cli("build", manifest, "--output", pdf, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.output
    data = _json(result)
    assert data["output"] == str(pdf) and pdf.is_file()
    counts = data["preflight"]["counts"]
    assert set(counts) == set(CHECKS)
    assert counts == {check: int(check == "low-resolution") for check in CHECKS}
    [finding] = data["preflight"]["findings"]
    # 60 px over the features column (150 mm) is 10 ppi; page 1 is the cover, 2 the contents
    assert finding == {"check": "low-resolution", "page": 3, "article": "first",
                       "message": "image 'photos/delegates.png' is shown at 10 ppi (under 150)",
                       "file": "001/01-first.md", "line": 7, "hint": "supply a larger image"}
    [warning] = data["warnings"]  # the check before the layout says the same
    assert warning["code"] == "resolution" and "10 ppi" in warning["message"]
    assert (warning["line"], warning["col"]) == (7, 33)

    strict_pdf = tmp_path / "strict" / "001.pdf"
    result = run_cli("build", manifest, "--output", strict_pdf, "--strict", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.output
    data = _json(result)
    assert data["output"] is None
    [error] = data["errors"]
    assert error["severity"] == "error" and error["code"] == "resolution" and "(--strict)" in error["message"]
    assert not strict_pdf.exists()


def test_cli_build_json_clean_issue_has_no_findings(tmp_path):
    manifest = _photo_issue(tmp_path, (1200, 800))
    result = run_cli("build", manifest, "--output", tmp_path / "001.pdf", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.output
    data = _json(result)
    assert data["warnings"] == []
    assert data["preflight"] == {"counts": {check: 0 for check in CHECKS}, "findings": []}


def test_cli_strict_refuses_a_preflight_finding_located_at_its_article(tmp_path):
    """No warning before the layout, only the preflight's loose line: --strict still fails."""
    body = (f"The first article of a tiny test issue.\n\nThe goods were declared under the reference "
            f"{REFERENCE}{REFERENCE[:12]} at the port, and were cleared the same day by the customs "
            "officers on duty there.")
    manifest = make_issue(tmp_path, articles={"01-first.md": article("A First Article", body)})

    result = run_cli("build", manifest, "--output", tmp_path / "ok.pdf", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.output
    data = _json(result)
    assert data["warnings"] == []
    assert data["preflight"]["counts"]["loose-line"] >= 1
    assert {f["check"] for f in data["preflight"]["findings"]} == {"loose-line"}
    assert {f["page"] for f in data["preflight"]["findings"]} == {3}

    pdf = tmp_path / "strict.pdf"
    result = run_cli("build", manifest, "--output", pdf, "--strict", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.output
    errors = _json(result)["errors"]
    assert errors and {e["code"] for e in errors} == {"preflight-loose-line"}
    assert all(e["file"].endswith("01-first.md") and e["message"].startswith("page 3: ") for e in errors)
    assert not pdf.exists()


def test_cli_a_character_the_fonts_lack_is_refused_before_the_layout(tmp_path):
    body = f"The first article of a tiny test issue.\n\nStatus {TOFU} on track."
    manifest = make_issue(tmp_path, articles={"01-first.md": article("A First Article", body)})
    pdf = tmp_path / "001.pdf"
    result = run_cli("build", manifest, "--output", pdf, "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.output
    data = _json(result)
    assert data["output"] is None and "preflight" not in data
    [error] = data["errors"]
    assert error["code"] == "glyph" and "U+1FB00" in error["message"]
    assert error["file"].endswith("01-first.md") and (error["line"], error["col"]) == (7, 8)
    assert not pdf.exists()
