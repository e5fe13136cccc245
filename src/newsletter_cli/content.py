"""Markdown -> content blocks.

markdown-it-py parses CommonMark with tables. Raw HTML is recognised only to be handled
here: HTML comments (`<!-- note to editors -->`, block or inline, over several lines) are
dropped; `<br>` in a table cell is a line break; any other tag, such as `<img src=…>` or
`<font …>`, is kept as the literal text the author typed (with a warning), and the lines of an
HTML block are read again as Markdown. Links are checked here (http, https, mailto and
#anchors only) and images resolved through `paths`.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from newsletter_cli import schema
from newsletter_cli.errors import NewsletterError, Report
from newsletter_cli.model import (Block, Callout, CodeBlock, Figure, Heading, ListBlock, Paragraph,
                                  PullQuote, Quote, Rule, Span, Table, TableCell)
from newsletter_cli.paths import exists, resolve_reference

CONTAINERS = ("callout", "caption", "pullquote")
MAX_TABLE_COLUMNS = 200  # the layout refuses wider tables too (layout/blocks.py); it sets wide ones in parts
ATTRS = re.compile(r"^\{([^{}]*)\}$")
ATTR = re.compile(r"([A-Za-z_-]*)=(\"[^\"]*\"|[^\s{}]+)")
ALLOWED_SCHEMES = ("http", "https", "mailto")
COMMENT = re.compile(r"<!--(?:-?>|.*?-->)", re.S)  # as CommonMark ends one: `<!-->` and `<!--->` too
BR_TAG = re.compile(r"^<br\s*/?>$", re.I)
TASK = re.compile(r"^\[([ xX])\](?:[ \t]+|$)")  # GitHub's task item: `- [ ] open`, `- [x] done`
HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(\s[^<>]*)?/?>")
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
CLOSING_FENCE = re.compile(r"^\s*:::+\s*$")
HTML_HINTS = {
    "b": "use **bold**", "strong": "use **bold**", "i": "use *italic*", "em": "use *italic*",
    "img": "a figure is ![caption](photo.jpg) alone in its paragraph",
    "a": "a link is [text](https://…)", "br": "write it as <br> alone to break the line",
}


@lru_cache(maxsize=2)
def markdown(html_blocks: bool = True):
    """The parser; without `html_blocks` for the lines of an HTML block, read again as Markdown."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])  # GitHub's tables and ~~struck through~~ text
    md.use(footnote_plugin)  # `[^1]` and `[^1]: the note`: the notes are set at the article's end
    if not html_blocks:
        md.disable("html_block")
    for name in CONTAINERS:
        md.use(container_plugin, name=name, validate=_validator(name))
    md.validateLink = lambda url: True  # we check every link ourselves, with a located error
    return md


def _validator(name):
    def validate(params: str, *args) -> bool:
        return params.strip().split(" ", 1)[0] == name
    return validate


class Context:
    """Where the Markdown came from, what it may reference, and where problems go."""

    def __init__(self, file: str, base_dir: Path, roots: list[Path], report: Report, line_offset: int = 0,
                 source_lines: list[str] | None = None, images: dict | None = None):
        self.file = file
        self.base_dir = base_dir
        self.roots = roots
        self.report = report
        self.line_offset = line_offset
        self.source_lines = source_lines  # every line of `file`, to find the column of a problem
        # image file -> (problem, pixels) as decoded by `check_image`, shared by the articles
        self.images = images if images is not None else {}

    def line_of(self, token) -> int:
        return (token.map[0] if token.map else 0) + 1 + self.line_offset

    def col_of(self, line: int, needle: str, default: int | None = 1) -> int | None:
        """1-based column of `needle` on source line `line`, or `default`."""
        if self.report.full(self.file):  # not listed: not worth a search along a megabyte line
            return default
        if self.source_lines and 1 <= line <= len(self.source_lines) and needle:
            found = self.source_lines[line - 1].find(needle)
            if found >= 0:
                return found + 1
        return default


def parse_markdown(text: str, ctx: Context) -> list[Block]:
    if ctx.source_lines is None:  # the body is the whole file below its front matter
        ctx.source_lines = [""] * ctx.line_offset + text.split("\n")
    tokens, _ = tokens_of(text)
    blocks, _ = _blocks(tokens, 0, ctx, closer=None)
    _unclosed_containers(tokens, text, ctx)
    return blocks


