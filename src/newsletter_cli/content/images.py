"""The pictures an article names: on the web (a placeholder), inside the issue's folders or
assets/ (through `paths`), a regular file, at most MAX_IMAGE_BYTES, and a PNG or JPEG (or GIF, WebP,
BMP, TIFF) that
decodes, of at most MAX_PIXELS (a decompression bomb is refused before it is decoded)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter_cli.errors import NewsletterError
from newsletter_cli.paths import display_path, exists, resolve_reference

if TYPE_CHECKING:
    from newsletter_cli.content.markdown import Context

def no_alt(ctx: Context, line: int, col: int | None, src: str) -> None:
    ctx.report.warning(ctx.file, f"figure '{src}' has no alternative text for readers who cannot see it",
                       line, col, code="alt-text",
                       hint='say what the picture shows: {alt="…"} after the image (alt: for a front-matter image)')


RATIO = re.compile(r"^\d+(\.\d+)?:\d+(\.\d+)?$")


def check_width(value: str) -> str:
    """A picture's `width`: a share of the column, 10% to 100%."""
    match = re.fullmatch(r"(\d{1,3})%", value.strip())
    if not match or not 10 <= int(match.group(1)) <= 100:
        raise ValueError(f"width '{value}' must be a share of the column from 10% to 100%")
    return value.strip()


def check_ratio(value: str) -> str:
    """A picture's `ratio` (width:height) for a placeholder, from 1:5 to 5:1."""
    if not RATIO.match(value.strip()):
        raise ValueError(f"ratio '{value}' must look like 3:2 (width:height)")
    w, h = (float(x) for x in value.split(":"))
    if w <= 0 or h <= 0 or not 0.2 <= w / h <= 5:
        raise ValueError(f"ratio '{value}' must be between 1:5 and 5:1")
    return value.strip()


def check_image(src: str, ctx: Context, line: int) -> Path | None:
    col = ctx.col_of_target(line, src)
    if re.match(r"^(https?:)?//", src.strip(), re.I):  # as published on the web: nothing is downloaded
        ctx.report.warning(ctx.file, f"photo '{src[:80]}' is on the web: a placeholder frame is drawn "
                           "(the tool never downloads anything)", line, col, code="missing-image",
                           hint="save the picture in the issue folder and give its file name")
        return None
    if re.match(r"^\s*([A-Za-z]:|\\)", src):  # `C:\x.png`, `\\server\x.png`: another machine's, never opened
        ctx.report.warning(ctx.file, f"photo '{src[:80]}' is a path on another computer: it is not read, a "
                           "placeholder frame is drawn", line, col, code="missing-image",
                           hint="save the picture in the issue folder and give its path relative to the article")
        return None
    if src.startswith("/"):
        return _site_root_image(src, ctx, line, col)
    try:
        path = resolve_reference(src, ctx.base_dir, ctx.roots, ctx.file, line, col, what="image")
    except NewsletterError as exc:
        ctx.report.extend(exc.problems)
        return None
    if not exists(path):
        ctx.report.warning(ctx.file, f"photo '{src}' is not supplied: a placeholder frame is drawn",
                           line, col, code="missing-image")
        return None
    return _checked(path, src, ctx, line, col)


def _checked(path: Path, src: str, ctx: Context, line: int, col: int) -> Path | None:
    if path not in ctx.images:  # decoded once however often the issue shows it
        ctx.images[path] = _inspect_image(path)
    problem, _pixels = ctx.images[path]
    if problem:
        ctx.report.error(ctx.file, f"image '{src}' {problem}", line, col, code="image")
        return None
    return path


def site_roots(ctx: Context) -> list[Path]:
    """Where a site-root path (`/images/x.png`, as a web export writes it) may start: the article's
    folder and each folder above it up to the issue's (the manifest's) folder, nearest first."""
    top = Path(os.path.abspath(ctx.roots[0] if ctx.roots else ctx.base_dir))
    here = Path(os.path.abspath(ctx.base_dir))
    try:
        depth = len(here.relative_to(top).parts)
    except ValueError:  # (not below the issue folder: only the article's own folder)
        depth = 0
    parents = ctx.base_dir.parents
    return [ctx.base_dir] + [parents[up] for up in range(min(depth, len(parents)))]


