"""A paragraph's inline Markdown -> spans: text with its bold, italic, strike, code and link.

Raw HTML inline: comments are dropped, `<br>` is a line break, the tags of inline formatting
(`FORMATTING`: <b>, <i>, <code>, <sub>, <sup>, <s>, <u>…) set their text so, their attributes
ignored (nothing of them reaches ReportLab but the flags of a span), as do the wrappers of an
HTML block (<div>, <p>, <details>, <summary> in bold); `<a href>` is a link, checked as
Markdown's are; `<img>` in text prints its alt text (with a warning); any other tag is the
literal text the author typed (with a warning and a hint). Subscript and superscript text is
written in Unicode's subscript and superscript characters (H₂O, x², 1ˢᵗ) where each of its
characters has one, else as plain text. Markdown the layout does not take, which
the parser leaves as text (a footnote mark without its note, a definition list's colon), is
reported here too. Links are checked (http, https, mailto and #anchors only).
"""

from __future__ import annotations

import dataclasses
import re
from html import unescape as html_unescape
from typing import TYPE_CHECKING

from newsletter_cli.content.autolinks import has_address, split as split_addresses
from newsletter_cli.content.model import Span
from newsletter_cli.content.typography import smart

if TYPE_CHECKING:
    from newsletter_cli.content.markdown import Context

