"""Justified text set by Knuth–Plass and drawn line by line (layout/setting.py, layout/linebreak.py).

The lines must fill the measure exactly, with letter spacing kept within its limit; a
paragraph splits without leaving a widow or an orphan; the preflight's checks see these
paragraphs as they see ReportLab's; compounds break only at their own hyphens; links are
clickable; and an article that would end in a runt page is copyfitted.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Spacer

from conftest import ASSETS, article, make_issue
from newsletter_cli.content.model import Span
from newsletter_cli.layout.items import TRACK, _address_cuts
from newsletter_cli.layout.linebreak import Line, Run, set_lines
from newsletter_cli.layout.preflight import LOOSE_FACTOR
from newsletter_cli.layout.setting import SetParagraph
from test_preflight import FRAME_H, FRAME_W, REFERENCE, TOFU, clean, full_page, lay_out, only, styles  # noqa: F401

TEXT = ("Customs administrations of the region met at the training college in Bangkok to share "
        "their plans for the coming year, to agree on the courses they will offer each other, and "
        "to discuss how e-learning modules, regional workshops and national accreditation can "
        "support the continuous professional development of officers in every member administration.")


def setting(styles, text: str = TEXT, width: float = FRAME_W, style: str = "body") -> SetParagraph:
    s = styles[style]
    lines = set_lines([Span(text)], s.fontName, s.fontSize, width, s.firstLineIndent, styles.hyphenate)
    assert lines is not None
    return SetParagraph([Span(text)], s, styles.hyphenate, "#12706E", lines)


def test_every_line_but_the_last_fills_the_measure_exactly(styles):
    para = setting(styles, TEXT * 2)
    size = para.style.fontSize
    assert len(para.lines) > 4
    for line in para.lines:
        tc, tw = line.spacing(para.space, size)
        filled = line.natural + line.spaces * tw + (line.chars - 1) * tc
        if line.last:
            assert (tc, tw) == (0.0, 0.0) and line.natural <= line.measure
        else:
            assert filled == pytest.approx(line.measure, abs=0.01)
            assert -0.01 * size - 1e-9 <= tc <= TRACK * size + 1e-9  # letter spacing within its limits
            assert (para.space + tw + tc) / para.space <= LOOSE_FACTOR + 1e-6


def test_the_text_is_kept_whole_and_in_order(styles):
    para = setting(styles, TEXT)
    joined = re.sub(r"-$", "", "".join(line.text.rstrip("-") + ("" if line.text.endswith("-") else " ")
                                       for line in para.lines))
    assert joined.split() == TEXT.split()


def test_a_compound_breaks_at_its_own_hyphen_only(styles):
    s = styles["body"]
    for width in range(110, 200, 3):
        lines = set_lines([Span("The integrity e-learning module is now online in many languages.")],
                          s.fontName, s.fontSize, width, 0, styles.hyphenate)
        for line in lines or []:
            assert not line.text.endswith("e-learn-"), line.text


def test_split_leaves_no_widow_and_no_orphan(styles):
    para = setting(styles, TEXT * 2)
    n, lead = len(para.lines), para.style.leading
    assert n >= 6
    for room in range(0, n + 1):
        parts = para.split(FRAME_W, room * lead)
        if room >= n:
            assert parts == [para]
        elif room < 2:
            assert parts == []  # one line alone at the foot would be an orphan: all of it moves on
        else:
            first, rest = parts
            assert len(first.lines) >= 2 and len(rest.lines) >= 2
            assert len(first.lines) + len(rest.lines) == n
            assert not first.lines[-1].last and rest.lines[-1].last
            assert first.spaceAfter == 0 and rest.spaceBefore == 0


def test_a_paragraph_set_for_another_width_is_set_again(styles):
    para = setting(styles, TEXT, width=FRAME_W)
    para.wrap(FRAME_W - 60, 1e6)
    assert all(line.indent + line.measure == pytest.approx(FRAME_W - 60) for line in para.lines)


def test_a_word_wider_than_the_column_is_broken_inside_and_still_measured(styles):
    # (it used to go to ReportLab's greedy breaker, quadratic in the word's length: issue 12)
    s = styles["body"]
    text = "The word " + "x" * 80 + " is too long."
    para = SetParagraph([Span(text)], s, styles.hyphenate, "#12706E")
    laid = lay_out([full_page(styles), PageBreak(), para])
    assert para.fallback is None and len(para.lines) >= 2  # emergency break points inside the run
    assert "".join(line.text for line in para.lines).count("x") == 80
    assert any(p.page == 2 for p in laid.collector.placed)  # and the preflight measured it there
    assert laid.checks() <= {"loose-line"}


@pytest.mark.parametrize("address, parts", [
    ("cfp@this-week-in-ferrous.org", ["cfp@", "this-", "week-", "in-", "ferrous", ".org"]),
    ("https://example.com/night_bus", ["https://", "example", ".com/", "night_", "bus"]),
    ("@thisweekinferrous.bsky.social.", ["@", "thisweekinferrous", ".bsky", ".social."]),
    ("(https://example.com/nightbus).", ["(https://", "example", ".com/", "nightbus)."]),
])
def test_an_address_breaks_after_at_slash_hyphen_underscore_and_before_a_dot(address, parts):
    cuts = _address_cuts(address)
    assert all(add is False for _, add in cuts)  # no hyphen added
    at = [pos for pos, _ in cuts]
    assert [address[i:j] for i, j in zip([0] + at, at + [len(address)])] == parts


def test_an_address_with_no_break_where_the_line_needs_one_sets_that_line_ragged(styles):
    # (digest: "Write to cfp@this-week-in-ferrous.org or ping" was stretched 5.9x, then cut
    # inside "thisweek|inferrous": issue 12)
    s = styles["body"]
    space = stringWidth(" ", s.fontName, s.fontSize)
    text = "Write to cfp@this-week-in-ferrous.org or ping @thisweekinferrous.bsky.social."
    ragged = 0
    for width in (150, 180, 200, 232.44):
        lines = set_lines([Span(text)], s.fontName, s.fontSize, width, 0, styles.hyphenate)
        texts = [line.text for line in lines]
        assert "".join(texts).replace(" ", "") == text.replace(" ", "")
        assert all(line.spaced or line.text[-1] in "@-/" or after.text.startswith(".")
                   for line, after in zip(lines, lines[1:])), texts  # never between two letters
        for line in lines[:-1]:
            char_space, word_space = line.spacing(space, s.fontSize)
            assert (space + word_space + char_space) / space <= 2 + 1e-6, texts  # never loose
            if line.ragged:  # flush left at normal spacing, where justified it would be loose
                assert (char_space, word_space) == (0, 0) and line.measure - line.natural > 2 * space * line.spaces
                ragged += 1
    assert ragged  # (the case this is about happens)


# --- the preflight sees set paragraphs --------------------------------------------------------------

def test_preflight_loose_line_in_a_set_paragraph(styles):
    text = f"The goods were declared at {REFERENCE} and cleared by the officers on duty that day."
    laid = lay_out([full_page(styles), PageBreak(), setting(styles, text)])
    [loose] = only(laid, "loose-line", 2)
    assert "word spaces stretched to" in loose.message and "The goods were declared at" in loose.message
    clean(lay_out([full_page(styles), PageBreak(), setting(styles, TEXT)]))


def test_preflight_widow_and_orphan_of_a_set_paragraph(styles):
    para = setting(styles, TEXT)
    lines = para.lines
    lead = para.style.leading
    # parts made as a careless splitter would: one line left at the foot, then at the head
    orphan, rest = para._part(lines[:1], True), para._part(lines[1:], False)
    laid = lay_out([Spacer(1, FRAME_H - lead), orphan, rest])
    only(laid, "orphan", 1)
    head, widow = para._part(lines[:-1], True), para._part(lines[-1:], False)
    laid = lay_out([Spacer(1, FRAME_H - (len(lines) - 1) * lead), head, widow])
    only(laid, "widow", 2)
    # split by the paragraph itself: neither
    clean(lay_out([Spacer(1, FRAME_H - lead), setting(styles, TEXT)]))
    clean(lay_out([Spacer(1, FRAME_H - (len(lines) - 1) * lead), setting(styles, TEXT)]))


def test_preflight_hyphen_ladder_and_overfull_in_set_lines(styles):
    s = styles["body"]
    para = setting(styles, TEXT)

    def line(text, last=False, measure=FRAME_W):
        width = stringWidth(text, s.fontName, s.fontSize)
        return Line((Run(text, s.fontName, None, width),), 0.0, measure, width, text.count(" "), len(text), last)

    words = ["Customs administrations of the region are self-", "reliant in training and also take part in cross-",
             "border projects with their neighbours as a co-", "operative network."]
    para.lines = [line(w, i == 3, stringWidth(w, s.fontName, s.fontSize)) for i, w in enumerate(words)]
    laid = lay_out([full_page(styles), PageBreak(), para])
    only(laid, "hyphen-ladder", 2)

    para = setting(styles, TEXT)
    text = "A line far too long for its column, and no spaces can close up that much."
    para.lines = [line(text, measure=stringWidth(text, s.fontName, s.fontSize) - 30), line("end.", True)]
    laid = lay_out([full_page(styles), PageBreak(), para])
    [over] = only(laid, "overfull-line", 2)
    assert "pt wider than its column" in over.message


def test_preflight_missing_glyph_in_a_set_paragraph(styles):
    laid = lay_out([full_page(styles), PageBreak(), setting(styles, f"Status {TOFU} on track. " + TEXT)])
    [tofu] = only(laid, "missing-glyph", 2)
    assert "U+1FB00" in tofu.message


# --- in the built PDF -------------------------------------------------------------------------------

def _render(manifest):
    from newsletter_cli.build import check
    from newsletter_cli.layout.document import render

    checked = check(manifest)
    return render(checked.issue, checked.theme)


def test_links_in_justified_text_are_annotations(tmp_path):
    body = ("Read the [WCO guide](https://www.wcoomd.org/guide) before the workshop, and write to "
            "[the desk](mailto:desk@example.org) with questions. " + TEXT)
    layout = _render(make_issue(tmp_path, articles={"01-a.md": article("Links", body)}))
    reader = PdfReader(io.BytesIO(layout.pdf))
    uris = {a.get_object().get("/A", {}).get("/URI") for page in reader.pages for a in page.get("/Annots", [])}
    assert {"https://www.wcoomd.org/guide", "mailto:desk@example.org"} <= uris
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Read the WCO guide before the workshop" in " ".join(text.split())


def test_set_text_is_written_as_reportlab_would_write_it(tmp_path, monkeypatch):
    """`textout.text_out` translates runs whose characters already have codes; the PDF must be the
    bytes ReportLab's own character-by-character path writes, across no-break spaces, accents and
    a second font subset (more than 224 different characters in one face)."""
    from newsletter_cli.layout import setting

    from reportlab.pdfbase.ttfonts import TTFont

    maps = [TTFont("probe", str(f)).face.charToGlyph for f in (ASSETS / "fonts").glob("Source*.ttf")]
    covered = [chr(c) for c in range(0x100, 0x400) if chr(c).isalpha() and all(c in m for m in maps)]
    assert len(covered) > 100  # with Latin-1, more than the 160 non-ASCII codes of a first subset
    letters = "".join(covered)  # Latin Extended and Greek letters every face has
    latin1 = "".join(chr(c) for c in range(0xC0, 0x100) if chr(c).isalpha())
    words = " ".join(letters[i:i + 7] for i in range(0, len(letters), 7))
    body = "\n\n".join(["A short lead.", TEXT.replace("the training", "the\u00a0training"),
                         latin1 + " " + words + " " + TEXT,
                         "*" + words + "* and **" + latin1 + "**", TEXT])
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Subsets", body)})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fast = _render(manifest).pdf
    monkeypatch.setattr(setting, "text_out", lambda tx, text: tx._textOut(text))
    assert _render(manifest).pdf == fast
    reader = PdfReader(io.BytesIO(fast))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert letters[:7] in text and letters[-5:] in text
    subsets = {str(f.get_object()["/BaseFont"]) for page in reader.pages
               for f in page["/Resources"]["/Font"].values()}
    assert len([name for name in subsets if name.endswith("SourceSerifPro-Regular")]) >= 2


def test_an_article_ending_in_a_runt_page_is_copyfitted(tmp_path, monkeypatch):
    """Find an article length whose last page holds a few lines only; the build pulls them back.
    The decision is remembered: the same input is laid out once the next time, to the same bytes."""
    from newsletter_cli.build import check
    from newsletter_cli.layout import document

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    figure = "![A photo of the meeting](photos/meeting.jpg){width=80% ratio=3:2}"
    for extra in range(0, 40):
        paragraphs = [TEXT] * 9 + [figure] + [TEXT] * 4 + ["Closing words of the report."] * extra
        manifest = make_issue(tmp_path / str(extra), articles={
            "01-a.md": article("Runt", "\n\n".join(paragraphs)),
            "02-b.md": article("Next", TEXT)})
        checked = check(manifest)
        first = document._render(checked.issue, checked.theme, checked.issue.sections, None, False, {})
        if document._copyfits(first):
            break
    else:
        pytest.fail("no article length gave a runt page")
    fitted = document.render(checked.issue, checked.theme)
    assert [f for f in first.findings if f.check == "near-empty-page"]
    assert not [f for f in fitted.findings if f.check == "near-empty-page"], fitted.findings
    slug = checked.issue.articles[0].slug
    assert len(fitted.article_pages[slug]) == len(first.article_pages[slug]) - 1

    passes = []
    real = document._render
    monkeypatch.setattr(document, "_render", lambda *a: passes.append(a[-1]) or real(*a))
    again = document.render(checked.issue, checked.theme)
    assert len(passes) == 1 and passes[0]  # one pass, with the remembered fits
    assert again.pdf == fitted.pdf

    # an edit elsewhere keeps the runt article's decision: still one pass, and the same fit
    other = manifest.parent / manifest.stem / "02-b.md"
    other.write_text(other.read_text() + "\n\nA sentence added after the first build.\n")
    edited = check(manifest)
    passes.clear()
    after = document.render(edited.issue, edited.theme)
    assert len(passes) == 1 and set(passes[0]) == {slug}
    assert after.article_pages[slug] == fitted.article_pages[slug]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty"))  # and a first build decides the same
    passes.clear()
    assert document.render(edited.issue, edited.theme).pdf == after.pdf and len(passes) == 2


def test_a_theme_without_letter_spacing_justifies_with_word_spaces_only(styles):
    s = styles["body"]
    lines = set_lines([Span(TEXT * 2)], s.fontName, s.fontSize, FRAME_W, 0, styles.hyphenate, tracking=(0.0, 0.0))
    space = stringWidth(" ", s.fontName, s.fontSize)
    assert all(line.spacing(space, s.fontSize)[0] == 0.0 for line in lines)
    spaced = set_lines([Span(TEXT * 2)], s.fontName, s.fontSize, FRAME_W, 0, styles.hyphenate)
    assert any(line.spacing(space, s.fontSize)[0] != 0.0 for line in spaced)


# --- set paragraphs remembered between builds (layout/parcache.py) ---------------------------------

def test_paragraphs_remembered_between_builds_give_the_same_bytes_and_survive_a_bad_cache(tmp_path):
    import json

    from conftest import run_cli

    body = "\n\n".join([TEXT, "Read the [WCO guide](https://www.wcoomd.org/guide). " + TEXT, "*" + TEXT + "*"])
    manifest = make_issue(tmp_path / "issue", articles={"01-a.md": article("Kept", body)})
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"}

    def build(name):
        out = tmp_path / f"{name}.pdf"
        result = run_cli("build", manifest, "-o", out, cwd=manifest.parent, env=env)
        assert result.returncode == 0, result.stderr
        return out.read_bytes()

    first = build("first")
    [store] = (tmp_path / "cache" / "newsletter").glob("paragraphs-*.json")  # one file for this issue
    entries = json.loads(store.read_text())["entries"]
    assert len(entries) >= 2  # (the first paragraph, short, is set as the lead: not justified)
    assert build("second") == first  # read back from the cache

    # entries of the wrong shape are set anew; an unreadable file is started afresh
    store.write_text(json.dumps({"version": json.loads(store.read_text())["version"],
                                 "entries": {k: [1, [["not", "a", "line"]]] for k in entries}}))
    assert build("tampered") == first
    store.write_text("{not json")
    assert build("garbage") == first
    assert json.loads(store.read_text())["entries"]


def test_paragraph_cache_is_one_file_per_issue_and_keeps_what_the_last_build_used(tmp_path, monkeypatch):
    import json

    from newsletter_cli.cache import Store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    store = Store("paragraphs", max_entries=3)
    store.use(str(tmp_path / "076.yaml"))
    for n in range(5):
        store.put(f"old{n}", [])
    store.save()
    assert len(json.loads(next(tmp_path.glob("newsletter/paragraphs-*.json")).read_text())["entries"]) == 5

    again = Store("paragraphs", max_entries=3)  # the next build uses two of them and adds one
    again.use(str(tmp_path / "076.yaml"))
    assert again.get("old1") == [] and again.get("old3") == [] and again.get("gone") is None
    again.put("new", [])
    again.use(str(tmp_path / "077.yaml"))  # another issue: the first one's file is saved, pruned
    kept = json.loads(next(tmp_path.glob("newsletter/paragraphs-*.json")).read_text())["entries"]
    assert set(kept) == {"old1", "old3", "new"}
    assert again.get("old1") is None  # 077 has a file of its own


def test_no_break_spaces_stretch_with_the_line_and_are_counted(styles):
    """ReportLab writes a no-break space as a space, so PDF word spacing widens it too: the
    line's justification must count it, or the line would overrun its column."""
    s = styles["body"]
    text = TEXT.replace("the training", "the\u00a0training").replace("each other", "each\u00a0other") * 2
    para = setting(styles, text)
    for line in para.lines:
        nbsp = line.text.count("\u00a0")
        assert line.spaces == line.text.count(" ") + nbsp
        if not line.last:
            tc, tw = line.spacing(para.space, s.fontSize)
            assert line.natural + line.spaces * tw + (line.chars - 1) * tc == pytest.approx(line.measure, abs=0.01)
    assert any("\u00a0" in line.text for line in para.lines)
    assert not any(line.text.endswith("\u00a0") for line in para.lines)  # never a break there


