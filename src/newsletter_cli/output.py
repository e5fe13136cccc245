"""Write the finished PDF atomically: a temporary file beside the target, then os.replace.

A failed build never leaves a partial file, and a previous good PDF stays untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from newsletter_cli.errors import NewsletterError


def write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewsletterError.at(str(path.parent), f"cannot create output folder: {exc.strerror}",
                                 code="output") from None
    if path.is_dir():
        raise NewsletterError.at(str(path), "output path is a folder", code="output")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
        raise NewsletterError.at(str(path), f"cannot write output: {exc.strerror}", code="output") from None
