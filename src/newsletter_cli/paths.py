"""Which files an issue may reference: only inside its own folder or the shipped assets."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from newsletter_cli.errors import NewsletterError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@lru_cache(maxsize=1)
def assets_dir() -> Path:
    """The brand assets: packaged with the wheel, or the repository's assets/ in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "assets"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "assets"


@lru_cache(maxsize=32)
def real_folder(folder: str) -> Path:
    """The absolute `folder` with its links resolved, once per process: the issue folder, the assets and the
    working folder are looked up for every file an issue names."""
    return Path(folder).resolve()


def cwd() -> Path:
    return real_folder(os.getcwd())


def display_path(path: Path) -> str:
    """`path` as the user should see it: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(cwd()))
    except (OSError, ValueError):
        return str(path)


def resolve_reference(ref: str, relative_to: Path, roots: list[Path], file: str,
                      line: int | None = None, col: int | None = None, what: str = "file") -> Path:
    """Resolve `ref` against `relative_to`, refusing anything outside `roots`.

    Refused: URLs (the tool never fetches), absolute paths, '..' segments, and links
    (symlinks) that lead outside the allowed folders.
    """
    def fail(message: str, hint: str | None = None):
        raise NewsletterError.at(file, message, line, col, code="path", hint=hint)

    if "\x00" in ref:
        fail(f"{what} path contains a NUL character")
    if _SCHEME.match(ref) and not re.match(r"^[A-Za-z]:[\\/]", ref):
        fail(f"{what} '{ref}' is a URL: only files inside the issue folder can be used "
             "(the tool never downloads anything)")
    candidate = Path(ref)
    if candidate.is_absolute() or ref.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", ref):
        fail(f"{what} path '{ref}' is absolute: give it relative to the file that names it")
    if ".." in re.split(r"[\\/]", ref):
        fail(f"{what} path '{ref}' goes up with '..': keep files inside the issue folder")
    path = relative_to / candidate
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        fail(f"{what} path '{ref}' cannot be resolved (a link loop?)")
    for root in roots:
        try:
            real.relative_to(real_folder(os.path.abspath(root)))
            return path
        except ValueError:
            continue
    fail(f"{what} '{ref}' leads outside the issue folder (through a symbolic link)")
    raise AssertionError("unreachable")
