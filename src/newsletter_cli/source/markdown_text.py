"""Text from a Word document, written as this project's Markdown so that it prints as typed.

Every character Markdown could read as syntax is backslash-escaped (`*`, `#`, `<`, `[`, `|`,
`~`, …), and so is what would start a block at the beginning of a line (`- `, `1. `, `:::`).
Runs become `**bold**`, `*italic*`, `~~struck through~~`, `` `code` `` and `[text](url)`. Each paragraph is parsed
back with the article reader's own parser and compared with the document's text: when the
two differ (emphasis that CommonMark cannot open or close at that place), the paragraph is
written without its inline styles rather than with stray asterisks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

ESCAPED = set("\\`*_[]<>#|!~{}()&$^")
LINE_START = re.compile(r"^(\s*)([-+=:]|\d{1,9}[.)])")
URL_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    brk: bool = False  # a line break inside the paragraph
    note: int = 0  # a footnote mark `[^n]` (its text is empty)
    strike: bool = False  # struck through
    script: str = ""  # "sup" or "sub": raised or lowered (written as <sup>…</sup>, <sub>…</sub>)


def footnotes_supported() -> bool:
    """Whether the article reader takes `text[^1]` with `[^1]: the note` (asked of its parser)."""
    from newsletter_cli.content.markdown import markdown

    tokens = markdown().parse("a[^1]\n\n[^1]: n\n")
    return any(c.type == "footnote_ref" for t in tokens for c in (t.children or []))


def escape(text: str) -> str:
    text = "".join("\\" + c if c in ESCAPED else c for c in text)
    # `==` would open a highlight (`==x==`): escaped, while a single `=` (`a = b`) stays as it is
    return re.sub(r"={2,}", lambda m: "\\=" * len(m.group()), text) if "==" in text else text


def escape_line_start(line: str) -> str:
    """`- x`, `+ x`, `1. x`, `a. x`, `iv. x`, `::: x`, `=` at the start of a line would start a block
    (`a) x` and `(a) x` have their parentheses escaped already)."""
    from newsletter_cli.content.numbering import marker

    line = LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), line, count=1)
    at = len(line) - len(line.lstrip(" \t"))
    found = marker(line, at, len(line)) if line[at:at + 1].isalpha() else None
    if found is not None and found.delim == "period" and not (found.single and found.style.startswith("upper")
                                                                and found.spaces < 2):
        line = line[:found.end - 1] + "\\" + line[found.end - 1:]  # `a\. x`: text
    return line


def safe_url(url: str) -> str | None:
    """The link target as written in the article, or None when the article reader would refuse
    it (the build checks every link with `content.links`: a mailto whose address is not one)."""
    return None if link_problem(url) else _escaped_url(url)


def link_problem(url: str) -> str | None:
    """Why a Word link cannot be a link of the article, or None."""
    from newsletter_cli.content.links import url_problem

    url = url.strip()
    if not url.lower().startswith(URL_SCHEMES) or any(ord(c) < 0x20 for c in url):
        return "is not http, https or mailto"
    return url_problem(_escaped_url(url))


def _escaped_url(url: str) -> str:
    return re.sub(r"[\s()<>\\]", lambda m: "%{:02X}".format(ord(m.group(0))), url.strip())


def normalise(runs: list[Run]) -> list[Run]:
    """Merge neighbours with the same style; collapse spaces; strip the paragraph's ends."""
    merged: list[Run] = []
    for run in runs:
        text = re.sub(r"[ \t\u00a0]{2,}", " ", run.text.replace("\t", " ")) if not run.code else run.text
        if not text and not run.brk and not run.note:
            continue
        run = replace(run, text=text)
        prev = merged[-1] if merged else None
        if (prev and not prev.brk and not run.brk and not prev.note and not run.note and
                (prev.bold, prev.italic, prev.code, prev.href, prev.strike, prev.script)
                == (run.bold, run.italic, run.code, run.href, run.strike, run.script)):
            merged[-1] = replace(prev, text=prev.text + run.text)
        else:
            merged.append(run)
    merged = [r if r.code or r.brk or r.note else _replace_text(r, re.sub(r" {2,}", " ", r.text)) for r in merged]
    for k in range(1, len(merged)):  # one space where two runs meet
        prev, run = merged[k - 1], merged[k]
        if not prev.code and not run.code and prev.text.endswith(" ") and run.text.startswith(" "):
            merged[k] = _replace_text(run, run.text[1:])
    while merged and (merged[0].brk or not merged[0].text.strip()) and not merged[0].note:
        merged.pop(0)
    while merged and (merged[-1].brk or not merged[-1].text.strip()) and not merged[-1].note:
        merged.pop()
    if merged:
        merged[0] = _replace_text(merged[0], merged[0].text.lstrip())
        merged[-1] = _replace_text(merged[-1], merged[-1].text.rstrip())
    return merged


