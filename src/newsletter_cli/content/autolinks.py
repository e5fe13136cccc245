"""Web and e-mail addresses typed bare in text, made links, as GitHub's Markdown makes them.

A mail or a link round-up has `https://example.org/page`, `www.example.org` and
`desk@example.org` in its text, not in `<…>` or `[…](…)`; a reader of the PDF expects to click
them. As GitHub's extended autolinks: an address starts after a space, at the start of the
text or after `(`, `*`, `_`, `~`, a quote; it ends at a space or `<`; punctuation at its end
(`.`, `,`, `:`, `;`, `!`, `?`, quotes, `*`, `_`, `~`) is the sentence's, and so is a closing
bracket with no opening one inside the address. `www.` addresses open as http://. An address
a link check refuses (content/links.py) stays text. The search is linear in the text: it
starts from each `://`, `www.` and `@` found with `str.find`, and looks at most `MAX` characters
around it, so a megabyte without a space costs one pass.
"""

from __future__ import annotations

MAX = 2048  # characters of one address at most: a longer run is not made a link
_BEFORE = " \t\n\u00a0(*_~\"'“‘«"  # an address starts at the text's start or after one of these
_TRAILING = ".,:;!?\"'*_~’”»"
_LOCAL = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+")
_DOMAIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")


def has_address(text: str) -> bool:
    return "://" in text or "www." in text or "@" in text


def split(text: str) -> list[tuple[str, str | None]]:
    """`text` as pieces (text, link target or None), in order; joined, they are `text`."""
    from newsletter_cli.content.links import url_problem

    found: list[tuple[int, int, str]] = []
    at = 0
    ahead = {mark: text.find(mark) for mark in ("://", "www.", "@")}
    while at < len(text):
        hit = _next(text, at, ahead)
        if hit is None:
            break
        start, end, href = hit
        if url_problem(href) is None:
            found.append((start, end, href))
        at = max(end, at + 1)
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for start, end, href in found:
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], href))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def _next(text: str, at: int, ahead: dict) -> tuple[int, int, str] | None:
    """The first address at or after `at`: (start, end, target), or None. `ahead` keeps where
    each mark is next found, so that each is looked for once per occurrence."""
    while True:
        for mark, where in list(ahead.items()):
            if 0 <= where < at:
                ahead[mark] = text.find(mark, at)
        found_at = [where for where in ahead.values() if where >= 0]
        if not found_at:
            return None
        where = min(found_at)
        if text.startswith("://", where):
            found = _web(text, where)
        elif text.startswith("www.", where):
            found = _www(text, where)
        else:
            found = _mail(text, where)
        if found is not None:
            return found
        at = where + 1


def _starts(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] in _BEFORE


def _web(text: str, mark: int) -> tuple[int, int, str] | None:
    for scheme in ("https", "http"):
        start = mark - len(scheme)
        if start >= 0 and text[start:mark].lower() == scheme and _starts(text, start):
            if mark + 3 < len(text) and text[mark + 3] in _DOMAIN and text[mark + 3] not in ".-_":
                end = _end(text, mark + 3)
                return (start, end, text[start:end]) if end is not None else None
    return None


def _www(text: str, mark: int) -> tuple[int, int, str] | None:
    if not _starts(text, mark):
        return None
    domain = mark + 4
    while domain < len(text) and text[domain] in _DOMAIN:
        domain += 1
    if "." not in text[mark + 4:domain].strip("."):
        return None
    end = _end(text, mark + 4)
    return (mark, end, "http://" + text[mark:end]) if end is not None else None


def _end(text: str, start: int) -> int | None:
    """Where an address that goes on from `start` ends: at a space or `<`, without the
    sentence's punctuation after it; None for one longer than MAX (it stays text, whole)."""
    end = start
    limit = min(len(text), start + MAX)
    while end < limit and not text[end].isspace() and text[end] != "<":
        end += 1
    if end == limit < len(text) and not text[end].isspace() and text[end] != "<":
        return None
    while end > start:
        last = text[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1
        else:
            break
    return end


def _mail(text: str, mark: int) -> tuple[int, int, str] | None:
    start = mark
    while start > 0 and mark - start < 64 and text[start - 1] in _LOCAL:
        start -= 1
    if start == mark or not _starts(text, start) or text[start] in ".-":
        return None
    end = mark + 1
    limit = min(len(text), mark + 256)
    while end < limit and text[end] in _DOMAIN:
        end += 1
    while end > mark + 1 and text[end - 1] in ".-_":
        end -= 1
    domain = text[mark + 1:end]
    if "." not in domain or domain.startswith(".") or ".." in domain or end < len(text) and text[end] in "@":
        return None
    return start, end, "mailto:" + text[start:end]