def test_soft_hyphens_are_break_points_and_tabs_are_spaces(styles):
    s = styles["body"]
    text = "Customs\tofficers met for the inter\u00adnational con\u00adfer\u00adence in Bangkok. " * 6
    seen_break = False
    for width in (150, 170, 200, 230, 260):
        lines = set_lines([Span(text)], s.fontName, s.fontSize, width, 0, styles.hyphenate)
        for line in lines:
            assert "\u00ad" not in line.text and "\t" not in line.text  # neither is ever drawn
            seen_break |= line.text.endswith(("inter-", "con-", "confer-"))
        # (the text has no hyphen of its own: every line-end hyphen was added at a break)
        joined = "".join(line.text[:-1] if line.text.endswith("-") else line.text + " " for line in lines)
        assert joined.split() == text.replace("\u00ad", "").split()
    assert seen_break  # the author's break points are used


def test_a_list_in_a_callout_box_is_set_in_the_box_type(tmp_path):
    body = ("Some text before the box.\n\n::: callout In short\nThe box says this.\n\n"
            "- a listed point inside the box\n:::\n")
    layout = _render(make_issue(tmp_path, articles={"01-a.md": article("Box", body)}))
    seen = {}

    def visit(text, cm, tm, font, size):
        for needle in ("The box says this.", "a listed point inside the box"):
            if needle in text and font is not None:
                seen[needle] = (font["/BaseFont"].split("+")[-1], round(size * tm[0], 1))

    for page in PdfReader(io.BytesIO(layout.pdf)).pages:
        page.extract_text(visitor_text=visit)
    assert seen["a listed point inside the box"] == seen["The box says this."], seen


