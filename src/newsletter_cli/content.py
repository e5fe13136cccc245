"""Markdown -> content blocks.

markdown-it-py parses CommonMark with tables; raw HTML is off, so `<img src=…>` or
`<font …>` in an article is kept as the literal text the author typed. Links are checked
here (http, https, mailto and #anchors only) and images resolved through `paths`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from newsletter_cli import schema
from newsletter_cli.errors import NewsletterError, Report
from newsletter_cli.model import (Block, Callout, CodeBlock, Figure, Heading, ListBlock, Paragraph,
                                  PullQuote, Quote, Rule, Span, Table, TableCell)
from newsletter_cli.paths import resolve_reference

CONTAINERS = ("callout", "caption", "pullquote")
ATTRS = re.compile(r"^\{([^{}]*)\}$")
ATTR = re.compile(r"([A-Za-z_-]*)=(\"[^\"]*\"|[^\s{}]+)")
ALLOWED_SCHEMES = ("http", "https", "mailto")


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
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

    def __init__(self, file: str, base_dir: Path, roots: list[Path], report: Report, line_offset: int = 0):
        self.file = file
        self.base_dir = base_dir
        self.roots = roots
        self.report = report
        self.line_offset = line_offset

    def line_of(self, token) -> int:
        return (token.map[0] if token.map else 0) + 1 + self.line_offset


def parse_markdown(text: str, ctx: Context) -> list[Block]:
    tokens = markdown().parse(text)
    blocks, _ = _blocks(tokens, 0, ctx, closer=None)
    return blocks


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
            blocks.extend(_paragraph(inline, line, ctx))
            i += 3
        elif kind == "heading_open":
            level = int(tok.tag[1])
            if level == 1:
                ctx.report.warning(ctx.file, "'#' headings are reserved for the article title (front matter "
                                   "'title'); use '##' for sub-headings", line, 1, code="heading-level")
            spans = _inline(tokens[i + 1], line, ctx)
            blocks.append(Heading(line, max(2, min(level, 4)), spans))
            i += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            start = int(tok.attrGet("start") or 1) if ordered else 1
            items: list[list[Block]] = []
            i += 1
            close = "ordered_list_close" if ordered else "bullet_list_close"
            while tokens[i].type != close:
                if tokens[i].type == "list_item_open":
                    item, i = _blocks(tokens, i + 1, ctx, "list_item_close")
                    items.append(item)
                else:
                    i += 1
            blocks.append(ListBlock(line, ordered, start, items))
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
        elif kind == "hr":
            blocks.append(Rule(line))
            i += 1
        else:
            i += 1
    return blocks, i


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
            style = tok.attrGet("style") or ""
            align = "center" if "center" in style else "right" if "right" in style else "left"
            spans = _inline(tokens[i + 1], ctx.line_of(tokens[i + 1]) if tokens[i + 1].map else line, ctx)
            current.append(TableCell(spans, align))
            i += 2
        i += 1
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
            ctx.report.error(ctx.file, "an image must stand alone in its own paragraph (it becomes a figure)",
                             line, 1, code="inline-image")
            return [Paragraph(start, _inline(inline, start, ctx))]
    return [_figure(image, attrs, start, ctx) for image, attrs in images]


def _figure(image, attrs: dict, line, ctx: Context) -> Figure:
    src = image.attrGet("src") or ""
    caption = _alt_text(image)
    width, ratio = 1.0, 1.5
    for key, value in attrs.items():
        try:
            if key == "width":
                width = int(schema.check_width(value)[:-1]) / 100
            elif key == "ratio":
                w, h = (float(x) for x in schema.check_ratio(value).split(":"))
                ratio = w / h
            else:
                ctx.report.error(ctx.file, f"unknown figure attribute '{key}'", line, 1, code="figure",
                                 hint="figures take {width=60% ratio=3:2}")
        except ValueError as exc:
            ctx.report.error(ctx.file, str(exc), line, 1, code="figure")
    resolved = check_image(src, ctx, line)
    return Figure(line, src, resolved, [Span(caption)] if caption else [],
                  image.attrGet("title") or None, width, ratio)


def check_image(src: str, ctx: Context, line: int) -> Path | None:
    try:
        path = resolve_reference(src, ctx.base_dir, ctx.roots, ctx.file, line, 1, what="image")
    except NewsletterError as exc:
        ctx.report.extend(exc.problems)
        return None
    if not path.exists():
        ctx.report.warning(ctx.file, f"photo '{src}' is not supplied: a placeholder frame is drawn",
                           line, 1, code="missing-image")
        return None
    if not path.is_file():
        ctx.report.error(ctx.file, f"image '{src}' is not a file", line, 1, code="image")
        return None
    problem = inspect_image(path)
    if problem:
        ctx.report.error(ctx.file, f"image '{src}' {problem}", line, 1, code="image")
        return None
    return path


MAX_PIXELS = 40_000_000
MAX_IMAGE_BYTES = 30_000_000


def inspect_image(path: Path) -> str | None:
    """Why the image cannot be placed (corrupt, not an image, too large), or None."""
    import warnings

    from PIL import Image

    if path.stat().st_size > MAX_IMAGE_BYTES:
        return f"is larger than {MAX_IMAGE_BYTES // 1_000_000} MB"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                if img.format not in ("PNG", "JPEG"):
                    return f"is {img.format or 'not an image'}; use PNG or JPEG"
                if img.width * img.height > MAX_PIXELS:
                    return f"is {img.width}x{img.height} pixels; the limit is {MAX_PIXELS:,} pixels"
                img.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "declares too many pixels (a decompression bomb?)"
    except Image.UnidentifiedImageError:
        return "is not a PNG or JPEG image"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"is corrupt or truncated ({exc})"
    return None


def _alt_text(image) -> str:
    parts = []
    for child in image.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        else:
            parts.append(child.content)
    return "".join(parts).strip()


def _inline(inline, line, ctx: Context) -> list[Span]:
    spans: list[Span] = []
    bold = italic = 0
    href: str | None = None
    for child in inline.children or []:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            line += 1  # the paragraph's next source line
        if kind == "text":
            if child.content:
                spans.append(Span(child.content, bold > 0, italic > 0, False, href))
        elif kind == "softbreak":
            spans.append(Span(" ", bold > 0, italic > 0, False, href))
        elif kind == "hardbreak":
            spans.append(Span("\n", bold > 0, italic > 0, False, href, soft_break=True))
        elif kind == "code_inline":
            spans.append(Span(child.content, bold > 0, italic > 0, True, href))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = check_link(child.attrGet("href") or "", ctx, line)
        elif kind == "link_close":
            href = None
        elif kind == "image":
            spans.append(Span(_alt_text(child), bold > 0, italic > 0))
        elif kind == "html_inline":  # not produced with html off; kept as literal text if it were
            spans.append(Span(child.content, bold > 0, italic > 0))
    return _merge(spans)


def check_link(url: str, ctx: Context, line: int) -> str | None:
    url = url.strip()
    if url.startswith("#"):
        return url if re.fullmatch(r"#[A-Za-z0-9_.:-]+", url) else None
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme in ALLOWED_SCHEMES:
        return url
    ctx.report.error(ctx.file, f"link '{url[:80]}' is not allowed: use http, https, mailto or a #anchor",
                     line, 1, code="link-scheme")
    return None


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        prev = merged[-1] if merged else None
        if (prev and not prev.soft_break and not span.soft_break and
                (prev.bold, prev.italic, prev.code, prev.href) == (span.bold, span.italic, span.code, span.href)):
            merged[-1] = Span(prev.text + span.text, prev.bold, prev.italic, prev.code, prev.href)
        else:
            merged.append(span)
    return merged


def plain_text(spans: list[Span]) -> str:
    return "".join(s.text for s in spans)
