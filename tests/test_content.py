"""Markdown -> content blocks: newsletter_cli.content.markdown.parse_markdown with a Context."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from newsletter_cli.content import model
from newsletter_cli.content.inline import plain_text
from newsletter_cli.content.markdown import Context, parse_markdown
from newsletter_cli.errors import Report
from newsletter_cli.paths import assets_dir


def parse(text: str, base: Path, offset: int = 0):
    report = Report()
    ctx = Context("a.md", base, [base, assets_dir()], report, line_offset=offset)
    return parse_markdown(text, ctx), report


def texts(problems) -> list[str]:
    return [str(p) for p in problems]


def png(path: Path, width: int = 4, height: int = 3) -> Path:
    """A tiny valid RGB PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- paragraphs and inline styles --------------------------------------------------------------

def test_paragraphs_and_inline_styles(tmp_path):
    blocks, report = parse("Hello *world* and **bold** `code`.\nsecond line\n\nNext paragraph.\n", tmp_path)
    assert not report.problems
    assert [type(b) for b in blocks] == [model.Paragraph, model.Paragraph]
    first = blocks[0]
    assert first.line == 1 and blocks[1].line == 4
    assert plain_text(first.spans) == "Hello world and bold code. second line"
    styled = {s.text: (s.bold, s.italic, s.code) for s in first.spans}
    assert styled["world"] == (False, True, False)
    assert styled["bold"] == (True, False, False)
    assert styled["code"] == (False, False, True)


def test_strikethrough_is_a_style_and_single_tildes_are_text(tmp_path):
    blocks, report = parse("Was ~~40 USD~~ now 30, **~~bold~~** and ~one~ tilde.\n", tmp_path)
    assert not report.problems
    assert plain_text(blocks[0].spans) == "Was 40 USD now 30, bold and ~one~ tilde."
    assert {s.text: (s.strike, s.bold) for s in blocks[0].spans if s.strike} == {"40 USD": (True, False),
                                                                                 "bold": (True, True)}


def test_hard_break_is_a_soft_break_span(tmp_path):
    blocks, _ = parse("one  \ntwo\n", tmp_path)
    assert [s.soft_break for s in blocks[0].spans] == [False, True, False]


def test_line_offset_shifts_block_lines(tmp_path):
    blocks, _ = parse("\n\nThird line.\n", tmp_path, offset=5)
    assert blocks[0].line == 8


# --- headings ----------------------------------------------------------------------------------

def test_headings(tmp_path):
    blocks, report = parse("## Section\n\n### Sub\n\n#### Minor\n\n##### Least\n\n###### Lesser\n", tmp_path)
    assert [(b.level, plain_text(b.spans)) for b in blocks] == [(2, "Section"), (3, "Sub"), (4, "Minor"),
                                                                (4, "Least"), (4, "Lesser")]
    assert texts(report.problems) == [
        "a.md:7:1: warning: '#####' headings are not supported: it is set as a '####' heading "
        "(hint: an article's headings are '##', '###' and '####')",
        "a.md:9:1: warning: '######' headings are not supported: it is set as a '####' heading "
        "(hint: an article's headings are '##', '###' and '####')"]


def test_level_one_heading_warns_and_becomes_level_two(tmp_path):
    blocks, report = parse("Text.\n\n# Big\n", tmp_path)
    assert blocks[1].level == 2
    assert texts(report.problems) == ["a.md:3:1: warning: '#' headings are reserved for the article title "
                                      "(front matter 'title'); use '##' for sub-headings"]


# --- lists -------------------------------------------------------------------------------------

def test_bullet_list(tmp_path):
    blocks, _ = parse("- alpha\n- beta *gamma*\n", tmp_path)
    (block,) = blocks
    assert isinstance(block, model.ListBlock) and not block.ordered
    assert [plain_text(item[0].spans) for item in block.items] == ["alpha", "beta gamma"]