def test_a_loose_line_is_saved_by_hyphenating_the_parts_of_a_compound_name(styles):
    # in a narrow column the name could break at its own hyphen only: the line before it was
    # spaced 2.3 times; a compound of short parts (e-learning) is never so hyphenated
    s = styles["report_body"]
    text = "The prizes were presented by Professor Sir Michael Harrington-Smythe FRS on 1 November."
    for width in range(229, 240):  # a report column: breaking at "Harrington-" only, 2.3 times
        lines = set_lines([Span(text)], s.fontName, s.fontSize, width, 0, styles.hyphenate)
        assert lines.loose == 0, (width, [line.text for line in lines])
        assert lines[0].text.endswith("-") and "Harrington-" not in lines[0].text
    learning = "Officers of every member administration completed the e-learning module."
    for width in range(100, 240, 2):
        for line in set_lines([Span(learning)], s.fontName, s.fontSize, width, 0, styles.hyphenate) or []:
            assert not line.text.endswith(("e-learn-", "e-le-", "e-lear-")), (width, line.text)


def test_a_thai_sentence_without_spaces_breaks_between_syllables_never_before_a_vowel_sign(styles):
    # Thai is written without word spaces: the line breaker breaks such a run every few
    # characters; it put a line's end between a consonant and its vowel sign or tone mark
    import unicodedata

    s = styles["report_body"]
    text = ("การประชุมคณะกรรมการศุลกากรภูมิภาคเอเชียแปซิฟิกครั้งที่สิบสองจัดขึ้นที่กรุงเทพมหานคร"
            "เมื่อวันที่สิบห้าเดือนมกราคมโดยมีผู้แทนจากประเทศสมาชิกเข้าร่วมประชุมจำนวนมากกว่าหนึ่งร้อยคน")
    checked = 0
    for width in range(60, 200, 7):
        lines = set_lines([Span(text)], s.fontName, s.fontSize, width, 0, styles.hyphenate)
        assert lines is not None and "".join(line.text for line in lines) == text
        for before, after in zip(lines, lines[1:]):
            first, last = after.text[0], before.text[-1]
            assert unicodedata.category(first) not in ("Mn", "Mc"), (width, before.text, after.text)
            assert first not in "\u0e30\u0e32\u0e33\u0e45\u0e46" and last not in "\u0e40\u0e41\u0e42\u0e43\u0e44"
            checked += 1
    assert checked > 20
