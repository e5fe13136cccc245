"""Content blocks -> ReportLab flowables, in the styles of one section kind.

Paragraphs (set by the line breaker where they can be), headings, lists with their bullets
and numbers, quotes, callout boxes, pull quotes, code, figures (in the column, floated beside
the text, made smaller or moved to the next frame where they do not fit); tables are set by
the `Tables` mixin (tables.py)."""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.platypus import Spacer, Table
from reportlab.platypus.flowables import HRFlowable, ImageAndFlowables

from newsletter_cli.content import model
from newsletter_cli.content.inline import plain_text
from newsletter_cli.errors import NewsletterError
from newsletter_cli.layout import fallback, lists
from newsletter_cli.layout.bidi import direction
from newsletter_cli.layout.boxes import Indented
from newsletter_cli.layout.codeblock import CodeBox
from newsletter_cli.layout.figures import FigureBox, FloatToNextFrame, image_info
from newsletter_cli.layout.flowables import LayoutState
from newsletter_cli.layout.items import LONGEST_WORD, face_of
from newsletter_cli.layout.linebreak import set_lines
from newsletter_cli.layout.markup import markup
from newsletter_cli.layout.preflight import MeasuredParagraph
from newsletter_cli.layout.setting import SetParagraph
from newsletter_cli.layout.styles import directed, squeezed
from newsletter_cli.layout.tables import Tables, table_style
from newsletter_cli.layout.tagging import Group, TableTags, list_items

FLOAT_WIDTH = 0.5  # figures this narrow stand beside the text
LONG_CAPTION = 1_000  # characters: a longer caption is set by the line breaker, and may split
# heading level -> style, in the full-width sections and in the two-column reports
HEADING_STYLES = {False: {2: "h2", 3: "h3", 4: "h4"}, True: {2: "report_h2", 3: "report_h", 4: "report_h4"}}
QUOTE_INDENT, QUOTE_RIGHT = 12, 6  # a block quote's text, in from the column's edges
CRAMPED = 0.4  # share of the column that lists and quotes nested in each other leave to their text, at least
DEFINITION_INDENT = 16  # pt: a definition under its term, as a list's item under its bullet
BOX_PADDING = 12  # a callout box's text, in from its sides
SQUEEZE = 0.6  # the spaces between the blocks of an article set tighter to save a runt page
MIN_SCALE = 0.6  # a figure that does not fit the rest of a page shrinks to no less than this, or moves on



_SPACED: dict = {}


def _spaced(style):
    """`style` with half a line above: a second paragraph in a list item."""
    found = _SPACED.get(id(style))
    if found is None or found[0] is not style:
        found = _SPACED[id(style)] = (style, style.clone(f"{style.name}_next", spaceBefore=style.leading * 0.5))
    return found[1]


LEAD_IN = 150  # characters at most of a paragraph in bold that stands as the title of what follows


def lead_in(block: model.Paragraph) -> bool:
    """A short paragraph all in bold (`**Tooling**`, `**[A title](https://…)**`): the title of the
    paragraphs under it, set flush left and kept with them; the paragraph after it is not indented."""
    spans = [span for span in block.spans if span.soft_break or span.text.strip()]
    return bool(spans) and all(span.bold and not span.soft_break for span in spans) \
        and sum(len(span.text) for span in spans) <= LEAD_IN

class Box(Table):
    """A callout box: a table of one column, its title (if any) in the first row.

    ReportLab splits a table between rows first, so a box whose first paragraph did not fit
    under the title left the title alone at the foot of a page, and the text went on on the
    next (a hole in mid-article). The title keeps with the first lines of what follows it:
    where only the title would fit, the box splits inside the row after it, or moves on whole.
    And where a split inside a row would leave less than `splitInRow` (two lines) to go on,
    it is tried a line or two higher, rather than moving the whole box on."""

    def split(self, availWidth, availHeight):
        first = self._cellvalues[0][0] if self._cellvalues else None
        first = first[0] if isinstance(first, (list, tuple)) and first else first
        titled = len(self._cellvalues) > 1 and getattr(getattr(first, "style", None), "name", "") == "callout_title"
        self._calc(availWidth, availHeight)
        if not titled or self._getFirstPossibleSplitRowPosition(availHeight) > 1:  # the title and more fit
            parts = super().split(availWidth, availHeight)
            if parts or not self.splitInRow:
                return parts
        elif not self.splitInRow:
            return []
        step = self.splitInRow / 2  # a line of the box's text
        for lower in (0, step, 2 * step):
            if availHeight - lower <= (self._rowHeights[0] if titled else 0) + self.splitInRow:
                break
            parts = self._splitRows(availHeight - lower, doInRowSplit=1)
            if parts and titled and not any(cell for row in parts[0]._cellvalues[1:] for cell in row):
                # the text under the title could not split (a paragraph of three lines keeps two
                # on each side) and ReportLab left its cell empty: the title would stand alone
                break
            if parts:
                return parts
        return []


