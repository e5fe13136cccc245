"""Assemble the story of an issue (cover, contents, sections) and lay it out into a PDF."""

from __future__ import annotations

import calendar
import io
import os
import time
from dataclasses import dataclass, field

from reportlab.lib.utils import TimeStamp
from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import BalancedColumns, HRFlowable

from newsletter_cli.content import model
from newsletter_cli.errors import NewsletterError
from newsletter_cli.layout import fallback, fitcache, holes, linespaces, parcache, pdfobjects
from newsletter_cli.layout.bidi import direction
from newsletter_cli.layout.blocks import HEADING_STYLES, BlockRenderer
from newsletter_cli.layout.flowables import Anchor, ArticleEnd, AnchoredParagraph, LayoutState, Opener, TocEntry
from newsletter_cli.layout.markup import markup, plain
from newsletter_cli.layout.pages import BAND, IN_ROW_SPLIT, Geometry, NewsletterDoc, page_templates
from newsletter_cli.layout.preflight import Collector, MeasuredParagraph, collecting
from newsletter_cli.layout.styles import directed, make_styles
from newsletter_cli.layout.tables import table_style
from newsletter_cli.layout.tagging import TableTags
from newsletter_cli.pdf.fixup import stream_eols

linespaces.install()  # ReportLab's paragraphs keep the space each line broke at (for text extraction)


LEAD_WORDS = 70  # a feature's first paragraph is set as its lead when it is this short
MIN_FIGURE_SCALE = 0.6  # copyfitting shrinks an article's figures to no less than this


@dataclass
class Layout:
    pdf: bytes
    pages: int
    page_map: dict[str, int]  # anchor key -> page number
    article_pages: dict[str, list[int]] = field(default_factory=dict)  # article slug -> its pages
    findings: list = field(default_factory=list)  # preflight findings
    counts: dict[str, int] = field(default_factory=dict)  # preflight findings per check
    figure_heights: dict[str, float] = field(default_factory=dict)  # article slug -> pictures' height
    frame_height: float = 0.0
    leading: float = 0.0
    canvas: object = field(default=None, repr=False, compare=False)  # laid out, its PDF not yet written
    buffer: object = field(default=None, repr=False, compare=False)
    meta: dict = field(default_factory=dict, repr=False, compare=False)  # for the XMP metadata
    standards: tuple[str, ...] = ()  # what the PDF claims to conform to
    collector: object = field(default=None, repr=False, compare=False)  # the preflight's, with what it placed

    def finish(self, claims: bool = True) -> "Layout":
        """Write the PDF bytes: tagged, with its metadata, claiming PDF/UA-1 and PDF/A-2a unless
        `claims` is off. Only the layout that is kept is written: a copyfitting pass that
        replaces another spares serialising the first."""
        if self.canvas is not None:
            pdfobjects.write(self.canvas, self.meta, claims)
            self.canvas.save()
            self.pdf, self.canvas, self.buffer = stream_eols(self.buffer.getvalue()), None, None
            self.standards = pdfobjects.STANDARDS if claims else ()
        return self


