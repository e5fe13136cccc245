"""Filling holes in mid-article: a page that ends short while its article goes on.

A heading with a paragraph of three lines after it cannot split at a page's foot (it would
leave a widow or an orphan), so it moves on whole, and the page before can end four lines
short: the preflight's `short-page`. The typographer's remedy is to make the line up in the
paragraphs that are already on that page: set some of them a line longer each, where their
spacing stays within its limits (TeX's \\looseness), until the page is full. What moved on
stays where it is, so nothing after that page changes. Where they cannot fill it, one of them
is set a line shorter instead, so that what moved on fits after it.

Each decision is a paragraph's (file, line) and its looseness, and the issue is laid out again
with them; the new layout is kept only if it has fewer holes and no more other findings.
Nothing is done (and no second layout made) when there is no hole, as in issue 76.
"""

from __future__ import annotations

from newsletter_cli.layout.linebreak import set_lines
from newsletter_cli.layout.preflight import SHORT_LINES

ROUNDS = 2  # layouts tried, at most, after the first


def fill(layout, relayout):
    """`layout`, or one laid out again by `relayout(loosen)` with fewer holes."""
    loosen: dict[tuple, int] = {}
    for _ in range(ROUNDS):
        holes = [f.page for f in layout.findings if f.check == "short-page"]
        if not holes:
            break
        trial = dict(loosen)
        for page in holes:
            trial.update(_plan(layout.collector, page, trial))
        if trial == loosen:
            break
        again = relayout(trial)
        if not _better(again, layout):
            break
        layout, loosen = again, trial
    return layout


def _better(new, old) -> bool:
    """Fewer holes, and no more findings of any other kind."""
    def others(layout):
        return sum(n for check, n in layout.counts.items() if check != "short-page")
    return new.counts.get("short-page", 0) < old.counts.get("short-page", 0) and others(new) <= others(old)


def _plan(collector, page: int, decided: dict) -> dict:
    """(file, line) -> looseness for paragraphs on `page` that fill its hole, or {}."""
    items = [p for p in collector.placed if p.page == page]
    if not items:
        return {}
    free = collector.free_lines(items)
    candidates = sorted((p for p in items if p.paragraph is not None and p.origin and p.origin not in decided),
                        key=lambda p: -len(p.paragraph.lines))  # the longest take a line most easily
    plan, gained = {}, 0
    for placed in candidates:  # a line longer each, until the page is full
        if gained >= free:
            break
        if _gain(placed.paragraph, +1) == 1:
            plan[placed.origin] = placed.paragraph.looseness + 1
            gained += 1
    if free - gained <= SHORT_LINES:
        return plan
    for placed in candidates:  # or one a line shorter, so that what moved on comes back
        if _gain(placed.paragraph, -1) == -1:
            return {placed.origin: placed.paragraph.looseness - 1}
    return {}


def _gain(paragraph, change: int) -> int:
    """How many lines longer `paragraph` sets with its looseness changed by `change`."""
    s = paragraph.style
    lines = set_lines(paragraph.spans, s.fontName, s.fontSize, paragraph.set_width, s.firstLineIndent,
                      paragraph.hyphenate, looseness=paragraph.looseness + change, tracking=paragraph.tracking)
    return len(lines) - len(paragraph.lines) if lines else 0
