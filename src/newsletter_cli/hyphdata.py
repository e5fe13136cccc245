"""Hyphenation patterns as one compact file: read with one call, no Python code per pattern.

pyphen parses a `.dic` file in pure Python, a regular expression and a few tuples per pattern:
0.15–0.25 s for English's 14 000 patterns, more than laying out the whole of issue 076. This
module keeps what that parse finds, the `HyphDict.patterns` mapping (pattern -> (offset,
values)), in a form that is turned back into that mapping by C code alone:

    b"newsletter hyphenation patterns\\n"
    one line of JSON: the key (see `source_key`), the number of patterns, the length of the keys
    zlib( keys, UTF-8, joined by "\\n"  +  the offsets, one byte each
          +  the values, one byte (0–9) per digit, the patterns' values joined by b"\\n" )

Reading is `dict(zip(keys.split("\\n"), zip(offsets, values.split(b"\\n"))))`: the values are
`bytes`, which pyphen's own `HyphDict.positions` reads exactly as it reads its tuples of ints
(it iterates them and takes `max`), so the hyphenation points are pyphen's own.

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

FORMAT = 1
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


def encode(patterns: dict, key: dict) -> bytes | None:
    """The file for `patterns` (a parsed HyphDict's), or None if they hold what the format
    cannot: nonstandard hyphenation data, a value above 9, an offset above 255, a newline."""
    keys, offsets, values = [], bytearray(), []
    for pattern, (offset, digits) in patterns.items():
        if ("\n" in pattern or type(offset) is not int or not 0 <= offset <= 255
                or not all(type(d) is int and 0 <= d <= 9 for d in digits)):
            return None
        keys.append(pattern)
        offsets.append(offset)
        values.append(bytes(digits))
    text = "\n".join(keys).encode("utf-8")
    header = dict(key, count=len(keys), keys=len(text))
    body = zlib.compress(text + bytes(offsets) + b"\n".join(values), 9)
    return MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + body


def decode(data: bytes, key: dict) -> tuple[dict, int] | None:
    """(patterns, longest pattern) from a file made for `key`; None if it is another's, or damaged."""
    try:
        if not data.startswith(MAGIC):
            return None
        line_end = data.index(b"\n", len(MAGIC))
        header = json.loads(data[len(MAGIC):line_end])
        if not isinstance(header, dict) or any(header.get(k) != v for k, v in key.items()):
            return None
        count, length = header["count"], header["keys"]
        if type(count) is not int or type(length) is not int or count < 1 or length < 1:
            return None
        body = zlib.decompress(data[line_end + 1:])
        keys = body[:length].decode("utf-8").split("\n")
        offsets = body[length:length + count]
        values = body[length + count:].split(b"\n")
        if not len(keys) == len(offsets) == len(values) == count or max(body[length + count:]) > 10:
            return None
        patterns = dict(zip(keys, zip(offsets, values)))
        if len(patterns) != count:  # a pattern twice
            return None
        return patterns, max(map(len, keys))
    except (ValueError, KeyError, TypeError, zlib.error):  # (UnicodeDecodeError is a ValueError)
        return None


def read(path: Path, key: dict) -> tuple[dict, int] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return decode(data, key)
