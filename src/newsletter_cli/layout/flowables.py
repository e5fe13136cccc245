"""Custom flowables: anchors (outline, links, page map), TOC entries, openers and keeps (figures: figures.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import Flowable, Paragraph

from newsletter_cli.layout import tagging
from newsletter_cli.layout.markup import plain
from newsletter_cli.layout.preflight import MeasuredParagraph, active


@dataclass
class LayoutState:
    """What the layout learns while it runs: where each anchor landed, the running section."""

    page_map: dict[str, int] = field(default_factory=dict)
    section_title: str = ""
    section_kind: str = ""
    section_start_page: int = 0
    figures_missing: int = 0
    article_pages: dict[str, list[int]] = field(default_factory=dict)  # article key -> pages it is on
    current_article: str = ""
    origins: dict[int, tuple[str, int]] = field(default_factory=dict)  # id(flowable) -> (file, line)
    article_files: dict[str, str] = field(default_factory=dict)  # article key -> its source file
    anchors: set[str] | None = None  # the destinations laid out (None: the whole issue)
    figure_heights: dict[str, float] = field(default_factory=dict)  # article key -> its pictures' height
    tighten: dict[str, float] = field(default_factory=dict)  # article key -> figure scale, to copyfit
    loosen: dict[tuple, int] = field(default_factory=dict)  # (file, line) of a paragraph -> its looseness

    def note_page(self, page: int) -> None:
        """Record that the current article has text on `page`."""
        if self.current_article:
            pages = self.article_pages.setdefault(self.current_article, [])
            if page not in pages:
                pages.append(page)

    def __deepcopy__(self, memo):
        # BalancedColumns deep-copies flowables it splits: they must keep writing to this state
        return self


class Anchor(Flowable):
    """Zero-size marker: a named destination, outline entries, and the page it fell on."""

    def __init__(self, state: LayoutState, key: str, outline: list[tuple[str, int]],
                 section: tuple[str, str] | None = None, opens: bool = True):
        super().__init__()
        self.state, self.key, self.outline, self.section = state, key, outline, section
        self.opens = opens  # the section starts here (its band is drawn on this page)
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        mark(self.canv, self.state, self.key, self.outline, self.section, 12, self.opens)


class ArticleEnd(Flowable):
    """Zero-size marker: the current article ends here (its pages stop being counted)."""

    def __init__(self, state: LayoutState):
        super().__init__()
        self.state = state

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        self.state.current_article = ""
        tagging.end_article(self.canv)


def mark(canv, state: LayoutState, key: str, outline, section=None, top: float = 0, opens: bool = True) -> None:
    """Record a destination, its outline entries and its page, at the current origin."""
    page = canv.getPageNumber()
    canv.bookmarkHorizontal(key, 0, top)
    for title, level in outline:
        canv.addOutlineEntry(title, key, level=level, closed=False)
    state.page_map[key] = page
    tagging.begin(canv, key, outline[0][0] if outline else key, bool(section))
    if section:
        state.section_title, state.section_kind = section
        if opens:
            state.section_start_page = page
    else:
        state.current_article = key
        state.note_page(page)


class AnchoredParagraph(MeasuredParagraph):
    """A paragraph that is also an anchor (for containers that drop zero-size flowables)."""

    def __init__(self, text, style, state: LayoutState, key: str, outline):
        super().__init__(text, style)
        self.state, self.key, self.outline = state, key, outline

    def draw(self):
        mark(self.canv, self.state, self.key, self.outline, None, self.height + 4)
        super().draw()

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts:
            first = parts[0]
            first.__class__ = AnchoredParagraph
            first.state, first.key, first.outline = self.state, self.key, self.outline
            for part in parts[1:]:
                if isinstance(part, AnchoredParagraph):
                    part.__class__ = MeasuredParagraph
        return parts


class TocEntry(Flowable):
    """One line of the contents: page number (filled in when the layout ends), title, detail.

    The page number is drawn as a PDF form XObject named after the entry, which the document
    defines once every page is laid out: the contents need only one layout pass.
    """

    NUMBER_COL = 34
    MAX_LINES = (3, 2)  # an entry's title and its detail are cut to this many lines
    _tag = "TOCI"  # an item of the contents' TOC element

    def __init__(self, key: str, title: str, detail: str | None, styles, level: int = 1,
                 compact: bool = False, origin=None, detail_origin=None):
        """`title` and `detail` (the contributors) are plain text, as the manifest and front matter give them."""
        super().__init__()
        self.key, self.styles, self.level = key, styles, level
        self._origin = origin  # (file, line) of the title, for the finding when an entry is cut
        self._detail_origin = detail_origin or origin  # and of the contributors
        style = styles["toc_section"] if level == 0 else styles["toc_compact"] if compact else styles["toc_entry"]
        self.title = Paragraph(plain(title), style)
        self.detail = Paragraph(plain(detail), styles["toc_sub"]) if detail else None
        self._texts = {id(self.title): title, id(self.detail): detail}
        self._cut_done = False

    def _cut(self, para: Paragraph, width: float, lines: int) -> tuple[Paragraph, bool]:
        """`para` cut to `lines` lines at `width`, ending in an ellipsis (and whether it was cut).

        The words are cut from the text, and the part kept is marked up as the whole was (its
        fallback faces and shaped scripts: from the paragraph's own text, a Thai or Devanagari
        word was drawn in the brand face, as boxes)."""
        _, h = para.wrap(width, 1e9)
        if h <= para.style.leading * lines + 1e-3:
            return para, False
        words = self._texts[id(para)].split()
        low, high = 0, len(words)  # the most words that, with "…", fit the lines
        while low < high:
            mid = (low + high + 1) // 2
            trial = Paragraph(plain(" ".join(words[:mid]) + " …"), para.style)
            if trial.wrap(width, 1e9)[1] <= para.style.leading * lines + 1e-3:
                low = mid
            else:
                high = mid - 1
        return Paragraph(plain(" ".join(words[:low]) + " …"), para.style), True

    def wrap(self, availWidth, availHeight):
        text_w = availWidth - self.NUMBER_COL
        if not self._cut_done:
            self._cut_done = True
            self.title, cut_title = self._cut(self.title, text_w, self.MAX_LINES[0])
            cut_detail = False
            if self.detail is not None:
                self.detail, cut_detail = self._cut(self.detail, text_w, self.MAX_LINES[1])
            if cut_title or cut_detail:
                self._truncated = "title" if cut_title else "contributors"
        _, h1 = self.title.wrap(text_w, availHeight)
        h2 = self.detail.wrap(text_w, availHeight)[1] if self.detail else 0
        self.width, self.height = availWidth, h1 + h2 + (2 if self.level == 0 else 4)
        self.h1, self.h2 = h1, h2
        return self.width, self.height

    def draw(self):
        canv = self.canv
        what = getattr(self, "_truncated", None)
        collector = active()
        if what and collector is not None:
            collector.add("truncated", canv.getPageNumber(), f"a contents entry is too long: its {what} "
                          f"is cut short in the contents (“{self.title.getPlainText()[:50]}”)",
                          self._origin if what == "title" else self._detail_origin)
        top = self.height - 2
        self.title.drawOn(canv, self.NUMBER_COL, top - self.h1)
        if self.detail:
            self.detail.drawOn(canv, self.NUMBER_COL, top - self.h1 - self.h2)
        canv.saveState()
        first_baseline = top - self.title.style.fontSize * 1.0
        canv.translate(self.NUMBER_COL - 10, first_baseline)
        canv.doForm(form_name(self.key))
        canv.restoreState()
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


def form_name(key: str) -> str:
    return "pn_" + "".join(ch if ch.isalnum() else "_" for ch in key)


class Opener(Flowable):
    """An article's head (kicker, title, dateline…) held together with the start of its body.

    It never leaves a title at the foot of a page or column: when the head and the first two
    lines of the body do not fit, the whole opener moves on. Works inside BalancedColumns,
    where keepWithNext is not honoured.
    """

    def __init__(self, head: list, body=None):
        super().__init__()
        self.head, self.body = head, body

    _tag = "container"  # its parts are elements of their own

    def _parts(self):
        return self.head + ([self.body] if self.body is not None else [])

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        total = 0.0
        self._sizes = []
        for i, f in enumerate(self._parts()):
            w, h = f.wrapOn(self.canv, availWidth, availHeight)
            before = f.getSpaceBefore() if i else 0
            after = f.getSpaceAfter() if i < len(self._parts()) - 1 else 0
            self._sizes.append((before, h, after, w))
            total += before + h + after
        self.height = total
        return availWidth, total

    def getSpaceBefore(self):
        return self.head[0].getSpaceBefore() if self.head else 0

    def getSpaceAfter(self):
        parts = self._parts()
        return parts[-1].getSpaceAfter() if parts else 0

    def split(self, availWidth, availHeight):
        head_h = 0.0
        for i, f in enumerate(self.head):
            _, h = f.wrapOn(self.canv, availWidth, availHeight)
            head_h += h + (f.getSpaceBefore() if i else 0) + f.getSpaceAfter()
        if self.body is None or head_h >= availHeight:
            return []
        self.body.wrapOn(self.canv, availWidth, availHeight)
        parts = self.body.splitOn(self.canv, availWidth, availHeight - head_h - self.body.getSpaceBefore())
        if len(parts) < 2:
            return []
        return [Opener(self.head, parts[0]), *parts[1:]]

    def draw(self):
        y = self.height
        for f, (before, h, after, w) in zip(self._parts(), self._sizes):
            y -= before + h
            f.drawOn(self.canv, 0, y, _sW=self.width - w)  # (as a frame does: a part's hAlign is kept)
            y -= after


class KeepWithNext(Opener):
    """What ReportLab makes of flowables marked keepWithNext (a heading and what follows it):
    held together like an opener, the heading with the first lines of what follows, not with
    all of it. ReportLab's KeepTogether moved a heading and its whole paragraph to the next
    page, leaving a hole of up to a paragraph's height in mid-article."""

    def __init__(self, flowables, maxHeight=None):
        super().__init__(list(flowables[:-1]), flowables[-1])
        self._content = list(flowables)  # what ReportLab reads back (to clear their keepWithNext)


