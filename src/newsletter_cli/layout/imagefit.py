"""Pictures embedded at the resolution they print at.

A phone's photo is 4,000 pixels wide; in a half-column figure it prints at about 1,000 ppi.
Embedded as it is, each one adds megabytes to the PDF (two made a 29 MB file) and a PNG is
decoded and compressed again by ReportLab at every build (seconds). So a picture finer than
MAX_PPI at its placed size is scaled down to MAX_PPI (300 ppi: print quality) first: a JPEG
stays a JPEG (decoded at a reduced scale where it can be, `Image.draft`, re-encoded at
QUALITY), any other picture becomes a lossless PNG. A GIF, WebP, BMP or TIFF is made a PNG
whatever its size (its first frame, for an animation). The stored pixels are scaled, not turned:
the EXIF orientation is still applied when the picture is drawn.

The scaled picture is kept in the user's cache folder (`pictures/`, named by the source's
path, size and time, the size wanted and Pillow's version), so a rebuild only reads it. The
same picture at the same size gives the same bytes, from the cache or made anew. A picture
that cannot be scaled (Pillow refuses it) is embedded as it is.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
from pathlib import Path

from reportlab.lib.utils import ImageReader

from newsletter_cli import cache

MAX_PPI = 300
MARGIN = 1.25  # a picture up to MARGIN × MAX_PPI at its size is embedded as it is
QUALITY = 90
KEEP = 300  # scaled pictures kept in the cache folder (the oldest go first)
TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


def fitted(path, stored: tuple[int, int], placed: tuple[float, float], turn: int = 1) -> ImageReader | None:
    """The picture at `path` (`stored` pixels, as stored) scaled to MAX_PPI at its `placed` size
    (points, as shown), or None when it is fine as it is (or cannot be scaled)."""
    shown_w = placed[1] if turn in TURNED else placed[0]  # the placed width of the stored pixels
    want_w = max(1, math.ceil(shown_w / 72 * MAX_PPI))
    if stored[0] <= want_w * MARGIN:
        if _embeddable(path):
            return None
        want_w = stored[0]  # a GIF, WebP, BMP or TIFF: made a PNG at its own size
    want = (want_w, max(1, round(stored[1] * want_w / stored[0])))
    try:
        st = os.stat(path)
        import PIL

        name = hashlib.sha256(repr((os.path.realpath(path), st.st_size, st.st_mtime_ns, want, QUALITY,
                                    PIL.__version__)).encode()).hexdigest()[:32]
        found = next((p for p in (_folder() / f"{name}.jpg", _folder() / f"{name}.png") if p.is_file()), None)
        data = found.read_bytes() if found is not None else None
        if data is None:
            data, suffix = _scaled(Path(path), want)
            if cache.write_bytes(_folder() / f"{name}{suffix}", data):
                _prune()
        return ImageReader(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - Pillow's many errors: the picture is embedded as it is
        return None


def _scaled(path: Path, size: tuple[int, int]) -> tuple[bytes, str]:
    from PIL import Image

    with Image.open(path) as img:
        jpeg = img.format == "JPEG"
        if jpeg:
            img.draft(img.mode, size)  # decoded at 1/2, 1/4 or 1/8 of its size, still larger than `size`
        if img.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
            alpha = "A" in img.getbands() or "transparency" in img.info
            img = img.convert("RGBA" if alpha else "RGB")
        out = img.resize(size, Image.LANCZOS) if img.size != size else img.copy()
    if not jpeg and out.mode == "CMYK":  # (a CMYK TIFF: PNG holds no CMYK)
        out = out.convert("RGB")
    buffer = io.BytesIO()
    if jpeg and out.mode in ("RGB", "L", "CMYK"):
        out.save(buffer, "JPEG", quality=QUALITY)
        return buffer.getvalue(), ".jpg"
    out.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue(), ".png"


def _embeddable(path) -> bool:
    """Whether the picture is a PNG or a JPEG, which the PDF takes as it is (by its first bytes)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return True  # (then it is embedded, or refused, as before)
    return head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"))


def _folder() -> Path:
    return cache.folder() / "pictures"


def _prune() -> None:
    try:
        files = sorted(_folder().glob("*.*"), key=lambda p: p.stat().st_mtime)
        for old in files[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
