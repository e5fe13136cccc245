"""Preflight: measure the laid-out pages as a reader would see them.

Paragraphs of the body are `MeasuredParagraph`s: when one is drawn it reports its lines
(overfull, loose, hyphenated ends), whether it is a lone first or last line of a split
paragraph (orphan, widow), its glyph coverage, and where on the page it landed. Figures
report their resolution. After the last page, the collector adds the page-level checks
(headings stranded at the foot of a page or column, near-empty pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from newsletter_cli.theme.undrawn import UNDRAWN

CHECKS = ("widow", "orphan", "stranded-heading", "overfull-line", "loose-line", "hyphen-ladder",
          "missing-glyph", "low-resolution", "near-empty-page", "short-page", "shrunk", "truncated")
SHORT_LINES = 3  # a page that ends more than this many lines short in mid-article has a hole
HEADING_STYLES = {"h2", "h3", "h4", "report_title", "report_h", "report_h2", "report_h4", "title", "kicker", "toc_section",
                  "table_group", "callout_title"}
LOOSE_FACTOR = 2.0      # a justified word space wider than twice the font's space is loose
OVERFULL_TOLERANCE = 0.5  # pt
MIN_PPI = 150
NEAR_EMPTY = 0.15


@dataclass
class Finding:
    check: str
    page: int
    article: str
    message: str
    filled: float = 1.0  # near-empty pages: the share of the page that is filled
    file: str | None = None  # where in the source the problem is: the article (or manifest) file
    line: int | None = None  # and the line of the paragraph, heading or figure
    hint: str | None = None

    def as_dict(self) -> dict:
        return {"check": self.check, "page": self.page, "article": self.article, "message": self.message,
                "file": self.file, "line": self.line, "hint": self.hint}

    @property
    def where(self) -> str:
        """FILE:LINE (or FILE) of the finding, '' when unknown."""
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file


HINTS = {
    "widow": "add or cut a few words in the paragraph, or move a figure",
    "orphan": "add or cut a few words in the paragraph, or move a figure",
    "stranded-heading": "shorten the text before the heading, or move a figure",
    "overfull-line": "break the long word or address, e.g. with a hyphen or a space",
    "loose-line": "rephrase the line, or break a long word or address",
    "hyphen-ladder": "rephrase one of the lines",
    "missing-glyph": "remove the character or write it in words",
    "low-resolution": "supply a larger image",
    "near-empty-page": "cut or add a few lines, or make a figure smaller",
    "short-page": "make the figure smaller, or move it, so that the text can fill the page",
    "shrunk": "split the element (a table row, a box, a long list of authors) into smaller ones",
    "truncated": "shorten the field",
}


@dataclass
class Placed:
    page: int
    x: float
    top: float
    bottom: float
    heading: bool
    article: str
    origin: tuple | None = None  # (file, line) of what was placed
    figure: bool = False  # a picture: text can flow past it
    paragraph: object = None  # a whole set paragraph (SetParagraph): it may be set a line longer or shorter


@dataclass
class Collector:
    state: object  # LayoutState: current article, section pages
    findings: list[Finding] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)
    frame_top: float = 0.0
    frame_bottom: float = 0.0
    leading: float = 0.0  # the body leading, to count a page's shortfall in lines (0: no short-page check)

    def add(self, check: str, page: int, message: str, origin=None) -> None:
        """A finding at `origin` (file, line) of the flowable, or at the current article's file."""
        file, line = origin if origin else (None, None)
        article = self.state.current_article
        if file is None:
            file = getattr(self.state, "article_files", {}).get(article)
        self.findings.append(Finding(check, page, article, message, file=file, line=line, hint=HINTS.get(check)))

    def finish(self, last_page: int, section_starts: list[int], body_first_page: int) -> list[Finding]:
        """Page-level checks, once every page is laid out."""
        by_page: dict[int, list[Placed]] = {}
        for item in self.placed:
            by_page.setdefault(item.page, []).append(item)
        section_ends = {start - 1 for start in section_starts} | {last_page}
        for page in range(body_first_page, last_page + 1):
            if page not in by_page and page not in section_starts:
                before = [i for i in self.placed if i.page < page]
                article = before[-1].article if before else ""
                self._page_finding("near-empty-page", page, before[-1] if before else None, article,
                                   "page is blank", 0.0)
        for page, items in sorted(by_page.items()):
            columns: dict[float, Placed] = {}
            for item in items:
                col = _column_of(item.x, columns)
                if col not in columns or item.bottom < columns[col].bottom:
                    columns[col] = item
            for lowest in columns.values():
                if lowest.heading and page != last_page:
                    self._page_finding("stranded-heading", page, lowest, lowest.article,
                                       "a heading is the last line of a page or column")
            if page < body_first_page or page in section_ends:
                continue
            height = self.frame_top - self.frame_bottom
            used = (self.frame_top - min(i.bottom for i in items)) / height if height else 1
            if used < NEAR_EMPTY:
                self._page_finding("near-empty-page", page, items[-1], items[0].article,
                                   f"page is only {used:.0%} filled", used)
                continue
            self._short(page, items, by_page.get(page + 1, []))
        return self.findings

    def free_lines(self, items: list[Placed]) -> int:
        """Whole lines of the body leading free below the lowest of `items` (a page's)."""
        lowest = min(items, key=lambda i: i.bottom)
        return int((lowest.bottom - self.frame_bottom) / self.leading + 1e-6)

    def _short(self, page: int, items: list[Placed], following: list[Placed]) -> None:
        """A page that ends more than SHORT_LINES lines above its foot while its last article
        goes on on the next page: a hole in mid-article."""
        if not following or not self.leading:
            return
        lowest = min(items, key=lambda i: i.bottom)
        lines = self.free_lines(items)
        text_on = {i.article for i in following if not i.figure}  # figures alone after it: the text has ended
        if lines > SHORT_LINES and lowest.article and lowest.article in text_on:
            self._page_finding("short-page", page, lowest, lowest.article,
                               f"the page ends {lines} lines short of its foot in mid-article")

    def _page_finding(self, check: str, page: int, item: Placed | None, article: str, message: str,
                      filled: float = 1.0) -> None:
        file, line = item.origin if item is not None and item.origin else (None, None)
        if file is None:
            file = getattr(self.state, "article_files", {}).get(article)
        self.findings.append(Finding(check, page, article, message, filled, file, line, HINTS.get(check)))

    def counts(self) -> dict[str, int]:
        out = {check: 0 for check in CHECKS}
        for f in self.findings:
            out[f.check] = out.get(f.check, 0) + 1
        return out


