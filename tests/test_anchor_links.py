"""Links inside an article to its own headings (`[Totals](#totals)`, as a Markdown table of
contents or a "see below" writes them) lead to those headings in the PDF; a link to an
anchor that is nowhere (a web export's `#footnote-1`) keeps its words and loses its link."""

from __future__ import annotations

import pytest

from conftest import MANIFEST, make_issue, run_cli

BODY = """---
title: "Budget report"
---
Contents: [Totals](#totals), [the note](#footnote-1), [Features](#section-features) and [Spending by region](#spending-by-region).

## Spending by region

Some text about the regions. See [the totals below](#totals).

## Totals

The totals are given here, with [the remarks](#remarks).

## Notes on the figures {#remarks}

Remarks.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("anchors")
    manifest = make_issue(base, articles={"01-budget.md": BODY},
                          manifest=MANIFEST.format(number=1, articles="      - 001/01-budget.md"))
    out = base / "out.pdf"
    result = run_cli("build", manifest, "--output", out, cwd=base)
    assert result.returncode == 0, result.output
    return out, result


def _links(pdf, page_number: int):
    """(left, right, destination page number, destination top) of each link on the page."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    out = []
    for annot in reader.pages[page_number - 1].get("/Annots") or []:
        annot = annot.get_object()
        dest = annot.get("/Dest")
        if dest is not None:
            target = [i for i, p in enumerate(reader.pages, 1) if p.indirect_reference == dest[0]][0]
            out.append((float(annot["/Rect"][0]), float(annot["/Rect"][2]), target, float(dest[3])))
    return sorted(out)


def _word_top(pdf, page_number: int, word: str, occurrence: int) -> float:
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(str(pdf))[page_number - 1].get_textpage()
    whole, at = text.get_text_range(), -1
    for _ in range(occurrence + 1):
        at = whole.index(word, at + 1)
    return max(text.get_charbox(i)[3] for i in range(at, at + len(word)))


def test_links_to_the_articles_headings_lead_to_them(built):
    pdf, _ = built
    links = _links(pdf, 3)
    totals_top = _word_top(pdf, 3, "Totals", 1)  # (the first "Totals" is the link's own text)
    spending_top = _word_top(pdf, 3, "Spending by region", 1)
    to_totals = [link for link in links if link[2] == 3 and abs(link[3] - totals_top) < 8]
    to_spending = [link for link in links if link[2] == 3 and abs(link[3] - spending_top) < 8]
    assert len(to_totals) == 2, (links, totals_top)  # from the contents line and from "see below"
    assert len(to_spending) == 1, (links, spending_top)
    assert any(link[2] == 3 and link not in to_totals + to_spending for link in links)  # the section's


def test_a_link_to_a_headings_own_id_leads_to_it(built):
    pdf, _ = built
    notes_top = _word_top(pdf, 3, "Notes on the figures", 0)
    assert [link for link in _links(pdf, 3) if abs(link[3] - notes_top) < 8], (_links(pdf, 3), notes_top)


def test_a_link_that_leads_nowhere_keeps_its_words_and_is_a_warning(built):
    from pypdf import PdfReader

    pdf, result = built
    assert "01-budget.md:4:" in result.stderr and "link '#footnote-1' leads nowhere" in result.stderr
    assert "the note" in PdfReader(str(pdf)).pages[2].extract_text()
    assert len(_links(pdf, 3)) == 5  # Totals, Features, Spending by region, the totals below, the remarks; not the note


def test_a_link_that_leads_nowhere_fails_a_strict_build(tmp_path):
    manifest = make_issue(tmp_path, articles={"01-budget.md": BODY},
                          manifest=MANIFEST.format(number=1, articles="      - 001/01-budget.md"))
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf", "--strict", cwd=tmp_path)
    assert result.returncode == 1 and "leads nowhere" in result.stderr, result.output


def test_a_link_to_the_one_heading_of_that_name_in_another_article_leads_to_it(tmp_path):
    other = ('---\ntitle: "Foreword"\n---\nSee [the totals](#totals) of the budget, and '
             "[the background](#background), which two articles have.\n\n## Background\n\nOurs.\n")
    third = '---\ntitle: "Notes"\n---\nA note.\n\n## Background\n\nTheirs.\n'
    articles = "      - 001/00-foreword.md\n      - 001/01-budget.md\n      - 001/02-notes.md"
    manifest = make_issue(tmp_path, manifest=MANIFEST.format(number=1, articles=articles),
                          articles={"00-foreword.md": other, "01-budget.md": BODY, "02-notes.md": third})
    out = tmp_path / "out.pdf"
    result = run_cli("build", manifest, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    # the foreword's own "## Background" is the one its link leads to: no warning for it
    assert "'#background' leads nowhere" not in result.stderr, result.stderr
    budget_page = next(n for n in (3, 4, 5) if "Totals" in _page_text(out, n) and "Spending" in _page_text(out, n))
    totals_top = _word_top(out, budget_page, "Totals", 1)
    links = _links(out, 3)
    assert any(page == budget_page and abs(top - totals_top) < 8 for _, _, page, top in links), (links, totals_top)


def test_a_link_to_a_heading_two_other_articles_have_is_a_warning(tmp_path):
    first = '---\ntitle: "One"\n---\nText.\n\n## Background\n\nOne.\n'
    second = '---\ntitle: "Two"\n---\nText.\n\n## Background\n\nTwo.\n'
    third = '---\ntitle: "Three"\n---\nSee [the background](#background).\n'
    articles = "      - 001/01-one.md\n      - 001/02-two.md\n      - 001/03-three.md"
    manifest = make_issue(tmp_path, manifest=MANIFEST.format(number=1, articles=articles),
                          articles={"01-one.md": first, "02-two.md": second, "03-three.md": third})
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert "03-three.md:4:" in result.stderr and "'#background' leads nowhere" in result.stderr, result.stderr


def _page_text(pdf, number: int) -> str:
    from pypdf import PdfReader

    return PdfReader(str(pdf)).pages[number - 1].extract_text()
