"""Text as contributors type it, set as a printer sets it: curly quotes in the issue's
language, dashes, an ellipsis (content/typography.py); bare web and e-mail addresses as links
(content/autolinks.py); a paragraph all in bold as the title of what follows; a table too wide
for a report's column across both; inline code not broken near its ends; a loose list item's
second paragraph apart from its first. Each read back from the built PDF."""

from __future__ import annotations

import pypdf
import pypdfium2 as pdfium
from conftest import MANIFEST, article, build_article, make_issue, run_cli


def _text(pdf) -> str:
    """The PDF's text, its lines joined by single spaces."""
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).split())


def _uris(pdf) -> list[str]:
    found = []
    for page in pypdf.PdfReader(pdf).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_typed_quotes_dashes_and_dots_are_set_and_code_keeps_them(tmp_path):
    body = """
        "Hello," she said. It's O'Brien's turn: the '90s were 'different'. Pages 10--12, and --help.

        Wait... really---yes. Run `print("it's")` as typed.

        ```python
        print("don't")  # 'as typed' -- here
        ```
    """
    _, pdf = build_article(tmp_path, "The \\\"clever\\\" code's cost", body)
    text = _text(pdf)
    assert "“Hello,” she said. It’s O’Brien’s turn: the ’90s were ‘different’." in text, text
    assert "Pages 10–12, and --help." in text
    assert "Wait… really—yes." in text
    assert 'print("it\'s")' in text  # a code span as typed
    assert 'print("don\'t")' in text and "# 'as typed' -- here" in text  # and a code block
    assert "The “clever” code’s cost" in text  # the title too (and so in the contents)
    outline = pypdf.PdfReader(pdf).outline
    titles = [item.title for item in outline + [i for part in outline if isinstance(part, list) for i in part]
              if not isinstance(item, list)]
    assert "The “clever” code’s cost" in titles, titles


def test_quotes_are_the_issue_languages(tmp_path):
    body = 'Er sagte: "Guten Tag" und \'bis bald\'.\n'
    text = MANIFEST.format(number=1, articles="      - 001/01-a.md") + "language: de\n"
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Ein Titel", body)}, manifest=text)
    result = run_cli("build", manifest, "-o", tmp_path / "de.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert "Er sagte: „Guten Tag“ und ‚bis bald‘." in _text(tmp_path / "de.pdf")


def test_bare_web_and_mail_addresses_are_links(tmp_path):
    body = """
        Read https://example.org/notes_(2026). Or see www.python.org, or write to desk@example.org.

        Not links: `https://in.code.example`, a@b, x://y and https://. alone.

        [A link](https://linked.example/) stays one link.
    """
    _, pdf = build_article(tmp_path, "Addresses", body)
    uris = _uris(pdf)
    assert "https://example.org/notes_(2026)" in uris, uris
    assert "http://www.python.org" in uris
    assert "mailto:desk@example.org" in uris
    assert uris.count("https://linked.example/") == 1
    assert not any("in.code" in uri or uri.startswith("x:") or uri == "https://." for uri in uris), uris
    assert "Read https://example.org/notes_(2026). Or see www.python.org" in _text(pdf)  # as typed


def _left(pdf, needle: str) -> float:
    """The left edge, in points, of the first character of `needle` in the PDF."""
    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        textpage = page.get_textpage()
        found = textpage.search(needle).get_next()
        if found:
            return textpage.get_charbox(found[0])[0]
    raise AssertionError(f"{needle!r} not found")


def test_a_paragraph_all_in_bold_is_flush_left_and_so_is_the_one_after_it(tmp_path):
    body = """
        The round-up opens with a paragraph of its own, long enough to be set as any other.

        **Tooling**

        Alpha starts the paragraph under the bold title line, flush left as under a heading.

        Bravo starts a paragraph that goes on from the one before, and it is indented.
    """
    _, pdf = build_article(tmp_path, "Round-up", body)
    margin = _left(pdf, "The round-up")
    assert abs(_left(pdf, "Tooling") - margin) < 0.5
    assert abs(_left(pdf, "Alpha starts") - margin) < 0.5
    assert _left(pdf, "Bravo starts") > margin + 5  # (the control: an ordinary second paragraph)


MEETUPS = """\
| City | Date | Venue | Speaker | Topic | Attendees | Recording |
|---|---|---|---|---|---:|---|
| Bangkok | 2 Dec | True Digital Park | สมชาย ใจดี | Type hints in Django | 84 | [video](https://youtu.be/x) |
| Tokyo | 5 Dec | Shibuya Stream | 山田太郎 | asyncio の内側 | 120 | — |
| Delhi | 9 Dec | IIT Delhi | अर्जुन शर्मा | Data pipelines with Polars | 150 | [video](https://youtu.be/y) |
| Cairo | 12 Dec | AUC | محمد حسن | Teaching Python to 10,000 students | 200 | [video](https://youtu.be/z) |

Want your meetup listed? Open a PR against `meetups.yaml`.

| Year | Meetups |
|---|---:|
| 2025 | 41 |
"""


def test_a_table_too_wide_for_a_column_of_the_reports_is_set_across_the_columns(tmp_path):
    text = MANIFEST.format(number=1, articles="      - 001/01-a.md").replace("kind: features", "kind: reports")
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Meetups around the world", MEETUPS)},
                          manifest=text)
    pdf = tmp_path / "reports.pdf"
    result = run_cli("build", manifest, "-o", pdf, cwd=tmp_path)
    assert result.returncode == 0, result.output
    width = pdfium.PdfDocument(str(pdf))[0].get_width()
    # the seven columns span the page's text, wider than a column (half of it, less the gutter)
    assert _left(pdf, "Recording") - _left(pdf, "City") > width * 0.5
    assert _left(pdf, "Meetups") - _left(pdf, "Year") < width * 0.4  # a narrow table stays in a column
    # and a short name in code is not broken before its last few characters (`meetups` / `.yaml`)
    assert "meetups.yaml" in _text(pdf)