class Token:
    """What the block builder reads of a markdown-it token."""

    __slots__ = ("type", "tag", "map", "content", "info", "attrs", "children")

    def __init__(self, type, tag, map, content, info, attrs, children):
        if not (type.__class__ is tag.__class__ is content.__class__ is info.__class__ is str
                and attrs.__class__ is dict and (map is None or [x.__class__ for x in map] == [int, int])):
            raise ValueError("not a token")
        self.type, self.tag, self.map, self.content, self.info = type, tag, map, content, info
        self.attrs = attrs
        self.children = None if children is None else [Token(*child) for child in children]

    def attr(self, name: str):
        return self.attrs.get(name)


def tokens_of(text: str, html_blocks: bool = True) -> tuple[list[Token], bool]:
    """markdown-it's tokens of `text`, and whether it defines `[^label]:` references.

    The parse is remembered between builds (`sources.py`); a build whose articles have not
    changed does not even import markdown-it.
    """
    from newsletter_cli import sources

    key = sources.key(("markdown_it", "mdit_py_plugins"), text, html_blocks)
    entry = sources.STORE.get(key)
    if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], list):
        try:
            return [Token(*t) for t in entry[0]], entry[1] is True
        except (TypeError, ValueError, RecursionError):
            pass  # not what is written below: parse again
    env: dict = {}
    parsed = markdown(html_blocks).parse(text, env)
    footnotes = any(str(label).startswith("^") for label in env.get("references", {}))
    entry = [[_token_json(t) for t in parsed], footnotes]
    sources.STORE.put(key, entry)
    return [Token(*t) for t in entry[0]], footnotes


def _token_json(token) -> list:
    children = None if token.children is None else [_token_json(c) for c in token.children]
    content, info = token.content, token.info
    if token.type in ("footnote_ref", "footnote_open"):  # the note's number, in the order of reference
        content = info = str(int((token.meta or {}).get("id", 0)) + 1)
    return [token.type, token.tag, list(token.map) if token.map else None, content, info,
            {str(k): v for k, v in (token.attrs or {}).items()}, children]


def _unclosed_containers(tokens, text: str, ctx: Context) -> None:
    lines = text.split("\n")
    for tok in tokens:
        if tok.type.startswith("container_") and tok.type.endswith("_open") and tok.map:
            closing = tok.map[1]  # the line after the block's content: its ':::' when it is closed
            if not (0 <= closing < len(lines)) or not CLOSING_FENCE.match(lines[closing]):
                line = ctx.line_of(tok)
                name = tok.info.strip().split(" ", 1)[0]
                ctx.report.warning(ctx.file, f"'::: {name}' is never closed: everything after it, to the end "
                                   "of the article, is inside it", line, ctx.col_of(line, ":::"),
                                   code="container", hint="close the block with a line holding only ':::'")


def _blocks(tokens, i, ctx: Context, closer: str | None):
    blocks: list[Block] = []
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if closer is not None and kind == closer:
            return blocks, i + 1
        line = ctx.line_of(tok)
        if kind == "paragraph_open":
            inline = tokens[i + 1]
            _unknown_container(inline, line, ctx)
            blocks.extend(_paragraph(inline, line, ctx))
            i += 3
        elif kind == "heading_open":
            level = int(tok.tag[1])
            if level == 1:
                ctx.report.warning(ctx.file, "'#' headings are reserved for the article title (front matter "
                                   "'title'); use '##' for sub-headings", line, 1, code="heading-level")
            elif level > 4:
                ctx.report.warning(ctx.file, f"'{'#' * level}' headings are not supported: it is set as a "
                                   "'####' heading", line, ctx.col_of(line, "#"), code="heading-level",
                                   hint="an article's headings are '##', '###' and '####'")
            spans = _inline(tokens[i + 1], line, ctx)
            blocks.append(Heading(line, max(2, min(level, 4)), spans))
            i += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            start = int(tok.attr("start") or 1) if ordered else 1
            items: list[list[Block]] = []
            tasks: list = []
            i += 1
            close = "ordered_list_close" if ordered else "bullet_list_close"
            while tokens[i].type != close:
                if tokens[i].type == "list_item_open":
                    item, i = _blocks(tokens, i + 1, ctx, "list_item_close")
                    items.append(item)
                    tasks.append(_task(item))
                else:
                    i += 1
            blocks.append(ListBlock(line, ordered, start, items, tasks if any(t is not None for t in tasks) else []))
            i += 1
        elif kind == "table_open":
            table, i = _table(tokens, i, line, ctx)
            blocks.append(table)
        elif kind.startswith("container_") and kind.endswith("_open"):
            name = kind[len("container_"):-len("_open")]
            inner, i = _blocks(tokens, i + 1, ctx, f"container_{name}_close")
            info = tok.info.strip()
            title = info[len(name):].strip()
            _container(name, title, inner, blocks, line, ctx)
        elif kind == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, ctx, "blockquote_close")
            blocks.append(Quote(line, inner))
        elif kind in ("fence", "code_block"):
            blocks.append(CodeBlock(line, tok.content.rstrip("\n")))
            i += 1
        elif kind == "footnote_block_open":  # the notes, numbered as referenced, after a short rule
            notes: list[list[Block]] = []
            i += 1
            while i < len(tokens) and tokens[i].type != "footnote_block_close":
                if tokens[i].type == "footnote_open":
                    note, i = _blocks(tokens, i + 1, ctx, "footnote_close")
                    notes.append(note)
                else:
                    i += 1
            blocks += [Rule(line), ListBlock(line, True, 1, notes)]
            i += 1
        elif kind == "html_block":
            blocks.extend(_html_block(tok, ctx))
            i += 1
        elif kind == "hr":
            blocks.append(Rule(line))
            i += 1
        else:
            i += 1
    return blocks, i


