"""The word space at the end of a broken line, kept in the text of ReportLab's paragraphs.

ReportLab draws a paragraph line by line and leaves out the space each line was broken at, so
a text extractor or a screen reader reading the tagged PDF joins the last word of one line to
the first word of the next ("in" + "Asia" read as "inAsia"). Our own justified paragraphs draw
that space (`setting.SetParagraph`); this module does the same for the paragraphs ReportLab sets
(titles, headings, captions, table cells, the contents): every line but a paragraph's last
gets a space after its last word, unless it ends in a hyphen inside a word (a reader would
hear "La- gos" as two words). The space is drawn after the line's last glyph, past the alignment ReportLab
has already worked out, so nothing on the page moves; only the text the PDF carries changes.

`install()` wraps ReportLab's line-drawing functions once; they are looked up by name when a
paragraph is drawn, so the wrapping applies to every Paragraph.
"""

from __future__ import annotations

import copy

from reportlab.platypus import paragraph as _paragraph

_PLAIN = ("_leftDrawParaLine", "_centerDrawParaLine", "_rightDrawParaLine", "_justifyDrawParaLine")


def _hyphenated(text: str) -> bool:
    """Whether a line ending in `text` was broken after a hyphen inside a word (one the line
    breaker added, "Oka-", or a compound's own, "Machine-"): no word space was left out there."""
    return len(text) > 1 and text[-1] in "-\u2010\u00ad" and text[-2].isalnum()


def _plain(draw):
    """A line of one style: `words` are strings."""

    def drawn(tx, offset, extraspace, words, last=0):
        if not last and words and not getattr(tx, "preformatted", False) and not _hyphenated(words[-1]):
            words = [*words[:-1], words[-1] + " "]
        return draw(tx, offset, extraspace, words, last)

    drawn.__wrapped__ = draw
    return drawn


def _styled(put):
    """A line of several styles: `line.words` are fragments, the last drawn last."""

    def drawn(cur_x, tx, line, last, kind):
        words = getattr(line, "words", None)
        if not last and words and not tx.preformatted:
            final = words[-1]
            text = getattr(final, "text", None)
            if isinstance(text, str) and not hasattr(final, "cbDefn") and not text.endswith(" ") \
                    and not _hyphenated(text):
                final = copy.copy(final)  # the paragraph's own fragments are left as they are
                final.text = text + " "
                line = copy.copy(line)
                line.words = [*words[:-1], final]
        return put(cur_x, tx, line, last, kind)

    drawn.__wrapped__ = put
    return drawn


def install() -> None:
    """Wrap ReportLab's line drawing (once; a second call changes nothing)."""
    for name in _PLAIN:
        current = getattr(_paragraph, name)
        if not hasattr(current, "__wrapped__"):
            setattr(_paragraph, name, _plain(current))
    if not hasattr(_paragraph._putFragLine, "__wrapped__"):
        _paragraph._putFragLine = _styled(_paragraph._putFragLine)
