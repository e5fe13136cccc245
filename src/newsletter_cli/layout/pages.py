"""Page geometry and decoration: the document template, its page templates per section kind,
running heads and folios, section bands, and the cover."""

from __future__ import annotations

import re
from contextlib import nullcontext
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError
from reportlab.platypus.flowables import BalancedColumns, ImageAndFlowables, KeepInFrame

from reportlab.platypus import PageBreak

from newsletter_cli.layout.fallback import draw_right_string, draw_string, used, width as text_width
from newsletter_cli.layout.figures import FloatToNextFrame
from newsletter_cli.layout.flowables import Anchor, ArticleEnd, KeepWithNext, LayoutState, form_name
from newsletter_cli.layout.markup import plain
from newsletter_cli.layout.preflight import active, note_shrunk
from newsletter_cli.layout.tagging import ListOf, block, pagination, whole_page
from newsletter_cli.layout.vector import draw_svg

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
        label = f"{issue.publication}  ·  {issue.label}  ·  {issue.period}"
        section = state.section_title
        y = geo.header_y
        if right_page:
            draw_string(canv, left, y, label)
            canv.setFont(fonts["sans-bold"], running.size)
            canv.setFillColor(col.secondary)
            draw_right_string(canv, right, y, section.upper())
        else:
            canv.setFont(fonts["sans-bold"], running.size)
            canv.setFillColor(col.secondary)
            draw_string(canv, left, y, section.upper())
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
        canv.setFillColor(col.accent)
        canv.rect(x, top - BAND, 6, BAND, stroke=0, fill=1)
        canv.setFillColor(col.paper)
        size = theme.type["section"].size
        canv.setFont(fonts["display"], size)
        draw_string(canv, x + 16, top - BAND / 2 - size * 0.35, title.upper())

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


