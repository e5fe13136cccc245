"""Justified body text, set by our line breaker and drawn line by line.

`SetParagraph` is the flowable for a justified paragraph: Knuth–Plass chooses its breaks
(`linebreak.set_lines`) and it draws each line itself, with the word and letter spacing the
breaker planned. ReportLab's Paragraph would parse markup and break the lines again; here
that work is done once. It splits between lines without leaving a lone first or last line
(orphan, widow), reports its typography to the preflight, and when no breaking is possible
(a word wider than the column) it hands the text to a ReportLab paragraph instead.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from reportlab.lib.colors import toColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from newsletter_cli.layout import bidi, fallback, preflight, shaping
from newsletter_cli.layout.items import SHRINK, TRACK, TRACK_SHRINK, face_of
from newsletter_cli.layout.linebreak import Line, set_lines, word_spaces
from newsletter_cli.layout.markup import markup
from newsletter_cli.layout.preflight import MeasuredParagraph
from newsletter_cli.layout.textout import text_out

WIDTH_TOLERANCE = 0.5  # pt: a column this close to the one the lines were set for is the same
STRIKE = 0.25  # of the size: the height of a strike-through line above the baseline


class SetParagraph(Flowable):
    """A justified paragraph, its lines set by Knuth–Plass."""

    _continued = False  # this part carries on a paragraph from the previous frame or page
    _continues = False  # and goes on in the next

    def __init__(self, spans, style, hyphenate, link_colour: str, lines: list[Line] | None = None,
                 fixed: bool = False, tracking: tuple[float, float] = (TRACK, TRACK_SHRINK), ragged: bool = False,
                 looseness: int = 0):
        super().__init__()
        self.tracking = tracking
        self.ragged = ragged  # flush left: lines at their natural spacing (closed up only to fit)
        self.looseness = looseness  # set a line shorter (-1) or longer (+1) than it sets best, where it can
        self.spans, self.style, self.hyphenate, self.link_colour = spans, style, hyphenate, link_colour
        self.lines = lines
        self.fixed = fixed  # lines set for given measures (beside a figure): never set again
        self.set_width = lines[0].indent + lines[0].measure if lines else None
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.fallback = None  # a ReportLab paragraph, when the text cannot be set here
        self.space = stringWidth(" ", style.fontName, style.fontSize)

    def __deepcopy__(self, memo):
        # lines are immutable: containers that copy flowables (balanced columns) share them
        return copy.copy(self)

    # -- layout --------------------------------------------------------------------------

    def _set(self, width: float) -> bool:
        """Set the lines for a column `width` wide (unless already); False if they cannot be."""
        if self.fallback is not None:
            return False
        if self.lines is not None and (self.fixed or abs(width - self.set_width) < WIDTH_TOLERANCE):
            return True
        s = self.style
        lines = set_lines(self.spans, s.fontName, s.fontSize, width, s.firstLineIndent, self.hyphenate,
                          looseness=self.looseness, tracking=self.tracking)
        if lines is None:
            self.fallback = MeasuredParagraph(markup(self.spans, self.link_colour), s)
            return False
        self.lines, self.set_width = lines, width
        return True

    def wrap(self, availWidth, availHeight):
        if not self._set(availWidth):
            self.width, self.height = self.fallback.wrap(availWidth, availHeight)
            return self.width, self.height
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        # ReportLab splits a table cell's paragraph at the cell's width, having wrapped it at that
        # width less the cell's padding: lines set for a narrower measure fit and are kept (set
        # again, they could be fewer and all fit, and a cell whose paragraph will not split
        # fails in ReportLab with an IndexError)
        kept = self.fallback is None and self.lines is not None and self.set_width is not None \
            and self.set_width <= availWidth + WIDTH_TOLERANCE
        if not kept and not self._set(availWidth):
            return self.fallback.split(availWidth, availHeight)
        fits = int((availHeight + 1e-6) // self.style.leading)
        total = len(self.lines)
        if fits >= total:
            return [self]
        fits = min(fits, total - 2)  # no widow: at least two lines go on
        if fits < 2:  # no orphan: at least two lines stay
            return []
        return [self._part(self.lines[:fits], True), self._part(self.lines[fits:], False)]

    def split_at(self, count: int) -> tuple["SetParagraph", "SetParagraph"]:
        """The paragraph cut after its first `count` lines: beside a figure, and below it.

        The parts stand one above the other on the page, so neither is a widow or orphan."""
        head, rest = self._part(self.lines[:count], True), self._part(self.lines[count:], False)
        head._continues = rest._continued = False
        return head, rest

    def _part(self, lines, first: bool) -> "SetParagraph":
        self.direction()  # found once, for the parts too (a paragraph of a megabyte splits on 70 pages)
        part = copy.copy(self)
        part.__dict__.pop("_postponed", None)  # ReportLab's mark that the whole did not fit a frame
        part.lines, part.fixed = lines, True
        if first:
            part.spaceAfter, part._continues = 0, True
        else:
            part.spaceBefore, part._continued = 0, True
        return part

    # -- drawing -------------------------------------------------------------------------

    def draw(self):
        if self.fallback is not None:
            self.fallback.canv = self.canv
            self.fallback.draw()
            return
        canv, style = self.canv, self.style
        size, leading = style.fontSize, style.leading
        spacings = [(0.0, 0.0) if self.ragged and line.natural <= line.measure else line.spacing(self.space, size)
                    for line in self.lines]
        collector = preflight.active()
        if collector is not None:
            self._measure(collector, spacings)
        ink, link = style.textColor, _colour(self.link_colour)
        tx = canv.beginText()
        face = colour = None
        char_space = word_space = 0.0
        y = self.height - size
        strikes = []  # (x0, y, x1, colour) of the struck-through runs, drawn over the text
        base = self.direction()
        for line, (tc, tw) in zip(self.lines, spacings):
            if tc != char_space:
                tx.setCharSpace(tc)
                char_space = tc
            if tw != word_space:
                tx.setWordSpace(tw)
                word_space = tw
            x = line.indent
            if base == "R":  # flush right, the first line's indent on the right
                x = line.measure - (line.natural + tc * max(line.chars - 1, 0) + tw * word_spaces(line.text))
            tx.setTextOrigin(x, y)
            for run in shaping.visual_runs(line.runs, size, base):  # (right-to-left words: in the order seen)
                if run.face != face:
                    tx.setFont(fallback.face(run.face), size, leading)  # (a fallback face: loaded now)
                    face = run.face
                want = link if run.href else ink
                if want != colour:
                    tx.setFillColor(want)
                    colour = want
                text_out(tx, run.text)
                advance = run.width + tc * len(run.text) + tw * word_spaces(run.text)
                if run.href:
                    _link(canv, run.href, (x, y - size / 8, x + advance - tc, y - size / 8 + leading))
                if run.strike:
                    strikes.append((x, y + size * STRIKE, x + advance - tc, want))
                x += advance
            if line.spaced:  # the word space the line broke at: past the measure, so never seen
                text_out(tx, " ")
            y -= leading
        canv.drawText(tx)
        if strikes:
            _strike(canv, strikes, size)

    def direction(self) -> str:
        """"R" for a paragraph that reads right to left (its first strong character is Hebrew or
        Arabic): its lines are set from the right, the last one flush right."""
        found = self.__dict__.get("_direction")
        if found is None:
            found = self._direction = bidi.direction("".join(span.text for span in self.spans if not span.code))
        return found

    def _measure(self, collector, spacings) -> None:
        canv, style = self.canv, self.style
        page = canv.getPageNumber()
        origin = getattr(self, "_origin", None)
        whole = not (self.fixed or self.ragged or self._continued or self._continues)
        preflight.place(canv, self.width, self.height, False, origin, paragraph=self if whole else None)
        lines = self.lines
        text = preflight.clip(" ".join(line.text for line in lines[:2]), 50)
        if len(lines) == 1 and self._continues and not self._continued:
            collector.add("orphan", page, f"one line of a paragraph left alone at the foot: “{text}”", origin)
        if len(lines) == 1 and self._continued and not self._continues:
            collector.add("widow", page, f"the last line of a paragraph alone at the top: “{text}”", origin)
        ladder = 0
        for line, (tc, tw) in zip(lines, spacings):
            # wider than the column: spaces closed up past their limit, or a line with none overrunning
            if line.spaces:
                over = -(tw + tc + SHRINK * self.space) * line.spaces
            else:
                over = line.natural + tc * len(line.text) - line.measure  # as drawn, its letters closed up
            if over > preflight.OVERFULL_TOLERANCE:
                collector.add("overfull-line", page, f"a line is {over:.1f} pt wider than its column: “{text}”", origin)
            if not line.last and line.spaces and tw > 0:
                factor = (self.space + tw + tc) / self.space
                if factor > preflight.LOOSE_FACTOR + 1e-6:
                    collector.add("loose-line", page, f"word spaces stretched to {factor:.1f}× (limit "
                                  f"{preflight.LOOSE_FACTOR:g}×): “{preflight.clip(line.text, 60)}”", origin)
            ladder = ladder + 1 if line.text.endswith("-") else 0
            if ladder == 3:
                collector.add("hyphen-ladder", page, f"three hyphenated line ends in a row: “{text}”", origin)
        if not self._continued:  # glyphs are reported once, on the page where the paragraph starts
            by_face: dict = {}  # each face's text checked once (a paragraph may have 100,000 spans)
            for span in self.spans:
                for t, f in fallback.runs(span.text, face_of(style.fontName, span)):
                    by_face.setdefault(f, set()).update(t)
            for problem in preflight.missing_glyphs((f, "".join(sorted(chars))) for f, chars in by_face.items()):
                collector.add("missing-glyph", page, f"{problem} in “{text}”", origin)


def _strike(canv, strikes, size: float) -> None:
    """Lines through struck-through text, in its colour, drawn after it."""
    canv.saveState()
    canv.setLineWidth(size / 14)
    for x0, y, x1, colour in strikes:
        canv.setStrokeColor(colour)
        canv.line(x0, y, x1, y)
    canv.restoreState()


@lru_cache(maxsize=16)
def _colour(value: str):
    return toColor(value)  # ReportLab's toColor rebuilds its table of colour names on every call


def _link(canv, href: str, rect) -> None:
    """A link annotation over `rect` (relative to the flowable), to an anchor or a web address."""
    if href.startswith("#"):
        canv.linkRect("", href[1:], rect, relative=1)
    else:
        canv.linkURL(href, rect, relative=1)
