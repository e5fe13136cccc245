"""A Word list keeps its numbering through `newsletter import`: its number format (lowerLetter,
upperRoman…), what its level text puts around the number (`%1)`, `(%1)`) and its start
(w:start, w:startOverride) are written as the Markdown markers of that numbering (`a)`, `(III)`,
`d)`), so the built PDF numbers the items as Word does. Bullets stay bullets, a format the
article cannot write (ordinalText) is written as `1.`, and a paragraph typed as `a. …` stays text."""

from __future__ import annotations

import docx
import pytest

import docx_factory as factory
from test_fancy_lists import labels_of
from test_import_foreign import _import_and_build


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("numbering")
    d = docx.Document()
    d.add_paragraph("Steps of the procedure.")
    steps = factory.add_numbering(d, [("decimal", "%1.", 1), ("lowerLetter", "%2)", 1), ("lowerRoman", "%3.", 1)])
    for text, level in [("Register", 0), ("Form A", 1), ("part one", 2), ("part two", 2), ("Form B", 1),
                        ("Declare", 0)]:
        factory.number_paragraph(d.add_paragraph(text), steps, level)
    d.add_paragraph("An interruption.")
    factory.number_paragraph(d.add_paragraph("Pay"), steps, 0)
    d.add_paragraph("Letters restarted at four:")
    four = factory.add_numbering(d, [("lowerLetter", "%1)", 1)], start_override={0: 4})
    for text in ("fourth", "fifth"):
        factory.number_paragraph(d.add_paragraph(text), four, 0)
    d.add_paragraph("Capital Roman numerals in parentheses, from three, one item:")
    roman = factory.add_numbering(d, [("upperRoman", "(%1)", 3)])
    factory.number_paragraph(d.add_paragraph("the third"), roman, 0)
    d.add_paragraph("Capital letters with a period:")
    capitals = factory.add_numbering(d, [("upperLetter", "%1.", 1)])
    for text in ("Alpha", "Beta"):
        factory.number_paragraph(d.add_paragraph(text), capitals, 0)
    d.add_paragraph("Bullets:")
    bullets = factory.add_numbering(d, [("bullet", "\u2022", 1)])
    for text in ("dot one", "dot two"):
        factory.number_paragraph(d.add_paragraph(text), bullets, 0)
    d.add_paragraph("Ordinals:")
    ordinals = factory.add_numbering(d, [("ordinalText", "%1.", None)])
    for text in ("first", "second"):
        factory.number_paragraph(d.add_paragraph(text), ordinals, 0)
    d.add_paragraph("a. typed by hand, not a list")
    d.save(tmp_path / "numbering.docx")
    return (*_import_and_build(tmp_path, tmp_path / "numbering.docx"), tmp_path / "out.pdf")


def test_the_markers_written_are_word_s_numbering(imported):
    _, article, _, _ = imported
    assert ("1. Register\n   a) Form A\n      i. part one\n      ii. part two\n   b) Form B\n2. Declare"
            in article), article
    assert "\n3. Pay\n" in article, article  # (going on after the paragraph, as before)
    assert "d) fourth\ne) fifth" in article, article
    assert "(III)  the third" in article, article  # (one item: two spaces say it is a list)
    assert "A.  Alpha\nB. Beta" in article, article  # (a capital and a period: two spaces, as Pandoc asks)
    assert "- dot one\n- dot two" in article and "1. first\n2. second" in article, article
    assert "a\\. typed by hand" in article, article


def test_the_built_pdf_numbers_the_items_as_word_does(imported):
    _, _, pdf, built = imported
    assert labels_of(built) == ["1.", "a)", "i.", "ii.", "b)", "2.", "3.", "d)", "e)", "(III)", "A.", "B.", "\u2022",
                                "\u2022", "1.", "2."]
    for shown in ("1. Register a) Form A i. part one ii. part two b) Form B 2. Declare", "3. Pay",
                  "d) fourth e) fifth", "(III) the third", "A. Alpha B. Beta", "1. first 2. second",
                  "a. typed by hand, not a list"):
        assert shown in pdf, (shown, pdf)
    assert "dot one" in pdf and "a) dot" not in pdf
