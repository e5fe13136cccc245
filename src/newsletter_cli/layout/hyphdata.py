"""Hyphenation patterns as one compact file: read with one call, no Python code per pattern.

pyphen parses a `.dic` file in pure Python, a regular expression and a few tuples per pattern:
0.15–0.25 s for English's 14 000 patterns, more than laying out the whole of issue 076. This
module keeps what that parse finds, the `HyphDict.patterns` mapping (pattern -> (offset,
values)), in a form that is turned back into that mapping by C code alone:

    b"newsletter hyphenation patterns\\n"
    one line of JSON: the key (see `source_key`), the number of patterns, the lengths of the
    keys and of the prefixes
    zlib( keys, UTF-8, joined by "\\n"  +  the prefixes, likewise  +  the offsets, one byte each
          +  the values, one byte (0–9) per digit, the patterns' values joined by b"\\n" )

Reading is `dict(zip(keys.split("\\n"), zip(offsets, values.split(b"\\n"))))` and a set of the
prefixes: C code only. `Patterns.pairs` is pyphen's algorithm (`HyphDict.positions`, then
`Pyphen.iterate` with left=2, right=2), with one change: the substrings of a word starting at a
letter are looked up only while they are the start of some pattern (the prefixes: every
proper prefix of a pattern), which halves the work and finds the same patterns.
tests/test_hyphenate.py checks the points against pyphen's on 076's words and 20 000 more.

A file is used only for the dictionary it was made from: its key names pyphen's version, the
dictionary's file name and the SHA-256 of its bytes, so another pyphen or an edited dictionary
is parsed by pyphen again. Files for the English dictionaries ship in the package
(assets/hyphenation, made by tools/hyphenation_data.py); the others are made on first use in
the user's cache folder. A dictionary with nonstandard hyphenation (ca, hu: `ff=f` changes) is
not stored: it is parsed every time, as pyphen does.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path

FORMAT = 2
MAGIC = b"newsletter hyphenation patterns\n"


def source_key(pyphen, dictionary: Path) -> dict | None:
    """What a file must have been made from to be used for `dictionary` with this pyphen; None if
    the dictionary cannot be read."""
    try:
        digest = hashlib.sha256(dictionary.read_bytes()).hexdigest()
    except OSError:
        return None
    return {"format": FORMAT, "pyphen": str(getattr(pyphen, "VERSION", "unknown")),
            "dictionary": dictionary.name, "sha256": digest}


def encode(patterns: dict, key: dict, level: int = 1) -> bytes | None:
    """The file for `patterns` (a parsed HyphDict's), or None if they hold what the format
    cannot: nonstandard hyphenation data, a value above 9, an offset above 255, a newline.
    `level`: zlib's; 1 for a file made in the cache folder at a build (German's 3 MB at level
    9 took 1.4 s of the first build), 9 for the files the package ships (tools/)."""
    keys, offsets, values = [], bytearray(), []
    for pattern, (offset, digits) in patterns.items():
        if ("\n" in pattern or type(offset) is not int or not 0 <= offset <= 255
                or not all(type(d) is int and 0 <= d <= 9 for d in digits)):
            return None
        keys.append(pattern)
        offsets.append(offset)
        values.append(bytes(digits))
    text = "\n".join(keys).encode("utf-8")
    prefixes = "\n".join(sorted({k[:n] for k in keys for n in range(1, len(k))})).encode("utf-8")
    header = dict(key, count=len(keys), keys=len(text), prefixes=len(prefixes))
    body = zlib.compress(text + prefixes + bytes(offsets) + b"\n".join(values), level)
    return MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + body


def decode(data: bytes, key: dict) -> "Patterns | None":
    """The patterns of a file made for `key`; None if it is another's, or damaged."""
    try:
        if not data.startswith(MAGIC):
            return None
        line_end = data.index(b"\n", len(MAGIC))
        header = json.loads(data[len(MAGIC):line_end])
        if not isinstance(header, dict) or any(header.get(k) != v for k, v in key.items()):
            return None
        count, length, more = header["count"], header["keys"], header["prefixes"]
        if type(count) is not int or type(length) is not int or type(more) is not int or count < 1 or length < 1:
            return None
        body = zlib.decompress(data[line_end + 1:])
        keys = body[:length].decode("utf-8").split("\n")
        prefixes = body[length:length + more].decode("utf-8").split("\n")
        at = length + more
        offsets = body[at:at + count]
        values = body[at + count:].split(b"\n")
        if not len(keys) == len(offsets) == len(values) == count or max(body[at + count:]) > 10:
            return None
        maxlen = max(map(len, keys))
        if max(offsets) > maxlen + 1 or max(map(len, values)) > maxlen + 1:
            return None  # (so that `positions` stays inside its list whatever the file says)
        patterns = dict(zip(keys, zip(offsets, values)))
        if len(patterns) != count:  # a pattern twice
            return None
        return Patterns(patterns, set(prefixes), maxlen)
    except (ValueError, KeyError, TypeError, zlib.error):  # (UnicodeDecodeError is a ValueError)
        return None


class Patterns:
    """Parsed patterns: pattern -> (offset, values), and the prefixes of the patterns."""

    def __init__(self, patterns: dict, prefixes: set, maxlen: int):
        self.patterns, self.prefixes, self.maxlen = patterns, prefixes, maxlen

    def pairs(self, word: str, left: int = 2, right: int = 2) -> tuple:
        """Pyphen(left=2, right=2).iterate(word), as a tuple: (head, tail), the longest head first."""
        points = self.positions(word.lower())
        last = len(word) - right
        return tuple((word[:i], word[i:]) for i in reversed(points) if left <= i <= last)

    def positions(self, word: str) -> list[int]:
        """HyphDict.positions(word) of a lower-case word, as ints."""
        pointed = f".{word}."
        n = len(pointed)
        references = [0] * (n + 2 * self.maxlen + 3)  # n + 1 as in pyphen, and room for any offset
        get, prefixes = self.patterns.get, self.prefixes
        for i in range(n - 1):
            for j in range(i + 1, n + 1):
                piece = pointed[i:j]
                found = get(piece)
                if found is not None:
                    k = i + found[0]
                    for value in found[1]:
                        if value > references[k]:
                            references[k] = value
                        k += 1
                if piece not in prefixes:  # no pattern starts with it and goes on
                    break
        return [i - 1 for i, value in enumerate(references[:n + 1]) if value % 2]


def read(path: Path, key: dict) -> Patterns | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return decode(data, key)
