"""Ordered lists keep their numbering: Pandoc's `a)`, `iv.`, `(3)`, `C.` lists are printed in
their style from their first number, their labels in a column wide enough for the widest
(`viii.`, `(12)`), ending aligned, with the list's /ListNumbering in the structure tree; and
prose that only looks like a marker (`I. Introduction`, `A. N. Other`, `v. the state`, a line
inside a paragraph) stays the paragraph it is."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import article, make_issue, run_cli

LISTS = """\
Letters in parentheses:

a) apple
b) banana
c) cherry

Roman, from four:

iv. four
v. five
vi. six
vii. seven
viii. eight

Numbers enclosed:

(1) one
(2) two

Capitals with two spaces:

C.  charlie
D. delta

1. First step
   a) sub one
   b) sub two
      i. deep one
      ii. deep two
   c) sub three
2. Second step

h) eighth
i) ninth
j) tenth
"""

PROSE = """\
I. Introduction of the paper, a heading typed as text.

A. N. Other said the meeting was over.

v. the state, a case name in a paragraph of its own.

A. Smith wrote to B. Jones
B. Jones wrote back.

The steps are, in this order:
a) mix the flour
b) stir the water

See p. 12 of the report
q. is a letter too.

iv. alone is no list either.

The court ruled in Smith
v. the state of Victoria.
"""


def _build(tmp_path, body: str):
    manifest = make_issue(tmp_path, articles={"a.md": article("Lists", body)})
    out = tmp_path / "out.pdf"
    result = run_cli("build", manifest, "--output", out)
    assert result.returncode == 0, result.output
    return out


def _text(pdf) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def _struct(pdf) -> str:
    return subprocess.run(["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def lists_pdf(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("fancy"), LISTS)


def labels_of(pdf) -> list[str]:
    """The text of each Lbl of the structure tree (a list item's printed number), in reading order."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    return re.findall(r'Lbl \(block\)\n\s*"([^"]*)"', out)


def test_labels_are_printed_in_the_list_style_from_its_first_number(lists_pdf):
    assert labels_of(lists_pdf) == ["a)", "b)", "c)", "iv.", "v.", "vi.", "vii.", "viii.", "(1)", "(2)", "C.", "D.",
                                    "1.", "a)", "b)", "i.", "ii.", "c)", "2.", "h)", "i)", "j)"]
    text = _text(lists_pdf)
    for shown in ("a) apple b) banana c) cherry", "iv. four v. five vi. six vii. seven viii. eight",
                  "(1) one (2) two", "C. charlie D. delta", "h) eighth i) ninth j) tenth",
                  "1. First step a) sub one b) sub two i. deep one ii. deep two c) sub three 2. Second step"):
        assert shown in text, (shown, text)


def test_the_structure_tree_says_each_list_numbering(lists_pdf):
    struct = _struct(lists_pdf)
    found = re.findall(r"/ListNumbering /(\w+)", struct)
    # in reading order: a), iv., C., the nested a) and i., h); the decimal lists (1. and (1)) as before
    assert found == ["LowerAlpha", "LowerRoman", "UpperAlpha", "LowerAlpha", "LowerRoman", "LowerAlpha"], struct
    assert struct.count("Lbl (block)") == 3 + 5 + 2 + 2 + 2 + 3 + 2 + 3


def _words(pdf) -> list[tuple[str, float, float, float]]:
    """(word, xMin, xMax, yMin) of each word on the article's pages."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(w, float(x0), float(x1), float(y0)) for x0, y0, x1, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)]


def test_the_label_column_holds_the_widest_label_and_the_labels_end_aligned(lists_pdf):
    words = _words(lists_pdf)
    labels = {w: (x0, x1, y) for w, x0, x1, y in words if w in ("iv.", "v.", "vi.", "vii.", "viii.")}
    texts = {w: x0 for w, x0, x1, y in words if w in ("four", "five", "six", "seven", "eight")}
    assert len(labels) == 5 and len(texts) == 5, words
    for label, word in zip(("iv.", "v.", "vi.", "vii.", "viii."), ("four", "five", "six", "seven", "eight")):
        assert labels[label][1] + 3 < texts[word], (label, labels[label], texts[word])
    ends = [x1 for x0, x1, y in labels.values()]
    assert max(ends) - min(ends) < 0.5, labels
    starts = set(round(x, 1) for x in texts.values())
    assert len(starts) == 1, texts  # the items' text starts at one indent


def test_prose_that_looks_like_a_list_marker_stays_text(tmp_path):
    pdf = _build(tmp_path, PROSE)
    text = _text(pdf)
    for shown in ("I. Introduction of the paper", "A. N. Other said", "v. the state, a case name",
                  "A. Smith wrote to B. Jones B. Jones wrote back.", "The steps are, in this order: a) mix the flour "
                  "b) stir the water", "See p. 12 of the report q. is a letter too.", "iv. alone is no list",
                  "The court ruled in Smith v. the state of Victoria."):
        assert shown in text, (shown, text)
    struct = _struct(pdf)
    assert "Lbl (block)" not in struct and "/ListNumbering" not in struct, struct  # (the cover's list has no Lbl)


def test_a_list_going_on_after_text_and_across_a_page_break_keeps_its_letters(tmp_path):
    filler = ("A paragraph of filler text that goes on long enough to fill the page. " * 14 + "\n\n") * 8
    items = "\n".join(f"{chr(96 + n)}) item number {n} " + "with words " * 12 for n in range(1, 21))
    body = f"{filler}{items}\n\nBetween the parts.\n\nu) item number 21, going on\n"
    pdf = _build(tmp_path, body)
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    found = [(p, m) for p, page in enumerate(pages) for m in re.findall(r"\b([a-u])\) item number (\d+)", page)]
    assert [int(n) for _, (letter, n) in found] == list(range(1, 22)), found
    assert all(ord(letter) - 96 == int(n) for _, (letter, n) in found), found
    assert len({p for p, _ in found}) >= 2, found  # (the list runs onto a second page)


def test_hostile_markers_are_read_in_one_pass(tmp_path):
    """Thousands of marker-like lines, nested markers on one line, and a paragraph of single
    letters: each is read once, as text or as the list it is."""
    body = ("a) " * 300 + "deep\n\n" + "\n".join(f"{'i' * 3}. line {n}" for n in range(3000)) + "\n\n"
            + "Text\n" + "v. x\n" * 3000 + "\n" + "(a) " * 2000 + "\n")
    pdf = _build(tmp_path, body)
    text = _text(pdf)
    assert "deep" in text and "line 2999" in text and "Text v. x v. x" in text
