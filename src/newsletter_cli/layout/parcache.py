"""Set paragraphs remembered between builds.

Setting a paragraph (its Knuth–Plass line breaks) is the largest part of a build, and between
two builds of an issue most paragraphs do not change. The lines of each paragraph set for a
fixed measure are kept in the user's cache folder ($XDG_CACHE_HOME/newsletter, else
~/.cache/newsletter) under a hash of everything they depend on: the text and its styles, the
font files (path, size and time), the size, measure, indent, tolerance, looseness, letter
spacing, the hyphenation dictionary and this program's code (its modules' size and time). The next build reads them
back instead of setting them again, to the same bytes.

Each issue (manifest) has one JSON file, read once per process and written back at exit
when it grew. After a build of the whole issue only the paragraphs it used are kept (the others
are for text since edited); a preview of one section keeps the rest, up to `MAX_ENTRIES`. JSON,
so reading it can never run code; an entry of the wrong shape is ignored, and a cache that
cannot be read or written is simply skipped.
"""

from __future__ import annotations

import hashlib
import os

from newsletter_cli import cache
from newsletter_cli.cache import code_stamp

MAX_ENTRIES = 4_000  # beyond this, only the paragraphs the last build used are kept


STORE = cache.Store("paragraphs", MAX_ENTRIES)
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
