"""Set paragraphs remembered between builds.

Setting a paragraph (its Knuth–Plass line breaks) is the largest part of a build, and between
two builds of an issue most paragraphs do not change. The lines of each paragraph set for a
fixed measure are kept in the user's cache folder ($XDG_CACHE_HOME/newsletter, else
~/.cache/newsletter) under a hash of everything they depend on: the text and its styles, the
font files (path, size and time), the size, measure, indent, tolerance, looseness, letter
spacing, the hyphenation dictionary and this program's code (its modules' size and time). The next build reads them
back instead of setting them again, to the same bytes.

One JSON file holds them all, read once per process and written back at exit when it grew;
it is started afresh beyond `MAX_ENTRIES`. JSON, so reading it can never run code; an entry
of the wrong shape is ignored, and a cache that cannot be read or written is simply skipped.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import tempfile
from pathlib import Path

import newsletter_cli
from newsletter_cli.pagemap import code_stamp

MAX_ENTRIES = 20_000
_FILE_NAME = "paragraphs.json"


class _Store:
    def __init__(self):
        self.entries: dict | None = None
        self.grown = False
        self.encoder = None  # objects -> JSON data (set by the line breaker)

    def _path(self) -> Path:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsletter"
        return root / _FILE_NAME

    def _load(self) -> dict:
        if self.entries is None:
            try:
                data = json.loads(self._path().read_text(encoding="utf-8"))
                ok = isinstance(data, dict) and data.get("version") == newsletter_cli.__version__
                self.entries = data["entries"] if ok and isinstance(data.get("entries"), dict) else {}
            except (OSError, ValueError):
                self.entries = {}
        return self.entries

    def get(self, key: str):
        return self._load().get(key)

    def put(self, key: str, value) -> None:
        """Remember `value`: JSON data, or objects that `encoder` turns into JSON data at save."""
        entries = self._load()
        if len(entries) >= MAX_ENTRIES:
            entries.clear()
        entries[key] = value
        if not self.grown:
            self.grown = True
            atexit.register(self.save)

    def save(self) -> None:
        if not self.grown or self.entries is None:
            return
        path = self._path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"version": newsletter_cli.__version__, "entries": self.entries}, handle,
                          separators=(",", ":"), default=self.encoder)
            os.replace(tmp, path)
            self.grown = False
        except OSError:
            pass


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
