"""What web editors and mail exports write in HTML, read as our blocks: a table and a figure.

`table`: an HTML block that is one `<table>` (`read` gives its rows of cells, each as the inner
HTML of the cell, whether it is a header cell and its alignment) becomes a Table, each cell's
HTML read as inline Markdown (so that `<b>`, links and entities in it are what they are
elsewhere). Anything else in the block (a nested table, text outside the cells) means it is
not such a table: markdown.py reads it as before. The parser is the standard library's (no
network, no entity expansion beyond character references).

`figure`: a paragraph that is an `<img>` alone, in its wrappers (`<figure>`, `<p>`), with its
`<figcaption>`, becomes a Figure, its `src` checked as a Markdown image's is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from dataclasses import replace
from html.parser import HTMLParser

from newsletter_cli.content.inline import FORMATTING, inline_spans, tag_attribute
from newsletter_cli.content.model import Span, Table, TableCell

MAX_CELLS = 100_000
MAX_COLUMNS = 200  # (content.MAX_TABLE_COLUMNS: a wider one is read as before, printed as typed)
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


def table(text: str, line: int, ctx, md) -> Table | None:
    """The HTML block `text` (at `line` of the block) as a table, if it is one `<table>`: the
    first row of header cells (or else the first row) its header; `md`, the Markdown parser."""
    found = read(text)
    if found is None:
        return None

    def cell(c) -> TableCell:  # inline text only: a cell of "-" or "1." is no list
        tokens = md.parseInline(" ".join(c.html.split()))
        return TableCell(inline_spans(tokens[0], line + ctx.line_offset, ctx) if tokens else [], c.align)

    rows = [[cell(c) for c in row] for row in found.rows]
    if max(len(r) for r in rows) > MAX_COLUMNS:
        return None
    out = Table(line + ctx.line_offset, rows[0], rows[1:])
    if found.caption.strip():
        out = replace(out, caption=[Span(" ".join(found.caption.split()))])
    return out


_TAG = re.compile(r"^<(/?)([A-Za-z]+)\b[^<>]*>$")
_WRAPPERS = {"figure", "picture", "p", "div", "center", "span", "a"}


class _Image:
    """An `<img src>` as markdown-it's image token looks to content's `_figure`."""

    def __init__(self, src: str):
        self.src = src
        self.children = []  # (its caption is the <figcaption>'s, set after)

    def attr(self, name):
        return self.src if name == "src" else None


def figure(inline, line, ctx, make_figure) -> list | None:
    """A paragraph that is a web editor's figure (`<figure><img src=… alt=…><figcaption>…`) as
    a figure made by `make_figure` (content._figure); None for any other paragraph."""
    img = None
    caption: list[str] = []
    in_caption = False
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak") or child.type == "text" and not child.content.strip():
            continue
        tag = _TAG.match(child.content) if child.type == "html_inline" else None
        name = tag.group(2).lower() if tag else ""
        if name == "img" and img is None and not in_caption:
            img = child.content
        elif name == "figcaption":
            in_caption = not tag.group(1)
        elif name in _WRAPPERS or in_caption and name in FORMATTING:
            continue  # (the caption is set plain)
        elif in_caption and child.type in ("text", "code_inline"):
            caption.append(child.content)
        else:
            return None
    if img is None:
        return None

    src, alt = tag_attribute(img, "src"), tag_attribute(img, "alt")
    if not src:
        return None
    made = make_figure(_Image(src), {"alt": alt} if alt and alt.strip() else {}, line, ctx)
    text = " ".join("".join(caption).split())
    return [replace(made, caption=[Span(text)]) if text else made]
