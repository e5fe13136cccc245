"""The text of one Word paragraph as styled runs, with its pictures, text boxes and notes.

Track changes are accepted (`w:ins`, `w:moveTo` kept; `w:del`, `w:moveFrom` dropped), text
Word hides (`w:vanish`) is left out and said so, text in capitals (`w:caps`) is written in
capitals, a page or column break inside a paragraph is a word space, an equation is written
as a line of text with its scripts raised and lowered (`<sup>`, `<sub>`), fields
keep their result and lose their instructions (a HYPERLINK field becomes a link), smart tags,
content controls and custom XML keep their text, comments are never read as text, and of a
`mc:AlternateContent` only the first choice is read (its fallback repeats the same content).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from newsletter_cli.source.docx_styles import Styles, is_mono, on, val, w
from newsletter_cli.source.markdown_text import Run

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
TRANSPARENT = {w(t) for t in ("ins", "moveTo", "smartTag", "customXml", "sdt", "sdtContent", "dir", "bdo",
                              "fldSimple")}
DROPPED = {w(t) for t in ("del", "moveFrom", "commentRangeStart", "commentRangeEnd", "proofErr",
                          "bookmarkStart", "bookmarkEnd", "pPr", "rPr", "sdtPr", "sdtEndPr", "permStart",
                          "permEnd", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
                          "moveToRangeEnd", "customXmlPr", "smartTagPr")}
HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+"([^"]+)"', re.I)


@dataclass
class Picture:
    """A picture in the text: its relationship id (or an external link) and what Word says of it."""

    rel_id: str | None
    external: bool
    descr: str
    title: str
    cx: int  # EMU, 0 when unknown
    cy: int


@dataclass
class Content:
    runs: list[Run] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    boxes: list = field(default_factory=list)  # w:txbxContent elements, read as blocks after the paragraph
    notes: list[tuple[str, str]] = field(default_factory=list)  # ("footnote"|"endnote", id)
    comments: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # what could not be carried over, said plainly


def clean(text: str) -> str:
    """No control or private-use characters, no invisible format marks that YAML or fonts refuse."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\u2028\u2029\u000b\u000c\t\n\r":  # (a line break in alt text: the words stay apart)
            out.append(" ")
        elif cat in ("Cc", "Cs", "Co", "Cn") or ch in "\ufeff\u00ad\u200b\u2060\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            continue
        else:
            out.append(ch)
    return "".join(out)


