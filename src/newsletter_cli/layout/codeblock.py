"""A fenced or indented code block: monospaced, every space and line break kept, never justified
or hyphenated. A line too long for the column goes on in the next, after a drawn hook arrow (a
mark drawn as lines, not a character, so that copied text is the code as written). The block
splits between its lines across columns and pages like any other block."""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate

from reportlab.platypus import Flowable

from newsletter_cli.layout import fallback
from newsletter_cli.layout.markup import clean
from newsletter_cli.layout.preflight import place

PAD = 6  # pt around the code, inside its tinted box
CUT_PAD = 2  # pt at least below the last line of a part cut at the foot of a frame (it goes on)
MARK = 9  # pt: the room for the continuation mark before a continued line
TAB = 4
BREAK_AFTER = " ,;)]}>.:/_-=+"  # a wrapped line is cut after one of these when it can be


class CodeBox(Flowable):
    """The lines of a code block in a tinted box."""

    def __init__(self, text: str, face: str, size: float, leading: float, colours, lines=None,
                 language: str = "", first: tuple[int, int] = (-1, 0)):
        super().__init__()
        self.text, self.face, self.size, self.leading, self.colours = text, face, size, leading, colours
        self.lines = lines  # (text, continues the line before) as set, for a part of a split block
        self.language = language  # the fence's (```python): its pieces are coloured (content/highlight.py)
        self.first = first  # (line of the code, character in it) where the part before this one ended
        self.pad_below = PAD  # less for a part cut at a frame's foot, to use the room left there
        self._set_for = None

    def _set(self, width: float) -> list[tuple[str, bool]]:
        if self.lines is not None:
            return self.lines
        if self._set_for is None or abs(self._set_for[0] - width) > 0.5:
            fallback.face(self.face)  # the code face is loaded by the first build that has code
            self._set_for = (width, wrap(self.text, self.face, self.size, width - 2 * PAD - MARK))
        return self._set_for[1]

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = len(self._set(availWidth)) * self.leading + PAD + self.pad_below
        return self.width, self.height

    def split(self, availWidth, availHeight):
        lines = self._set(availWidth)
        if len(lines) * self.leading + PAD + self.pad_below <= availHeight + 1e-6:
            return [self]
        # the part at the foot closes up its padding below (to CUT_PAD) to take one more line
        fits = min(int((availHeight - PAD - CUT_PAD + 1e-6) // self.leading), len(lines) - 2)
        if fits < 2:  # two lines at least on either side
            return []
        head, rest = self._part(lines[:fits], self.first), self._part(lines[fits:], _after(lines[:fits], self.first))
        head.pad_below = min(PAD, availHeight - PAD - fits * self.leading)
        rest.pad_below = self.pad_below
        return [head, rest]

    def _part(self, lines, first):
        return CodeBox(self.text, self.face, self.size, self.leading, self.colours, lines, self.language, first)

    def _roles(self):
        """Each line of the code's pieces (start, end, role), or None: printed plain."""
        return _roles_of(self.text, self.language) if self.language else None

    def draw(self):
        canv, col = self.canv, self.colours
        place(canv, self.width, self.height, origin=getattr(self, "_origin", None))  # for the preflight
        lines = self._set(self.width)
        canv.saveState()
        canv.setFillColor(col.tint)
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.setFillColor(col.rule)
        canv.rect(0, 0, 2, self.height, stroke=0, fill=1)
        y = self.height - PAD - self.size
        roles = self._roles()
        row, column = self.first
        for text, continued in lines:
            if continued:
                _hook(canv, PAD, y, self.size, col.muted)
            else:
                row, column = row + 1, 0
            line = canv.beginText(PAD + MARK, y)  # one text object a line: it is read as one line
            for part, role in _coloured(text, column, roles[row] if roles and row < len(roles) else ()):
                line.setFillColor(getattr(col, ROLE_COLOURS.get(role, "ink")))
                for piece, name in fallback.runs(part, fallback.face(self.face)):
                    line.setFont(name, self.size)
                    line.textOut(piece)
            canv.drawText(line)
            column += len(text)
            y -= self.leading
        canv.restoreState()


def _hook(canv, x: float, y: float, size: float, colour) -> None:
    """↪ drawn as lines: down from the line above, then right, with an arrow head."""
    canv.setStrokeColor(colour)
    canv.setLineWidth(0.6)
    top, mid, right = y + size * 0.75, y + size * 0.3, x + size * 0.7
    path = canv.beginPath()
    path.moveTo(x + 1, top)
    path.lineTo(x + 1, mid)
    path.lineTo(right, mid)
    path.moveTo(right - size * 0.22, mid + size * 0.18)
    path.lineTo(right, mid)
    path.lineTo(right - size * 0.22, mid - size * 0.18)
    canv.drawPath(path, stroke=1, fill=0)


ROLE_COLOURS = {"keyword": "primary", "string": "secondary", "comment": "muted", "number": "accent_text",
                "deleted": "accent_text", "inserted": "secondary"}  # the theme's colours of the code's pieces


def _coloured(text: str, column: int, pieces) -> list[tuple[str, str]]:
    """`text`, which starts at `column` of its line, as (part, role), by the line's `pieces`."""
    out: list[tuple[str, str]] = []
    at, end = column, column + len(text)
    for start, stop, role in pieces:
        if stop <= at or start >= end:
            continue
        if start > at:
            out.append((text[at - column:start - column], "plain"))
        begin = max(start, at)
        out.append((text[begin - column:min(stop, end) - column], role))
        at = min(stop, end)
    if at < end or not out:
        out.append((text[at - column:], "plain"))
    return out


@lru_cache(maxsize=64)  # (the parts of a block split across pages share its reading)
def _roles_of(text: str, language: str):
    from newsletter_cli.content.highlight import roles

    return roles(source_lines(text), language)


def _after(pieces, first: tuple[int, int]) -> tuple[int, int]:
    """(line, character) where `pieces` end, the part before them having ended at `first`."""
    row, column = first
    for text, continued in pieces:
        if not continued:
            row, column = row + 1, 0
        column += len(text)
    return row, column


def source_lines(text: str) -> list[str]:
    """The code's lines as they are drawn: controls taken out, tabs expanded, no trailing spaces."""
    return [line.expandtabs(TAB).rstrip() for line in clean(text.replace("\r", "")).split("\n")] if text else [""]


def wrap(text: str, face: str, size: float, width: float) -> list[tuple[str, bool]]:
    """The code's lines, each too long for `width` cut into pieces: (text, continues the line before)."""
    out: list[tuple[str, bool]] = []
    for line in source_lines(text):
        continued, start = False, 0
        while True:  # (a 1 MB line is never copied or measured whole for each of its pieces)
            cut = _cut(line, start, face, size, width)
            if start + cut >= len(line):
                out.append((line[start:], continued))
                break
            out.append((line[start:start + cut], continued))
            start, continued = start + cut, True
    return out


PROBE = 128  # characters of a line measured first: more than fit in a column


def _cut(line: str, start: int, face: str, size: float, width: float) -> int:
    """How many characters of `line` from `start` fit in `width` (at least one), cut after a
    space or punctuation in the last third of what fits when there is one."""
    count = PROBE
    while True:  # a head of the rest that is wider than `width`, or the whole rest
        head = line[start:start + count]
        if start + count >= len(line):
            if fallback.width(head, face, size) <= width:
                return len(head)
            break
        if fallback.width(head, face, size) > width:
            break
        count *= 2
    used, fits = 0.0, 0
    for char in head:
        used += fallback.width(char, face, size)
        if used > width:
            break
        fits += 1
    else:
        if len(head) < len(line) - start:  # (the widths of its characters add up to less than its own)
            head = line[start:]
            fits = next((n for n, used in enumerate(accumulate(fallback.width(c, face, size) for c in head))
                         if used > width), len(head))
    fits = max(fits, 1)
    for at in range(fits, max(fits * 2 // 3, 1) - 1, -1):
        if head[at - 1] in BREAK_AFTER and head[:at].strip():
            return at
    return fits
