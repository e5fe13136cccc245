"""A small, pure-Python reader for TrueType fonts: which characters a font can draw.

`validate` must not import ReportLab, yet it has to know whether every character of an issue
is covered by the theme's fonts, and whether a font file will embed at all. This module reads
the table directory and the 'cmap' table (subtable formats 4 and 12) of a TrueType file, and
checks the other tables ReportLab needs. Every read is bounds-checked: a corrupt or hostile
font raises `FontError` with a plain message, never another exception.
"""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAX_FONT_BYTES = 30_000_000
# ReportLab reads these tables (OS/2 is optional for it, but every real text font has one).
REQUIRED_TABLES = ("cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post")


class FontError(Exception):
    """The file is not a usable TrueType font; the message says why, for the user."""


class Coverage:
    """A set of code points stored as sorted, merged ranges (a font may map 0..0x10FFFF)."""

    def __init__(self, ranges):
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [r[0] for r in merged]
        self._ends = [r[1] for r in merged]

    def __contains__(self, code_point: int) -> bool:
        i = bisect.bisect_right(self._starts, code_point) - 1
        return i >= 0 and code_point <= self._ends[i]

    def __len__(self) -> int:
        return sum(e - s + 1 for s, e in zip(self._starts, self._ends))

    @property
    def ranges(self) -> list[tuple[int, int]]:
        return list(zip(self._starts, self._ends))


@dataclass(frozen=True)
class FontInfo:
    path: Path
    num_glyphs: int
    coverage: Coverage
    x_height: float | None = None  # of the em (OS/2's sxHeight), where the font says

    def covers(self, char: str) -> bool:
        return ord(char) in self.coverage


class _Reader:
    def __init__(self, data: bytes, what: str):
        self.data, self.what = data, what

    def unpack(self, fmt: str, offset: int):
        size = struct.calcsize(fmt)
        if offset < 0 or offset + size > len(self.data):
            raise FontError(f"is truncated or corrupt ({self.what} runs past the end of the file)")
        return struct.unpack_from(fmt, self.data, offset)


def read_font(path: Path) -> FontInfo:
    """Read and check a TrueType font. Raises FontError (with a message for the user)."""
    from newsletter_cli.paths import Unreadable, note_read, read_regular

    try:
        data = read_regular(path, MAX_FONT_BYTES)
    except Unreadable as exc:
        raise FontError(exc.reason) from None
    note_read(path)
    return parse_font(data, path)


def parse_font(data: bytes, path: Path = Path("<font>")) -> FontInfo:
    tag = data[:4]
    if tag == b"OTTO":
        raise FontError("is an OpenType/CFF font; only TrueType (.ttf with glyf outlines) can be embedded")
    if tag == b"ttcf":
        raise FontError("is a TrueType collection (.ttc); use a single .ttf font")
    if tag in (b"wOFF", b"wOF2"):
        raise FontError("is a WOFF web font; use the .ttf version of the font")
    if tag not in (b"\x00\x01\x00\x00", b"true"):
        raise FontError("is not a TrueType font file")
    r = _Reader(data, "table directory")
    (num_tables,) = r.unpack(">H", 4)
    if not 1 <= num_tables <= 200:
        raise FontError(f"is corrupt (table directory claims {num_tables} tables)")
    tables: dict[str, tuple[int, int]] = {}
    for i in range(num_tables):
        raw_tag, _checksum, offset, length = r.unpack(">4sIII", 12 + 16 * i)
        name = raw_tag.decode("latin-1")
        if offset + length > len(data):
            raise FontError(f"is truncated or corrupt (table '{name.strip()}' runs past the end of the file)")
        tables[name] = (offset, length)
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise FontError(f"is incomplete or corrupt (no {', '.join(repr(m) for m in missing)} table)")

    head_off, head_len = tables["head"]
    r = _Reader(data, "'head' table")
    if head_len < 54:
        raise FontError("is corrupt ('head' table too short)")
    (magic,) = r.unpack(">I", head_off + 12)
    if magic != 0x5F0F3CF5:
        raise FontError("is corrupt ('head' table has a wrong magic number)")
    (loca_format,) = r.unpack(">h", head_off + 50)
    if loca_format not in (0, 1):
        raise FontError(f"is corrupt (unknown 'loca' format {loca_format})")

    maxp_off, maxp_len = tables["maxp"]
    if maxp_len < 6:
        raise FontError("is corrupt ('maxp' table too short)")
    (num_glyphs,) = _Reader(data, "'maxp' table").unpack(">H", maxp_off + 4)
    if num_glyphs == 0:
        raise FontError("is corrupt (it has no glyphs)")
    loca_len = tables["loca"][1]
    if loca_len < (num_glyphs + 1) * (2 if loca_format == 0 else 4):
        raise FontError("is truncated or corrupt ('loca' table shorter than the glyph count)")

    if "OS/2" in tables:
        os2_off, os2_len = tables["OS/2"]
        if os2_len >= 10:
            (fs_type,) = _Reader(data, "'OS/2' table").unpack(">H", os2_off + 8)
            # the same rule as ReportLab: restricted licence, or no subsetting / bitmap only
            if fs_type == 0x0002 or fs_type & 0x0300:
                raise FontError(f"does not allow embedding or subsetting (licence flags 0x{fs_type:04X})")

    coverage = _read_cmap(data, *tables["cmap"], num_glyphs)
    return FontInfo(path, num_glyphs, coverage, _x_height(data, tables))