class InlineReader:
    def __init__(self, styles: Styles, rels: dict[str, tuple[str, str, bool]], note_marker):
        self.styles = styles
        self.rels = rels  # rId -> (reltype, target, external)
        self.note_marker = note_marker  # (kind, id) -> the note's number, in the order of reference
        from newsletter_cli.source.markdown_text import footnotes_supported

        self.real_notes = footnotes_supported()  # `[^1]`, or "[1]" and a list of notes at the end

    def read(self, p) -> Content:
        content = Content()
        self._fields: list[dict] = []
        self._unended: list[Run] = []  # text inside a field's code: Word writes none there, so kept if it never ends
        self._children(p, content, href=None)
        if self._unended and any(f["phase"] == "instr" for f in self._fields):
            content.runs.extend(self._unended)
            content.lost.append("a field begins but neither ends nor shows a result in its paragraph: the text "
                                "after its code is kept")
        return content

    def _children(self, parent, content: Content, href: str | None) -> None:
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str) or tag in DROPPED:
                continue
            if tag == w("r"):
                self._run(child, content, href)
            elif tag == w("hyperlink"):
                target = None
                rid = child.get(f"{{{R}}}id")
                if rid and rid in self.rels and self.rels[rid][2]:
                    target = self.rels[rid][1]
                self._children(child, content, target or href)
            elif tag == w("fldSimple"):
                match = HYPERLINK_FIELD.match(child.get(w("instr")) or "")
                self._children(child, content, match.group(1) if match else href)
            elif tag in TRANSPARENT:
                self._children(child, content, href)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                self._children(choice if choice is not None else child.find(f"{{{MC}}}Fallback") or [],
                               content, href)
            elif tag in (f"{{{M}}}oMath", f"{{{M}}}oMathPara"):
                runs = [Run(clean(text), italic=True, script=script) for text, script in _math(child, "")
                        if clean(text)]
                if runs:
                    content.runs.extend(runs)
                    content.lost.append("an equation is kept as a line of text")
            elif tag == w("commentReference"):
                content.comments.append(child.get(w("id")) or "")

    def _field_href(self) -> str | None:
        for f in reversed(self._fields):
            match = HYPERLINK_FIELD.match(f["instr"])
            if match and f["phase"] == "result":
                return match.group(1)
        return None

    def _run(self, r, content: Content, href: str | None) -> None:
        rpr = r.find(w("rPr"))
        bold, italic, mono = self._run_style(rpr)
        struck = rpr is not None and (on(rpr.find(w("strike"))) or on(rpr.find(w("dstrike"))))  # ~~text~~
        if rpr is not None and on(rpr.find(w("vanish"))) and not on(rpr.find(w("specVanish"))):
            hidden = "".join(t.text or "" for t in r.iter(w("t"))).strip()
            if hidden:
                content.lost.append(f"text Word hides is left out: “{clean(hidden)[:40]}”")
            return
        capitals = rpr is not None and on(rpr.find(w("caps")))
        align = rpr.find(w("vertAlign")) if rpr is not None else None
        script = {"superscript": "sup", "subscript": "sub"}.get(align.get(w("val")) if align is not None else "", "")
        in_instr = any(f["phase"] == "instr" for f in self._fields)
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    self._fields.append({"instr": "", "phase": "instr"})
                elif kind == "separate" and self._fields:
                    self._fields[-1]["phase"] = "result"
                    self._unended = []
                elif kind == "end" and self._fields:
                    self._fields.pop()
                    self._unended = []
                in_instr = any(f["phase"] == "instr" for f in self._fields)
            elif tag == w("instrText"):
                if self._fields:
                    self._fields[-1]["instr"] += child.text or ""
            elif in_instr:
                if tag == w("t") and clean(child.text or ""):
                    self._unended.append(Run(clean(child.text or ""), bold, italic, mono, href, strike=struck))
                continue
            elif tag == w("t"):
                text = clean(child.text or "")
                text = text.upper() if capitals else text
                if text:
                    content.runs.append(Run(text, bold, italic, mono, href or self._field_href(), strike=struck,
                                            script=script))
            elif tag in (w("tab"), w("ptab")):
                content.runs.append(Run(" ", bold, italic, mono, href, strike=struck))
            elif tag in (w("br"), w("cr")):
                if child.get(w("type")) not in ("page", "column"):
                    content.runs.append(Run("", brk=True))
                else:  # a page break inside a paragraph: the words on both sides stay apart
                    content.runs.append(Run(" ", bold, italic, mono, href, strike=struck))
            elif tag == w("noBreakHyphen"):
                content.runs.append(Run("-", bold, italic, mono, href, strike=struck))
            elif tag == w("sym"):
                code = child.get(w("char")) or ""
                if re.fullmatch(r"[0-9A-Fa-f]{2,4}", code) and int(code, 16) < 0xE000:
                    content.runs.append(Run(clean(chr(int(code, 16))), bold, italic, mono, href, strike=struck))
                else:
                    content.lost.append(f"a symbol of the font '{child.get(w('font')) or '?'}' is left out")
            elif tag in (w("footnoteReference"), w("endnoteReference")):
                kind = "footnote" if tag == w("footnoteReference") else "endnote"
                content.notes.append((kind, child.get(w("id")) or ""))
                number = self.note_marker(kind, child.get(w("id")) or "")
                content.runs.append(Run("", note=number) if self.real_notes else Run(f"[{number}]"))
            elif tag == w("commentReference"):
                content.comments.append(child.get(w("id")) or "")
            elif tag == w("drawing"):
                self._drawing(child, content)
            elif tag == w("pict"):
                self._vml(child, content)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                holder = choice if choice is not None else child.find(f"{{{MC}}}Fallback")
                for inner in holder if holder is not None else []:
                    if inner.tag == w("drawing"):
                        self._drawing(inner, content)
                    elif inner.tag == w("pict"):
                        self._vml(inner, content)
            elif tag == w("object"):
                self._vml(child, content)
                content.lost.append("an embedded object (OLE) is left out")

    def _run_style(self, rpr) -> tuple[bool, bool, bool]:
        bold = italic = mono = False
        if rpr is None:
            return bold, italic, mono
        rstyle = val(rpr.find(w("rStyle")))
        for style in self.styles.chain(rstyle):
            lname = style.name.lower()
            if style.bold or lname in ("strong", "bold"):
                bold = True
            if style.italic or lname in ("emphasis", "italic"):
                italic = True
            if style.mono or any(k in lname for k in ("code", "keyboard", "typewriter", "variable")):
                mono = True
        if rpr.find(w("b")) is not None:
            bold = on(rpr.find(w("b")))
        if rpr.find(w("i")) is not None:
            italic = on(rpr.find(w("i")))
        if is_mono(rpr.find(w("rFonts"))):
            mono = True
        return bold, italic, mono

    def _drawing(self, drawing, content: Content) -> None:
        for holder in drawing:
            if holder.tag not in (f"{{{WP}}}inline", f"{{{WP}}}anchor"):
                continue
            docpr = holder.find(f"{{{WP}}}docPr")
            extent = holder.find(f"{{{WP}}}extent")
            descr = _description((docpr.get("descr") if docpr is not None else "") or "")
            title = clean((docpr.get("title") if docpr is not None else "") or "")
            cx = _int(extent.get("cx")) if extent is not None else 0
            cy = _int(extent.get("cy")) if extent is not None else 0
            for blip in holder.iter(f"{{{A}}}blip"):
                embed, link = blip.get(f"{{{R}}}embed"), blip.get(f"{{{R}}}link")
                if link and not embed:
                    content.pictures.append(Picture(link, True, descr, title, cx, cy))
                elif embed:
                    external = bool(self.rels.get(embed, ("", "", False))[2])
                    content.pictures.append(Picture(embed, external, descr, title, cx, cy))
            content.boxes.extend(outer_boxes(holder))
            for data in holder.iter(f"{{{A}}}graphicData"):
                uri = data.get("uri") or ""
                if uri.endswith("/chart"):
                    content.lost.append("a chart is left out (paste it as a picture to keep it)")
                elif uri.endswith("/diagram"):
                    content.lost.append("a SmartArt diagram is left out (paste it as a picture to keep it)")

    def _vml(self, pict, content: Content) -> None:
        for data in pict.iter(f"{{{V}}}imagedata"):
            rid = data.get(f"{{{R}}}id") or data.get(f"{{{R}}}href") or data.get(f"{{{R}}}pict")
            if rid:
                external = bool(self.rels.get(rid, ("", "", False))[2])
                content.pictures.append(Picture(rid, external, _description(data.get("title") or ""), "", 0, 0))
        content.boxes.extend(outer_boxes(pict))


