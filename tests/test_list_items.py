"""A list item's opening line (a link's title, a name) is never left at the foot of a column
while the rest of the item (its quoted excerpt, its sub-list) goes on in the next one (two
lines of an opening may end a column before a sub-list, as a paragraph before a list may)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import MANIFEST, article, make_issue, run_cli

def manifest_of(kind: str) -> str:
    return MANIFEST.format(number=1, articles="      - 001/a.md").replace("kind: features", f"kind: {kind}")


def roundup(items: int, intro_lines: int) -> str:
    out = ["Intro " + "words of the opening paragraph " * (6 * intro_lines), ""]
    for n in range(items):
        title = "A longer title of a linked article" if n % 3 else "Short"
        out.append(f"- [{title} T{n}](https://example.org/{n}) — by Author {n}")
        out.append(f"  > Excerpt E{n} of the linked article, which goes on for a while to make two or "
                   "three lines of text in the column.")
        if n % 4 == 0:
            out.append(f"  - a point about item {n}")
        out.append("")
    return "\n".join(out)


def lines(pdf) -> list[tuple[int, float, float, str]]:
    """(page, x, y, text) of every line of text shown."""
    found = []
    for number, page in enumerate(PdfReader(str(pdf)).pages):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                found.append((number, tm[4] + cm[4], tm[5] + cm[5], text))
        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("kind", ["features", "reports"])
def test_an_item_opening_line_goes_with_its_excerpt(tmp_path, kind):
    stranded = []
    for intro in range(4):  # the breaks fall at other places of the items
        folder = tmp_path / f"{kind}{intro}"
        manifest = make_issue(folder, manifest=manifest_of(kind),
                              articles={"a.md": article("Links", roundup(24, intro))})
        result = run_cli("build", manifest, "--output", folder / "out.pdf")
        assert result.returncode == 0, result.output
        shown = lines(folder / "out.pdf")
        where = {}
        for page, x, y, text in shown:
            for mark in re.findall(r"\b([TE]\d+)\b", text):
                where.setdefault(mark, (page, x, y))
        for n in range(24):
            title, excerpt = where[f"T{n}"], where[f"E{n}"]
            same_column = title[0] == excerpt[0] and abs(title[1] - excerpt[1]) < 60 and excerpt[2] < title[2]
            if not same_column:
                stranded.append((intro, n, title, excerpt))
    assert not stranded