def _task(item: list[Block]) -> bool | None:
    """Whether a list item is a task (`[x] done`: True, `[ ] open`: False), taking the box off
    its text; None for an ordinary item."""
    if not item or not isinstance(item[0], Paragraph) or not item[0].spans:
        return None
    spans = item[0].spans
    found = TASK.match(spans[0].text) if not spans[0].code else None
    if not found or not (spans[0].text[found.end():].strip() or any(s.text.strip() for s in spans[1:])):
        return None  # `[x]` with nothing after it is text
    rest = spans[0].text[found.end():]
    if rest:
        spans[0] = replace(spans[0], text=rest)
    else:
        del spans[0]
    return found.group(1) != " "


def _html_block(tok, ctx: Context) -> list[Block]:
    """An HTML block: its comments dropped, the rest read again as Markdown (tags stay text)."""
    text = COMMENT.sub(lambda m: "\n" * m.group().count("\n"), tok.content)
    if not text.strip():
        return []
    inner = Context(ctx.file, ctx.base_dir, ctx.roots, ctx.report, ctx.line_offset + (tok.map[0] if tok.map else 0),
                    ctx.source_lines, ctx.images)
    tokens, _ = tokens_of(text, html_blocks=False)
    blocks, _ = _blocks(tokens, 0, inner, closer=None)
    return blocks


def _unknown_container(inline, line, ctx: Context) -> None:
    """`::: warning` is not one of our blocks: markdown-it leaves it as a paragraph of text."""
    match = re.match(r"^(:{3,})\s*(\S*)", inline.content)
    if not match:
        return
    name = match.group(2)
    close = difflib.get_close_matches(name, CONTAINERS, n=1, cutoff=0.5)
    hint = f"did you mean '::: {close[0]}'?" if close else f"the blocks are ::: {', ::: '.join(CONTAINERS)}"
    shown = f"'::: {name}'" if name else "':::' (a closing line without an opening one)"
    ctx.report.error(ctx.file, f"{shown} is not a known block: the lines would be printed as typed", line,
                     ctx.col_of(line, ":::"), code="container", hint=hint)


def _container(name, title, inner, blocks, line, ctx: Context) -> None:
    if name == "callout":
        blocks.append(Callout(line, title, inner))
    elif name == "pullquote":
        blocks.append(PullQuote(line, inner))
    elif name == "caption":
        spans: list[Span] = []
        for block in inner:
            if isinstance(block, Paragraph):
                if spans:
                    spans.append(Span(" ", soft_break=True))
                spans.extend(block.spans)
        target = blocks[-1] if blocks else None
        if isinstance(target, Table):
            target.caption = spans
        elif isinstance(target, Figure):
            target.caption = spans
        else:
            ctx.report.error(ctx.file, "'::: caption' must follow a table or a figure", line, 1,
                             code="caption")


