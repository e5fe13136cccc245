"""Emoji sequences (`theme/emojiseq.py`) drawn as the one glyph their emoji face has for each.

An emoji face draws a sequence (👩‍💻, 🇹🇭, 👍🏽, 1️⃣) as one glyph by its ligatures (GSUB), which
HarfBuzz applies: a run holding a sequence is shaped (`layout/shaping.py`), so it is measured
and drawn as its glyphs, and read back as its characters (the glyph's private code point in
the ToUnicode map, and /ActualText). `face_for` chooses the face: the first of the text's face
and its fallback chain that has every character of the sequence and draws it as one glyph (a
sequence with U+FE0F, which asks for the emoji's picture, first in a face that maps U+FE0F:
an emoji face). A sequence no face draws as one is drawn as its parts (`emojiseq.parts`), as
before: 👩💻, a flag as its two letters, an emoji without its skin tone.

HarfBuzz is imported by the first build whose text has a sequence (`shaping._harfbuzz`).
"""

from __future__ import annotations

from functools import lru_cache

from newsletter_cli.layout import shaping
from newsletter_cli.theme.emojiseq import VS16, ZWJ

_IGNORED = frozenset(ZWJ + VS16)  # drawn as nothing by HarfBuzz, in a face that lacks them too


def needed(sequence: str) -> list[int]:
    """The code points a face must map to draw `sequence`."""
    return [ord(c) for c in sequence if c not in _IGNORED]


@lru_cache(maxsize=32)
def _font(source):
    hb = shaping._harfbuzz()
    blob = hb.Blob.from_file_path(source) if isinstance(source, str) else hb.Blob(source)
    return hb.Font(hb.Face(blob))


@lru_cache(maxsize=4096)
def one_glyph(source, sequence: str) -> bool:
    """Whether the face (its file, or its bytes) draws `sequence` as one glyph: a ligature, or
    an emoji with its presentation selector, which is the emoji's own glyph."""
    font = _font(source)
    hb = shaping._harfbuzz()
    buf = hb.Buffer()
    buf.add_str(sequence)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    drawn = [(info.codepoint, pos.x_advance) for info, pos in zip(buf.glyph_infos, buf.glyph_positions)
             if pos.x_advance]
    if len(drawn) != 1 or drawn[0][0] == 0 or any(info.codepoint == 0 for info in buf.glyph_infos):
        return False
    if len(buf.glyph_infos) < len(sequence):  # a ligature (in one colour, 👍🏽 may be 👍's glyph)
        return True
    return len(sequence) == 2 and sequence[1] == VS16  # ❤️: the heart, in a face that has it
