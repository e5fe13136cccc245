"""Page geometry and decoration: the document template, its page templates per section kind,
running heads and folios, and section bands (the covers are drawn by `covers`)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError
from reportlab.platypus.flowables import BalancedColumns, ImageAndFlowables, KeepInFrame

from reportlab.platypus import PageBreak

from newsletter_cli.layout.bidi import direction
from newsletter_cli.layout.covers import draw_back_cover, draw_cover, fitted_head, wrapped
from newsletter_cli.layout.fallback import draw_right_string, draw_string, width as text_width
from newsletter_cli.layout.figures import FloatToNextFrame
from newsletter_cli.layout.flowables import Anchor, ArticleEnd, KeepWithNext, LayoutState, form_name
from newsletter_cli.layout.preflight import note_shrunk
from newsletter_cli.layout.tagging import pagination, whole_page

BAND = 30  # height of the section band, pt
IN_ROW_SPLIT = 24  # pt: a table row taller than a frame splits with at least this much on each side
_PASS = (ActionFlowable, BalancedColumns, ImageAndFlowables)  # containers ReportLab places in its own way
PAGE_SIZES = {"A4": A4, "Letter": LETTER}


class Geometry:
    def __init__(self, theme, paper: str):
        self.width, self.height = PAGE_SIZES[paper]
        m = theme.page.margins
        self.top, self.bottom, self.inner, self.outer = m.top, m.bottom, m.inner, m.outer
        self.header_y = self.height - theme.page.header_offset
        self.footer_y = theme.page.footer_offset
        self.text_left = self.inner
        self.text_width = self.width - self.inner - self.outer
        self.layouts = theme.layouts

    def column_box(self, kind: str) -> tuple[float, float]:
        """(x, width) of the text block for a section kind."""
        spec = self.layouts.get(kind)
        if spec and spec.measure and spec.measure < self.text_width:
            return (self.width - spec.measure) / 2, spec.measure
        return self.text_left, self.text_width


class NewsletterDoc(BaseDocTemplate):
    """A document template that fills in the contents' page numbers after the last page.

    It does not save its canvas: `document.Layout.finish` does, for the layout that is kept."""

    def __init__(self, stream, state: LayoutState, styles, number_keys, **kw):
        kw.setdefault("keepTogetherClass", KeepWithNext)
        super().__init__(stream, **kw)
        self.state, self.styles, self.number_keys = state, styles, number_keys

    def handle_flowable(self, flowables):
        """ReportLab's, with what it would refuse placed after all.

        A part of a split flowable made by copying the whole inherits its `_postponed` mark, and
        ReportLab then refuses it at the first frame it does not fit: the mark is dropped unless
        the frame is fresh. What does not fit a fresh, full frame and cannot split is scaled
        down to the frame and reported (a `shrunk` finding at its source line), never refused.
        """
        frame = getattr(self, "frame", None)
        if frame is not None and flowables and self._floats(flowables, frame):
            return
        f = flowables[0] if flowables else None
        if f is not None and frame is not None and isinstance(f, Flowable) and not isinstance(f, _PASS):
            if getattr(f, "_postponed", None) and not frame._atTop:
                del f._postponed
            elif frame._atTop and self._never_fits(f, frame):
                flowables[0] = self._shrunk(f, frame)
        try:
            super().handle_flowable(flowables)
        except LayoutError as exc:
            if f is None or "too large" not in str(exc) or frame is None:
                raise
            flowables.insert(0, self._shrunk(f, frame))

    def _floats(self, flowables: list, frame) -> bool:
        """Figures that do not fit the rest of a frame: made smaller or moved to the next frame.

        A figure (or a floated one with its text) that does not fit is set again by its
        `_refit`: smaller, or as a `FloatToNextFrame` that this method keeps until a new frame
        begins (or the article ends), while the text after it fills the frame. True when it
        has dealt with `flowables[0]`."""
        deferred = self.__dict__.setdefault("_deferred", [])
        f = flowables[0]
        if isinstance(f, FloatToNextFrame):
            deferred.append(f.figure)
            del flowables[0]
            return True
        if deferred and (frame._atTop or isinstance(f, (ArticleEnd, PageBreak, Anchor))):
            flowables[0:0] = deferred  # at the top of the new frame, or before the next article
            deferred.clear()
            return False
        if frame._atTop or str(frame.id).startswith("BalancedColumns"):
            return False
        heads = 0  # headings held with the figure (keepWithNext) go on with the text instead
        while heads < len(flowables) - 1 and flowables[heads].getKeepWithNext():
            heads += 1
        figure = flowables[heads]
        refit = getattr(figure, "_refit", None)
        if refit is None:
            return False
        width, room = frame._getAvailableWidth(), frame._y - frame._y1p + 1e-6
        for i, g in enumerate(flowables[:heads + 1]):  # spaces as the frame counts them
            space = g.getSpaceBefore()
            if i == 0 and frame._oASpace:
                space = max(space - frame._prevASpace, 0)
            room -= space + (g.wrapOn(self.canv, width, room)[1] + g.getSpaceAfter() if i < heads else 0)
        if figure.wrapOn(self.canv, width, room)[1] <= room and not isinstance(figure, ImageAndFlowables):
            return False
        if isinstance(figure, ImageAndFlowables) and figure._I.height <= room:
            return False  # the picture fits: the text beside it splits as usual
        replacement, drop = refit(max(room, 0.0))
        flowables[heads:heads + 1 + drop] = replacement
        if replacement and isinstance(replacement[0], FloatToNextFrame):
            deferred.append(flowables.pop(heads).figure)  # the headings go on with the text
            return True
        return False

    def _never_fits(self, f, frame) -> bool:
        """`f` is taller than this fresh frame and than a full page's, and cannot split.

        A table that cannot split between its rows (a row taller than the frame) is let split
        inside its rows, at a line of its cells."""
        width, avail = frame._getAvailableWidth(), frame._aH
        height = f.wrapOn(self.canv, width, avail)[1]
        if height <= avail + 1e-6:
            return False
        if isinstance(f, Table) and not f.splitInRow and not f.splitOn(self.canv, width, avail):
            f.splitInRow = IN_ROW_SPLIT
            return False
        if height <= self.full_height + 1e-6:
            return False
        return not f.splitOn(self.canv, width, avail)

    @property
    def full_height(self) -> float:
        return self.height  # the text block of a page without a section band

    def _shrunk(self, f, frame):
        width, height = frame._getAvailableWidth(), frame._aH - 1e-3
        try:
            tall = f.wrapOn(self.canv, width, height)[1]
        except Exception:  # noqa: BLE001 - only for the message: a flowable that cannot measure is still shrunk
            tall = 0.0
        note_shrunk(f, self.page, tall, height)
        box = KeepInFrame(width, height, [f], mode="shrink")
        box._origin = getattr(f, "_origin", None)
        return box

    def _endBuild(self):
        self._doSave = 0
        super()._endBuild()
        canv = self.canv
        style = self.styles["toc_entry"]
        for key in self.number_keys:
            canv.beginForm(form_name(key), lowerx=-200, lowery=-50, upperx=50, uppery=50)
            canv.setFont(self.styles.fonts["sans-bold"], style.fontSize + 1)
            canv.setFillColor(self.styles.colours.accent_text)
            draw_right_string(canv, 0, 0, str(self.state.page_map.get(key, "")))
            canv.endForm()


def page_templates(issue, theme, styles, state: LayoutState, geo: Geometry) -> list[PageTemplate]:
    col = styles.colours
    fonts = styles.fonts
    running = theme.type["running"]

    def running_heads(canv, doc):
        page = canv.getPageNumber()
        state.note_page(page)
        right_page = page % 2 == 1
        left, right = geo.text_left, geo.width - geo.outer
        canv.saveState()
        canv.setFont(fonts["sans"], running.size)
        canv.setFillColor(col.muted)
        # both on one line: the section's name (at most half of it), the issue's label in the rest
        section = fitted_head(state.section_title.upper(), fonts["sans-bold"], running.size, (right - left) / 2)
        room = right - left - text_width(section, fonts["sans-bold"], running.size) - 18
        label = issue_head(issue, fonts["sans"], running.size, room)
        y = geo.header_y
        if right_page:
            draw_string(canv, left, y, label)
            canv.setFont(fonts["sans-bold"], running.size)
            canv.setFillColor(col.secondary)
            draw_right_string(canv, right, y, section)
        else:
            canv.setFont(fonts["sans-bold"], running.size)
            canv.setFillColor(col.secondary)
            draw_string(canv, left, y, section)
            canv.setFont(fonts["sans"], running.size)
            canv.setFillColor(col.muted)
            draw_right_string(canv, right, y, label)
        canv.setStrokeColor(col.rule)
        canv.setLineWidth(0.5)
        canv.line(left, y - 5, right, y - 5)
        # folio on the outer edge, with a saffron tab
        canv.setFont(fonts["sans-bold"], running.size + 2)
        fy = geo.footer_y
        text = str(page)
        if right_page:
            canv.setFillColor(col.accent)
            canv.rect(right - 3, fy - 3, 3, running.size + 6, stroke=0, fill=1)
            canv.setFillColor(col.primary)
            draw_right_string(canv, right - 8, fy, text)
        else:
            canv.setFillColor(col.accent)
            canv.rect(left, fy - 3, 3, running.size + 6, stroke=0, fill=1)
            canv.setFillColor(col.primary)
            draw_string(canv, left + 8, fy, text)
        if state.section_start_page == page and state.section_title:
            section_band(canv, state.section_title, state.section_kind)
        canv.restoreState()

    def page_begins(canv, doc):
        state.note_page(canv.getPageNumber())  # the article running on from the page before

    def section_band(canv, title, kind):
        x, w = geo.column_box(kind)
        top = geo.height - geo.top
        canv.setFillColor(col.primary)
        canv.rect(x, top - BAND, w, BAND, stroke=0, fill=1)
        from_right = direction(title) == "R"  # a title in Arabic or Hebrew: its tab and text on the right
        canv.setFillColor(col.accent)
        canv.rect(x + w - 6 if from_right else x, top - BAND, 6, BAND, stroke=0, fill=1)
        canv.setFillColor(col.paper)
        lines, size = band_lines(title.upper(), fonts["display"], theme.type["section"].size, w - 16 - 10)
        canv.setFont(fonts["display"], size)
        leading = size * 1.1
        for i, line in enumerate(lines):  # (one line, or two, centred in the band)
            y = top - BAND / 2 - size * 0.35 + (len(lines) - 1) * leading / 2 - i * leading
            if from_right:
                draw_right_string(canv, x + w - 16, y, line)
            else:
                draw_string(canv, x + 16, y, line)

    templates = [
        PageTemplate("cover", [Frame(0, 0, geo.width, geo.height, id="cover")],
                     onPage=whole_page(lambda canv, doc: draw_cover(canv, issue, theme, styles, geo), "Cover")),
        PageTemplate("back", [Frame(0, 0, geo.width, geo.height, id="back")],
                     onPage=whole_page(lambda canv, doc: draw_back_cover(canv, issue, theme, styles, geo, doc),
                                       "Publisher")),
        PageTemplate("toc", [Frame(*_frame(geo, *geo.column_box("features"), 0), id="toc")],
                     onPageEnd=pagination(running_heads)),
    ]
    for kind in ("foreword", "features", "essays", "reports"):
        x, w = geo.column_box(kind)
        templates.append(PageTemplate(f"{kind}-first", [Frame(*_frame(geo, x, w, BAND + styles.leading),
                                                              id=f"{kind}-first")],
                                      onPage=page_begins, onPageEnd=pagination(running_heads)))
        templates.append(PageTemplate(kind, [Frame(*_frame(geo, x, w, 0), id=kind)],
                                      onPage=page_begins, onPageEnd=pagination(running_heads)))
    return templates


def _frame(geo: Geometry, x: float, width: float, top_skip: float):
    height = geo.height - geo.top - geo.bottom - top_skip
    return x, geo.bottom, width, height, 0, 0, 0, 0


def issue_head(issue, face: str, size: float, room: float) -> str:
    """The issue's running head in `room` pt: publication, number and period; without the period
    if it must; then the publication cut short."""
    for label in (f"{issue.publication}  ·  {issue.label}  ·  {issue.period}", f"{issue.publication}  ·  {issue.label}"):
        if text_width(label, face, size) <= room:
            return label
    tail = f"  ·  {issue.label}"
    return fitted_head(issue.publication, face, size, room - text_width(tail, face, size)) + tail


def band_lines(text: str, face: str, size: float, room: float) -> tuple[list[str], float]:
    """A section's title in its band, `room` pt wide: on one line, set smaller if it must be (to
    9 pt), else on two lines (at 11 pt and down); a title longer still is cut with an ellipsis."""
    for smaller in (size, *(s for s in (12, 11, 10, 9) if s < size)):
        if text_width(text, face, smaller) <= room:
            return [text], smaller
    for smaller in (s for s in (11, 10, 9) if s <= size):
        lines = wrapped(text, face, smaller, room, limit=2)
        if " ".join(lines).split() == text.split():
            return lines, smaller
    lines = wrapped(text, face, 9, room, limit=2) + [""]
    return [lines[0], fitted_head(f"{lines[1]} …".strip(), face, 9, room)], 9
