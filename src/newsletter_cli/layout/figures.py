"""Figures: a photo (or, when it is not supplied, a marked placeholder frame) with its caption
below, tagged as a Figure with its alternative text and a Caption; `FloatToNextFrame`, the
marker that moves a figure that does not fit to the top of the next frame while the text
after it fills this one; and a caption too long for any frame, which goes on after its
picture (`_CaptionPart`)."""

from __future__ import annotations

import copy
import math

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Paragraph

from newsletter_cli.content.imageorient import displayed, matrix, orientation
from newsletter_cli.layout import tagging
from newsletter_cli.layout.flowables import LayoutState
from newsletter_cli.layout.imagefit import fitted
from newsletter_cli.layout.preflight import active, place


class FigureBox(Flowable):
    """A photo (or a marked placeholder frame when it is not supplied) with its caption below."""

    def __init__(self, figure, caption: str, styles, state: LayoutState, max_height: float, image_info=None,
                 grid: float = 0.0, frame_height: float = 0.0):
        super().__init__()
        self.frame_height = frame_height  # a figure taller than this frame splits its caption
        self.grid = grid  # the height is rounded up to whole lines of this leading
        self.figure, self.styles, self.state = figure, styles, state
        self.max_height = max_height
        self.image_info = image_info  # (ImageReader, width_px, height_px as shown, orientation) or None
        # (markup for ReportLab, or a flowable already made: a caption set by the line breaker)
        self.caption = (Paragraph(caption, styles["caption"]) if isinstance(caption, str) else caption) \
            if caption else None

    def _geometry(self, avail_width):
        width = avail_width * self.figure.width
        ratio = self.figure.ratio
        if self.image_info:
            ratio = self.image_info[1] / self.image_info[2]
        height = width / ratio
        if height > self.max_height:
            height = self.max_height
            width = height * ratio
        return width, height

    @property
    def alt(self) -> str:
        """The alternative text: the figure's own, and for a photo not supplied, what it would show."""
        caption = " ".join("".join(sp.text for sp in self.figure.caption).split())
        if not self.image_info:
            return f"Photo not supplied: {caption}" if caption else "Photo not supplied"
        return getattr(self.figure, "alt", None) or caption or "Figure"

    floating = False  # beside the text (ImageAndFlowables): as wide as the picture itself
    _tag = "container"  # the picture is a Figure (with its alternative text), the caption a Caption

    def wrap(self, availWidth, availHeight):
        self.pic_w, self.pic_h = self._geometry(availWidth)
        self.avail_width = self.pic_w if self.floating else availWidth
        self.cap_h = 0
        if self.caption:
            _, self.cap_h = self.caption.wrap(self._caption_width(), availHeight)
            if not self.floating and self.frame_height and self.pic_h + self.cap_h > self.frame_height \
                    and not self.wide_caption:  # it will go on past its picture: at the column's width
                self.wide_caption = True
                _, self.cap_h = self.caption.wrap(self._caption_width(), availHeight)
        self.width = self.avail_width
        self.height = self.pic_h + (self.cap_h + 5 if self.caption else 0)
        if self.grid:
            # whole lines, with at least half a line clear below the caption
            self.height = math.ceil((self.height + self.grid * 0.5) / self.grid) * self.grid
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """A figure with a caption too long to stand under its picture in any frame: the picture
        with the caption's first lines, and the rest of the caption after it (never shrunk to
        fit, nor refused). Any other figure does not split: it moves to the next frame."""
        self.wrap(availWidth, availHeight)
        if not self.caption or self.floating or not self.frame_height or self.height <= self.frame_height + 1e-6:
            return []
        room = availHeight - self.pic_h - 5  # for the caption's lines, the height kept to whole lines
        if self.grid:
            room = math.floor((availHeight + 1e-6) / self.grid) * self.grid - self.pic_h - 5 - self.grid * 0.5
        parts = self.caption.split(self._caption_width(), room) if room > 0 else []
        if len(parts) < 2:
            return []
        head = copy.copy(self)
        head.__dict__.pop("_postponed", None)
        head.caption, head.frame_height = parts[0], 0.0
        rest = _CaptionPart(parts[1], self._caption_width())
        rest._origin = getattr(self, "_origin", None)
        return [head, rest]

    wide_caption = False  # a caption longer than a frame is as wide as the column

    def _caption_width(self) -> float:
        if self.wide_caption:
            return self.avail_width
        return self.pic_w if self.floating else max(self.pic_w, self.avail_width * 0.45)

    # ImageAndFlowables asks an image to fit itself; a figure has already fitted itself in wrap
    def _restrictSize(self, aW, aH):
        return self.width, self.height

    def _unRestrictSize(self):
        pass

    def draw(self):
        canv = self.canv
        col = self.styles.colours
        x = (self.avail_width - self.pic_w) / 2 if self.pic_w < self.avail_width else 0
        y = self.height - self.pic_h
        bottom = y - (self.cap_h + 5 if self.caption else 0)  # the caption's foot
        place(canv, self.width, self.height, origin=getattr(self, "_origin", None), figure=True)
        article = self.state.current_article
        self.state.figure_heights[article] = self.state.figure_heights.get(article, 0.0) + self.pic_h
        collector = active()
        if self.image_info and collector is not None:
            ppi = self.image_info[1] / (self.pic_w / 72)
            if ppi < 150:
                collector.add("low-resolution", canv.getPageNumber(),
                              f"image '{self.figure.src}' is shown at {ppi:.0f} ppi (under 150)",
                              getattr(self, "_origin", None))
        figure = tagging.open_figure(canv, self.alt)  # the picture is the Figure element
        if self.image_info:
            turn = self.image_info[3] if len(self.image_info) > 3 else 1
            reader = self.image_info[0]
            if getattr(self.figure, "resolved", None) is not None:  # no finer than it prints (imagefit.py)
                reader = fitted(self.figure.resolved, reader.getSize(), (self.pic_w, self.pic_h), turn) or reader
            if turn == 1:
                canv.drawImage(reader, x, y, self.pic_w, self.pic_h, mask="auto")
            else:  # a photo with an EXIF orientation: the stored pixels turned as the camera says
                canv.saveState()
                canv.transform(*matrix(turn, x, y, self.pic_w, self.pic_h))
                canv.drawImage(reader, 0, 0, 1, 1, mask="auto")
                canv.restoreState()
        else:
            self.state.figures_missing += 1
            canv.saveState()
            canv.setFillColor(col.tint)
            canv.setStrokeColor(col.rule)
            canv.setLineWidth(0.8)
            canv.rect(x, y, self.pic_w, self.pic_h, stroke=1, fill=1)
            canv.setLineWidth(0.4)
            canv.line(x, y, x + self.pic_w, y + self.pic_h)
            canv.line(x, y + self.pic_h, x + self.pic_w, y)
            label_w = min(self.pic_w - 8, 150)
            canv.setFillColor(col.paper)
            canv.rect(x + (self.pic_w - label_w) / 2, y + self.pic_h / 2 - 13, label_w, 26, stroke=0, fill=1)
            canv.setFillColor(col.muted)
            canv.setFont(self.styles.fonts["sans-bold"], 7.5)
            canv.drawCentredString(x + self.pic_w / 2, y + self.pic_h / 2 + 2, "PHOTO NOT SUPPLIED")
            canv.setFont(self.styles.fonts["sans"], 6.5)
            name = self.figure.src.replace("\\", "/").rsplit("/", 1)[-1][-48:]
            canv.drawCentredString(x + self.pic_w / 2, y + self.pic_h / 2 - 8, name)
            canv.restoreState()
        tagging.close_figure(canv, figure)
        if self.caption:
            cap_w = self._caption_width()
            cx = min(x, self.avail_width - cap_w)  # under the picture's left edge, inside the column
            canv.saveState()
            canv.setStrokeColor(col.accent)
            canv.setLineWidth(1.5)
            canv.line(cx, y - 2.5, cx + 14, y - 2.5)
            canv.restoreState()
            self.caption.wrap(cap_w, self.cap_h)
            self.caption.drawOn(canv, cx, bottom)