class BlockRenderer(Tables):
    def __init__(self, styles, state: LayoutState, compact: bool, frame_width: float, frame_height: float,
                 article_file: str, fit: float | None = None, span_width: float | None = None):
        # copyfitting an article that would end in a runt page: its figures at the scale
        # `fit` or, where it has none (1.0), each paragraph a line shorter where it can be and
        # the spaces between its blocks closed up (SQUEEZE)
        self.s = squeezed(styles, SQUEEZE) if fit == 1.0 else styles
        self.looseness = -1 if fit == 1.0 else 0
        self.figure_scale = 1.0 if fit is None else fit
        self.frame_width = frame_width
        # a table too wide for a column of the reports is set across the columns, this wide (tables.py)
        self.span_width, self.column_width = span_width, frame_width
        self.state = state
        self.compact = compact  # reports: smaller body, tighter headings
        self.frame_height = frame_height
        self.file = article_file
        self.link = styles.colours.hex["secondary"]
        self.hyphenate = styles.hyphenate

    @property
    def box_width(self) -> float:
        """A full-width box: a hair under the column, as "100%" can round to a hair over it."""
        return self.frame_width * (1 - 1e-6)

    def m(self, spans) -> str:
        return markup(self.linkable(spans), self.link, self.s.fonts["code"])

    def linkable(self, spans):
        """The spans, a link into a part of the issue that is not laid out (a preview) as plain text."""
        anchors = self.state.anchors
        if anchors is not None and any(sp.href and sp.href.startswith("#") and sp.href[1:] not in anchors
                                       for sp in spans):
            spans = [dataclasses.replace(sp, href=None) if sp.href and sp.href.startswith("#")
                     and sp.href[1:] not in anchors else sp for sp in spans]
        return spans

    @property
    def body(self):
        return self.s["report_body"] if self.compact else self.s["body"]

    @property
    def grid(self) -> float:
        """The leading of the body text: every vertical space is a multiple of it."""
        return self.body.leading

    def render(self, blocks, first_style=None) -> list:
        """Flowables for the blocks; a paragraph after a paragraph is indented, others are not."""
        out: list = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            after_heading = i > 0 and isinstance(blocks[i - 1], model.Heading)
            # (a float right under a heading could leave the heading alone at a page's foot)
            if isinstance(block, model.Figure) and block.width <= FLOAT_WIDTH and not after_heading:
                flowables, used = self.floated(block, blocks[i + 1:],
                                               i > 0 and isinstance(blocks[i - 1], model.Paragraph))
                if used:
                    out.extend(flowables)
                    i += 1 + used
                    continue
            style = None
            if isinstance(block, model.Paragraph):
                if i == 0 and first_style is not None:
                    style = first_style
                elif lead_in(block):
                    style = self.s["report_lead_in"] if self.compact else self.s["lead_in"]
                elif i > 0 and isinstance(blocks[i - 1], model.Paragraph) and not lead_in(blocks[i - 1]):
                    style = self.indented
            out.extend(self.block(block, style))
            i += 1
        return out

    @property
    def indented(self):
        return self.s["report_body_indent"] if self.compact else self.s["body_indent"]

    def floated(self, figure: model.Figure, following, after_text: bool) -> tuple[list, int]:
        """A narrow figure at the outer side of the column with the text that follows beside it.

        The figure's height is a whole number of lines; the paragraphs beside it are broken
        for the narrower measure and, where one outlasts the figure, cut there and continued
        at full width. If the text beside would set loosely, the figure is tried narrower,
        and finally not floated at all. Returns the flowables and how many of `following`
        they used (0: not floated).
        """
        for share in (figure.width, figure.width - 0.05, figure.width - 0.1):
            if share < 0.25:
                break
            trial = dataclasses.replace(figure, width=share)
            result = self._float_at(trial, following, after_text)
            if result is not None:
                return result
        return [], 0

    def _float_at(self, figure: model.Figure, following, after_text: bool):
        box = self.figure(figure)
        box.floating = True
        box.wrap(self.frame_width, self.frame_height)
        gap = self.grid
        narrow = self.frame_width - box.width - gap
        lines = round(box.height / self.grid)
        if lines < 3:
            return None
        beside: list = []
        after: list = []
        used = 0
        for block in following:
            if lines <= 0:
                break
            if isinstance(block, model.Heading) and lines >= 4:
                beside.extend(self.block(block))
                lines -= 1 if len(beside) == 1 else 2
                used += 1
                continue
            if not isinstance(block, model.Paragraph):
                break
            # a paragraph that goes on from one before (the figure stands outside the flow) is indented
            goes_on = isinstance(following[used - 1], model.Paragraph) if used else after_text
            style = self.indented if goes_on else self.body
            left = lines
            spans = self.linkable(block.spans)
            set_ = set_lines(spans, style.fontName, style.fontSize,
                             (narrow, left, self.frame_width),
                             style.firstLineIndent, self.hyphenate, tracking=self.s.tracking)
            if set_ is None or set_.loose:
                return None
            used += 1
            if len(set_) <= lines:
                beside.append(self._set(spans, style, set_, fixed=True))
                lines -= len(set_)
                continue
            head, rest = self._set(spans, style, set_, fixed=True).split_at(lines)
            beside.append(head)
            after.append(rest)
            lines = 0
        if not any(isinstance(f, SetParagraph) for f in beside):
            return None
        floated = ImageAndFlowables(box, beside, imageLeftPadding=gap, imageRightPadding=0,
                                    imageTopPadding=0, imageBottomPadding=0, imageSide="right")
        box._origin = floated._origin = (self.file, figure.line)
        floated._refit = lambda room: self._refloat(figure, following, after_text, used, len(after), room)
        return [floated] + after, used

    def _refloat(self, figure: model.Figure, following, after_text: bool, used: int, parts_after: int,
                 room: float):
        """What to lay out instead of a floated figure that does not fit the `room` left in the
        frame: the float with the figure smaller (to no less than MIN_SCALE), or else the text
        at full width and the figure moved to the top of the next frame. Returns the flowables
        and how many of those that followed the float they replace."""
        for scale in (0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, MIN_SCALE):
            if figure.width * scale < 0.2:
                break
            result = self._float_at(dataclasses.replace(figure, width=figure.width * scale), following, after_text)
            if result is None or result[1] > used or result[0][0]._I.height > room:
                continue
            flowables, now = result
            return flowables + self._flowing(following, now, used, after_text), parts_after
        box = self.figure(figure)
        box._origin = (self.file, figure.line)
        return [FloatToNextFrame(box)] + self._flowing(following, 0, used, after_text), parts_after

    def _flowing(self, following, start: int, end: int, after_text: bool) -> list:
        """The blocks following[start:end] set in the column, as `render` would set them."""
        out = []
        for i in range(start, end):
            block = following[i]
            previous = following[i - 1] if i else None
            goes_on = isinstance(previous, model.Paragraph) if previous is not None else after_text
            style = self.indented if isinstance(block, model.Paragraph) and goes_on else None
            out.extend(self.block(block, style))
        return out

    def _refit_figure(self, box: FigureBox, figure: model.Figure, room: float):
        """An in-column figure that does not fit the `room` left: smaller (to no less than
        MIN_SCALE of its height), or moved to the top of the next frame, the text going on."""
        _, height = box.wrap(self.frame_width, self.frame_height)
        if height * MIN_SCALE <= room:
            for scale in (0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, MIN_SCALE):
                smaller = self.figure(dataclasses.replace(figure, width=figure.width * scale))
                if smaller.wrap(self.frame_width, self.frame_height)[1] <= room:
                    smaller._origin = box._origin
                    return [smaller], 0
        return [FloatToNextFrame(box)], 0

    def block(self, block, style=None) -> list:
        """The block's flowables, each remembered with the source line it came from."""
        flowables = self._block(block, style)
        for flowable in flowables:
            self.state.origins[id(flowable)] = flowable._origin = (self.file, block.line)
        return flowables

    def _block(self, block, style=None) -> list:
        s = self.s
        if isinstance(block, model.Paragraph):
            return [self.paragraph(block.spans, style or self.body,
                                   looseness=self.state.loosen.get((self.file, block.line)))]
        if isinstance(block, model.Heading):
            key = HEADING_STYLES[self.compact][min(max(block.level, 2), 4)]
            heading = self.text(block.spans, s[key])  # keepWithNext holds it to what follows
            if block.anchor:
                heading._destination = block.anchor  # a link of the article leads here (tagging._draw_on)
            return [heading]
        if isinstance(block, model.Definitions):
            return [self.definitions(block, style)]
        if isinstance(block, model.ListBlock):
            return [self.list_block(block)]
        if isinstance(block, model.Table):
            return self.table(block)
        if isinstance(block, model.Figure):
            box = self.figure(block)
            box._refit = lambda room: self._refit_figure(box, block, room)
            return [box]
        if isinstance(block, model.Callout):
            return [self.boxed(block.title, block.blocks)]
        if isinstance(block, model.PullQuote):
            inner = [self.text(b.spans, s["pullquote"]) for b in block.blocks
                     if isinstance(b, model.Paragraph)]
            return [Spacer(1, s.space * 0.5),
                    HRFlowable(width="30%", thickness=2, color=s.colours.accent, hAlign="LEFT", spaceAfter=6),
                    *inner, Spacer(1, s.space * 0.5)]
        if isinstance(block, model.Quote):
            inner = []
            # (a quote nested so deep that its rule and indent would leave less than CRAMPED of the
            # column: at the indent of the one around it, without a rule of its own)
            flat = self.frame_width - QUOTE_INDENT - QUOTE_RIGHT < self.column_width * CRAMPED
            with self.narrower(0 if flat else QUOTE_INDENT + QUOTE_RIGHT):  # a table or figure in it: as wide as its text
                for b in block.blocks:
                    inner.extend(self.block(b, s["quote"] if isinstance(b, model.Paragraph) else None))
            if flat:
                quote = Indented(inner, 0)
                quote.tag_group = Group("BlockQuote")
                return [quote]
            return [self._bar(inner, s.colours.rule)]
        if isinstance(block, model.CodeBlock):
            code = s["code"]
            box = CodeBox(block.text, code.fontName, code.fontSize, code.leading, s.colours, language=block.language)
            box.spaceBefore = box.spaceAfter = s.space * 0.5
            return [box]
        if isinstance(block, model.Rule):
            rule = 6 * s.space / s.leading
            return [HRFlowable(width="100%", thickness=0.6, color=s.colours.rule, spaceBefore=rule, spaceAfter=rule)]
        return []

    def paragraph(self, spans, style, width: float | None = None, looseness: int | None = None):
        """A body paragraph; justified ones are set by Knuth–Plass (`looseness` lines longer or
        shorter than best where they can be: to fill a hole, `document._fill_holes`)."""
        if style.alignment == TA_JUSTIFY:
            spans = self.linkable(spans)
            looseness = self.looseness if looseness is None else looseness
            set_ = set_lines(spans, style.fontName, style.fontSize, width or self.frame_width,
                             style.firstLineIndent, self.hyphenate, looseness=looseness,
                             tracking=self.s.tracking)
            if set_ is not None:
                return self._set(spans, style, set_, looseness=looseness)
        return self.text(spans, style)

    def text(self, spans, style, fit: float | None = None):
        """Text ReportLab sets (a heading, a table cell, a caption, a quote). A run of more than
        LONGEST_WORD characters with no space (a 1 MB "word") is set by the line breaker instead,
        flush left: ReportLab would break it character by character, measuring each, and again at
        every wrap and split of it, a time that grows with the square of its length. So is a
        table cell (`fit`: its width) with a word wider than the cell, an address or a long
        name: the line breaker breaks it at its own punctuation (ministry-of-|finance.org), where
        ReportLab would cut it anywhere (financ|e) or let it run over the next cell."""
        if _long_run(spans) or (fit is not None and _wider_word(spans, style, fit)):
            return SetParagraph(self.linkable(spans), style, self.hyphenate, self.link, tracking=self.s.tracking,
                                ragged=style.alignment != TA_JUSTIFY)
        return MeasuredParagraph(self.m(spans), directed(style, "".join(sp.text for sp in spans if not sp.code)))

    def _set(self, spans, style, lines, fixed: bool = False, looseness: int = 0) -> SetParagraph:
        return SetParagraph(spans, style, self.hyphenate, self.link, lines, fixed, self.s.tracking, looseness=looseness)

    def figure(self, figure: model.Figure):
        if self.figure_scale != 1.0:
            figure = dataclasses.replace(figure, width=figure.width * self.figure_scale)
        info = None
        if figure.resolved is not None:
            try:
                info = image_info(figure.resolved)
            except Exception as exc:  # Pillow raises many kinds for corrupt files
                raise NewsletterError.at(self.file, f"image '{figure.src}' cannot be read: {exc}",
                                         figure.line, 1, code="image") from None
        if _long_run(figure.caption) or sum(len(span.text) for span in figure.caption) > LONG_CAPTION:
            # set by the line breaker, flush left (the credit, if any, in the caption's colour)
            credit = [model.Span(" " + figure.credit)] if figure.credit else []
            caption = SetParagraph(self.linkable(figure.caption + credit), self.s["caption"], self.hyphenate,
                                   self.link, tracking=self.s.tracking, ragged=True)
        else:
            caption = self.m(figure.caption)
        if figure.credit and isinstance(caption, str):
            caption += f' <font color="{self.s.colours.hex["muted"]}">{markup([model.Span(figure.credit)], "")}</font>'
        return FigureBox(figure, caption, self.s, self.state, self.frame_height * 0.55, info, grid=self.grid,
                         frame_height=self.frame_height)

    def list_block(self, block: model.ListBlock, width: float | None = None, style=None):
        """A list in the body's style, or in `style` (the text of a callout box).

        Each item is an `Indented` group with its bullet or number: it splits at any line, in
        any frame, keeping its indent, and its label stays on the part that starts the item."""
        nested = style
        style = style or (self.s["report_list"] if self.compact else self.s["list"])
        colours = self.s.colours
        font, size = self.s.fonts["sans-bold"], style.fontSize
        marks, indent = lists.labels(block, font, size)  # (the column as wide as the widest number)
        # nested so deep that one more indent would leave less than CRAMPED of the column: the
        # items go on at this indent, each with its label as the first word of its text
        flat = (width or self.frame_width) - indent < self.column_width * CRAMPED
        if flat:
            indent = 0
        inner = (width or self.frame_width) - indent
        items, leaves = [], []
        # a list whose first item reads right to left (Arabic, Hebrew) has its bullets on the right
        first = next((b for item in block.items for b in item if isinstance(b, model.Paragraph)), None)
        rtl = first is not None and direction(plain_text(first.spans)) == "R"
        for n, item in enumerate(block.items):
            label, offset = marks[n]
            if flat and item and isinstance(item[0], model.Paragraph):
                item = [dataclasses.replace(item[0], spans=[model.Span(label + "\u00a0")] + list(item[0].spans))] + \
                    list(item[1:])
            flow = self._item_flow(item, style, inner, nested)
            items.append(Indented(flow or [MeasuredParagraph("", style)], indent,
                                  label=None if flat else (label, font, size, colours.accent), rtl=rtl,
                                  label_offset=offset))
            items[-1].tag_group = "container"
            # its opening (a link's title, one or two lines) never ends a column alone; before a
            # nested list, two lines may, as a paragraph before a list would
            items[-1].keep_first = 0 if len(flow) < 2 else 1 if len(item) > 1 and isinstance(item[1], model.ListBlock) else 2
            leaves += list_items.note(block, n, flow, None if flat else items[-1], lists.numbering(block))
        # half a line above and below: together one line of the grid (none for a nested list)
        space = 0 if width else style.leading * 0.5
        listed = Indented(items, 0, space_before=space, space_after=space)
        listed.tag_group, listed.tag_leaves = "container", leaves  # a nested list is in its item's LBody
        return listed

    def _item_flow(self, blocks, style, inner: float, nested=None) -> list:
        """The flowables of a list item's (or a definition's) blocks, `inner` pt wide: paragraphs
        in `style`, a nested list in the same, anything else (a table, a definition list) within
        the indent. A paragraph after a paragraph of the item (a loose list's) is set half a line
        below it, as the items of a list are apart from the text around them."""
        flow = []
        for n, b in enumerate(blocks):
            if isinstance(b, model.Paragraph):
                follows = n > 0 and isinstance(blocks[n - 1], model.Paragraph)
                flow.append(self.paragraph(b.spans, _spaced(style) if follows else style, inner))
            elif isinstance(b, model.ListBlock) and not isinstance(b, model.Definitions):
                flow.append(self.list_block(b, inner, nested))
            else:
                with self.narrower(self.frame_width - inner):  # a table in an item: within its indent
                    flow.extend(self.block(b, nested))
        return flow

    def definitions(self, block: model.Definitions, style=None) -> Indented:
        """A definition list, in the body's list style or in `style` (a callout box's text): each
        term in bold, on a line of its own, its definitions under it indented as a list's items
        are. A term never ends a column without its definition."""
        nested = style
        style = style or (self.s["report_list"] if self.compact else self.s["list"])
        items = []
        for item in block.items:  # (its term first: content/markdown.py)
            if not item:
                continue
            term, rest = item[0], item[1:]
            flow = self._item_flow(rest, style, self.frame_width - DEFINITION_INDENT, nested)
            body = Indented(flow, DEFINITION_INDENT)
            body.tag_group = "container"
            entry = Indented([self.text(term.spans, style)] + ([body] if flow else []), 0)
            entry.tag_group, entry.keep_first = "container", 2
            items.append(entry)
        space = style.leading * 0.5
        listed = Indented(items, 0, space_before=space, space_after=space)
        listed.tag_group = Group("Div")  # (its parts share it)
        return listed

    def boxed(self, title: str, blocks) -> Table:
        s = self.s
        rows = []
        if title:
            rows.append([MeasuredParagraph(markup([model.Span(title)], self.link), s["callout_title"])])
        for b in blocks:
            with self.narrower(BOX_PADDING * 2):  # inside the box's padding
                if isinstance(b, model.Definitions):  # in the box's own type, like its paragraphs
                    flow = [self.definitions(b, style=s["callout"])]
                elif isinstance(b, model.ListBlock):
                    flow = [self.list_block(b, style=s["callout"])]
                else:
                    flow = self.block(b, s["callout"] if isinstance(b, model.Paragraph) else None)
            for f in flow:
                rows.append([f])
        # a box splits at any line of its text, as a paragraph does (at least 2 lines each side)
        table = Box(rows or [[""]], colWidths=[self.box_width], hAlign="LEFT", splitInRow=2 * s.leading,
                    renderCB=TableTags(role="Div"))
        table.setStyle(table_style(s, [
            ("BACKGROUND", (0, 0), (-1, -1), s.colours.tint),
            ("LINEBEFORE", (0, 0), (0, -1), 3, s.colours.secondary),
            ("LEFTPADDING", (0, 0), (-1, -1), BOX_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), BOX_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, 0), 9), ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
        ]))
        table.spaceBefore, table.spaceAfter = s.space * 0.5, s.space
        return table

    @contextmanager
    def narrower(self, by: float):
        """The blocks made inside it are laid out for a column `by` pt narrower (inside a quote, a
        list item or a box): a table's columns, a figure's width and the lines set for a paragraph."""
        saved = self.frame_width
        self.frame_width = max(saved - by, 36.0)
        try:
            yield
        finally:
            self.frame_width = saved

    def _bar(self, flowables, colour) -> Indented:
        """A block quote: its text indented beside a rule, on both sides of any split."""
        quote = Indented(flowables, QUOTE_INDENT, bar=(2, colour), right=QUOTE_RIGHT, pad=3)
        quote.tag_group = Group("BlockQuote")  # (its parts share it)
        return quote


def _wider_word(spans, style, width: float) -> bool:
    """Whether a word of the text is wider than `width` in the style, each in its span's face."""
    if any(span.soft_break for span in spans):
        return False
    return any(len(word) > 8 and fallback.width(word, face_of(style.fontName, span), style.fontSize) > width
               for span in spans for word in span.text.split())


def _long_run(spans) -> bool:
    """Whether the text holds a run of more than LONGEST_WORD characters with no space (and no
    line break, which the line breaker leaves to ReportLab)."""
    return any(len(word) > LONGEST_WORD for span in spans for word in span.text.split()) \
        and not any(span.soft_break for span in spans)