COLUMN_SPAN = 100  # pt: items within this distance of a column's left edge (indents) belong to it


def _column_of(x: float, columns: dict) -> float:
    """The column an item at `x` belongs to: indented lists and table cells stay in their column."""
    for left in columns:
        if 0 <= x - left < COLUMN_SPAN:
            return left
    for left in list(columns):
        if 0 <= left - x < COLUMN_SPAN:  # a column found first by an indented item: rekey it
            columns[x] = columns.pop(left)
            return x
    return x


_ACTIVE: list[Collector] = []


def active() -> Collector | None:
    return _ACTIVE[-1] if _ACTIVE else None


class collecting:
    """Context manager: measured flowables report to `collector` while it is open."""

    def __init__(self, collector: Collector):
        self.collector = collector

    def __enter__(self):
        _ACTIVE.append(self.collector)
        return self.collector

    def __exit__(self, *exc):
        _ACTIVE.remove(self.collector)


def place(canv, width: float, height: float, heading: bool = False, origin=None, figure: bool = False,
          paragraph=None) -> None:
    """Record where a flowable being drawn lands (its origin is the canvas origin now)."""
    collector = active()
    if collector is None:
        return
    x, y = canv.absolutePosition(0, 0)
    collector.placed.append(Placed(canv.getPageNumber(), x, y + height, y, heading,
                                   collector.state.current_article, origin, figure, paragraph))


