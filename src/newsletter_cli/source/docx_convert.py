"""A checked Word package -> the blocks of an article, with a report of what was not carried over.

Walks the body's XML in document order (paragraphs, tables, content controls, text boxes),
using `docx_styles` for what a style means and `docx_inline` for the runs of a paragraph.
Every paragraph has a number (its place among the body's `w:p`, from 1), and each remark
of the report carries the number of the paragraph it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsletter_cli.errors import NewsletterError
from newsletter_cli.source.docx_images import Image, read_image
from newsletter_cli.source.docx_inline import MC, R, Content, InlineReader, Picture, clean, inside
from newsletter_cli.source.docx_read import Package
from newsletter_cli.source.docx_styles import Styles, classify, val, w
from newsletter_cli.source.markdown_text import Run, link_problem, normalise, plain, safe_url

GENERATED = {"TOC": "table of contents (or of figures)", "INDEX": "index", "TOA": "table of authorities"}
ENTRY_STYLES = re.compile(r"(toc\d|tocheading|index\d|indexheading|tableoffigures|tableofauthorities|toaheading)")
CELL_SKIPPED = {w("txbxContent"), f"{{{MC}}}Fallback"}
IMAGE_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


@dataclass
class Block:
    kind: str  # para, heading, item, quote, code, table, figure, caption
    para: int
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    ordered: bool = False
    list_id: str = ""
    rows: list[list[list[Run]]] = field(default_factory=list)
    caption: list[Run] = field(default_factory=list)
    image: Image | None = None
    numbering: tuple[str, str, int] = ("decimal", "period", 1)  # a numbered item's list: (style, delim, start)


@dataclass
class Remark:
    para: int | None
    severity: str  # "warning" or "note"
    message: str


@dataclass
class Converted:
    blocks: list[Block]
    notes: list[list[Run]]  # footnotes and endnotes, in the order of their first reference
    remarks: list[Remark]
    core_title: str
    core_author: str
    first_note_para: int | None = None


class Converter:
    def __init__(self, package: Package):
        self.package = package
        doc = package.document
        self.doc = doc
        self.body = doc.element.body
        if self.body is None:
            raise NewsletterError.at(package.file, "is damaged: its document part has no body", code="docx")
        self.rels: dict[str, tuple[str, str, bool]] = {
            rid: (rel.reltype, rel.target_ref, rel.is_external) for rid, rel in doc.part.rels.items()}
        self.styles = Styles(self._part_xml("/styles"), self._part_xml("/numbering"))
        self.numbers = {p: n for n, p in enumerate(self.body.iter(w("p")), start=1)}
        self.reader = InlineReader(self.styles, self.rels, self._marker)
        self.blocks: list[Block] = []
        self.remarks: list[Remark] = []
        self.note_order: list[tuple[str, str]] = []
        self.note_para: dict[tuple[str, str], int] = {}
        self.note_number: dict[tuple[str, str], int] = {}
        self.comment_para: dict[str, int] = {}
        self.last_para = 0
        self.text_width = _text_width(self.body)
        self.generated = _generated_paragraphs(self.body)  # paragraph -> the field (TOC, INDEX…) that made it
        self.generated_said: set[int] = set()
        self.image_count = 0

    def _part_xml(self, suffix: str):
        from docx.oxml import parse_xml

        from lxml import etree

        for rel in self.doc.part.rels.values():
            if not rel.is_external and rel.reltype.endswith(suffix):
                part = rel.target_part
                try:
                    return part.element if hasattr(part, "element") else parse_xml(part.blob)
                except (etree.XMLSyntaxError, ValueError) as exc:
                    raise NewsletterError.at(self.package.file, f"its part '{part.partname}' is damaged XML "
                                             f"({str(exc)[:100]})", code="docx") from None
        return None

    def _marker(self, kind: str, nid: str) -> int:
        key = (kind, nid)
        if key not in self.note_para:
            self.note_order.append(key)
            self.note_para[key] = self.last_para
            self.note_number[key] = len(self.note_order)
        return self.note_number[key]

    def remark(self, para, message, severity="warning") -> None:
        self.remarks.append(Remark(para, severity, message))

    # --- the walk -------------------------------------------------------------------------

    def convert(self) -> Converted:
        for mended in self.package.repaired:
            self.remark(None, f"{mended}: read past, as Word does", "note")
        self._external_images()
        self.walk(self.body)
        notes = self._notes()
        self._comments()
        self._headers_and_footers()
        title, author = _core(self.doc)
        return Converted(self.blocks, notes, self.remarks, title, author,
                         self.note_para.get(self.note_order[0]) if self.note_order else None)

    def walk(self, container) -> None:
        for child in container:
            tag = child.tag
            if tag == w("p"):
                self.paragraph(child)
            elif tag == w("tbl"):
                self.table(child)
            elif tag == w("sdt") and _gallery(child).startswith("table of contents"):
                paras = list(child.iter(w("p")))
                self.remark(self.numbers.get(paras[0]) if paras else None,
                            "the table of contents is left out (the issue has its own)")
            elif tag in (w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")):
                self.walk(child)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self.walk(choice)
            elif tag == w("altChunk"):
                self.alt_chunk(child)

    def alt_chunk(self, chunk) -> None:
        """HTML, MHT or plain text the document holds in a part of its own (`w:altChunk`), read as
        blocks where it stands; a chunk in another format is left out, with a warning."""
        from newsletter_cli.source.docx_chunks import chunk_html, html_blocks

        n = self.last_para or None
        part = self.doc.part.related_parts.get(chunk.get(f"{{{R}}}id") or "")
        if part is None:
            self.remark(n, "an embedded chunk of text (w:altChunk) whose part is missing is left out")
            return
        ctype = getattr(part, "content_type", "") or ""
        html = chunk_html(part.blob, ctype)
        if html is None:
            self.remark(n, f"an embedded chunk in another format ({ctype[:60] or 'unknown'}, w:altChunk) is left out: "
                           "paste its text into the document")
            return
        blocks = html_blocks(html)
        for b in blocks:
            if b.kind == "table":
                self.blocks.append(Block("table", n or 0, rows=[[normalise(cell) for cell in row] for row in b.rows]))
            elif b.kind == "code":
                self.blocks.append(Block("code", n or 0, [Run(plain(b.runs))]))
            else:
                self.blocks.append(Block(b.kind, n or 0, normalise(b.runs), b.level, b.ordered, b.list_id))
        self.remark(n, f"an embedded chunk of {'HTML' if '<' in html else 'text'} (w:altChunk) is read for its text: "
                       f"{len(blocks)} block(s)", "note")

    def paragraph(self, p) -> None:
        n = self.numbers.get(p, self.last_para)
        self.last_para = n
        field = self.generated.get(p)
        if field is not None and self._entry(p):  # a list Word makes of the document, with Word's page numbers
            if id(field) not in self.generated_said:
                self.generated_said.add(id(field))
                self.remark(n, f"the {GENERATED[field['kind']]} made by the field {field['kind']} is left out "
                               "(its page numbers are Word's)", "note")
            return
        kind = classify(p, self.styles)
        content = self.reader.read(p)
        self._content_remarks(content, n)
        runs = normalise(content.runs)
        for url in dict.fromkeys(r.href for r in runs if r.href and not safe_url(r.href)):
            self.remark(n, f"the link to '{url[:80]}' {link_problem(url)}: only its text is kept")
        if kind.kind == "code":
            raw = [r for r in content.runs]
            self.blocks.append(Block("code", n, [Run(plain(raw).replace("\t", "    "))]))
        elif runs:
            if kind.kind == "list":
                self.blocks.append(Block("item", n, runs, kind.level, kind.ordered, kind.list_id,
                                         numbering=kind.numbering))
            elif kind.kind == "heading":
                self.blocks.append(Block("heading", n, _unstyled(runs), kind.level))
            elif kind.kind in ("title", "subtitle", "caption"):
                self.blocks.append(Block(kind.kind, n, _unstyled(runs) if kind.kind != "caption" else runs))
            elif kind.kind == "quote":
                self.blocks.append(Block("quote", n, runs))
            else:
                self.blocks.append(Block("para", n, runs))
        for picture in content.pictures:
            self.figure(picture, n)
        for box in content.boxes:
            self.walk(box)

    def _entry(self, p) -> bool:
        """Whether `p` reads as an entry of such a list: its style is one Word gives them (TOC 1,
        Index 1, Table of Figures…), or it refers to a page. A damaged field that spans the body
        leaves the body's own paragraphs alone."""
        ppr = p.find(w("pPr"))
        sid = val(ppr.find(w("pStyle"))) if ppr is not None else None
        names = [sid or ""] + [style.name for style in self.styles.chain(sid)]
        if any(ENTRY_STYLES.match(re.sub(r"\s+", "", name).lower()) for name in names):
            return True
        return any("PAGEREF" in (t.text or "").upper() for t in p.iter(w("instrText")))

    def _content_remarks(self, content: Content, n: int) -> None:
        for cid in content.comments:
            self.comment_para.setdefault(cid, n)
        for lost in dict.fromkeys(content.lost):
            self.remark(n, lost)

    def figure(self, picture: Picture, n: int) -> None:
        if picture.external:
            target = self.rels.get(picture.rel_id or "", ("", picture.rel_id or "", True))[1]
            # never fetched (a web bug, or a file on the author's disk): the text is imported without it
            self.remark(n, f"a picture linked from outside the document ('{target[:80]}') is left out: "
                           "insert the picture itself")
            return
        try:
            part = self.doc.part.related_parts[picture.rel_id]
        except KeyError:
            self.remark(n, "a picture whose data is missing from the document is left out")
            return
        image = self._image(part, picture, n)
        if image:
            self.image_count += 1
            self.blocks.append(Block("figure", n, image=image))

    def _image(self, part, picture: Picture, n: int) -> Image | None:
        image, said = read_image(part, picture, self.text_width)
        for severity, message in said:
            self.remark(n, message, severity)
        return image

    def table(self, tbl) -> None:
        paras = list(tbl.iter(w("p")))
        n = self.numbers.get(paras[0], self.last_para + 1) if paras else self.last_para + 1
        rows_xml = [tr for tr in _children(tbl, "tr") if not _deleted_row(tr)]
        cells_xml = [list(_children(tr, "tc")) for tr in rows_xml]
        if len(rows_xml) == 1 and len(cells_xml[0]) == 1:  # a one-cell table is a box around text
            self.walk(cells_xml[0][0])
            return
        rows: list[list[list[Run]]] = []
        merged, later = False, []
        for tr, cells in zip(rows_xml, cells_xml):
            row: list[list[Run]] = []
            trpr = tr.find(w("trPr"))
            row += [[] for _ in range(_int(val(trpr.find(w("gridBefore")) if trpr is not None else None, "0")))]
            for tc in cells:
                tcpr = tc.find(w("tcPr"))
                span = _int(val(tcpr.find(w("gridSpan")) if tcpr is not None else None, "1")) or 1
                vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
                if vmerge is not None and val(vmerge, "continue") != "restart":
                    row.append([])
                    merged = True
                else:
                    row.append(self._cell(tc, later))
                if span > 1:
                    merged = True
                    row += [[] for _ in range(min(span, 64) - 1)]
            rows.append(row)
        self.last_para = self.numbers.get(paras[-1], n) if paras else n
        if not rows:
            return
        if not any(cell for row in rows for cell in row):
            self.remark(n, "a table with no text in any of its cells is left out", "note")
        elif merged:
            self.remark(n, "the table has merged cells: they are split, and the text stands in the first of them")
        if any(cell for row in rows for cell in row):
            self.blocks.append(Block("table", n, rows=rows))
        for kind, payload, para in later:
            if kind == "picture":
                self.remark(para, "a picture inside a table is placed below the table")
                self.figure(payload, para)
            else:
                self.walk(payload)

    def _cell(self, tc, later: list) -> list[Run]:
        runs: list[Run] = []
        for child in tc.iter(w("p")):
            if inside(child, tc, CELL_SKIPPED):
                continue  # (a text box's paragraphs are read after the table; a fallback copy never)
            n = self.numbers.get(child, self.last_para)
            content = self.reader.read(child)
            self._content_remarks(content, n)
            text = normalise(content.runs)
            if text:
                if runs:
                    runs.append(Run(" "))
                runs.extend(Run(r.text if not r.brk else " ", r.bold, r.italic, r.code, r.href, note=r.note,
                                strike=r.strike)
                            for r in text)
            later += [("picture", pic, n) for pic in content.pictures]
            later += [("box", box, n) for box in content.boxes]
        if tc.find(f".//{w('tbl')}") is not None:
            self.remark(self.numbers.get(next(tc.iter(w("p")), None), self.last_para),
                        "a table inside a table cell is flattened to its text")
        return normalise(runs)

    # --- notes, comments, external links ---------------------------------------------------

    def _notes(self) -> list[list[Run]]:
        parts = {"footnote": self._part_xml("/footnotes"), "endnote": self._part_xml("/endnotes")}
        found: dict[tuple[str, str], object] = {}
        for kind, root in parts.items():
            if root is not None:
                for note in root.iter(w(kind)):
                    found[(kind, note.get(w("id")) or "")] = note
        notes = []
        k = 0
        while k < len(self.note_order):  # (a note may refer to another: it is numbered, and read, in turn)
            key = self.note_order[k]
            k += 1
            note = found.get(key)
            runs: list[Run] = []
            para = self.note_para.get(key)
            for p in note.iter(w("p")) if note is not None else []:
                if inside(p, note, {f"{{{MC}}}Fallback"}):
                    continue  # (a text box's copy for older readers: its text is read once, from the box)
                content = self.reader.read(p)
                self._content_remarks(content, para)
                if content.pictures:
                    self.remark(para, "a picture in a footnote or endnote is left out (the notes are set as text)")
                text = normalise(content.runs)
                if text:
                    if runs:
                        runs.append(Run(" "))
                    runs.extend(text)
            notes.append(normalise(runs) or [Run("(empty note)")])
        return notes

    def _comments(self) -> None:
        root = self._part_xml("/comments")
        if root is None:
            return
        for comment in root.iter(w("comment")):
            cid = comment.get(w("id")) or ""
            author = clean(comment.get(w("author")) or "someone")
            text = " ".join(plain(normalise(self.reader.read(p).runs)) for p in comment.iter(w("p"))).strip()
            shown = text if len(text) <= 60 else text[:57] + "…"
            self.remark(self.comment_para.get(cid), f"comment by {author} not imported: “{shown}”", "note")

    def _headers_and_footers(self) -> None:
        import re

        for kind in ("header", "footer"):
            if any(re.fullmatch(rf"word/{kind}\d*\.xml", name) and b"<w:t" in data
                   for name, data in self.package.members.items()):
                self.remark(None, f"the page {kind} is not imported (the issue has its own running heads)", "note")

    def _external_images(self) -> None:
        """An image linked from outside the document (TargetMode="External") is never fetched. Where
        the text uses one, `figure` says so at its paragraph; the others (in a page header, or not
        used at all) are said here, one line for each part, and the text is imported."""
        import re

        for name, data in self.package.members.items():
            if not name.endswith(".rels") or name == "word/_rels/document.xml.rels":
                continue  # (the document's own: found, with its paragraph, where the text uses them)
            targets = []
            for rel in re.finditer(rb"<Relationship\b[^>]*>", data):
                tag = rel.group(0)
                if b'TargetMode="External"' in tag and (b"/image\"" in tag or b"/image'" in tag):
                    target = re.search(rb'Target="([^"]*)"', tag)
                    targets.append(target.group(1).decode("utf-8", "replace")[:80] if target else "?")
            if targets:
                self.remark(None, f"'{name}' links {_images(targets)} from outside the document: never fetched")
        linked = [(rid, target) for rid, (reltype, target, external) in self.rels.items()
                  if external and reltype == IMAGE_TYPES]
        if linked:
            used = {value for el in self.body.iter() if isinstance(el.tag, str) for value in el.attrib.values()}
            unused = [target for rid, target in linked if rid not in used]
            if unused:
                self.remark(None, f"the document links {_images(unused)} from outside it that its text does not "
                                  "show: never fetched", "note")


