#!/usr/bin/env python
"""Make the parsed hyphenation patterns the package ships (assets/hyphenation).

    python tools/hyphenation_data.py            # en_GB and en_US, from the installed pyphen
    python tools/hyphenation_data.py fr de_DE   # other dictionaries (check their licences first)
    python tools/hyphenation_data.py --check    # exit 1 if a shipped file is not the one the
                                                # installed pyphen would give

Each dictionary `hyph_XX.dic` of pyphen gives `assets/hyphenation/hyph_XX.patterns` (the format
is in src/newsletter_cli/layout/hyphdata.py) and a copy of pyphen's README_hyph_XX.txt, which holds the
dictionary's copyright and licence. A build uses a shipped file only while the installed pyphen
and its dictionary are the ones it was made from; run this again after upgrading pyphen, or
builds parse the dictionary once per cache folder, as they did before these files.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsletter_cli.layout import hyphdata  # noqa: E402

TARGET = ROOT / "assets" / "hyphenation"
DEFAULT = ("en_GB", "en_US")


def faithful(data: bytes, hd, key: dict) -> bool:
    """Whether `data` reads back as exactly pyphen's parse `hd` (values as bytes, not tuples)."""
    found = hyphdata.decode(data, key)
    return (found is not None and found.maxlen == hd.maxlen
            and {k: (o, tuple(v)) for k, (o, v) in found.patterns.items()} == hd.patterns)


def made(pyphen, language: str):
    dictionary = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    hd = pyphen.HyphDict(dictionary)
    key = hyphdata.source_key(pyphen, dictionary)
    data = hyphdata.encode(hd.patterns, key, level=9)
    if data is None:
        raise SystemExit(f"{dictionary.name} has nonstandard hyphenation: the format cannot hold it")
    if not faithful(data, hd, key):
        raise SystemExit(f"{dictionary.name}: the file does not read back as pyphen's patterns")
    return dictionary, hd, key, data


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("languages", nargs="*", help=f"pyphen languages (default: {' '.join(DEFAULT)})")
    parser.add_argument("--check", action="store_true", help="compare the shipped files instead of writing")
    args = parser.parse_args(argv)
    import pyphen

    if args.languages:
        languages = args.languages
    elif args.check:
        languages = [p.stem[len("hyph_"):] for p in sorted(TARGET.glob("*.patterns"))]
    else:
        languages = DEFAULT
    stale = 0
    for language in languages:
        dictionary, hd, key, data = made(pyphen, language)
        target = TARGET / f"{dictionary.stem}.patterns"
        if args.check:
            same = target.is_file() and faithful(target.read_bytes(), hd, key)
            stale += not same
            print(f"{target.relative_to(ROOT)}: {'up to date' if same else 'STALE (run tools/hyphenation_data.py)'}")
            continue
        TARGET.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        # its copyright and licence: README_hyph_de_AT.txt, or the language's (README_hyph_de.txt)
        readme = next((r for r in (dictionary.with_name(f"README_{dictionary.stem}.txt"),
                                   dictionary.with_name(f"README_hyph_{dictionary.stem[5:].split('_')[0]}.txt"))
                       if r.is_file()), None)
        if readme is None:
            raise SystemExit(f"{dictionary.name}: pyphen has no README with its licence: not shipped")
        shutil.copyfile(readme, TARGET / readme.name)
        print(f"wrote {target.relative_to(ROOT)} ({len(data)} bytes) for pyphen {pyphen.VERSION}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