def test_ordered_list_keeps_its_start(tmp_path):
    blocks, _ = parse("3. three\n4. four\n", tmp_path)
    (block,) = blocks
    assert block.ordered and block.start == 3
    assert [plain_text(item[0].spans) for item in block.items] == ["three", "four"]


def test_nested_list(tmp_path):
    blocks, _ = parse("- outer\n  - inner\n", tmp_path)
    inner = blocks[0].items[0][1]
    assert isinstance(inner, model.ListBlock)
    assert plain_text(inner.items[0][0].spans) == "inner"


# --- tables ------------------------------------------------------------------------------------

TABLE = """\
|     | Guiding principles |
|-----|--------------------|
|     | **HR: Acting as a leader** |
| 1.1 | Ensure that a culture is established |
| 1.2 | Ensure that HR embraces its strategic partner role |

::: caption
Table 1: The guiding principles
:::
"""


def test_gfm_table_with_group_rows_and_caption(tmp_path):
    blocks, report = parse(TABLE, tmp_path)
    assert not report.problems
    (table,) = blocks
    assert isinstance(table, model.Table)
    assert [plain_text(c.spans) for c in table.header] == ["", "Guiding principles"]
    assert len(table.rows) == 3
    group = table.rows[0]
    assert not group[0].spans and all(s.bold for s in group[1].spans)
    assert plain_text(group[1].spans) == "HR: Acting as a leader"
    assert [plain_text(c.spans) for c in table.rows[2]] == ["1.2", "Ensure that HR embraces its strategic partner role"]
    assert plain_text(table.caption) == "Table 1: The guiding principles"


def test_table_alignment(tmp_path):
    blocks, _ = parse("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n", tmp_path)
    assert [c.align for c in blocks[0].rows[0]] == ["left", "center", "right", None]  # None: not given


def test_br_in_a_table_cell_breaks_the_line(tmp_path):
    blocks, report = parse("| a | b |\n|---|---|\n| one<br>two | x<br/>y<BR />z |\n", tmp_path)
    assert not report.problems
    cell = blocks[0].rows[0][0]
    assert [(s.text, s.soft_break) for s in cell.spans] == [("one", False), ("\n", True), ("two", False)]
    assert plain_text(blocks[0].rows[0][1].spans) == "x\ny\nz"


def test_br_breaks_a_line_in_a_paragraph_too_and_a_br_with_attributes_is_text(tmp_path):
    blocks, report = parse("one<br>two<br />three\n\nfour <br class=x> five\n", tmp_path)
    assert [(s.text, s.soft_break) for s in blocks[0].spans] == [("one", False), ("\n", True), ("two", False),
                                                                 ("\n", True), ("three", False)]
    assert plain_text(blocks[1].spans) == "four <br class=x> five"
    (warning,) = report.warnings
    assert warning.hint == "write it as <br> alone to break the line"


# --- HTML comments are dropped -----------------------------------------------------------------

@pytest.mark.parametrize("source,printed", [
    ("Before <!-- secret --> after.\n", ["Before  after."]),
    ("<!-- note to editors: delete before publishing -->\n\nText.\n", ["Text."]),
    ("<!-- several\nlines\n\nwith a blank one -->\nText.\n", ["Text."]),
    ("Line one <!-- a\nsecret --> line two.\n", ["Line one  line two."]),
    ("- item <!-- secret -->\n- two\n", []),
    ("| a | b |\n|---|---|\n| x <!-- secret --> | y |\n", []),
    ("<div>\nkept <!-- secret --> text\n</div>\n", ["kept  text"]),  # (a wrapper: its text kept)
])
def test_comments_are_dropped(tmp_path, source, printed):
    blocks, report = parse(source, tmp_path)
    assert not report.errors
    assert not any("comment" in p.message for p in report.problems)
    every = " ".join(text for _, text in model.block_texts(blocks))
    assert "secret" not in every and "<!--" not in every and "-->" not in every
    assert [plain_text(b.spans) for b in blocks if isinstance(b, model.Paragraph)] == printed