def render(issue: model.Issue, theme, sections: list[model.Section] | None = None,
           first_page: int | None = None, continued: bool = False, claims: bool = True) -> Layout:
    """Lay out `issue` and return the PDF bytes.

    With `sections` and `first_page` (a preview), only those sections are laid out, without
    cover and contents, and the first page is numbered `first_page`, as in the full issue.
    `continued`: the first section given goes on from an earlier page (an article preview
    that is not its section's first): no section band, and kickers as in the issue.

    An article that ends with a few lines alone on its last page (a runt page) is set again
    with smaller figures, or its paragraphs a line shorter where they can be, and the issue
    laid out once more. The decision is remembered for each article (`_fit_units`), so a
    build lays out twice only when an article not seen before, or edited, ends in a runt.
    """
    parcache.STORE.use(issue.manifest_file)  # the set paragraphs remembered for this issue
    fallback.reset_used()  # the back cover names the faces this layout drew with
    if sections is None:
        parcache.STORE.used_all()  # the whole issue is set: paragraphs since edited can go
    sections = issue.sections if sections is None else sections
    decided: dict[str, float] = {}  # article slug -> figure scale, remembered
    undecided: list[tuple[str, set[str]]] = []  # (fitcache key, its articles' slugs)
    for memo, slugs in _fit_units(issue, theme, sections, continued):
        known = fitcache.load(memo)
        if known is None or not set(known) <= slugs:
            undecided.append((memo, slugs))
        else:
            decided.update(known)
    layout = _render(issue, theme, sections, first_page, continued, decided)
    open_slugs = set().union(*(slugs for _, slugs in undecided))
    fits = {slug: scale for slug, scale in _copyfits(layout).items() if slug in open_slugs}
    helped: dict[str, float] = {}
    tighter = _render(issue, theme, sections, first_page, continued, {**decided, **fits}) if fits else None
    decisions = {}
    for memo, slugs in undecided:
        tried = {slug: scale for slug, scale in fits.items() if slug in slugs}
        better = bool(tried) and _runts(tighter, slugs) < _runts(layout, slugs)
        decisions[memo] = tried if better else {}  # {}: copyfitting did not help, lay out as is
        helped.update(decisions[memo])
    fitcache.save(decisions)
    if helped and helped != fits:  # it helped some articles and not others: lay out with the former only
        tight = {**decided, **helped}
        layout = _render(issue, theme, sections, first_page, continued, tight)
    elif helped:
        tight, layout = {**decided, **fits}, tighter
    else:
        tight = decided
    # a page ending short in mid-article: paragraphs on it set a line longer (or shorter), see holes.py
    layout = holes.fill(layout, lambda loosen: _render(issue, theme, sections, first_page, continued, tight, loosen))
    return layout.finish(claims)


def _fit_units(issue: model.Issue, theme, sections: list[model.Section], continued: bool):
    """(fitcache key, slugs) of each part of the issue whose copyfitting is decided on its own: an
    article that starts on a page of its own, or a whole section whose articles run on."""
    fonts = sorted(parcache.file_stamp(str(path)) for faces in theme.fonts.values() for path in faces.values())
    common = (issue.paper, issue.language, theme, fonts)  # a font file changed in place decides anew
    for n, section in enumerate(sections):
        spec = theme.layouts.get(section.kind)
        runs_on = spec is not None and (spec.columns > 1 or spec.article_break != "page")
        opens = not (continued and n == 0)
        if runs_on:
            yield (fitcache.key((common, section, opens), section.articles),
                   {a.slug for a in section.articles})
            continue
        for i, article in enumerate(section.articles):
            yield (fitcache.key((common, section.title, section.kind, opens and i == 0, article), [article]),
                   {article.slug})


def _runts(layout: "Layout", slugs: set[str]) -> int:
    return sum(1 for f in layout.findings if f.check == "near-empty-page" and f.article in slugs)


def _copyfits(layout: "Layout") -> dict[str, float]:
    """Articles whose last page is near-empty -> the scale of their figures that pulls it back.

    The figures shrink by the height of the runt and two lines more, to at most 60% of
    their size; an article without figures keeps them (1.0) and is only set tighter.
    """
    out = {}
    for finding in layout.findings:
        pages = layout.article_pages.get(finding.article)
        if finding.check != "near-empty-page" or not pages or pages[-1] != finding.page:
            continue
        runt = finding.filled * layout.frame_height + 2 * layout.leading
        pictures = layout.figure_heights.get(finding.article, 0.0)
        out[finding.article] = min(max(1 - runt / pictures, MIN_FIGURE_SCALE), 1.0) if pictures else 1.0
    return out


