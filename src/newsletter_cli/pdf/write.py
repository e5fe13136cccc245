"""Write the finished PDF atomically: a temporary file beside the target, then os.replace.

A failed build never leaves a partial file, and a previous good PDF stays untouched. Before
anything is laid out, `check_target` refuses an output path that would destroy input: any file
the issue is built from, and anything inside the issue's folder (or the shipped assets) but a
.pdf file that is new or already holds a PDF, and a device, pipe or socket anywhere.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from newsletter_cli.errors import NewsletterError
from newsletter_cli.paths import display_path


def _fail(path: Path, message: str, hint: str | None = None):
    raise NewsletterError.at(display_path(path), message, code="output", hint=hint)


def _refuse_special(path: Path) -> None:
    """A device, a pipe or a socket at `path` is never replaced by a file (`-o /dev/full`, as root,
    would otherwise swap the device node for the PDF)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        _fail(path, "the output path is not a regular file (a device, a pipe or a socket): it is not replaced",
              "write the PDF to a file, e.g. under build/")


def check_target(target: Path, inputs: list[Path], folders: list[Path]) -> None:
    """Refuse `target` if writing it could overwrite input (see the module's docstring)."""
    from newsletter_cli.paths import name_problem

    too_long = name_problem(str(target))
    if too_long:
        raise NewsletterError.at(str(target)[:200] + "…", f"the output path {too_long}", code="output")
    _refuse_special(target)
    real = Path(os.path.realpath(target))
    for path in inputs:
        try:
            same = Path(os.path.realpath(path)) == real or (real.exists() and os.path.samefile(path, real))
        except (OSError, ValueError):
            same = False
        if same:
            _fail(target, f"the output path is {display_path(path)}, a file the issue is built from: "
                  "the PDF would overwrite it", "write the PDF elsewhere, e.g. under build/")
    for folder in folders:
        try:
            real.relative_to(Path(os.path.realpath(folder)))
        except ValueError:
            continue
        if target.suffix.lower() != ".pdf":
            _fail(target, f"the output path is inside the issue folder {display_path(folder)} and is not a "
                  ".pdf file: only a PDF may be written there", "write the PDF elsewhere, e.g. under build/")
        if os.path.lexists(real) and not real.is_dir() and not _holds_pdf(real):
            _fail(target, f"the output path is inside the issue folder {display_path(folder)} and holds a "
                  "file that is not a PDF: it is not overwritten", "write the PDF elsewhere, e.g. under build/")


def _holds_pdf(path: Path) -> bool:
    from newsletter_cli.paths import Unreadable, open_regular

    try:
        with open_regular(path) as handle:
            return handle.read(5) == b"%PDF-"
    except (Unreadable, OSError):
        return False


def write_atomic(path: Path, data: bytes) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(folder, f"cannot create the output folder: {exc.strerror or exc}")
    from newsletter_cli.paths import is_dir

    if is_dir(path):
        _fail(path, "the output path is a folder")
    _refuse_special(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        _fail(folder, f"cannot write in the output folder: {exc.strerror or exc}",
              "choose a folder you may write to with --output")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _fail(path, f"cannot write the output: {exc.strerror or exc}")
