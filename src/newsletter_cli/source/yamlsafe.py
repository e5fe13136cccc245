"""Load untrusted YAML safely, remembering where every key and item came from.

Refused outright: anchors and aliases (a "billion laughs" bomb expands once walked), explicit
tags (`!!python/object` would construct Python objects), duplicate keys, nesting deeper than MAX_DEPTH, more than one
document, text that is not UTF-8. Mappings come back as `LocatedDict`, sequences as
`LocatedList`, both knowing the line and column of each key or item, so that a schema error
deep in the tree can be reported at its place in the file. The parser itself is in
`yamlparse.py`, imported only for a text that is not in the cache of parsed sources.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from newsletter_cli.errors import NewsletterError

MAX_DEPTH = 64
MAX_BYTES = 2_000_000


class LocatedDict(dict):
    """A dict that knows the (line, col) of itself and of each of its keys (1-based)."""

    mark: tuple[int, int] = (1, 1)
    key_marks: dict

    def where(self, key) -> tuple[int, int]:
        return self.key_marks.get(key, self.mark)


class LocatedList(list):
    mark: tuple[int, int] = (1, 1)
    item_marks: list

    def where(self, index) -> tuple[int, int]:
        if isinstance(index, int) and 0 <= index < len(self.item_marks):
            return self.item_marks[index]
        return self.mark


def decode_text(data: bytes, filename: str) -> str:
    """Decode UTF-8 text or raise a located error that says what the bytes look like."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NewsletterError.at(filename, "file is UTF-16 encoded; save it as UTF-8", 1, 1, code="encoding")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise NewsletterError.at(
            filename, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
            line, col, code="encoding") from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise NewsletterError.at(filename, "file contains a NUL byte (binary data?)", line, col, code="encoding")
    return text


def read_text(path: Path, display: str, limit: int = MAX_BYTES) -> str:
    """The UTF-8 text of a regular file (never a pipe, device or folder), at most `limit` bytes."""
    from newsletter_cli.paths import Unreadable, read_regular

    try:
        data = read_regular(path, limit)
    except Unreadable as exc:
        where = (1, 1) if exc.code == "size" else (None, None)  # the others: where the file is named
        raise NewsletterError.at(display, exc.reason, *where, code=exc.code) from None
    return decode_text(data, display)


_SURROGATE = re.compile("[\ud800-\udfff]")
_PARSED: dict = {}  # (sources key, filename) -> the document: `preview --watch` reads the same files
MAX_PARSED = 256


def load_yaml(text: str, filename: str, line_offset: int = 0):
    """Parse one YAML document from `text`. Errors are NewsletterError with a location.

    A text parsed before is not parsed again (PyYAML in pure Python takes milliseconds per
    front matter): in this process it is remembered as is, between builds through the cache
    of parsed sources. Callers only read what is returned, never change it."""
    from newsletter_cli import sources

    key = sources.key(("yaml",), line_offset, text)
    found = _PARSED.get((key, filename))
    if found is None:
        found = _cached_or_parsed(text, filename, line_offset, key)
        if len(_PARSED) >= MAX_PARSED:
            _PARSED.clear()
        _PARSED[(key, filename)] = found
    else:  # still one of this texts: its file of parsed sources keeps it
        try:
            sources.STORE.keep(key, lambda: [to_json(found)])
        except TypeError:
            pass
    return found


def _cached_or_parsed(text: str, filename: str, line_offset: int, key: str):
    from newsletter_cli import sources

    entry = sources.STORE.get(key)
    if isinstance(entry, list) and len(entry) == 1:
        try:
            return from_json(entry[0])
        except (TypeError, ValueError, KeyError, RecursionError):
            pass  # not what to_json writes: parse again
    from newsletter_cli.source.yamlparse import parse

    document = parse(text, filename, line_offset)
    try:
        sources.STORE.put(key, [to_json(document)])
    except TypeError:
        pass  # a value JSON would not give back as it is: parsed every time
    return document


def to_json(value):
    """Located YAML data as JSON data (its marks kept), for the cache of parsed sources."""
    if isinstance(value, LocatedDict):
        return {"at": list(value.mark), "keys": [[to_json(k), list(value.where(k)), to_json(v)] for k, v in value.items()]}
    if isinstance(value, LocatedList):
        return {"at": list(value.mark), "marks": [list(m) for m in value.item_marks],
                "items": [to_json(v) for v in value]}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, str) and _SURROGATE.search(value):
        raise TypeError("JSON would join escaped surrogates ('\\ud800\\udc00') into one character")
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"no JSON form for {type(value).__name__}")


def from_json(data):
    """The inverse of `to_json`; ValueError (or TypeError, KeyError) for anything it does not write."""
    if isinstance(data, dict):
        if "keys" in data:
            result = LocatedDict()
            result.mark, result.key_marks = _mark(data["at"]), {}
            for key, mark, value in data["keys"]:
                if not (key is None or isinstance(key, (str, bool, int, float))):
                    raise ValueError("a mapping key that is not a scalar")
                result[key] = from_json(value)
                result.key_marks[key] = _mark(mark)
            return result
        if "items" in data:
            result = LocatedList(from_json(v) for v in data["items"])
            result.mark, result.item_marks = _mark(data["at"]), [_mark(m) for m in data["marks"]]
            if len(result.item_marks) != len(result):
                raise ValueError("a mark for every item")
            return result
        if "datetime" in data:
            return datetime.datetime.fromisoformat(data["datetime"])
        if "date" in data:
            return datetime.date.fromisoformat(data["date"])
        raise ValueError("an unknown node")
    if isinstance(data, list):
        raise ValueError("a bare list")
    return data


def _mark(data) -> tuple[int, int]:
    if type(data) is list and len(data) == 2 and type(data[0]) is int and type(data[1]) is int:
        return data[0], data[1]
    raise ValueError("a mark is [line, column]")


def locate(data, path) -> tuple[int, int] | None:
    """Line and column of the value at `path` (keys and indexes) in located data."""
    where = getattr(data, "mark", None)
    node = data
    for step in path:
        if isinstance(node, LocatedDict) and step in node:
            where = node.where(step)
            node = node[step]
        elif isinstance(node, LocatedList) and isinstance(step, int) and 0 <= step < len(node):
            where = node.where(step)
            node = node[step]
        else:
            break
    return where