def test_comment_text_in_code_is_kept(tmp_path):
    blocks, _ = parse("`<!-- a -->`\n\n```\n<!-- b -->\n```\n", tmp_path)
    assert plain_text(blocks[0].spans) == "<!-- a -->" and blocks[1].text == "<!-- b -->"


def test_comment_lines_keep_later_lines_located(tmp_path):
    blocks, report = parse("<!-- one\ntwo -->\n\nText <!-- x\ny --> [bad](javascript:x)\n", tmp_path)
    assert [p.location.line for p in report.errors] == [5]


def test_unclosed_comment_is_printed_with_a_warning(tmp_path):
    blocks, report = parse("Text <!-- never closed\n", tmp_path)
    assert plain_text(blocks[0].spans) == "Text <!-- never closed"
    (warning,) = report.warnings
    assert "never closed" in warning.message and warning.location.col == 6


def test_caption_without_table_or_figure_is_an_error(tmp_path):
    _, report = parse("Text.\n\n::: caption\nOrphan\n:::\n", tmp_path)
    assert texts(report.problems) == ["a.md:3:1: error: '::: caption' must follow a table or a figure"]


# --- callouts ----------------------------------------------------------------------------------

def test_callout_with_title(tmp_path):
    text = "::: callout *GREEN CUSTOMS INITIATIVE\n“A PARTNERSHIP”\n\n\\*SOURCE: [HTTP://X](http://x.org/)\n:::\n"
    blocks, report = parse(text, tmp_path)
    assert not report.problems
    (callout,) = blocks
    assert isinstance(callout, model.Callout)
    assert callout.title == "*GREEN CUSTOMS INITIATIVE"
    assert [plain_text(b.spans) for b in callout.blocks] == ["“A PARTNERSHIP”", "*SOURCE: HTTP://X"]
    assert callout.blocks[1].spans[-1].href == "http://x.org/"


def test_pullquote_quote_code_and_rule(tmp_path):
    blocks, _ = parse("::: pullquote\nSaid.\n:::\n\n> quoted\n\n```\n<b>code</b>\n```\n\n---\n", tmp_path)
    assert [type(b) for b in blocks] == [model.PullQuote, model.Quote, model.CodeBlock, model.Rule]
    assert blocks[2].text == "<b>code</b>"


# --- figures -----------------------------------------------------------------------------------

def test_figure_with_width_and_ratio(tmp_path):
    png(tmp_path / "photos" / "p.png")
    blocks, report = parse('![A caption](photos/p.png){width=45% ratio=3:4 alt="A grey square"}\n', tmp_path)
    assert not report.problems
    (figure,) = blocks
    assert isinstance(figure, model.Figure)
    assert figure.width == pytest.approx(0.45)
    assert figure.ratio == pytest.approx(0.75)
    assert figure.resolved == tmp_path / "photos" / "p.png"
    assert plain_text(figure.caption) == "A caption"
    assert figure.alt == "A grey square"
    _, report = parse("![A caption](photos/p.png){width=45%}\n", tmp_path)
    assert [(p.severity, p.code) for p in report.problems] == [("warning", "alt-text")]


def test_figure_defaults_and_title_as_credit(tmp_path):
    png(tmp_path / "p.png")
    blocks, _ = parse('![Cap](p.png "Photo: ROCB")\n', tmp_path)
    assert blocks[0].width == 1.0 and blocks[0].ratio == pytest.approx(1.5)
    assert blocks[0].credit == "Photo: ROCB"


def test_missing_photo_warns_and_is_unresolved(tmp_path):
    blocks, report = parse("Intro.\n\n![Cap](photos/missing.jpg){width=60%}\n", tmp_path)
    figure = blocks[1]
    assert isinstance(figure, model.Figure) and figure.resolved is None
    assert texts(report.problems) == [
        "a.md:3:8: warning: photo 'photos/missing.jpg' is not supplied: a placeholder frame is drawn"]
    assert not report.errors


