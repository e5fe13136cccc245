"""Characters the layout leaves out of the text it draws (shared by the glyph check and the layout).

Zero-width spaces and joiners, the word joiner, the byte order mark and the text/emoji
presentation selectors have no glyph in most faces, and drawn they would show as boxes. The
five skin-tone modifiers (U+1F3FB-U+1F3FF) follow the emoji they colour: a face without
ligatures for them (the shipped emoji face, OpenMoji Black, is one colour and has none) draws
each as a swatch of its own, a square that reads as a missing glyph, so the emoji is drawn
without it.
"""

from __future__ import annotations

UNDRAWN = "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"
