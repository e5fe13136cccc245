"""What a paragraph's style and numbering mean: heading level, list kind, quote, code, caption.

Read from the raw XML of styles.xml and numbering.xml (python-docx exposes neither the
style inheritance of numbering nor the number formats of list levels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MONO_FONTS = ("courier", "consolas", "menlo", "monaco", "lucida console", "source code", "andale mono",
              "dejavu sans mono", "liberation mono", "fira code", "fira mono", "inconsolata", "roboto mono",
              "ocr a", "monospace", "ubuntu mono", "jetbrains mono", "cascadia")
CODE_STYLES = re.compile(r"code|preformatted|plain text|macro text|source|listing|verbatim", re.I)
QUOTE_STYLES = re.compile(r"quote|block ?text|citation|extract", re.I)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def val(element, default=None):
    if element is None:
        return default
    return element.get(w("val"), default)


def on(element) -> bool:
    """A toggle property such as <w:b/> or <w:b w:val="false"/>."""
    return element is not None and val(element, "true").lower() not in ("false", "0", "off", "none")


@dataclass
class Style:
    name: str
    kind: str
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    bold: bool | None = None
    italic: bool | None = None
    mono: bool = False
    left_indent: int = 0


def is_mono(rfonts) -> bool:
    if rfonts is None:
        return False
    names = [rfonts.get(w(k)) or "" for k in ("ascii", "hAnsi")]
    return any(n and any(m in n.lower() for m in MONO_FONTS) for n in names)


class Styles:
    def __init__(self, styles_xml, numbering_xml):
        self.by_id: dict[str, Style] = {}
        self.default_para: str | None = None
        if styles_xml is not None:
            for el in styles_xml.iter(w("style")):
                self._read_style(el)
        self.num_abstract: dict[str, str] = {}
        self.num_overrides: dict[tuple[str, int], str] = {}
        self.abstract_formats: dict[tuple[str, int], str] = {}
        # (abstractNum or num, level) -> its w:lvlText and w:start, where given; (num, level) -> w:startOverride
        self.abstract_levels: dict[tuple[str, int], tuple[str | None, int | None]] = {}
        self.override_levels: dict[tuple[str, int], tuple[str | None, int | None]] = {}
        self.start_overrides: dict[tuple[str, int], int] = {}
        if numbering_xml is not None:
            self._read_numbering(numbering_xml)

    def _read_style(self, el) -> None:
        sid = el.get(w("styleId")) or ""
        ppr, rpr = el.find(w("pPr")), el.find(w("rPr"))
        style = Style(name=(val(el.find(w("name")), sid) or sid), kind=el.get(w("type"), "paragraph"),
                      based_on=val(el.find(w("basedOn"))))
        if el.get(w("default")) in ("1", "true") and style.kind == "paragraph":
            self.default_para = sid
        if ppr is not None:
            numpr = ppr.find(w("numPr"))
            if numpr is not None:
                style.num_id = val(numpr.find(w("numId")))
                ilvl = val(numpr.find(w("ilvl")))
                style.ilvl = int(ilvl) if ilvl and ilvl.isdigit() else None
            outline = val(ppr.find(w("outlineLvl")))
            if outline and outline.isdigit() and int(outline) < 9:
                style.outline = int(outline)
            style.left_indent = indent_of(ppr)
        if rpr is not None:
            if rpr.find(w("b")) is not None:
                style.bold = on(rpr.find(w("b")))
            if rpr.find(w("i")) is not None:
                style.italic = on(rpr.find(w("i")))
            style.mono = is_mono(rpr.find(w("rFonts")))
        self.by_id[sid] = style

    def _read_numbering(self, root) -> None:
        for absn in root.iter(w("abstractNum")):
            aid = absn.get(w("abstractNumId")) or ""
            for lvl in absn.iter(w("lvl")):
                ilvl = lvl.get(w("ilvl")) or "0"
                if ilvl.isdigit():
                    self.abstract_formats[(aid, int(ilvl))] = val(lvl.find(w("numFmt")), "decimal") or "decimal"
                    self.abstract_levels[(aid, int(ilvl))] = _level_text_and_start(lvl)
        for num in root.iter(w("num")):
            nid = num.get(w("numId")) or ""
            self.num_abstract[nid] = val(num.find(w("abstractNumId")), "") or ""
            for override in num.iter(w("lvlOverride")):
                ilvl = override.get(w("ilvl")) or "0"
                lvl = override.find(w("lvl"))
                if lvl is not None and ilvl.isdigit() and lvl.find(w("numFmt")) is not None:
                    self.num_overrides[(nid, int(ilvl))] = val(lvl.find(w("numFmt")), "decimal")
                if lvl is not None and ilvl.isdigit():
                    self.override_levels[(nid, int(ilvl))] = _level_text_and_start(lvl)
                start = _number(override.find(w("startOverride")))
                if start is not None and ilvl.isdigit():
                    self.start_overrides[(nid, int(ilvl))] = start

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            yield self.by_id[sid]
            sid = self.by_id[sid].based_on

    def name(self, sid: str | None) -> str:
        style = self.by_id.get(sid or self.default_para or "")
        return style.name if style else (sid or "")

    def first(self, sid: str | None, attr: str):
        for style in self.chain(sid):
            value = getattr(style, attr)
            if value is not None:
                return value
        return None

    def ordered(self, num_id: str, ilvl: int) -> bool | None:
        """True for numbers, False for bullets, None when the numbering is unknown or 'none'."""
        fmt = None
        for level in range(ilvl, -1, -1):  # a level the numbering does not define: the nearest above it
            fmt = self.num_overrides.get((num_id, level))
            if fmt is None:
                fmt = self.abstract_formats.get((self.num_abstract.get(num_id, ""), level))
            if fmt is not None:
                break
        if fmt is None:
            return None
        if fmt == "none":
            return None
        return fmt != "bullet"

    def numbering(self, num_id: str, ilvl: int) -> tuple[str, str, int]:
        """(style, delimiter, start) of a numbered list level (content/numbering.py's names): its
        w:numFmt (lowerLetter, upperRoman…; any other is decimal), what its w:lvlText puts around
        the number (`%1)`, `(%1)`; `%1.` and any other: period), and its first number (the num's
        w:startOverride, else the level's w:start, else 1)."""
        aid = self.num_abstract.get(num_id, "")
        for level in range(ilvl, -1, -1):  # (as `ordered`: the nearest level defined above it)
            fmt = self.num_overrides.get((num_id, level)) or self.abstract_formats.get((aid, level))
            if fmt is not None:
                break
        else:
            return "decimal", "period", 1
        text, start = self.override_levels.get((num_id, level), (None, None))
        base_text, base_start = self.abstract_levels.get((aid, level), (None, None))
        text = text if text is not None else base_text
        start = self.start_overrides.get((num_id, level), start if start is not None else base_start)
        return FORMATS.get(fmt, "decimal"), _delimiter(text or "", level), 1 if start is None else start


FORMATS = {"decimal": "decimal", "lowerLetter": "lower-alpha", "upperLetter": "upper-alpha",
           "lowerRoman": "lower-roman", "upperRoman": "upper-roman"}


def _number(element) -> int | None:
    value = val(element)
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _level_text_and_start(lvl) -> tuple[str | None, int | None]:
    return val(lvl.find(w("lvlText"))), _number(lvl.find(w("start")))


def _delimiter(text: str, level: int) -> str:
    """`%1)` -> paren, `(%1)` -> parens, anything else (`%1.`, `%1.%2.`, `%1`) -> period."""
    own = f"%{level + 1}"
    at = text.find(own)
    if at < 0:
        return "period"
    after = text[at + len(own):at + len(own) + 1]
    if after == ")":
        return "parens" if text[:at].endswith("(") else "paren"
    return "period"


def indent_of(ppr) -> int:
    ind = ppr.find(w("ind")) if ppr is not None else None
    if ind is None:
        return 0
    for key in ("left", "start"):
        value = ind.get(w(key))
        if value and value.lstrip("-").isdigit():
            return int(value)
    return 0


@dataclass
class ParaKind:
    kind: str  # title, subtitle, heading, caption, quote, code, list, para
    level: int = 0
    ordered: bool = False
    list_id: str = ""
    extra: dict = field(default_factory=dict)
    numbering: tuple[str, str, int] = ("decimal", "period", 1)  # a numbered list's (style, delim, start)


def classify(p, styles: Styles) -> ParaKind:
    ppr = p.find(w("pPr"))
    sid = val(ppr.find(w("pStyle"))) if ppr is not None else None
    sid = sid or styles.default_para
    name = styles.name(sid).strip().lower()
    names = [s.name.lower() for s in styles.chain(sid)] or [name]
    if "title" in names:
        return ParaKind("title")
    if "subtitle" in names:
        return ParaKind("subtitle")
    for n in names:
        match = re.fullmatch(r"heading\s*(\d)", n)
        if match:
            return ParaKind("heading", int(match.group(1)))
    outline = val(ppr.find(w("outlineLvl"))) if ppr is not None else None
    level = int(outline) + 1 if outline and outline.isdigit() and int(outline) < 9 else None
    if level is None and styles.first(sid, "outline") is not None:
        level = styles.first(sid, "outline") + 1
    if level:
        return ParaKind("heading", level)
    if "caption" in names:
        return ParaKind("caption")
    num_id, ilvl = _numbering(ppr, sid, styles)
    if num_id and num_id != "0":
        ordered = styles.ordered(num_id, ilvl)
        if ordered is None and re.search(r"list (bullet|number)", name):
            ordered = "number" in name
        if ordered is not None:
            depth = re.fullmatch(r"list (?:bullet|number|continue)\s*(\d)", name)
            if depth and ilvl == 0 and (ppr is None or ppr.find(w("numPr")) is None):
                ilvl = int(depth.group(1)) - 1  # "List Bullet 2" is the second level by its name
            numbering = styles.numbering(num_id, ilvl) if ordered else ("decimal", "period", 1)
            return ParaKind("list", ilvl, ordered, num_id, numbering=numbering)
    match = re.fullmatch(r"list (bullet|number)\s*(\d?)", name)
    if match:
        return ParaKind("list", int(match.group(2) or 1) - 1, match.group(1) == "number", name)
    if any(CODE_STYLES.search(n) for n in names) or styles.first(sid, "mono") is True:
        return ParaKind("code")
    if any(QUOTE_STYLES.search(n) for n in names):
        return ParaKind("quote")
    if indent_of(ppr) >= 567 or (indent_of(ppr) == 0 and (styles.first(sid, "left_indent") or 0) >= 567
                                 and "list" not in name):
        return ParaKind("quote", extra={"indent": True})
    return ParaKind("para")


def _numbering(ppr, sid, styles: Styles) -> tuple[str | None, int]:
    numpr = ppr.find(w("numPr")) if ppr is not None else None
    num_id = ilvl = None
    if numpr is not None:
        num_id = val(numpr.find(w("numId")))
        level = val(numpr.find(w("ilvl")))
        ilvl = int(level) if level and level.isdigit() else None
    if num_id is None:
        num_id = styles.first(sid, "num_id")
    if ilvl is None:
        ilvl = styles.first(sid, "ilvl") or 0
    return num_id, min(int(ilvl), 8)
