"""The user's cache folder: what a build may keep between runs, as JSON.

$XDG_CACHE_HOME/newsletter, else ~/.cache/newsletter. Hyphenation (`hyphenate.py`), set
paragraphs (`layout/parcache.py`), copyfitting decisions (`layout/fitcache.py`) and parsed
TrueType fonts (`layout/fontcache.py`) keep their data here. JSON, not pickle: reading the
cache can never run code. Everything here is best effort: a file that is missing, unreadable
or not writable is simply made again next time.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsletter"


def read_json(path: Path):
    """The data in `path`, or None if it cannot be read as JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data, default=None) -> bool:
    """Write `data` to `path` atomically (a temporary file, then os.replace); False if it could not be.
    `default` turns objects JSON does not know into JSON data, as in json.dump."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, separators=(",", ":"), default=default)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):
        return False
    return True