def draw_cover(canv, issue, theme, styles, geo: Geometry) -> None:
    col = styles.colours
    fonts = styles.fonts
    W, H = geo.width, geo.height
    band_h = H * 0.6
    canv.saveState()
    canv.setFillColor(col.primary)
    canv.rect(0, H - band_h, W, band_h, stroke=0, fill=1)
    # quiet geometry: concentric arcs from the mark, off the right edge
    canv.saveState()
    clip = canv.beginPath()
    clip.rect(0, H - band_h, W, band_h)
    canv.clipPath(clip, stroke=0, fill=0)
    canv.setStrokeColor(col.secondary)
    for i, r in enumerate((120, 170, 220, 270, 320)):
        canv.setLineWidth(1.2 if i % 2 else 0.6)
        canv.setStrokeAlpha(0.55 - i * 0.08)
        canv.circle(W - 40, H - band_h + 90, r, stroke=1, fill=0)
    canv.restoreState()
    canv.setFillColor(col.accent)
    canv.rect(0, H - band_h - 6, W, 6, stroke=0, fill=1)

    margin = geo.inner
    top = H - 20 * 72 / 25.4
    logo = 54
    draw_svg(canv, theme.logo, margin, top - logo, logo)
    canv.setFillColor(col.paper)
    canv.setFont(fonts["sans-bold"], 9)
    org = issue.tagline or issue.publisher.name
    with block(canv):
        draw_string(canv, margin + logo + 12, top - logo / 2 + 2, org.upper()[:90])
    canv.setFont(fonts["sans"], 9)
    canv.setFillColor(col.highlight)
    with block(canv) if issue.publisher.website else nullcontext():
        draw_string(canv, margin + logo + 12, top - logo / 2 - 10, issue.publisher.website or "")

    width = W - 2 * margin
    name_style = styles["title"].clone("cover_name", fontName=fonts["display"], fontSize=44, leading=46,
                                       textColor=col.paper)
    para = Paragraph(plain(issue.publication), name_style)
    _, h = para.wrap(width, 200)
    y = top - logo - 40 - h
    with block(canv):
        para.drawOn(canv, margin, y)

    canv.setFillColor(col.highlight)
    canv.setFont(fonts["display"], 26)
    with block(canv):
        draw_string(canv, margin, y - 36, issue.label)
    label_w = canv.stringWidth(issue.label, fonts["display"], 26)
    canv.setFillColor(col.paper)
    canv.setFont(fonts["sans"], 15)
    with block(canv):
        draw_string(canv, margin + label_w + 14, y - 33, issue.period)

    if issue.headline:
        # the headline sits in the band's lower half, above the arcs' centre, a rule before it
        head_style = styles["lead"].clone("cover_headline", fontName=fonts["serif-italic"], fontSize=26,
                                          leading=31, textColor=col.paper)
        para = Paragraph(plain(issue.headline), head_style)
        _, h = para.wrap(width * 0.72, 200)
        top = (y - 36) - (y - 36 - (H - band_h)) * 0.45
        canv.setFillColor(col.accent)
        canv.rect(margin, top + 14, 44, 3, stroke=0, fill=1)
        with block(canv):
            para.drawOn(canv, margin, top - h)

    # the lower, white half: what is in this issue
    y = H - band_h - 46
    canv.setFillColor(col.accent_text)
    canv.setFont(fonts["sans-bold"], 9)
    with block(canv):
        draw_string(canv, margin, y, "IN THIS ISSUE")
    y -= 14
    highlights = ListOf(canv)  # each highlight an LI (its square an ornament)
    item_style = styles["subtitle"].clone("cover_item", textColor=col.primary, fontSize=13.5, leading=17)
    for text in issue.highlights[:8]:
        para = Paragraph(plain(text), item_style)
        _, h = para.wrap(width - 22, 100)
        if y - h < 80:
            break
        canv.setFillColor(col.secondary)
        canv.rect(margin, y - 12, 7, 7, stroke=0, fill=1)
        with highlights.item(canv):
            para.drawOn(canv, margin + 20, y - h)
        y -= h + 10

    canv.setStrokeColor(col.rule)
    canv.setLineWidth(0.6)
    canv.line(margin, 58, W - margin, 58)
    canv.setFillColor(col.muted)
    canv.setFont(fonts["sans"], 8.5)
    with block(canv):
        draw_string(canv, margin, 42, issue.publisher.name[:110])
    contact = "  ·  ".join(x for x in (issue.publisher.website, issue.publisher.email) if x)
    with block(canv) if contact else nullcontext():
        draw_right_string(canv, W - margin, 42, contact)
    canv.restoreState()


