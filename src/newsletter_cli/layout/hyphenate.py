"""Hyphenation by the issue's language (pyphen), cached per word.

pyphen parses its dictionary in pure Python, 0.15-0.25 s for English, more than laying out
several pages. So the parsed patterns are read from a compact file instead (`hyphdata.py`):
the package ships those of the English and German dictionaries (German's, a megabyte, took
2 s to parse: French, Spanish and the others take a few milliseconds), and the others are made
in the user's cache folder ($XDG_CACHE_HOME/newsletter, else ~/.cache/newsletter) the first
time they are needed; each is used only for the dictionary bytes and pyphen version it was made from. The
hyphenation points of the words seen are kept in the cache folder too (the same words come
back build after build, and finding them costs more than reading them), as JSON. Neither
format can run code when read. A cache that is missing, stale, unreadable or not writable is
simply rebuilt or skipped.
"""

from __future__ import annotations

import atexit
from functools import lru_cache
from pathlib import Path

from newsletter_cli import cache
from newsletter_cli.layout import hyphdata

MAX_WORDS = 200_000  # the word cache stops growing here
MAX_LENGTH = 64  # letters: a longer run is no word of a dictionary (its splits would cost its length squared)


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
    def pairs():  # read only when a word is not in the word cache
        return _pairs(pyphen, dictionary, lang)

    @lru_cache(maxsize=20000)
    def split(word: str):
        if not min_length <= len(word) <= MAX_LENGTH or not word.isalpha():
            return ()
        cuts = known.get(word)
        if cuts is None:
            found = pairs()(word)
            if all(head + tail == word for head, tail in found) and len(known) < MAX_WORDS:
                known.add(word, [len(head) for head, _ in found])  # (not spelling-changing ones)
            return found
        return tuple((word[:n], word[n:]) for n in cuts)

    split.key = f"{dictionary.name}:{min_length}:{getattr(pyphen, 'VERSION', '0')}"  # for caches of its results
    return split


class _Words(dict):
    """Word -> its hyphenation points, read from a JSON file and written back at exit if grown."""

    def __init__(self, path: Path | None, tidy=None):
        super().__init__()
        self.path, self.grown, self.tidy = path, False, tidy
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
        if cache.write_json(self.path, self) and self.tidy is not None:
            self.tidy()


def _word_cache(pyphen, dictionary: Path, min_length: int) -> _Words:
    stem = _cache_stem(pyphen, dictionary)
    if stem is None:
        return _Words(None)
    folder = cache.folder()
    return _Words(folder / f"{stem}-words-{min_length}.json", lambda: _drop_older(folder, stem, dictionary))


def _cache_stem(pyphen, dictionary: Path) -> str | None:
    """The name of this install of the dictionary in the cache folder (its words, its patterns)."""
    try:
        stat = dictionary.stat()
    except OSError:
        return None
    version = getattr(pyphen, "VERSION", "0")
    return f"{dictionary.stem}-{version}-{stat.st_size}-{int(stat.st_mtime)}"


def shipped_patterns(dictionary: Path) -> Path:
    """Where the package keeps the parsed patterns of `dictionary`, if it ships them."""
    from newsletter_cli.paths import assets_dir

    return assets_dir() / "hyphenation" / f"{dictionary.stem}.patterns"


def _pairs(pyphen, dictionary: Path, lang: str):
    """word -> its (head, tail) pairs, the longest head first, as Pyphen(left=2, right=2).iterate
    gives them: from the package's parsed patterns, else from the cache folder's, else from
    pyphen's parse (kept in the cache folder for the next build)."""
    key = hyphdata.source_key(pyphen, dictionary)
    stem = _cache_stem(pyphen, dictionary)
    stored = cache.folder() / f"{stem}.patterns" if stem is not None else None
    if key is not None:
        for candidate in (shipped_patterns(dictionary), stored):
            found = hyphdata.read(candidate, key) if candidate is not None else None
            if found is not None:
                return found.pairs
    parsed = pyphen.Pyphen(lang=lang, left=2, right=2)
    data = hyphdata.encode(parsed.hd.patterns, key) if key is not None else None
    found = hyphdata.decode(data, key) if data is not None else None
    if found is None:  # nonstandard hyphenation (the format cannot hold it): pyphen's own
        return lambda word: tuple(parsed.iterate(word))
    if stored is not None and cache.write_bytes(stored, data):
        _drop_older(stored.parent, stem, dictionary)
    return found.pairs


def _drop_older(folder: Path, stem: str, dictionary: Path) -> None:
    """Remove the files of this dictionary made from an earlier install (another size or time),
    patterns and words, and the JSON patterns of earlier versions of this program: each
    reinstall of pyphen would otherwise leave a few hundred kB behind."""
    try:
        for old in folder.glob(f"{dictionary.stem}-*"):
            if not old.name.startswith(stem) or old.name == f"{stem}.json":
                old.unlink(missing_ok=True)
    except OSError:
        pass
