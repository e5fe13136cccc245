"""An imported document's blocks -> the text of an article file: front matter and Markdown body.

Lists keep their nesting (each level indented under its parent's text), tables become GFM
pipe tables (the first row is the header), quotes `>` blocks, code fenced blocks, pictures
figures alone in their paragraph with their caption and size, and footnotes and endnotes,
which the article format does not have, a numbered "Notes" list at the end.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newsletter_cli.content.numbering import label
from newsletter_cli.source.docx_convert import Block, Converted, Remark
from newsletter_cli.source.docx_front import Front
from newsletter_cli.source.docx_images import Image
from newsletter_cli.source.markdown_text import Run, escape, footnotes_supported, inline, normalise, paragraph, plain

MAX_HEADING = 4  # the article format has ##, ### and #### (content/markdown.py warns about deeper ones)
MAX_COLUMNS = 200  # as content.MAX_TABLE_COLUMNS (a wider table than a page is set in parts)


@dataclass
class Written:
    text: str
    images: list[tuple[str, Image]]  # (file name in the photos folder, image)
    remarks: list[Remark]
    stats: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def figure_alt() -> bool:
    """Whether the article reader takes `{alt="…"}` on a figure: asked of content/markdown.py itself, so the
    import writes the description as alt text as soon as the figure syntax has it (and until then
    uses it as the caption of a picture that has none)."""
    import tempfile

    from newsletter_cli.content import markdown as content
    from newsletter_cli.errors import Report

    report = Report()
    with tempfile.TemporaryDirectory() as folder:
        ctx = content.Context("probe.md", Path(folder), [Path(folder)], report)
        content.parse_markdown('![c](photo.png){alt="d"}\n', ctx)
    return not any(p.code == "figure" for p in report.errors)


def slug(title: str, limit: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit and out:
            break
        out = f"{out}-{word}" if out else word
    return out[:limit] or "article"


CAPTION_TEXT = re.compile(r"^(figure|fig\.|photo|picture|image|table|chart)\s*\d*\s*[:.–—-]\s*\S", re.I)


def _typed_captions(blocks: list[Block]) -> None:
    """A short plain paragraph "Figure 2: …" or "Table 1. …" next to a figure or table is its caption."""
    for k, block in enumerate(blocks):
        if block.kind != "para" or len(plain(block.runs).split()) > 40 or not CAPTION_TEXT.match(plain(block.runs)):
            continue
        around = [blocks[j].kind for j in (k - 1, k + 1) if 0 <= j < len(blocks)]
        if "figure" in around or "table" in around:
            block.kind = "caption"


def attach_captions(blocks: list[Block]) -> list[Block]:
    """A Caption paragraph belongs to the figure or table just before it, else just after it."""
    _typed_captions(blocks)
    out: list[Block] = []
    pending: Block | None = None
    for block in blocks:
        if block.kind == "caption":
            prev = out[-1] if out else None
            if prev is not None and prev.kind in ("figure", "table") and not prev.caption:
                prev.caption = block.runs
            elif pending is None:
                pending = block
            else:
                out.append(Block("para", pending.para, pending.runs))
                pending = block
            continue
        if pending is not None:
            if block.kind in ("figure", "table") and not block.caption:
                block.caption = pending.runs
            else:
                out.append(Block("para", pending.para, pending.runs))
            pending = None
        out.append(block)
    if pending is not None:
        out.append(Block("para", pending.para, pending.runs))
    return out


def write(converted: Converted, front: Front, article_slug: str, photo_names, kind: str = "") -> Written:
    """`photo_names(ext)` gives the next free file name in the photos folder; `kind` is the section's."""
    blocks = attach_captions(converted.blocks)
    remarks = list(converted.remarks)
    if kind == "reports":  # a report's head shows the title, dateline and names only: keep the rest in view
        if front.subtitle:
            blocks.insert(0, Block("para", 0, [Run(front.subtitle, italic=True)]))
            front.subtitle = None
        for person in front.authors:
            extra = [person.pop(key) for key in ("role", "email") if person.get(key)]
            if extra:
                person["name"] = ", ".join([person["name"], *extra])
    stats = {"words": 0, "headings": 0, "images": 0, "tables": 0, "lists": 0, "notes": len(converted.notes)}
    images: list[tuple[str, Image]] = []
    levels = [b.level for b in blocks if b.kind == "heading"]
    top = min(levels) if levels else 1
    parts: list[str] = []
    continued: dict[str, int] = {}  # a Word list's items so far: its numbers go on after a table or text
    i = 0
    while i < len(blocks):
        block = blocks[i]
        kind = block.kind
        if kind in ("item", "quote", "code"):
            j = i
            while j < len(blocks) and blocks[j].kind == kind:
                j += 1
            group = blocks[i:j]
            if kind == "item":
                parts.append(_list(group, remarks, continued))
                stats["lists"] += 1
            elif kind == "quote":
                parts.append("\n>\n".join(_quote_lines(b, remarks) for b in group))
            else:
                parts.append(_code(group))
            i = j
            continue
        if kind == "heading":
            level = 2 + block.level - top
            if level > MAX_HEADING:
                remarks.append(Remark(block.para, "warning", f"a level-{block.level} heading is set as "
                                      f"{'#' * MAX_HEADING} (the article format has {MAX_HEADING - 1} "
                                      "heading levels)"))
            parts.append("#" * min(level, MAX_HEADING) + " " + inline(block.runs, styles=False, breaks=False))
            stats["headings"] += 1
        elif kind == "para":
            parts.append(_paragraph(block, remarks))
        elif kind == "table":
            parts.append(_table(block, remarks))
            stats["tables"] += 1
        elif kind == "figure" and block.image is not None:
            if not block.caption and block.image.descr and not figure_alt():
                block.caption = [Run(block.image.descr)]
                remarks.append(Remark(block.para, "note", "the picture has no caption: its description (alt "
                                      "text) is used as the caption"))
            name = photo_names(block.image.ext)
            images.append((name, block.image))
            parts.append(_figure(block, name))
            stats["images"] += 1
        i += 1
    if converted.notes and footnotes_supported():
        remarks.append(Remark(converted.first_note_para, "note", f"{len(converted.notes)} footnote(s) or "
                              "endnote(s): kept as footnotes, numbered in the order of reference and set at "
                              "the article's end"))
        parts += [f"[^{k}]: " + _paragraph(Block("para", converted.first_note_para or 0, note), remarks)
                  for k, note in enumerate(converted.notes, 1)]
    elif converted.notes:
        remarks.append(Remark(converted.first_note_para, "warning",
                              f"{len(converted.notes)} footnote(s) or endnote(s): the article format has no "
                              "footnotes, so they are kept as a numbered list under 'Notes' at the end, and "
                              "their marks as [1], [2]… in the text"))
        items = [Block("item", 0, [Run(f"[{k}] ")] + note, 0, False) for k, note in enumerate(converted.notes, 1)]
        parts.append("## Notes")
        parts.append(_list(items, remarks))
    body = "\n\n".join(p for p in parts if p.strip())
    if not body:
        remarks.append(Remark(None, "warning", "the document has no text to import: the article has a title only"))
    stats["words"] = len(re.findall(r"\w+(?:[-'’]\w+)*", _plain_body(blocks, converted.notes)))
    return Written(_front_text(front) + "\n" + body + "\n", images, remarks, stats)


