"""All-or-nothing writing of new files (articles, photos) and one edited manifest.

Each new file is written to a temporary name beside it and then linked to its name, which
fails if the name exists: nothing is ever overwritten. The manifest is replaced last, only
if its bytes are still those that were read. If any step fails, or `rollback()` is called,
the files made are removed and the manifest gets its old bytes back.
"""

from __future__ import annotations

import os
from pathlib import Path


class Exists(Exception):
    def __init__(self, path: Path):
        self.path = path
        super().__init__(str(path))


class Changed(Exception):
    pass


class Transaction:
    def __init__(self):
        self.created: list[Path] = []
        self.dirs: list[Path] = []
        self.manifest: tuple[Path, bytes] | None = None

    def commit(self, files: list[tuple[Path, bytes]], manifest: tuple[Path, bytes, bytes] | None) -> None:
        for path, _ in files:
            if os.path.lexists(path):
                raise Exists(path)
        try:
            for path, data in files:
                self._mkdirs(path.parent)
                self._create(path, data)
            if manifest is not None:
                path, old, new = manifest
                if path.read_bytes() != old:
                    raise Changed(str(path))
                _replace(path, new)
                self.manifest = (path, old)
        except BaseException:
            self.rollback()
            raise

    def _mkdirs(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for one in reversed(missing):
            try:
                one.mkdir()
            except FileExistsError:  # made by someone else meanwhile: not ours to remove
                if not one.is_dir():
                    raise
                continue
            self.dirs.append(one)

    def _create(self, path: Path, data: bytes) -> None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            try:
                os.link(tmp, path)  # fails if the name exists: never overwrites
            except FileExistsError:
                raise Exists(path) from None
            except OSError:  # a file system without hard links
                fd2 = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                with os.fdopen(fd2, "wb") as stream:
                    stream.write(data)
            self.created.append(path)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)

    def rollback(self) -> None:
        if self.manifest is not None:
            path, old = self.manifest
            _replace(path, old)
            self.manifest = None
        for path in reversed(self.created):
            try:
                path.unlink()
            except OSError:
                pass
        self.created = []
        for folder in reversed(self.dirs):
            try:
                folder.rmdir()
            except OSError:
                pass
        self.dirs = []


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    try:
        mode = path.stat().st_mode & 0o777
        os.chmod(tmp, mode)
    except OSError:
        pass
    os.replace(tmp, path)
