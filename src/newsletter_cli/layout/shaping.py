"""Text in scripts whose letters change shape and order: shaped, set right to left, read back.

Arabic letters join, Indic consonants form conjuncts and take their vowel signs before or
around them, marks sit on their letters: the font's rules say how, and HarfBuzz (uharfbuzz)
applies them. A run of text in such a script (`COMPLEX`; Thai is drawn as before) is shaped
once per face: its width for line breaking is the shaped advance, and it is drawn as the
shaped glyphs at their positions (ReportLab writes a `ShapedStr` with its advances and
offsets). uharfbuzz is imported by the first build that has such a run (`layout.rlconfig`
keeps ReportLab from importing it at start-up).

A glyph the font's character map does not reach (a joined form, a conjunct) gets a private
code point of its own, and the PDF's ToUnicode map gives each drawn glyph the characters it
stands for (`_to_unicode`), so a text extractor reads the text that was written. Each shaped
run is marked content with /ActualText (the run's text, in logical order) and /Lang where
the script names the language.

Hebrew and Arabic read right to left: `bidi.visual` puts the pieces of a line in the order they
are seen (the rule of the Unicode bidirectional algorithm for runs of strong characters, the
neutrals and the numbers between them, in a left-to-right paragraph): the words of a name in
Arabic inside English text are laid out from right to left, its digits stay left to right,
and a neutral between two right-to-left words (a space, a bracket) goes with them, mirrored.
A right-to-left sequence is one marked-content span whose /ActualText is its logical text.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import sys
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, _sdSimple

from newsletter_cli.layout.bidi import RTL, _kind, mirrored, sequences, visual
from newsletter_cli.theme.emojiseq import MARKS
from newsletter_cli.theme.undrawn import SHAPED

COMPLEX = re.compile(f"[{SHAPED}]")  # (undrawn.py)
PRIVATE = 0xF0000  # the first private code point given to a glyph (plane 15, never in our text)
JOINER = "\u2060"  # what a glyph beyond its cluster's characters reads as (a word joiner)

_hb = []  # the uharfbuzz module, once imported
_private: dict[tuple, int] = {}  # (face name, glyph, text) -> its code point
TEXTS: dict[int, str] = {}  # private code point -> the text its glyph stands for


def needs(text: str) -> bool:
    """Whether `text` has characters that are shaped: a complex script's, or an emoji
    sequence's, drawn as one glyph (`layout.emoji`)."""
    return not text.isascii() and (COMPLEX.search(text) is not None or MARKS.search(text) is not None)


def _harfbuzz():
    if not _hb:
        if "uharfbuzz" in sys.modules and sys.modules["uharfbuzz"] is None:
            del sys.modules["uharfbuzz"]  # (kept from ReportLab's import at start-up)
        import uharfbuzz

        ttfonts.uharfbuzz = uharfbuzz  # ReportLab draws a ShapedStr's positions only when it has HarfBuzz
        ttfonts.makeToUnicodeCMap = _to_unicode
        _hb.append(uharfbuzz)
    return _hb[0]


@lru_cache(maxsize=64)
def _hb_font(face):
    hb = _harfbuzz()
    return hb.Font(hb.Face(hb.Blob(face._ttf_data)))


class Shaped(ShapedStr):
    """Shaped glyphs (as the code points that draw them), with the pieces they were joined
    from: each shaped word keeps its text (`logical`), so a line can be put in visual order
    and read back after ReportLab has joined its words."""

    logical: str | None = None  # a shaped word's own text
    rtl = False
    parts: tuple = ()
    open: str | None = None  # the first piece drawn of a right-to-left sequence: its logical text
    close = False  # the last piece of one

    def __add__(self, other):
        return _joined((self, other))

    def __radd__(self, other):
        return _joined((other, self))

    def __getitem__(self, i):  # a word cut by ReportLab (wider than its column): glyphs only
        return ShapedStr.__getitem__(ShapedStr(str(self), self.__shapeData__), i)

    def pieces(self) -> tuple:
        return self.parts or (self,)

    def text(self) -> str:
        """The logical text of what is drawn (a right-to-left word's in reading order)."""
        return "".join(p.logical if isinstance(p, Shaped) else p for p in self.pieces())


