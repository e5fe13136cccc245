"""Copyfitting decisions remembered between builds of the same input.

Copyfitting an article costs a second layout pass. The decision depends only on the input
(issue, theme, pictures, the part laid out), so it is kept in the user's cache folder
($XDG_CACHE_HOME/newsletter/fits, else ~/.cache/newsletter/fits) under a hash of that input,
and the next build of the same input lays out once. A missing or unreadable entry only
costs the second pass again; JSON, so reading it can never run code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsletter_cli import cache

from newsletter_cli.cache import code_stamp

MAX_ENTRIES = 200  # the oldest entries are removed beyond this


def _folder() -> Path:
    return cache.folder() / "fits"


def key(*parts) -> str:
    """A hash of the layout's input: the models' text and each picture file's size and time."""
    digest = hashlib.sha256(code_stamp().encode())  # a changed layout decides anew
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
    issue = parts[0]
    for article in getattr(issue, "articles", []):
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


def save(name: str, fits: dict[str, float]) -> None:
    folder = _folder()
    if not cache.write_json(folder / f"{name}.json", fits):
        return
    try:
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX_ENTRIES]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
