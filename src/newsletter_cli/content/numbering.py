"""An ordered list's numbering: its style (1, a, A, i, I) and delimiter (`1.`, `1)`, `(1)`).

`label` writes the number of an item as the list shows it ("c)", "iv.", "(12)"); `marker`
reads one list marker at the start of a line, as Pandoc's fancy_lists does (content/fancylists.py
turns the lines into lists). Both run in time linear in the text they look at: a marker is
at most MAX_MARKER characters and is read character by character, never by a regex.
"""

from __future__ import annotations

from dataclasses import dataclass

STYLES = ("decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman")
DELIMS = ("period", "paren", "parens")
# the PDF structure attribute /ListNumbering of each style (ISO 32000-1, table 347)
LIST_NUMBERING = {"decimal": "Decimal", "lower-alpha": "LowerAlpha", "upper-alpha": "UpperAlpha",
                  "lower-roman": "LowerRoman", "upper-roman": "UpperRoman"}
MAX_DIGITS = 9  # as CommonMark's `123456789.`
MAX_LETTERS = 15  # mmmdccclxxxviii, the longest Roman numeral below 4000
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def roman_value(text: str) -> int | None:
    """The value of a well-formed lower-case Roman numeral below 4000 (`xiv` 14), else None
    (`iiii`, `vx`, `ic`, `mix` is 1009)."""
    total = 0
    for k, ch in enumerate(text):
        value = _VALUES.get(ch)
        if value is None:
            return None
        after = _VALUES.get(text[k + 1], 0) if k + 1 < len(text) else 0
        total += -value if after > value else value
    return total if 0 < total < 4000 and roman(total) == text else None


def letters(n: int) -> str:
    """a … z, then aa, ab … (as HTML and CSS count lower-alpha)."""
    out = []
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out.append(chr(ord("a") + rest))
    return "".join(reversed(out))


def label(style: str, delim: str, n: int) -> str:
    """The label of the item numbered `n`: label("lower-alpha", "paren", 3) == "c)"."""
    if style in ("lower-alpha", "upper-alpha") and n >= 1:
        text = letters(n)
    elif style in ("lower-roman", "upper-roman") and 1 <= n < 4000:
        text = roman(n)
    else:
        text = str(n)
    if style.startswith("upper"):
        text = text.upper()
    return f"({text})" if delim == "parens" else f"{text})" if delim == "paren" else f"{text}."


@dataclass(frozen=True)
class Marker:
    style: str
    delim: str
    value: int
    end: int  # the position after the marker (its delimiter)
    spaces: int  # columns of space after it (a tab: 2, enough for "two spaces"); 0 at the end of the line
    single: bool  # one letter (`c.`, `i)`): a Roman numeral or a letter, as its list has it


def marker(src: str, pos: int, end: int, style: str | None = None, delim: str | None = None,
           letter_list: bool = False) -> Marker | None:
    """The ordered list marker at `src[pos:end]` (one line), or None.

    Markers: a letter (`a.` `B)` `(c)`), a Roman numeral (`iv.` `(XII)`), or a number in
    parentheses (`(3)`); `1.` and `1)` are CommonMark's and left to markdown-it. With `style` and
    `delim`, only a marker of that list (the next item of a list already started): `i.` goes on
    a lower-alpha list as its ninth letter. Without, a single `i`/`I` is Roman unless
    `letter_list` (it would go on a letter list), and any other single letter is a letter (`c.`,
    `v.`, as Pandoc reads them). A marker must be followed by a space, a tab or the end of the line.
    """
    i = pos
    enclosed = i < end and src[i] == "("
    if enclosed:
        i += 1
    start = i
    if i < end and "0" <= src[i] <= "9":
        if not enclosed:
            return None  # `1.`, `1)`: CommonMark's
        while i < end and "0" <= src[i] <= "9" and i - start < MAX_DIGITS + 1:
            i += 1
        if i - start > MAX_DIGITS:
            return None
        found_style, value, single = "decimal", int(src[start:i]), False
    else:
        while i < end and ("a" <= src[i] <= "z" or "A" <= src[i] <= "Z") and i - start <= MAX_LETTERS:
            i += 1
        word = src[start:i]
        if not word or len(word) > MAX_LETTERS or not (word.islower() or word.isupper()):
            return None
        case = "lower" if word.islower() else "upper"
        low = word.lower()
        single = len(word) == 1
        wanted = style.split("-")[1] if style and style != "decimal" else None
        if style is not None and (style == "decimal" or not style.startswith(case)):
            return None
        if wanted == "alpha" or (wanted is None and single and (low != "i" or letter_list)):
            if not single:
                return None
            found_style, value = f"{case}-alpha", ord(low) - ord("a") + 1
        else:
            value = roman_value(low)
            if value is None:
                return None
            found_style = f"{case}-roman"
    if i >= end or src[i] not in ".)" or (enclosed and src[i] != ")"):
        return None
    found_delim = "parens" if enclosed else "period" if src[i] == "." else "paren"
    if delim is not None and found_delim != delim:
        return None
    if style is not None and found_style != style:
        return None
    i += 1
    spaces = 0
    j = i
    while j < end and src[j] in " \t" and spaces < 2:
        spaces += 2 if src[j] == "\t" else 1
        j += 1
    if i < end and spaces == 0:
        return None  # `a.b`, `iv.2`: not a marker
    return Marker(found_style, found_delim, value, i, spaces, single)
