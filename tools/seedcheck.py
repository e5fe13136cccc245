"""Compare the words of a slice of the seed text with the words of article files.

Usage: python tools/seedcheck.py FIRST_LINE LAST_LINE ARTICLE.md [ARTICLE.md ...]

Prints words that are in the seed slice but missing from the articles, and words
the articles add. Page numbers and link-target debris may legitimately be missing;
everything else must match.
"""
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

SEED = Path(__file__).resolve().parents[1] / "tests" / "data" / "seed-076.txt"
WORD = re.compile(r"[A-Za-z0-9À-ÿ]+")


def words(text: str) -> Counter:
    text = text.replace("’", "'").replace("‘", "'")
    return Counter(w.lower() for w in WORD.findall(text))


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def article_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    parts = []
    if text.startswith("---"):
        _, fm, text = text.split("---", 2)
        parts.extend(strings(yaml.safe_load(fm)))
    text = re.sub(r"\]\([^)]*\)", "]", text)          # link / image targets
    text = re.sub(r"\{[^}]*\}", "", text)             # attributes
    text = re.sub(r"^:::.*$", "", text, flags=re.M)   # container fences
    parts.append(text)
    return "\n".join(parts)


def main() -> None:
    first, last = int(sys.argv[1]), int(sys.argv[2])
    lines = SEED.read_text(encoding="utf-8").splitlines()[first - 1:last]
    seed = words("\n".join(lines))
    mine = Counter()
    for name in sys.argv[3:]:
        mine += words(article_text(Path(name)))
    missing = seed - mine
    extra = mine - seed
    print("missing from articles:", dict(missing))
    print("added by articles:", dict(extra))


if __name__ == "__main__":
    main()
