"""Indented groups of flowables that split anywhere: list items (with their bullet or number),
lists, and block quotes (with their bar).

ReportLab's ListFlowable and a one-column Table drawn as a quote bar lose their furniture, or
refuse, when they break across a column or page: the continued items of a list came out
without bullets or indent, and a quote taller than a column could not be placed at all.
`Indented` is one ordinary flowable for all three. It splits inside its content at any line
(recursively: a nested list or a quote inside an item splits the same way), the label goes
with the first part only, and the indent and the bar with every part.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from newsletter_cli.layout import fallback, tagging

_FUZZ = 1e-6
# groups nested deeper than this draw their parts without a graphics state of their own each
# (ReportLab's drawOn saves one per flowable): PDF/A allows 28 levels, and 30 nested lists are 60 groups
FLAT_BELOW = 6


class Indented(Flowable):
    """`content` set `indent` pt in from the left (and `right` pt from the right).

    `label`: (text, font, size, colour) drawn in the indent beside the first line (a bullet or a
    number), on the first part of a split only. `bar`: (width, colour) of a rule down the left
    edge, on every part. `pad`: space above and below the content and between its flowables,
    inside the bar (a quote).
    """

    def __init__(self, content: list, indent: float = 0.0, label=None, bar=None, right: float = 0.0,
                 pad: float = 0.0, space_before: float | None = None, space_after: float | None = None,
                 rtl: bool = False, label_offset: float = 0.0):
        super().__init__()
        self.content = [f for f in content if f is not None]
        self.indent, self.right, self.label, self.bar, self.pad = indent, right, label, bar, pad
        self.rtl = rtl  # a list item that reads right to left: its indent and label on the right
        self.label_offset = label_offset  # how far in from the column's edge the label starts (numbers end aligned)
        self._space_before, self._space_after = space_before, space_after
        self._continued = False  # this part carries on the group from the previous frame
        self.keep_first = 0  # a list item: its first block, if at most this many lines, goes with what follows

    # -- measuring -----------------------------------------------------------------------

    def getSpaceBefore(self):
        if self._continued:
            return 0.0
        if self._space_before is not None:
            return self._space_before
        return self.content[0].getSpaceBefore() if self.content else 0.0

    def getSpaceAfter(self):
        if self._space_after is not None:
            return self._space_after
        return self.content[-1].getSpaceAfter() if self.content else 0.0

    def _inner(self, width: float) -> float:
        return max(width - self.indent - self.right, 1.0)

    def _gap(self, before, after) -> float:
        """The space between two flowables of the content."""
        return before.getSpaceAfter() + after.getSpaceBefore() + self.pad

    def wrap(self, availWidth, availHeight):
        inner = self._inner(availWidth)
        self._sizes = []
        total = self.pad
        previous = None
        canv = getattr(self, "canv", None)
        for f in self.content:
            _, h = f.wrapOn(canv, inner, 0x7FFFFFFF)
            gap = self._gap(previous, f) if previous is not None else 0.0
            self._sizes.append((gap, h))
            total += gap + h
            previous = f
        total += self.pad if self.content else 0.0
        self.width, self.height = availWidth, total
        return availWidth, total

    # -- splitting -----------------------------------------------------------------------

    def split(self, availWidth, availHeight):
        canv = getattr(self, "canv", None)
        inner = self._inner(availWidth)
        used = self.pad
        previous = None
        for i, f in enumerate(self.content):
            gap = self._gap(previous, f) if previous is not None else 0.0
            _, h = f.wrapOn(canv, inner, 0x7FFFFFFF)
            bottom = self.pad if i == len(self.content) - 1 else 0.0  # the last one has the pad below it too
            if used + gap + h + bottom <= availHeight + _FUZZ:
                used += gap + h
                previous = f
                continue
            room = availHeight - used - gap - self.pad
            parts = f.splitOn(canv, inner, room) if room > 0 else []
            if len(parts) >= 2:
                head, tail = self.content[:i] + [parts[0]], list(parts[1:]) + self.content[i + 1:]
            else:
                head, tail = self.content[:i], self.content[i:]
            if not head or not tail:
                return []
            if self.keep_first and not self._continued and len(head) == 1 and _short(head[0], self.keep_first):
                return []  # a list item's opening line (a link's title) never ends a column without its text

            return [self._part(head, first=True), self._part(tail, first=False)]
        return [self]

    def _part(self, content: list, first: bool) -> "Indented":
        part = Indented(content, self.indent, self.label if first else None, self.bar, self.right, self.pad,
                        self._space_before if first else 0.0, 0.0 if first else self._space_after, self.rtl,
                        self.label_offset)
        part._continued = self._continued if first else True
        part.keep_first = self.keep_first
        part._origin = getattr(self, "_origin", None)
        for name, value in self.__dict__.items():  # hooks others hang on a flowable (structure tags…)
            if name.startswith(("tag", "_tag")) and not hasattr(part, name):
                setattr(part, name, value)
        return part

    # -- drawing -------------------------------------------------------------------------

    def draw(self):
        canv = self.canv
        if self.bar and self.height > 0:
            width, colour = self.bar
            canv.saveState()
            canv.setStrokeColor(colour)
            canv.setLineWidth(width)
            canv.line(width / 2, 0, width / 2, self.height)
            canv.restoreState()
        top = self.height - self.pad
        if self.label and self.content:  # first: the label reads before its item
            text, font, size, colour = self.label
            canv.saveState()
            canv.setFont(font, size)
            canv.setFillColor(colour)
            baseline = top - first_baseline(self.content[0], size)
            with tagging.label(canv, getattr(self, "_tag_list", None)):  # Lbl in the item's LI
                if self.rtl:  # in the indent on the right, flush with the column's right edge
                    fallback.draw_right_string(canv, self.width - self.label_offset, baseline, text)
                else:
                    fallback.draw_string(canv, self.label_offset, baseline, text)
            canv.restoreState()
        y = top
        x = self.right if self.rtl else self.indent
        depth = getattr(canv, "_groups_deep", 0) + 1
        canv._groups_deep = depth
        try:
            for f, (gap, h) in zip(self.content, self._sizes):
                y -= gap + h
                if depth >= FLAT_BELOW and isinstance(f, Indented):
                    tagging.draw_on_flat(f, canv, x, y)
                else:
                    f.drawOn(canv, x, y)
        finally:
            canv._groups_deep = depth - 1

    def first_line_drop(self) -> float:
        """How far below this group's top its first line's baseline is."""
        if not self.content:
            return 0.0
        return self.pad + first_baseline(self.content[0], 0.0)


def first_baseline(f, default: float) -> float:
    """How far below the top of flowable `f` its first line of text sits (its baseline)."""
    if isinstance(f, Indented):
        return f.first_line_drop()
    style = getattr(f, "style", None)
    size = getattr(style, "fontSize", None)
    return float(size) if size else default


def _short(flowable, lines: int = 2) -> bool:
    """Whether a flowable is a paragraph of at most `lines` lines."""
    leading = getattr(getattr(flowable, "style", None), "leading", None)
    height = getattr(flowable, "height", None)
    return bool(leading and height is not None and height < (lines + 0.5) * leading)