def _joined(items) -> Shaped:
    parts, data = [], []
    for item in items:
        if isinstance(item, Shaped):
            parts.extend(item.pieces())
            data.extend(item.__shapeData__)
        elif isinstance(item, ShapedStr):
            parts.append(str(item))
            data.extend(item.__shapeData__)
        elif item:
            parts.append(item)
            data.extend([_sdSimple] * len(item))
    out = Shaped("".join(map(str, parts)), shapeData=data)
    out.parts = tuple(parts)
    # a sequence's first or last piece with a space added (`linespaces`) still opens or closes it
    out.open = next((i.open for i in items if getattr(i, "open", None) is not None), None)
    out.close = any(getattr(i, "close", False) for i in items)
    return out


def _glyph_char(name: str, face, gid: int, text: str) -> str:
    """The code point that draws glyph `gid` of `face` and reads as `text`."""
    if len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
        return text
    key = (name, gid, text)
    code = _private.get(key)
    if code is None:
        code = _private[key] = PRIVATE + len(_private)
        TEXTS[code] = text
    if face.charToGlyph.get(code) != gid:  # (a face registered again since)
        face.charToGlyph[code] = gid
        # the glyph's own advance, as HarfBuzz reads the hmtx (ReportLab keeps a monospace face's
        # trailing advances in other units)
        face.charWidths[code] = round(face._pdfScale(_hb_font(face).get_glyph_h_advance(gid)))
    return chr(code)


@lru_cache(maxsize=20000)
def _shaped(text: str, name: str, face) -> Shaped:
    """`text` shaped in face `name`: glyphs in drawing order, positions in 1000ths of the size."""
    hb = _harfbuzz()
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    if buf.direction == "rtl" and _kind(text) != "R":  # Arabic-Indic digits alone: left to right
        buf.direction = "ltr"
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    if MARKS.search(text):  # an emoji sequence: its selectors and tags are read with its glyph, not drawn
        buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    hb.shape(_hb_font(face), buf, {"kern": True, "liga": True})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    rtl = buf.direction == "rtl"
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, starts[1:] + [len(text)]))
    clusters: dict[int, list[int]] = {}
    for k, info in enumerate(infos):
        clusters.setdefault(info.cluster, []).append(k)
    reads = [""] * len(infos)
    for start, glyphs in clusters.items():
        chars = text[start:ends[start]]
        # the glyphs of a cluster read as its characters, in the order an extractor meets them
        order = glyphs[::-1] if rtl else glyphs
        for j, k in enumerate(order):
            last = j == len(order) - 1
            reads[k] = chars[j:] if last and j < len(chars) else (chars[j] if j < len(chars) else JOINER)
    scale = face._pdfScale
    chars, data = [], []
    for k, (info, pos) in enumerate(zip(infos, positions)):
        char = _glyph_char(name, face, info.codepoint, reads[k])
        chars.append(char)
        data.append(ShapeData(info.cluster, scale(pos.x_advance), scale(pos.y_advance), scale(pos.x_offset),
                              scale(pos.y_offset), face.charWidths[ord(char)]))
    out = Shaped("".join(chars), shapeData=data)
    out.logical, out.rtl = text, rtl
    return out


def shaped(text: str, name: str) -> Shaped:
    font = pdfmetrics.getFont(name)
    _shapable(font)
    return _shaped(text, name, font.face)


def _shapable(font) -> None:
    """ReportLab draws a ShapedStr's positions in a font it thinks shapable: one made while it had
    HarfBuzz (kept from it at start-up, see `_harfbuzz`)."""
    if not getattr(font, "_shapable", False):
        _harfbuzz()
        font.shapable = True


def width(text: str, name: str, size: float) -> float:
    """The shaped advance of `text` in face `name` at `size`."""
    return sum(d.x_advance for d in shaped(text, name).__shapeData__) * size / 1000


