"""The order in which the pieces of a line are seen: Hebrew and Arabic read right to left.

The rule of the Unicode bidirectional algorithm for runs of strong characters, the neutrals
and the numbers between them (`visual`): in a left-to-right paragraph the words of a name in
Arabic are laid out from right to left, its digits stay left to right, and a neutral between
two right-to-left words (a space, a bracket) goes with them, mirrored; in a paragraph whose
first strong letter is Hebrew or Arabic (`direction`), the pieces run from the right and
English words and numbers among them read left to right. `sequences` tells where each
right-to-left sequence starts and ends, for the marked content that carries its logical text.
Plain text in, indices out: no fonts, no ReportLab (layout.shaping draws).
"""

from __future__ import annotations

import re
import unicodedata

RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def _kind(text: str) -> str:
    """R, L, EN (a number) or N (neutral): the first strong character's direction."""
    number = False
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
        number = number or kind in ("EN", "AN")
    return "EN" if number else "N"


def direction(text: str) -> str:
    """"R" if `text` reads right to left (its first strong character is Hebrew or Arabic, the
    rule of the bidirectional algorithm, P2), else "L"."""
    if text.isascii() or not RTL.search(text):
        return "L"
    return "R" if _kind(text) == "R" else "L"


def visual(texts: list[str], base: str = "L") -> list[tuple[int, bool, int]]:
    """The pieces of a line in the order they are seen: (index, whether the piece is a neutral
    set right to left (reversed, mirrored), its level). `base` is the paragraph's direction:
    "R" for a right-to-left paragraph, whose pieces run from the right, left-to-right words
    and numbers among them read left to right."""
    kinds = [_kind(t) for t in texts]
    last = base
    for i, kind in enumerate(kinds):  # a number after left-to-right text is left to right
        if kind in ("L", "R"):
            last = kind
        elif kind == "EN" and last == "L":
            kinds[i] = "L"
    strong = ["R" if k == "EN" else k for k in kinds]
    resolved, neutral = list(strong), [k == "N" for k in kinds]
    i, n = 0, len(kinds)
    while i < n:
        if strong[i] != "N":
            i += 1
            continue
        j = i
        while j < n and strong[j] == "N":
            j += 1
        before = strong[i - 1] if i else base
        after = strong[j] if j < n else base
        for m in range(i, j):
            resolved[m] = before if before == after else base
        i = j
    if base == "R":  # right to left at level 1; left-to-right text and numbers at level 2
        levels = [2 if r == "L" or kinds[i] == "EN" else 1 for i, r in enumerate(resolved)]
    else:
        levels = [0 if r == "L" else (2 if kinds[i] == "EN" else 1) for i, r in enumerate(resolved)]
    order = list(range(n))
    for level in range(max(levels, default=0), 0, -1):
        p = 0
        while p < n:
            if levels[order[p]] >= level:
                q = p
                while q < n and levels[order[q]] >= level:
                    q += 1
                order[p:q] = order[p:q][::-1]
                p = q
            else:
                p += 1
    return [(i, neutral[i] and levels[i] % 2 == 1, levels[i]) for i in order]


def mirrored(text: str) -> str:
    return text[::-1].translate(_MIRROR)


def sequences(order: list[tuple[int, bool, int]], logical: list[str]):
    """For each piece in visual order: (the logical text of the right-to-left sequence it opens,
    or None; whether it closes one)."""
    out = [[None, False] for _ in order]
    p = 0
    while p < len(order):
        if order[p][2] == 0:
            p += 1
            continue
        q = p
        while q < len(order) and order[q][2] > 0:
            q += 1
        indices = sorted(order[m][0] for m in range(p, q))
        out[p][0] = "".join(logical[i] for i in indices)
        out[q - 1][1] = True
        p = q
    return out
