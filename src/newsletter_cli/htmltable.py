"""An HTML table, as web editors and mail exports write one, read as a table.

`read` takes the text of an HTML block that is one `<table>` and gives its rows of cells, each
as the inner HTML of the cell (read as Markdown inline text by content.py, so that `<b>`, links
and entities in it are what they are elsewhere), whether it is a header cell and its alignment.
Anything else in the block (a nested table, text outside the cells) means the block is not
such a table: it is read as before. The parser is the standard library's (no network, no
entity expansion beyond character references).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

MAX_CELLS = 100_000
_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center)", re.I)
_STRUCTURE = {"thead", "tbody", "tfoot", "colgroup", "col"}


@dataclass
class Cell:
    html: str
    header: bool
    align: str | None


@dataclass
class Read:
    rows: list[list[Cell]] = field(default_factory=list)
    caption: str = ""


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out, self.cell, self.depth, self.bad, self.in_caption = Read(), None, 0, False, False
        self.cells = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth += 1
            self.bad = self.bad or self.depth > 1 or bool(self.out.rows)
        elif self.depth != 1:
            self.bad = True
        elif tag == "tr" and self.cell is None:
            self.out.rows.append([])
        elif tag in ("td", "th"):
            values = dict(attrs)
            align = (values.get("align") or "").lower() or None
            found = _ALIGN.search(values.get("style") or "")
            align = align if align in ("left", "right", "center") else found.group(1).lower() if found else None
            if not self.out.rows:
                self.out.rows.append([])
            self.cell = Cell("", tag == "th", align)
            self.out.rows[-1].append(self.cell)
            self.cells += 1
            self.bad = self.bad or self.cells > MAX_CELLS
        elif tag == "caption":
            self.in_caption = True
        elif self.cell is not None:
            self.cell.html += self.get_starttag_text() or ""
        elif tag not in _STRUCTURE:
            self.bad = True

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = None
        elif tag == "table":
            self.depth -= 1
        elif tag == "caption":
            self.in_caption = False
        elif self.cell is not None:
            self.cell.html += f"</{tag}>"

    def handle_startendtag(self, tag, attrs):
        if self.cell is not None:
            self.cell.html += self.get_starttag_text() or ""
        elif tag not in _STRUCTURE:
            self.bad = True

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.html += data
        elif self.in_caption:
            self.out.caption += data
        elif data.strip():
            self.bad = True  # text outside the cells: not a table alone

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")


def read(text: str) -> Read | None:
    """The rows of the `<table>` that `text` is, or None if it is anything else."""
    stripped = text.strip()
    if not (stripped[:6].lower() == "<table" and stripped[-8:].lower() == "</table>"):
        return None
    reader = _Reader()
    try:
        reader.feed(stripped)
        reader.close()
    except (AssertionError, ValueError):  # (html.parser's own complaints about broken markup)
        return None
    rows = [row for row in reader.out.rows if row]
    if reader.bad or reader.depth != 0 or not rows:
        return None
    reader.out.rows = rows
    return reader.out