@pytest.mark.parametrize("attrs,words", [
    ("{width=5%}", "width '5%' must be a share of the column from 10% to 100%"),
    ("{width=150%}", "from 10% to 100%"),
    ("{ratio=wide}", "ratio 'wide' must look like 3:2"),
    ("{ratio=10:1}", "between 1:5 and 5:1"),
    ("{heigth=3}", "unknown figure attribute 'heigth'"),
])
def test_bad_figure_attributes(tmp_path, attrs, words):
    png(tmp_path / "p.png")
    _, report = parse(f"![c](p.png){attrs}\n", tmp_path)
    assert len(report.errors) == 1 and words in report.errors[0].message
    assert report.errors[0].location.line == 1


@pytest.mark.parametrize("src,words", [
    ("../secret.png", "goes up with '..'"),
    ("/../etc/passwd", "goes up with '..'"),
    ("file:///etc/passwd", "is a URL"),
])
def test_figure_paths_outside_refused(tmp_path, src, words):
    blocks, report = parse(f"Text.\n\n![c]({src})\n", tmp_path)
    assert blocks[1].resolved is None
    assert len(report.errors) == 1 and words in report.errors[0].message
    assert report.errors[0].location.line == 3


def test_fake_image_refused(tmp_path):
    (tmp_path / "fake.png").write_text("not an image")
    _, report = parse("![c](fake.png)\n", tmp_path)
    assert len(report.errors) == 1 and "is not a PNG or JPEG image" in report.errors[0].message


def test_image_in_the_middle_of_text_prints_its_alt_text(tmp_path):
    png(tmp_path / "p.png")  # an icon or a badge in a line: the line's words are all kept
    blocks, report = parse("Intro.\n\nText ![img](p.png) more text.\n", tmp_path)
    assert not report.errors
    assert texts(report.warnings) == [
        "a.md:3:6: warning: an image inside a line of text is not drawn: its alternative text is printed "
        "in its place (hint: put the image alone in its own paragraph, where it becomes a figure)"]
    assert isinstance(blocks[1], model.Paragraph) and plain_text(blocks[1].spans) == "Text img more text."


# --- task lists --------------------------------------------------------------------------------

def test_task_items_lose_their_box_text_and_keep_their_state(tmp_path):
    blocks, report = parse("- [x] done **well**\n- [ ] open\n- ordinary\n- [X] also done\n", tmp_path)
    assert not report.problems
    listed = blocks[0]
    assert listed.tasks == [True, False, None, True]
    assert [plain_text(item[0].spans) for item in listed.items] == ["done well", "open", "ordinary", "also done"]


@pytest.mark.parametrize("text", ["- [x]\n- b\n", "- `[x] code`\n", "- [x]done\n", "- [y] maybe\n",
                                  "- plain\n- items\n"])
def test_not_a_task_item(tmp_path, text):
    blocks, _ = parse(text, tmp_path)
    assert blocks[0].tasks == []
    assert plain_text(blocks[0].items[0][0].spans) == text.split("\n")[0][2:].strip("`")


# --- links -------------------------------------------------------------------------------------

def test_autolinks_and_mailto(tmp_path):
    text = "See <http://www.basel.int/> or <maypavida@rocbap.org> or [mail](mailto:a@b.org) or [s](https://x.org).\n"
    blocks, report = parse(text, tmp_path)
    assert not report.problems
    links = {s.text: s.href for s in blocks[0].spans if s.href}
    assert links == {"http://www.basel.int/": "http://www.basel.int/",
                     "maypavida@rocbap.org": "mailto:maypavida@rocbap.org",
                     "mail": "mailto:a@b.org", "s": "https://x.org"}


def test_anchor_links_allowed(tmp_path):
    blocks, report = parse("Back to [top](#section-1).\n", tmp_path)
    assert not report.problems
    assert blocks[0].spans[1].href == "#section-1"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "jav&#x61;script:alert(1)",
                                 "file:///etc/passwd", "vbscript:x", "data:text/html,hi", "about:blank"])
