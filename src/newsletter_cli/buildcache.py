"""The build cache: a build whose inputs have not changed writes the PDF of the last one.

As make, ccache or Bazel do: after a full `build` that succeeds, an entry records everything the
build read and everything it printed; the next `build` with the same key checks that record
before it imports the schema, the layout or ReportLab, and when nothing has changed it writes the
recorded PDF and page map and prints what the full build printed (only the time differs).

The key (one entry file per key): this format's number; the program (its version, and size and
mtime_ns of every file of the package and of its assets, so an edited module or asset of an
editable install is a miss); the libraries it uses (where each is installed, its size and time)
and the Python (version, executable, sys.path); the working folder (messages name files
relative to it); the manifest and the output as given and resolved; --strict and
--pdf-standard; the environment the build reads (SOURCE_DATE_EPOCH, HOME, ReportLab's RL_*).

The entry: every file the build read (path, resolved path, size, mtime_ns, ctime_ns, inode,
sha256), every path it looked for and did not find (a photo not supplied), the folders the
output may not be written into, the sha256 of the PDF (kept beside, named by its sha256), the
page map file it wrote, and the result it printed. A recorded file is trusted when its stat is
unchanged and it is not text; text files (manifest, articles, theme, logo) are always hashed
again, as is any file whose stat changed. A build is recorded only if none of its inputs
changed in the seconds before it started, so the hashes taken after it are of what it read.

Everything here is JSON in the user's cache folder (`cache.folder()/builds`), safe to delete;
an entry that is missing, unreadable, stale or wrong is a full build, never an error. `build
--no-build-cache` builds in full (and records the build anew); NEWSLETTER_BUILD_CACHE=off turns
the cache off (nothing read, nothing written). No ReportLab here.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

import newsletter_cli
from newsletter_cli import cache, paths

FORMAT = 1
MAX_ENTRIES = 24  # the entries last used (one per issue, output and options) are kept
MAX_BYTES = 200_000_000  # and at most this much (entries and PDFs), the oldest removed first
TEXT_SUFFIXES = {".yaml", ".yml", ".md", ".markdown", ".txt", ".svg"}  # hashed on every lookup
SETTLE_NS = 3_000_000_000  # an input changed less than this before the build started is not recorded
# (pydantic is not among them: the schema is validated by fields.py, and Typer's use of it for
# parsing options does not change what a build writes)
HEAD_BYTES = 64  # of a font the build checked by its head only (theme/brand.py reads 12)
LIBRARIES = ("reportlab", "_rl_accel", "PIL", "pyphen", "markdown_it", "mdit_py_plugins", "yaml", "uharfbuzz")


def folder() -> Path:
    return cache.folder() / "builds"


def enabled() -> bool:
    """False when NEWSLETTER_BUILD_CACHE is off (or 0, no, false): no entry is read or written."""
    return os.environ.get("NEWSLETTER_BUILD_CACHE", "").strip().lower() not in ("off", "0", "no", "false")


def _real(path) -> str:
    return os.path.realpath(path)


def _code_stamp() -> str:
    """sha256 over the size and mtime_ns of every file of the package and of its assets."""
    from newsletter_cli.paths import assets_dir

    digest = hashlib.sha256()
    for root in (Path(newsletter_cli.__file__).resolve().parent, assets_dir()):
        digest.update(f"{root}\n".encode())
        for where, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                try:
                    st = os.stat(os.path.join(where, name))
                except OSError:
                    continue
                digest.update(f"{os.path.relpath(os.path.join(where, name), root)}:{st.st_size}:"
                              f"{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def key(manifest: Path, output: Path | None, strict: bool, pdf_standard: str, target: Path) -> str | None:
    """The name of the entry of this build (see the module's docstring); None if it cannot be made."""
    try:
        return _key(manifest, output, strict, pdf_standard, target)
    except Exception:  # noqa: BLE001 - a path the OS refuses, say: no cache, the build says what is wrong
        return None


def _key(manifest: Path, output: Path | None, strict: bool, pdf_standard: str, target: Path) -> str:
    env = {name: value for name, value in os.environ.items()
           if name in ("SOURCE_DATE_EPOCH", "HOME") or name.startswith("RL_")}
    parts = {
        "format": FORMAT, "version": newsletter_cli.__version__, "code": _code_stamp(),
        "libraries": [cache.library_stamp(name) for name in LIBRARIES],
        "python": [sys.version, sys.executable, sys.path],
        "cwd": _real(os.getcwd()),
        "manifest": [str(manifest), _real(manifest)],
        "output": [None if output is None else str(output), str(target), _real(target)],
        "strict": bool(strict), "pdf_standard": pdf_standard, "env": sorted(env.items()),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _sha256(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest() if hasattr(hashlib, "file_digest") \
            else hashlib.sha256(handle.read()).hexdigest()


HEAD = "head:"  # the digest of a file of which the build read only the first bytes and the size


def _head(path: str) -> str:
    """What a build that read only the head of `path` read of it: its size and first HEAD_BYTES bytes."""
    with open(path, "rb") as handle:
        return f"{HEAD}{os.fstat(handle.fileno()).st_size}:{handle.read(HEAD_BYTES).hex()}"


def _fingerprint(path: str, recorded: str) -> str:
    """The digest of `path` now, of the kind `recorded` is."""
    return _head(path) if recorded.startswith(HEAD) else _sha256(path)


def _stat(st) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


# --- recording, after a full build ------------------------------------------------------------------

def record(entry_key: str | None, result, started_ns: int) -> bool:
    """Keep what the full build `result` read, wrote and printed under `entry_key`; False if it is not
    kept (an input changed while it ran, or the cache folder cannot be written)."""
    if entry_key is None or not enabled():
        return False
    try:
        return _record(entry_key, result, started_ns)
    except Exception:  # noqa: BLE001 - the build succeeded; its entry is only a cache
        return False


def _record(entry_key: str, result, started_ns: int) -> bool:
    inputs, seen = [], set()
    known = _known_digests(entry_key)
    partly = {os.path.abspath(path) for path in getattr(result, "partly_read", ())}
    for path in result.inputs:
        name = os.path.abspath(path)
        if name in seen:
            continue
        seen.add(name)
        try:
            st = os.stat(name)
            if st.st_mtime_ns > started_ns - SETTLE_NS:
                return False  # written while the build read it, or just before: not sure what it read
            real, stat = _real(name), _stat(st)
            head = name in partly and not _is_text(name)
            digest = known.get((name, real, *stat)) if not _is_text(name) else None
            if digest is not None and digest.startswith(HEAD) != head:
                digest = None  # read whole now, and only its head before (or the other way round)
            if digest is None and not head:
                digest = paths.read_digest(st)  # hashed by the font cache as it read it
            inputs.append([name, real, *stat, digest or (_head(name) if head else _sha256(name))])
        except OSError:
            return False
    missing = []
    for path in result.looked_for:
        if os.path.lexists(path):
            return False  # it appeared while the build ran
        missing.append([os.path.abspath(path), _real(path)])
    page_map = None
    if result.page_map_file is not None:
        try:
            page_map = [str(result.page_map_file), Path(result.page_map_file).read_text(encoding="utf-8")]
        except (OSError, ValueError):
            return False
    pdf_sha = hashlib.sha256(result.pdf).hexdigest()
    entry = {
        "format": FORMAT, "key": entry_key, "inputs": inputs, "missing": missing,
        "folders": [os.path.abspath(f) for f in result.folders],
        "pdf": [pdf_sha, len(result.pdf)], "page_map": page_map,
        "result": {"output": str(result.output), "pages": result.pages, "missing_images": result.missing_images,
                   "standards": list(result.standards), "warnings": [_problem(p) for p in result.warnings],
                   "preflight_counts": dict(result.preflight_counts),
                   "preflight": [[f.as_dict(), getattr(f, "where", "")] for f in result.preflight]},
    }
    here = folder()
    if not cache.write_bytes(here / f"{pdf_sha}.pdf", result.pdf):  # (anew: a damaged copy is mended)
        return False
    if not cache.write_json(here / f"{entry_key}.json", entry):
        return False
    _prune(here)
    return True


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _is_text(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in TEXT_SUFFIXES


def _known_digests(entry_key: str) -> dict:
    """The digests of the binary files of this key's previous entry, by path and stat: a font that the
    lookup trusted by its stat is not read again to record the next build (12.7 MB for 076)."""
    entry = cache.read_json(folder() / f"{entry_key}.json")
    try:
        return {tuple(item[:6]): item[6] for item in entry["inputs"] if isinstance(item[6], str)}
    except (TypeError, KeyError, IndexError):
        return {}


def _problem(p) -> list:
    return [p.message, p.location.file, p.location.line, p.location.col, p.severity, p.code, p.hint]


def _prune(here: Path) -> None:
    """The MAX_ENTRIES entries last written or hit, within MAX_BYTES, and only the PDFs they name."""
    try:
        entries = sorted(((p.stat().st_mtime_ns, p) for p in here.glob("*.json")), reverse=True)
        kept, total, names = 0, 0, set()
        for _, path in entries:
            data = cache.read_json(path)
            pdf = data.get("pdf") if isinstance(data, dict) else None
            size = path.stat().st_size + (pdf[1] if isinstance(pdf, list) and len(pdf) == 2
                                          and isinstance(pdf[1], int) else 0)
            if kept < MAX_ENTRIES and total + size <= MAX_BYTES and pdf is not None:
                kept, total = kept + 1, total + size
                names.add(f"{pdf[0]}.pdf")
            else:
                path.unlink(missing_ok=True)
        for path in here.glob("*.pdf"):
            if path.name not in names:
                path.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError, IndexError):
        pass


# --- looking up, before a build ------------------------------------------------------------------

class Hit:
    """A recorded build whose inputs are unchanged: its PDF bytes, and the result it printed."""

    def __init__(self, entry: dict, pdf: bytes, started: float):
        from newsletter_cli.errors import Location, Problem

        data = entry["result"]
        self.pdf = pdf
        self.inputs = [Path(item[0]) for item in entry["inputs"]]
        self.folders = [Path(f) for f in entry["folders"]]
        self.page_map = entry["page_map"]
        self.output = Path(data["output"])
        self.pages = int(data["pages"])
        self.missing_images = int(data["missing_images"])
        self.standards = tuple(str(s) for s in data["standards"])
        self.warnings = [Problem(m, Location(f, line, col), severity, code, hint)
                         for m, f, line, col, severity, code, hint in data["warnings"]]
        self.preflight_counts = {str(k): int(v) for k, v in data["preflight_counts"].items()}
        self.preflight = [_Finding(found, where) for found, where in data["preflight"]]
        self.started = started

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


class _Finding:
    """A preflight finding as the full build printed it (its as_dict() and where)."""

    def __init__(self, found: dict, where: str):
        self._dict = dict(found)
        self.where = str(where)
        self.page, self.check = int(found["page"]), str(found["check"])
        self.article, self.message, self.hint = str(found["article"]), str(found["message"]), found["hint"]

    def as_dict(self) -> dict:
        return dict(self._dict)


def lookup(entry_key: str | None, started: float) -> Hit | None:
    """The recorded build of `entry_key` if every input it read is unchanged, else None."""
    if entry_key is None or not enabled():
        return None
    try:
        entry = cache.read_json(folder() / f"{entry_key}.json")
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != entry_key:
            return None
        restat = False
        for item in entry["inputs"]:
            name, real, size, mtime, ctime, ino, digest = item
            st = os.stat(name)
            if _real(name) != real:
                return None
            same = _stat(st) == [size, mtime, ctime, ino]
            if not same or _is_text(name):
                if _fingerprint(name, digest) != digest:
                    return None
            if not same and st.st_mtime_ns <= time.time_ns() - SETTLE_NS:
                item[2:6] = _stat(st)  # the same bytes (touched, copied): trusted by stat from now on
                restat = True
        for name, real in entry["missing"]:
            if os.path.lexists(name) or _real(name) != real:
                return None
        digest, size = entry["pdf"]
        pdf = (folder() / f"{digest}.pdf").read_bytes()
        if len(pdf) != size or hashlib.sha256(pdf).hexdigest() != digest:
            return None
        hit = Hit(entry, pdf, started)
        if restat:
            cache.write_json(folder() / f"{entry_key}.json", entry)
        else:
            _touch(folder() / f"{entry_key}.json")  # used now: the last to be pruned
        return hit
    except Exception:  # noqa: BLE001 - whatever is wrong with an entry, the answer is a full build
        return None
