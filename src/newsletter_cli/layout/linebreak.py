"""Knuth–Plass line breaking for justified paragraphs.

ReportLab fills lines greedily: when the next word does not fit and cannot be hyphenated,
the line is stretched, however loose. Here the whole paragraph is considered at once: every
feasible break (between words, at hyphenation points, after a compound's own hyphen) is
weighed, and the set of breaks with the least total badness wins, with extra cost for
consecutive hyphens. The result is the paragraph's spans with explicit line breaks; the
style then justifies every line but the last (`justifyBreaks`).

Widths come from the same font metrics ReportLab uses, so its own line filling agrees with
ours. When no acceptable breaking exists, `break_lines` returns None and ReportLab's greedy
breaker is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase.pdfmetrics import stringWidth

from newsletter_cli.model import Span

STRETCH = 1.0      # a space may grow to twice its width (the preflight's loose limit)
SHRINK = 0.27      # and close to 73% (ReportLab is allowed 30% in pre-broken text)
HYPHEN_PENALTY = 50
DOUBLE_HYPHEN = 3000
LINE_PENALTY = 10
LOOSE_DEMERITS = 1e7
MAX_WORDS = 2000
_EDGE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.S)


@dataclass
class Piece:
    text: str
    span: Span
    width: float


@dataclass
class Item:
    kind: str  # "box", "glue", "penalty"
    width: float
    pieces: list  # box: the text pieces; penalty: the hyphen piece (or empty)
    stretch: float = 0.0
    shrink: float = 0.0
    penalty: float = 0.0
    flagged: bool = False


@lru_cache(maxsize=64)
def _face(base: str, bold: bool, italic: bool) -> str:
    return tt2ps(base, int(bold), int(italic))


def _font(base: str, span: Span) -> str:
    """The face ReportLab will use for the span (base is a registered family's regular face)."""
    return _face(base, span.bold, span.italic)


@lru_cache(maxsize=50000)
def _width(text: str, face: str, size: float) -> float:
    return stringWidth(text, face, size)


def _items(spans: list[Span], font: str, size: float, hyphenate) -> list[Item] | None:
    """Boxes (word parts), glue (spaces) and penalties (break points) of the paragraph."""
    words: list[list[Piece]] = [[]]
    for span in spans:
        if span.soft_break or span.code:
            return None  # forced breaks and code: leave the paragraph to ReportLab
        face = _font(font, span)
        for i, chunk in enumerate(re.split(r"( )", span.text)):
            if chunk == " ":
                if words[-1]:
                    words.append([])
            elif chunk:
                words[-1].append(Piece(chunk, span, _width(chunk, face, size)))
    words = [w for w in words if w]
    if not words or len(words) > MAX_WORDS:
        return None
    items: list[Item] = []
    for n, word in enumerate(words):
        if n:
            last = words[n - 1][-1]
            space = _width(" ", _font(font, last.span), size)
            items.append(Item("glue", space, [], stretch=space * STRETCH, shrink=space * SHRINK))
        if len(word) == 1:  # the common case: one style, and words repeat: cached
            items.extend(_single_word_items(word[0].text, word[0].span, font, size, hyphenate))
        else:
            items.extend(_word_items(word, font, size, hyphenate))
    items.append(Item("glue", 0, [], stretch=1e6))
    items.append(Item("penalty", 0, [], penalty=-1e6))
    return items


def _word_items(word: list[Piece], font: str, size: float, hyphenate) -> list[Item]:
    if len(word) != 1:
        return [Item("box", sum(p.width for p in word), word)]
    piece = word[0]
    face = _font(font, piece.span)
    lead, core, tail = _EDGE.match(piece.text).groups()
    cuts = [(len(lead) + pos, add) for pos, add in _word_cuts(core, hyphenate)]
    if not cuts:
        return [Item("box", piece.width, [piece])]
    out: list[Item] = []
    start = 0
    hyphen_w = _width("-", face, size)
    for pos, add in cuts:
        text = piece.text[start:pos]
        out.append(Item("box", _width(text, face, size), [Piece(text, piece.span, 0)]))
        out.append(Item("penalty", hyphen_w if add else 0, [Piece("-", piece.span, 0)] if add else [],
                        penalty=HYPHEN_PENALTY, flagged=piece.text[pos - 1] == "-" or add))
        start = pos
    text = piece.text[start:]
    out.append(Item("box", _width(text, face, size), [Piece(text, piece.span, 0)]))
    return out


@lru_cache(maxsize=50000)
def _single_word_items(text: str, span: Span, font: str, size: float, hyphenate) -> tuple:
    """Items of a word in one style (never modified afterwards, so they can be shared)."""
    piece = Piece(text, span, _width(text, _font(font, span), size))
    return tuple(_word_items([piece], font, size, hyphenate))


@lru_cache(maxsize=50000)
def _word_cuts(core: str, hyphenate) -> tuple:
    return tuple(sorted(set(_cuts(core, hyphenate))))


def _cuts(core: str, hyphenate):
    """Where a word may break: (position, whether a hyphen is added).

    After its own hyphen, slash or (in a web address) dot, when at least two characters
    stand before and three after; inside each run of letters, where the dictionary says.
    """
    marks = r"[-/.]+" if "/" in core else r"[-/]+"
    for m in re.finditer(marks, core):
        if m.start() >= 2 and len(core) - m.end() >= 3 and core[m.end():m.end() + 1].isalnum():
            yield m.end(), False
    if hyphenate:
        for run in re.finditer(r"[^\W\d_]+", core):
            word = run.group()
            if not word[1:].islower():  # acronyms (COVID, HKCAAVQ) and camel case stay whole
                continue
            for head, _ in hyphenate(word):
                yield run.start() + len(head), True


@dataclass
class _Node:
    position: int
    line: int
    demerits: float
    flagged: bool
    hyphens: int
    previous: "_Node | None"
    width: float
    stretch: float
    shrink: float
    loose: int = 0  # lines up to here spaced wider than the preflight allows


class Broken(list):
    """Spans with line breaks, and how many of those lines are loose."""

    loose: int = 0


def break_lines(spans: list[Span], font: str, size: float, width, first_indent: float = 0.0,
                hyphenate=None, tolerance: float = 1.0) -> list[Span] | None:
    """The spans with line breaks placed for the least badness, or None to let ReportLab break.

    `width` is the measure, or a function of the line number (0-based) giving each line's
    measure, e.g. narrower lines beside a figure.
    """
    items = _items(spans, font, size, hyphenate)
    if items is None:
        return None
    measure = width if callable(width) else (lambda line: width)
    for limit in (tolerance, tolerance * 2, tolerance * 5):  # the best possible, if not good
        breaks = _best_breaks(items, measure, first_indent, limit)
        if breaks is not None:
            positions, loose = breaks
            result = Broken(_spans_with_breaks(items, positions))
            result.loose = loose
            return result
    return None


def _best_breaks(items: list[Item], measure, first_indent: float, tolerance: float):
    sum_w = sum_y = sum_z = 0.0
    totals = []  # running sums before each item
    for item in items:
        totals.append((sum_w, sum_y, sum_z))
        if item.kind != "penalty":
            sum_w += item.width
            sum_y += item.stretch
            sum_z += item.shrink
    totals.append((sum_w, sum_y, sum_z))
    active = [_Node(0, 0, 0.0, False, 0, None, 0.0, 0.0, 0.0)]
    for b, item in enumerate(items):
        if item.kind == "box":
            continue
        if item.kind == "glue" and (b == 0 or items[b - 1].kind != "box"):
            continue
        if item.kind == "penalty" and item.penalty >= 1e6:
            continue
        candidates = []
        for node in list(active):
            target = measure(node.line) - (first_indent if node.line == 0 else 0)
            w = totals[b][0] - node.width + (item.width if item.kind == "penalty" else 0)
            y = totals[b][1] - node.stretch
            z = totals[b][2] - node.shrink
            if w < target:
                ratio = (target - w) / y if y > 0 else 1e9
            elif w > target:
                ratio = (target - w) / z if z > 0 else -1e9
            else:
                ratio = 0.0
            if ratio < -1:
                active.remove(node)
                continue
            if ratio > tolerance:
                continue
            badness = 100 * abs(ratio) ** 3
            penalty = item.penalty if item.kind == "penalty" else 0
            if penalty >= 0:
                demerits = (LINE_PENALTY + badness) ** 2 + penalty ** 2
            elif penalty > -1e6:
                demerits = (LINE_PENALTY + badness) ** 2 - penalty ** 2
            else:
                demerits = (LINE_PENALTY + badness) ** 2
            if ratio > 1 and not (item.kind == "penalty" and item.penalty <= -1e6):
                demerits += LOOSE_DEMERITS  # past the preflight's limit: as few such lines as can be
            flagged = item.kind == "penalty" and item.flagged
            hyphens = node.hyphens + 1 if flagged else 0
            if flagged and node.flagged:
                demerits += DOUBLE_HYPHEN
            if hyphens >= 3:
                continue  # never three hyphenated line ends in a row
            is_loose = ratio > 1 and not (item.kind == "penalty" and item.penalty <= -1e6)
            candidates.append((node.demerits + demerits, node, flagged, hyphens, node.loose + is_loose))
        if candidates:
            total, node, flagged, hyphens, loose = min(candidates, key=lambda c: c[0])
            after = b + 1
            while after < len(items) and items[after].kind == "glue":
                after += 1
            sw, sy, sz = totals[after] if item.kind == "glue" else totals[b + 1]
            active.append(_Node(after if item.kind == "glue" else b + 1, node.line + 1, total, flagged,
                                hyphens, node, sw, sy, sz, loose))
        if not active:
            return None
    ends = [n for n in active if n.position >= len(items)]
    if not ends:
        return None
    best = min(ends, key=lambda n: n.demerits)
    loose = best.loose
    positions = []
    while best.previous is not None:
        positions.append(best.position)
        best = best.previous
    return sorted(positions), loose


def _spans_with_breaks(items: list[Item], starts: list[int]) -> list[Span]:
    """Rebuild spans: each line's words with single spaces, lines joined by hard breaks."""
    out: list[Span] = []
    begin = 0
    for end in starts:
        line = items[begin:end]
        while line and line[-1].kind == "glue":
            line = line[:-1]
        for i, item in enumerate(line):
            if item.kind == "box":
                out.extend(_copy(p.span, p.text) for p in item.pieces)
            elif item.kind == "glue" and item.width:
                out.append(_copy(_prev_span(line, i), " "))
            elif item.kind == "penalty" and i == len(line) - 1:
                out.extend(_copy(p.span, p.text) for p in item.pieces)
        if end < len(items) - 2:
            out.append(Span("\n", soft_break=True))
        begin = end
    return _merged(out)


def _merged(spans: list[Span]) -> list[Span]:
    """Adjacent pieces of one style as one span: fewer fragments for ReportLab to handle."""
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if (last is not None and not span.soft_break and not last.soft_break
                and (last.bold, last.italic, last.code, last.href) == (span.bold, span.italic, span.code, span.href)):
            out[-1] = Span(last.text + span.text, last.bold, last.italic, last.code, last.href)
        else:
            out.append(span)
    return out


def _prev_span(line, index) -> Span:
    for item in reversed(line[:index]):
        if item.kind == "box" and item.pieces:
            return item.pieces[-1].span
    return Span("")


def _copy(span: Span, text: str) -> Span:
    return Span(text, span.bold, span.italic, span.code, span.href)


def split_lines(spans: list[Span], count: int) -> tuple[list[Span], list[Span]]:
    """Broken spans cut after their first `count` lines: (those lines, the rest)."""
    seen = 0
    for i, span in enumerate(spans):
        if span.soft_break:
            seen += 1
            if seen == count:
                return spans[:i], spans[i + 1:]
    return spans, []


def line_count(spans: list[Span]) -> int:
    return 1 + sum(1 for span in spans if span.soft_break)
