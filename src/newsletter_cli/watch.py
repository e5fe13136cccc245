"""Rebuild on save: watch an issue's files (manifest, articles, images, theme, fonts) and call
`rebuild` after each burst of changes.

`watch()` is independent of what a rebuild does, so it can be driven from a test: give it a
`stop` event and/or `max_rebuilds`. `rebuild()` returns the files the issue is now made of (the
manifest may have gained an article or an image), or None when it failed; then the last known
files stay watched and the loop waits for the next save.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Iterable

RELEVANT = {".yaml", ".yml", ".md", ".markdown", ".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff",
            ".webp", ".bmp", ".svg", ".ttf"}
DEBOUNCE_MS = 300  # changes within this window (an editor's save burst) make one rebuild
STEP_MS = 50


def _resolved(path: Path | str) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class IssueFilter:
    """Which changed paths matter: a known input, or a relevant file (Markdown, YAML, image,
    font) in a folder that holds the issue's articles. Never anything in the output folder,
    hidden files or editors' backup and swap files."""

    def __init__(self, manifest: Path, inputs: Iterable[Path], exclude: Iterable[Path] = ()):
        from watchfiles import DefaultFilter

        self.default = DefaultFilter()
        self.manifest = _resolved(manifest)
        self.exclude = [_resolved(p) for p in exclude]
        self.update(inputs)

    def update(self, inputs: Iterable[Path]) -> None:
        self.inputs = {_resolved(p) for p in inputs} | {self.manifest}
        # the folders of the articles (not the manifest's own folder: it holds the other issues)
        folders = {p.parent for p in self.inputs if p.suffix.lower() in (".md", ".markdown")}
        folders.discard(self.manifest.parent)
        fallback = self.manifest.parent / self.manifest.stem  # issues/076/, even before a good build
        if fallback.is_dir():
            folders.add(fallback)
        self.folders = folders

    def __call__(self, change, path: str) -> bool:
        if not self.default(change, path):
            return False
        p = _resolved(path)
        if any(_under(p, ex) for ex in self.exclude):
            return False
        if p in self.inputs:
            return True
        if p.name.startswith(".") or p.name.endswith("~") or p.suffix.lower() not in RELEVANT:
            return False
        return any(_under(p, folder) for folder in self.folders)


def watch_roots(manifest: Path, inputs: Iterable[Path]) -> list[Path]:
    """The fewest existing folders that contain the manifest and every input."""
    folders = {_resolved(manifest).parent}
    for path in inputs:
        folder = _resolved(path).parent
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        folders.add(folder)
    roots = []
    for folder in sorted(folders, key=lambda f: len(f.parts)):
        if not any(_under(folder, r) for r in roots):
            roots.append(folder)
    return roots


def watch(manifest: Path, rebuild: Callable[[list[Path]], Iterable[Path] | None], inputs: Iterable[Path], *,
          stop: threading.Event | None = None, max_rebuilds: int | None = None,
          exclude: Iterable[Path] = (), debounce_ms: int = DEBOUNCE_MS, step_ms: int = STEP_MS) -> int:
    """Call `rebuild(changed paths)` after each save until `stop` is set, `max_rebuilds` is
    reached or Ctrl-C. Returns how many rebuilds ran."""
    from watchfiles import watch as watch_changes

    inputs = list(inputs)
    watched = IssueFilter(manifest, inputs, exclude)
    rebuilds = 0
    while not (stop is not None and stop.is_set()):
        roots = watch_roots(manifest, inputs)
        moved = False
        for changes in watch_changes(*roots, watch_filter=watched, debounce=debounce_ms, step=step_ms,
                                     stop_event=stop, raise_interrupt=False, rust_timeout=500):
            changed = sorted({Path(p) for _, p in changes})
            result = rebuild(changed)
            rebuilds += 1
            if max_rebuilds is not None and rebuilds >= max_rebuilds:
                return rebuilds
            if result is not None:
                inputs = list(result)
                watched.update(inputs)
                if watch_roots(manifest, inputs) != roots:
                    moved = True  # e.g. the theme is now a file elsewhere: watch the new folders
                    break
        if not moved:
            break  # the stop event was set, or Ctrl-C
    return rebuilds
