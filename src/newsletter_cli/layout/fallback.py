"""Characters a face lacks, set in the theme's fallback faces; the code face, loaded when used.

The theme gives each font family a chain of fallback files (`fallback` in the theme), tried
in order for a character the family's faces have no glyph for: symbols, emoji (in one
colour), Chinese, Japanese, Korean, Thai. Text is cut into runs, each in the first face that
draws all of it. A fallback face, and the code face, is registered with ReportLab only when a
build first needs it, so an issue whose text the brand faces cover loads none of them (and
its PDF embeds none). A character no face has stays in the run's own face: the glyph check
(`checks.py`) has refused it before any layout. A run in a script that is shaped is measured
and drawn shaped (`layout.shaping`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from newsletter_cli.layout import fontcache, shaping
from newsletter_cli.theme import emojiseq
from newsletter_cli.theme.fontcheck import Coverage, FontError, font_info
from newsletter_cli.theme.undrawn import JOINERS, drawn_text

# drawn by any face, or not drawn at all: they stay in the text's own face
NEUTRAL = frozenset(" \u00a0\n\t\u00ad\u200b\u200c\u200d\u2060\ufeff")
COMMON = "*"  # the face every brand face stands for in `markup` (which does not know the style)
CODE: list[str | None] = [None]  # the regular face of inline code, when the theme has a code family

_chains: dict[str, tuple[tuple[str, str], ...]] = {}  # face -> ((fallback face, file), ...)
_files: dict[str, str] = {}  # lazily registered face -> its file
_families: dict[str, tuple[str, str, str, str]] = {}  # lazily registered face -> (regular, bold, italic, bold italic)
_used: dict[str, str] = {}  # lazily registered face -> file, in the order first used
_coverage: dict[str, object] = {}  # face -> the code points it draws (a dict or a Coverage)
_scales: dict[str, float] = {}  # lazily registered face -> the scale it is drawn at (inline code)


def configure(chains: dict[str, list[tuple[str, str]]], lazy: dict[str, str], common,
              families: dict[str, tuple[str, str, str, str]] | None = None,
              scales: dict[str, float] | None = None, code: str | None = None) -> None:
    """The fallback chain of each face, the faces to register only when used (name -> file), the
    code points every brand face draws (for text whose face is not known), the families of
    the faces loaded when used (a fallback face is a family of its own), the scale of those drawn
    smaller than their file (`fontcache.at_scale`), and the face of inline code."""
    _chains.clear()
    _chains.update({face: tuple(chain) for face, chain in chains.items()})
    _files.update(lazy)
    _families.update(families or {})
    _scales.update(scales or {})
    CODE[0] = code
    _coverage[COMMON] = common
    runs.cache_clear()
    _drawn_by.cache_clear()
    _sequence_face.cache_clear()


def used() -> list[tuple[str, str]]:
    """(face, file) of every lazily loaded face this process has drawn with, first used first."""
    return list(_used.items())


def reset_used() -> None:
    _used.clear()


def face(name: str) -> str:
    """`name`, registered now if it is one of the faces loaded only when used."""
    if name in _files and name not in _used:
        family = _families.get(name, (name,) * 4)
        registered = pdfmetrics.getRegisteredFontNames()
        for member in dict.fromkeys(family):
            if member not in registered:
                pdfmetrics.registerFont(fontcache.ttfont(member, _files[member], _scales.get(member, 1.0)))
        pdfmetrics.registerFontFamily(family[0], normal=family[0], bold=family[1], italic=family[2],
                                      boldItalic=family[3])
        for member in family:
            _used.setdefault(member, _files[member])
    return name


def _covers(name: str, code_point: int) -> bool:
    found = _coverage.get(name)
    if found is None:
        if name in _files:
            try:
                found = font_info(Path(_files[name])).coverage  # the cmap alone: no ReportLab parse
            except FontError:
                found = ()  # unreadable: it draws nothing (and the glyph check has said so)
        else:
            found = pdfmetrics.getFont(name).face.charToGlyph
        _coverage[name] = found
    return code_point in found


@lru_cache(maxsize=64)
def _drawn_by(name: str) -> frozenset | None:
    """The characters `name` draws itself, with the neutral ones that stay in it anyway; None for
    a face that maps more than a set should hold (a font may claim all of Unicode)."""
    _covers(name, 0)  # its coverage, read once
    found = _coverage[name]
    if len(found) > 100_000:
        return None
    if isinstance(found, Coverage):
        codes = (c for first, last in found.ranges for c in range(first, last + 1))
    else:  # ReportLab's character-to-glyph map, or a set of code points
        codes = iter(found)
    return frozenset(map(chr, codes)) | NEUTRAL


@lru_cache(maxsize=50000)
def runs(text: str, name: str) -> tuple[tuple[str, str], ...]:
    """`text` in runs of (text, face): `name` where it draws the characters, else the first face
    of its chain that does."""
    chain = _chains.get(name)
    if not chain:
        return ((text, name),)
    drawn = _drawn_by(name)
    if (drawn.issuperset(text) if drawn is not None  # (one set operation: no loop in Python)
            else all(c in NEUTRAL or _covers(name, ord(c)) for c in text)):
        return ((text, name),)
    out: list[list[str]] = []
    pieces = emojiseq.split(text) if emojiseq.has(text) else ((text, False),)
    for piece, sequence in pieces:
        if sequence:
            chosen = _sequence_face(piece, name)
            if chosen is not None:  # the sequence, drawn as one glyph (`layout.emoji`)
                _add(out, piece, chosen)
                continue
            piece = emojiseq.parts(piece)  # drawn as its emoji, one by one
        for char in piece:
            # spaces stay in the face itself: the width the line breaker gave them, and justified
            # lines space them (PDF word spacing applies to a face's own space only)
            if char in JOINERS and out:  # a joiner is shaped with the letter before it (undrawn.py)
                chosen = out[-1][1]
            else:
                chosen = name if char in NEUTRAL else _face_for(char, name, chain)
            _add(out, char, chosen)
    return tuple((t, face(f) if f != name else f) for t, f in out)


def _add(out: list[list[str]], text: str, name: str) -> None:
    if out and out[-1][1] == name:
        out[-1][0] += text
    else:
        out.append([text, name])


@lru_cache(maxsize=4096)
def _sequence_face(sequence: str, name: str) -> str | None:
    """The first of `name` and its fallback faces that draws the emoji sequence as one glyph (one
    that maps U+FE0F first, for a sequence with it: an emoji face), or None."""
    from newsletter_cli.layout import emoji

    faces = [f for f in (name, *(f for f, _ in _chains.get(name, ()))) if f != COMMON]
    if emojiseq.VS16 in sequence:
        faces.sort(key=lambda f: not _covers(f, ord(emojiseq.VS16)))
    for candidate in faces:
        if all(_covers(candidate, c) for c in emoji.needed(sequence)):
            source = _files.get(candidate) or pdfmetrics.getFont(candidate).face._ttf_data
            if emoji.one_glyph(source, sequence):
                return candidate
    return None


def _face_for(char: str, name: str, chain) -> str:
    code_point = ord(char)
    if char in NEUTRAL or _covers(name, code_point):
        return name
    for fallback, _ in chain:
        if _covers(fallback, code_point):
            return fallback
    return name  # no face has it: the glyph check said so before the layout began


def draws(char: str, name: str) -> bool:
    """Whether `name` or a face of its fallback chain has a glyph for `char`."""
    return _covers(_face_for(char, name, _chains.get(name, ())), ord(char))


def run_width(text: str, name: str, size: float) -> float:
    """The width of a run in one face: shaped where its script is (`layout.shaping`)."""
    return shaping.width(text, name, size) if shaping.needs(text) else stringWidth(text, name, size)


def width(text: str, name: str, size: float) -> float:
    return sum(run_width(t, f, size) for t, f in runs(text, name))


def span_face(font: str | None, bold: bool, italic: bool) -> str:
    """The face of a span of a paragraph in `font`, or COMMON when the paragraph's face is not known."""
    return COMMON if font is None else tt2ps(font, int(bold), int(italic))