def _images(targets: list[str]) -> str:
    shown = ", ".join(f"'{t[:80]}'" for t in targets[:3]) + (", …" if len(targets) > 3 else "")
    return f"an image ({shown})" if len(targets) == 1 else f"{len(targets)} images ({shown})"


def _generated_paragraphs(body) -> dict:
    """The paragraphs whose text is all the result of a field that lists the document itself
    (a table of contents, of figures or of authorities, an index), each with its field. Only a
    field that ends counts: a damaged one that never ends leaves the text alone."""
    out: dict = {}
    stack: list[dict] = []
    kept: set = set()
    for el in body.iter(w("fldChar"), w("instrText"), w("t")):
        if el.tag == w("fldChar"):
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                stack.append({"instr": "", "phase": "instr", "kind": "", "paras": set()})
            elif kind == "separate" and stack:
                field = stack[-1]
                field["phase"] = "result"
                match = re.match(r"\s*(TOC|INDEX|TOA)\b", field["instr"], re.I)
                field["kind"] = match.group(1).upper() if match else ""
            elif kind == "end" and stack:
                field = stack.pop()
                for p in field["paras"]:
                    out.setdefault(p, field)
        elif el.tag == w("instrText"):
            if stack and stack[-1]["phase"] == "instr":
                stack[-1]["instr"] += el.text or ""
        elif (el.text or "").strip():
            p = next(el.iterancestors(w("p")), None)
            maker = next((f for f in reversed(stack) if f["kind"] and f["phase"] == "result"), None)
            (maker["paras"] if maker is not None else kept).add(p)
    return {p: field for p, field in out.items() if p is not None and p not in kept}


