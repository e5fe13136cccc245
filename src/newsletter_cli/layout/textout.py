"""A run of set text into the PDF, without ReportLab's loop over every character.

ReportLab writes text in a TrueType font by giving each character its code in the font's
subset, one character at a time in Python (`TTFont.splitString`): the largest single cost of
drawing a page. A character's code, once given, stays the same for the whole document, so a
run whose characters all have codes in the first subset is translated in one step
(`str.translate`). Everything else (a character seen for the first time, a second subset, a font
that is not TrueType, empty text) goes through ReportLab as before, and the bytes written are
the same either way (tests/test_setting.py builds with both and compares).

A run in a script that names its language (Thai, Hangul, kana) is marked content with that
/Lang, here and in everything ReportLab writes (its `_formatText` is wrapped).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.textobject import PDFTextObject

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
    tx._code.append(with_lang(text, shown))


def with_lang(text: str, shown: str) -> str:
    """The operators `shown` that draw `text`, as marked content with the /Lang its script names."""
    lang = None if text.isascii() else language(text)
    return shown if lang is None else f"/Span <</Lang ({lang})>> BDC {shown} EMC"


def language(text: str) -> str | None:
    """The language `text`'s script makes unambiguous: th (Thai), ko (Hangul), ja (kana, with or
    without kanji); None for anything else (Han alone is Chinese or Japanese, Latin is many)."""
    scripts = set()
    for ch in text:
        o = ord(ch)
        if 0x0E00 <= o <= 0x0E7F:
            scripts.add("th")
        elif 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            scripts.add("ko")
        elif 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F:
            scripts.add("ja")
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            scripts.add("han")
        elif ch.isalpha():
            return None  # a letter of another script: the run is not in one language
    if scripts == {"ja", "han"}:
        return "ja"
    return next(iter(scripts)) if len(scripts) == 1 and "han" not in scripts else None


_format_text = PDFTextObject._formatText


def _formatted_with_lang(self, text):
    return with_lang(text, _format_text(self, text))


PDFTextObject._formatText = _formatted_with_lang  # what ReportLab draws (paragraphs, drawString) too
