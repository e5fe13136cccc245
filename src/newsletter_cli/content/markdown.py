"""Markdown -> content blocks.

markdown-it-py parses CommonMark with GitHub's tables, strikethrough and footnotes. Raw HTML
blocks are recognised only to be handled here: HTML comments (`<!-- note to editors -->`,
block or inline, over several lines) are dropped, and the other lines of an HTML block are
read again as Markdown. A paragraph's inline text becomes spans in `inline.py` (links checked
there), and its pictures are resolved and decoded in `images.py`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from newsletter_cli.content import htmlblocks
from newsletter_cli.content.fancylists import STYLE_OF, use_fancy_lists
from newsletter_cli.content.images import check_image, check_ratio, check_width, no_alt
from newsletter_cli.content.inline import alt_text, inline_image, inline_spans
from newsletter_cli.content.marks import use_marks
from newsletter_cli.content.typography import QUOTES, smart
from newsletter_cli.content.model import (Block, Callout, CodeBlock, Definitions, Figure, Heading, ListBlock, Paragraph,
                                  PullQuote, Quote, Rule, Span, Table, TableCell)
from newsletter_cli.errors import Report

QUOTES_EN = QUOTES["en"]
# markdown-it's depth of containers (a quote: 1, a list: 2, its item and the list), past which it
# drops the rest of the text: an article that reaches it is an error, located (`_too_deep`)
MAX_NESTING = 100
CONTAINERS = ("callout", "caption", "pullquote")
MAX_TABLE_COLUMNS = 200  # the layout refuses wider tables too (layout/blocks.py); it sets wide ones in parts
ATTRS = re.compile(r"^\{([^{}]*)\}$")
ATTR = re.compile(r"([A-Za-z_-]*)=(\"[^\"]*\"|[^\s{}]+)")
COMMENT = re.compile(r"<!--(?:-?>|.*?-->)", re.S)  # as CommonMark ends one: `<!-->` and `<!--->` too
TASK = re.compile(r"^\[([ xX])\](?:[ \t]+|$)")  # GitHub's task item: `- [ ] open`, `- [x] done`
CLOSING_FENCE = re.compile(r"^\s*:::+\s*$")


@lru_cache(maxsize=2)
def markdown(html_blocks: bool = True):
    """The parser; without `html_blocks` for the lines of an HTML block, read again as Markdown."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])  # GitHub's tables and ~~struck through~~ text
    md.use(footnote_plugin)  # `[^1]` and `[^1]: the note`: the notes are set at the article's end
    md.use(deflist_plugin)  # `Term` then `: definition` lines (Pandoc's, PHP Markdown Extra's)
    use_marks(md)  # Pandoc's H~2~O and x^2^, ==highlight== (marks.py)
    use_fancy_lists(md)  # Pandoc's `a)`, `iv.`, `(3)` lists (fancylists.py)
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
                 source_lines: list[str] | None = None, images: dict | None = None, quotes: str = QUOTES_EN):
        self.file = file
        self.base_dir = base_dir
        self.roots = roots
        self.report = report
        self.line_offset = line_offset
        self.source_lines = source_lines  # every line of `file`, to find the column of a problem
        # image file -> (problem, pixels) as decoded by `images.check_image`, shared by the articles
        self.images = images if images is not None else {}
        self.literal_lines: set[int] = set()  # lines inside Liquid's {% raw %}: template marks as typed
        self.quotes = quotes  # the language's quote marks, for typed ones (typography.py)

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

    def col_of_target(self, line: int, target: str) -> int:
        """Column of a link or image target: inside `(…)` in Markdown, or alone (front matter)."""
        if not target:
            return 1
        found = self.col_of(line, f"({target}", None)
        return found + 1 if found else self.col_of(line, target) or 1


# what other tools write (content/exports.py reads it): a text with none of it does not even import that
OTHER_TOOLS = ("{%", "{{", "!!!", "???", "{:", "{#", "{.", "[[", "%%", "[TOC]", "[toc]")
_OTHER_DIV = re.compile(r"^ {0,3}:{3,}[ \t]*(?!(?:callout|caption|pullquote)\b)[^\s:]", re.M)  # not ours: `::: tip`


def from_other_tools(text: str) -> bool:
    return any(mark in text for mark in OTHER_TOOLS) or ":::" in text and _OTHER_DIV.search(text) is not None


