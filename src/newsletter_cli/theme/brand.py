"""The brand theme: fonts, colours, type scale and page grid, read from YAML data.

No ReportLab here: lengths are converted to PostScript points, colours checked as #RRGGBB,
font files checked to exist and to be TrueType (ReportLab embeds only TrueType outlines).
The theme file's models are plain field tables validated by fields.py (no pydantic).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from newsletter_cli.errors import NewsletterError, Problem, Report
from newsletter_cli.paths import assets_dir, exists, resolve_reference
from newsletter_cli.source.fields import (REQUIRED, DictOf, Field, Float, FloatOrStr, Int, Invalid, ListOf, Model, Nullable,
                                   OneOf, Record, Str)
from newsletter_cli.source.schema import problems_from
from newsletter_cli.source.yamlsafe import LocatedDict, load_yaml, read_text

MM = 72 / 25.4
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|mm|cm|in)?\s*$")
_UNITS = {"pt": 1.0, None: 1.0, "mm": MM, "cm": 10 * MM, "in": 72.0}
COLOUR_NAMES = ("primary", "secondary", "accent", "ink", "muted", "rule", "tint", "paper")
FONT_ROLES = ("serif", "sans", "sans_semibold", "display")  # required; "mono" (code) is optional
FONT_ROLE = OneOf("serif", "sans", "sans_semibold", "display", "mono")
STYLE_NAMES = ("body", "report_body", "lead", "title", "report_title", "subtitle", "h2", "h3", "kicker",
               "meta", "caption", "table", "running", "section")
# Page sizes in points, as ReportLab has them (this module does not import ReportLab).
PAGE_SIZES = {"A4": (595.2755905511812, 841.8897637795277), "Letter": (612.0, 792.0)}
MIN_COLUMN = 100.0  # pt: narrower than this, a column cannot set a line of text
MIN_CONTRAST = 4.5  # WCAG 2, level AA, for text of normal size
# Text colour on background colour, as the layout uses them (layout/styles.py, pages.py, blocks.py).
# A tuple of text colours: the first the theme defines is used (optional colours fall back, as in
# layout/styles.palette: accent_text and highlight fall back to accent).
TEXT_ON_COLOUR = (
    (("ink",), "paper", "body text"),
    (("ink",), "tint", "text in callout boxes"),
    (("primary",), "paper", "titles, headings and the lead"),
    (("primary",), "tint", "table group rows and byline names"),
    (("secondary",), "paper", "subtitles, '###' headings, links and pull quotes"),
    (("secondary",), "tint", "callout titles and links in callouts"),
    (("muted",), "paper", "datelines, captions and running heads"),
    (("muted",), "tint", "byline roles"),
    (("accent_text", "accent"), "paper", "kickers, folios and contents page numbers"),
    (("accent_text", "accent"), "tint", "numbers and deleted lines in code blocks"),
    (("highlight", "accent"), "primary", "the issue number and website on the cover"),
    (("paper",), "primary", "section bands, table headers and the cover"),
)


MAX_LENGTH = 1000.0  # points (353 mm): no length of a page is longer


def length(value, low: float = 0.0, high: float = MAX_LENGTH) -> float:
    """A length in points, finite and from `low` to `high` (.nan, .inf and -1mm are refused)."""
    import math

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        points = float(value)
    else:
        match = _LENGTH.match(str(value))
        if not match:
            raise ValueError(f"'{value}' is not a length (use pt, mm, cm or in, e.g. 20mm)")
        points = float(match.group(1)) * _UNITS[match.group(2)]
    if not math.isfinite(points) or not low <= points <= high:
        raise ValueError(f"length {value} is outside {low:g}..{high:g} pt")
    return points


def _check_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(value)):
        raise ValueError(f"'{value}' must be a colour written #RRGGBB")
    return value


# The theme's models: fields.Record field tables (no white space is stripped from theme values).

class FontFamily(Record):
    regular = Field(Str())
    italic = Field(Str())
    bold = Field(Str())
    bold_italic = Field(Str())
    # font files tried in order for a character these faces lack (the theme's `fallback` if not given)
    fallback = Field(Nullable(ListOf(Str())), None)


def _type_size(value):
    if not 4 <= value <= 120:
        raise ValueError(f"{value} is outside 4..120 pt")
    return value


class TypeStyle(Record):
    font = Field(OneOf("serif", "sans", "sans_semibold", "display"))
    size = Field(Float(after=(_type_size,)))
    leading = Field(Float(after=(_type_size,)))


def _page_length(value) -> float:
    return length(value, 0, 200)


def _page(default=None) -> Field:
    """A length on the page from 0 to 200 pt: a number of points, or text such as 11mm."""
    return Field(FloatOrStr(after=(_page_length,)), REQUIRED if default is None else default,
                 validate_default=default is not None)


class Margins(Record):
    top = _page()
    bottom = _page()
    inner = _page()
    outer = _page()


class PageSpec(Record):
    margins = Field(Model(Margins))
    header_offset = _page("11mm")
    footer_offset = _page("10mm")


def _measure(value):
    return None if value is None else length(value)  # geometry checks what room it leaves


class LayoutSpec(Record):
    columns = Field(OneOf(1, 2, 3), 1, validate_default=True)
    measure = Field(Nullable(FloatOrStr(), after=(_measure,)), None, validate_default=True)
    gutter = Field(FloatOrStr(after=(_measure,)), "6mm", validate_default=True)
    article_break = Field(OneOf("page", "none"), "page", validate_default=True)


class Hyphenation(Record):
    min_word_length = Field(Int(ge=2, le=40), 6)


def _share_of_em(value, limit: float) -> float:
    """'2%' or 0.02 -> 0.02 (of an em), within 0..limit."""
    text = str(value).strip()
    try:
        share = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise ValueError(f"'{value}' must be a share of an em, such as 2%") from None
    if not 0 <= share <= limit:
        raise ValueError(f"{value} is outside 0..{limit:.0%} of an em")
    return share


class Justification(Record):
    """How far justified lines may space their letters apart or close them up, in ems."""

    letter_stretch = Field(FloatOrStr(after=(lambda value: _share_of_em(value, 0.1),)), "2%", validate_default=True)
    letter_shrink = Field(FloatOrStr(after=(lambda value: _share_of_em(value, 0.05),)), "1%", validate_default=True)


def _required(names, what: str):
    return lambda value: _require(value, names, what)


class ThemeFile(Record):
    name = Field(Str())
    logo = Field(Str())
    fonts = Field(DictOf(FONT_ROLE, Model(FontFamily), after=(_required(FONT_ROLES, "font families"),)))
    fallback = Field(ListOf(Str()), [])  # font files tried in order for characters a family's faces lack
    colours = Field(DictOf(Str(), Str(after=(_check_colour,)), after=(_required(COLOUR_NAMES, "colours"),)))
    type = Field(DictOf(Str(), Model(TypeStyle), after=(_required(STYLE_NAMES, "type styles"),)))
    hyphenation = Field(Model(Hyphenation), Hyphenation())
    justification = Field(Model(Justification), Justification())
    page = Field(Model(PageSpec))
    layouts = Field(DictOf(OneOf("foreword", "features", "essays", "reports"), Model(LayoutSpec)))


def _require(value: dict, names, what: str) -> dict:
    missing = [n for n in names if n not in value]
    if missing:
        raise ValueError(f"{what} missing: {', '.join(missing)}")
    return value


@dataclass
class Theme:
    name: str
    file: str
    logo: Path
    fonts: dict[str, dict[str, Path]]  # role -> style -> file
    colours: dict[str, str]
    type: dict[str, TypeStyle]
    hyphen_min: int
    page: PageSpec
    layouts: dict[str, LayoutSpec]
    warnings: list[Problem] = field(default_factory=list)  # e.g. colours of too little contrast
    tracking: tuple[float, float] = (0.02, 0.01)  # letter spacing of justified lines: stretch, shrink (ems)
    fallback: dict[str, list[Path]] = field(default_factory=dict)  # role -> files tried for missing characters


def find_theme(name: str, issue_dir: Path, manifest_file: str, line: int | None = None,
               col: int | None = None) -> Path:
    """The theme file `name` stands for (a shipped theme, or a .yaml file beside the manifest);
    errors are located at (`line`, `col`) of the manifest, where the theme is named."""
    if name.endswith((".yaml", ".yml")):
        return resolve_reference(name, issue_dir, [issue_dir], manifest_file, line, col, what="theme")
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name):
        raise NewsletterError.at(manifest_file, f"theme '{name[:80]}{'…' if len(name) > 80 else ''}' is not a "
                                 "theme name (letters, digits, - and _, at most 64) or a .yaml file",
                                 line, col, code="theme")
    path = assets_dir() / "themes" / f"{name}.yaml"
    if not exists(path):
        import difflib

        known = sorted(p.stem for p in (assets_dir() / "themes").glob("*.yaml"))
        close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
        raise NewsletterError.at(manifest_file, f"unknown theme '{name}'", line, col, code="theme",
                                 hint=f"did you mean '{close[0]}'?" if close else f"available: {', '.join(known)}")
    return path


def load_theme(path: Path, shown: str | None = None) -> Theme:
    shown = shown or str(path)
    data = load_yaml(read_text(path, shown), shown)
    if not isinstance(data, LocatedDict):
        raise NewsletterError.at(shown, "theme must be a mapping of keys", 1, 1, code="theme")
    try:
        spec = ThemeFile.validate(data)
    except Invalid as exc:
        raise NewsletterError(problems_from(exc, ThemeFile, data, shown)) from None
    base = assets_dir() if path.resolve().parent == (assets_dir() / "themes").resolve() else path.parent
    roots = [base, assets_dir()]
    report = Report()
    fonts: dict[str, dict[str, Path]] = {}
    def font_file(ref: str, line, col, tables: bool = True) -> Path | None:
        try:
            font = resolve_reference(ref, base, roots, shown, line, col, what="font")
        except NewsletterError as exc:
            report.extend(exc.problems)
            return None
        problem = check_font_file(font, tables)
        if problem:
            report.error(shown, f"font '{ref}': {problem}", line, col, code="font")
        return font

    chain: list[Path] = []
    for index, ref in enumerate(spec.fallback):
        found = font_file(ref, *data["fallback"].where(index), tables=False)
        if found is not None:
            chain.append(found)
    fonts: dict[str, dict[str, Path]] = {}
    fallback: dict[str, list[Path]] = {}
    for role, family in spec.fonts.items():
        fonts[role] = {}
        for style, ref in family.as_dict(exclude={"fallback"}).items():
            font = font_file(ref, *data["fonts"][role].where(style))
            if font is not None:
                fonts[role][style] = font
        fallback[role] = chain
        if family.fallback is not None:
            own = data["fonts"][role]["fallback"]
            fallback[role] = [f for f in (font_file(ref, *own.where(i), tables=False)
                                          for i, ref in enumerate(family.fallback)) if f is not None]
    line, col = data.where("logo")
    logo = None
    try:
        logo = resolve_reference(spec.logo, base, roots, shown, line, col, what="logo")
        if not exists(logo):
            report.error(shown, f"logo '{spec.logo}' not found", line, col, code="logo")
    except NewsletterError as exc:
        report.extend(exc.problems)
    if logo is not None and exists(logo):
        problem = check_logo_file(logo)
        if problem:
            report.error(shown, f"logo '{spec.logo}': {problem}", line, col, code="logo")
    _check_type(spec, data, shown, report)
    _check_geometry(spec, data, shown, report)
    _check_contrast(spec, data, shown, report)
    report.raise_if_errors()
    return Theme(spec.name, shown, logo, fonts, dict(spec.colours), dict(spec.type),
                 spec.hyphenation.min_word_length, spec.page, dict(spec.layouts), report.warnings,
                 (spec.justification.letter_stretch, spec.justification.letter_shrink), fallback)


def _check_type(spec: ThemeFile, data, shown: str, report: Report) -> None:
    for name, style in spec.type.items():
        if style.leading < style.size:
            line, col = data["type"].where(name)
            report.warning(shown, f"type style '{name}': leading {style.leading:g} pt is less than its size "
                           f"{style.size:g} pt, so its lines overlap", line, col, code="type",
                           hint=f"a leading of about {style.size * 1.2:.1f} pt is usual")


def column_width(spec, paper: str, kind: str) -> float:
    """Width in points of one text column of a section kind, as the layout computes it."""
    width = PAGE_SIZES[paper][0] - spec.page.margins.inner - spec.page.margins.outer
    layout = spec.layouts.get(kind)
    if layout is not None and layout.measure and layout.measure < width:
        width = layout.measure
    if layout is not None and layout.columns > 1:
        width = (width - layout.gutter * (layout.columns - 1)) / layout.columns
    return width


def frame_height(spec, paper: str) -> float:
    return PAGE_SIZES[paper][1] - spec.page.margins.top - spec.page.margins.bottom


def _check_geometry(spec: ThemeFile, data, shown: str, report: Report) -> None:
    """Margins, measures and gutters that leave no room for text, on either paper size."""
    for paper in PAGE_SIZES:
        height = frame_height(spec, paper)
        if height < 4 * MIN_COLUMN:
            line, col = data["page"].where("margins")
            report.error(shown, f"the top and bottom margins leave {height / MM:.0f} mm of a {paper} page for "
                         "text", line, col, code="geometry", hint="make the margins smaller")
            return
        for kind in spec.layouts:
            width = column_width(spec, paper, kind)
            if width < MIN_COLUMN:
                line, col = data["layouts"].where(kind)
                report.error(shown, f"a column of the {kind} layout is {width / MM:.0f} mm wide on {paper} "
                             f"paper: too narrow for text (at least {MIN_COLUMN / MM:.0f} mm)", line, col,
                             code="geometry", hint="use fewer columns, a smaller gutter or smaller margins")
                return


def relative_luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours, 1.0 to 21.0."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _check_contrast(spec: ThemeFile, data, shown: str, report: Report) -> None:
    colours = spec.colours
    for candidates, background, used_for in TEXT_ON_COLOUR:
        text = next((name for name in candidates if name in colours), None)
        if text is None or background not in colours:
            continue
        ratio = contrast_ratio(colours[text], colours[background])
        if ratio < MIN_CONTRAST:
            line, col = data["colours"].where(text)
            report.warning(shown, f"{text} text on {background} ({used_for}) has a contrast of {ratio:.2f}:1, "
                           f"below the {MIN_CONTRAST}:1 that WCAG 2 asks for", line, col, code="contrast",
                           hint=f"make {text} darker or {background} lighter")


def check_logo_file(path: Path) -> str | None:
    """Why the logo cannot be drawn (the layout draws a small SVG subset), or None."""
    import xml.etree.ElementTree as ET

    from newsletter_cli.paths import Unreadable, read_regular

    try:
        root = ET.fromstring(read_regular(path, 200_000))
    except Unreadable as exc:
        return "is larger than 200 kB" if exc.code == "size" else exc.reason
    except ET.ParseError as exc:
        return f"is not a well-formed SVG file ({exc})"
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return "is not an SVG file"
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else "?"
        if tag not in ("svg", "title", "desc", "g", "circle", "rect", "path"):
            return f"uses the SVG element <{tag}>; only circle, rect and path can be drawn"
    return None


def check_font_file(path: Path, tables: bool = True) -> str | None:
    """Why the file cannot serve as an embedded TrueType font, or None if it looks right.

    Without `tables`, only what its first bytes say (a fallback font, read whole only by a build
    that has a character for it: a corrupt one then draws nothing, and the glyph check says so)."""
    from newsletter_cli.paths import Unreadable, open_regular

    try:
        with open_regular(path) as handle:
            head = handle.read(12)
            size = os.fstat(handle.fileno()).st_size
    except Unreadable as exc:
        return exc.reason
    except OSError as exc:
        return f"cannot read ({exc.strerror})"
    if head[:4] == b"OTTO":
        return "is an OpenType/CFF font; only TrueType (.ttf with glyf outlines) can be embedded"
    if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
        return "is not a TrueType font file"
    if size < 1024:
        return "is truncated"
    if not tables:
        from newsletter_cli.theme.fontcheck import MAX_FONT_BYTES

        return f"is {size:,} bytes; the limit is {MAX_FONT_BYTES:,} bytes" if size > MAX_FONT_BYTES else None
    from newsletter_cli.theme.fontcheck import FontError, font_info

    try:
        font_info(path)  # the table directory, 'cmap' and the other tables ReportLab reads
    except FontError as exc:
        return str(exc)
    return None
