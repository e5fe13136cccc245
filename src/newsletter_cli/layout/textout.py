"""A run of set text into the PDF, without ReportLab's loop over every character.

ReportLab writes text in a TrueType font by giving each character its code in the font's
subset, one character at a time in Python (`TTFont.splitString`): the largest single cost of
drawing a page. A character's code, once given, stays the same for the whole document, so a
run whose characters all have codes in the first subset is translated in one step
(`str.translate`). Everything else (a character seen for the first time, a second subset, a font
that is not TrueType, empty text) goes through ReportLab as before, and the bytes written are
the same either way (tests/test_setting.py builds with both and compares).

A run in a script that names its language (Thai, Hangul, kana, Tamil...) is marked content
with that /Lang, here and in everything ReportLab writes (its `_formatText` is wrapped). A run
that is shaped (`layout.shaping`) is drawn as its glyphs, marked with /ActualText: its text.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.textobject import PDFTextObject

from newsletter_cli.layout import shaping, tagging

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
    """Write `text` at the text object's current point, as `tx._textOut(text)` does; a run in a
    script that is shaped as its shaped glyphs, with the advance `text` was measured with."""
    if isinstance(text, (shaping.Marked, shaping.Shaped)) or (not text.isascii() and shaping.needs(text)):
        if isinstance(text, shaping.Shaped):  # (a right-to-left sequence, shaped as one)
            text = shaping.tracked(text, getattr(tx, "_charSpace", 0), tx._fontsize)
        elif shaping.needs(text):
            glyphs = shaping.tracked(shaping.shaped(text, tx._fontname), getattr(tx, "_charSpace", 0), tx._fontsize)
            text = shaping.marked(glyphs, getattr(text, "open", None), getattr(text, "close", False))
        tx._textOut(text)
        return
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
    tx._code.append(with_lang(tx, text, shown))


def with_lang(tx, text: str, shown: str) -> str:
    """The operators `shown` that draw `text`, as marked content with the /Lang its script names."""
    lang = None if text.isascii() else language(text)
    return shown if lang is None else _spanned(tx, f"/Lang ({lang})", shown)


def _spanned(tx, props: str, shown: str, part: str = "whole") -> str:
    """`shown` in a marked-content span with `props`: the span is a piece of the element being
    drawn, with an MCID of its own, where there is one (`tagging.Tagger.span`), else nested.
    `part` "open" or "close": only the beginning or the end of the span."""
    tagger = tagging.active(tx._canvas)
    ops = tagger.span(props) if tagger is not None and part != "close" else None
    if part == "close":
        ops = _OPEN.pop() if _OPEN else None
        return f"{shown} {ops[1] if ops else 'EMC'}"
    head, tail = ops if ops else (f"/Span <<{props}>> BDC", "EMC")
    if part == "open":
        _OPEN.append(ops)
        return f"{head} {shown}"
    return f"{head} {shown} {tail}"


_OPEN: list = []  # the span of the right-to-left sequence being drawn


# scripts written for one language: Tamil, Gujarati, Gurmukhi (Punjabi), Sinhala, Khmer, Lao,
# Telugu, Kannada, Malayalam, Odia, Georgian (not Arabic: Persian and Urdu too; nor Hebrew,
# Yiddish too; nor Devanagari, Bengali, Myanmar; nor Ethiopic: Amharic and Tigrinya)
_ONE_LANGUAGE = ((0x0B80, 0x0BFF, "ta"), (0x0A80, 0x0AFF, "gu"), (0x0A00, 0x0A7F, "pa"), (0x0D80, 0x0DFF, "si"),
                 (0x1780, 0x17FF, "km"), (0x0E80, 0x0EFF, "lo"), (0x0C00, 0x0C7F, "te"), (0x0C80, 0x0CFF, "kn"),
                 (0x0D00, 0x0D7F, "ml"), (0x0B00, 0x0B7F, "or"), (0x10A0, 0x10FF, "ka"))


def language(text: str) -> str | None:
    """The language `text`'s script makes unambiguous: th (Thai), ko (Hangul), ja (kana, with or
    without kanji), ta, gu, pa, si, km, lo, te, kn, ml, or, ka, hy; None for anything else (Han alone is Chinese or
    Japanese, Latin, Arabic, Hebrew and Devanagari are many)."""
    scripts = set()
    for ch in text:
        o = ord(ch)
        if 0x0A00 <= o <= 0x17FF and (found := next((lang for a, b, lang in _ONE_LANGUAGE if a <= o <= b), None)):
            scripts.add(found)
        elif 0x0E00 <= o <= 0x0E7F:
            scripts.add("th")
        elif 0x0530 <= o <= 0x058F:
            scripts.add("hy")
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
    if isinstance(text, shaping.Shaped):
        return _with_actual_text(self, text, _shaped_out(self, text))
    if isinstance(text, shaping.Marked):
        return _with_actual_text(self, text, _format_text(self, text))
    return with_lang(self, text, _format_text(self, text))


BACK = -60  # 1000ths of the size: a move this far to the right after a glyph is made letter spacing


def _shaped_out(tx, text) -> str:
    """The operators that draw shaped glyphs at their positions (as ReportLab's `_formatText`
    does for a ShapedStr, but with a mark set to the left of its advance, the move back right
    after it is letter spacing (Tc), not a TJ gap that extractors read as a word space)."""
    font = getFont(tx._fontname)
    canv, doc, size = tx._canvas, tx._canvas._doc, tx._fontsize
    data, char_space, rise0 = text.__shapeData__, getattr(tx, "_charSpace", 0), tx._rise
    ops, row, glyphs = [], [], bytearray()
    rise, carry, pos = rise0, 0.0, 0

    def number(value: float) -> None:
        if glyphs:
            row.append(f"({canv._escape(bytes(glyphs))})")
            glyphs.clear()
        if value:
            row.append(fp_str(value))

    def flush() -> None:
        number(0)
        if row:
            ops.append(f"[{' '.join(row)}] TJ" if len(row) > 1 else f"{row[0]} Tj")
            row.clear()

    for subset, chunk in font.splitString(text, doc):
        if subset != tx._curSubset:
            flush()
            ops.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf {fp_str(tx._leading)} TL")
            tx._curSubset = subset
        for code in chunk:
            sd = data[pos]
            pos += 1
            r = rise0 + size * sd.y_offset / 1000
            if r != rise:
                number(carry)
                carry = 0.0
                flush()
                ops.append(f"{fp_str(r)} Ts")
                rise = r
            before, after = carry - sd.x_offset, sd.width - sd.x_advance + sd.x_offset
            if after < BACK:
                number(before)
                flush()
                ops.append(f"{fp_str(char_space - after * size / 1000)} Tc")
                glyphs.append(code)
                flush()
                ops.append(f"{fp_str(char_space)} Tc")
                carry = 0.0
                continue
            if before:
                number(before)
            glyphs.append(code)
            carry = after
    number(carry)
    flush()
    if rise != rise0:
        ops.append(f"{fp_str(rise0)} Ts")
    return " ".join(ops)


_INSIDE = [False]  # drawing a right-to-left sequence: its pieces have no /ActualText of their own


def _props(text: str) -> str:
    lang = language(text)
    lang = "" if lang is None else f"/Lang ({lang}) "
    return f"{lang}/ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>"


def _with_actual_text(tx, text, shown: str) -> str:
    """Shaped glyphs as marked content whose /ActualText is their text; the first piece of a
    right-to-left sequence opens one span with the sequence's text, its last piece closes it."""
    opened = getattr(text, "open", None)
    closes = getattr(text, "close", False)
    if opened is not None:
        if closes:
            return _spanned(tx, _props(opened), shown)
        _INSIDE[0] = True
        return _spanned(tx, _props(opened), shown, "open")
    if closes and _INSIDE[0]:
        _INSIDE[0] = False
        return _spanned(tx, "", shown, "close")
    if not _INSIDE[0] and isinstance(text, shaping.Shaped):
        return _spanned(tx, _props(text.text()), shown)
    return shown


PDFTextObject._formatText = _formatted_with_lang  # what ReportLab draws (paragraphs, drawString) too
