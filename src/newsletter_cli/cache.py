"""The user's cache folder: what a build may keep between runs, as JSON.

$XDG_CACHE_HOME/newsletter, else ~/.cache/newsletter. Hyphenation (`hyphenate.py`), parsed
sources (`sources.py`), parsed TrueType fonts (`layout/fontcache.py`), set paragraphs
(`layout/parcache.py`) and copyfitting decisions (`layout/fitcache.py`) keep their data here.
JSON, not pickle: reading the cache can never run code. Everything here is best effort: a file
that is missing, unreadable or not writable is simply made again next time.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import tempfile
from pathlib import Path

import newsletter_cli


def folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsletter"


def read_json(path: Path):
    """The data in `path`, or None if it cannot be read as JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        return None


def write_json(path: Path, data, default=None) -> bool:
    """Write `data` to `path` atomically (see `write_bytes`); False if it could not be.
    `default` turns objects JSON does not know into JSON data, as in json.dumps. One `json.dumps`
    (C code) and one write: `json.dump` encodes in Python, chunk by chunk, three times slower."""
    try:
        text = json.dumps(data, separators=(",", ":"), default=default)
    except (TypeError, ValueError, RecursionError):
        return False
    return write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically (a temporary file, then os.replace); False if it could not be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def keep_newest(folder: Path, count: int) -> None:
    """Remove the oldest JSON files of `folder` beyond the newest `count` (a cache of one file per entry)."""
    try:
        entries = list(folder.glob("*.json"))
        if len(entries) > count:
            for old in sorted(entries, key=lambda p: p.stat().st_mtime)[:-count]:
                old.unlink(missing_ok=True)
    except OSError:
        pass


class Store:
    """Entries of one issue (a JSON file per manifest, `<prefix>-<hash>.json`), loaded on first use
    and written back at exit when they grew. Only the entries this process used are kept when it
    used all the issue needs (`used_all`: the others are for texts since edited), or past
    `max_entries`. Values are JSON data, or objects that `encoder` turns into JSON data when saved."""

    def __init__(self, prefix: str, max_entries: int = 4_000):
        self.prefix = prefix
        self.max_entries = max_entries
        self.name = prefix
        self.entries: dict | None = None
        self.used: set[str] = set()
        self.grown = False
        self.complete = False
        self.encoder = None

    def use(self, manifest: str) -> None:
        """Work with the file of this issue's manifest (saving the previous issue's, if it grew)."""
        name = f"{self.prefix}-" + hashlib.sha256(os.path.abspath(manifest).encode()).hexdigest()[:16]
        if name != self.name:
            self.save()
            self.name, self.entries, self.used, self.complete = name, None, set(), False

    def _path(self) -> Path:
        return folder() / f"{self.name}.json"

    def _load(self) -> dict:
        if self.entries is None:
            data = read_json(self._path())
            ok = isinstance(data, dict) and data.get("version") == newsletter_cli.__version__
            self.entries = data["entries"] if ok and isinstance(data.get("entries"), dict) else {}
        return self.entries

    def get(self, key: str):
        found = self._load().get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, value) -> None:
        self._load()[key] = value
        self.used.add(key)
        if not self.grown:
            self.grown = True
            atexit.register(self.save)

    def keep(self, key: str, make) -> None:
        """Count `key` as used, storing make() under it if this file does not have it yet (what
        this process found elsewhere, e.g. in memory under another issue's file)."""
        if self._load().get(key) is None:
            self.put(key, make())
        else:
            self.used.add(key)

    def used_all(self) -> None:
        """This process has asked for every entry the issue needs now (it read or laid out all of it)."""
        self.complete = True

    def save(self) -> None:
        if not self.grown or self.entries is None:
            return
        entries = self.entries
        if self.complete or len(entries) > self.max_entries:
            entries = {k: v for k, v in entries.items() if k in self.used}
        data = {"version": newsletter_cli.__version__, "entries": entries}
        if write_json(self._path(), data, default=self.encoder):
            self.grown = False


_STAMP: str | None = None


def code_stamp() -> str:
    """Size and time of this program's modules: a changed program makes its cached results anew."""
    global _STAMP
    if _STAMP is None:
        here = Path(__file__).resolve().parent
        parts = []
        for path in sorted(here.rglob("*.py")):
            try:
                st = path.stat()
            except OSError:
                continue
            parts.append(f"{path.relative_to(here)}:{st.st_size}:{st.st_mtime_ns}")
        _STAMP = "\n".join(parts)
    return _STAMP


def library_stamp(name: str) -> str:
    """The installed library `name` as a cache key sees it (its package file's size and time),
    found without importing it: an upgraded parser makes its results anew."""
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
        st = os.stat(spec.origin)
        return f"{name}:{spec.origin}:{st.st_size}:{st.st_mtime_ns}"
    except (ImportError, AttributeError, TypeError, ValueError, OSError):
        return f"{name}:unknown"
