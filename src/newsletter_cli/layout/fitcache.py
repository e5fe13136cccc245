"""Copyfitting decisions remembered between builds.

Copyfitting an article costs a second layout pass. An article that starts on a page of its
own is laid out the same whatever the other articles say, so its decision depends only on its
own input (its text and pictures, its section's title and kind, whether it opens the section,
the theme and the paper); an article of a section whose articles run on (the reports' columns)
is decided with its whole section. Each decision is kept in the user's cache folder
($XDG_CACHE_HOME/newsletter/fits, else ~/.cache/newsletter/fits) under a hash of that input, so
after an edit only the edited article, or its section, can cost a second pass. A missing or
unreadable entry only costs the second pass again; JSON, so reading it can never run code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsletter_cli import cache
from newsletter_cli.cache import code_stamp

MAX_ENTRIES = 2_000  # the oldest entries are removed beyond this (one per article and version)


def _folder() -> Path:
    return cache.folder() / "fits"


def key(parts, articles) -> str:
    """A hash of what a decision depends on: `parts` (models, as text), and the size and time of
    each picture file of `articles`."""
    digest = hashlib.sha256(code_stamp().encode())  # a changed layout decides anew
    digest.update(repr(parts).encode("utf-8", "surrogatepass"))
    for article in articles:
        for figure in article.figures():
            if figure.resolved is not None:
                try:
                    stat = Path(figure.resolved).stat()
                    digest.update(f"{figure.resolved}:{stat.st_size}:{stat.st_mtime_ns}".encode())
                except OSError:
                    digest.update(b"missing")
    return digest.hexdigest()


def load(name: str) -> dict[str, float] | None:
    data = cache.read_json(_folder() / f"{name}.json")
    if not isinstance(data, dict) or not all(isinstance(k, str) and type(v) in (int, float) and 0 < v <= 1
                                             for k, v in data.items()):
        return None
    return {k: float(v) for k, v in data.items()}


def save(decisions: dict[str, dict[str, float]]) -> None:
    """Keep each decision (key -> {article slug: scale}; {} when copyfitting did not help)."""
    if not decisions:
        return
    folder = _folder()
    if all([cache.write_json(folder / f"{name}.json", fits) for name, fits in decisions.items()]):
        cache.keep_newest(folder, MAX_ENTRIES)
