"""Checks that need both the issue and its theme, without laying anything out (no ReportLab).

- glyphs: every character of every printed title, name and body is drawn by the theme's
  fonts (read with `fontcheck`), reported with the character, its code point and location;
- resolution: an image prints at 150 ppi or more at the width the layout will give it;
- anchors: an in-document link `[text](#name)` names a section or article that exists.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from newsletter_cli.content import model
from newsletter_cli.errors import Report
from newsletter_cli.source.manifest import Loaded, unique_name
from newsletter_cli.theme.brand import MM, Theme, column_width, frame_height
from newsletter_cli.theme.fontcheck import FontError, covered_by_all, font_info
from newsletter_cli.theme.undrawn import UNDRAWN

MIN_PPI = 150
FIGURE_MAX_HEIGHT = 0.55  # share of the frame height a figure may take (layout/blocks.py)
# Not drawn as glyphs: line breaks, tabs, soft hyphen, and what the layout drops (undrawn.py)
IGNORED = {"\n", "\r", "\t", "\u00ad", *UNDRAWN}
SEARCH_LINES = 400  # how far below a block's first line a character is looked for


def run(loaded: Loaded, theme: Theme, report: Report) -> None:
    check_glyphs(loaded, theme, report)
    check_resolution(loaded, theme, report)
    check_anchors(loaded, report)


# --- glyphs ------------------------------------------------------------------------------------

def check_glyphs(loaded: Loaded, theme: Theme, report: Report) -> None:
    """Every character is drawn by every family of the theme: by all its faces, or by one of
    its fallback faces (which are read only when a character needs them)."""
    families = [(list(faces.values()), theme.fallback.get(role, [])) for role, faces in theme.fonts.items()]
    try:
        cmaps = [(covered_by_all(faces), chain) for faces, chain in families]
    except FontError:
        return  # the theme check has reported the font already

    def drawn(code_point: int) -> bool:
        return all(code_point in cmap or any(code_point in _coverage(path) for path in chain)
                   for cmap, chain in cmaps)
    found: dict[tuple[str, str], list[tuple[int, int | None]]] = {}  # (file, char) -> places
    fine: set[str] = set()  # characters the fonts draw, or that are not drawn: each is judged once

    def look(text: str, file: str, line: int, col: int | None) -> None:
        for char in set(text) - fine:
            if char in IGNORED or unicodedata.category(char) == "Cc" or drawn(ord(char)):
                fine.add(char)
                continue
            for place in _places(loaded.sources.get(file), char, line, col, text.count(char)):
                found.setdefault((file, char), []).append(place)

    for item in loaded.printed:
        look(item.text, item.file, item.line, item.col)
    for _, article in loaded.articles:
        for block, text in model.block_texts(article.blocks):
            look(text, article.source_file, block.line, None)
    for (file, char), places in found.items():
        places = sorted(set(places), key=lambda p: (p[0], p[1] or 0))
        line, col = places[0]
        more = len(places) - 1
        name = unicodedata.name(char, "")
        shown = repr(char)[1:-1] if not char.isprintable() else char
        message = f"the theme's fonts have no glyph for '{shown}' (U+{ord(char):04X}{' ' + name if name else ''})"
        if more:
            message += f"; it is used {more} more time{'s' if more > 1 else ''} in this file"
        report.error(file, message, line, col, code="glyph", hint=_glyph_hint(char))


def _coverage(path: Path):
    """The characters of a fallback font; none when it cannot be read (it then draws nothing)."""
    try:
        return font_info(path).coverage
    except FontError:
        return ()


def _glyph_hint(char: str) -> str:
    category = unicodedata.category(char)
    if category == "So" or ord(char) >= 0x1F000:
        return "remove the symbol or emoji, or write what it means in words (or add a font that has it to " \
            "the theme's 'fallback' list)"
    if category.startswith("Z"):
        return "replace it with an ordinary space"
    return "replace it with a character the fonts have, or add a font that has it to the theme's 'fallback' list"


def _places(lines: list[str] | None, char: str, line: int, col: int | None, count: int):
    """Where `char` is in the source, from `line` (and `col`) down: up to `count` places."""
    places: list[tuple[int, int | None]] = []
    written = _written(char)  # the character as typed, or as a reference: &#x202e; &#8238; &rlm;
    if lines:
        for number in range(line, min(len(lines), line + SEARCH_LINES) + 1):
            source = lines[number - 1]
            start = (col - 1) if (number == line and col) else 0
            for found in written.finditer(source, start):
                if len(places) >= count:
                    break
                places.append((number, found.start() + 1))
            if len(places) >= count:
                break
    return places or [(line, col)]


def _written(char: str):
    """A pattern for `char` as a source text may write it: itself, or an HTML-style character
    reference (decimal, hexadecimal or named), which Markdown turns into the character."""
    import html.entities
    import re

    forms = [re.escape(char), rf"&#0*{ord(char)};", rf"&#[xX]0*(?i:{ord(char):x});"]
    forms += [re.escape("&" + name) for name, value in html.entities.html5.items()
              if value == char and name.endswith(";")]
    return re.compile("|".join(forms))




# --- placeholders left by `newsletter new` ------------------------------------------------------

PLACEHOLDER = re.compile(r"\[[A-Z][^\[\]\n]{0,200}\]")  # [Headline of issue 77: …], [Author's name]
TEMPLATE_OPENING = "Replace this paragraph with the "  # every template article's text (scaffold.GUIDANCE)


def check_placeholders(loaded: Loaded, report: Report) -> None:
    """A `[bracketed]` placeholder in a printed field, or a template article's guidance text, is
    a warning: the issue builds, and `--strict` refuses it until every one is replaced."""
    seen: set = set()  # a field printed twice (and upper-cased on the cover) is one placeholder
    for item in loaded.printed:
        found = PLACEHOLDER.search(item.text)
        if found and (item.file, item.line, item.col) not in seen:
            seen.add((item.file, item.line, item.col))
            line, col = item.line, item.col
            lines = loaded.sources.get(item.file)
            if lines and 1 <= line <= len(lines):
                at = lines[line - 1].find(found.group(0))
                col = at + 1 if at >= 0 else col
            report.warning(item.file, f"placeholder '{found.group(0)[:80]}' is still here", line, col,
                           code="placeholder", hint="replace it with the real text (see `newsletter new`)")
    for _, article in loaded.articles:
        for block, text in model.block_texts(article.blocks):
            if text.lstrip().startswith(TEMPLATE_OPENING):
                report.warning(article.source_file, "the template's guidance text is still here", block.line, 1,
                               code="placeholder", hint="replace the paragraph with the article's text")


# --- image resolution --------------------------------------------------------------------------

def check_resolution(loaded: Loaded, theme: Theme, report: Report) -> None:
    for kind, article in loaded.articles:
        width = column_width(theme, loaded.paper, kind or "features")
        max_height = frame_height(theme, loaded.paper) * FIGURE_MAX_HEIGHT
        for figure in article.figures():
            if figure.resolved is None:
                continue
            measured = loaded.images.get(figure.resolved)  # (problem, pixels), from images.check_image
            pixels = measured[1] if measured else _pixel_size(figure.resolved)
            if pixels is None:
                continue
            px_w, px_h = pixels
            placed_w = width * figure.width
            if placed_w / (px_w / px_h) > max_height:  # scaled down to fit the height
                placed_w = max_height * px_w / px_h
            ppi = px_w / (placed_w / 72)
            if ppi >= MIN_PPI:
                continue
            lines = loaded.sources.get(article.source_file)
            col = None
            if lines and 1 <= figure.line <= len(lines):
                at = lines[figure.line - 1].find(figure.src)
                col = at + 1 if at >= 0 else None
            needed = math.ceil(MIN_PPI * placed_w / 72)
            share = math.floor(100 * px_w / MIN_PPI * 72 / width)
            hint = f"supply an image at least {needed} pixels wide"
            if 10 <= share < round(figure.width * 100):
                hint += f", or set it smaller ({{width={share}%}} or less)"
            report.warning(article.source_file, f"image '{figure.src}' is {px_w}×{px_h} pixels: "
                           f"placed {placed_w / MM:.0f} mm wide it prints at {ppi:.0f} ppi, below {MIN_PPI} ppi",
                           figure.line, col, code="resolution", hint=hint)


def _pixel_size(path: Path) -> tuple[int, int] | None:
    """For an image the content check did not measure (it measures every image it accepts)."""
    from PIL import Image

    from newsletter_cli.content.imageorient import displayed, orientation

    try:
        with Image.open(path) as img:  # reads the header only; the file was checked already
            return displayed(img.width, img.height, orientation(img))
    except Exception:  # noqa: BLE001 - the image check reported it
        return None


# --- in-document links -------------------------------------------------------------------------

def check_anchors(loaded: Loaded, report: Report) -> None:
    """`[text](#name)` leads to a heading of its own article (`#totals` to "## Totals", as GitHub
    names headings), else to the one heading of that name in another article, else to a section
    or an article. A link that leads nowhere is a warning and its text is printed without the
    link: ReportLab would fail on a missing destination (a web export's `#footnote-1`, a table
    of contents of another page's headings)."""
    anchors = sorted(loaded.anchors)
    taken = set(loaded.anchors)
    own: dict[int, dict[str, model.Heading]] = {}  # id(article) -> its headings by name
    everywhere: dict[str, list[tuple[str, model.Heading]]] = {}  # name -> (article slug, heading) in every article
    for _, article in loaded.articles:
        headings = own[id(article)] = {}
        lines = loaded.sources.get(article.source_file) or []
        for heading in model.headings(article.blocks):
            written = lines[heading.line - 1] if 0 < heading.line <= len(lines) else ""
            given = HEADING_ID.search(written)  # kramdown's and Pandoc's `## Totals {#totals-2024}`
            for name in [heading_slug("".join(span.text for span in heading.spans))] + ([given.group(1)] if given else []):
                if name not in headings:
                    headings[name] = heading
                    everywhere.setdefault(name, []).append((article.slug, heading))
    resolved = {h.anchor for found in everywhere.values() for _, h in found if h.anchor}
    for _, article in loaded.articles:
        headings = own[id(article)]
        lines = loaded.sources.get(article.source_file) or []
        for block, spans in _span_lists(article.blocks):
            for n, span in enumerate(spans):
                if not (span.href and span.href.startswith("#")):
                    continue
                name = span.href[1:]
                if name in resolved:
                    continue  # (resolved already: the same blocks checked again, as by `preview --watch`)
                found = _heading_for(name, headings, everywhere, article.slug)
                if found is not None and name not in loaded.anchors:
                    slug, heading = found
                    if heading.anchor is None:  # (only a heading a link leads to is a destination)
                        heading.anchor = unique_name(f"{slug}--{heading_slug(name) or 'heading'}", taken)
                        resolved.add(heading.anchor)
                    spans[n] = replace(span, href=f"#{heading.anchor}")
                    continue
                if name in loaded.anchors:
                    continue
                line, col = _find(lines, f"({span.href}", block.line)
                close = difflib.get_close_matches(name, anchors + sorted(headings), n=1, cutoff=0.6)
                hint = (f"did you mean '#{close[0]}'?" if close else
                        f"links inside the issue name a heading of the article, a section or an article, "
                        f"e.g. '#{anchors[0]}'" if anchors else None)
                shown = span.href if len(span.href) <= 81 else span.href[:80] + "…"
                report.warning(article.source_file, f"link '{shown}' leads nowhere: no heading of this "
                               f"article, section or article is called '{shown[1:]}'; its text is printed "
                               "without the link", line, col, code="anchor", hint=hint)
                spans[n] = replace(span, href=None)


def _heading_for(name: str, headings: dict, everywhere: dict, slug: str):
    """(article slug, heading) a link `#name` of article `slug` leads to: its own heading of that
    name, else the only one of another article; None if none (or several elsewhere)."""
    for key in (name, heading_slug(name)):
        if key in headings:
            return slug, headings[key]
    for key in (name, heading_slug(name)):
        elsewhere = everywhere.get(key, [])
        if len(elsewhere) == 1:
            return elsewhere[0]
    return None


HEADING_ID = re.compile(r"\{#([A-Za-z][\w:.-]{0,80})[^{}\n]{0,200}\}\s*$")


def heading_slug(text: str) -> str:
    """A heading's name in links, as GitHub makes it: "Totals for 2024!" is "totals-for-2024"."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _find(lines: list[str], needle: str, line: int) -> tuple[int, int | None]:
    for number in range(line, min(len(lines), line + SEARCH_LINES) + 1):
        at = lines[number - 1].find(needle)
        if at >= 0:
            return number, at + 2
    return line, None


def _span_lists(blocks):
    for block in blocks:
        if isinstance(block, (model.Paragraph, model.Heading)):
            yield block, block.spans
        elif isinstance(block, model.ListBlock):
            for item in block.items:
                yield from _span_lists(item)
        elif isinstance(block, model.Table):
            for cell in block.header + [c for row in block.rows for c in row]:
                yield block, cell.spans
            yield block, block.caption
        elif isinstance(block, model.Figure):
            yield block, block.caption
        elif isinstance(block, (model.Callout, model.PullQuote, model.Quote)):
            yield from _span_lists(block.blocks)
