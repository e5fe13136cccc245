"""TrueType faces remembered between builds, so a build does not parse its fonts again.

ReportLab's TTFont reads a font file and parses its tables in pure Python, several
milliseconds a face, and a theme has eleven. What the parse finds (names, metrics, the
character map, widths, glyph offsets) depends only on the file's bytes, its name and
ReportLab, so it is kept in the user's cache folder ($XDG_CACHE_HOME/newsletter/fonts, else
~/.cache/newsletter/fonts) and the next build puts it back on a face holding the same bytes
(the subset embedded in the PDF is still cut from the file). One JSON file per face, named by
a hash of all that: a build reads only its own faces, and builds with other fonts never
rewrite each other's entries. The package's own fonts (assets/fonts) ship with their entries,
made by tools/font_data.py (assets/fontdata/NAME.ttf.json): they are read first, checked as
the user's entries are, so a first build parses none of them; a shipped entry that is not the
one of these bytes for this ReportLab (or is damaged) is ignored like any other.

This is the only module that knows ReportLab's TrueType internals: the attributes its parser
sets. An entry is written only if restoring it gives back exactly the font ReportLab made
(same attributes, types and values), so a ReportLab that parses differently, or a font this
module does not know (a collection), is simply parsed every time. JSON, not pickle: reading
the cache can never run code. An entry that is missing, unreadable, of the wrong shape or
for other bytes is ignored, the face parsed and the entry written again; a cache folder that
cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from collections.abc import Mapping
from fnmatch import fnmatch
from itertools import chain
from pathlib import Path
from types import FunctionType
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

import newsletter_cli
from newsletter_cli import cache, paths

FORMAT = 1  # of the entries; a change of their layout must change it
MAX_ENTRIES = 100  # the oldest entries are removed beyond this

# What TTFontParser and TTFontFile.extractInfo set on a face, beside the file's bytes and name
# and the big tables below. Anything else they set makes the round trip in `_save` fail.
_NUMBERS = ("version", "numTables", "searchRange", "entrySelector", "rangeShift", "_pos", "unitsPerEm",
            "ascent", "descent", "capHeight", "stemV", "italicAngle", "underlinePosition",
            "underlineThickness", "flags", "numGlyphs", "_full_font", "defaultWidth")
_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID", "subfontNameX")
_BROKEN = (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError, struct.error,
           RecursionError)  # what an entry of the wrong shape can raise while it is read


def ttfont(name: str, path: str, scale: float = 1.0) -> TTFont:
    """TTFont(name, path), its face restored from the cache when the file's bytes have an entry.
    A file ReportLab cannot use raises what TTFont raises. With `scale`, the font drawn that much
    smaller at every size (`at_scale`): inline code whose letters match the text's height."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        data = None  # TTFont below reports it, as it always has
    if data is not None:
        digest = hashlib.sha256(data).hexdigest()
        paths.note_read(path, digest)  # (the build cache need not hash it again)
        if scale != 1.0:
            data = at_scale(data, scale)
            digest = None
        key = _key(data, path, digest)
        for entry in (_shipped(path), _file(key)):  # the package's own fonts ship parsed
            try:
                face = _restore(cache.read_json(entry), key, path, data)
            except _BROKEN:
                face = None
            if face is not None:
                paths.note_read(entry)
                return _renamed(_font(name, face), scale, path)
    font = TTFont(name, io.BytesIO(data) if scale != 1.0 and data is not None else path)
    _save(font, path)
    return _renamed(font, scale, path)


def _renamed(font: TTFont, scale: float, path: str) -> TTFont:
    """A font drawn at a scale, under a PostScript name of its own: ReportLab takes a second font
    of a face's name for the first one (`registerFont`), and a reader would too. Its file is
    still its file (the caches of set paragraphs key on it)."""
    if scale != 1.0:
        font.face.name = font.face.name + b"-Scaled"
        font.face.filename = path
    return font


def at_scale(data: bytes, scale: float) -> bytes:
    """The font's bytes with a larger em (its `head` table's unitsPerEm, over `scale`): each glyph,
    its advance and its metrics are then `scale` of what they were at a size, in ReportLab's
    measures and in any reader drawing the embedded font alike. Unchanged if it has no head."""
    count = int.from_bytes(data[4:6], "big") if len(data) >= 12 else 0
    for i in range(min(count, 200)):
        record = 12 + 16 * i
        if data[record:record + 4] == b"head" and len(data) >= record + 16:
            at = int.from_bytes(data[record + 8:record + 12], "big") + 18
            if at + 2 > len(data):
                return data
            units = int.from_bytes(data[at:at + 2], "big")
            larger = max(16, min(16384, round(units / scale)))
            return data[:at] + larger.to_bytes(2, "big") + data[at + 2:]
    return data


