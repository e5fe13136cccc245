"""Parsed source texts remembered between builds: YAML documents and Markdown token streams.

Parsing is a pure function of the text. Each YAML document (manifest, front matter, theme) and
each article's Markdown tokens are therefore kept in the user's cache folder, one JSON file
per issue, under a hash of the text, the parser library and this program's code. The next
build reads them back and need not import PyYAML or markdown-it at all. Only the parse is
remembered: every check of what a text refers to (links, fonts) runs on every build, and a
text that fails to parse is not cached, so its located error is raised every time. A
picture's check (decoding it whole: 0.1-0.2 s for a phone's photo) is kept here too, under
its file's path and stat (size, mtime, ctime, inode), which the build cache trusts as well.
JSON, so reading the cache can never run code; an entry of the wrong shape is parsed again.
Every build reads all the texts of its issue, so when the file is written back it keeps only
those: the versions of a text since edited go.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from newsletter_cli import cache

STORE = cache.Store("sources", max_entries=2_000)


@lru_cache(maxsize=None)
def _stamp(libraries: tuple[str, ...]) -> str:
    return "\n".join([cache.code_stamp(), *map(cache.library_stamp, libraries)])


def key(libraries: tuple[str, ...], *parts) -> str:
    """The cache key of a parse of `parts` (the text and whatever else it depends on) by `libraries`."""
    return hashlib.sha256(repr((_stamp(libraries), parts)).encode("utf-8", "surrogatepass")).hexdigest()