def tracked(glyphs: Shaped, char_space: float, size: float) -> Shaped:
    """`glyphs` drawn with letter spacing `char_space` (pt) on: no space between joined letters,
    and the whole of it (as much as the run's characters would have taken) after the run."""
    if not char_space or not glyphs.__shapeData__:
        return glyphs
    k = char_space * 1000 / size
    data = [d._replace(x_advance=d.x_advance - k) for d in glyphs.__shapeData__]
    data[-1] = data[-1]._replace(x_advance=data[-1].x_advance + k * len(glyphs.logical or glyphs))
    out = Shaped(str(glyphs), shapeData=data)
    out.logical, out.rtl, out.parts, out.open, out.close = (glyphs.logical, glyphs.rtl, glyphs.parts, glyphs.open,
                                                            glyphs.close)
    return out


@dataclasses.dataclass(frozen=True)
class Piece:
    """A run of text in one face (as `linebreak.Run`): what `visual_runs` orders."""

    text: str
    face: str
    href: str | None
    width: float


class Marked(str):
    """A piece of a line with the marks of the right-to-left sequence it opens or closes."""

    open: str | None = None
    close = False

    def __add__(self, other):
        out = Marked(str(self) + other)
        out.open, out.close = self.open, self.close or getattr(other, "close", False)
        return out


def visual_runs(runs, size: float, base: str = "L"):
    """The runs of a line set by our line breaker, in the order they are seen (in a paragraph of
    direction `base`, as `visual`). A right-to-left
    sequence of words in one face and the spaces between them becomes one run of glyphs (the
    spaces as wide as the line breaker made them), so that it is one text operator: extractors
    read a right-to-left operator backwards, that is, in logical order."""
    if not any(not r.text.isascii() and RTL.search(r.text) for r in runs):
        return runs
    # a run's own spaces are neutrals of their own: "בשעה 18:00", or "الربع الأول 2026" in a running
    # head, where the space is the right-to-left text's, between the word and the number
    runs = _spaces_apart(runs, size)
    texts = [r.text for r in runs]
    order = visual(texts, base)
    out, sequence = [], None
    for (i, flip, _), (opened, closed) in zip(order, sequences(order, texts)):
        run = runs[i]
        if opened is not None:
            sequence = [opened]
        if sequence is not None:
            sequence.append(dataclasses.replace(run, text=mirrored(run.text) if flip else run.text))
            if closed:
                out.extend(_one_run(sequence[1:], sequence[0], size))
                sequence = None
            continue
        out.append(dataclasses.replace(run, text=mirrored(run.text) if flip else run.text))
    return out


def _spaces_apart(runs, size: float) -> list:
    """The runs with the spaces at either end of each (but a run of spaces only) as runs of
    their own, in the same face, as wide as they are set."""
    out = []
    for run in runs:
        text = run.text
        core = text.strip(" ")
        if not core or core == text or isinstance(text, Shaped):
            out.append(run)
            continue
        lead, trail = len(text) - len(text.lstrip(" ")), len(text) - len(text.rstrip(" "))
        space = pdfmetrics.stringWidth(" ", run.face, size)
        if lead:
            out.append(dataclasses.replace(run, text=" " * lead, width=space * lead))
        out.append(dataclasses.replace(run, text=core, width=run.width - space * (lead + trail)))
        if trail:
            out.append(dataclasses.replace(run, text=" " * trail, width=space * trail))
    return out


def _groups(items, face_of, blank):
    """Consecutive items that are words of one shaped face and the spaces between them."""
    groups, face = [], None  # the shaped face of the last group
    for item in items:
        if blank(item) and groups and face:
            groups[-1].append(item)
            continue
        found = face_of(item)  # "" for an item that is not shaped
        if found and found == face:
            groups[-1].append(item)
        else:
            groups.append([item])
            face = found or None
    return groups


def _space(text: str, advance: float, font) -> Shaped:
    """Spaces drawn in a shaped face, each `advance` 1000ths of the size wide."""
    space = Shaped(text, shapeData=[ShapeData(0, advance, 0, 0, 0, font.face.charWidths.get(32, 0))] * len(text))
    space.logical = text
    return space