def _x_height(data: bytes, tables: dict) -> float | None:
    """The height of the font's lower-case letters, as a share of its em, or None."""
    (units,) = _Reader(data, "'head' table").unpack(">H", tables["head"][0] + 18)
    if not 16 <= units <= 16384:
        return None
    offset, length = tables.get("OS/2", (0, 0))
    if length >= 90:
        version, = _Reader(data, "'OS/2' table").unpack(">H", offset)
        (height,) = _Reader(data, "'OS/2' table").unpack(">h", offset + 86)
        if version >= 2 and 0 < height < units:
            return height / units
    top = _glyph_top(data, tables, 0x78)  # an OS/2 table before version 2 (DejaVu's): the top of its "x"
    return top / units if top is not None and 0 < top < units else None


def _glyph_top(data: bytes, tables: dict, char: int) -> int | None:
    """The highest point of the glyph of `char` (its `glyf` bounding box), through the BMP's
    character map (format 4); None where the font does not say."""
    try:
        offset, length = tables["cmap"]
        _version, count = struct.unpack_from(">HH", data, offset)
        glyph = None
        for i in range(min(count, 100)):
            platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * i)
            start = offset + sub
            if (platform, encoding) in ((3, 1), (0, 3)) and struct.unpack_from(">H", data, start)[0] == 4:
                segs = struct.unpack_from(">H", data, start + 6)[0] // 2
                ends = struct.unpack_from(f">{segs}H", data, start + 14)
                at = next((k for k, last in enumerate(ends) if last >= char), None)
                if at is None:
                    return None
                first_at = start + 16 + 2 * segs
                first, = struct.unpack_from(">H", data, first_at + 2 * at)
                delta, = struct.unpack_from(">h", data, first_at + 2 * segs + 2 * at)
                range_at = first_at + 4 * segs + 2 * at
                range_offset, = struct.unpack_from(">H", data, range_at)
                if char < first:
                    return None
                if range_offset:
                    glyph, = struct.unpack_from(">H", data, range_at + range_offset + 2 * (char - first))
                    glyph = (glyph + delta) & 0xFFFF if glyph else 0
                else:
                    glyph = (char + delta) & 0xFFFF
                break
        if not glyph:
            return None
        (loca_format,) = struct.unpack_from(">h", data, tables["head"][0] + 50)
        loca = tables["loca"][0]
        if loca_format == 0:
            at = struct.unpack_from(">H", data, loca + 2 * glyph)[0] * 2
            after = struct.unpack_from(">H", data, loca + 2 * glyph + 2)[0] * 2
        else:
            at, after = struct.unpack_from(">II", data, loca + 4 * glyph)
        if after - at < 10:
            return None
        return struct.unpack_from(">h", data, tables["glyf"][0] + at + 8)[0]
    except struct.error:
        return None


def _read_cmap(data: bytes, offset: int, length: int, num_glyphs: int) -> Coverage:
    r = _Reader(data, "'cmap' table")
    end = offset + length
    _version, count = r.unpack(">HH", offset)
    subtables: dict[tuple[int, int], int] = {}
    for i in range(min(count, 100)):
        platform, encoding, sub = r.unpack(">HHI", offset + 4 + 8 * i)
        if offset + sub < end:
            subtables.setdefault((platform, encoding), offset + sub)
    # Unicode full repertoire first (format 12), then the BMP (format 4); like ReportLab.
    order = [(3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0), (3, 0)]
    for key in order:
        start = subtables.get(key)
        if start is None:
            continue
        (fmt,) = r.unpack(">H", start)
        if fmt == 12:
            return _format12(r, start, end, num_glyphs)
        if fmt == 4:
            return _format4(r, start, end, num_glyphs)
    raise FontError("has no Unicode character map (a 'cmap' subtable of format 4 or 12)")


