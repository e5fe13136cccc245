"""Characters the layout leaves out of the text it draws (shared by the glyph check and the layout).

Zero-width spaces and joiners, the word joiner, the byte order mark and the text/emoji
presentation selectors have no glyph in most faces, and drawn they would show as boxes. The
five skin-tone modifiers (U+1F3FB-U+1F3FF) follow the emoji they colour: a face without
ligatures for them (the shipped emoji face, OpenMoji Black, is one colour and has none) draws
each as a swatch of its own, a square that reads as a missing glyph, so the emoji is drawn
without it.

The zero-width non-joiner and joiner are kept after a letter of a script that is shaped
(`SHAPED`, the scripts HarfBuzz sets in layout/shaping.py): there they choose a letter's form
(Persian میخواهم is written می‌خواهم, a Devanagari half form is asked for with a joiner), and
HarfBuzz draws them as nothing. Elsewhere (an emoji sequence, Latin text) they are left out.
"""

from __future__ import annotations

import re

UNDRAWN = "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"

# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan...; Devanagari to Sinhala; Lao, Tibetan,
# Myanmar, Khmer; Devanagari Extended; the Hebrew and Arabic presentation forms
SHAPED = ("\u0590-\u08ff\u0900-\u0dff\u0e80-\u0fff\u1000-\u109f\u1780-\u17ff"
          "\ua8e0-\ua8ff\ufb1d-\ufdff\ufe70-\ufefe")
JOINERS = "\u200c\u200d"
# C0 and C1 control characters (an escape sequence pasted from a terminal, a form feed, the C1
# CSI of a Latin-1 file read as UTF-8): no face draws them
_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f" + UNDRAWN.replace(JOINERS, "") + "]"
                      f"|(?<![{SHAPED}{JOINERS}])[{JOINERS}]+")
# characters that end a line (next line, line and paragraph separators): between words, a space
_LINE_ENDS = re.compile("[\x85\u2028\u2029]")


def drawn_text(text: str) -> str:
    """`text` without control characters and the characters left undrawn (joiners are kept
    after a letter of a shaped script); a line or paragraph separator is a word space."""
    if text.isascii() and text.isprintable():  # (the common case, in one pass of C)
        return text
    return _DROPPED.sub("", _LINE_ENDS.sub(" ", text))
