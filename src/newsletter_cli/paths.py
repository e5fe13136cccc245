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
    too_long = name_problem(ref)
    if too_long:
        fail(f"{what} path {too_long}", "shorten the file name")
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


# --- reading: regular files only, bounded --------------------------------------------------------

MAX_NAME_BYTES = 255  # one component of a path (NAME_MAX on Linux, macOS and Windows)
MAX_PATH_BYTES = 4000  # the whole path, under PATH_MAX (4096)


class Unreadable(Exception):
    """Why a file the issue names cannot be read: `reason` is for the user, `code` for tools."""

    def __init__(self, reason: str, code: str = "unreadable"):
        super().__init__(reason)
        self.reason, self.code = reason, code


def name_problem(ref: str) -> str | None:
    """Why `ref` is too long to be a file name on any system, or None."""
    parts = [p for p in re.split(r"[\\/]", ref) if p]
    longest = max((len(os.fsencode(p)) for p in parts), default=0)
    if longest > MAX_NAME_BYTES:
        return f"has a name of {longest} bytes; the limit is {MAX_NAME_BYTES}"
    if len(os.fsencode(ref)) > MAX_PATH_BYTES:
        return f"is {len(os.fsencode(ref)):,} bytes long; the limit is {MAX_PATH_BYTES:,}"
    return None


def _kind(mode: int) -> str:
    import stat

    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def open_regular(path: Path | str):
    """`path` opened for reading as a binary file object, if it is a regular file.

    Opened without blocking (a named pipe with no writer would block `open` itself) and checked
    with fstat on the open descriptor, so what is read is what was checked; never a FIFO, a
    device or a folder. Raises Unreadable."""
    import errno
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    name = os.fspath(path)
    if isinstance(name, str):
        problem = name_problem(name)
        if problem:
            raise Unreadable(f"path {problem}", "path")
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise Unreadable("file not found", "missing") from None
    except IsADirectoryError:
        raise Unreadable("is a folder, not a file", "missing") from None
    except (OSError, ValueError) as exc:
        if getattr(exc, "errno", None) == errno.ENAMETOOLONG:
            raise Unreadable("path is too long for the file system", "path") from None
        raise Unreadable(f"cannot read file: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise Unreadable(_kind(mode), "missing" if stat.S_ISDIR(mode) else "not-regular")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; Unreadable otherwise."""
    with open_regular(path) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise Unreadable(f"file is {size:,} bytes; the limit is {limit:,} bytes", "size")
            data = handle.read(limit + 1)  # the file may grow while it is read
        except OSError as exc:
            raise Unreadable(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise Unreadable(f"file is larger than the limit of {limit:,} bytes", "size")
    return data


def is_dir(path: Path) -> bool:
    """Path.is_dir that says False for a name the file system refuses (too long, NUL…)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


# Paths a build looked for and did not find (a photo not supplied), while `build` records them for
# the build cache (buildcache.py): supplying one later must make the next build a full build.
looked_for: list[Path] | None = None


def exists(path: Path) -> bool:
    try:
        found = path.exists()
    except (OSError, ValueError):
        found = False
    if not found and looked_for is not None:
        looked_for.append(path)
    return found


# Files this process read whole, by (device, inode) (so under any of their names): (size, mtime_ns,
# ctime_ns) as they were read, and the SHA-256 of the bytes if the reader took it. The build cache
# records the digest of every file a build read: one a reader hashed already is not read and hashed
# again, and a file of which the build read only the first bytes (a fallback font no character
# needed) is told apart.
_read: dict[tuple[int, int], tuple] = {}


def note_read(path: Path | str, digest: str | None = None) -> None:
    """`path` was read whole (its bytes hash to `digest`, if given)."""
    try:
        st = os.stat(path)
    except OSError:
        return
    node, stat = (st.st_dev, st.st_ino), (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    known = _read.get(node)
    if digest is None and known is not None and known[:3] == stat:
        digest = known[3]  # (read again, by a reader that does not hash it)
    _read[node] = (*stat, digest)


def was_read(path: Path | str) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in _read


def read_digest(st: os.stat_result) -> str | None:
    """The SHA-256 a reader took of the file `st` is the stat of, if it is unchanged since."""
    found = _read.get((st.st_dev, st.st_ino))
    return found[3] if found is not None and found[:3] == (st.st_size, st.st_mtime_ns, st.st_ctime_ns) else None