def note_shrunk(flowable, page: int, tall: float, height: float) -> None:
    """Report that `flowable`, `tall` pt high, taller than any frame and not splittable, is scaled
    down to fit `height`."""
    collector = active()
    if collector is None:
        return
    scale = f" to {height / tall:.0%}" if tall > height else ""
    collector.add("shrunk", page, f"an element too tall for a page (a table row, a box or a list of "
                  f"authors) is scaled down{scale}", getattr(flowable, "_origin", None))


class MeasuredParagraph(Paragraph):
    """A Paragraph that reports its typography to the active preflight collector."""

    _continued = False  # this fragment carries on a paragraph from the previous frame
    _continues = False  # and goes on in the next
    _source = None  # the markup it was made from (split parts are made from frags instead)
    _tuned = False

    def __init__(self, text, style=None, *args, tuned: bool = False, **kw):
        super().__init__(text, style, *args, **kw)
        self._source = text
        self._tuned = tuned  # line breaks already chosen (Knuth–Plass): no retries
        # glyphs are checked on the fragments as parsed: wrapping replaces them
        self._missing = [] if text is None else missing_glyphs(
            (getattr(f, "fontName", None), getattr(f, "text", "")) for f in self.frags)

    def wrap(self, availWidth, availHeight):
        size = super().wrap(availWidth, availHeight)
        if self._source is not None and not self._tuned:
            self._tuned = True
            alternative = _better_style(self._source, self.style, self, availWidth)
            if alternative is not None:
                # a fresh paragraph: ReportLab loses embedded hyphens when one is wrapped anew
                super().__init__(self._source, alternative)
                size = super().wrap(availWidth, availHeight)
        return size

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            first, rest = parts
            first._continued, first._continues = self._continued, True
            rest._continued, rest._continues = True, self._continues
        origin = getattr(self, "_origin", None)
        for part in parts:
            part._origin = origin
        return parts

    def draw(self):
        collector = active()
        if collector is not None:
            self._measure(collector)
        super().draw()

    def _measure(self, collector: Collector) -> None:
        canv = self.canv
        page = canv.getPageNumber()
        heading = self.style.name in HEADING_STYLES
        origin = getattr(self, "_origin", None)
        place(canv, self.width, self.height, heading, origin)
        para = getattr(self, "blPara", None)
        if para is None:
            return
        lines = para.lines
        text = _excerpt(self)
        if len(lines) == 1 and self._continues and not self._continued:
            collector.add("orphan", page, f"one line of a paragraph left alone at the foot: “{text}”", origin)
        if len(lines) == 1 and self._continued and not self._continues:
            collector.add("widow", page, f"the last line of a paragraph alone at the top: “{text}”", origin)
        justified = self.style.alignment == 4
        space = stringWidth(" ", self.style.fontName, self.style.fontSize)
        ladder = 0
        shrink = getattr(self.style, "spaceShrinkage", 0) or 0
        for i, line in enumerate(lines):
            extra, words, word_count = _line_parts(para, line)
            # a justified line may close its spaces up to the style's shrinkage: that is not overfull
            allowed = shrink * space * max(word_count - 1, 0) if justified else 0
            if extra < -(allowed + OVERFULL_TOLERANCE):
                collector.add("overfull-line", page, f"a line is {-extra:.1f} pt wider than its column: “{text}”",
                              origin)
            last_line = i == len(lines) - 1 and not (self._continues and getattr(self, "_JustifyLast", False))
            ragged = getattr(line, "lineBreak", False) and not self.style.justifyBreaks  # ended by <br/>
            if justified and not last_line and not ragged and word_count > 1 and extra > 0:
                factor = 1 + extra / (word_count - 1) / space
                if factor > LOOSE_FACTOR:
                    collector.add("loose-line", page,
                                  f"word spaces stretched to {factor:.1f}× (limit {LOOSE_FACTOR:g}×): “{clip(words)}”",
                                  origin)
            ladder = ladder + 1 if words.endswith("-") else 0
            if ladder == 3:
                collector.add("hyphen-ladder", page, f"three hyphenated line ends in a row: “{text}”", origin)
        for problem in getattr(self, "_missing", []):
            collector.add("missing-glyph", page, f"{problem} in “{text}”", origin)
        self._missing = []  # reported once, on the page where the paragraph starts