def _shipped(path: str) -> Path:
    """Where the package keeps the entry of a font of that name (tools/font_data.py makes them
    for assets/fonts): used only while it is the entry of these bytes for this ReportLab."""
    from newsletter_cli.paths import assets_dir

    return assets_dir() / "fontdata" / f"{os.path.basename(path)}.json"


def _key(data: bytes, path: str, digest: str | None = None) -> str:
    # the parse also reads the file's name: rl_config.allowTTFSubsetting lists the files that
    # may be subset despite their licence
    parts = (FORMAT, reportlab.Version, newsletter_cli.__version__, os.path.basename(path),
             rl_config.allowTTFSubsetting, digest or hashlib.sha256(data).hexdigest())
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _file(key: str) -> Path:
    return cache.folder() / "fonts" / f"{key}.json"


# --- a face as JSON ---------------------------------------------------------------------------

def _save(font: TTFont, path: str) -> None:
    entry = entry_for(font, path)
    if entry is None:
        return  # this ReportLab (or this font) keeps something the entry would lose
    file = _file(entry["key"])
    if cache.write_json(file, entry):
        cache.keep_newest(file.parent, MAX_ENTRIES)


def entry_for(font: TTFont, path: str) -> dict | None:
    """The entry of a font ReportLab parsed from `path`, as JSON data: None unless restoring it
    gives back exactly that font."""
    key = _key(font.face._ttf_data, path)  # the bytes ReportLab parsed, should the file have changed since
    try:
        text = json.dumps(_encode(font.face), separators=(",", ":"))
        entry = {"key": key, "sha256": _digest(key, text), "face": text}
        face = _restore(entry, key, path, font.face._ttf_data)  # as read back: three strings
        faithful = face is not None and _same(_font(font.fontName, face), font)
    except _BROKEN:
        return None
    return entry if faithful else None


def _encode(face: TTFontFace) -> dict:
    g2c = face.glyphToChar
    # a glyph is nearly always one character: its first character, then the rest as pairs
    more = [(glyph, char) for glyph, chars in g2c.items() for char in chars[1:]]
    return {
        "numbers": {attr: getattr(face, attr) for attr in _NUMBERS},
        "names": {attr: _name(getattr(face, attr)) for attr in _NAMES},
        "fontRevision": list(face.fontRevision),
        "bbox": face.bbox,
        "tables": [[t["tag"], t["checksum"], t["offset"], t["length"]] for t in face.tables],
        "charToGlyph": [_pack(face.charToGlyph), _pack(face.charToGlyph.values())],
        "glyphToChar": [_pack(g2c), _pack(chars[0] for chars in g2c.values()),
                        _pack(g for g, _ in more), _pack(c for _, c in more)],
        "charWidths": [_pack(face.charWidths), _pack(face.charWidths.values())],
        "hmetrics": [_pack(aw for aw, _ in face.hmetrics), _pack(lsb for _, lsb in face.hmetrics)],
        "glyphPos": _pack(face.glyphPos),
    }


def _restore(entry, key: str, path: str, data: bytes) -> TTFontFace | None:
    """The face the entry describes, on `data`; None if the entry is not one for this key."""
    if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("face"), str):
        return None
    if entry.get("sha256") != _digest(key, entry["face"]):
        return None  # edited, damaged or moved: its numbers cannot be checked otherwise
    d = json.loads(entry["face"])
    face = TTFontFace.__new__(TTFontFace)  # what TTFontFace(path) makes, without the parse
    pdfmetrics.TypeFace.__init__(face, None)
    face.validate = 0
    face.filename = path
    face._ttf_data = data
    numbers = d["numbers"]
    for attr in _NUMBERS:
        setattr(face, attr, _number(numbers[attr], int, float, bool))
    for attr in _NAMES:
        setattr(face, attr, _unname(d["names"][attr]))
    face.fontRevision = tuple(_number(n, int) for n in d["fontRevision"])
    face.bbox = [_number(n, int, float) for n in d["bbox"]]
    face.tables = [{"tag": _number(tag, str), "checksum": _number(checksum, int),
                    "offset": _number(offset, int), "length": _number(length, int)}
                   for tag, checksum, offset, length in d["tables"]]
    face.table = {record["tag"]: record for record in face.tables}
    face._pdfScale = _scale(face.unitsPerEm)
    face.charToGlyph = dict(zip(*_unpack_all(d["charToGlyph"], 2), strict=True))
    glyphs, firsts, more_glyphs, more_chars = _unpack_all(d["glyphToChar"], 4)
    face.glyphToChar = g2c = dict(zip(glyphs, map(list, zip(firsts)), strict=True))
    for glyph, char in zip(more_glyphs, more_chars, strict=True):
        g2c[glyph].append(char)
    face.charWidths = dict(zip(*_unpack_all(d["charWidths"], 2), strict=True))
    face.hmetrics = list(zip(*_unpack_all(d["hmetrics"], 2), strict=True))
    face.glyphPos = _unpack(d["glyphPos"])
    return face