BR_TAG = re.compile(r"^<br\s*/?>$", re.I)
HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(\s[^<>]*)?/?>")
FOOTNOTE = re.compile(r"\[\^[^\]\s\[]{1,200}\]")  # (bounded: "[^[^[^…" is linear, not its length squared)
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP = dict(zip("0123456789+-=()niabcdefghjklmoprstuvwxyz\u2212", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁻"))
_SUB = dict(zip("0123456789+-=()aeoxhklmnpst\u2212", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ₋"))
# inline HTML formatting: the tag -> what it sets (a counter of `inline_spans`), or None: its text plain
FORMATTING = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "cite": "italic", "var": "italic",
    "dfn": "italic", "s": "strike", "del": "strike", "strike": "strike", "code": "code", "kbd": "code",
    "samp": "code", "tt": "code", "sub": "sub", "sup": "sup", "u": None, "ins": None, "mark": None,
    "small": None, "big": None, "span": None, "abbr": None, "q": None, "time": None, "wbr": None, "nobr": None,
    # the wrappers of HTML blocks (a newsletter exported from a web editor): their text is kept
    "summary": "bold", "details": None, "div": None, "p": None, "center": None, "section": None,
    "article": None, "header": None, "footer": None, "aside": None, "main": None, "figcaption": None,
}
_ATTRIBUTE = r"""\s{}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""


def tag_attribute(tag: str, name: str) -> str | None:
    """The value of attribute `name` in the HTML tag `tag` (entities decoded), or None."""
    found = re.search(_ATTRIBUTE.format(re.escape(name)), tag, re.I)
    return html_unescape(next(g for g in found.groups() if g is not None)) if found else None


def inline_image(ctx: Context, line: int, col) -> None:
    """The warning for a picture in a line of text (Markdown's or an `<img>`): its words are
    kept, the picture is not drawn."""
    ctx.report.warning(ctx.file, "an image inside a line of text is not drawn: its alternative text "
                       "is printed in its place", line, col, code="inline-image",
                       hint="put the image alone in its own paragraph, where it becomes a figure")
_FORMAT_TAG = re.compile(r"^<(/?)([A-Za-z]+)(?:\s[^<>]*)?/?>$")
ALLOWED_SCHEMES = ("http", "https", "mailto")
MAX_URL = 8000  # characters of a link's address at most
# a link the PDF viewer might follow into code or the reader's own files: an error, not a warning
REFUSED_SCHEMES = ("javascript", "vbscript", "livescript", "data", "file", "blob", "filesystem", "about")
HTML_HINTS = {
    "b": "use **bold**", "strong": "use **bold**", "i": "use *italic*", "em": "use *italic*",
    "img": "a figure is ![caption](photo.jpg) alone in its paragraph",
    "a": "a link is [text](https://…)", "br": "write it as <br> alone to break the line",
}


def alt_text(image) -> str:
    parts = []
    script = None
    for child in image.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type in ("sub_open", "sup_open"):
            script = child.type[:3]
        elif child.type in ("sub_close", "sup_close"):
            script = None
        else:
            parts.append(pandoc_script(script, child.content) if script and child.type == "text" else child.content)
    return "".join(parts).strip()


def pandoc_script(kind: str, text: str) -> str:
    """Pandoc's `H~2~O` (`kind` "sub") and `x^2^` ("sup") in Unicode's subscript or superscript
    characters when each of its characters has one; else as typed, its marks kept (`e^iπ^`)."""
    table = _SUB if kind == "sub" else _SUP
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    mark = "~" if kind == "sub" else "^"
    return mark + text + mark


def inline_spans(inline, line, ctx: Context, image_reported: bool = False) -> list[Span]:
    spans: list[Span] = []
    bold = italic = struck = 0
    html = dict.fromkeys(("bold", "italic", "strike", "code", "sub", "sup"), 0)  # inline HTML tags open
    opened: dict[str, tuple[str, int]] = {}  # the tag that opened each, and its line
    href: str | None = None
    seen: set[str] = set()  # one warning of each kind per paragraph
    children = inline.children or []
    autolink = False
    script = None  # inside Pandoc's ~subscript~ or ^superscript^: "sub" or "sup"
    quoting = [False]  # a typed single quote open (typography.smart)

    def span(text: str, code: bool = False, soft_break: bool = False) -> Span:  # in the styles open here
        return Span(text, bold + html["bold"] > 0, italic + html["italic"] > 0, code or html["code"] > 0, href,
                    soft_break, struck + html["strike"] > 0)

    def scripted(text: str) -> str:  # in <sub> or <sup>: in Unicode's characters where each has one
        table = _SUP if html["sup"] > html["sub"] else _SUB if html["sub"] else None
        if table is None or not all(c in table for c in text):
            return text
        return "".join(table[c] for c in text)

    for index, child in enumerate(children):
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            line += 1  # the paragraph's next source line
        if kind == "text" and script:
            text = pandoc_script(script, child.content)
            if text[:1] in "~^":  # as typed: what it holds is checked as any text is
                _text_checks(text, line, ctx, seen, after_break=False)
            spans.append(span(text))
        elif kind == "text":
            text = child.content if autolink or not _from_other_tools(child.content) else _tool_text(
                child.content, line, ctx, seen, after_link=index > 0 and children[index - 1].type == "link_close")
            if text:
                _text_checks(text, line, ctx, seen,
                             after_break=index > 0 and children[index - 1].type == "softbreak")
                # an address written as a link (<https://…>, or bare) is printed as typed
                if autolink:
                    spans.append(span(scripted(text)))
                elif href is None and has_address(text):  # a bare address is a link (autolinks.py)
                    for piece, target in split_addresses(text):
                        if target is None:
                            spans.append(span(scripted(smart(emojized(piece), ctx.quotes, _last_char(spans), quoting))))
                        else:
                            spans.append(dataclasses.replace(span(piece), href=target))
                else:
                    spans.append(span(scripted(smart(emojized(text), ctx.quotes, _last_char(spans), quoting))))
        elif kind == "softbreak":
            spans.append(span(" "))
        elif kind == "hardbreak":
            spans.append(span("\n", soft_break=True))
        elif kind == "footnote_ref":  # the note's number, raised
            spans.append(span(child.content.translate(SUPERSCRIPT)))
        elif kind == "code_inline":
            spans.append(span(scripted(child.content), code=True))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind in ("sub_open", "sup_open", "sub_close", "sup_close"):
            script = kind[:3] if kind.endswith("_open") else None
        elif kind in ("mark_open", "mark_close"):  # ==highlight==: plain text, as <mark> is
            pass
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
            autolink = child.info == "auto"  # (<https://…>, or a bare address linkified)
        elif kind == "link_close":
            href, autolink = None, False
        elif kind == "image":
            if not image_reported:
                ctx.report.warning(ctx.file, "an image in a table cell, heading or link is not supported: only "
                                   "its caption text is printed", line, ctx.col_of(line, "!["), code="inline-image",
                                   hint="put the image alone in its own paragraph, where it becomes a figure")
            spans.append(Span(alt_text(child), bold > 0, italic > 0, strike=struck > 0))
        elif kind == "html_inline":
            if child.content.startswith("<!--"):  # a comment: dropped
                line += child.content.count("\n")
            elif BR_TAG.match(child.content):  # a line break (in a table cell the only way to one)
                spans.append(span("\n", soft_break=True))
            elif (tag := _FORMAT_TAG.match(child.content)) and tag.group(2).lower() == "a":
                target = tag_attribute(child.content, "href")  # <a href="…">: a link, checked; <a name=…>: its text
                href = None if tag.group(1) or target is None else check_link(target, ctx, line)
            elif (tag := _FORMAT_TAG.match(child.content)) and tag.group(2).lower() == "img":
                alt = tag_attribute(child.content, "alt") or ""
                if not image_reported:
                    inline_image(ctx, line, ctx.col_of(line, child.content[:20]))
                    image_reported = True
                if alt:
                    spans.append(span(alt))
            elif (tag := _FORMAT_TAG.match(child.content)) and tag.group(2).lower() in FORMATTING:
                sets = FORMATTING[tag.group(2).lower()]
                if sets is not None:
                    html[sets] = max(html[sets] - 1, 0) if tag.group(1) else html[sets] + 1
                    if not tag.group(1) and html[sets] == 1:
                        opened[sets] = (child.content, line)
            else:  # any other tag is printed as typed
                _text_checks(child.content, line, ctx, seen, after_break=False)
                spans.append(span(child.content))
    for sets, count in html.items():
        if count and sets in opened:
            tag, at = opened[sets]
            ctx.report.warning(ctx.file, f"'{tag[:40]}' is never closed: the rest of the paragraph is set so", at,
                               ctx.col_of(at, tag), code="html", hint=f"close it with '</{_FORMAT_TAG.match(tag).group(2)}>'")
            break
    return _merge(spans)


def _last_char(spans: list[Span]) -> str:
    """The character printed before the next run: a code span's counts as a letter."""
    if not spans:
        return " "
    return "a" if spans[-1].code else (spans[-1].text[-1:] or " ")


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
        ctx.report.warning(ctx.file, "a ': ' line after a paragraph of several lines is not a definition (a "
                           "term is one line): the colon is printed", line, ctx.col_of(line, ":"),
                           code="definition-list", hint="write the term on one line: 'Term', then ': definition'")


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


_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")


def emojized(text: str) -> str:
    """`text` with GitHub's and Slack's emoji shortcodes (`:rocket:`, `:tada:`, `:+1:`) as their
    emoji; an unknown one (`:not_a_name:`) and a time of day (10:30:45) stay as typed. The
    `emoji` library is imported only for a text that has a shortcode's shape."""
    if ":" not in text or not _SHORTCODE.search(text):
        return text
    import emoji

    return emoji.emojize(text, language="alias")


def check_link(url: str, ctx: Context, line: int) -> str | None:
    """The link target `url` as the PDF may carry it, or None: then the text is printed without
    a link. A script or a local file (`javascript:`, `file:`…) and a malformed web or e-mail
    address are errors; a target a PDF has nothing to resolve against (`/issues/75`, `notes.md`,
    `[text]()`) or of another scheme (`irc:`, `tel:`) is a warning, as its text still reads."""
    url = url.strip()
    if len(url) > MAX_URL:  # (PDF/A holds a string of 32,767 bytes at most, escapes and all)
        ctx.report.warning(ctx.file, f"link '{url[:80]}…' is {len(url):,} characters long; a link in the PDF holds "
                           f"at most {MAX_URL:,}: its text is printed without the link", line,
                           ctx.col_of_target(line, url[:80]), code="link-target",
                           hint="link to a shorter address (the page itself, not a search or a tracking link)")
        return None
    if url.startswith("#"):
        return url if re.fullmatch(r"#[A-Za-z0-9_.:-]+", url) else None
    from newsletter_cli.content.links import url_problem

    problem = url_problem(url)
    if problem is None:
        return url
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    col = ctx.col_of_target(line, url) if url else None
    if scheme not in ALLOWED_SCHEMES and scheme not in REFUSED_SCHEMES and not problem.startswith("contains"):
        ctx.report.warning(ctx.file, f"link '{url[:80]}' is not a web or e-mail address a reader of the PDF can "
                           "open: its text is printed without the link", line, col, code="link-target",
                           hint="write the whole address (https://…), or #anchor for an article or a section")
        return None
    refused = scheme in REFUSED_SCHEMES
    ctx.report.error(ctx.file, f"link '{url[:80]}' {'is not allowed: use http, https, mailto or a #anchor' if refused else problem}",
                     line, col, code="link-scheme" if refused else "link")
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
    # the spaces a dropped tag or comment leaves at the paragraph's ends (`<div>` on its own line)
    while merged and not merged[0].code and not merged[0].soft_break and not merged[0].text.strip():
        merged.pop(0)
    while merged and not merged[-1].code and not merged[-1].soft_break and not merged[-1].text.strip():
        merged.pop()
    if merged and not merged[0].code and merged[0].text[:1].isspace():
        merged[0] = dataclasses.replace(merged[0], text=merged[0].text.lstrip())
    if merged and not merged[-1].code and merged[-1].text[-1:].isspace():
        merged[-1] = dataclasses.replace(merged[-1], text=merged[-1].text.rstrip())
    return merged


def plain_text(spans: list[Span]) -> str:
    return "".join(s.text for s in spans)


def _from_other_tools(text: str) -> bool:
    """Whether a text token may hold what other tools write inside a line (exports_inline.py)."""
    return "{" in text or "[[" in text or "%%" in text


def _tool_text(*args, **kw) -> str:
    from newsletter_cli.content.exports_inline import tool_text  # (imported by a text that may need it)

    return tool_text(*args, **kw)
