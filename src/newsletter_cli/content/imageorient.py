"""A photo's EXIF orientation: how a camera or phone says the stored pixels are to be turned.

Phones store a portrait photo as landscape pixels with an orientation tag (EXIF 0x0112, values
1-8); viewers turn it, and so must the layout, or the photo lies on its side. The stored
image is embedded as it is (a JPEG is never decoded and encoded again) and drawn through the
transformation matrix of its orientation.
"""

from __future__ import annotations

_TAG = 0x0112


def orientation(img) -> int:
    """The EXIF orientation of an open PIL image: 1 (as stored) when it has none or a bad one.
    (A PNG whose file has no eXIf chunk has none: Pillow would decode all its pixels to look for
    one after them, 0.1 s for a photo.)"""
    if getattr(img, "format", None) == "PNG" and "exif" not in img.info and not _has_chunk(img, b"eXIf"):
        return 1
    try:
        value = img.getexif().get(_TAG, 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block: the pixels as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _has_chunk(img, name: bytes) -> bool:
    """Whether the file of an open PNG holds `name` anywhere (True when it cannot be read)."""
    try:
        handle = img.fp
        at = handle.tell()
        handle.seek(0)
        data = handle.read()
        handle.seek(at)
    except (AttributeError, OSError, ValueError):
        return True
    return name in data


def displayed(width: int, height: int, turn: int) -> tuple[int, int]:
    """The size in pixels as the photo is shown: orientations 5 to 8 turn it a quarter."""
    return (height, width) if turn >= 5 else (width, height)


def matrix(turn: int, x: float, y: float, w: float, h: float) -> tuple[float, ...]:
    """The PDF matrix (a b c d e f) that maps the stored image's unit square (as `drawImage`
    at 0, 0 of size 1 draws it) onto the box x, y, w, h, turned and mirrored as `turn` says."""
    return {
        1: (w, 0, 0, h, x, y),
        2: (-w, 0, 0, h, x + w, y),            # mirrored left to right
        3: (-w, 0, 0, -h, x + w, y + h),       # upside down
        4: (w, 0, 0, -h, x, y + h),            # mirrored top to bottom
        5: (0, -h, -w, 0, x + w, y + h),       # mirrored and turned a quarter left
        6: (0, -h, w, 0, x, y + h),            # turned a quarter right
        7: (0, h, w, 0, x, y),                 # mirrored and turned a quarter right
        8: (0, h, -w, 0, x + w, y),            # turned a quarter left
    }[turn]