def _render(issue: model.Issue, theme, sections: list[model.Section], first_page: int | None,
            continued: bool, tighten: dict[str, float], loosen: dict | None = None) -> "Layout":
    preview = first_page is not None
    styles = make_styles(theme, issue.language)
    fonts = styles.fonts
    state = LayoutState(tighten=tighten, loosen=loosen or {})
    state.article_files = {a.slug: a.source_file for sec in sections for a in sec.articles}
    if preview:
        state.anchors = {x.slug for sec in sections for x in [sec, *sec.articles]} | {
            h.anchor for sec in sections for a in sec.articles for h in model.headings(a.blocks) if h.anchor}
    geo = Geometry(theme, issue.paper)
    story, number_keys = [], []
    if not preview:
        story += cover_story()
        story += contents_story(issue, sections, styles, number_keys)
    for n, section in enumerate(sections):
        story += section_story(section, styles, state, geo, continued=continued and n == 0)
    if not preview:
        story += [NextPageTemplate("back"), PageBreak(), Spacer(1, 1)]
    templates = page_templates(issue, theme, styles, state, geo)
    if preview and sections:
        # start directly on the first section's opening page: no leading page break
        story = story[2:]
        first = sections[0].kind if continued else f"{sections[0].kind}-first"
        templates.sort(key=lambda t: t.id != first)

    buffer = io.BytesIO()
    meta = dict(title=f"{issue.publication} {issue.label} ({issue.period})", author=issue.publisher.name,
                subject=f"{issue.publication}, {issue.label}, {issue.period}",
                keywords=", ".join(issue.keywords), creator="newsletter", producer="newsletter (ReportLab)")
    doc = NewsletterDoc(
        buffer, state, styles, number_keys, pagesize=(geo.width, geo.height),
        leftMargin=geo.inner, rightMargin=geo.outer, topMargin=geo.top, bottomMargin=geo.bottom,
        lang=issue.language, invariant=1, displayDocTitle=1, **meta,
    )
    doc.addPageTemplates(templates)
    doc._timestamp = timestamp(issue)
    collector = Collector(state)
    collector.frame_top = geo.height - geo.top
    collector.frame_bottom = geo.bottom
    collector.leading = styles.leading
    try:
        with collecting(collector):
            doc.build(story, canvasmaker=_canvas_maker(doc._timestamp, fonts["serif"], first_page or 1))
    except LayoutError as exc:
        raise _located(exc, issue, state) from None
    except ValueError as exc:
        if "cannot make initial split" not in str(exc):  # BalancedColumns' way of saying LayoutError
            raise
        raise _located(exc, issue, state) from None
    starts = [state.page_map[s.slug] for s in sections if s.slug in state.page_map]
    last = (first_page or 1) + doc.page - 1 - (0 if preview else 1)  # the back cover is no content
    findings = collector.finish(last, starts, starts[0] if starts else 1)
    return Layout(b"", doc.page, dict(state.page_map), dict(state.article_pages),
                  findings, collector.counts(), dict(state.figure_heights),
                  geo.height - geo.top - geo.bottom, styles.leading, doc.canv, buffer,
                  dict(meta, language=issue.language, epoch=doc._timestamp), collector=collector)


def _located(exc: Exception, issue: model.Issue, state: LayoutState) -> NewsletterError:
    """A layout failure told at the source line of the element that could not be placed."""
    import re

    text = str(exc)
    for address in re.findall(r"0x[0-9a-fA-F]+", text):
        origin = state.origins.get(int(address, 16))
        if origin:
            return NewsletterError.at(origin[0], "this element does not fit on a page, even alone (a table "
                                      "cell, a figure or a box taller than the page?)", origin[1], 1,
                                      code="layout", hint="split the table row or the text, or shorten it")
    articles = {a.slug: a.source_file for a in issue.articles}
    where = articles.get(state.current_article, issue.manifest_file)
    return NewsletterError.at(where, "the layout could not place an element of this article (a bug: please "
                              "report it with the article)", code="layout",
                              hint="split the longest table row, box or list into smaller ones")