def _core(doc) -> tuple[str, str]:
    """The title and author of File > Properties; empty when the part is missing or damaged."""
    try:
        core = doc.core_properties
        return clean(core.title or "").strip(), clean(core.author or "").strip()
    except Exception:  # python-docx gives a plain Part when the core part's content type is wrong
        return "", ""


def _gallery(sdt) -> str:
    """The building-block gallery of a content control ("Table of Contents", "Cover Pages"…)."""
    found = sdt.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
    return (val(found, "") or "").lower()


def _unstyled(runs: list[Run]) -> list[Run]:
    return normalise([Run(r.text, note=r.note) if not r.brk else Run(" ") for r in runs])


def _children(parent, name: str):
    for child in parent:
        if child.tag == w(name):
            yield child
        elif child.tag in (w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")):
            yield from _children(child, name)


def _deleted_row(tr) -> bool:
    trpr = tr.find(w("trPr"))
    return trpr is not None and (trpr.find(w("del")) is not None)


def _int(text) -> int:
    try:
        return max(0, int(text))
    except (TypeError, ValueError):
        return 0


def _text_width(body) -> int:
    """The text width of the last section, in twentieths of a point (0 when not given)."""
    sect = body.find(w("sectPr"))
    if sect is None:
        return 0
    size, margins = sect.find(w("pgSz")), sect.find(w("pgMar"))
    width = _int(size.get(w("w"))) if size is not None else 0
    if margins is not None:
        width -= _int(margins.get(w("left"))) + _int(margins.get(w("right")))
    return max(width, 0)
