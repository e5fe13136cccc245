"""The text of a Word "alternative format chunk" (`w:altChunk`): HTML, MHT or plain text that a
document holds as a part of its own and Word shows in its place.

Tools that make Word documents from web pages (html-docx-js, the Open XML SDK's AltChunk) write
the whole text this way, so leaving the chunk out would leave the article empty. Its text is
read as blocks: headings (h1-h6), paragraphs, list items (ul/ol, nested), tables (tr, td/th),
bold, italic and links; scripts, styles and the head are skipped. The HTML is only read for
its text, never passed through. A chunk in another format (RTF, a Word document) is left out,
and the caller says so.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from newsletter_cli.source.docx_inline import clean
from newsletter_cli.source.markdown_text import Run

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section", "article",
              "header", "footer", "main", "aside", "address", "figcaption", "dt", "dd", "center"}
SKIPPED = {"script", "style", "head", "title", "template", "noscript", "svg", "math", "object", "iframe"}
VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "param", "embed"}
MAX_DEPTH = 200


@dataclass
class ChunkBlock:
    kind: str  # para, heading, item, quote, code, table
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    ordered: bool = False
    list_id: str = ""
    rows: list[list[list[Run]]] = field(default_factory=list)


def chunk_html(data: bytes, content_type: str) -> str | None:
    """The HTML of a chunk (plain text is wrapped as paragraphs), or None for another format."""
    ctype = content_type.lower()
    head = data[:512].lstrip().lower()
    if ctype in ("message/rfc822", "multipart/related") or head.startswith(b"mime-version") or ctype.endswith("mht"):
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in message.walk():
            if part.get_content_type() in ("text/html", "application/xhtml+xml"):
                payload = part.get_payload(decode=True) or b""
                return payload.decode(part.get_content_charset() or "utf-8", "replace")
            if part.get_content_type() == "text/plain" and not part.is_multipart():
                payload = part.get_payload(decode=True) or b""
                return _plain_html(payload.decode(part.get_content_charset() or "utf-8", "replace"))
        return None
    if ctype in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype html", b"<html")):
        return data.decode(_charset(data), "replace")
    if ctype == "text/plain":
        return _plain_html(data.decode(_charset(data), "replace"))
    return None


def _charset(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8"


def _plain_html(text: str) -> str:
    from html import escape

    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())


def html_blocks(html: str) -> list[ChunkBlock]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.end_block()
    return reader.blocks


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[ChunkBlock] = []
        self.runs: list[Run] = []
        self.kind, self.level = "para", 0
        self.skip, self.skip_tag = 0, ""  # inside a script, style or head: how deep, and its tag
        self.bold = self.italic = 0
        self.href: list[str | None] = []
        self.lists: list[bool] = []  # ordered?, one per open ul/ol
        self.list_ids: list[str] = []
        self.quote = 0
        self.pre = 0
        self.table: list[list[list[Run]]] | None = None
        self.tables = 0
        self.cell: list[Run] | None = None
        self.depth = 0

    # text gathering
    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)  # (one space stays where the source has any)
            if data == " " and not (self.cell if self.cell is not None else self.runs):
                return
        target = self.cell if self.cell is not None else self.runs
        for k, line in enumerate(data.split("\n") if self.pre else [data]):
            if k:
                target.append(Run("", brk=True))
            target.append(Run(clean(line), bool(self.bold), bool(self.italic),
                              href=self.href[-1] if self.href else None))

    def end_block(self) -> None:
        runs = [r for r in self.runs]
        self.runs = []
        if not any(r.text.strip() for r in runs):
            return
        kind = "quote" if self.quote and self.kind == "para" else "code" if self.pre else self.kind
        ordered = bool(self.lists and self.lists[-1])
        self.blocks.append(ChunkBlock(kind, runs, self.level, ordered, self.list_ids[-1] if self.lists else ""))

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in VOID:
            self.handle_startendtag(tag, attrs)
            return
        self.depth += 1
        if tag == "body" and self.skip_tag == "head":  # (a head never closed ends where the body begins)
            self.skip, self.skip_tag = 0, ""
        if self.skip:
            self.skip += tag == self.skip_tag
            return
        if tag in SKIPPED:
            self.skip, self.skip_tag = 1, tag
            return
        if self.cell and tag in ("table", "tr", "td", "th"):  # a table in a cell: flattened, words apart
            self.cell.append(Run(" "))
        if self.depth > MAX_DEPTH:
            return
        if tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("i", "em", "cite"):
            self.italic += 1
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
        elif tag in ("ul", "ol"):
            self.end_block()
            self.lists.append(tag == "ol")
            self.list_ids.append(f"chunk-list-{len(self.blocks)}-{len(self.lists)}")
        elif tag == "table":
            self.end_block()
            self.tables += 1
            if self.tables == 1:
                self.table = []
        elif tag == "tr" and self.tables == 1 and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.tables == 1 and self.table is not None:
            if not self.table:
                self.table.append([])
            self.cell = []
        elif tag in BLOCK_TAGS and self.cell is not None:
            if self.cell:
                self.cell.append(Run(" "))  # (paragraphs in a cell: the words stay apart)
        elif tag in BLOCK_TAGS:
            self.end_block()
            if tag[0] == "h" and tag[1:].isdigit():
                self.kind, self.level = "heading", int(tag[1])
            elif tag == "li":
                self.kind, self.level = "item", max(len(self.lists) - 1, 0)
            if tag == "blockquote":
                self.quote += 1
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if self.skip:
            return
        if tag == "br":
            if self.cell is not None:
                self.cell.append(Run(" "))
            else:
                self.runs.append(Run("", brk=True))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        self.depth = max(self.depth - 1, 0)
        if self.skip:
            self.skip -= tag == self.skip_tag
            return
        if tag in ("b", "strong"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("i", "em", "cite"):
            self.italic = max(self.italic - 1, 0)
        elif tag == "a":
            if self.href:
                self.href.pop()
        elif tag in ("ul", "ol"):
            self.end_block()
            if self.lists:
                self.lists.pop()
                self.list_ids.pop()
            self._after_block()
        elif tag in ("td", "th") and self.tables == 1 and self.cell is not None and self.table is not None:
            self.table[-1].append(self.cell)
            self.cell = None
        elif tag == "table":
            self.tables = max(self.tables - 1, 0)
            if self.tables == 0 and self.table is not None:
                rows = [row for row in self.table if row]
                if rows:
                    self.blocks.append(ChunkBlock("table", rows=rows))
                self.table = None
        elif tag in BLOCK_TAGS and self.cell is None:
            self.end_block()
            if tag == "blockquote":
                self.quote = max(self.quote - 1, 0)
            if tag == "pre":
                self.pre = max(self.pre - 1, 0)
            self._after_block()

    def _after_block(self) -> None:
        """Loose text after a block is a paragraph, or a list item inside a list."""
        self.kind, self.level = ("item", len(self.lists) - 1) if self.lists else ("para", 0)