def timestamp(issue: model.Issue) -> int:
    """SOURCE_DATE_EPOCH if set, else noon UTC of the issue date: the same input, the same bytes."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        return int(env)
    return calendar.timegm(issue.date.timetuple()) + 12 * 3600


def _canvas_maker(epoch: int, font: str, first_page: int = 1):
    from newsletter_cli.layout.tagging import TaggedCanvas

    def make(*args, **kw):
        kw["initialFontName"] = font  # else every page names an unembedded Helvetica
        canv = TaggedCanvas(*args, **kw)
        canv._pageNumber = first_page
        stamp = TimeStamp(invariant=1)
        stamp.t = epoch
        stamp.lt = time.gmtime(epoch)
        stamp.YMDhms = tuple(stamp.lt)[:6]
        canv._doc._timeStamp = stamp
        return canv

    return make


def cover_story() -> list:
    return [Spacer(1, 1), NextPageTemplate("toc"), PageBreak()]


def contents_story(issue, sections, styles, number_keys: list[str]) -> list:
    title = issue.labels["contents"]
    story = [Paragraph(plain(title), directed(styles["toc_title"], title)),
             HRFlowable(width="100%", thickness=2.5, color=styles.colours.accent, spaceAfter=styles.leading)]
    for section in sections:
        story.append(TocEntry(section.slug, section.title.upper(), None, styles, level=0))
        number_keys.append(section.slug)
        single = len(section.articles) == 1 and section.articles[0].title == section.title
        if single:
            continue
        compact = section.kind == "reports"
        for article in section.articles:
            detail = None if compact else toc_detail(article)
            story.append(TocEntry(article.slug, article.title, detail, styles, compact=compact,
                                  origin=(article.source_file, article.field_lines.get("title", 1)),
                                  detail_origin=(article.source_file, _longest_detail_line(article))))
            number_keys.append(article.slug)
    return story


def _longest_detail_line(article: model.Article) -> int:
    """The front-matter line of the longest field of a contents entry's detail (where to shorten it)."""
    fields = {"authors": " · ".join(a.name for a in article.authors), "source": article.source or "",
              "dateline": article.dateline or ""}
    longest = max((k for k in fields if k in article.field_lines), key=lambda k: len(fields[k]), default=None)
    return article.field_lines.get(longest, 1) if longest else 1


def toc_detail(article: model.Article) -> str | None:
    parts = [a.name for a in article.authors]
    if article.source:
        parts.append(article.source)
    if article.dateline and not parts:
        parts.append(article.dateline)
    return " · ".join(parts) if parts else None


def section_story(section: model.Section, styles, state: LayoutState, geo: Geometry,
                  continued: bool = False) -> list:
    kind = section.kind
    spec = geo.layouts.get(kind)
    x, width = geo.column_box(kind)
    frame_h = geo.height - geo.top - geo.bottom
    story = [NextPageTemplate(kind if continued else f"{kind}-first"), PageBreak(), NextPageTemplate(kind),
             Anchor(state, section.slug, [(section.title, 0)], section=(section.title, kind),
                    opens=not continued)]
    columns = spec.columns if spec else 1
    if columns > 1:
        col_width = (width - spec.gutter * (columns - 1)) / columns
        inner = []
        for i, article in enumerate(section.articles):
            inner += report_story(article, section, styles, state, col_width, frame_h,
                                  first=i == 0 and not continued, span_width=width)
        for across, part in _across_columns(inner):
            if across:  # a wide table (and the heading or title held with it): across the columns
                story.extend(part)
                continue
            for f in part:
                _split_tall_rows(f, col_width, frame_h)
            story.append(BalancedColumns(part, nCols=columns, innerPadding=spec.gutter, leftPadding=0,
                                         rightPadding=0, topPadding=0, bottomPadding=0, endSlack=0.1))
        story.append(ArticleEnd(state))
        return story
    page_breaks = spec is None or spec.article_break == "page"
    for i, article in enumerate(section.articles):
        if i > 0 and page_breaks:
            story.append(PageBreak())
        story += article_story(article, section, styles, state, width, frame_h, first=i == 0 and not continued)
        story.append(ArticleEnd(state))
    return story


