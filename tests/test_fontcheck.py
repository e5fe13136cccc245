"""The pure-Python TrueType reader (newsletter_cli.theme.fontcheck): cmap formats 4 and 12, corrupt files."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest

from conftest import ROOT
from newsletter_cli.paths import assets_dir
from newsletter_cli.theme.fontcheck import Coverage, FontError, covered_by_all, parse_font, read_font

FONTS = sorted((assets_dir() / "fonts").glob("*.ttf"))


def sfnt(tables: dict[bytes, bytes], version: bytes = b"\x00\x01\x00\x00") -> bytes:
    """A font file holding exactly `tables` (checksums left at zero: nothing here reads them)."""
    head = version + struct.pack(">HHHH", len(tables), 0, 0, 0)
    offset = 12 + 16 * len(tables)
    directory, body = b"", b""
    for tag, data in sorted(tables.items()):
        directory += tag + struct.pack(">III", 0, offset + len(body), len(data))
        body += data + b"\x00" * (-len(data) % 4)
    return head + directory + body


def cmap_format4(segments: list[tuple[int, int, int]], glyph_ids: dict[int, int] | None = None) -> bytes:
    """(first, last, delta) segments; a segment whose first char is in `glyph_ids` uses the glyph array."""
    glyph_ids = glyph_ids or {}
    segments = segments + [(0xFFFF, 0xFFFF, 1)]
    n = len(segments)
    ends = struct.pack(f">{n}H", *(s[1] for s in segments))
    starts = struct.pack(f">{n}H", *(s[0] for s in segments))
    deltas = struct.pack(f">{n}h", *(s[2] if s[0] not in glyph_ids else 0 for s in segments))
    array: list[int] = []
    offsets = []
    for i, (first, last, _) in enumerate(segments):
        if first in glyph_ids:
            # idRangeOffset counts from its own position to the glyph array entry
            offsets.append(2 * (n - i) + 2 * len(array))
            array += [glyph_ids[first]] * (last - first + 1)
        else:
            offsets.append(0)
    body = (ends + b"\x00\x00" + starts + deltas + struct.pack(f">{n}H", *offsets)
            + struct.pack(f">{len(array)}H", *array))
    sub = struct.pack(">HHHHHHH", 4, 14 + len(body), 0, 2 * n, 0, 0, 0) + body
    return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + sub


def cmap_format12(groups: list[tuple[int, int, int]]) -> bytes:
    body = b"".join(struct.pack(">III", *g) for g in groups)
    sub = struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + sub


def tiny_font(cmap: bytes, num_glyphs: int = 50, fs_type: int = 0, drop: tuple = (),
              replace: dict[bytes, bytes] | None = None) -> bytes:
    head = bytearray(54)
    head[12:16] = struct.pack(">I", 0x5F0F3CF5)
    tables = {
        b"cmap": cmap,
        b"head": bytes(head),
        b"maxp": struct.pack(">IH", 0x00005000, num_glyphs),
        b"loca": bytes(2 * (num_glyphs + 1)),
        b"glyf": b"",
        b"hhea": bytes(36),
        b"hmtx": bytes(4),
        b"name": bytes(6),
        b"post": bytes(32),
        b"OS/2": struct.pack(">HhHHH", 0, 0, 0, 0, fs_type) + bytes(68),
    }
    for tag in drop:
        del tables[tag]
    tables.update(replace or {})
    return sfnt(tables)


# --- the shipped fonts: the same coverage as ReportLab sees ------------------------------------

@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_shipped_fonts_match_reportlab(path):
    from reportlab.pdfbase.ttfonts import TTFont

    info = read_font(path)
    reportlab = set(TTFont(f"fc-{path.stem}", str(path)).face.charToGlyph) - {0xFFFF}
    mine = {c for first, last in info.coverage.ranges for c in range(first, last + 1)}
    assert mine == reportlab - ({0xA0} - mine)  # ReportLab gives a font without a no-break space one
    if path.name.startswith("Source"):  # the brand faces (the others are fallbacks for what they lack)
        assert info.covers("A") and info.covers("é") and not info.covers("\U0001F600")


def test_common_coverage_of_the_theme_fonts():
    common = covered_by_all([f for f in FONTS if f.name.startswith("Source")])
    for char in "Aa’“”–—…é€":
        assert ord(char) in common, char
    assert ord("\u4e2d") not in common and ord("\U0001F600") not in common


def test_fontcheck_does_not_import_reportlab():
    code = ("import sys, newsletter_cli.theme.fontcheck as f\n"
            f"f.read_font(__import__('pathlib').Path({str(FONTS[0])!r}))\n"
            "sys.exit('reportlab' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


# --- synthetic fonts ---------------------------------------------------------------------------

def test_format4_with_deltas_and_glyph_array():
    cmap = cmap_format4([(0x41, 0x43, -0x40 + 1), (0x61, 0x62, 0)], glyph_ids={0x61: 7})
    info = parse_font(tiny_font(cmap))
    assert [c for c in "ABCDab" if info.covers(c)] == ["A", "B", "C", "a", "b"]


def test_format4_glyph_array_zero_is_not_covered():
    cmap = cmap_format4([(0x30, 0x31, 0)], glyph_ids={0x30: 0})
    info = parse_font(tiny_font(cmap))
    assert not info.covers("0") and not info.covers("1")


def test_format4_delta_through_glyph_zero():
    # C + delta is glyph 0 ('no glyph'): C is not covered, D and E are glyphs 1 and 2
    info = parse_font(tiny_font(cmap_format4([(0x43, 0x45, -0x43)])))
    assert [c for c in "BCDEF" if info.covers(c)] == ["D", "E"]
    # below the zero point the glyph ids wrap to the top of the range: the first past the font is named
    with pytest.raises(FontError, match=r"U\+0042 maps to glyph 65535, but the font has 65535 glyphs"):
        parse_font(tiny_font(cmap_format4([(0x41, 0x45, -0x43)]), num_glyphs=65535))
    with pytest.raises(FontError, match=r"U\+0045 maps to glyph 50, but the font has 50 glyphs"):
        parse_font(tiny_font(cmap_format4([(0x41, 0x46, 46 - 0x41)])))


def test_format12_beyond_the_bmp_and_big_ranges():
    cmap = cmap_format12([(0x20, 0x7E, 1), (0x1F600, 0x1F602, 10)])
    info = parse_font(tiny_font(cmap, num_glyphs=200))
    assert info.covers("~") and info.covers("\U0001F601") and not info.covers("\U0001F603")
    assert len(info.coverage) == 95 + 3


def test_format12_preferred_over_format4():
    f4 = cmap_format4([(0x41, 0x41, 1)])[12:]
    f12 = cmap_format12([(0x42, 0x42, 1)])[12:]
    # two encoding records, (3,1) and (3,10), then the two subtables
    cmap = struct.pack(">HHHHIHHI", 0, 2, 3, 1, 20, 3, 10, 20 + len(f4)) + f4 + f12
    info = parse_font(tiny_font(cmap))
    assert info.covers("B") and not info.covers("A")


def test_coverage_merges_and_intersects():
    cov = Coverage([(5, 9), (1, 3), (4, 4), (20, 20)])
    assert cov.ranges == [(1, 9), (20, 20)] and 4 in cov and 10 not in cov and len(cov) == 10


@pytest.mark.parametrize("data,words", [
    (b"OTTO" + bytes(4096), "OpenType/CFF"),
    (b"ttcf" + bytes(4096), "TrueType collection"),
    (b"wOFF" + bytes(4096), "WOFF"),
    (b"hello" + bytes(4096), "is not a TrueType font file"),
    (b"\x00\x01\x00\x00", "truncated"),
    (b"\x00\x01\x00\x00\x00\x09" + bytes(30), "truncated"),
    (b"\x00\x01\x00\x00\xff\xff" + bytes(30), "claims 65535 tables"),
])
def test_not_a_truetype_font(data, words):
    with pytest.raises(FontError, match=words):
        parse_font(data)


@pytest.mark.parametrize("kind,words", [
    ("no cmap", "no 'cmap' table"),
    ("no glyf", "no 'glyf' table"),
    ("table past the end", "runs past the end of the file"),
    ("bad head magic", "wrong magic number"),
    ("no glyphs", "has no glyphs"),
    ("short loca", "'loca' table shorter"),
    ("glyph out of range", "maps to glyph 60, but the font has 50 glyphs"),
    ("format 12 out of range", "bad range in 'cmap' format 12"),
    ("format 6 only", "no Unicode character map"),
    ("no embedding", "does not allow embedding"),
    ("truncated cmap", "is corrupt"),
])
def test_corrupt_fonts_are_refused_with_a_reason(kind, words):
    good = cmap_format4([(0x41, 0x5A, 1 - 0x41)])
    data = {
        "no cmap": lambda: tiny_font(good, drop=(b"cmap",)),
        "no glyf": lambda: tiny_font(good, drop=(b"glyf",)),
        "table past the end": lambda: tiny_font(good)[:-40],
        "bad head magic": lambda: tiny_font(good, replace={b"head": bytes(54)}),
        "no glyphs": lambda: tiny_font(good, num_glyphs=0),
        "short loca": lambda: tiny_font(good, replace={b"loca": bytes(10)}),
        "glyph out of range": lambda: tiny_font(cmap_format4([(0x41, 0x41, 60 - 0x41)])),
        "format 12 out of range": lambda: tiny_font(cmap_format12([(0x20, 0x110000, 1)])),
        "format 6 only": lambda: tiny_font(struct.pack(">HHHHI", 0, 1, 3, 1, 12)
                                           + struct.pack(">HHHHH", 6, 10, 0, 0x41, 0)),
        "no embedding": lambda: tiny_font(good, fs_type=0x0002),
        "truncated cmap": lambda: tiny_font(good[:30]),
    }[kind]()
    with pytest.raises(FontError, match=words):
        parse_font(data)


def test_real_font_truncated_anywhere_is_a_font_error(tmp_path):
    data = FONTS[0].read_bytes()
    for cut in (12, 100, 1000, len(data) // 2, len(data) - 100):
        with pytest.raises(FontError):
            parse_font(data[:cut])


def test_real_font_with_garbage_tables_never_crashes():
    import random

    data = bytearray(FONTS[0].read_bytes())
    rng = random.Random(7)
    for _ in range(200):
        mutated = bytearray(data)
        for _ in range(20):
            mutated[rng.randrange(12, 2000)] = rng.randrange(256)
        try:
            parse_font(bytes(mutated))
        except FontError:
            pass


def test_missing_and_folder(tmp_path):
    with pytest.raises(FontError, match="file not found"):
        read_font(tmp_path / "nope.ttf")
    with pytest.raises(FontError, match="is a folder"):
        read_font(tmp_path)
