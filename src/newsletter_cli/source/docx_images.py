"""A picture of a Word document -> image bytes the build accepts (PNG or JPEG), or why not.

PNG and JPEG are kept as they are; a camera's MPO (a JPEG with extra frames) becomes a plain
JPEG; GIF, BMP, TIFF, WebP and the rest that Pillow reads become PNG. EMF, WMF and SVG drawings
cannot be placed by the build and are left out. Pillow's decompression-bomb guard is on, and
a picture over `MAX_PIXELS` is left out.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

MAX_PIXELS = 40_000_000  # as images.MAX_PIXELS
VECTOR_TYPES = ("emf", "wmf", "x-emf", "x-wmf", "svg+xml", "x-pict", "pict")


@dataclass
class Image:
    data: bytes
    ext: str  # "png" or "jpg"
    width: int  # pixels
    height: int
    share: int  # percent of the column
    descr: str


def read_image(part, picture, text_width: int) -> tuple[Image | None, list[tuple[str, str]]]:
    """(the image, or None; the (severity, message) remarks for the report)."""
    from PIL import Image as PILImage

    ctype = (getattr(part, "content_type", "") or "").lower()
    name = str(getattr(part, "partname", "")).rsplit("/", 1)[-1]
    if any(ctype.endswith("/" + t) for t in VECTOR_TYPES) or name.lower().endswith((".emf", ".wmf", ".svg")):
        return None, [("warning", f"the picture '{name}' is a {name.rsplit('.', 1)[-1].upper()} drawing, which "
                       "the build cannot place: left out (save it as PNG and insert that)")]
    blob = part.blob
    said: list[tuple[str, str]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(blob)) as img:
                fmt = img.format or "?"
                if img.width * img.height > MAX_PIXELS:
                    return None, [("warning", f"the picture '{name}' is {img.width}x{img.height} pixels, over "
                                   f"the limit of {MAX_PIXELS:,}: left out")]
                img.load()
                size = (img.width, img.height)
                if fmt in ("PNG", "JPEG"):
                    data, ext = blob, "png" if fmt == "PNG" else "jpg"
                else:
                    out = io.BytesIO()
                    if fmt == "MPO" and img.mode in ("RGB", "L", "CMYK"):
                        img.save(out, "JPEG", quality=95)
                        data, ext = out.getvalue(), "jpg"
                    else:
                        frame = img.convert("RGBA" if "A" in img.getbands() or img.mode == "P" else "RGB")
                        frame.save(out, "PNG", optimize=True)
                        data, ext = out.getvalue(), "png"
                    said.append(("note", f"the picture '{name}' is {fmt}: converted to {ext.replace('jpg', 'JPEG').upper()}"))
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        return None, [("warning", f"the picture '{name}' declares too many pixels: left out")]
    except Exception as exc:  # Pillow raises many kinds on damaged data
        return None, [("warning", f"the picture '{name}' cannot be read ({type(exc).__name__}): left out")]
    share = 100
    if picture.cx and text_width:
        share = max(10, min(100, int(round(picture.cx / 635 / text_width * 20)) * 5))
    return Image(data, ext, size[0], size[1], share, picture.descr or picture.title), said