def parse_markdown(text: str, ctx: Context) -> list[Block]:
    if ctx.source_lines is None:  # the body is the whole file below its front matter
        ctx.source_lines = [""] * ctx.line_offset + text.split("\n")
    if from_other_tools(text):  # what Hugo, Jekyll, MkDocs and Obsidian write, as our Markdown
        from newsletter_cli.content import exports

        text = exports.prepare(text, ctx)
    tokens, _ = tokens_of(text)
    _too_deep(tokens, ctx)
    blocks, _ = _blocks(tokens, 0, ctx, closer=None)
    _unclosed_containers(tokens, text, ctx)
    return blocks


def _too_deep(tokens, ctx: Context) -> None:
    """An error where quotes and lists are nested so deep that markdown-it leaves out what is in
    them (MAX_NESTING: 100 quotes, or 50 lists, within each other), rather than words lost unsaid."""
    depth = 0
    for tok in tokens:
        depth += 1 if tok.type.endswith("_open") else -1 if tok.type.endswith("_close") else 0
        if depth >= MAX_NESTING:
            line = ctx.line_of(tok)
            ctx.report.error(ctx.file, f"quotes and lists are nested more than {MAX_NESTING} levels deep here: the text "
                             "inside them cannot be set", line, 1, code="nesting",
                             hint="nest quotes and lists a few levels deep at most")
            return


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
            found = _paragraph(inline, line, ctx)
            caption = _pandoc_caption(found)
            if caption is not None and blocks and isinstance(blocks[-1], Table) and not blocks[-1].caption:
                blocks[-1].caption = caption  # Pandoc's `Table: …` (or `: …`) under a table
            else:
                blocks.extend(found)
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
            spans = inline_spans(tokens[i + 1], line, ctx)
            blocks.append(Heading(line, max(2, min(level, 4)), spans))
            i += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            start = int(tok.attr("start") or 1) if ordered else 1
            style = STYLE_OF.get(str(tok.attr("type") or "1"), "decimal")
            delim = tok.attr("delim") if tok.attr("delim") in ("period", "paren", "parens") else "period"
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
            blocks.append(ListBlock(line, ordered, start, items, tasks if any(t is not None for t in tasks) else [],
                                    style, delim))
            i += 1
        elif kind == "table_open":
            table, i = _table(tokens, i, line, ctx)
            above = _pandoc_caption(blocks[-1:])
            if above is not None:  # (Pandoc reads its caption above a table too)
                blocks.pop()
                table.caption = above
            blocks.append(table)
        elif kind.startswith("container_") and kind.endswith("_open"):
            name = kind[len("container_"):-len("_open")]
            inner, i = _blocks(tokens, i + 1, ctx, f"container_{name}_close")
            info = tok.info.strip()
            title = info[len(name):].strip()
            _container(name, title, inner, blocks, line, ctx)
        elif kind == "dl_open":  # each term a paragraph in bold, its definitions' blocks after it
            items: list[list[Block]] = []
            i += 1
            while i < len(tokens) and tokens[i].type != "dl_close":
                if tokens[i].type == "dt_open":
                    term = inline_spans(tokens[i + 1], ctx.line_of(tokens[i]), ctx)
                    items.append([Paragraph(ctx.line_of(tokens[i]), [replace(s, bold=True) for s in term])])
                    i += 3
                elif tokens[i].type == "dd_open":
                    inner, i = _blocks(tokens, i + 1, ctx, "dd_close")
                    if not items:
                        items.append([])
                    items[-1].extend(inner)
                else:
                    i += 1
            blocks.append(Definitions(line, False, 1, items))
            i += 1
        elif kind == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, ctx, "blockquote_close")
            alert = _alert(inner, line, ctx)  # GitHub's `> [!NOTE]`, Obsidian's `> [!info] Title`: a callout box
            blocks.append(Callout(line, *alert) if alert else Quote(line, inner))
        elif kind in ("fence", "code_block"):
            language = tok.info.split()[0] if kind == "fence" and tok.info.split() else ""
            blocks.append(CodeBlock(line, tok.content.rstrip("\n"), language.strip("{}.")))
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
                    ctx.source_lines, ctx.images, ctx.quotes)
    inner.literal_lines = ctx.literal_lines
    table = htmlblocks.table(text, (tok.map[0] if tok.map else 0) + 1, ctx, markdown(html_blocks=False)) \
        if "<table" in text[:200].lower() else None
    if table is not None:
        return [table]
    tokens, _ = tokens_of(text, html_blocks=False)
    blocks, _ = _blocks(tokens, 0, inner, closer=None)
    return blocks


