"""Content spans -> ReportLab paragraph markup. Every piece of text is escaped first.

ReportLab's paragraph parser interprets tags and evaluates some attribute values
(CVE-2023-33733), so user text never reaches it unescaped; the only attribute we fill from
user data is a link's href, which has been checked against the allowed schemes and escaped.
"""

from __future__ import annotations

from newsletter_cli.content.model import Span
from newsletter_cli.layout import fallback, shaping
from newsletter_cli.theme.undrawn import drawn_text


shaping.install()  # ReportLab's paragraphs shape the runs in a shaped script, and lay them out in visual order


def clean(text: str) -> str:
    """The text without control characters and those the layout does not draw (`undrawn`:
    invisible formatting characters the fonts have no glyph for, which would print as boxes,
    and the emoji/text presentation selectors, a one-colour font drawing one presentation)."""
    return drawn_text(text)


def escape(text: str) -> str:
    text = clean(text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _with_fallback(text: str, face: str) -> str:
    """Escaped markup of `text`; the characters `face` lacks in the fallback face that has them."""
    out = []
    for piece, name in fallback.runs(clean(text), face):
        piece = escape(piece)
        out.append(piece if name == face else f'<font face="{name}">{piece}</font>')
    return "".join(out)


def markup(spans: list[Span], link_colour: str, code_font: str | None = None) -> str:
    """Paragraph markup of the spans; code in `code_font` (the theme's code face)."""
    parts: list[str] = []
    for span in spans:
        if span.soft_break:
            parts.append("<br/>")
            continue
        if span.code and code_font:  # (never hyphenated: <nobr>; a name too long for its cell is still cut)
            text = f'<nobr><font face="{fallback.face(code_font)}">{_with_fallback(span.text, code_font)}</font></nobr>'
        else:
            text = _with_fallback(span.text, fallback.COMMON)
        if span.italic:
            text = f"<i>{text}</i>"
        if span.bold:
            text = f"<b>{text}</b>"
        if span.strike:
            text = f"<strike>{text}</strike>"
        if span.href:
            text = f'<a href="{escape(span.href)}" color="{link_colour}">{text}</a>'
        parts.append(text)
    return "".join(parts)


def plain(text: str) -> str:
    """Markup for a plain string from the manifest or front matter."""
    return _with_fallback(text, fallback.COMMON)