def _table(tokens, i, line, ctx: Context):
    header: list[TableCell] = []
    rows: list[list[TableCell]] = []
    current: list[TableCell] | None = None
    in_head = False
    i += 1
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            current = []
        elif tok.type == "tr_close":
            if in_head:
                header = current or []
            else:
                rows.append(current or [])
        elif tok.type in ("th_open", "td_open"):
            style = tok.attr("style") or ""
            align = ("center" if "center" in style else "right" if "right" in style
                     else "left" if "left" in style else None)  # None: not given in the source
            spans = _inline(tokens[i + 1], ctx.line_of(tokens[i + 1]) if tokens[i + 1].map else line, ctx)
            current.append(TableCell(spans, align))
            i += 2
        i += 1
    ncols = max([len(header)] + [len(r) for r in rows])
    if ncols > MAX_TABLE_COLUMNS:
        ctx.report.error(ctx.file, f"table has {ncols} columns; at most {MAX_TABLE_COLUMNS} can be set",
                         line, ctx.col_of(line, "|"), code="table",
                         hint="split it into narrower tables, or swap its rows and columns")
    return Table(line, header, rows), i + 1


def _paragraph(inline, line, ctx: Context) -> list[Block]:
    """A paragraph, or a figure when it holds an image alone (with optional {width=… ratio=…})."""
    if not any(c.type == "image" for c in inline.children or []):
        return [Paragraph(line, _inline(inline, line, ctx))]
    images: list[tuple] = []  # (image token, attributes)
    start = line
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
            continue
        if child.type == "image":
            images.append((child, {}))
        elif child.type == "text" and ATTRS.match(child.content.strip()) and images and not images[-1][1]:
            images[-1] = (images[-1][0], {k: v.strip('"') for k, v in ATTR.findall(child.content)} or {"": ""})
        elif not (child.type == "text" and not child.content.strip()):
            # an icon or a badge in a line of text: its words are kept, the picture is not drawn
            ctx.report.warning(ctx.file, "an image inside a line of text is not drawn: its alternative text "
                               "is printed in its place", line, ctx.col_of(line, "!["), code="inline-image",
                               hint="put the image alone in its own paragraph, where it becomes a figure")
            return [Paragraph(start, _inline(inline, start, ctx, image_reported=True))]
    return [_figure(image, attrs, start, ctx) for image, attrs in images]


def _figure(image, attrs: dict, line, ctx: Context) -> Figure:
    src = image.attr("src") or ""
    caption = _alt_text(image)
    width, ratio, alt = 1.0, 1.5, None
    for key, value in attrs.items():
        try:
            if key == "width":
                width = int(schema.check_width(value)[:-1]) / 100
            elif key == "ratio":
                w, h = (float(x) for x in schema.check_ratio(value).split(":"))
                ratio = w / h
            elif key == "alt":
                alt = " ".join(value.split()) or None
            else:
                ctx.report.error(ctx.file, f"unknown figure attribute '{key}'", line, 1, code="figure",
                                 hint='figures take {width=60% ratio=3:2 alt="what the picture shows"}')
        except ValueError as exc:
            ctx.report.error(ctx.file, str(exc), line, 1, code="figure")
    resolved = check_image(src, ctx, line)
    if alt is None and resolved is not None:  # (a placeholder's alternative text says what is missing)
        no_alt(ctx, line, _col_of_target(ctx, line, src), src)
    return Figure(line, src, resolved, [Span(caption)] if caption else [],
                  image.attr("title") or None, width, ratio, alt)


def no_alt(ctx: Context, line: int, col: int | None, src: str) -> None:
    ctx.report.warning(ctx.file, f"figure '{src}' has no alternative text for readers who cannot see it",
                       line, col, code="alt-text",
                       hint='say what the picture shows: {alt="…"} after the image (alt: for a front-matter image)')


def _col_of_target(ctx: Context, line: int, target: str) -> int:
    """Column of a link or image target: inside `(…)` in Markdown, or alone (front matter)."""
    if not target:
        return 1
    found = ctx.col_of(line, f"({target}", None)
    return found + 1 if found else ctx.col_of(line, target) or 1