ALERTS = {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"}
# Obsidian's callouts besides GitHub's five: `> [!info]`, `> [!faq]- A question folded`
OBSIDIAN = ("abstract", "summary", "tldr", "info", "todo", "hint", "success", "check", "done", "question", "help",
            "faq", "attention", "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite")
_ALERT = re.compile(r"\[!(note|tip|important|warning|caution|" + "|".join(OBSIDIAN) + r")\][+-]?\s*", re.I)
_ALERT_LINE = re.compile(r"^[ \t]*>[ \t]?[ \t]*\[!\w+\][+-]?[ \t]*(\S.*?)[ \t]*$")


def _alert(inner: list[Block], line: int, ctx: Context) -> tuple[str, list[Block]] | None:
    """A quotation that opens with GitHub's alert mark (`[!NOTE]`, `[!WARNING]`…) or Obsidian's
    (`[!info]`, `[!faq]-` folded: all unfolded on paper) as (the callout's title, its blocks without the mark),
    or None. Obsidian's title on the mark's line (`> [!tip] Before you start`) is the box's title when text
    follows on the next lines."""
    first = inner[0] if inner and isinstance(inner[0], Paragraph) and inner[0].spans else None
    match = _ALERT.match(first.spans[0].text) if first is not None and not first.spans[0].code else None
    if match is None:
        return None
    kind = match.group(1).lower()
    title = ALERTS.get(kind, kind.capitalize())
    rest = first.spans[0].text[match.end():]
    source = ctx.source_lines[line - 1] if ctx.source_lines and 0 < line <= len(ctx.source_lines) else ""
    typed = _ALERT_LINE.match(source)
    if typed and (len(inner) > 1 or "\n" in "".join(s.text for s in first.spans) or _next_line_quoted(ctx, line)):
        words = typed.group(1)
        if rest.startswith(words):  # (a title in plain words: with marks in it, the text stays in the box)
            return words, _without(first, rest[len(words):], inner)
    return title, _without(first, rest, inner)


def _next_line_quoted(ctx: Context, line: int) -> bool:
    return bool(ctx.source_lines) and line < len(ctx.source_lines) and ctx.source_lines[line].lstrip().startswith(">") \
        and bool(ctx.source_lines[line].lstrip()[1:].strip())


def _without(first: Paragraph, rest: str, inner: list[Block]) -> list[Block]:
    rest = rest.lstrip() if not rest.strip() or rest[:1].isspace() else rest
    spans = ([replace(first.spans[0], text=rest)] if rest else []) + first.spans[1:]
    while spans and spans[0].soft_break:
        spans.pop(0)
    return ([replace(first, spans=spans)] if spans else []) + inner[1:]


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


def _pandoc_caption(found: list) -> list[Span] | None:
    """The caption of a paragraph that is Pandoc's table caption (`Table: The figures` or
    `: The figures`, beside its table), without its `Table:`; None for any other."""
    if len(found) != 1 or not isinstance(found[0], Paragraph) or not found[0].spans:
        return None
    spans = found[0].spans
    first = spans[0]
    for prefix in ("Table:", ":"):
        if not first.code and first.text.startswith(prefix) and first.text[len(prefix):len(prefix) + 1] in (" ", "\t"):
            rest = first.text[len(prefix):].lstrip()
            caption = ([replace(first, text=rest)] if rest else []) + spans[1:]
            return caption if any(span.text.strip() for span in caption) else None
    return None


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
            spans = inline_spans(tokens[i + 1], ctx.line_of(tokens[i + 1]) if tokens[i + 1].map else line, ctx)
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
    """A paragraph, or a figure when it holds an image alone (with optional {width=… ratio=…}),
    or a web editor's `<img>` alone (`htmlblocks.figure`)."""
    if not any(c.type == "image" for c in inline.children or []):
        if any(c.type == "html_inline" and c.content[:4].lower() == "<img" for c in inline.children or []):
            figure = htmlblocks.figure(inline, line, ctx, _figure)
            if figure is not None:
                return figure
        spans = inline_spans(inline, line, ctx)
        return [Paragraph(line, spans)] if spans else []  # (nothing but a dropped tag: `</details>`)
    images: list[tuple] = []  # (image token, attributes)
    start = line
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
            continue
        if child.type == "image":
            images.append((child, {}))
        elif child.type == "text" and ATTRS.match(child.content.strip()) and images and not images[-1][1]:
            images[-1] = (images[-1][0], _figure_attributes(child.content))
        elif not (child.type == "text" and not child.content.strip()):
            inline_image(ctx, line, ctx.col_of(line, "!["))  # an icon or a badge in a line of text
            return [Paragraph(start, inline_spans(inline, start, ctx, image_reported=True))]
    return [_figure(image, attrs, start, ctx) for image, attrs in images]


# what Pandoc, kramdown and web editors put in a picture's braces that a printed figure has no use for
OTHER_ATTRIBUTES = {"class", "id", "style", "loading", "decoding", "target", "align", "title", "lang",
                    "dir", "role", "rel", "border", "fetchpriority"}
_CLASS_OR_ID = re.compile(r"(?:(?<=\s)|^)[.#][^\s=\"]+")


def _figure_attributes(text: str) -> dict:
    """The `{…}` after a picture: `{width=60% ratio=3:2 alt="…"}`; kramdown's `{: .align-center}` and
    Pandoc's `{#fig:map .wide width=50%}` classes and ids are left out; {"": ""} when what it holds is none
    of these (`{60%}`)."""
    inner = text.strip()[1:-1].strip()
    inner = inner[1:] if inner.startswith(":") else inner
    pairs = {k: v.strip('"') for k, v in ATTR.findall(inner)}
    rest = _CLASS_OR_ID.sub(" ", ATTR.sub(" ", inner)).strip()
    return pairs if pairs or not rest else {"": ""}


def _figure(image, attrs: dict, line, ctx: Context) -> Figure:
    # markdown-it writes the target as a web address (`my photo.png` -> `my%20photo.png`): the file's
    # name is the decoded one (then checked whole, so `%2e%2e/` is the '..' it spells)
    src = _file_name(image.attr("src") or "")
    caption = alt_text(image)
    width, ratio, alt = 1.0, 1.5, None
    for key, value in attrs.items():
        try:
            if key == "width" and re.fullmatch(r"\s*\d+(\.\d+)?\s*(px|cm|mm|in|pt|em|rem)\s*", value):
                ctx.report.warning(ctx.file, f"figure width '{value}' is not a share of the column: the picture is "
                                   "set at the column's width", line, ctx.col_of(line, value), code="figure",
                                   hint="give the width as a share of the column: {width=50%}")
            elif key == "width":
                width = int(check_width(value)[:-1]) / 100
            elif key == "ratio":
                w, h = (float(x) for x in check_ratio(value).split(":"))
                ratio = w / h
            elif key == "alt":
                alt = " ".join(value.split()) or None
            elif key == "height":  # Pandoc's
                ctx.report.warning(ctx.file, "figure attribute 'height' is not read: a figure's height follows from "
                                   "its width and the picture's shape", line, ctx.col_of(line, "height="),
                                   code="figure", hint="give the width as a share of the column: {width=50%}")
            elif key in OTHER_ATTRIBUTES or key.startswith(("data-", "aria-")):
                pass  # another tool's (Pandoc's height, kramdown's style, an HTML class): nothing to print
            else:
                ctx.report.error(ctx.file, f"unknown figure attribute '{key}'", line, 1, code="figure",
                                 hint='figures take {width=60% ratio=3:2 alt="what the picture shows"}')
        except ValueError as exc:
            ctx.report.error(ctx.file, str(exc), line, 1, code="figure")
    resolved = check_image(src, ctx, line)
    if alt is None and resolved is not None:  # (a placeholder's alternative text says what is missing)
        no_alt(ctx, line, ctx.col_of_target(line, src), src)
    credit = image.attr("title") or None
    return Figure(line, src, resolved, [Span(smart(caption, ctx.quotes))] if caption else [],
                  credit and smart(credit, ctx.quotes), width, ratio, alt)


def _file_name(src: str) -> str:
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", src) or "%" not in src:
        return src  # (a web address stays as written)
    from urllib.parse import unquote

    return unquote(src, errors="surrogateescape")
