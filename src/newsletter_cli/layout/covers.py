"""The front and back covers, drawn on their pages: each text is fitted to its place (set
smaller, wrapped) and a text that still does not fit is reported (`truncated`), never lost
silently off the page or under the paper."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import nullcontext
from pathlib import Path

from reportlab.platypus import Paragraph

from newsletter_cli.content import labels

from newsletter_cli.layout.fallback import draw_right_string, draw_string, used, width as text_width
from newsletter_cli.layout.markup import plain
from newsletter_cli.layout.preflight import active
from newsletter_cli.layout.tagging import ListOf, block
from newsletter_cli.layout.vector import draw_svg

AUTO_ITEMS = 6  # article titles listed on the cover of an issue whose manifest gives no highlights


def draw_cover(canv, issue, theme, styles, geo) -> None:
    col = styles.colours
    fonts = styles.fonts
    W, H = geo.width, geo.height
    band_h = H * 0.6
    canv.saveState()
    canv.setFillColor(col.primary)
    canv.rect(0, H - band_h, W, band_h, stroke=0, fill=1)
    # quiet geometry: concentric arcs from the mark, off the right edge
    canv.saveState()
    clip = canv.beginPath()
    clip.rect(0, H - band_h, W, band_h)
    canv.clipPath(clip, stroke=0, fill=0)
    canv.setStrokeColor(col.secondary)
    for i, r in enumerate((120, 170, 220, 270, 320)):
        canv.setLineWidth(1.2 if i % 2 else 0.6)
        canv.setStrokeAlpha(0.55 - i * 0.08)
        canv.circle(W - 40, H - band_h + 90, r, stroke=1, fill=0)
    canv.restoreState()
    canv.setFillColor(col.accent)
    canv.rect(0, H - band_h - 6, W, 6, stroke=0, fill=1)

    margin = geo.inner
    top = H - 20 * 72 / 25.4
    logo = 54
    draw_svg(canv, theme.logo, margin, top - logo, logo)
    canv.setFillColor(col.paper)
    org = issue.tagline or issue.publisher.name
    beside = W - 2 * margin - logo - 12
    size, lines = _lines_fitted(canv, org.upper(), fonts["sans-bold"], (9, 8, 7), beside, 2, "tagline")
    canv.setFont(fonts["sans-bold"], size)
    first = top - logo / 2 + 2 + (len(lines) - 1) * (size + 1) / 2
    with block(canv):
        for i, line in enumerate(lines):
            draw_string(canv, margin + logo + 12, first - i * (size + 1), line)
    canv.setFont(fonts["sans"], 9)
    canv.setFillColor(col.highlight)
    with block(canv) if issue.publisher.website else nullcontext():
        draw_string(canv, margin + logo + 12, first - (len(lines) - 1) * (size + 1) - 12, issue.publisher.website or "")

    width = W - 2 * margin
    name_style = styles["title"].clone("cover_name", fontName=fonts["display"], fontSize=44, leading=46,
                                       textColor=col.paper)
    para, h = _fitted(canv, issue.publication, name_style, width, 4 * name_style.leading, 28, "publication")
    y = top - logo - 40 - h
    with block(canv):
        para.drawOn(canv, margin, y)

    canv.setFillColor(col.highlight)
    canv.setFont(fonts["display"], 26)
    with block(canv):
        draw_string(canv, margin, y - 36, issue.label)
    label_w = text_width(issue.label, fonts["display"], 26)  # (in its fallback faces too: "第76期", "ฉบับที่ 76")
    canv.setFillColor(col.paper)
    # beside the number, set smaller if it must be; else on lines of its own below it
    room = width - label_w - 14
    size = next((s for s in (15, 14, 13, 12) if text_width(issue.period, fonts["sans"], s) <= room), None)
    if size is not None:
        canv.setFont(fonts["sans"], size)
        with block(canv):
            draw_string(canv, margin + label_w + 14, y - 33, issue.period)
    else:
        size, lines = _lines_fitted(canv, issue.period, fonts["sans"], (13, 12, 11), width, 2, "period")
        canv.setFont(fonts["sans"], size)
        with block(canv):
            for line in lines:
                y -= size + 4
                draw_string(canv, margin, y - 36, line)

    if issue.headline:
        # the headline sits in the band's lower half, above the arcs' centre, a rule before it
        head_style = styles["lead"].clone("cover_headline", fontName=fonts["serif-italic"], fontSize=26,
                                          leading=31, textColor=col.paper)
        top = (y - 36) - (y - 36 - (H - band_h)) * 0.45
        # down to the band's foot, less a line: set smaller (to 14 pt) rather than run off it
        room = top - (H - band_h) - 16
        para, h = _fitted(canv, issue.headline, head_style, width * 0.72, room, 14, "headline")
        canv.setFillColor(col.accent)
        canv.rect(margin, top + 14, 44, 3, stroke=0, fill=1)
        with block(canv):
            para.drawOn(canv, margin, top - h)

    # the lower, white half: what is in this issue (the manifest's highlights, else its articles'
    # titles, as many as fit)
    given = bool(issue.highlights)
    items = issue.highlights or [a.title for s in issue.sections if s.kind != "foreword" for a in s.articles][:AUTO_ITEMS]
    y = H - band_h - 46
    if items:
        canv.setFillColor(col.accent_text)
        canv.setFont(fonts["sans-bold"], 9)
        with block(canv):
            draw_string(canv, margin, y, issue.labels["in_this_issue"].upper())
    y -= 14
    highlights = ListOf(canv)  # each highlight an LI (its square an ornament)
    item_style = styles["subtitle"].clone("cover_item", textColor=col.primary, fontSize=13.5, leading=17)
    # all of them, set smaller (to 9.5 pt) where they need the room; those that still do not fit are reported
    for size in (13.5, 12.5, 11.5, 10.5, 9.5):
        style = item_style.clone(f"cover_item_{size}", fontSize=size, leading=size * 17 / 13.5)
        paras = [Paragraph(plain(text), style) for text in items]
        heights = [p.wrap(width - 22, 1000)[1] for p in paras]
        gap = 10 * size / 13.5  # (the space between two, in proportion)
        if y - sum(h + gap for h in heights) + gap >= 80:
            break
    for n, (text, para, h) in enumerate(zip(items, paras, heights)):
        if y - h < 80:
            if given:  # (titles listed for want of highlights: as many as fit, and no more)
                _cut(canv, f"{len(items) - n} of the cover's {len(items)} highlights do not fit "
                     f"it and are left out (“{text[:40]}”)")
            break
        canv.setFillColor(col.secondary)
        scale = size / 13.5  # (the square beside the first line, in proportion to the type)
        canv.rect(margin, y - 12 * scale, 7 * scale, 7 * scale, stroke=0, fill=1)
        with highlights.item(canv):
            para.drawOn(canv, margin + 20, y - h)
        y -= h + gap

    canv.setStrokeColor(col.rule)
    canv.setLineWidth(0.6)
    canv.line(margin, 58, W - margin, 58)
    canv.setFillColor(col.muted)
    canv.setFont(fonts["sans"], 8.5)
    contact = "  ·  ".join(x for x in (issue.publisher.website, issue.publisher.email) if x)
    room = width - (text_width(contact, fonts["sans"], 8.5) + 18 if contact else 0)
    with block(canv):  # (the whole name is on the back cover)
        draw_string(canv, margin, 42, fitted_head(issue.publisher.name, fonts["sans"], 8.5, room))
    with block(canv) if contact else nullcontext():
        draw_right_string(canv, W - margin, 42, contact)
    canv.restoreState()


def draw_back_cover(canv, issue, theme, styles, geo, doc) -> None:
    """The last page: who publishes the newsletter and how to reach them, and a colophon."""
    import time as _time

    col = styles.colours
    fonts = styles.fonts
    W, H = geo.width, geo.height
    margin = geo.inner
    band = H * 0.36
    canv.saveState()
    canv.setFillColor(col.primary)
    canv.rect(0, 0, W, band, stroke=0, fill=1)
    canv.setFillColor(col.accent)
    canv.rect(0, band, W, 6, stroke=0, fill=1)
    draw_svg(canv, theme.logo, margin, band - 40 - 54, 54)
    y = band - 40 - 54 - 30
    canv.setFillColor(col.paper)
    canv.setFont(fonts["display"], 16)
    with block(canv):
        draw_string(canv, margin, y, issue.publication)
    canv.setFont(fonts["sans"], 10)
    canv.setFillColor(col.highlight)
    with block(canv):
        draw_string(canv, margin, y - 16, f"{issue.label}  ·  {issue.period}")

    x = margin
    y = H - geo.top - 20
    canv.setFillColor(col.accent_text)
    canv.setFont(fonts["sans-bold"], 9)
    with block(canv):
        draw_string(canv, x, y, issue.labels["published_by"].upper())
    y -= 22
    canv.setFillColor(col.primary)
    para = Paragraph(plain(issue.publisher.name), styles["h2"].clone("back_name", spaceBefore=0))
    _, h = para.wrap(W - 2 * margin, 100)
    with block(canv):
        para.drawOn(canv, x, y - h + 12)
    y -= h + 6
    canv.setFont(fonts["sans"], 10.5)
    canv.setFillColor(col.ink)
    lines = list(issue.publisher.address)
    for label, value in ((issue.labels["web"], issue.publisher.website),
                         (issue.labels["email"], issue.publisher.email), (issue.labels["phone"], issue.publisher.phone)):
        if value:
            lines.append(f"{label}: {value}")
    measure = W - 2 * margin
    bottom = geo.bottom + 40 + 5 * 14  # room for the colophon below (its lines are wrapped too)
    for line in lines:
        with block(canv):  # each line its own paragraph, its link in it
            parts = wrapped(line, fonts["sans"], 10.5, measure)
            target = next((v for v in (issue.publisher.website, issue.publisher.email) if v and line.endswith(v)),
                          None)
            for n, part in enumerate(parts):
                if y < bottom:
                    _cut_line(canv, line)
                    break
                draw_string(canv, x, y, part)
                if target and n == len(parts) - 1:  # the web address and e-mail are links
                    uri = target if target.startswith(("http://", "https://")) else f"mailto:{target}"
                    width = text_width(part, fonts["sans"], 10.5)
                    canv.linkURL(uri, (x, y - 3, x + width, y + 10), relative=0, thickness=0)
                y -= 15
    y -= 24
    canv.setFillColor(col.accent_text)
    canv.setFont(fonts["sans-bold"], 9)
    with block(canv):
        draw_string(canv, x, y, issue.labels["about_this_issue"].upper())
    y -= 18
    stamp = labels.colophon_date(issue.labels, dt.date(*_time.gmtime(getattr(doc, "_timestamp", 0))[:3]))
    def family(path) -> str:
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", Path(path).stem.split("-")[0])

    brand = {family(p) for role, faces in theme.fonts.items() if role != "mono" for p in faces.values()}
    # the code face and fallback faces this build drew with (each under its own licence)
    extra = sorted({family(path) for _, path in used()} - brand)
    colophon = [f"{issue.publication}, {issue.label}, {issue.period}.",
                labels.line(issue.labels, "set_in", faces=", ".join(sorted(brand)))]
    if extra:
        colophon.append(labels.line(issue.labels, "also_in", faces=", ".join(extra)))
    colophon.append(labels.line(issue.labels, "composed", date=stamp))
    canv.setFont(fonts["sans"], 9.5)
    canv.setFillColor(col.ink)
    for line in colophon:
        with block(canv):
            for part in wrapped(line, fonts["sans"], 9.5, measure):
                if y < geo.bottom:
                    _cut_line(canv, line)
                    break
                draw_string(canv, x, y, part)
                y -= 14
    canv.restoreState()


def wrapped(text: str, face: str, size: float, measure: float, limit: int = 60) -> list[str]:
    """`text` broken at its spaces into lines at most `measure` wide (in `face`, its fallback
    faces for what it lacks), at most `limit` of them (a page holds no more; the rest is
    dropped); a word wider than that is cut between its characters."""
    out, line = [], ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, face, size) > measure:
            out.append(line)
            trial = word
        while len(out) < limit and len(trial) > 1 and text_width(trial[:400], face, size) > measure:
            low, high = 1, min(len(trial), 400)  # (a long address) the longest head that fits
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if text_width(trial[:mid], face, size) <= measure else (low, mid - 1)
            out.append(trial[:low])
            trial = trial[low:]
        line = trial
        if len(out) >= limit:
            return out[:limit]
    return out + [line] if line or not out else out


def _cut(canv, message: str) -> None:
    collector = active()
    if collector is not None:
        collector.add("truncated", canv.getPageNumber(), message, None)


def _cut_line(canv, line: str) -> None:
    _cut(canv, f"a line of the back cover does not fit its page and is cut short (“{line[:50]}”)")


def _fitted(canv, text: str, style, width: float, room: float, smallest: float, field: str):
    """A paragraph of `text` at most `room` high: in `style`, or set smaller, step by step down to
    `smallest` pt (its leading in proportion). (paragraph, height); if even that is too high, it
    is reported and drawn at the smallest size."""
    size = style.fontSize
    while True:
        fitted = style if size == style.fontSize else style.clone(
            f"{style.name}_{size}", fontSize=size, leading=size * style.leading / style.fontSize)
        para = Paragraph(plain(text), fitted)
        _, h = para.wrap(width, 10_000)
        if h <= room or size <= smallest:
            break
        size = max(smallest, size - 2)
    if h > room + 0.5:
        _cut(canv, f"the cover's {field} does not fit its place, even set at {smallest:g} pt (“{text[:40]}”)")
    return para, h


def _lines_fitted(canv, text: str, face: str, sizes, measure: float, most: int, field: str):
    """(size, lines): `text` on at most `most` lines of `measure`, at the first of `sizes` that holds it
    all; at the last size, what does not fit is cut and reported."""
    for size in sizes:
        lines = wrapped(text, face, size, measure, limit=most)
        if " ".join(lines).split() == text.split():
            return size, lines
    _cut(canv, f"the cover's {field} does not fit its place and is cut short (“{text[:40]}”)")
    return size, lines


def fitted_head(text: str, face: str, size: float, room: float) -> str:
    """`text` in at most `room` pt: whole, or cut at a word with an ellipsis (for page
    furniture, a running head, whose whole text is printed elsewhere: the cover, the contents)."""
    if text_width(text, face, size) <= room:
        return text
    words = text.split(" ")
    while len(words) > 1 and text_width(" ".join(words) + "…", face, size) > room:
        words.pop()
    head = " ".join(words)
    while len(head) > 1 and text_width(head + "…", face, size) > room:
        head = head[:-1]
    return head.rstrip() + "…"