def check_image(src: str, ctx: Context, line: int) -> Path | None:
    col = _col_of_target(ctx, line, src)
    if re.match(r"^https?://", src.strip(), re.I):  # as published on the web: nothing is downloaded
        ctx.report.warning(ctx.file, f"photo '{src[:80]}' is on the web: a placeholder frame is drawn "
                           "(the tool never downloads anything)", line, col, code="missing-image",
                           hint="save the picture in the issue folder and give its file name")
        return None
    try:
        path = resolve_reference(src, ctx.base_dir, ctx.roots, ctx.file, line, col, what="image")
    except NewsletterError as exc:
        ctx.report.extend(exc.problems)
        return None
    if not exists(path):
        ctx.report.warning(ctx.file, f"photo '{src}' is not supplied: a placeholder frame is drawn",
                           line, col, code="missing-image")
        return None
    if path not in ctx.images:  # decoded once however often the issue shows it
        ctx.images[path] = _inspect_image(path)
    problem, _pixels = ctx.images[path]
    if problem:
        ctx.report.error(ctx.file, f"image '{src}' {problem}", line, col, code="image")
        return None
    return path


MAX_PIXELS = 40_000_000
MAX_IMAGE_BYTES = 30_000_000


def inspect_image(path: Path) -> str | None:
    """Why the image cannot be placed (corrupt, not an image, too large), or None."""
    return _inspect_image(path)[0]


def _inspect_image(path: Path) -> tuple[str | None, tuple[int, int] | None]:
    """(why the image cannot be placed, or None; its width and height in pixels when it can).

    The size is kept for the resolution check (checks.py), which would otherwise open the file again.
    """
    from newsletter_cli.paths import Unreadable, open_regular

    try:
        handle = open_regular(path)  # a regular file, never a pipe or a device
    except Unreadable as exc:
        return exc.reason, None
    with handle:
        if os.fstat(handle.fileno()).st_size > MAX_IMAGE_BYTES:
            return f"is larger than {MAX_IMAGE_BYTES // 1_000_000} MB", None
        return _decode_image(handle)


def _decode_image(handle) -> tuple[str | None, tuple[int, int] | None]:
    import warnings

    from PIL import Image

    from newsletter_cli.imageorient import displayed, orientation

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(handle) as img:
                if img.format not in ("PNG", "JPEG"):
                    return f"is {img.format or 'not an image'}; use PNG or JPEG", None
                if img.width * img.height > MAX_PIXELS:
                    return f"is {img.width}x{img.height} pixels; the limit is {MAX_PIXELS:,} pixels", None
                img.load()
                return None, displayed(img.width, img.height, orientation(img))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "declares too many pixels (a decompression bomb?)", None
    except Image.UnidentifiedImageError:
        return "is not a PNG or JPEG image", None
    except (OSError, SyntaxError, ValueError) as exc:
        return f"is corrupt or truncated ({exc})", None


def _alt_text(image) -> str:
    parts = []
    for child in image.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        else:
            parts.append(child.content)
    return "".join(parts).strip()


def _inline(inline, line, ctx: Context, image_reported: bool = False) -> list[Span]:
    spans: list[Span] = []
    bold = italic = struck = 0
    href: str | None = None
    seen: set[str] = set()  # one warning of each kind per paragraph
    children = inline.children or []

    def span(text: str, code: bool = False, soft_break: bool = False) -> Span:  # in the styles open here
        return Span(text, bold > 0, italic > 0, code, href, soft_break, struck > 0)

    for index, child in enumerate(children):
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            line += 1  # the paragraph's next source line
        if kind == "text":
            if child.content:
                _text_checks(child.content, line, ctx, seen,
                             after_break=index > 0 and children[index - 1].type == "softbreak")
                spans.append(span(child.content))
        elif kind == "softbreak":
            spans.append(span(" "))
        elif kind == "hardbreak":
            spans.append(span("\n", soft_break=True))
        elif kind == "footnote_ref":  # the note's number, raised
            spans.append(span(child.content.translate(SUPERSCRIPT)))
        elif kind == "code_inline":
            spans.append(span(child.content, code=True))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "s_open":  # ~~struck through~~
            struck += 1
        elif kind == "s_close":
            struck -= 1
        elif kind == "link_open":
            label = children[index + 1].content if index + 1 < len(children) else ""
            if label.startswith("^") and f"[{label}]" in inline.content:
                # `[^1]` with a `[^1]: …` line: markdown-it reads a link reference, not a footnote
                _footnote(f"[{label}]", line, ctx, seen)
                href = None
            else:
                href = check_link(child.attr("href") or "", ctx, line)
        elif kind == "link_close":
            href = None
        elif kind == "image":
            if not image_reported:
                ctx.report.warning(ctx.file, "an image in a table cell, heading or link is not supported: only "
                                   "its caption text is printed", line, ctx.col_of(line, "!["), code="inline-image",
                                   hint="put the image alone in its own paragraph, where it becomes a figure")
            spans.append(Span(_alt_text(child), bold > 0, italic > 0, strike=struck > 0))
        elif kind == "html_inline":
            if child.content.startswith("<!--"):  # a comment: dropped
                line += child.content.count("\n")
            elif BR_TAG.match(child.content):  # a line break (in a table cell the only way to one)
                spans.append(span("\n", soft_break=True))
            else:  # any other tag is printed as typed
                _text_checks(child.content, line, ctx, seen, after_break=False)
                spans.append(span(child.content))
    return _merge(spans)


