"""Knuth–Plass line breaking for justified paragraphs.

ReportLab fills lines greedily: when the next word does not fit and cannot be hyphenated,
the line is stretched, however loose. Here the whole paragraph is considered at once: every
feasible break (between words, at hyphenation points, after a compound's own hyphen) is
weighed, and the set of breaks with the least total badness wins, with extra cost for
consecutive hyphens. A justified line's stretch is shared between its word spaces and,
up to `TRACK` of an em, its letters, as layout programs do: lines that would otherwise be
gappy take a little letter spacing instead.

The result is the paragraph's lines, each as runs of text in one face, with what is needed
to justify it (`Line.spacing`); `layout.setting` draws them. Widths come from the font
metrics ReportLab uses. When no acceptable breaking exists, `set_lines` returns None and
the paragraph is left to ReportLab's greedy breaker.
"""

from __future__ import annotations

import dataclasses
import gc
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import getFont

from newsletter_cli.content.model import Span
from newsletter_cli.layout import bidi, fallback, parcache
from newsletter_cli.layout.items import (_ADDRESS, DOUBLE_HYPHEN, LINE_PENALTY, LOOSE_DEMERITS, OVERFULL_DEMERITS,
                                         SHRINK, STRETCH, TRACK, TRACK_SHRINK, Item, _items, _width, face_of,
                                         with_compounds)

RUN_OVER = 0.1  # a line may run over its measure by at most this share, where nothing else will do


@dataclass(eq=False, slots=True)  # nodes are compared by identity
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
    target: float = 0.0  # the width the next line must fill


def set_lines(spans: list[Span], font: str, size: float, width, first_indent: float = 0.0,
              hyphenate=None, tolerance: float = 1.0, looseness: int = 0,
              tracking: tuple[float, float] = (TRACK, TRACK_SHRINK)) -> "SetLines | None":
    """The paragraph set in lines, breaks placed for the least badness; None when it cannot be.

    `width` is the measure, or (narrow, lines, full): the first `lines` lines at the `narrow`
    measure, the rest at `full`, as beside a figure. `looseness` -1 asks for the best setting
    one line shorter than the best one, if there is one no looser (TeX's \\looseness).
    `tracking`: how far letters may be spaced apart and closed up, in ems (the theme's).
    A paragraph that reads right to left is justified by its word spaces only.
    A paragraph set for one measure is remembered: a rebuild in `preview --watch` sets only
    the paragraphs that changed.
    """
    if bidi.direction("".join(span.text for span in spans if not span.code)) == "R":
        tracking = (0.0, 0.0)  # Arabic letters are joined, and Hebrew is spaced by its words only
    found = _set_cached(tuple(spans), font, size, width, first_indent, hyphenate, tolerance, looseness, tracking)
    if not found:
        return None
    lines = SetLines(found[0])
    lines.loose = found[1]
    return lines