class WithCaption(Flowable):
    """A table with its caption below, never parted from the table's last rows.

    Where the two do not fit, the table splits as it would alone and its last part moves on
    with the caption; where the table fits but its caption does not, the table's last row(s)
    move on with the caption (a hole of a row, not of the whole table). Works inside
    BalancedColumns, where keepWithNext is not honoured."""

    _tag = "container"  # the table and the caption are elements of their own

    def __init__(self, table, caption, gap: float = 4):
        super().__init__()
        self.table, self.caption, self.gap = table, caption, gap

    def wrap(self, availWidth, availHeight):
        _, self._th = self.table.wrapOn(self.canv, availWidth, availHeight)
        _, self._ch = self.caption.wrapOn(self.canv, availWidth, availHeight)
        self.width = availWidth
        self.height = self._th + self.gap + self._ch
        return availWidth, self.height

    def getSpaceBefore(self):
        return self.table.getSpaceBefore()

    def getSpaceAfter(self):
        return self.caption.getSpaceAfter()

    def split(self, availWidth, availHeight):
        _, th = self.table.wrapOn(self.canv, availWidth, availHeight)
        # split where the table would; when it fits whole, just above its last row
        parts = self.table.splitOn(self.canv, availWidth, min(availHeight, th - 0.5))
        keep = getattr(self.table, "splitInRow", 0)
        if len(parts) < 2 and keep:  # a row split inside leaves at least `keep` to go on with the caption
            parts = self.table.splitOn(self.canv, availWidth, min(availHeight, th - keep - 1))
        if len(parts) < 2:
            return []
        return [*parts[:-1], WithCaption(parts[-1], self.caption, self.gap)]

    def draw(self):
        self.table.drawOn(self.canv, 0, self._ch + self.gap)
        self.caption.drawOn(self.canv, 0, 0)
