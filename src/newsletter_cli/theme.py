"""The brand theme: fonts, colours, type scale and page grid, read from YAML data.

No ReportLab here: lengths are converted to PostScript points, colours checked as #RRGGBB,
font files checked to exist and to be TrueType (ReportLab embeds only TrueType outlines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from newsletter_cli.errors import NewsletterError, Report
from newsletter_cli.paths import assets_dir, resolve_reference
from newsletter_cli.schema import problems_from
from newsletter_cli.yamlsafe import LocatedDict, load_yaml, read_text

MM = 72 / 25.4
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|mm|cm|in)?\s*$")
_UNITS = {"pt": 1.0, None: 1.0, "mm": MM, "cm": 10 * MM, "in": 72.0}
COLOUR_NAMES = ("primary", "secondary", "accent", "ink", "muted", "rule", "tint", "paper")
FONT_ROLES = ("serif", "sans", "sans_semibold", "display")
STYLE_NAMES = ("body", "report_body", "lead", "title", "report_title", "subtitle", "h2", "h3", "kicker",
               "meta", "caption", "table", "running", "section")


def length(value) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    match = _LENGTH.match(str(value))
    if not match:
        raise ValueError(f"'{value}' is not a length (use pt, mm, cm or in, e.g. 20mm)")
    return float(match.group(1)) * _UNITS[match.group(2)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FontFamily(_Strict):
    regular: str
    italic: str
    bold: str
    bold_italic: str


class TypeStyle(_Strict):
    font: Literal["serif", "sans", "sans_semibold", "display"]
    size: float
    leading: float

    @field_validator("size", "leading")
    @classmethod
    def _positive(cls, value):
        if not 4 <= value <= 120:
            raise ValueError(f"{value} is outside 4..120 pt")
        return value


class Margins(_Strict):
    top: float | str
    bottom: float | str
    inner: float | str
    outer: float | str

    @field_validator("*")
    @classmethod
    def _len(cls, value):
        points = length(value)
        if not 0 <= points <= 200:
            raise ValueError(f"margin {value} is outside 0..200 pt")
        return points


class PageSpec(_Strict):
    model_config = ConfigDict(extra="forbid", validate_default=True)
    margins: Margins
    header_offset: float | str = "11mm"
    footer_offset: float | str = "10mm"

    @field_validator("header_offset", "footer_offset")
    @classmethod
    def _len(cls, value):
        return length(value)


class LayoutSpec(_Strict):
    model_config = ConfigDict(extra="forbid", validate_default=True)
    columns: Literal[1, 2, 3] = 1
    measure: float | str | None = None
    gutter: float | str = "6mm"
    article_break: Literal["page", "none"] = "page"

    @field_validator("measure", "gutter")
    @classmethod
    def _len(cls, value):
        return None if value is None else length(value)


class Hyphenation(_Strict):
    min_word_length: int = 6


class ThemeFile(_Strict):
    name: str
    logo: str
    fonts: dict[Literal["serif", "sans", "sans_semibold", "display"], FontFamily]
    colours: dict[str, str]
    type: dict[str, TypeStyle]
    hyphenation: Hyphenation = Hyphenation()
    page: PageSpec
    layouts: dict[Literal["foreword", "features", "essays", "reports"], LayoutSpec]

    @field_validator("colours")
    @classmethod
    def _colours(cls, value):
        for name, colour in value.items():
            if not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(colour)):
                raise ValueError(f"colour {name} '{colour}' must be #RRGGBB")
        return _require(value, COLOUR_NAMES, "colours")

    @field_validator("type")
    @classmethod
    def _type(cls, value):
        return _require(value, STYLE_NAMES, "type styles")

    @field_validator("fonts")
    @classmethod
    def _fonts(cls, value):
        return _require(value, FONT_ROLES, "font families")


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


def find_theme(name: str, issue_dir: Path, manifest_file: str) -> Path:
    if name.endswith((".yaml", ".yml")):
        return resolve_reference(name, issue_dir, [issue_dir], manifest_file, what="theme")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise NewsletterError.at(manifest_file, f"theme '{name}' is not a theme name or a .yaml file",
                                 code="theme")
    path = assets_dir() / "themes" / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in (assets_dir() / "themes").glob("*.yaml"))
        raise NewsletterError.at(manifest_file, f"unknown theme '{name}'", code="theme",
                                 hint=f"available: {', '.join(known)}")
    return path


def load_theme(path: Path, shown: str | None = None) -> Theme:
    shown = shown or str(path)
    data = load_yaml(read_text(path, shown), shown)
    if not isinstance(data, LocatedDict):
        raise NewsletterError.at(shown, "theme must be a mapping of keys", 1, 1, code="theme")
    try:
        spec = ThemeFile.model_validate(data)
    except ValidationError as exc:
        raise NewsletterError(problems_from(exc, ThemeFile, data, shown)) from None
    base = assets_dir() if path.resolve().parent == (assets_dir() / "themes").resolve() else path.parent
    roots = [base, assets_dir()]
    report = Report()
    fonts: dict[str, dict[str, Path]] = {}
    for role, family in spec.fonts.items():
        fonts[role] = {}
        for style, ref in family.model_dump().items():
            line, col = data["fonts"][role].where(style)
            try:
                font = resolve_reference(ref, base, roots, shown, line, col, what="font")
            except NewsletterError as exc:
                report.extend(exc.problems)
                continue
            problem = check_font_file(font)
            if problem:
                report.error(shown, f"font '{ref}': {problem}", line, col, code="font")
            fonts[role][style] = font
    line, col = data.where("logo")
    logo = None
    try:
        logo = resolve_reference(spec.logo, base, roots, shown, line, col, what="logo")
        if not logo.is_file():
            report.error(shown, f"logo '{spec.logo}' not found", line, col, code="logo")
    except NewsletterError as exc:
        report.extend(exc.problems)
    report.raise_if_errors()
    return Theme(spec.name, shown, logo, fonts, dict(spec.colours), dict(spec.type),
                 spec.hyphenation.min_word_length, spec.page, dict(spec.layouts))


def check_font_file(path: Path) -> str | None:
    """Why the file cannot serve as an embedded TrueType font, or None if it looks right."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
        size = path.stat().st_size
    except FileNotFoundError:
        return "file not found"
    except OSError as exc:
        return f"cannot read ({exc.strerror})"
    if head[:4] == b"OTTO":
        return "is an OpenType/CFF font; only TrueType (.ttf with glyf outlines) can be embedded"
    if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
        return "is not a TrueType font file"
    if size < 1024:
        return "is truncated"
    from newsletter_cli.fontcheck import FontError, font_info

    try:
        font_info(path)  # the table directory, 'cmap' and the other tables ReportLab reads
    except FontError as exc:
        return str(exc)
    return None