def _font(name: str, face: TTFontFace) -> TTFont:
    """What TTFont(name, ...) makes around its face (checked against it in `_save`)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in ttfonts.unShapedFontGlob)
    return font


def _scale(units_per_em):
    """TTFontFile._pdfScale: font units -> thousandths of an em, as extractInfo makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _digest(key: str, text: str) -> str:
    return hashlib.sha256(f"{key}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()


def _number(value, *types):
    if type(value) not in types:
        raise TypeError(f"{type(value).__name__} in a font cache entry")
    return value


def _name(value) -> list:
    # TTFNameBytes holds its text as UTF-8, so the text makes it again (with the same .ustr)
    if type(value) is TTFNameBytes:
        return ["name", value.ustr]
    if type(value) is bytes:
        return ["bytes", value.decode("latin-1")]
    return ["str", _number(value, str)]


def _unname(value):
    kind, text = value
    _number(text, str)
    if kind == "name":
        return TTFNameBytes(text.encode("utf-8", "surrogatepass"))
    if kind == "bytes":
        return text.encode("latin-1")
    if kind == "str":
        return text
    raise ValueError(f"name kind {kind!r} in a font cache entry")


# Long lists of numbers are packed (little-endian, in hex: quicker to read than base64): JSON
# lists of ints take longer to read than the parse they replace. The format letter keeps ints
# ints and floats floats.

def _pack(values) -> list:
    values = list(values)
    kinds = set(map(type, values))
    codes = "Hiq" if kinds <= {int} else "d" if kinds == {float} else ""  # the smallest that holds them
    for code in codes:
        try:
            raw = struct.pack(f"<{len(values)}{code}", *values)
        except struct.error:  # too large for this format
            continue
        return [code, raw.hex()]
    return ["json", values]  # mixed ints and floats (a face whose em is not 1000 units may have them)


def _unpack(packed) -> list:
    code, data = packed
    if code in ("H", "i", "q", "d"):
        raw = bytes.fromhex(_number(data, str))
        return list(struct.unpack(f"<{len(raw) // struct.calcsize(code)}{code}", raw))
    if code == "json":
        return [_number(n, int, float) for n in data]
    raise ValueError(f"format {code!r} in a font cache entry")


def _unpack_all(packed, count: int) -> list[list]:
    if len(packed) != count:
        raise ValueError("wrong number of lists in a font cache entry")
    return [_unpack(p) for p in packed]


# --- the round trip's check -------------------------------------------------------------------

_SCALARS = {int, float, bool, str, bytes, type(None)}


def _same(a, b) -> bool:
    """Whether a and b are the same data: the same types all the way down (1 is not 1.0, which
    a PDF would print otherwise), equal values, and functions that give the same results."""
    if type(a) is not type(b):
        return False
    if isinstance(a, Mapping):
        return _same(list(a), list(b)) and _same(list(a.values()), list(b.values()))
    if isinstance(a, (list, tuple)):
        types = list(map(type, a))
        if types != list(map(type, b)):
            return False
        kinds = set(types)
        if kinds <= _SCALARS:  # the long lists of numbers, quickly
            return a == b
        if len(kinds) == 1 and kinds <= {list, tuple}:  # lists of lists or pairs: as one list
            return list(map(len, a)) == list(map(len, b)) and _same(list(chain(*a)), list(chain(*b)))
        return all(map(_same, a, b))
    if isinstance(a, FunctionType):  # _pdfScale
        return all(_same(a(x), b(x)) for x in (0, 1, 7, -250, 1000, 2048, 0.5))
    if type(a) in _SCALARS:
        return a == b
    if isinstance(a, tuple(_SCALARS)):  # TTFNameBytes keeps its text in an attribute
        return a == b and _same(getattr(a, "__dict__", {}), getattr(b, "__dict__", {}))
    try:  # an object: its attributes, in whatever order they were set
        return _same(dict(sorted(vars(a).items())), dict(sorted(vars(b).items())))
    except TypeError:
        return False