def draw_back_cover(canv, issue, theme, styles, geo: Geometry, doc) -> None:
    """The last page: who publishes the newsletter and how to reach them, and a colophon."""
    import time as _time

    col = styles.colours
    fonts = styles.fonts
    W, H = geo.width, geo.height
    margin = geo.inner
    band = H * 0.36
    canv.saveState()
    canv.setFillColor(col.primary)
    canv.rect(0, 0, W, band, stroke=0, fill=1)
    canv.setFillColor(col.accent)
    canv.rect(0, band, W, 6, stroke=0, fill=1)
    draw_svg(canv, theme.logo, margin, band - 40 - 54, 54)
    y = band - 40 - 54 - 30
    canv.setFillColor(col.paper)
    canv.setFont(fonts["display"], 16)
    with block(canv):
        draw_string(canv, margin, y, issue.publication)
    canv.setFont(fonts["sans"], 10)
    canv.setFillColor(col.highlight)
    with block(canv):
        draw_string(canv, margin, y - 16, f"{issue.label}  ·  {issue.period}")

    x = margin
    y = H - geo.top - 20
    canv.setFillColor(col.accent_text)
    canv.setFont(fonts["sans-bold"], 9)
    with block(canv):
        draw_string(canv, x, y, "PUBLISHED BY")
    y -= 22
    canv.setFillColor(col.primary)
    para = Paragraph(plain(issue.publisher.name), styles["h2"].clone("back_name", spaceBefore=0))
    _, h = para.wrap(W - 2 * margin, 100)
    with block(canv):
        para.drawOn(canv, x, y - h + 12)
    y -= h + 6
    canv.setFont(fonts["sans"], 10.5)
    canv.setFillColor(col.ink)
    lines = list(issue.publisher.address)
    for label, value in (("Web", issue.publisher.website), ("E-mail", issue.publisher.email),
                         ("Phone", issue.publisher.phone)):
        if value:
            lines.append(f"{label}: {value}")
    measure = W - 2 * margin
    bottom = geo.bottom + 40 + 5 * 14  # room for the colophon below (its lines are wrapped too)
    for line in lines:
        with block(canv):  # each line its own paragraph, its link in it
            parts = wrapped(line, fonts["sans"], 10.5, measure)
            target = next((v for v in (issue.publisher.website, issue.publisher.email) if v and line.endswith(v)),
                          None)
            for n, part in enumerate(parts):
                if y < bottom:
                    _cut(canv, line)
                    break
                draw_string(canv, x, y, part)
                if target and n == len(parts) - 1:  # the web address and e-mail are links
                    uri = target if target.startswith(("http://", "https://")) else f"mailto:{target}"
                    width = canv.stringWidth(part, fonts["sans"], 10.5)
                    canv.linkURL(uri, (x, y - 3, x + width, y + 10), relative=0, thickness=0)
                y -= 15
    y -= 24
    canv.setFillColor(col.accent_text)
    canv.setFont(fonts["sans-bold"], 9)
    with block(canv):
        draw_string(canv, x, y, "ABOUT THIS ISSUE")
    y -= 18
    stamp = _time.strftime("%d %B %Y", _time.gmtime(getattr(doc, "_timestamp", 0)))
    def family(path) -> str:
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", Path(path).stem.split("-")[0])

    brand = {family(p) for role, faces in theme.fonts.items() if role != "mono" for p in faces.values()}
    # the code face and fallback faces this build drew with (each under its own licence)
    extra = sorted({family(path) for _, path in used()} - brand)
    colophon = [f"{issue.publication}, {issue.label}, {issue.period}.",
                f"Set in {', '.join(sorted(brand))}, under the SIL Open Font License."]
    if extra:
        colophon.append(f"Also in {', '.join(extra)}, under their own licences (see assets/fonts).")
    colophon.append(f"Composed with newsletter on {stamp}.")
    canv.setFont(fonts["sans"], 9.5)
    canv.setFillColor(col.ink)
    for line in colophon:
        with block(canv):
            for part in wrapped(line, fonts["sans"], 9.5, measure):
                if y < geo.bottom:
                    _cut(canv, line)
                    break
                draw_string(canv, x, y, part)
                y -= 14
    canv.restoreState()


def wrapped(text: str, face: str, size: float, measure: float, limit: int = 60) -> list[str]:
    """`text` broken at its spaces into lines at most `measure` wide (in `face`, its fallback
    faces for what it lacks), at most `limit` of them (a page holds no more; the rest is
    dropped); a word wider than that is cut between its characters."""
    out, line = [], ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, face, size) > measure:
            out.append(line)
            trial = word
        while len(out) < limit and len(trial) > 1 and text_width(trial[:400], face, size) > measure:
            low, high = 1, min(len(trial), 400)  # (a long address) the longest head that fits
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if text_width(trial[:mid], face, size) <= measure else (low, mid - 1)
            out.append(trial[:low])
            trial = trial[low:]
        line = trial
        if len(out) >= limit:
            return out[:limit]
    return out + [line] if line or not out else out


def _cut(canv, line: str) -> None:
    collector = active()
    if collector is not None:
        collector.add("truncated", canv.getPageNumber(), f"a line of the back cover does not fit its page and is "
                      f"cut short (“{line[:50]}”)", None)