def _text_checks(text: str, line: int, ctx: Context, seen: set[str], after_break: bool) -> None:
    """Markdown the layout does not support, left by the parser as literal text."""
    tag = HTML_TAG.search(text)
    if tag and "html" not in seen and _as_typed(ctx, line, tag.group(0)):
        seen.add("html")
        name = tag.group(1).lower()
        hint = HTML_HINTS.get(name, "remove it, or put it in `backticks` to show it as code")
        ctx.report.warning(ctx.file, f"'{tag.group(0)[:40]}' looks like HTML, which is not interpreted: it is "
                           "printed as typed", line, ctx.col_of(line, tag.group(0)), code="html", hint=hint)
    if "<!--" in text and "comment" not in seen and _as_typed(ctx, line, "<!--"):
        seen.add("comment")
        ctx.report.warning(ctx.file, "'<!--' starts a comment that is never closed: it is printed as typed",
                           line, ctx.col_of(line, "<!--"), code="html",
                           hint="end the comment with '-->', or remove it")
    note = FOOTNOTE.search(text)
    if note and _as_typed(ctx, line, note.group(0)):
        _footnote(note.group(0), line, ctx, seen)
    if after_break and re.match(r"^:\s", text) and "definition" not in seen:
        seen.add("definition")
        ctx.report.warning(ctx.file, "definition lists ('Term' then ': definition') are not supported: the "
                           "colon is printed", line, ctx.col_of(line, ":"), code="definition-list",
                           hint="use a list: '- **Term**: definition'")


def _as_typed(ctx: Context, line: int, found: str) -> bool:
    """Whether `found` stands on the source line as typed: `\\<b\\>` or `\\[^1\\]` (backslash
    escapes, as `newsletter import` writes them) mean the author wants the characters printed."""
    if not ctx.source_lines or not 1 <= line <= len(ctx.source_lines) or found in ctx.source_lines[line - 1]:
        return True
    return "\\" + found[0] not in ctx.source_lines[line - 1]


def _footnote(label: str, line: int, ctx: Context, seen: set[str]) -> None:
    """`[^1]` whose note is not written anywhere: markdown-it leaves it as text."""
    if "footnote" in seen:
        return
    seen.add("footnote")
    ctx.report.warning(ctx.file, f"footnote '{label}' has no note: it is printed as typed", line,
                       ctx.col_of(line, label), code="footnote",
                       hint=f"write the note on a line of its own: '{label}: the note'")


def check_link(url: str, ctx: Context, line: int) -> str | None:
    url = url.strip()
    if url.startswith("#"):
        return url if re.fullmatch(r"#[A-Za-z0-9_.:-]+", url) else None
    from newsletter_cli.links import url_problem

    problem = url_problem(url)
    if problem is None:
        return url
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ALLOWED_SCHEMES:
        problem = "is not allowed: use http, https, mailto or a #anchor"
    ctx.report.error(ctx.file, f"link '{url[:80]}' {problem}", line, _col_of_target(ctx, line, url),
                     code="link-scheme" if scheme not in ALLOWED_SCHEMES else "link")
    return None


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        prev = merged[-1] if merged else None
        if (prev and not prev.soft_break and not span.soft_break and
                (prev.bold, prev.italic, prev.code, prev.href, prev.strike)
                == (span.bold, span.italic, span.code, span.href, span.strike)):
            merged[-1] = Span(prev.text + span.text, prev.bold, prev.italic, prev.code, prev.href, strike=prev.strike)
        else:
            merged.append(span)
    return merged


def plain_text(spans: list[Span]) -> str:
    return "".join(s.text for s in spans)