def _set(spans: tuple, font: str, size: float, width, first_indent: float, hyphenate, tolerance: float,
         looseness: int, tracking: tuple):
    """`set_lines` without its cache, with the cyclic garbage collector paused: setting makes
    objects that form no cycles (items, pieces, nodes, lines), a few for every break point, and
    the collections they would trigger walk them all again and again (a 990 kB word, with a
    break point every CHUNK characters, spent 0.84 s of its 2 s in them)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _set_lines(spans, font, size, width, first_indent, hyphenate, tolerance, looseness, tracking)
    finally:
        if collecting:
            gc.enable()


def _set_lines(spans: tuple, font: str, size: float, width, first_indent: float, hyphenate, tolerance: float,
               looseness: int, tracking: tuple):
    items = _items(list(spans), font, size, hyphenate, tracking)
    if items is None:
        return None
    if isinstance(width, tuple):
        narrow, lines, full = width
        measure = lambda line: narrow if line < lines else full  # noqa: E731
    else:
        measure = lambda line: width  # noqa: E731
    found = _breaks(items, measure, first_indent, tolerance, looseness, width)
    if found is not None and found[1] and hyphenate and not isinstance(width, tuple) \
            and any("-" in span.text for span in spans):
        # a loose line: the parts of its compounds hyphenated as well, if that sets it better
        # (not beside a figure: there a loose line makes the figure give way, see blocks.py)
        items_ = _items(list(spans), font, size, with_compounds(hyphenate), tracking)
        again = _breaks(items_, measure, first_indent, tolerance, looseness, width) if items_ else None
        if again is not None and again[1] < found[1]:
            items, found = items_, again
    if found is None:
        return None
    lines = _lines(items, found[0], measure, first_indent, font, size, tracking)
    if found[1] or _spaced_past_limit(lines, font, size):
        # (the breaker counts a line's letter spacing one letter wider than `Line.spacing` gives
        # it: at the limit, a line it took as within it can be a hair past it as drawn)
        lines = _ragged(lines, items, found[0], font, size, tracking == (0.0, 0.0))
    return tuple(lines), found[1]


def _spaced_past_limit(lines: list["Line"], font: str, size: float) -> bool:
    """Whether a justified line's word spaces, as drawn, are wider than the preflight's limit."""
    space = None
    for line in lines:
        if line.last or not line.spaces or line.measure <= line.natural:
            continue
        if space is None:
            space = _width(" ", face_of(font, Span("")), size)
        char_space, word_space = line.spacing(space, size)
        if (space + word_space + char_space) / space > 1 + STRETCH + 1e-6:
            return True
    return False


def _ragged(lines: list["Line"], items: list[Item], starts: list[int], font: str, size: float,
            every: bool = False) -> list["Line"]:
    """The lines, those that would be spaced wider than the limit by an address set ragged.

    An address, a handle, a URL or inline code breaks only at its own punctuation; where no such
    break keeps the line it is on (or the line before it) within the limit, that one line is set
    flush left at normal spacing, as layout programs do, rather than gappy or with the address
    cut between two letters. In a paragraph with two or more of them, the breaks they leave
    decide lines further off too (in a narrow column, the paragraph's first line was spaced
    2.2 times by two identifiers three lines below): there, any line beyond the limit is set so.
    With `every` (a paragraph spaced by its words only, as one that reads right to left, with
    no letter spacing to share the stretch and no hyphenation), any line beyond the limit is.
    Its text, and so the tagged text, is the same. (The line still counts in `SetLines.loose`:
    beside a figure, for one, the figure gives way instead.)"""
    words, word, text, code = [], 0, {}, set()  # the word each item belongs to; each word's text
    for item in items:
        if item.kind == "glue":
            word += 1
        words.append(word)
        for piece in item.pieces if item.kind == "box" else ():
            text[word] = text.get(word, "") + piece.text
            if piece.span.code:
                code.add(word)
    unbreakable = {w for w, t in text.items() if w in code or _ADDRESS.search(t)}
    unbroken = len(unbreakable)
    space = _width(" ", face_of(font, Span("")), size)
    out = list(lines)
    for number, end in enumerate(starts[:len(lines) - 1]):
        line = lines[number]
        char_space, word_space = line.spacing(space, size)
        if not line.spaces or (space + word_space + char_space) / space <= 1 + STRETCH + 1e-6:
            continue
        begin = starts[number - 1] if number else 0
        on = {words[i] for i in range(begin, end) if items[i].kind == "box"}
        on.add(next((words[i] for i in range(end, len(items)) if items[i].kind == "box"), None))
        if every or unbroken > 1 or any(w in unbreakable for w in on):
            out[number] = dataclasses.replace(line, ragged=True)
    return out


def _breaks(items, measure, first_indent: float, tolerance: float, looseness: int, width):
    """The best breaks within `tolerance`, if not good: at last any looseness (the preflight will tell)."""
    points = _breakpoints(items)
    for limit in (tolerance, tolerance * 2, tolerance * 5, float("inf")):
        breaks = _best_breaks(items, measure, first_indent, limit, looseness,
                              None if isinstance(width, tuple) else width, points)
        if breaks is not None:
            return breaks
    return None


@lru_cache(maxsize=4096)
def _set_cached(spans: tuple, font: str, size: float, width: float, first_indent: float, hyphenate,
                tolerance: float, looseness: int, tracking: tuple):
    """`_set` for a fixed measure, remembered in this process and, through `parcache`, between builds."""
    hyphenation = "" if hyphenate is None else getattr(hyphenate, "key", None)
    if hyphenation is None:  # a hyphenator the cache cannot name: no remembering between builds
        return _set(spans, font, size, width, first_indent, hyphenate, tolerance, looseness, tracking)
    faces = sorted({face_of(font, span) for span in spans} | {face_of(font, Span(""))})
    fonts = [parcache.file_stamp(getattr(getFont(f).face, "filename", f)) for f in faces]
    key = parcache.key(spans, font, size, width, first_indent, hyphenation, tolerance, looseness, tracking,
                       fonts)
    stored = parcache.STORE.get(key)
    found = _decoded(stored) if stored is not None else None
    if found is None:
        found = _set(spans, font, size, width, first_indent, hyphenate, tolerance, looseness, tracking)
        parcache.STORE.put(key, found or ())  # kept as objects; written as JSON (`as_json`) at exit
    return found or None


def as_json(value):
    """A Line or Run as JSON data, for the paragraph cache."""
    if isinstance(value, Line):
        return [value.runs, value.indent, value.measure, value.natural, value.spaces, value.chars, value.last,
                value.tracking, value.spaced, value.ragged]
    if isinstance(value, Run):
        return [value.text, value.face, value.href, value.width, value.strike]
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _decoded(data):
    """A stored setting: (lines, loose), () for "no setting", or None if the entry is not sound.
    Entries made in this process are still objects; those read from the file are JSON data."""
    if isinstance(data, tuple):
        return data
    try:
        if data == []:
            return ()
        rows, loose = data
        lines = tuple(Line(tuple(Run(str(t), str(f), h if h is None else str(h), float(w), bool(k))
                                 for t, f, h, w, k in runs),
                           float(indent), float(measure), float(natural), int(spaces), int(chars), bool(last),
                           (float(tracking[0]), float(tracking[1])), bool(spaced), bool(ragged))
                      for runs, indent, measure, natural, spaces, chars, last, tracking, spaced, ragged in rows)
        return lines, int(loose)
    except (TypeError, ValueError, IndexError):
        return None


class SetLines(list):
    """The lines of a paragraph, and how many of them are spaced wider than the limit."""

    loose: int = 0


def _breakpoints(items: list[Item]):
    """The legal breaks: (index, extra width if broken there, penalty, flagged, forced, the
    position the next line starts at, the running sums of width, stretch and shrink before the
    break and where the next line starts), in one pass over the items (a penalty adds no sum)."""
    out = []
    w = y = z = 0.0
    waiting = None  # a break at a word space: its next line starts after the spaces that follow it
    previous = None
    for b, item in enumerate(items):
        kind = item.kind
        if kind == "glue":
            if previous == "box":
                waiting = (b, (w, y, z))
            w += item.width
            y += item.stretch
            z += item.shrink
        else:
            if waiting is not None:
                out.append((waiting[0], 0.0, 0.0, False, False, b, waiting[1], (w, y, z)))
                waiting = None
            if kind == "penalty":
                if item.penalty < 1e6:
                    sums = (w, y, z)
                    out.append((b, item.width, item.penalty, item.flagged, item.penalty <= -1e6, b + 1, sums, sums))
            else:
                w += item.width
                y += item.stretch
                z += item.shrink
        previous = kind
    if waiting is not None:
        out.append((waiting[0], 0.0, 0.0, False, False, len(items), waiting[1], (w, y, z)))
    return out


def _best_breaks(items: list[Item], measure, first_indent: float, tolerance: float, looseness: int = 0,
                 width: float | None = None, breakpoints=None):
    """Knuth–Plass over the items: (the positions each line after the first starts at, how many
    lines are loose), or None if no breaking keeps every line within `tolerance`.

    `width`, when every line has the same measure, spares calling `measure` per node;
    `breakpoints`, those of the items (`_breakpoints`) if already found."""
    by_lines = bool(looseness)
    points = breakpoints or _breakpoints(items)

    def target(line: int) -> float:  # the width the line after a node must fill
        return (width if width is not None else measure(line)) - (first_indent if line == 0 else 0.0)

    active = [_Node(0, 0, 0.0, False, 0, None, 0.0, 0.0, 0.0, 0, target(0))]
    new_node = _Node
    # The active nodes stand in the order of their positions, so each one's line to here is no
    # longer, and stretches no more, than the one's before it: with one measure for every line,
    # once a line is too short to reach, so are the lines from all the nodes after it (a long
    # paragraph keeps many of them), and they need no look.
    uniform = width is not None
    for _, extra, penalty, flagged, forced, start, (tw, ty, tz), sums in points:
        tw += extra
        if penalty >= 0:
            cost = penalty * penalty
        elif not forced:
            cost = -penalty * penalty
        else:
            cost = 0.0
        chosen: dict = {}
        dead = None
        for node in active:
            w = tw - node.width
            goal = node.target
            if w < goal:
                y = ty - node.stretch
                ratio = (goal - w) / y if y > 0 else 1e9
                if ratio > tolerance:
                    if uniform and (node.line or first_indent >= 0):
                        break
                    continue
            elif w > goal:
                z = tz - node.shrink
                ratio = (goal - w) / z if z > 0 else -1e9
                if ratio < -1:
                    if dead is None:
                        dead = []
                    dead.append(node)
                    continue
            else:
                ratio = 0.0
            hyphens = node.hyphens + 1 if flagged else 0
            if hyphens >= 3:
                continue  # never three hyphenated line ends in a row
            badness = 100 * abs(ratio) ** 3
            demerits = (LINE_PENALTY + badness) ** 2 + cost
            is_loose = ratio > 1 and not forced
            if is_loose:
                demerits += LOOSE_DEMERITS  # past the preflight's limit: as few such lines as can be
            if flagged and node.flagged:
                demerits += DOUBLE_HYPHEN
            total = node.demerits + demerits
            key = node.line if by_lines else 0  # with looseness: the best way in each number of lines
            best = chosen.get(key)
            if best is None or total < best[0]:
                chosen[key] = (total, node, hyphens, node.loose + is_loose)
        if dead and not chosen and len(dead) == len(active) and tolerance == float("inf") \
                and tw - dead[-1].width - dead[-1].target <= RUN_OVER * dead[-1].target:
            # no line from any node fits (a word a hair wider than the column, inline code in a
            # deep list): the least overfull one runs over, as TeX's overfull box, and the rest
            # of the paragraph is set (before, the paragraph was left to ReportLab, which set the
            # word and everything up to its next space on one line 575 pt over the edge). A
            # word much wider than its column (a long name in a narrow table cell) is still
            # left to ReportLab, which cuts it rather than run it over the next cell
            node = dead[-1]
            chosen[node.line if by_lines else 0] = (node.demerits + OVERFULL_DEMERITS, node,
                                                    node.hyphens + 1 if flagged else 0, node.loose)
        if dead:  # (by identity, in one pass: a list's `in` made this the square of the nodes)
            gone = set(map(id, dead))
            active = [n for n in active if id(n) not in gone]
        if chosen:
            sw, sy, sz = sums
            for total, node, hyphens, loose in chosen.values():
                line = node.line + 1
                active.append(new_node(start, line, total, flagged, hyphens, node, sw, sy, sz, loose,
                                       target(line)))
        if not active:
            return None
    ends = [n for n in active if n.position >= len(items)]
    if not ends:
        return None
    best = min(ends, key=lambda n: n.demerits)
    if looseness:
        # as close to `looseness` lines fewer (or more) as can be, no looser than the best
        wanted = best.line + looseness
        fits = [n for n in ends if n.loose <= best.loose and (n.line - best.line) * looseness > 0
                and abs(n.line - wanted) <= abs(looseness)]
        if fits:
            best = min(fits, key=lambda n: (abs(n.line - wanted), n.demerits))
    loose = best.loose
    positions = []
    while best.previous is not None:
        positions.append(best.position)
        best = best.previous
    return sorted(positions), loose


@dataclass(frozen=True)
class Run:
    """Text of one face and link within a line."""

    text: str
    face: str
    href: str | None
    width: float
    strike: bool = False  # struck through: a line is drawn across it


@dataclass(frozen=True)
class Line:
    """One set line: its runs, where it starts, the width it fills and what it is made of."""

    runs: tuple
    indent: float
    measure: float   # the width from the indent to the right edge
    natural: float   # the width of the runs at normal spacing
    spaces: int
    chars: int
    last: bool       # the paragraph's last line: set at normal spacing, not justified
    tracking: tuple = (TRACK, TRACK_SHRINK)  # letter spacing allowed: (stretch, shrink) in ems
    spaced: bool = False  # broken at a word space: the space is drawn at the line's end, invisibly,
    #                       so that text extraction and screen readers keep the words apart
    ragged: bool = False  # set flush left at normal spacing: justified it would be loose (`_ragged`)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    def spacing(self, space: float, size: float) -> tuple[float, float]:
        """(letter spacing, extra word spacing) that justify the line, in points.

        Stretch goes to the word spaces and, up to `tracking` ems, between letters, in the
        proportions the line breaker assumed; shrinking takes from the word spaces only.
        """
        extra = self.measure - self.natural
        if self.spaces == 0:  # (a run broken where it had no break point): closed up to fit, never spaced out
            gaps = max(self.chars - 1, 0)
            if extra >= 0 or not gaps:
                return 0.0, 0.0
            return max(extra / gaps, -self.tracking[1] * size), 0.0
        if (self.last or self.ragged) and extra >= 0:
            return 0.0, 0.0
        if extra > 0:
            track, glue = self.tracking[0] * size, space * STRETCH
        else:
            track, glue = -self.tracking[1] * size, -space * SHRINK
        gaps = max(self.chars - 1, 0)
        # each space takes its share of the stretch partly as its own letter spacing
        total = self.spaces * (glue - track) + gaps * track
        ratio = min(extra / total, 1.0) if total else 0.0
        char_space = ratio * track
        return char_space, (extra - gaps * char_space) / self.spaces


def _lines(items: list[Item], starts: list[int], measure, first_indent: float, font: str,
           size: float, tracking: tuple = (TRACK, TRACK_SHRINK)) -> list[Line]:
    """The lines between the chosen breaks, each as runs of one face and link.

    A word space takes its style from the words on either side (`_space_span`): the spaces of a
    line wait for the next word's first piece, so that each line is read once."""
    out: list[Line] = []
    begin = 0
    count = len(items)
    keys: dict = {}  # id of a piece's span -> ((face, link, strike), the span, which keeps its id unused)
    for number, end in enumerate(starts):
        stop = end
        while stop > begin and items[stop - 1].kind == "glue":
            stop -= 1
        pieces: list = []  # (text, span); a word space waiting for the word after it: (None, span before)
        waiting: list[int] = []
        before = _NO_SPAN
        for i in range(begin, stop):
            item = items[i]
            kind = item.kind
            if kind == "box":
                word = item.pieces
                if word:
                    if waiting:
                        after = word[0].span
                        for at in waiting:
                            pieces[at] = (" ", _space_span(pieces[at][1], after))
                        waiting = []
                    if len(word) == 1:  # (most words are of one style)
                        before = word[0].span
                        pieces.append((word[0].text, before))
                    else:
                        pieces.extend([(p.text, p.span) for p in word])
                        before = word[-1].span
            elif kind == "glue":
                if item.width:
                    waiting.append(len(pieces))
                    pieces.append((None, before))
            elif i == stop - 1:  # the hyphen of a line broken inside a word
                pieces.extend([(p.text, p.span) for p in item.pieces])
        for at in waiting:
            pieces[at] = (" ", _space_span(pieces[at][1], _NO_SPAN))
        runs: list[Run] = []
        texts: list[str] = []
        key = None
        last = None  # the span of the piece before: most pieces run on in the same one
        for text, span in pieces:
            if span is last:
                texts.append(text)
                continue
            last = span
            known = keys.get(id(span))
            if known is None:
                known = keys[id(span)] = ((face_of(font, span), span.href, span.strike), span)
            style = known[0]
            if style != key and texts:
                runs.extend(_runs("".join(texts), key, size))
                texts = []
            key = style
            texts.append(text)
        if texts:
            runs.extend(_runs("".join(texts), key, size))
        indent = first_indent if number == 0 else 0.0
        chars = sum(len(r.text) for r in runs)
        out.append(Line(tuple(runs), indent, measure(number) - indent, sum(r.width for r in runs),
                        sum(word_spaces(r.text) for r in runs), chars, end >= count, tracking,
                        stop < end and end < count))
        begin = end
    return out


def word_spaces(text: str) -> int:
    """The characters PDF word spacing applies to: spaces, and no-break spaces, which ReportLab
    writes as spaces too (so they stretch with the line, though no line breaks at them)."""
    return text.count(" ") + text.count("\u00a0")


def _runs(text: str, key, size: float) -> list[Run]:
    """The text of one face, link and strike, as runs: characters the face lacks in its fallbacks."""
    face, href, strike = key
    return [Run(piece, name, href, fallback.run_width(piece, name, size), strike)
            for piece, name in fallback.runs(text, face)]


def _space_span(before: Span, after: Span) -> Span:
    """The style of a word space: the word's before it, but a space between code and text is
    the text's (set in the code face it would look like two); struck through only between two
    struck words."""
    span = after if before.code and not after.code else before
    return dataclasses.replace(span, strike=False) if span.strike and not (before.strike and after.strike) else span


_NO_SPAN = Span("")


parcache.STORE.encoder = as_json
