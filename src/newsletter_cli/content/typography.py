"""Typed punctuation as a printer sets it: curly quotes and apostrophes, dashes, an ellipsis.

Contributors type `"`, `'`, `--` and `...` on a keyboard; a printed page has “quotes”, the
apostrophe of don’t, en and em dashes and an ellipsis, as Pandoc (`smart`), Hugo and kramdown
print them. The quotes are the issue's language's (`QUOTES`: „so“ in German, « ainsi » in French,
«так» in Russian). What is decided by the character before a mark only, as SmartyPants does: a
double quote after a space or an opening bracket opens, else it closes; a single quote after a
letter, a digit or closing punctuation is an apostrophe (’), before a year's two digits too (’90s),
else it opens. A template tag printed as typed (Hugo's `{{< param "x" >}}`, Liquid's `{% … %}`)
keeps its marks, as code does. `--` is an en dash between spaces or digits (1990--2000) and stays as typed
elsewhere (`--help`, `<!--`); `---` is an em dash; three dots are an ellipsis. Code is never
touched (the caller passes only text), nor is an address printed as typed.
"""

from __future__ import annotations

import re

# language -> (double open, double close, single open, single close)
QUOTES = {
    "en": "“”‘’", "de": "„“‚‘", "fr": "«»‹›", "es": "«»“”", "it": "«»“”", "pt": "“”‘’", "ru": "«»„“",
    "uk": "«»„“", "pl": "„”«»", "nl": "“”‘’", "cs": "„“‚‘", "sv": "””’’", "fi": "””’’", "da": "»«›‹",
    "nb": "«»‘’", "no": "«»‘’", "ja": "「」『』", "zh": "“”‘’", "ko": "“”‘’", "th": "“”‘’", "vi": "“”‘’",
    "id": "“”‘’", "ms": "“”‘’", "tr": "“”‘’", "ar": "«»“”",
}
APOSTROPHE = "’"
NBSP = "\u00a0"
_SPACED = ("fr",)  # a no-break space inside « » (French usage)
_OPENS_AFTER = set(" \t\n\u00a0([{<‘“«‹„‚-–—/")  # a quote after these opens
_ELIDED = ("tis", "twas", "em", "til", "cause", "n", "bout", "round")  # ’em, ’til, rock ’n’ roll
_MARKS = re.compile(r"[\"']|\.\.\.|---|--")


def quotes_for(language: str | None) -> str:
    """The four quote marks of a language tag ("en-GB", "de", "pt_BR"); English's for others."""
    code = (language or "en").replace("_", "-").split("-")[0].lower()
    return QUOTES.get(code, QUOTES["en"]) + (NBSP if code in _SPACED else "")


_TAGS = (("{{", "}}"), ("{%", "%}"))


def smart(text: str, quotes: str, before: str = " ", state: list | None = None) -> str:
    """`text` set by `_smart`, but for the template tags in it, left as typed."""
    if "{{" not in text and "{%" not in text:
        return _smart(text, quotes, before, state)
    state = [False] if state is None else state
    out, at = [], 0
    ahead = {opening: text.find(opening) for opening, _ in _TAGS}  # where each is next (found once each)
    while True:
        for opening, where in ahead.items():
            if 0 <= where < at:
                ahead[opening] = text.find(opening, at)
        found = [(ahead[opening], closing) for opening, closing in _TAGS if ahead[opening] >= 0]
        if not found:
            break
        start, closing = min(found)
        end = text.find(closing, start + 2)
        if end < 0:
            break
        out.append(_smart(text[at:start], quotes, text[at - 1] if at else before, state))
        out.append(text[start:end + 2])
        at = end + 2
    out.append(_smart(text[at:], quotes, text[at - 1] if at else before, state))
    return "".join(out)


def _smart(text: str, quotes: str, before: str = " ", state: list | None = None) -> str:
    """`text` with its typed quotes, dashes and dots set; `before` is the character printed just
    before it (the end of the previous run of the line, a space at a paragraph's start); `state`
    ([False] for a paragraph, passed to each of its runs) holds whether a single quote is open:
    its closing one is the language's, where an apostrophe would be the same mark in English."""
    state = [False] if state is None else state
    if not ('"' in text or "'" in text or ".." in text or "--" in text):
        return text
    opening, closing, single_open, single_close = quotes[:4]
    spaced = quotes[4:] == NBSP
    out: list[str] = []
    at = 0
    for found in _MARKS.finditer(text):
        start, mark = found.start(), found.group()
        out.append(text[at:start])
        at = found.end()
        prev = text[start - 1] if start else before
        after = text[at:at + 1]
        if mark == "...":
            out.append("…")
        elif mark == "---":
            out.append("—")
        elif mark == "--":
            between = prev.isspace() and (not after or after.isspace())
            out.append("–" if between or prev.isdigit() and after.isdigit() else mark)
        elif mark == '"':
            if prev in _OPENS_AFTER or not prev:
                if after.isspace() or not after:
                    out.append(mark)  # a quote alone between spaces: as typed
                else:
                    out.append(opening + NBSP if spaced else opening)
            else:
                out.append(NBSP + closing if spaced else closing)
        else:  # a single quote
            if prev.isalnum() or prev in ".,;:!?)]}…%’”»›":
                closes = state[0] and not after.isalnum()
                out.append(single_close if closes else APOSTROPHE)
                state[0] = state[0] and not closes
            elif after.isdigit() and text[at + 1:at + 2].isdigit() and not text[at + 2:at + 3].isdigit():
                out.append(APOSTROPHE)  # ’90s
            elif prev in _OPENS_AFTER or not prev:
                word = re.match(r"[A-Za-z]+", text[at:at + 8])
                if word and word.group().lower() in _ELIDED:
                    out.append(APOSTROPHE)
                elif after.isspace() or not after:
                    out.append(mark)
                else:
                    out.append(single_open)
                    state[0] = True
            else:
                out.append(single_close)
                state[0] = False
    out.append(text[at:])
    return "".join(out)