def draw_string(canv, x: float, y: float, text: str, align: str = "left") -> None:
    """`canv.drawString` (or, `align` "right", drawRightString) in the canvas's current font, the
    characters it lacks in its fallback faces."""
    name, size = canv._fontname, canv._fontsize
    text = one_line(drawn_text(text))  # as markup.clean, on one line
    pieces = runs(text, name)
    if len(pieces) == 1 and pieces[0][1] == name:
        (canv.drawRightString if align == "right" else canv.drawString)(x, y, text)
        return
    widths = [run_width(t, f, size) for t, f in pieces]
    if align == "right":
        x -= sum(widths)
    if any(shaping.needs(t) for t, _ in pieces):  # in visual order, shaped
        drawn = []
        for r in shaping.visual_runs([shaping.Piece(t, f, None, w) for (t, f), w in zip(pieces, widths)], size):
            t = r.text
            if not isinstance(t, shaping.Shaped) and shaping.needs(t):
                t = shaping.marked(shaping.shaped(t, r.face), getattr(t, "open", None), getattr(t, "close", False))
            drawn.append((t, r.face, r.width))
    else:
        drawn = [(t, f, w) for (t, f), w in zip(pieces, widths)]
    for t, f, w in drawn:
        canv.setFont(f, size)
        canv.drawString(x, y, t)
        x += w
    canv.setFont(name, size)


# a string drawn on one line (a running head, a section band, a line of the cover): a line break
# or tab in it (a field written as a YAML block, or pasted) is a word space, and a soft hyphen,
# which ends no line here, is not drawn; drawn, each showed as a box or a hyphen
_ONE_LINE = re.compile("[\t\n\r]+|\u00ad")


def one_line(text: str) -> str:
    return _ONE_LINE.sub(lambda m: "" if m.group() == "\u00ad" else " ", text)


def draw_right_string(canv, x: float, y: float, text: str) -> None:
    draw_string(canv, x, y, text, align="right")
