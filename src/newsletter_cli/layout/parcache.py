"""Set paragraphs remembered between builds.

Setting a paragraph (its Knuth–Plass line breaks) is the largest part of a build, and between
two builds of an issue most paragraphs do not change. The lines of each paragraph set for a
fixed measure are kept in the user's cache folder ($XDG_CACHE_HOME/newsletter, else
~/.cache/newsletter) under a hash of everything they depend on: the text and its styles, the
font files (path, size and time), the size, measure, indent, tolerance, looseness, letter
spacing, the hyphenation dictionary and this program's code (its modules' size and time). The next build reads them
back instead of setting them again, to the same bytes.

Each issue (manifest) has one JSON file, read once per process and written back at exit
when it grew; past `MAX_ENTRIES` only the paragraphs the last build used are kept. JSON, so reading it can never run code; an entry
of the wrong shape is ignored, and a cache that cannot be read or written is simply skipped.
"""

from __future__ import annotations

import atexit
import hashlib
import os
from pathlib import Path

import newsletter_cli
from newsletter_cli import cache
from newsletter_cli.pagemap import code_stamp

MAX_ENTRIES = 4_000  # beyond this, only the paragraphs the last build used are kept


class _Store:
    """The set paragraphs of one issue (a file per manifest), loaded on first use."""

    def __init__(self):
        self.name = "paragraphs"
        self.entries: dict | None = None
        self.used: set[str] = set()
        self.grown = False
        self.encoder = None  # objects -> JSON data (set by the line breaker)

    def use(self, manifest: str) -> None:
        """Work with the file of this issue's manifest (saving the previous issue's, if it grew)."""
        name = "paragraphs-" + hashlib.sha256(os.path.abspath(manifest).encode()).hexdigest()[:16]
        if name != self.name:
            self.save()
            self.name, self.entries, self.used = name, None, set()

    def _path(self) -> Path:
        return cache.folder() / f"{self.name}.json"

    def _load(self) -> dict:
        if self.entries is None:
            data = cache.read_json(self._path())
            ok = isinstance(data, dict) and data.get("version") == newsletter_cli.__version__
            self.entries = data["entries"] if ok and isinstance(data.get("entries"), dict) else {}
        return self.entries

    def get(self, key: str):
        found = self._load().get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, value) -> None:
        """Remember `value`: JSON data, or objects that `encoder` turns into JSON data at save."""
        self._load()[key] = value
        self.used.add(key)
        if not self.grown:
            self.grown = True
            atexit.register(self.save)

    def save(self) -> None:
        if not self.grown or self.entries is None:
            return
        entries = self.entries
        if len(entries) > MAX_ENTRIES:  # edited many times: keep what the last build used
            entries = {k: v for k, v in entries.items() if k in self.used}
        data = {"version": newsletter_cli.__version__, "entries": entries}
        if cache.write_json(self._path(), data, default=self.encoder):
            self.grown = False


STORE = _Store()
_FILE_STAMPS: dict[str, str] = {}


def file_stamp(path: str) -> str:
    """A font file as the cache key sees it: path, size and modification time."""
    stamp = _FILE_STAMPS.get(path)
    if stamp is None:
        try:
            st = os.stat(path)
            stamp = f"{path}:{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            stamp = f"{path}:missing"
        _FILE_STAMPS[path] = stamp
    return stamp


def key(*parts) -> str:
    """The hash of the parts and of this program's code (a changed line breaker sets anew)."""
    return hashlib.sha256(repr((code_stamp(), parts)).encode("utf-8", "surrogatepass")).hexdigest()