def _one_run(runs, logical: str, size: float):
    """A right-to-left sequence (in visual order) with each stretch of words of one face, link
    and strike and the spaces between them as one run of glyphs; the first opens the sequence,
    the last closes it."""
    def face_of(r):  # (and its link and strike: a run is drawn with its first part's)
        return (r.face, r.href, getattr(r, "strike", False)) if needs(r.text) else ""

    out = []
    for group in _groups(runs, face_of, lambda r: not r.text.strip(" ")):
        faces = {r.face for r in group if needs(r.text)}
        if len(faces) != 1 or len({r.href for r in group}) != 1:
            out.extend(group)
            continue
        face = faces.pop()
        font = pdfmetrics.getFont(face)
        pieces = [shaped(r.text, face) if needs(r.text) else _space(r.text, r.width * 1000 / size / len(r.text), font)
                  for r in group]
        glyphs = _joined(pieces)
        glyphs.logical, glyphs.rtl = "".join(r.text for r in group), True
        out.append(dataclasses.replace(group[0], text=glyphs, width=sum(r.width for r in group)))
    out[0] = dataclasses.replace(out[0], text=marked(out[0].text, logical, len(out) == 1))
    if len(out) > 1:
        out[-1] = dataclasses.replace(out[-1], text=marked(out[-1].text, None, True))
    return out


def marked(text: str, open_: str | None, close: bool):
    """`text` as a piece that opens (with its sequence's logical text) or closes a sequence."""
    if open_ is None and not close:
        return text
    if isinstance(text, Shaped):
        out = Shaped(str(text), shapeData=text.__shapeData__)
        out.logical, out.rtl, out.parts = text.logical, text.rtl, text.parts
    else:
        out = Marked(text)
    out.open, out.close = open_, close
    return out


# --- ToUnicode -------------------------------------------------------------------------------

_make_cmap = ttfonts.makeToUnicodeCMap


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode(fontname, subset):
    """ReportLab's ToUnicode map, each private code point mapped to the text its glyph draws."""
    cmap = _make_cmap(fontname, subset)
    if not any(code in TEXTS for code in subset):
        return cmap
    lines = {f"<{i:02X}> <{code:04X}>": f"<{i:02X}> <{_utf16(TEXTS[code])}>"
             for i, code in enumerate(subset) if code in TEXTS}
    return "\n".join(lines.get(line, line) for line in cmap.split("\n"))


# --- ReportLab's paragraphs (headings, table cells, captions, the cover) ------------------------

def shape_frag_word(word, *args, **kwargs):
    """ReportLab's word of fragments, its pieces in a shaped script shaped (in their own face),
    its width their shaped advance; any other word as it is."""
    out = None
    for i in range(1, len(word)):
        frag, text = word[i]
        if isinstance(text, str) and not isinstance(text, ShapedStr) and needs(text) and not hasattr(frag, "cbDefn"):
            if out is None:
                out = copy.copy(word)
            out[i] = (frag, shaped(text, frag.fontName))
            out[0] += (width(text, frag.fontName, frag.fontSize)
                       - pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize))
    return word if out is None else out


def visual_line(line):
    """A line of a ReportLab paragraph with its pieces in the order they are seen."""
    words = getattr(line, "words", None)
    if not words or not any(isinstance(getattr(f, "text", None), Shaped) and RTL.search(f.text.text())
                            for f in words):
        return line
    tokens = []  # (fragment, piece of its text)
    for frag in words:
        text = getattr(frag, "text", None)
        if hasattr(frag, "cbDefn") or not isinstance(text, str):
            tokens.append((frag, None))
            continue
        for piece in (text.pieces() if isinstance(text, Shaped) else (text,)):
            if isinstance(piece, Shaped):
                tokens.append((frag, piece))
            else:
                tokens.extend((frag, t) for t in re.split("( +)", piece) if t)
    logical = [(t.logical if isinstance(t, Shaped) else (t or "")) for _, t in tokens]
    order = visual(logical, "R" if getattr(line, "rtl", False) else "L")
    drawn = []  # [original fragment, its copy, the pieces of its text]
    for (i, flip, _), (opened, closed) in zip(order, sequences(order, logical)):
        frag, text = tokens[i]
        if text is None:
            drawn.append([frag, frag, None])
            continue
        text = marked(mirrored(text) if flip else text, opened, closed)
        if drawn and drawn[-1][0] is frag:  # one text operator: extractors read it in logical order
            drawn[-1][2].append(text)
        else:
            drawn.append([frag, copy.copy(frag), [text]])
    drawn = _sequences_as_one(drawn)
    for _, frag, pieces in drawn:
        if pieces is not None:
            plain = all(type(p) is str for p in pieces)
            frag.text = "".join(pieces) if plain else (pieces[0] if len(pieces) == 1 else _joined(pieces))
    line = copy.copy(line)
    line.words = [frag for _, frag, _ in drawn]
    return line


