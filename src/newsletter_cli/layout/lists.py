"""A list's labels: each item's bullet, task box or number in its list's numbering ("c)",
"iv.", "(12)"), and how wide the column they stand in is: wide enough for the widest label
and the space after it, never narrower than LABEL_COLUMN (a bullet's, and `1.` to `99.`).
The labels of a numbered list end at one line ("viii." and "ix." align on their points)."""

from __future__ import annotations

from newsletter_cli.content import model
from newsletter_cli.content.numbering import LIST_NUMBERING, label
from newsletter_cli.layout import fallback

LABEL_COLUMN = 16.0  # pt: the indent of a list's items
LABEL_GAP = 0.5  # em: at least this much space between a label and its item's text


def labels(block: model.ListBlock, font: str, size: float) -> tuple[list[tuple[str, float]], float]:
    """(label, its offset in the label column) for each item, and the column's width."""
    texts = []
    for n in range(len(block.items)):
        task = block.tasks[n] if n < len(block.tasks) else None
        if task is not None:  # a task: its box for the bullet, ballot box (with check)
            texts.append(task_box(task, font))
        else:
            texts.append(label(block.style, block.delim, block.start + n) if block.ordered else "•")
    widths = [fallback.width(text, font, size) for text in texts]
    widest = max(widths, default=0.0)
    column = max(LABEL_COLUMN, widest + LABEL_GAP * size)
    aligned = block.ordered and not isinstance(block, model.Definitions)
    return [(text, widest - width if aligned else 0.0) for text, width in zip(texts, widths)], column


def numbering(block: model.ListBlock) -> str | None:
    """The list's /ListNumbering in the structure tree: None for bullets (and, as before, for `1.` lists)."""
    if not block.ordered or block.style == "decimal":
        return None
    return LIST_NUMBERING[block.style]


def task_box(done: bool, font: str) -> str:
    """The label of a task item: U+2611 or U+2610 where a face of `font`'s chain draws it, else
    the box as typed."""
    box = "\u2611" if done else "\u2610"
    return box if fallback.draws(box, font) else ("[x]" if done else "[ ]")