def _format4(r: _Reader, start: int, table_end: int, num_glyphs: int) -> Coverage:
    _fmt, length, _lang, seg_x2 = r.unpack(">HHHH", start)
    end = min(start + length, table_end, len(r.data))
    segs = seg_x2 // 2
    if seg_x2 % 2 or start + 16 + 8 * segs > end:
        raise FontError("is corrupt (bad 'cmap' format 4 subtable)")
    # Four parallel arrays of `segs` entries, inside the subtable (checked just above), each read
    # whole: unpacking them value by value, and each character alone, was most of reading a font.
    ends_at = start + 14
    starts_at = ends_at + seg_x2 + 2
    deltas_at = starts_at + seg_x2
    range_at = deltas_at + seg_x2
    lasts = struct.unpack_from(f">{segs}H", r.data, ends_at)
    firsts = struct.unpack_from(f">{segs}H", r.data, starts_at)
    deltas = struct.unpack_from(f">{segs}h", r.data, deltas_at)
    range_offsets = struct.unpack_from(f">{segs}H", r.data, range_at)
    ranges: list[tuple[int, int]] = []
    for i in range(segs):
        first, last, delta, range_offset = firsts[i], lasts[i], deltas[i], range_offsets[i]
        if first > last:
            continue
        last = min(last, 0xFFFE)  # 0xFFFF closes the table and maps nothing
        if range_offset == 0:
            _delta_segment(first, last, delta, num_glyphs, ranges)
        else:
            _array_segment(r.data, range_at + 2 * i + range_offset, end, first, last, delta, num_glyphs, ranges)
    return Coverage(ranges)


def _delta_segment(first: int, last: int, delta: int, num_glyphs: int, ranges: list) -> None:
    """Characters first..last map to glyph (c + delta) mod 65536; glyph 0 means 'no glyph'.

    The glyph wraps to 0 at one code point only, `zero`; on either side of it the glyphs rise by
    one per character, so each side is one range and its highest glyph is at its end.
    """
    zero = -delta & 0xFFFF
    for lo, hi in ((first, min(last, zero - 1)), (max(first, zero + 1), last)):
        if lo > hi:
            continue
        glyph = (lo + delta) & 0xFFFF
        if glyph + (hi - lo) >= num_glyphs:  # the first character past the font's glyphs
            char = lo + max(0, num_glyphs - glyph)
            raise _glyph_error((char + delta) & 0xFFFF, num_glyphs, char)
        ranges.append((lo, hi))


def _array_segment(data: bytes, at: int, end: int, first: int, last: int, delta: int, num_glyphs: int,
                   ranges: list) -> None:
    """Characters first..last take their glyphs from the array at `at`, in character order."""
    inside = max(0, min(last - first + 1, (end - at) // 2))  # entries that lie inside the subtable
    glyphs = struct.unpack_from(f">{inside}H", data, at) if inside else ()
    for c, glyph in enumerate(glyphs, start=first):
        if glyph:
            glyph = (glyph + delta) & 0xFFFF
            if glyph:
                if glyph >= num_glyphs:
                    raise _glyph_error(glyph, num_glyphs, c)
                if ranges and ranges[-1][1] == c - 1:
                    ranges[-1] = (ranges[-1][0], c)
                else:
                    ranges.append((c, c))
    if inside < last - first + 1:
        raise FontError("is corrupt ('cmap' format 4 points outside its subtable)")


def _format12(r: _Reader, start: int, table_end: int, num_glyphs: int) -> Coverage:
    _fmt, _reserved, length, _lang, groups = r.unpack(">HHIII", start)
    end = min(start + length, table_end, len(r.data))
    if start + 16 + 12 * groups > end:
        raise FontError("is truncated or corrupt ('cmap' format 12 subtable)")
    ranges: list[tuple[int, int]] = []
    # the groups lie inside the subtable (checked just above): read in one pass
    for first, last, glyph in struct.iter_unpack(">III", r.data[start + 16:start + 16 + 12 * groups]):
        if first > last or last > 0x10FFFF:
            raise FontError("is corrupt (bad range in 'cmap' format 12)")
        if glyph + (last - first) >= num_glyphs:
            raise _glyph_error(glyph + (last - first), num_glyphs, last)
        if glyph == 0:
            first += 1  # glyph 0 is .notdef: 'no glyph'
        if first <= last:
            ranges.append((first, last))
    return Coverage(ranges)


def _glyph_error(glyph: int, num_glyphs: int, char: int) -> FontError:
    return FontError(f"is corrupt (character U+{char:04X} maps to glyph {glyph}, "
                     f"but the font has {num_glyphs} glyphs)")


@lru_cache(maxsize=64)
def _cached(path: str, mtime_ns: int, size: int) -> FontInfo:
    return read_font(Path(path))


def font_info(path: Path) -> FontInfo:
    """`read_font`, cached per file (a theme names the same file for several faces)."""
    try:
        stat = path.stat()
    except OSError:
        return read_font(path)  # raises the right FontError
    return _cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def covered_by_all(paths) -> Coverage:
    """Code points every one of the fonts can draw."""
    infos = list({id(info): info for info in (font_info(Path(p)) for p in paths)}.values())  # each file once
    if not infos:
        return Coverage([])
    ranges = infos[0].coverage.ranges
    for info in infos[1:]:
        ranges = _intersect(ranges, info.coverage.ranges)
    return Coverage(ranges)


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out