def _sequences_as_one(drawn):
    """In each right-to-left sequence, each stretch of words of one face and the spaces between
    them (in other faces too) as one fragment of glyphs in the words' face: one text operator,
    which extractors read backwards, that is, in logical order."""
    out, p = [], 0
    while p < len(drawn):
        pieces = drawn[p][2]
        opened = pieces and getattr(pieces[0], "open", None)
        q = p
        while q < len(drawn) and drawn[q][2] is not None and not any(getattr(t, "close", False)
                                                                        for t in drawn[q][2]):
            q += 1
        if not opened or q >= len(drawn) or drawn[q][2] is None:
            out.append(drawn[p])
            p += 1
            continue
        # one entry per piece: (fragment, text)
        items = [(f, t) for _, f, ts in drawn[p:q + 1] for t in ts]

        def face_of(item):  # (a stretch keeps one strike: the merged fragment is drawn with its first's)
            frag = item[0]
            return (frag.fontName, getattr(frag, "strike", 0), getattr(frag, "underline", 0)) \
                if isinstance(item[1], Shaped) else ""

        merged = []
        for group in _groups(items, face_of, lambda item: not isinstance(item[1], Shaped) and not item[1].strip(" ")):
            words = [f for f, t in group if isinstance(t, Shaped)]
            if len({f.fontName for f in words}) != 1 or any(getattr(f, "link", None) for f, _ in group):
                # each piece a fragment of its own: pieces of one fragment (" 18:00 ") shared it,
                # and the last one's text ("") was drawn for all of them (the number was lost)
                merged.extend([None, copy.copy(f), [t]] for f, t in group)
                continue
            frag = copy.copy(words[0])
            font = pdfmetrics.getFont(frag.fontName)
            texts = [t if isinstance(t, Shaped) else
                     _space(str(t), pdfmetrics.stringWidth(" ", f.fontName, f.fontSize) * 1000 / frag.fontSize, font)
                     for f, t in group]
            glyphs = _joined(texts)
            glyphs.open, glyphs.close = None, False
            merged.append([None, frag, [glyphs]])
        first, last = merged[0][2], merged[-1][2]
        first[0] = marked(first[0], opened, len(merged) == 1)
        if len(merged) > 1:
            last[-1] = marked(last[-1], None, True)
        out.extend(merged)
        p = q + 1
    return out


def install() -> None:
    """Shape ReportLab's paragraphs that have text in a shaped script, and draw their lines in
    visual order (once; a second call changes nothing)."""
    from reportlab.platypus import paragraph

    if getattr(paragraph.Paragraph.breakLines, "_shaping", False):
        return
    break_lines = paragraph.Paragraph.breakLines

    def shaping_break_lines(self, width):
        if not any(needs(getattr(f, "text", None) or "") for f in getattr(self, "frags", None) or ()):
            return break_lines(self, width)
        _shapable(pdfmetrics.getFont(self.style.fontName))  # (ReportLab shapes only if the style's font is)
        style, before = self.style, self.style.shaping
        style.shaping = 1
        try:
            para = break_lines(self, width)
        finally:
            style.shaping = before
        if getattr(style, "rtl", False):  # (layout/blocks.py) its lines are ordered from the right
            for line in getattr(para, "lines", None) or ():
                try:
                    line.rtl = True
                except AttributeError:  # (a line of plain words, a tuple: nothing in it to order)
                    pass
        return para

    shaping_break_lines._shaping = True
    paragraph.Paragraph.breakLines = shaping_break_lines
    paragraph.shapeFragWord = shape_frag_word
    put = paragraph._putFragLine

    def visual_put(cur_x, tx, line, last, kind):
        return put(cur_x, tx, visual_line(line), last, kind)

    visual_put._visual = True
    paragraph._putFragLine = visual_put