class _CaptionPart(Flowable):
    """The rest of a figure's long caption, as wide as under its picture (and split again at
    each frame it does not fit)."""

    _tag = "container"  # the caption's part is the element (with the first, one Caption)

    def __init__(self, caption, width: float):
        super().__init__()
        self.caption, self.cap_width = caption, width

    def wrap(self, availWidth, availHeight):
        self.cap_width = min(self.cap_width, availWidth)
        self.width, self.height = self.caption.wrap(self.cap_width, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        parts = self.caption.split(min(self.cap_width, availWidth), availHeight)
        if len(parts) < 2:
            return parts
        return [_CaptionPart(part, self.cap_width) for part in parts]

    def draw(self):
        self.caption.drawOn(self.canv, 0, 0)


class FloatToNextFrame(Flowable):
    """Zero-size marker: `figure` did not fit where it stood; the document places it at the top of
    the next frame, and lets the text after it fill this one (as layout programs float figures)."""

    def __init__(self, figure):
        super().__init__()
        self.figure = figure
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        pass


def image_info(path):
    """(ImageReader, width px, height px as shown, EXIF orientation) for a checked image file."""
    from PIL import Image

    reader = ImageReader(str(path))
    w, h = reader.getSize()
    with Image.open(path) as img:  # the header only
        turn = orientation(img)
    return (reader, *displayed(w, h, turn), turn)
