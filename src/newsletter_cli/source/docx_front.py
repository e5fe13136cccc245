"""The front matter of an imported article: title, subtitle, authors and dateline.

- title: the first Title-styled paragraph; else the document's core property `title`; else
  the first heading; else a short first paragraph set all in bold; else the file name.
- authors: a byline among the first paragraphs ("By Jane Doe, Programme Manager", "Written
  by A and B"), else the core property `author` (unless it is a program's or a default name).
- dateline: one of the first paragraphs that reads as a date and a place
  ("19 January 2022, Bangkok", "Bangkok, 3 March 2022").
The paragraphs used are taken out of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsletter_cli.source.docx_convert import Block, Converted
from newsletter_cli.source.markdown_text import plain

MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+{MONTHS},?\s+\d{{4}}"
    rf"|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?,?\s+\d{{4}}"
    rf"|{MONTHS}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}})\b", re.I)
BYLINE = re.compile(r"^\s*(?:by|written by|text by|author|authors|words by)\s*[:\-–]?\s+(.+)$", re.I)
EMAIL = re.compile(r"[^@\s<>()\[\],;]{1,64}@[^@\s<>()\[\],;]{1,255}\.[A-Za-z]{2,}")  # (bounded: linear in a long word)
JUNK_TITLE = re.compile(r"^(microsoft word\s*-|untitled|document\d*$|title$|new document|draft$|template|"
                        r"word document$)", re.I)
TITLE_MAX = 300
MACHINE_AUTHORS = {"python-docx", "microsoft office user", "windows user", "user", "admin", "administrator",
                   "owner", "author", "unknown", "docx4j", "apache poi", "libreoffice", "pandoc", "word"}


@dataclass
class Front:
    title: str
    subtitle: str | None = None
    authors: list[dict] = field(default_factory=list)
    dateline: str | None = None
    title_from: str = ""


def front_matter(converted: Converted, stem: str) -> Front:
    blocks = converted.blocks
    front = Front(title="")
    first = next((b for b in blocks[:8] if b.kind == "title"), None)
    if first is not None and _too_long(first, converted, "Title paragraph"):
        first = None
    if first is not None:
        front.title, front.title_from = _text(first), "the Title paragraph"
        blocks.remove(first)
    elif converted.core_title and not JUNK_TITLE.match(converted.core_title):
        front.title, front.title_from = converted.core_title, "the document's properties"
        head = next((b for b in blocks[:3] if b.kind in ("heading", "para")), None)
        if head is not None and _same(_text(head), front.title):
            blocks.remove(head)
    else:
        head = blocks[0] if blocks else None
        if head is not None and head.kind == "heading" and not _too_long(head, converted, "first heading"):
            front.title, front.title_from = _text(head), "the first heading"
            blocks.remove(head)
        elif (head is not None and head.kind == "para" and len(_text(head).split()) <= 20
              and all(r.bold for r in head.runs if r.text.strip())):
            front.title, front.title_from = _text(head), "the first paragraph (bold)"
            blocks.remove(head)
    if not front.title:
        front.title = re.sub(r"[-_]+", " ", stem).strip().capitalize() or "Untitled"
        front.title_from = "the file name"
    front.title = front.title[:TITLE_MAX]  # (the properties' title: the text of the body is never cut)
    subtitle = next((b for b in blocks[:6] if b.kind == "subtitle"), None)
    if subtitle is not None:
        front.subtitle = _text(subtitle)
        blocks.remove(subtitle)
    opening = _opening(blocks)
    for block in opening:
        match = BYLINE.match(_text(block))
        if match and _names_people(match.group(1)):
            front.authors = authors_of(match.group(1))
            blocks.remove(block)
            break
    for block in _opening(blocks)[:4]:
        text = _text(block)
        if _is_dateline(text):
            front.dateline = text
            blocks.remove(block)
            break
    if not front.authors and converted.core_author.lower() not in MACHINE_AUTHORS:
        front.authors = [{"name": converted.core_author}] if converted.core_author else []
    for b in blocks:  # a Title or Subtitle paragraph further down is a heading
        if b.kind in ("title", "subtitle"):
            b.kind, b.level = "heading", 1
    _bold_headings(blocks, converted)
    return front


def _too_long(block: Block, converted: Converted, what: str) -> bool:
    """A paragraph too long to be a title stays in the text, whole, rather than be cut."""
    from newsletter_cli.source.docx_convert import Remark

    length = len(_text(block))
    if length <= TITLE_MAX:
        return False
    converted.remarks.append(Remark(block.para, "note", f"the {what} has {length} characters, too many for a "
                                    f"title (at most {TITLE_MAX}): it stays in the text"))
    return True


def _bold_headings(blocks: list[Block], converted: Converted) -> None:
    """A short paragraph set all in bold, followed by text, is how many contributors type a
    sub-heading: it becomes one, a level below the document's own top headings."""
    from newsletter_cli.source.docx_convert import Remark

    levels = [b.level for b in blocks if b.kind == "heading"]
    level = min(levels) + 1 if levels else 1
    for k, block in enumerate(blocks[:-1]):
        text = _text(block)
        if (block.kind == "para" and blocks[k + 1].kind in ("para", "item", "table", "figure", "quote")
                and 1 <= len(text.split()) <= 12 and not text.endswith((".", ":", ";", ",", "!", "?"))
                and all(r.bold and not r.href for r in block.runs if r.text.strip())):
            block.kind, block.level = "heading", level
            block.runs = [type(r)(r.text, note=r.note) for r in block.runs]
            converted.remarks.append(Remark(block.para, "note", "a short paragraph all in bold is read as a "
                                            "sub-heading"))


def _names_people(text: str) -> bool:
    """"Jane Doe, Programme Manager" does; "2025, all administrations will…" and "the end of…" do not."""
    words = text.split()
    return (len(text) <= 200 and len(words) <= 24 and text[:1].isupper()
            and not text.rstrip().endswith(("?", "!")) and not re.match(r"^(The|This|That|These|Then|Now)\b", text))


def _opening(blocks: list[Block]) -> list[Block]:
    """The paragraphs before the first heading, list, table or figure (at most six)."""
    out = []
    for block in blocks[:6]:
        if block.kind != "para":
            break
        out.append(block)
    return out


def _text(block: Block) -> str:
    return re.sub(r"\s+", " ", plain(block.runs)).strip()


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return norm(a) == norm(b)


def _is_dateline(text: str) -> bool:
    """A date with a place before or after it, and little else: "19 January 2022, Bangkok"."""
    if len(text) > 100:
        return False
    match = DATE.search(text)
    if not match:
        return False
    before, after = text[:match.start()].strip(" ,;–-|/"), text[match.end():].strip(" ,;–-|/.")
    if before and after:
        return False
    words = re.findall(r"[^\W\d_]{2,}", before or after)
    return 1 <= len(words) <= 6


def authors_of(text: str) -> list[dict]:
    """"Jane Doe, Programme Manager" -> name and role; "A and B", "A; B" -> two people."""
    text = text.strip().rstrip(".")
    email = EMAIL.search(text)
    address = None
    if email:
        address = email.group(0).strip(".")
        text = (text[:email.start()] + text[email.end():]).strip(" ,;()<>")
    people = []
    for part in re.split(r"\s*;\s*", text):
        names = re.split(r"\s+(?:and|&)\s+", part) if "," not in part else [part]
        for one in names:
            name, _, role = one.strip(" ,").partition(",")
            if name.strip():
                person = {"name": name.strip()[:120]}
                if role.strip():
                    person["role"] = role.strip()[:200]
                people.append(person)
    if address and people:
        people[0]["email"] = address
    return people
