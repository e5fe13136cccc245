"""Characters the layout leaves out of the text it draws (shared by the glyph check and the layout).

Zero-width spaces and joiners, the word joiner, the byte order mark and the text/emoji
presentation selectors have no glyph in most faces, and drawn they would show as boxes. The
five skin-tone modifiers (U+1F3FB-U+1F3FF) follow the emoji they colour: a face without
ligatures for them draws each as a swatch of its own, a square that reads as a missing glyph,
so the emoji is drawn without it. In an emoji sequence (`emojiseq`: 👩‍💻, 👍🏽, ❤️, a tag flag)
they are kept: the layout draws the sequence as the one glyph its emoji face has for it, and
as its parts, without them, where the face has none (`layout/emoji.py`).

The zero-width non-joiner and joiner are kept after a letter of a script that is shaped
(`SHAPED`, the scripts HarfBuzz sets in layout/shaping.py): there they choose a letter's form
(Persian میخواهم is written می‌خواهم, a Devanagari half form is asked for with a joiner), and
HarfBuzz draws them as nothing. Elsewhere (an emoji sequence, Latin text) they are left out.
"""

from __future__ import annotations

import re

from newsletter_cli.theme import emojiseq

UNDRAWN = "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"

# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan...; Devanagari to Sinhala; Lao, Tibetan,
# Myanmar, Khmer; Devanagari Extended; the Hebrew and Arabic presentation forms
SHAPED = ("\u0590-\u08ff\u0900-\u0dff\u0e80-\u0fff\u1000-\u109f\u1780-\u17ff"
          "\ua8e0-\ua8ff\ufb1d-\ufdff\ufe70-\ufefe")
JOINERS = "\u200c\u200d"
# C0 and C1 control characters (an escape sequence pasted from a terminal, a form feed, the C1
# CSI of a Latin-1 file read as UTF-8): no face draws them; nor the tag characters
# (U+E0020-U+E007F), which only a flag of a region's part has
_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\U000e0020-\U000e007f"
                      + UNDRAWN.replace(JOINERS, "") + "]"
                      f"|(?<![{SHAPED}{JOINERS}])[{JOINERS}]+")
# characters that end a line (next line, line and paragraph separators): between words, a space
_LINE_ENDS = re.compile("[\x85\u2028\u2029]")


def drawn_text(text: str) -> str:
    """`text` without control characters and the characters left undrawn (joiners are kept
    after a letter of a shaped script); a line or paragraph separator is a word space."""
    if text.isascii() and text.isprintable():  # (the common case, in one pass of C)
        return text
    text = _LINE_ENDS.sub(" ", text)
    if emojiseq.MARKS.search(text) is None:
        return _DROPPED.sub("", text)
    # an emoji sequence is kept whole (a joiner after one, which ends no sequence, is dropped)
    return "".join(piece if whole else _DROPPED.sub("", piece) for piece, whole in emojiseq.split(text))