def outer_boxes(el) -> list:
    """The text boxes in `el` that are not inside another of its text boxes: a box in a box is
    read with the box that holds it (each once, however deep they nest)."""
    return [box for box in el.iter(w("txbxContent")) if not inside(box, el, {w("txbxContent")})]


def inside(node, top, tags: set) -> bool:
    """Whether an ancestor of `node` below `top` has one of `tags`."""
    parent = node.getparent()
    while parent is not None and parent is not top:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _description(text: str) -> str:
    """A picture's alt text on one line, without the line Word adds to the descriptions it
    writes itself ("A jellyfish in water\n\nDescription automatically generated")."""
    text = " ".join(clean(text).split())
    return re.sub(r"\s*Description automatically generated(?: with (?:low|medium|high) confidence)?$", "", text)


def _int(text) -> int:
    try:
        return max(0, int(text))
    except (TypeError, ValueError):
        return 0


def _math(node, script: str) -> list[tuple[str, str]]:
    """An equation (OMML) as (text, "sup" | "sub" | "") pieces in reading order: a fraction as
    num/den, a radical as √(…), delimiters with their characters, scripts raised or lowered
    (a script inside a script stays at the outer one's level)."""
    out: list[tuple[str, str]] = []

    def part(name: str, level: str, wrap: bool = False) -> None:
        found = node.find(f"{{{M}}}{name}")
        if found is None:
            return
        pieces = _math(found, script or level)
        text = "".join(t for t, _ in pieces)
        if wrap and len(text) > 1:
            pieces = [("(", script or level), *pieces, (")", script or level)]
        out.extend(pieces)

    tag = node.tag if isinstance(node.tag, str) else ""
    local = tag.rsplit("}", 1)[-1]
    if local == "t":
        return [(node.text or "", script)]
    if local in ("sSup", "sSub", "sSubSup", "sPre"):
        if local == "sPre":
            part("sub", "sub")
            part("sup", "sup")
            part("e", "")
        else:
            part("e", "")
            if local in ("sSub", "sSubSup"):
                part("sub", "sub")
            if local in ("sSup", "sSubSup"):
                part("sup", "sup")
        return out
    if local == "f":
        part("num", "", wrap=True)
        out.append(("/", script))
        part("den", "", wrap=True)
        return out
    if local == "rad":
        out.append(("√(", script))
        part("e", "")
        out.append((")", script))
        return out
    if local == "d":
        props = node.find(f"{{{M}}}dPr")
        begin = props.find(f"{{{M}}}begChr") if props is not None else None
        end = props.find(f"{{{M}}}endChr") if props is not None else None
        out.append((begin.get(f"{{{M}}}val", "(") if begin is not None else "(", script))
        for n, e in enumerate(node.findall(f"{{{M}}}e")):
            if n:
                out.append((", ", script))
            out.extend(_math(e, script))
        out.append((end.get(f"{{{M}}}val", ")") if end is not None else ")", script))
        return out
    if local == "nary":
        props = node.find(f"{{{M}}}naryPr")
        sign = props.find(f"{{{M}}}chr") if props is not None else None
        out.append((sign.get(f"{{{M}}}val", "∫") if sign is not None else "∫", script))
        part("sub", "sub")
        part("sup", "sup")
        part("e", "")
        return out
    for child in node:
        if isinstance(child.tag, str) and not child.tag.endswith("Pr"):
            out.extend(_math(child, script))
    return out