def _badness(paragraph) -> int:
    """Loose lines plus hyphen ladders of a wrapped paragraph: what the preflight would find."""
    para = getattr(paragraph, "blPara", None)
    if para is None or paragraph.style.alignment != 4:
        return 0
    space = stringWidth(" ", paragraph.style.fontName, paragraph.style.fontSize)
    bad = ladder = 0
    lines = para.lines
    for i, line in enumerate(lines[:-1]):
        extra, words, count = _line_parts(para, line)
        ragged = getattr(line, "lineBreak", False) and not paragraph.style.justifyBreaks
        if not ragged and count > 1 and extra > 0 and extra / (count - 1) > (LOOSE_FACTOR - 1) * space:
            bad += 1
        ladder = ladder + 1 if words.endswith("-") else 0
        bad += ladder >= 3
    return bad


def _better_style(source: str, original, wrapped, width):
    """A variant of the style that sets the paragraph with fewer loose lines and ladders, if any."""
    bad = _badness(wrapped)
    if not bad:
        return None
    best, best_bad = None, bad
    for changes in VARIANTS:
        style = original.clone(original.name, **changes)
        trial = Paragraph(source, style)
        trial.wrap(width, 1e9)
        score = _badness(trial)
        if score < best_bad:
            best, best_bad = style, score
        if score == 0:
            break
    return best


# tried in order when a justified paragraph sets badly: closer spaces, then no hyphenation
VARIANTS = ({"spaceShrinkage": 0.3}, {"hyphenationLang": ""}, {"spaceShrinkage": 0.3, "hyphenationLang": ""})


def _line_parts(para, line) -> tuple[float, str, int]:
    """(extra space, text of the line, word count) for either kind of ReportLab line."""
    if isinstance(line, tuple):  # simple lines, also inside the parts of a split paragraph
        extra, words = line
        return extra, " ".join(words), len(words)
    text = "".join(getattr(w, "text", "") for w in line.words)
    return line.extraSpace, text.rstrip(), getattr(line, "wordCount", len(text.split()))


def missing_glyphs(pairs) -> list[str]:
    """What the fonts cannot draw of the texts, from (font name, text) pairs, one message per font."""
    problems = []
    for name, text in pairs:
        if name is None or not text:
            continue
        font = pdfmetrics.getFont(name)
        cmap = getattr(getattr(font, "face", None), "charToGlyph", None)
        if cmap is None:
            problems.append(f"text set in non-embedded font {name}")
            continue
        # (what the layout leaves undrawn is no missing glyph: undrawn.py)
        missing = {ch for ch in set(text) if ord(ch) not in cmap and ch not in "\n\t\u00ad" and ch not in UNDRAWN}
        if missing:
            chars = ", ".join(f"U+{ord(c):04X}" for c in sorted(missing))
            problems.append(f"{name} has no glyph for {chars}")
    return problems


def clip(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _excerpt(paragraph, size: int = 50) -> str:
    para = getattr(paragraph, "blPara", None)
    if para is not None:
        text = " ".join(_line_parts(para, line)[1] for line in para.lines[:2])
    else:
        text = "".join(getattr(f, "text", "") for f in getattr(paragraph, "frags", []))
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"