def _across_columns(flowables: list) -> list[tuple[bool, list]]:
    """The flowables in runs: (True, a table set across the columns, with the opener that holds
    its heading or the article's title), (False, what goes in balanced columns)."""
    runs: list[tuple[bool, list]] = []
    for f in flowables:
        across = getattr(f, "across_columns", False) or (
            isinstance(f, Opener) and getattr(f.body, "across_columns", False))
        if runs and runs[-1][0] == across:
            runs[-1][1].append(f)
        else:
            runs.append((across, [f]))
    return runs


def _split_tall_rows(f, width: float, frame_h: float) -> None:
    """A table (or box) with a row taller than a column may split inside its rows: balanced
    columns place their content without the document's fallbacks (pages.NewsletterDoc)."""
    if not isinstance(f, Table) or f.splitInRow:
        return
    f.wrap(width, 1e9)
    if max(f._rowHeights or [0]) > frame_h * 0.9:
        f.splitInRow = IN_ROW_SPLIT


def article_story(article, section, styles, state, width, frame_h, first: bool) -> list:
    s = styles
    kind = section.kind
    render_blocks = BlockRenderer(s, state, False, width, frame_h, article.source_file,
                                  fit=state.tighten.get(article.slug))
    outline = [(article.title, 1)]
    head: list = [Anchor(state, article.slug, outline)]
    same_as_section = article.title == section.title
    if not same_as_section:
        # the band names the section on its first page; later openers carry it in the kicker
        kicker = [] if first else [section.title]
        if article.source:
            kicker.append(article.source)
        if kicker:
            head.append(Paragraph(plain("  ·  ".join(kicker).upper()), s["kicker"]))
        head.append(MeasuredParagraph(plain(article.title), directed(s["title"], article.title)))
    if article.subtitle:
        head.append(Paragraph(plain(article.subtitle), directed(s["subtitle"], article.subtitle)))
    if article.dateline:
        head.append(Paragraph(plain(article.dateline), directed(s["dateline"], article.dateline)))
    if article.authors:
        head.append(byline_box(article.authors, s, width))
    elif not same_as_section:
        head.append(HRFlowable(width="100%", thickness=0.6, color=s.colours.rule, spaceBefore=2,
                               spaceAfter=s.leading * 0.75))
    if article.lead_image:
        head.append(render_blocks.figure(article.lead_image))
    first_para = next((b for b in article.blocks if isinstance(b, model.Paragraph)), None)
    first_text = "".join(sp.text for sp in first_para.spans) if first_para is not None else ""
    # (in characters too: a lead is set ragged by ReportLab, whose breaking of one huge word is slow)
    short = first_para is not None and len(first_text.split()) <= LEAD_WORDS and len(first_text) <= LEAD_WORDS * 12
    lead_style = s["lead"] if kind == "features" and short else None
    body = render_blocks.render(article.blocks, first_style=lead_style)
    story = opener(head, body)
    story[0]._origin = (article.source_file, 1)
    if article.signature:
        story.append(signature_block(article.signature, s))
    return story


def report_story(article, section, styles, state, width, frame_h, first: bool,
                 span_width: float | None = None) -> list:
    s = styles
    render_blocks = BlockRenderer(s, state, True, width, frame_h, article.source_file,
                                  fit=state.tighten.get(article.slug), span_width=span_width)
    head: list = []
    if not first:
        head.append(HRFlowable(width="100%", thickness=0.6, color=s.colours.rule, spaceBefore=s.leading * 0.5,
                               spaceAfter=s.leading * 0.25))
    if article.source:  # (as in the other kinds: the contributor's credit above the title)
        head.append(Paragraph(plain(article.source.upper()), s["kicker"]))
    title_style = s["report_title_kicked" if article.source else "report_title"]
    head.append(AnchoredParagraph(plain(article.title), directed(title_style, article.title), state,
                                  article.slug,
                                  [(article.title, 1)]))
    if article.subtitle:
        head.append(Paragraph(plain(article.subtitle), directed(s["report_subtitle"], article.subtitle)))
    if article.dateline:
        head.append(Paragraph(plain(article.dateline), s["report_dateline"]))
    if article.authors:  # (each with its role, as the byline box of the other kinds has it)
        link = s.colours.hex["secondary"]
        names = "; ".join(plain(", ".join(filter(None, (a.name, a.role)))) + (
            " " + markup([model.Span(f"<{a.email}>", href=f"mailto:{a.email}")], link) if a.email else "")
            for a in article.authors)
        head.append(Paragraph(names, s["report_dateline"]))
    if article.lead_image:
        head.append(render_blocks.figure(article.lead_image))
    body = keep_headings(render_blocks.render(article.blocks))
    story = opener(head, body)
    if article.signature:
        story.append(signature_block(article.signature, s))
    return story