def test_unsafe_links_refused_with_a_located_error(tmp_path, url):
    blocks, report = parse(f"Intro.\n\nSee [x]({url}) here.\n", tmp_path, offset=4)
    assert len(report.errors) == 1, texts(report.problems)
    problem = report.errors[0]
    assert (problem.location.file, problem.location.line) == ("a.md", 7)
    assert "is not allowed: use http, https, mailto or a #anchor" in problem.message
    assert plain_text(blocks[1].spans) == "See x here."
    assert all(s.href is None for s in blocks[1].spans)


@pytest.mark.parametrize("url", ["relative.html", "/issues/75", "../notes.md", "", "irc://irc.example.org/news",
                                 "tel:+6621234567", "www.example.org"])
def test_a_link_a_pdf_cannot_open_is_a_warning_and_its_text_is_kept(tmp_path, url):
    blocks, report = parse(f"Intro.\n\nSee [the notes]({url}) here.\n", tmp_path, offset=4)
    assert not report.errors, texts(report.problems)
    (warning,) = report.warnings
    assert warning.code == "link-target" and (warning.location.file, warning.location.line) == ("a.md", 7)
    assert warning.message == f"link '{url}' is not a web or e-mail address a reader of the PDF can open: " \
        "its text is printed without the link"
    assert plain_text(blocks[1].spans) == "See the notes here."
    assert all(s.href is None for s in blocks[1].spans)


def test_a_malformed_web_address_is_still_an_error(tmp_path):
    _, report = parse("See [x](https://foo.bar.%60baz) and [y](https://../).\n", tmp_path)
    assert [p.message for p in report.errors] == ["link 'https://foo.bar.%60baz' has an invalid host 'foo.bar.%60baz'",
                                                  "link 'https://../' has an invalid host '..'"]


def test_unsafe_link_located_at_its_own_line(tmp_path):
    _, report = parse("First line of a paragraph\nsecond line\nthird with [x](javascript:alert(1)).\n", tmp_path)
    assert [p.location.line for p in report.errors] == [3]


# --- raw HTML stays text -----------------------------------------------------------------------

@pytest.mark.parametrize("raw,tag", [("<iframe src=x>", "<iframe src=x>"), ('<font color="red">t</font>', '<font color="red">'),
                                     ("<blink>unclosed", "<blink>"), ("<script>alert(1)</script>", "<script>"),
                                     ("<para>", "<para>"), ("a & b < c > d", None)])
def test_raw_html_kept_as_literal_text(tmp_path, raw, tag):
    blocks, report = parse(f"Before {raw} after.\n", tmp_path)
    assert not report.errors
    if tag is None:
        assert not report.problems
    else:  # a warning: what looks like HTML is printed as typed
        (warning,) = report.warnings
        assert warning.message.startswith(f"'{tag}' looks like HTML, which is not interpreted")
        assert (warning.location.line, warning.location.col) == (1, 8)
    (paragraph,) = blocks
    assert isinstance(paragraph, model.Paragraph)
    assert plain_text(paragraph.spans) == f"Before {raw} after."
    assert not any(s.bold or s.italic or s.href for s in paragraph.spans)


def test_inline_formatting_tags_set_their_text_and_nothing_else(tmp_path):
    text = ("Water is H<sub>2</sub>O, E = mc<sup>2</sup>, the 1<sup>st</sup>; note<sup>[3]</sup>; "
            "<b>bold</b> <strong class=x>strong</strong> <em>em</em> <i onclick=\"x()\">i</i> <del>gone</del> "
            "<kbd>Ctrl</kbd> <span style=\"color:red\">red</span> <u>under</u>.\n\nOpen <b>bold to the end.\n")
    blocks, report = parse(text, tmp_path)
    first, second = blocks
    assert plain_text(first.spans) == ("Water is H₂O, E = mc², the 1ˢᵗ; note[3]; bold strong em i gone Ctrl red "
                                       "under.")
    styled = {s.text: (s.bold, s.italic, s.strike, s.code) for s in first.spans}
    assert styled["bold"] == styled["strong"] == (True, False, False, False)
    assert styled["em"] == styled["i"] == (False, True, False, False)
    assert styled["gone"] == (False, False, True, False) and styled["Ctrl"] == (False, False, False, True)
    assert all(not (s.bold or s.italic or s.code) for s in first.spans if "red" in s.text or "under" in s.text)
    assert [s.bold for s in second.spans] == [False, True]
    assert [str(p).split(" (hint:")[0] for p in report.problems] == [
        "a.md:3:6: warning: '<b>' is never closed: the rest of the paragraph is set so"]


