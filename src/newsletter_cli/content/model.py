"""The content model: what an issue says, independent of how it is laid out.

Plain dataclasses only. The Markdown reader produces these blocks; the layout consumes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from newsletter_cli.content.labels import for_language


@dataclass(frozen=True)
class Span:
    """A run of text with one set of inline styles."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    soft_break: bool = False  # a line break inside a paragraph (hard break in Markdown)
    strike: bool = False  # struck through (~~text~~)


@dataclass
class Block:
    line: int  # 1-based line in the source file where the block starts


@dataclass
class Paragraph(Block):
    spans: list[Span]


@dataclass
class Heading(Block):
    level: int  # 2, 3 or 4 (## to ####)
    spans: list[Span]
    anchor: str | None = None  # the destination a link `[…](#its-slug)` of its article leads to (checks.py)


@dataclass
class ListBlock(Block):
    ordered: bool
    start: int
    items: list[list[Block]]
    # per item: True/False for a task item (`- [x] done`, `- [ ] open`), its box drawn for the
    # bullet; None for an ordinary item (the list may be shorter than `items`: the rest are ordinary)
    tasks: list = field(default_factory=list)
    # an ordered list's numbering (content/numbering.py): decimal, lower-alpha, upper-alpha, lower-roman or
    # upper-roman; and what marks the number: period `1.`, paren `1)` or parens `(1)`
    style: str = "decimal"
    delim: str = "period"


@dataclass
class TableCell:
    spans: list[Span]
    align: str | None = None  # "left", "center", "right", or None where the source gives none


@dataclass
class Table(Block):
    header: list[TableCell]
    rows: list[list[TableCell]]
    caption: list[Span] = field(default_factory=list)


@dataclass
class Figure(Block):
    src: str
    resolved: Path | None  # the checked file path, or None when the image is not supplied
    caption: list[Span]
    credit: str | None
    width: float  # share of the column, 0.1 .. 1.0
    ratio: float  # width / height as declared
    alt: str | None = None  # alternative text for readers who cannot see it (not the caption)


@dataclass
class Definitions(ListBlock):
    """A definition list: each item is its term (a Paragraph, in bold) and the blocks of its
    definitions; walked as a list's items are, set as terms with their definitions indented."""


@dataclass
class Callout(Block):
    title: str
    blocks: list[Block]


@dataclass
class PullQuote(Block):
    blocks: list[Block]


@dataclass
class Quote(Block):
    blocks: list[Block]


@dataclass
class CodeBlock(Block):
    text: str
    language: str = ""  # a fence's info string's first word (```python), for the colours of its pieces


@dataclass
class Rule(Block):
    pass


@dataclass
class Author:
    name: str
    role: str | None = None
    email: str | None = None


@dataclass
class Signature:
    name: str
    closing: str | None = None
    title: str | None = None


@dataclass
class Article:
    slug: str
    source_file: str  # as shown to the user
    title: str
    subtitle: str | None
    source: str | None
    authors: list[Author]
    dateline: str | None
    lead_image: Figure | None
    signature: Signature | None
    blocks: list[Block]
    field_lines: dict = field(default_factory=dict)  # front-matter key -> its line in source_file

    def figures(self):
        if self.lead_image:
            yield self.lead_image
        yield from _walk_figures(self.blocks)


def _walk_figures(blocks):
    for block in blocks:
        if isinstance(block, Figure):
            yield block
        elif isinstance(block, (Callout, PullQuote, Quote)):
            yield from _walk_figures(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _walk_figures(item)


@dataclass
class Section:
    kind: str
    title: str
    articles: list[Article]
    slug: str


@dataclass
class Publisher:
    name: str
    address: list[str]
    website: str | None
    email: str | None
    phone: str | None


@dataclass
class Issue:
    manifest_file: str
    base_dir: Path
    publication: str
    tagline: str | None
    number: int
    period: str
    date: dt.date
    language: str
    theme: str
    paper: str
    publisher: Publisher
    keywords: list[str]
    headline: str | None
    highlights: list[str]
    sections: list[Section]
    labels: dict = field(default_factory=dict)  # the words the layout prints of its own (content/labels.py)

    def __post_init__(self):
        self.labels = for_language(self.language, self.labels)

    @property
    def articles(self) -> list[Article]:
        return [a for s in self.sections for a in s.articles]

    @property
    def label(self) -> str:
        """The issue's number as the labels write it: "No. 76", "N° 76", "第76期"."""
        return self.labels["number"].replace("{number}", str(self.number))


def headings(blocks):
    """The headings of `blocks`, those in boxes and quotes too."""
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, (Callout, Quote)):
            yield from headings(block.blocks)


def block_texts(blocks):
    """(block, printed text) for every block, nested blocks included."""
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            yield block, _plain(block.spans)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from block_texts(item)
        elif isinstance(block, Table):
            for cell in block.header + [c for row in block.rows for c in row]:
                yield block, _plain(cell.spans)
            yield block, _plain(block.caption)
        elif isinstance(block, Figure):
            yield block, _plain(block.caption) + " " + (block.credit or "")
        elif isinstance(block, Callout):
            yield block, block.title
            yield from block_texts(block.blocks)
        elif isinstance(block, (PullQuote, Quote)):
            yield from block_texts(block.blocks)
        elif isinstance(block, CodeBlock):
            yield block, block.text


def _plain(spans) -> str:
    return "".join(s.text for s in spans)