def _replace_text(run: Run, text: str) -> Run:
    return replace(run, text=text)


def plain(runs: list[Run]) -> str:
    return "".join("\n" if r.brk else r.text for r in runs)


def inline(runs: list[Run], styles: bool = True, breaks: bool = True) -> str:
    """The Markdown of one paragraph's runs (already normalised)."""
    pieces: list[str] = []
    for run in runs:
        if run.brk:
            pieces.append("\\\n" if breaks else " ")
            continue
        pieces.append(_run(run, styles))
    text = "".join(pieces)
    return "\n".join(escape_line_start(line) for line in text.split("\n"))


def _run(run: Run, styles: bool) -> str:
    if run.note:
        return f"[^{run.note}]"
    text = run.text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    core = text.strip()
    if not core:
        return escape(text)
    if run.code and styles:
        body = _code_span(core)
    else:
        body = escape(core)
        if styles and run.strike:
            body = f"~~{body}~~"
        if styles and (run.bold or run.italic):
            mark = "***" if run.bold and run.italic else "**" if run.bold else "*"
            body = f"{mark}{body}{mark}"
        if styles and run.script in ("sup", "sub"):  # (inline.py sets them in Unicode's raised digits)
            body = f"<{run.script}>{body}</{run.script}>"  # outside the marks: `*x*<sup>*2*</sup>` reads back
    if styles and run.href:
        url = safe_url(run.href)
        if url:
            body = f"[{body}]({url})"
    return lead + body + trail


def _code_span(text: str) -> str:
    ticks = max((len(m) for m in re.findall(r"`+", text)), default=0) + 1
    fence = "`" * ticks
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def paragraph(runs: list[Run]) -> tuple[str, bool]:
    """(Markdown, whether the inline styles were kept) for a paragraph's runs."""
    text = inline(runs)
    if _reads_back(text, runs):
        return text, True
    return inline(runs, styles=False), False


def _reads_back(markdown_text: str, runs: list[Run]) -> bool:
    from newsletter_cli.content.markdown import markdown

    notes = [r.note for r in runs if r.note]  # their definitions, as the article's end will have them
    tokens = markdown().parse(markdown_text + "".join(f"\n\n[^{n}]: note" for n in notes))
    if (len(tokens) < 3 or tokens[0].type != "paragraph_open" or tokens[2].type != "paragraph_close"
            or any(not t.type.startswith("footnote") for t in tokens[3:] if t.level == 0)):
        return False
    if sum(c.type == "footnote_ref" for c in tokens[1].children or []) != len(notes):
        return False
    got: list[str] = []
    for child in tokens[1].children or []:
        if child.type in ("text", "code_inline"):
            got.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            got.append("\n")
        elif child.type == "image":
            return False
    return "".join(got) == plain(runs) and _styles_survive(tokens[1].children or [], runs)


def _styles_survive(children, runs: list[Run]) -> bool:
    opened = sum(1 for c in children if c.type in ("strong_open", "em_open", "s_open", "link_open"))
    wanted = sum((r.bold and not r.code) + (r.italic and not r.code) + (r.strike and not r.code)
                 + bool(r.href and safe_url(r.href)) for r in runs if r.text.strip() and not r.brk)
    return opened == wanted
