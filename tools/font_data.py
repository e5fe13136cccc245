#!/usr/bin/env python
"""Make the parsed font entries the package ships (assets/fontdata).

    python tools/font_data.py            # one entry per font in assets/fonts
    python tools/font_data.py --check    # exit 1 if a shipped entry is not the one the
                                         # installed ReportLab would make (or is missing)

Each `assets/fonts/NAME.ttf` gives `assets/fontdata/NAME.ttf.json`: the same JSON entry that
src/newsletter_cli/layout/fontcache.py writes to the user's cache after parsing a face, made
the same way (written only if restoring it gives back exactly the font ReportLab parsed). A
build uses a shipped entry only while it is the entry of the font's bytes and name for the
installed ReportLab and this version of the package: after upgrading ReportLab, changing a
font or the package version, run this again, or first builds parse the fonts once per cache
folder, as they did before these files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402

from newsletter_cli.layout import fontcache  # noqa: E402

FONTS = ROOT / "assets" / "fonts"
TARGET = ROOT / "assets" / "fontdata"


def made(font: Path) -> str:
    """The text of the shipped entry of `font`, as cache.write_json writes an entry."""
    path = str(font)
    entry = fontcache.entry_for(TTFont(f"font-data-{font.stem}", path), path)
    if entry is None:
        raise SystemExit(f"{font.name}: its entry does not give back the font ReportLab parses")
    return json.dumps(entry, separators=(",", ":"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare the shipped entries instead of writing")
    args = parser.parse_args(argv)
    fonts = sorted(FONTS.glob("*.ttf"))
    wanted = {TARGET / f"{font.name}.json": font for font in fonts}
    stale = 0
    for target, font in wanted.items():
        text = made(font)
        if args.check:
            same = target.is_file() and target.read_text(encoding="utf-8") == text
            stale += not same
            print(f"{target.relative_to(ROOT)}: {'up to date' if same else 'STALE (run tools/font_data.py)'}")
            continue
        TARGET.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)} ({len(text)} bytes)")
    for extra in sorted(set(TARGET.glob("*.json")) - set(wanted)):
        if args.check:
            stale += 1
            print(f"{extra.relative_to(ROOT)}: no such font in assets/fonts (run tools/font_data.py)")
        else:
            extra.unlink()
            print(f"removed {extra.relative_to(ROOT)}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
