"""A run of set text into the PDF, without ReportLab's loop over every character.

ReportLab writes text in a TrueType font by giving each character its code in the font's
subset, one character at a time in Python (`TTFont.splitString`): the largest single cost of
drawing a page. A character's code, once given, stays the same for the whole document, so a
run whose characters all have codes in the first subset is translated in one step
(`str.translate`). Everything else (a character seen for the first time, a second subset, a font
that is not TrueType, empty text) goes through ReportLab as before, and the bytes written are
the same either way (tests/test_setting.py builds with both and compares).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont

NBSP, SPACE = 0xA0, 0x20  # ReportLab writes a no-break space as a space

_TABLES: WeakKeyDictionary = WeakKeyDictionary()  # PDF document -> font name -> _Codes


class _Codes:
    """The first subset's codes of a font in one document, as a translation table."""

    __slots__ = ("given", "table", "chars")

    def __init__(self, assignments: dict[int, int]):
        self.given = len(assignments)
        self.table = {char: code for char, code in assignments.items() if code < 256}
        if SPACE in self.table:
            self.table[NBSP] = self.table[SPACE]
        self.chars = frozenset(map(chr, self.table))


def text_out(tx, text: str) -> None:
    """Write `text` at the text object's current point, as `tx._textOut(text)` does."""
    font = getFont(tx._fontname)
    doc = tx._canvas._doc
    state = font.state.get(doc) if text and getattr(font, "_dynamicFont", False) else None
    if state is None:
        tx._textOut(text)
        return
    fonts = _TABLES.get(doc)
    if fonts is None:
        fonts = _TABLES[doc] = {}
    codes = fonts.get(font.fontName)
    if codes is None or codes.given != len(state.assignments):
        codes = fonts[font.fontName] = _Codes(state.assignments)
    if not codes.chars.issuperset(text):
        tx._textOut(text)  # new characters get their codes there
        return
    shown = f"({tx._canvas._escape(text.translate(codes.table).encode('latin-1'))}) Tj"
    if tx._curSubset != 0:
        shown = f"{font.getSubsetInternalName(0, doc)} {fp_str(tx._fontsize)} Tf {fp_str(tx._leading)} TL {shown}"
        tx._curSubset = 0
    tx._code.append(shown)
