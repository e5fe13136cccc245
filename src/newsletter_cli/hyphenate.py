"""Hyphenation by the issue's language (pyphen), cached per word.

Parsing a pyphen dictionary takes about a tenth of a second, more than laying out several
pages, so its patterns are kept as JSON in the user's cache folder
($XDG_CACHE_HOME/newsletter, else ~/.cache/newsletter), keyed by the dictionary file and
pyphen's version. JSON, not pickle: reading the cache can never run code. A cache that is
missing, stale, unreadable or not writable is simply rebuilt or skipped.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=16)
def hyphenator(language: str, min_length: int = 6):
    """A callable word -> [(head, tail), …] for ReportLab, or None if the language is unknown."""
    import pyphen

    lang = pyphen.language_fallback(language.replace("-", "_"))
    if lang is None:
        return None
    _warm_from_cache(pyphen, pyphen.LANGUAGES[lang])
    dic = pyphen.Pyphen(lang=lang, left=2, right=2)

    @lru_cache(maxsize=20000)
    def split(word: str):
        if len(word) < min_length or not word.isalpha():
            return ()
        return tuple(dic.iterate(word))

    return split


def _cache_file(pyphen, dictionary: Path) -> Path | None:
    try:
        stat = dictionary.stat()
    except OSError:
        return None
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsletter"
    version = getattr(pyphen, "VERSION", "0")
    return root / f"{dictionary.stem}-{version}-{stat.st_size}-{int(stat.st_mtime)}.json"


def _warm_from_cache(pyphen, dictionary: Path) -> None:
    """Put the parsed dictionary into pyphen's own cache, from our JSON copy or by parsing once."""
    if dictionary in pyphen.hdcache:
        return
    cache = _cache_file(pyphen, dictionary)
    if cache is not None:
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
            hd.patterns = {key: (start, tuple(values)) for key, (start, values) in data["patterns"].items()}
            hd.maxlen = int(data["maxlen"])
            hd.cache = {}
            pyphen.hdcache[dictionary] = hd
            return
        except (OSError, ValueError, KeyError, TypeError):
            pass
    hd = pyphen.HyphDict(dictionary)
    pyphen.hdcache[dictionary] = hd
    if cache is None:
        return
    plain = all(isinstance(v, int) and type(v) is int for _, values in hd.patterns.values() for v in values)
    if not plain:  # patterns with non-standard hyphenation data: not worth caching
        return
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"maxlen": hd.maxlen, "patterns": hd.patterns}, handle)
        os.replace(tmp, cache)
    except OSError:
        pass