def test_html_links_pictures_and_block_wrappers_of_a_web_editor_read_as_text(tmp_path):
    text = ('<p align="center">Welcome to <a href="https://example.org/a?b=1&amp;c=2">issue 12</a>.</p>\n\n'
            "<details>\n<summary>Click to expand</summary>\n\nHidden text.\n\n</details>\n\n"
            'An <a name="top">anchor</a> and a <img src="x.png" alt="cat"> picture.\n')
    blocks, report = parse(text, tmp_path)
    assert [plain_text(b.spans) for b in blocks] == ["Welcome to issue 12.", "Click to expand", "Hidden text.",
                                                      "An anchor and a cat picture."]
    link = [s for s in blocks[0].spans if s.href]
    assert [(s.text, s.href) for s in link] == [("issue 12", "https://example.org/a?b=1&c=2")]
    assert all(s.bold for s in blocks[1].spans) and not any(s.href for s in blocks[3].spans)
    assert [p.code for p in report.problems] == ["inline-image"]
    _, report = parse('Bad <a href="javascript:alert(1)">link</a>.\n', tmp_path)
    assert [p.code for p in report.errors] and "is not allowed" in report.errors[0].message


def test_a_web_editors_figure_is_a_figure_with_its_alt_text_and_caption(tmp_path):
    png(tmp_path / "cat.png")
    text = ('<figure><img src="cat.png" alt="A grey cat &amp; a box"><figcaption>The office cat, <b>asleep</b>.'
            '</figcaption></figure>\n\n<p><img src=\'cat.png\' alt="Again"></p>\n\n'
            '<div><img src="cat.png"> and some words</div>\n')
    blocks, report = parse(text, tmp_path)
    first, second, third = blocks
    assert isinstance(first, model.Figure) and first.src == "cat.png" and first.alt == "A grey cat & a box"
    assert plain_text(first.caption) == "The office cat, asleep." and first.resolved is not None
    assert isinstance(second, model.Figure) and second.alt == "Again" and not second.caption
    assert isinstance(third, model.Paragraph) and plain_text(third.spans) == "and some words"  # (words: text)
    assert [p.code for p in report.problems] == ["inline-image"]


def test_an_html_table_is_a_table_with_its_header_alignments_caption_and_links(tmp_path):
    text = ("<table>\n  <caption>Members by city</caption>\n"
            "  <thead><tr><th>City</th><th align=\"right\">Members</th><th>Contact</th></tr></thead>\n"
            "  <tr><td>Bangkok</td><td style=\"text-align: right\">42</td>"
            "<td><a href=\"mailto:bkk@example.org\">write</a></td></tr>\n"
            "  <tr><td><b>Seoul</b> &amp; Incheon</td><td>17</td><td>-</td></tr>\n</table>\n\n"
            "<table><tr><td>a <table><tr><td>nested</td></tr></table></td></tr></table>\n")
    blocks, report = parse(text, tmp_path)
    table, nested = blocks
    assert isinstance(table, model.Table)
    assert [plain_text(c.spans) for c in table.header] == ["City", "Members", "Contact"]
    assert [[plain_text(c.spans) for c in row] for row in table.rows] == [["Bangkok", "42", "write"],
                                                                         ["Seoul & Incheon", "17", "-"]]
    assert [c.align for c in table.header] == [None, "right", None] and table.rows[0][1].align == "right"
    assert table.rows[0][2].spans[0].href == "mailto:bkk@example.org" and table.rows[1][0].spans[0].bold
    assert plain_text(table.caption) == "Members by city"
    assert isinstance(nested, model.Paragraph) and "<table>" in plain_text(nested.spans)  # (as typed)
    assert [p.code for p in report.problems] == ["html"]