# --- the two text passes on any text: nothing but the marks changes, nothing is lost ------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from newsletter_cli.content.autolinks import split  # noqa: E402
from newsletter_cli.content.links import url_problem  # noqa: E402
from newsletter_cli.content.typography import quotes_for, smart  # noqa: E402

FRAGMENTS = ["https://", "http://", "www.", "x.org", "a.b", "@", "desk", " ", "  ", "(", ")", ".", ",", "'", '"',
             "--", "---", "...", "ab", "1", "90s", "{{", "}}", "{%", "%}", "<", "\n", "\u00a0", "é", "/", "_"]
TEXTY = st.lists(st.sampled_from(FRAGMENTS) | st.text(alphabet="ab1 .-'\"@:/w(){}%<>_~*", max_size=4),
                 max_size=40).map("".join)
MARKS_IN, MARKS_OUT = str.maketrans("", "", "\"'.-"), str.maketrans("", "", "\"'.-“”‘’„‚«»‹›「」『』…–—\u00a0")


@settings(max_examples=300, deadline=None)
@given(TEXTY, st.sampled_from(["en", "de", "fr", "ja", "xx"]))
def test_smart_punctuation_changes_only_the_marks(text, language):
    assert smart(text, quotes_for(language)).translate(MARKS_OUT) == text.replace("\u00a0", "").translate(MARKS_IN)


@settings(max_examples=300, deadline=None)
@given(TEXTY)
def test_bare_addresses_split_the_text_without_losing_any_of_it(text):
    pieces = split(text)
    assert "".join(piece for piece, _ in pieces) == text
    for piece, target in pieces:
        if target is not None:
            assert url_problem(target) is None and target.endswith(piece) and piece.strip() == piece


def _top(pdf, needle: str) -> float:
    """The top edge, in points from the page's foot, of the first character of `needle`."""
    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        textpage = page.get_textpage()
        found = textpage.search(needle).get_next()
        if found:
            return textpage.get_charbox(found[0])[3]
    raise AssertionError(f"{needle!r} not found")


def test_a_second_paragraph_in_a_list_item_is_set_apart_from_the_first(tmp_path):
    body = """
        - Alpha item of a tight list
        - Bravo item of a tight list

        Between the lists.

        - Charlie opens a loose item

          Delta is the same item's second paragraph
    """
    _, pdf = build_article(tmp_path, "Lists", body)
    tight = _top(pdf, "Alpha item") - _top(pdf, "Bravo item")
    loose = _top(pdf, "Charlie opens") - _top(pdf, "Delta is")
    assert loose > tight * 1.3, (loose, tight)  # half a line more: one line and a half


def _x_heights(pdf, needle: str) -> list[float]:
    """The height of each "x" of the first `needle` in the PDF, as pdfium boxes its glyph."""
    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        textpage = page.get_textpage()
        found = textpage.search(needle).get_next()
        if found:
            boxes = [textpage.get_charbox(i) for i in range(found[0], found[0] + found[1])]
            return [top - bottom for (_, bottom, _, top), char in zip(boxes, needle) if char == "x"]
    raise AssertionError(f"{needle!r} not found")


def test_inline_code_has_the_x_height_of_the_text_around_it_and_code_blocks_keep_their_size(tmp_path):
    body = """
        The text relaxes, then `xmlx --fix` runs in a sentence of serif text.

        ```
        xmlx --fix in a block
        ```
    """
    _, pdf = build_article(tmp_path, "Code", body)
    text_x, = _x_heights(pdf, "relaxes")
    inline = _x_heights(pdf, "xmlx --fix runs")[:2]  # (the code's own two)
    assert all(abs(h / text_x - 1) < 0.06 for h in inline), (inline, text_x)  # DejaVu Sans Mono's: 1.15 times
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]: f.get_object()
             for page in pypdf.PdfReader(pdf).pages for f in page["/Resources"]["/Font"].values()}
    assert {"DejaVuSansMono", "DejaVuSansMono-Scaled"} <= set(fonts), sorted(fonts)  # the block at its own size