def opener(head: list, body: list) -> list:
    """The article's head held with the start of its body (an `Opener`), then the rest of the
    body. Spaces the body begins with (above a table) go with the head: held with a space
    alone, the title would end a column with the table in the next."""
    spaces = 0
    while spaces < len(body) - 1 and isinstance(body[spaces], Spacer):
        spaces += 1
    return [Opener(head + body[:spaces], body[spaces] if body else None)] + body[spaces + 1:]


def keep_headings(flowables: list) -> list:
    """Each heading (and the spaces after it) held with the start of what follows, as an Opener:
    balanced columns do not honour keepWithNext, and a heading must not end a column."""
    out: list = []
    i = 0
    while i < len(flowables):
        j = i
        while j < len(flowables) and (_is_heading(flowables[j]) or (j > i and isinstance(flowables[j], Spacer))):
            j += 1
        if j > i and j < len(flowables):
            out.append(Opener(flowables[i:j], flowables[j]))
            out[-1]._origin = getattr(flowables[i], "_origin", None)
            i = j + 1
            continue
        out.extend(flowables[i:max(j, i + 1)])
        i = max(j, i + 1)
    return out


_HEADINGS = {name for levels in HEADING_STYLES.values() for name in levels.values()}


def _is_heading(f) -> bool:
    style = getattr(f, "style", None)
    return getattr(style, "name", "") in _HEADINGS


def byline_box(authors: list[model.Author], s, width: float) -> Table:
    """The authors in a tinted box with an accent rule on the side their names start from (the
    right, for names that read right to left)."""
    rows = []
    link = s.colours.hex["secondary"]
    for author in authors:
        cell = [Paragraph(plain(author.name), directed(s["byline_name"], author.name))]
        detail = []
        if author.role:
            detail.append(plain(author.role))
        if author.email:
            detail.append(markup([model.Span(author.email, href=f"mailto:{author.email}")], link))
        if detail:
            cell.append(Paragraph("<br/>".join(detail), directed(s["byline_role"], author.role or "")))
        rows.append([cell])
    table = Table(rows, colWidths=[width * (1 - 1e-6)], hAlign="LEFT", renderCB=TableTags(role="Div"))
    from_right = direction(authors[0].name) == "R"
    table.setStyle(table_style(s, [
        ("BACKGROUND", (0, 0), (-1, -1), s.colours.tint),
        ("LINEAFTER" if from_right else "LINEBEFORE", (0, 0), (0, -1), 3, s.colours.accent),
        ("RIGHTPADDING" if from_right else "LEFTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    table.spaceBefore, table.spaceAfter = 2, s.leading
    return table


def signature_block(sig: model.Signature, s) -> Opener:
    parts = [Spacer(1, s.leading)]
    if sig.closing:
        parts += [Paragraph(plain(sig.closing), directed(s["signature"], sig.closing)), Spacer(1, s.leading * 1.5)]
    from_right = direction(sig.name) == "R"  # (a name in Arabic or Hebrew: its rule and lines flush right)
    parts.append(HRFlowable(width=40, thickness=1.5, color=s.colours.accent, hAlign="RIGHT" if from_right else "LEFT",
                            spaceAfter=4))
    parts.append(Paragraph(plain(sig.name), directed(s["signature_name"], sig.name)))
    if sig.title:
        parts.append(Paragraph(plain(sig.title), directed(s["signature_title"], sig.title)))
    return Opener(parts)  # kept whole, also inside balanced columns (where KeepTogether breaks)


__all__ = ["render", "Layout", "BAND"]
