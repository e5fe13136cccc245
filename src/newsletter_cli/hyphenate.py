"""Hyphenation by the issue's language (pyphen), cached per word.

Parsing a pyphen dictionary takes about a tenth of a second, more than laying out several
pages, so its patterns are kept as JSON in the user's cache folder
($XDG_CACHE_HOME/newsletter, else ~/.cache/newsletter), keyed by the dictionary file and
pyphen's version. The hyphenation points of the words seen are kept there too (the same
words come back build after build, and finding them costs more than reading them). JSON,
not pickle: reading the cache can never run code. A cache that is missing, stale,
unreadable or not writable is simply rebuilt or skipped.
"""

from __future__ import annotations

import atexit
from functools import lru_cache
from pathlib import Path

from newsletter_cli import cache

MAX_WORDS = 200_000  # the word cache stops growing here


@lru_cache(maxsize=16)
def hyphenator(language: str, min_length: int = 6):
    """A callable word -> [(head, tail), …] for ReportLab, or None if the language is unknown."""
    import pyphen

    lang = pyphen.language_fallback(language.replace("-", "_"))
    if lang is None:
        return None
    dictionary = pyphen.LANGUAGES[lang]
    known = _word_cache(pyphen, dictionary, min_length)

    @lru_cache(maxsize=1)
    def dic():  # read only when a word is not in the word cache
        _warm_from_cache(pyphen, dictionary)
        return pyphen.Pyphen(lang=lang, left=2, right=2)

    @lru_cache(maxsize=20000)
    def split(word: str):
        if len(word) < min_length or not word.isalpha():
            return ()
        cuts = known.get(word)
        if cuts is None:
            pairs = tuple(dic().iterate(word))
            if all(head + tail == word for head, tail in pairs) and len(known) < MAX_WORDS:
                known.add(word, [len(head) for head, _ in pairs])  # (not spelling-changing ones)
            return pairs
        return tuple((word[:n], word[n:]) for n in cuts)

    split.key = f"{dictionary.name}:{min_length}:{getattr(pyphen, 'VERSION', '0')}"  # for caches of its results
    return split


class _Words(dict):
    """Word -> its hyphenation points, read from a JSON file and written back at exit if grown."""

    def __init__(self, path: Path | None):
        super().__init__()
        self.path, self.grown = path, False
        data = cache.read_json(path) if path is not None else None
        if isinstance(data, dict):
            self.update((w, c) for w, c in data.items()
                        if isinstance(c, list) and all(type(n) is int and 0 < n < len(w) for n in c))

    def add(self, word: str, cuts: list[int]) -> None:
        if not self.grown and self.path is not None:
            atexit.register(self.save)
        self[word] = cuts
        self.grown = True

    def save(self) -> None:
        cache.write_json(self.path, self)


def _word_cache(pyphen, dictionary: Path, min_length: int) -> _Words:
    patterns = _cache_file(pyphen, dictionary)
    if patterns is None:
        return _Words(None)
    return _Words(patterns.with_name(f"{patterns.stem}-words-{min_length}.json"))


def _cache_file(pyphen, dictionary: Path) -> Path | None:
    try:
        stat = dictionary.stat()
    except OSError:
        return None
    version = getattr(pyphen, "VERSION", "0")
    return cache.folder() / f"{dictionary.stem}-{version}-{stat.st_size}-{int(stat.st_mtime)}.json"


def _warm_from_cache(pyphen, dictionary: Path) -> None:
    """Put the parsed dictionary into pyphen's own cache, from our JSON copy or by parsing once."""
    if dictionary in pyphen.hdcache:
        return
    stored = _cache_file(pyphen, dictionary)
    data = cache.read_json(stored) if stored is not None else None
    if data is not None:
        try:
            hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
            hd.patterns = {key: (start, tuple(values)) for key, (start, values) in data["patterns"].items()}
            hd.maxlen = int(data["maxlen"])
            hd.cache = {}
            pyphen.hdcache[dictionary] = hd
            return
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
    hd = pyphen.HyphDict(dictionary)
    pyphen.hdcache[dictionary] = hd
    if stored is None:
        return
    plain = all(isinstance(v, int) and type(v) is int for _, values in hd.patterns.values() for v in values)
    if not plain:  # patterns with non-standard hyphenation data: not worth caching
        return
    if cache.write_json(stored, {"maxlen": hd.maxlen, "patterns": hd.patterns}):
        _drop_older(stored, dictionary)


def _drop_older(stored: Path, dictionary: Path) -> None:
    """Remove the files of this dictionary made from an earlier install (another size or time),
    patterns and words: each reinstall of pyphen would otherwise leave a few hundred kB behind."""
    try:
        for old in stored.parent.glob(f"{dictionary.stem}-*.json"):
            if not old.name.startswith(stored.stem):
                old.unlink(missing_ok=True)
    except OSError:
        pass
