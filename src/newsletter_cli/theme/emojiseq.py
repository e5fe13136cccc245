"""Emoji sequences: several characters that an emoji font draws as one picture.

An emoji joined to the next with U+200D (👩‍💻 is a woman, a joiner and a laptop), an emoji with
a skin-tone modifier (👍🏽), a pair of regional indicators (🇹🇭, a flag), a black flag and tag
characters (🏴󠁧󠁢󠁳󠁣󠁴󠁿, Scotland), a keycap (1️⃣: a digit, U+FE0F and U+20E3) and an emoji with its
emoji presentation selector (❤️). `_SEQUENCE` finds them (the grammar of Unicode's emoji
sequences, over the code point ranges emoji are in); the layout draws each as the one glyph
its emoji face has for it (`layout/emoji.py`), or as its parts (`parts`), as a font with no
such glyph would. Outside a sequence the marks are left undrawn (`undrawn.py`).
"""

from __future__ import annotations

import re
from functools import lru_cache

ZWJ, VS16, KEYCAP = "\u200d", "\ufe0f", "\u20e3"
TONES = "\U0001f3fb-\U0001f3ff"
INDICATORS = "\U0001f1e6-\U0001f1ff"
TAGS = "\U000e0020-\U000e007f"
# characters that make a sequence of the emoji before them: a text with none has no sequence
MARKS = re.compile(f"[{ZWJ}{VS16}{KEYCAP}{TONES}{INDICATORS}{TAGS}]")
# pictographs (Extended_Pictographic, in ranges: a little wider than the property, no letter)
_PICTURE = ("\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
            "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff")
_ELEMENT = f"[{_PICTURE}](?:{VS16}|[{TONES}]{VS16}?)?"
_SEQUENCE = (
    f"[{INDICATORS}]{{2}}"  # a flag
    f"|\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"  # a flag of a region's part (Scotland)
    f"|[0-9#*]{VS16}?{KEYCAP}"  # a keycap
    f"|{_ELEMENT}(?:{ZWJ}{_ELEMENT})+"  # emoji joined with U+200D
    f"|[{_PICTURE}](?:{VS16}|[{TONES}]{VS16}?)")  # an emoji with its skin tone or presentation
# what is left of a sequence drawn as its parts: its emoji (and a keycap's enclosing square)
_NOT_PARTS = f"[{ZWJ}{VS16}{TONES}{TAGS}]"


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:  # (for the first text with a sequence: none in most issues)
    return re.compile(pattern)


def has(text: str) -> bool:
    """Whether `text` may hold an emoji sequence (one search, for text that is not ASCII)."""
    return not text.isascii() and MARKS.search(text) is not None


def parts(sequence: str) -> str:
    """A sequence as the emoji it is made of, drawn one by one: without its joiners, selectors,
    skin tones and tags (a flag is its two letters, a keycap its digit and square)."""
    return _compiled(_NOT_PARTS).sub("", sequence)


def split(text: str) -> list[tuple[str, bool]]:
    """`text` in pieces, each (piece, whether it is an emoji sequence)."""
    out, at = [], 0
    for m in _compiled(_SEQUENCE).finditer(text):
        if m.start() > at:
            out.append((text[at:m.start()], False))
        out.append((m.group(), True))
        at = m.end()
    if at < len(text):
        out.append((text[at:], False))
    return out