def _plain_body(blocks: list[Block], notes) -> str:
    texts = [plain(b.runs) for b in blocks]
    texts += [plain(cell) for b in blocks for row in b.rows for cell in row]
    texts += [plain(b.caption) for b in blocks]
    texts += [plain(n) for n in notes]
    return " ".join(texts)


def _front_text(front: Front) -> str:
    lines = ["---", f"title: {_q(front.title)}"]
    if front.subtitle:
        lines.append(f"subtitle: {_q(front.subtitle)}")
    if front.authors:
        lines.append("authors:")
        for person in front.authors:
            lines.append(f"  - name: {_q(person['name'])}")
            for key in ("role", "email"):
                if person.get(key):
                    lines.append(f"    {key}: {_q(person[key])}")
    if front.dateline:
        lines.append(f"dateline: {_q(front.dateline)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's; no astral escapes are needed)."""
    return json.dumps(re.sub(r"\s+", " ", text).strip(), ensure_ascii=False)


def _paragraph(block: Block, remarks: list[Remark]) -> str:
    text, kept = paragraph(block.runs)
    if not kept:
        remarks.append(Remark(block.para, "warning", "bold or italic that Markdown cannot mark at that place "
                              "(next to punctuation inside a word) is left out of this paragraph"))
    return text


def _quote_lines(block: Block, remarks: list[Remark]) -> str:
    return "\n".join("> " + line if line else ">" for line in _paragraph(block, remarks).split("\n"))


def _code(group: list[Block]) -> str:
    lines = "\n".join(plain(b.runs) for b in group).split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    text = "\n".join(lines)
    ticks = max([3] + [len(m) + 1 for m in re.findall(r"`{3,}", text)])
    return f"{'`' * ticks}\n{text}\n{'`' * ticks}" if text else ""


def _list(items: list[Block], remarks: list[Remark], continued: dict[str, int] | None = None) -> str:
    """The items as a Markdown list, nested by level, each numbered list in its Word numbering
    (`1.`, `a)`, `iv.`, `(3)`: content/numbering.py) from its start. `continued` holds the last
    top-level number of each Word list written so far: a list that a table or a paragraph
    interrupts goes on with the next number (`3.`, `c)`), as Word numbers it."""
    lines: list[str] = []
    widths: list[int] = []
    runs = _runs(items, continued)
    for block, (depth, number, first, single) in zip(items, runs):
        del widths[depth:]
        style, delim, _ = block.numbering
        fancy = block.ordered and (style != "decimal" or delim == "parens")
        if first and lines and block.ordered and ((fancy and depth == 0) or (depth > 0 and number != 1)):
            lines.append("")  # (a list that may not interrupt the text above it: numbering.py)
        two = fancy and first and (single or (delim == "period" and style.startswith("upper")))
        marker = (label(style, delim, number) + (" " * (2 if two else 1))) if block.ordered else "- "
        indent = " " * sum(widths)
        text, kept = paragraph(block.runs)
        if not kept:
            remarks.append(Remark(block.para, "warning", "bold or italic that Markdown cannot mark at that "
                                  "place is left out of this list item"))
        body = text.split("\n")
        lines.append(indent + marker + body[0])
        lines += [indent + " " * len(marker) + line for line in body[1:]]
        widths.append(len(marker))
    return "\n".join(lines)


def _runs(items: list[Block], continued: dict[str, int] | None) -> list[tuple[int, int, bool, bool]]:
    """For each item: its depth, its number, whether it starts a list at its depth and whether
    that list has it alone. A list starts where the kind of list at a depth changes (bullets after
    numbers, another numbering); a nested one, after each item of the list it is in."""
    continued = {} if continued is None else continued
    base = min(b.level for b in items)
    out: list[list] = []
    open_runs: list[list] = []  # per depth: [its kind, its last number, the index of its first item]
    depth_prev = -1
    for n, block in enumerate(items):
        depth = max(min(block.level - base, depth_prev + 1), 0)
        del open_runs[depth + 1:]
        kind = (block.ordered, *block.numbering[:2]) if block.ordered else (False,)
        run = open_runs[depth] if depth < len(open_runs) else None
        if run is None or run[0] != kind:
            begun = continued.get(block.list_id) if depth == 0 and block.ordered and block.list_id else None
            number = begun + 1 if begun is not None else block.numbering[2] if block.ordered else 1
            run = [kind, number, n]
            del open_runs[depth:]
            open_runs.append(run)
            out.append([depth, number, True, True])
        else:
            run[1] += 1
            out[run[2]][3] = False  # (its first item is not alone)
            out.append([depth, run[1], False, False])
        if depth == 0 and block.list_id and block.ordered:
            continued[block.list_id] = run[1]
        depth_prev = depth
    return [tuple(entry) for entry in out]


def _cell(runs: list[Run]) -> str:
    runs = normalise([Run(" " if r.brk else r.text, r.bold, r.italic, r.code, r.href, note=r.note, strike=r.strike)
                      for r in runs])
    text, kept = paragraph(runs)
    return text.replace("\n", " ") if text else ""


def _table(block: Block, remarks: list[Remark]) -> str:
    rows = block.rows
    ncols = max(len(r) for r in rows)
    if ncols > MAX_COLUMNS:
        remarks.append(Remark(block.para, "warning", f"the table has {ncols} columns, more than the {MAX_COLUMNS} "
                              "that can be set: each row is written as a paragraph"))
        return "\n\n".join(" · ".join(c for c in (_cell(cell) for cell in row) if c) for row in rows)
    rows = [row + [[]] * (ncols - len(row)) for row in rows]
    out = ["| " + " | ".join(_cell(c) for c in rows[0]) + " |", "|" + "---|" * ncols]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[1:]]
    text = "\n".join(out)
    if block.caption:
        text += "\n\n::: caption\n" + inline(block.caption, breaks=False) + "\n:::"
    return text


def _figure(block: Block, name: str) -> str:
    image = block.image
    caption = inline(normalise(block.caption), styles=False, breaks=False) if block.caption else ""
    w, h = image.width, image.height
    ratio = max(0.2, min(5.0, w / h if h else 1.5))
    attrs = f"width={image.share}% ratio={round(ratio, 3):g}:1"
    if image.descr and figure_alt():
        alt = re.sub(r"\s+", " ", image.descr).strip().replace('"', "'").replace("{", "(").replace("}", ")")
        attrs += f' alt="{escape(alt)}"'  # markdown-it reads the escapes back: the attribute gets the text
    return f"![{caption}](photos/{name}){{{attrs}}}"