def test_an_html_block_keeps_its_text_and_drops_its_wrappers_attributes_and_all(tmp_path):
    blocks, _ = parse('<div onclick="x()">\nhello\n</div>\n\n<iframe src="https://x.org">\n', tmp_path)
    assert [plain_text(b.spans) for b in blocks] == ["hello", '<iframe src="https://x.org">']


def test_markup_escapes_everything_for_reportlab():
    from newsletter_cli.layout.markup import markup

    spans = [model.Span('<font color="[[[x]]]">x</font> & <b>', href=None),
             model.Span("link", href='http://x.org/?a=1&b="2"')]
    out = markup(spans, "#17807E")
    assert "&lt;font color=&quot;[[[x]]]&quot;&gt;x&lt;/font&gt; &amp; &lt;b&gt;" in out
    assert 'href="http://x.org/?a=1&amp;b=&quot;2&quot;"' in out


# --- any text survives ReportLab's paragraph parser literally ----------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_MARKUP_CHARS = st.sampled_from(list("<>&\"'/=[]();#xab 1"))
_TEXT = st.text(alphabet=_MARKUP_CHARS, max_size=40) | st.text(max_size=30)


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, bold=st.booleans(), italic=st.booleans(), link=st.booleans())
def test_any_text_is_rendered_literally_by_reportlab(text, bold, italic, link):
    import re

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph

    from newsletter_cli.layout.markup import clean, markup

    span = model.Span(text, bold, italic, False, 'https://x.org/?a=1&b="<2>"' if link else None)
    paragraph = Paragraph(markup([span], "#17807E"), getSampleStyleSheet()["Normal"])
    expected = clean(text)  # without control and invisible formatting characters (U+200B, U+FEFF…),
    # a line or paragraph separator (U+0085, U+2028, U+2029) made a word space
    assert set(expected) <= set(text) | {" "}
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029]", expected)
    assert paragraph.getPlainText().split() == expected.split()


# --- Markdown the layout does not support ------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Text with a note[^1].\n",
     ["a.md:1:17: warning: footnote '[^1]' has no note: it is printed as typed"]),
    ("A term of\ntwo lines\n: the definition\n",
     ["a.md:3:1: warning: a ': ' line after a paragraph of several lines is not a definition (a term is one "
      "line): the colon is printed"]),
    ("::: calout Title\nInside.\n:::\n",
     ["a.md:1:1: error: '::: calout' is not a known block: the lines would be printed as typed"]),
    ("::: callout Title\nInside, never closed.\n",
     ["a.md:1:1: warning: '::: callout' is never closed: everything after it, to the end of the article, "
      "is inside it"]),
    ("| a | b |\n|---|---|\n| ![x](p.png) | y |\n",
     ["a.md:3:3: warning: an image in a table cell, heading or link is not supported: only its caption text "
      "is printed"]),
    ("Some <blink>bold</blink> and <i>more</i>.\n\nA <br id=1> here.\n",
     ["a.md:1:6: warning: '<blink>' looks like HTML, which is not interpreted: it is printed as typed",
      "a.md:3:3: warning: '<br id=1>' looks like HTML, which is not interpreted: it is printed as typed"]),
    ("Prices: a < b, 5 > 3, fish & chips, x<-y.\n", []),
])
def test_unsupported_markdown_is_reported_at_its_place(tmp_path, text, expected):
    png(tmp_path / "p.png")
    _, report = parse(text, tmp_path)
    assert [str(p).split(" (hint:")[0] for p in report.problems] == expected


def test_unknown_block_has_a_did_you_mean(tmp_path):
    _, report = parse("::: pull-quote\nSaid.\n:::\n", tmp_path)
    assert report.errors[0].hint == "did you mean '::: pullquote'?"


