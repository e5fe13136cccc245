"""What other tools write inside a line of text (never in code), read as `exports.py` reads whole
lines: Obsidian's wikilinks print their label (`[[Page|label]]` -> label, `[[Page]]` -> Page,
`[[Page#Heading]]` -> "Page > Heading"), `%%comments%%` and attribute lists (`{: .x}`, `{#id}`,
`{.class}`, `{target="_blank"}` after a link, Pandoc's `[text]{.smallcaps}`) are dropped, a pair of
Hugo shortcodes on one line keeps its text, a Liquid tag is left out and a template expression
(`{{ site.title }}`) printed as typed, each with a warning; `{{</* x */>}}` is Hugo's way to show
`{{< x >}}`. Every pattern is bounded, so that a megabyte line costs linear time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsletter_cli.content.markdown import Context

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".avif", ".heic")

_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n|]{0,300}?)(?:\|([^\[\]\n]{0,300}))?\]\]")
_SPAN_ATTRS = re.compile(r"\[([^\[\]\n]{1,300})\]\{[#.:][^{}\n]{0,300}\}")
_ATTRS = re.compile(r"\{:[^{}\n]{0,300}\}|\{[#.][A-Za-z][\w\s:.#=\"'-]{0,300}\}")
_COMMENT = re.compile(r"%%[^\n]{0,2000}?%%")
_LINK_ATTRS = re.compile(r"^\{[A-Za-z_:][\w:-]{0,60}\s*=[^{}\n]{0,300}\}")
_ESCAPED_SHORTCODE = re.compile(r"\{\{([<%])/\*\s*(.*?)\s*\*/([>%])\}\}")
_PAIRED = re.compile(r"\{\{([<%])\s*([A-Za-z][\w-]{0,40})\b[^\n]{0,300}?[>%]\}\}([^\n]{0,2000}?)"
                     r"\{\{[<%]\s*/\s*\2\s*[>%]\}\}")
_TEMPLATE = re.compile(r"\{\{[<%]/\*[^\n]{0,300}?\*/[>%]\}\}|\{%[^\n]{0,300}?%\}|\{\{[<%][^\n]{0,300}?[>%]\}\}"
                       r"|\{\{[^{}\n]{0,300}\}\}")


def tool_text(text: str, line: int, ctx: Context, seen: set[str], after_link: bool = False) -> str:
    """A text token of a paragraph with what other tools write inside a line read (the module's
    docstring); `after_link`: it follows a link, whose `{target="_blank"}` is dropped."""
    if after_link and text.startswith("{"):
        text = _LINK_ATTRS.sub("", text, count=1)
    if "[[" in text:
        text = _WIKILINK.sub(lambda m: _wikilink(m, line, ctx, seen), text)
    if "%%" in text:
        text = _dropped(_COMMENT, text)
    if "{" in text:
        text = _dropped(_ATTRS, _SPAN_ATTRS.sub(r"\1", text))
    if "{%" in text or "{{" in text:
        if line in ctx.literal_lines:
            return text
        if "/" in text:  # `{{% note %}}Text{{% /note %}}` on one line: its text kept, the tags left out
            text = _PAIRED.sub(lambda m: _paired(m, line, ctx, seen), text)
        text = _TEMPLATE.sub(lambda m: _template(m.group(0), line, ctx, seen), text)
    return text


def _dropped(pattern, text: str) -> str:
    """`text` without what `pattern` finds, and without the space before each (`x {: .a} y` -> `x y`)."""
    pieces, at = [], 0
    for found in pattern.finditer(text):
        piece = text[at:found.start()]
        pieces.append(piece.rstrip(" \t") if piece.endswith((" ", "\t")) else piece)
        at = found.end()
    return "".join(pieces) + text[at:]


def _paired(match, line: int, ctx: Context, seen: set[str]) -> str:
    opener = match.group(0)[:match.start(3) - match.start()]
    if "template" not in seen:
        seen.add("template")
        ctx.report.warning(ctx.file, f"Hugo shortcode '{opener[:60]}' is a template this tool does not run: it is "
                           "left out, the text inside it kept", line, ctx.col_of(line, opener[:20]), code="template",
                           hint="write what it shows as text or Markdown")
    return match.group(3)


def _template(tag: str, line: int, ctx: Context, seen: set[str]) -> str:
    if re.fullmatch(r"\{%-?\s*(raw|endraw)\s*-?%\}", tag):
        return ""
    escaped = _ESCAPED_SHORTCODE.fullmatch(tag)  # `{{</* figure */>}}`: Hugo's way to show a shortcode as typed
    if escaped:
        return "{{" + escaped.group(1) + " " + escaped.group(2) + " " + escaped.group(3) + "}}"
    if "template" not in seen:
        seen.add("template")
        if tag.startswith("{%"):
            message = f"Liquid tag '{tag[:60]}' is a template this tool does not run: it is left out"
        else:
            message = (f"'{tag[:60]}' is a template expression (Hugo, Liquid, Jinja) this tool does not fill in: "
                       "it is printed as typed")
        ctx.report.warning(ctx.file, message, line, ctx.col_of(line, tag[:20]), code="template",
                           hint="write the text it stands for")
    return "" if tag.startswith("{%") else tag


def _wikilink(match, line: int, ctx: Context, seen: set[str]) -> str:
    embed, target, label = match.group(1), match.group(2).strip(), (match.group(3) or "").strip()
    if target in ("_TOC_", "TOC"):
        return ""
    name = re.sub(r"\^[\w-]+$", "", target)
    page, _, heading = name.partition("#")
    page = re.sub(r"\.md$", "", page.strip(), flags=re.I)
    heading = heading.strip().lstrip("^") if not heading.strip().startswith("^") else ""
    shown = label if label and not (embed and re.fullmatch(r"\d+(x\d+)?", label)) else (
        f"{page} > {heading}" if page and heading else page or heading)
    if embed and "embed" not in seen:
        seen.add("embed")
        if target.lower().endswith(IMAGE_SUFFIXES):
            ctx.report.warning(ctx.file, f"'{match.group(0)[:60]}' embeds a picture inside a line of text, where it "
                               "is not drawn: its name is printed", line, ctx.col_of(line, "![["), code="inline-image",
                               hint="put the picture's ![[…]] alone on its line, where it becomes a figure")
        else:
            ctx.report.warning(ctx.file, f"'{match.group(0)[:60]}' embeds another note, which is not included: its "
                               "name is printed", line, ctx.col_of(line, "![["), code="template",
                               hint="paste the note's text here, or link to it")
    return shown