def _site_root_image(src: str, ctx: Context, line: int, col: int) -> Path | None:
    """`/images/x.png`: read as the web export means it, from the top of the site, which here is the
    article's folder or one above it inside the issue folder; the absolute path of this machine is
    never opened."""
    relative = src.lstrip("/")
    if ".." in re.split(r"[\\/]", relative):
        ctx.report.error(ctx.file, f"image path '{src[:80]}' goes up with '..': keep files inside the issue folder",
                         line, col, code="path")
        return None
    tried: list[str] = []
    for folder in site_roots(ctx):
        try:
            path = resolve_reference(relative, folder, ctx.roots, ctx.file, line, col, what="image")
        except NewsletterError as exc:
            ctx.report.extend(exc.problems)
            return None
        tried.append(display_path(path))
        if exists(path):
            ctx.report.warning(ctx.file, f"photo '{src[:80]}' is an absolute path, as a web site writes it: read "
                               f"from the issue folder as '{display_path(path)}'", line, col, code="site-root-image",
                               hint="write the path relative to the article to silence this")
            return _checked(path, src, ctx, line, col)
    ctx.report.warning(ctx.file, f"photo '{src[:80]}' is not supplied: a placeholder frame is drawn (an absolute "
                       "path is read from the issue folder, not from this computer)", line, col, code="missing-image",
                       hint=f"looked for {', '.join(repr(t) for t in tried[:3])}")
    return None


MAX_PIXELS = 40_000_000
# what a picture may be: PNG and JPEG are embedded as they are; the others as a PNG made from
# them (layout/imagefit.py), an animated GIF or a TIFF of several pages by its first frame
FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF")
MAX_IMAGE_BYTES = 30_000_000


def inspect_image(path: Path) -> str | None:
    """Why the image cannot be placed (corrupt, not an image, too large), or None."""
    return _inspect_image(path)[0]


def _inspect_image(path: Path) -> tuple[str | None, tuple[int, int] | None]:
    """(why the image cannot be placed, or None; its width and height in pixels when it can).

    The size is kept for the resolution check (checks.py), which would otherwise open the file again.
    """
    from newsletter_cli.paths import Unreadable, open_regular

    try:
        handle = open_regular(path)  # a regular file, never a pipe or a device
    except Unreadable as exc:
        return exc.reason, None
    with handle:
        st = os.fstat(handle.fileno())
        if st.st_size > MAX_IMAGE_BYTES:
            return f"is larger than {MAX_IMAGE_BYTES // 1_000_000} MB", None
        # decoding a photo whole costs 0.1-0.2 s: the verdict is kept by the file's identity and
        # stat, which the build cache trusts for a picture too (as make does)
        from newsletter_cli import sources

        key = sources.key(("PIL",), "image", os.path.realpath(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns,
                          st.st_ino)
        found = sources.STORE.get(key)
        if isinstance(found, list) and len(found) == 2 and (found[0] is None or isinstance(found[0], str)) and (
                found[1] is None or isinstance(found[1], list) and len(found[1]) == 2
                and all(type(n) is int and n > 0 for n in found[1])):
            return found[0], tuple(found[1]) if found[1] else None
        problem, pixels = _decode_image(handle)
        sources.STORE.put(key, [problem, list(pixels) if pixels else None])
        return problem, pixels


def _decode_image(handle) -> tuple[str | None, tuple[int, int] | None]:
    import warnings

    from PIL import Image

    from newsletter_cli.content.imageorient import displayed, orientation

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(handle) as img:
                if img.format not in FORMATS:
                    return f"is {img.format or 'not an image'}; use PNG or JPEG (or GIF, WebP, BMP, TIFF)", None
                if img.width * img.height > MAX_PIXELS:
                    return f"is {img.width}x{img.height} pixels; the limit is {MAX_PIXELS:,} pixels", None
                width, height = img.size
                if img.format == "JPEG":  # every block is still read (a truncated file fails), at 1/8 scale
                    img.draft(img.mode, (max(1, width // 8), max(1, height // 8)))
                img.load()
                return None, displayed(width, height, orientation(img))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "declares too many pixels (a decompression bomb?)", None
    except Image.UnidentifiedImageError:
        handle.seek(0)
        if b"<svg" in handle.read(4096).lower():
            return "is an SVG drawing, which is not placed: export it as PNG", None
        return "is not a PNG or JPEG image (nor GIF, WebP, BMP or TIFF)", None
    except (OSError, SyntaxError, ValueError) as exc:
        return f"is corrupt or truncated ({exc})", None
