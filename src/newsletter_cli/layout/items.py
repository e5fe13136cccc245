"""A paragraph as the line breaker sees it: boxes (word parts), glue (spaces) and penalties
(break points), with their widths and how far each may stretch or shrink.

A word's break points are its hyphenation points (pyphen, cached), its own hyphens and
slashes, an address's or code's own punctuation (never between two letters), the author's
soft hyphens, and, in a run of more than LONGEST_WORD characters with none, an emergency
break every CHUNK characters (so a 990 kB "word" is set in linear time). Each distinct word's
items, in a style, are made once per process and shared by every paragraph that has it.
`linebreak` chooses the breaks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.fonts import tt2ps

from newsletter_cli.content.model import Span
from newsletter_cli.layout import fallback
from newsletter_cli.layout.markup import clean

STRETCH = 1.0      # a space may grow to twice its width (the preflight's loose limit)
TRACK = 0.02       # and letters may be spaced apart by up to 2% of an em to share the stretch,
TRACK_SHRINK = 0.01  # or closed up by 1% to share the shrink
SHRINK = 0.27      # and close to 73% (ReportLab is allowed 30% in pre-broken text)
HYPHEN_PENALTY = 50
DOUBLE_HYPHEN = 3000
LINE_PENALTY = 10
LOOSE_DEMERITS = 1e7
OVERFULL_DEMERITS = 1e9  # a line over its measure, where no break avoids one
EMERGENCY = 900    # a break inside a run of characters with no break point (a 990 kB "word"): ugly, last resort
CHUNK = 6          # characters between those emergency break points
LONGEST_WORD = 64  # letters: a longer run is no word of a dictionary, and is not hyphenated
# a web address, an e-mail address or a handle: it breaks at its own punctuation only, never hyphenated
_ADDRESS = re.compile(r"@\w|://|^\W*www\.|\w\.[a-z]{2,}")
_LETTERS = re.compile(r"[^\W\d_]+")
# Chinese and Japanese characters (ideographs, kana), between which a line may break; never
# before a small kana, the prolongation or iteration marks or closing punctuation, nor after
# opening punctuation (the simplest of the kinsoku rules)
_CJK_CHARS = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"


@lru_cache(maxsize=1)
def _cjk():  # (compiled for the first text that may hold such characters: 3 ms of a build without)
    return re.compile(_CJK_CHARS)
_CJK_NO_START = frozenset("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶーヽヾゝゞ々、。，．・：；？！）」』】〉》〕］｝")
_CJK_NO_END = frozenset("「『【〈《〔（［｛")
_OWN_BREAK = re.compile(r"[./_@:?&=#,;(\[{+~\\-]+")


@dataclass(slots=True)
class Piece:
    text: str
    span: Span
    width: float


@dataclass(slots=True)  # many are made: a slot is quicker to set and to read than a __dict__ entry
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


def face_of(base: str, span: Span) -> str:
    """The face ReportLab will use for the span (base is a registered family's regular face);
    code in the theme's code face."""
    if span.code and fallback.CODE[0]:
        return _face(fallback.face(fallback.CODE[0]), span.bold, span.italic)
    return _face(base, span.bold, span.italic)


@lru_cache(maxsize=50000)
def _width(text: str, face: str, size: float) -> float:
    return fallback.width(text, face, size)


def _items(spans: list[Span], font: str, size: float, hyphenate, tracking=None) -> list[Item] | None:
    """Boxes (word parts), glue (spaces) and penalties (break points) of the paragraph."""
    words: list[list[tuple]] = []  # each word: its pieces, (text, style, face, key of the style)
    word: list[tuple] = []
    for span in spans:
        if span.soft_break:
            return None  # forced breaks: leave the paragraph to ReportLab
        style = (span.bold, span.italic, span.href, span.code, span.strike)  # what the pieces need of their span
        piece = (_style(*style), face_of(font, span), style)
        # tabs are word spaces here, as in HTML; soft hyphens are kept as break points (below)
        parts = clean(span.text).replace("\t", " ").split(" ")
        if parts[0]:
            word.append((parts[0], *piece))
        for part in parts[1:]:  # each after a space
            if word:
                words.append(word)
                word = []
            if part:
                word.append((part, *piece))
    if word:
        words.append(word)
    if not words:
        return None
    items: list[Item] = []
    known = _known_words(font, size, hyphenate, tracking)
    glues: dict = {}
    last = None
    for word in words:
        if last is not None:
            # the space is in the face of the word before it, but after code in the next word's
            face = word[0][2] if last[3][3] and not word[0][3][3] else last[2]
            # a space inside code is as wide as the code face's, but stretches and shrinks as the
            # paragraph's own: a line is justified by the same amount added to each of its spaces
            # (setting.py), and a code space's larger share closed the line's other spaces up
            # past nothing ("Text`code`" in a report column)
            inside_code = bool(last[3][3] and word[0][3][3])
            glue = glues.get((face, inside_code))
            if glue is None:
                space = _width(" ", face, size)
                flex = _width(" ", font, size) if inside_code else space
                # (when set, the space's own letter spacing is part of this stretch)
                glue = glues[face, inside_code] = Item("glue", space, [], stretch=flex * STRETCH,
                                                       shrink=flex * SHRINK)
            items.append(glue)
        last = word[-1]
        if len(word) == 1:  # the common case: one style, and words repeat: computed once
            text, style, _, key = last
            found = known.get((text, key))
            if found is None:
                found = known[text, key] = _single_word_items(text, style, font, size, hyphenate, tracking)
            items.extend(found)
        else:
            items.extend(_word_items([Piece(t, style, _width(t, face, size)) for t, style, face, _ in word],
                                     font, size, hyphenate, tracking))
    items.append(Item("glue", 0, [], stretch=1e6))
    items.append(Item("penalty", 0, [], penalty=-1e6))
    return items


_KNOWN: dict = {}  # (font, size, hyphenate, tracking) -> {(word, style): its items}
KNOWN_WORDS = 200_000  # words remembered in all; then forgotten, and remembered anew


def _known_words(font: str, size: float, hyphenate, tracking) -> dict:
    """The items of the words already seen in this font, size and setting (items are never
    modified, so paragraphs share them): each distinct word's items are made once per process."""
    if sum(map(len, _KNOWN.values())) > KNOWN_WORDS:
        _KNOWN.clear()
    return _KNOWN.setdefault((font, size, hyphenate, tracking), {})


SHY = "\u00ad"  # soft hyphen: where the author allows a word to break


def _without_shy(piece: Piece, font: str, size: float) -> Piece:
    if SHY not in piece.text:
        return piece
    text = piece.text.replace(SHY, "")
    return Piece(text, piece.span, _width(text, face_of(font, piece.span), size))


@lru_cache(maxsize=256)
def _style(bold: bool, italic: bool, href: str | None, code: bool = False, strike: bool = False) -> Span:
    """A text-less span of this style: the key of cached word items (a span's own text is the
    whole paragraph, which would make every word of every paragraph a new key)."""
    return Span("", bold, italic, code, href, strike=strike)


def _word_items(word: list[Piece], font: str, size: float, hyphenate, tracking=None) -> list[Item]:
    stretch, shrink = tracking or (TRACK, TRACK_SHRINK)
    track, close = stretch * size, shrink * size
    if len(word) != 1:
        word = [_without_shy(p, font, size) for p in word]
        return _styled_word_items(word, font, size, track, close)
    piece = word[0]
    face = face_of(font, piece.span)
    if SHY in piece.text:  # the author's own break points, and no others
        cuts = []
        for part in piece.text.split(SHY)[:-1]:
            cuts.append(((cuts[-1][0] if cuts else 0) + len(part), True))
        piece = _without_shy(piece, font, size)
        cuts = [(pos, add) for pos, add in cuts if 0 < pos < len(piece.text)]
    elif piece.span.code or _ADDRESS.search(piece.text):  # at its own punctuation, with no hyphen added
        cuts = _address_cuts(piece.text, piece.span.code)
    else:
        # most words are letters only: no punctuation to set apart (and the regex is slow);
        # digits alone have no break point of their own
        text = piece.text
        lead, core, tail = ("", text, "") if text.isalpha() or text.isdecimal() else _edges(text)
        cuts = [(len(lead) + pos, add) for pos, add in _word_cuts(core, hyphenate)] if not core.isdecimal() else []
    cuts = _with_emergency(cuts, len(piece.text), piece.text)
    if not cuts:
        return [Item("box", piece.width, [piece], stretch=track * len(piece.text), shrink=close * len(piece.text))]
    out: list[Item] = []
    start = 0
    hyphen_w = _width("-", face, size)
    for pos, add in cuts:
        text = piece.text[start:pos]
        out.append(Item("box", _width(text, face, size), [Piece(text, piece.span, 0)], stretch=track * len(text),
                        shrink=close * len(text)))
        if add is None:  # an emergency break: no hyphen, and only where nothing else will do
            out.append(Item("penalty", 0, [], penalty=EMERGENCY))
        else:
            out.append(Item("penalty", hyphen_w if add else 0, [Piece("-", piece.span, 0)] if add else [],
                            penalty=HYPHEN_PENALTY, flagged=piece.text[pos - 1] == "-" or add))
        start = pos
    text = piece.text[start:]
    out.append(Item("box", _width(text, face, size), [Piece(text, piece.span, 0)], stretch=track * len(text),
                        shrink=close * len(text)))
    return out


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # (what a regular expression's \w is)


def _edges(text: str) -> tuple[str, str, str]:
    """The punctuation before a word, the word, the punctuation after it: '("Hello!")' is '("',
    'Hello', '!")'. In time linear in its length (a regular expression took the square of it: a
    100,000-character run of punctuation between two letters took minutes)."""
    start = 0
    while start < len(text) and not _word_char(text[start]):
        start += 1
    end = len(text)
    while end > start and not _word_char(text[end - 1]):
        end -= 1
    return text[:start], text[start:end], text[end:]


def _styled_word_items(word: list[Piece], font: str, size: float, track: float, close: float) -> list[Item]:
    """A word of several styles (a link or an address run on into inline code, **bold**text):
    one box, unless a piece of it is an address or code, which breaks at its own punctuation
    as it does alone (else `<https://…>`code`` was one box as wide as both, set over the
    edge of its column), and a run longer than LONGEST_WORD at its emergency points."""
    joined = "".join(p.text for p in word)
    cuts, offset = [], 0
    for p in word:
        if p.span.code or _ADDRESS.search(p.text):
            cuts += [(offset + pos, add) for pos, add in _address_cuts(p.text, p.span.code)]
        offset += len(p.text)
    cuts = _with_emergency(cuts, len(joined), joined)
    if not cuts:
        count = len(joined)
        return [Item("box", sum(p.width for p in word), word, stretch=track * count, shrink=close * count)]
    out: list[Item] = []
    box: list[Piece] = []
    pending = iter(cuts)
    cut = next(pending, None)
    offset = 0
    for p in word:
        face, start = face_of(font, p.span), 0
        while cut is not None and cut[0] - offset <= len(p.text):
            end = cut[0] - offset
            if end > start:
                box.append(Piece(p.text[start:end], p.span, _width(p.text[start:end], face, size)))
            start = end
            if box:
                count = sum(len(b.text) for b in box)
                out.append(Item("box", sum(b.width for b in box), box, stretch=track * count, shrink=close * count))
                box = []
                if cut[1] is None:  # an emergency break: no hyphen
                    out.append(Item("penalty", 0, [], penalty=EMERGENCY))
                else:
                    out.append(Item("penalty", _width("-", face, size) if cut[1] else 0,
                                    [Piece("-", p.span, 0)] if cut[1] else [], penalty=HYPHEN_PENALTY,
                                    flagged=joined[cut[0] - 1] == "-" or cut[1]))
            cut = next(pending, None)
        if start < len(p.text):
            box.append(Piece(p.text[start:], p.span, _width(p.text[start:], face, size)))
        offset += len(p.text)
    count = sum(len(b.text) for b in box)
    out.append(Item("box", sum(b.width for b in box), box, stretch=track * count, shrink=close * count))
    return out


CODE_PART = 6  # characters at least on either side of a break inside inline code


def _address_cuts(text: str, code: bool = False) -> list:
    """Where an address, a handle, a URL (or inline code) breaks, with no hyphen added: after
    '@', '/', '-', '_' and its other punctuation, before a '.' (a line never ends in a dot
    that reads as a full stop); never so that a line starts with punctuation only or a part
    holds no letter or digit but a handle's '@'. Never between two letters: where no such
    break avoids a loose line, that line is set ragged (`_ragged`). Inline code (`code`) keeps
    CODE_PART characters on either side: `meetups.yaml` is not broken before `.yaml`."""
    cuts: dict[int, bool | None] = {}
    for m in _OWN_BREAK.finditer(text):
        pos = m.start() if m.group()[0] == "." else m.end()
        cuts[pos] = False
    first = next((i for i, c in enumerate(text) if c.isalnum()), len(text))
    last = max((i for i, c in enumerate(text) if c.isalnum()), default=-1)
    # a part before holds a letter (or is a handle's '@'); after it, letters, not a closing ')' or '.'
    least = CODE_PART if code else 1
    return sorted((pos, add) for pos, add in cuts.items()
                  if (pos > first or text[:pos].endswith("@")) and 0 < pos <= last
                  and least <= pos <= len(text) - least)


def _with_emergency(cuts, length: int, text: str = "") -> list:
    """`cuts` with an emergency break point every CHUNK characters wherever a run between two
    break points is longer than LONGEST_WORD: a word wider than the column can still be set,
    in time linear in its length. (position, None) marks an emergency break. Such a break never
    parts a letter from its marks (`_apart`): a Thai sentence, written without spaces, breaks
    between its syllables, not before a vowel sign."""
    if length <= LONGEST_WORD:  # (no run can be longer)
        return [cut for cut in cuts if cut[0] < length]
    out, last = [], 0
    for pos, add in list(cuts) + [(length, False)]:
        if pos - last > LONGEST_WORD:
            at = last + CHUNK
            while at < pos - CHUNK // 2:
                moved = next((n for n in range(at, min(at + CHUNK, pos)) if _apart(text, n)), at) if text else at
                out.append((moved, None))
                at = moved + CHUNK
        if pos < length:
            out.append((pos, add))
        last = pos
    return out


# Thai and Lao vowels written before their consonant, and those that follow it as letters of
# their own (with the repetition and abbreviation marks): never a line's last or first character
_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")
_FOLLOWING = frozenset("\u0e30\u0e32\u0e33\u0e45\u0e46\u0e2f\u0eb0\u0eb2\u0eb3\u0ec6\u200c\u200d")


_INDICATOR, _LAST_INDICATOR = 0x1F1E6, 0x1F1FF  # regional indicators: two are a flag


def _apart(text: str, at: int) -> bool:
    """Whether a line may end between text[at - 1] and text[at]: not before a combining mark (a
    vowel sign, a tone mark, an accent), an emoji's modifier, selector or tag or a following
    vowel, nor after a leading vowel or a joiner, nor inside a flag: never inside an emoji
    sequence (`emojiseq`)."""
    if not 0 < at < len(text):
        return False
    after, before = text[at], text[at - 1]
    if after in _FOLLOWING or before in _LEADING or before == "\u200d":
        return False
    if _INDICATOR <= ord(before) <= _LAST_INDICATOR and _INDICATOR <= ord(after) <= _LAST_INDICATOR:
        # between the two regional indicators of a flag (they pair from the first of a run)
        run = at - 1
        while run > 0 and _INDICATOR <= ord(text[run - 1]) <= _LAST_INDICATOR:
            run -= 1
        return (at - run) % 2 == 0
    return unicodedata.category(after) not in ("Mn", "Mc", "Me", "Sk", "Cf")


def _single_word_items(text: str, span: Span, font: str, size: float, hyphenate, tracking=None) -> tuple:
    """Items of a word in one style (never modified afterwards, so they can be shared)."""
    piece = Piece(text, span, _width(text, face_of(font, span), size))
    return tuple(_word_items([piece], font, size, hyphenate, tracking))


@lru_cache(maxsize=50000)
def _word_cuts(core: str, hyphenate) -> tuple:
    return tuple(sorted(set(_cuts(core, hyphenate))))


def _cuts(core: str, hyphenate):
    """Where a word may break: (position, whether a hyphen is added).

    After its own hyphen, slash or (in a web address) dot, when at least two characters
    stand before and three after; inside each run of letters, where the dictionary says,
    unless the word is a hyphenated compound (e-learn-ing would read as three words) and the
    hyphenator is not `with_compounds`'.
    """
    cjk = None if core.isascii() or max(core) < "\u3000" else _cjk()
    if cjk is not None and cjk.search(core):  # Chinese and Japanese, written without spaces: between characters
        for pos in range(1, len(core)):
            before, after = core[pos - 1], core[pos]
            cjk_before, cjk_after = cjk.match(before) is not None, cjk.match(after) is not None
            if (cjk_before or cjk_after) and (cjk_before or before.isalnum()) and (cjk_after or after.isalnum()) \
                    and after not in _CJK_NO_START and before not in _CJK_NO_END and _apart(core, pos):
                yield pos, False
    if "/" in core or "-" in core:
        for m in re.finditer(r"[-/.]+" if "/" in core else r"[-/]+", core):
            if m.start() >= 2 and len(core) - m.end() >= 3 and core[m.end():m.end() + 1].isalnum():
                yield m.end(), False
    # a compound breaks at its own hyphens only (as in TeX), but where that leaves a line loose
    # (`compounds`: "Harrington-Smythe" in a narrow column) the parts of one whose parts are
    # all words of four letters or more (not e-learning, co-operation) are hyphenated too
    if hyphenate and ("-" not in core or getattr(hyphenate, "compounds", False)
                      and min(map(len, re.split(r"[-/]+", core))) >= 4):
        # (letters only, the common case, are one run; digits alone are none)
        runs = ((0, core),) if core.isalpha() else () if core.isdecimal() else \
            ((run.start(), run.group()) for run in _LETTERS.finditer(core))
        for start, word in runs:
            if not word[1:].islower() or len(word) > LONGEST_WORD:  # acronyms (COVID) and camel case stay whole
                continue
            for head, _ in hyphenate(word):
                yield start + len(head), True


class _Compounds:
    """A hyphenator that hyphenates the parts of a hyphenated compound too (`with_compounds`)."""

    compounds = True

    def __init__(self, hyphenate):
        self.hyphenate = hyphenate
        self.key = f"{getattr(hyphenate, 'key', '')}:compounds"

    def __call__(self, word: str):
        return self.hyphenate(word)


@lru_cache(maxsize=16)
def with_compounds(hyphenate) -> _Compounds:
    """`hyphenate`, the parts of compounds hyphenated as well: the line breaker's second try at a
    paragraph that would otherwise have a loose line."""
    return _Compounds(hyphenate)