def test_too_many_table_columns_is_a_located_error(tmp_path):
    def table(cells):
        return "|" + "|".join(f"c{i}" for i in range(cells)) + "|\n|" + "---|" * cells + "\n|" + "x|" * cells + "\n"
    _, report = parse("Intro.\n\n" + table(40), tmp_path)  # a wide table is set in parts (layout)
    assert not report.problems
    _, report = parse("Intro.\n\n" + table(201), tmp_path)
    assert [str(p).split(" (hint")[0] for p in report.errors] == [
        "a.md:3:1: error: table has 201 columns; at most 200 can be set"]


def test_columns_point_into_the_manifest_for_inline_bodies(tmp_path):
    report = Report()
    lines = ["sections:", "  - body: |", "      Some <tt2>bold</tt2>."]
    ctx = Context("m.yaml", tmp_path, [tmp_path], report, line_offset=2, source_lines=lines)
    parse_markdown("Some <tt2>bold</tt2>.\n", ctx)
    assert str(report.problems[0]).startswith("m.yaml:3:12: warning: '<tt2>' looks like HTML")


# --- footnotes and pictures on the web -----------------------------------------------------------

def test_footnotes_are_numbered_and_their_notes_set_at_the_end(tmp_path):
    blocks, report = parse("A note[^b] and[^a] again[^b].\n\n[^a]: Second *note*.\n[^b]: First note.\n\n"
                           "More text.\n", tmp_path)
    assert not report.problems
    assert plain_text(blocks[0].spans) == "A note¹ and² again¹."
    assert isinstance(blocks[1], model.Paragraph) and plain_text(blocks[1].spans) == "More text."
    rule, notes = blocks[2:]
    assert isinstance(rule, model.Rule) and isinstance(notes, model.ListBlock) and notes.ordered
    assert [plain_text(item[0].spans) for item in notes.items] == ["First note.", "Second note."]
    assert notes.items[0][0].line == 4 and notes.items[1][0].line == 3


def test_a_picture_on_the_web_is_a_placeholder_with_a_warning(tmp_path):
    blocks, report = parse("![The logo](https://example.com/logo.png)\n", tmp_path)
    assert not report.errors
    (warning,) = report.warnings
    assert "is on the web: a placeholder frame is drawn" in warning.message and warning.location.col == 13
    assert isinstance(blocks[0], model.Figure) and blocks[0].resolved is None
    assert plain_text(blocks[0].caption) == "The logo"


@pytest.mark.parametrize("mark,title", [("[!NOTE]", "Note"), ("[!tip]", "Tip"), ("[!IMPORTANT]", "Important"),
                                        ("[!WARNING]", "Warning"), ("[!CAUTION]", "Caution")])
def test_a_github_alert_is_a_callout_box_with_its_title(tmp_path, mark, title):
    blocks, report = parse(f"> {mark}\n> Back up **first**.\n>\n> Then upgrade.\n", tmp_path)
    assert not report.problems
    (box,) = blocks
    assert isinstance(box, model.Callout) and box.title == title
    assert [plain_text(b.spans) for b in box.blocks] == ["Back up first.", "Then upgrade."]


def test_a_quote_that_only_mentions_an_alert_mark_stays_a_quote(tmp_path):
    for text in ("> [!FOO] not a mark\n", "> Plain [!NOTE] inside.\n", "> `[!NOTE]` in code\n"):
        (quote,), _ = parse(text, tmp_path)
        assert isinstance(quote, model.Quote), text


def test_emoji_shortcodes_print_as_emoji_but_not_in_code_addresses_or_times(tmp_path):
    text = "Shipped :rocket: :tada: :+1: at 10:30:45, :not_a_name:, `:rocket:` and <https://x.org/:tada:/>.\n"
    (paragraph,), report = parse(text, tmp_path)
    assert not report.problems
    assert plain_text(paragraph.spans) == ("Shipped \U0001f680 \U0001f389 \U0001f44d at 10:30:45, :not_a_name:, "
                                           ":rocket: and https://x.org/:tada:/.")
    assert [s.code for s in paragraph.spans if s.text == ":rocket:"] == [True]
