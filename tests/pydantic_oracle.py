"""The manifest, front-matter and theme schemas as they were written with pydantic (2.x), kept
only as the oracle of tests/test_fields_oracle.py: src/newsletter_cli/schema.py and theme.py
validate with the plain `newsletter_cli.fields` engine, which must give the same errors, the
same problems and the same values. Copied from schema.py and theme.py before the change; not
to be edited to make a test pass.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError, field_validator

from newsletter_cli.errors import Location, Problem
from newsletter_cli.yamlsafe import locate

SECTION_KINDS = ("foreword", "features", "essays", "reports")
RATIO = re.compile(r"^\d+(\.\d+)?:\d+(\.\d+)?$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_email(value: str) -> str:
    from newsletter_cli.links import email_problem

    if email_problem(value):
        raise ValueError(f"'{value}' {email_problem(value)}")
    return value


def _check_website(value: str) -> str:
    from newsletter_cli.links import url_problem

    problem = url_problem(value, schemes=("https", "http"))
    if problem:
        raise ValueError(f"website '{value}' {problem}")
    return value


Email = Annotated[str, AfterValidator(_check_email)]


def _check_visible(value: str) -> str:
    """A required text (a title, a name) must print something: not only spaces, zero-width
    characters, joiners or other invisible format characters."""
    import unicodedata

    if not any(not (ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me"))
               for ch in value):
        raise ValueError("has no visible character (only spaces or invisible characters such as U+200B)")
    return value


Visible = Annotated[str, AfterValidator(_check_visible)]
Website = Annotated[str, AfterValidator(_check_website)]


class Author(Strict):
    name: Visible = Field(min_length=1)
    role: str | None = None
    email: Email | None = None


class Signature(Strict):
    closing: str | None = None
    name: Visible = Field(min_length=1)
    title: str | None = None


class Picture(Strict):
    """A lead image given in front matter (body figures use Markdown image syntax)."""

    src: str = Field(min_length=1)
    caption: str | None = None
    credit: str | None = None
    width: str = "100%"
    ratio: str = "3:2"
    alt: str | None = None  # alternative text: what the picture shows, for those who cannot see it

    @field_validator("width")
    @classmethod
    def _width(cls, value):
        return check_width(value)

    @field_validator("ratio")
    @classmethod
    def _ratio(cls, value):
        return check_ratio(value)


def check_width(value: str) -> str:
    match = re.fullmatch(r"(\d{1,3})%", value.strip())
    if not match or not 10 <= int(match.group(1)) <= 100:
        raise ValueError(f"width '{value}' must be a share of the column from 10% to 100%")
    return value.strip()


def check_date(value):
    """A calendar date written YYYY-MM-DD: not a number (pydantic reads those as Unix time)."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"'{value}' has a time of day; write the date alone, as YYYY-MM-DD")
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"'{value.strip()}' is not a valid date ({exc})") from None
    if not isinstance(value, dt.date):
        shown = f"'{value}'" if isinstance(value, str) else describe(value)
        raise ValueError(f"{shown} is not a date: write it as YYYY-MM-DD, e.g. 2024-03-31")
    if not 1900 <= value.year <= 2999:
        raise ValueError(f"{value.isoformat()} is not a plausible publication date")
    return value


def check_ratio(value: str) -> str:
    if not RATIO.match(value.strip()):
        raise ValueError(f"ratio '{value}' must look like 3:2 (width:height)")
    w, h = (float(x) for x in value.split(":"))
    if w <= 0 or h <= 0 or not 0.2 <= w / h <= 5:
        raise ValueError(f"ratio '{value}' must be between 1:5 and 5:1")
    return value.strip()


class FrontMatter(Strict):
    title: Visible = Field(min_length=1, max_length=300)
    subtitle: str | None = None
    source: str | None = None
    authors: list[Author] = []
    dateline: str | None = None
    image: Picture | None = None
    signature: Signature | None = None
    summary: str | None = None


class InlineArticle(FrontMatter):
    body: str = ""


class FileArticle(Strict):
    file: str = Field(min_length=1)


def _article_kind(value) -> str:
    if isinstance(value, dict):
        return "FileArticle" if "file" in value else "InlineArticle"
    return "PathArticle"


# A path, {file: path}, or an inline article: the discriminator picks one, so an error in an
# entry is reported once, against the form the author meant.
ArticleRef = Annotated[
    Union[Annotated[str, Tag("PathArticle")], Annotated[FileArticle, Tag("FileArticle")],
          Annotated[InlineArticle, Tag("InlineArticle")]],
    Discriminator(_article_kind),
]


class Section(Strict):
    kind: Literal["foreword", "features", "essays", "reports"]
    title: Visible = Field(min_length=1, max_length=120)
    articles: list[ArticleRef] = Field(min_length=1)


class Publisher(Strict):
    name: Visible = Field(min_length=1)
    address: list[str] = []
    website: Website | None = None
    email: Email | None = None
    phone: str | None = None


class Cover(Strict):
    headline: str | None = None
    highlights: list[str] = []


class Manifest(Strict):
    publication: Visible = Field(min_length=1, max_length=120)
    tagline: str | None = None
    number: int = Field(ge=1, le=99999, strict=True)
    period: str = Field(min_length=1)
    date: dt.date
    language: str = "en"
    theme: str = "rocb"
    paper: Literal["A4", "Letter"] = "A4"
    publisher: Publisher
    keywords: list[str] = []
    cover: Cover = Cover()
    sections: list[Section] = Field(min_length=1)

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value):
        return check_date(value)

    @field_validator("language")
    @classmethod
    def _language(cls, value):
        if not re.fullmatch(r"[a-z]{2,3}([-_][A-Za-z]{2,4})?", value):
            raise ValueError(f"language '{value}' must be a language tag such as en, en-GB, fr")
        return value


def _fields(model: type[BaseModel], path) -> list[str]:
    """Known keys of the model that `path` (a pydantic loc without the bad key) points into."""
    import typing

    current: type[BaseModel] | None = model
    skip_key = False
    for step in path:
        if current is None:
            return []
        if isinstance(step, int):
            continue
        if skip_key:  # the key of a dict-valued field, e.g. type: {body: …}
            skip_key = False
            continue
        field = current.model_fields.get(step)
        if field is None:
            # union branches are named after the model (e.g. 'InlineArticle')
            found = globals().get(step)
            current = found if isinstance(found, type) and issubclass(found, BaseModel) else None
            continue
        skip_key = typing.get_origin(field.annotation) is dict
        current = _model_of(field.annotation)
    return list(current.model_fields) if current is not None else []


def _model_of(annotation):
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def describe(value) -> str:
    """How a YAML value looks to the person who wrote it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value of another kind"


_BRANCHES = frozenset({"PathArticle", "FileArticle", "InlineArticle", "function-after", "function-before",
                       "function-wrap", "function-plain"})


def _data_path(loc: tuple) -> tuple:
    return tuple(step for step in loc if not (isinstance(step, str) and step in _BRANCHES))


def _close_key(bad: str, known: list[str]) -> str | None:
    lower = bad.strip().lower()
    if lower in known:
        return lower
    close = difflib.get_close_matches(bad, known, n=1, cutoff=0.6) or \
        difflib.get_close_matches(lower, known, n=1, cutoff=0.6)
    return close[0] if close else None


def key_hint(bad: str, known: list[str]) -> str | None:
    """"did you mean" for an unknown key: a close known key, the same key in lower case, or the list."""
    close = _close_key(bad, known)
    if close:
        return (f"keys are lower case: did you mean '{close}'?" if bad.strip().lower() != bad
                else f"did you mean '{close}'?")
    return f"known keys here: {', '.join(known)}" if known else None


def problems_from(exc: ValidationError, model: type[BaseModel], data, filename: str,
                  line_offset: int = 0) -> list[Problem]:
    problems: list[Problem] = []
    seen: set = set()
    errors = exc.errors()
    # a misspelt required key ('titel') is one mistake: its "unknown key" error says what was
    # meant, and the "missing required key" of the same mapping is not reported beside it
    meant = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            path = _data_path(tuple(error["loc"]))
            if path:
                close = _close_key(str(path[-1]), _fields(model, tuple(error["loc"])[:-1]))
                if close:
                    meant.add(path[:-1] + (close,))
    for error in errors:
        loc = tuple(error["loc"])
        # union branch tags (e.g. 'InlineArticle') are not keys of the data; a key of the data
        # may well start with a capital ('Tagline:'), so only the names of branches are left out
        data_path = _data_path(loc)
        kind = error["type"]
        where = locate(data, data_path) or (1, 1)
        line, col = where[0] + line_offset, where[1]
        key = ".".join(str(s) for s in data_path) or "(top level)"
        hint = None
        if kind == "extra_forbidden":
            bad = data_path[-1] if data_path else loc[-1]
            known = _fields(model, loc[:-1])
            hint = key_hint(str(bad), known)
            message = f"unknown key '{bad}'"
        elif kind == "missing" and data_path in meant:
            continue
        elif kind == "missing":
            message = f"missing required key '{data_path[-1]}'"
            parent = data_path[:-1]
            line, col = (locate(data, parent) or (1, 1))
            line += line_offset
        elif kind == "literal_error":
            message = f"{key}: {error['msg'].replace('Input should be', 'must be')}, not {error['input']!r}"
            expected = re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))
            close = difflib.get_close_matches(str(error["input"]), expected, n=1, cutoff=0.5)
            if not close:
                close = [e for e in expected if str(error["input"]).casefold() == e.casefold()]
            hint = f"did you mean '{close[0]}'?" if close else None
        elif kind == "model_type" or kind == "dict_type":
            message = f"{key}: expected a mapping of keys, not {describe(error['input'])}"
        else:
            msg = error["msg"].replace("Value error, ", "").replace("Input should be", "must be")
            message = f"{key}: {msg}"
        ident = (line, col, message)
        if ident in seen:
            continue
        seen.add(ident)
        problems.append(Problem(message, Location(filename, line, col), "error", f"schema-{kind}", hint))
    return problems


# --- the theme (theme.py) ----------------------------------------------------------------------

from newsletter_cli.theme import COLOUR_NAMES, FONT_ROLES, STYLE_NAMES  # noqa: E402  (names, not models)

MM = 72 / 25.4
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|mm|cm|in)?\s*$")
_UNITS = {"pt": 1.0, None: 1.0, "mm": MM, "cm": 10 * MM, "in": 72.0}
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


FontRole = Literal["serif", "sans", "sans_semibold", "display", "mono"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(value)):
        raise ValueError(f"'{value}' must be a colour written #RRGGBB")
    return value


Colour = Annotated[str, AfterValidator(_check_colour)]


class FontFamily(_Strict):
    regular: str
    italic: str
    bold: str
    bold_italic: str
    # font files tried in order for a character these faces lack (the theme's `fallback` if not given)
    fallback: list[str] | None = None


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
        return length(value, 0, 200)


class PageSpec(_Strict):
    model_config = ConfigDict(extra="forbid", validate_default=True)
    margins: Margins
    header_offset: float | str = "11mm"
    footer_offset: float | str = "10mm"

    @field_validator("header_offset", "footer_offset")
    @classmethod
    def _len(cls, value):
        return length(value, 0, 200)


class LayoutSpec(_Strict):
    model_config = ConfigDict(extra="forbid", validate_default=True)
    columns: Literal[1, 2, 3] = 1
    measure: float | str | None = None
    gutter: float | str = "6mm"
    article_break: Literal["page", "none"] = "page"

    @field_validator("measure", "gutter")
    @classmethod
    def _len(cls, value):
        return None if value is None else length(value)  # geometry checks what room it leaves


class Hyphenation(_Strict):
    min_word_length: int = Field(6, ge=2, le=40)


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


class Justification(_Strict):
    """How far justified lines may space their letters apart or close them up, in ems."""

    model_config = ConfigDict(extra="forbid", validate_default=True)
    letter_stretch: float | str = "2%"
    letter_shrink: float | str = "1%"

    @field_validator("letter_stretch")
    @classmethod
    def _stretch(cls, value):
        return _share_of_em(value, 0.1)

    @field_validator("letter_shrink")
    @classmethod
    def _shrink(cls, value):
        return _share_of_em(value, 0.05)


class ThemeFile(_Strict):
    name: str
    logo: str
    fonts: dict[FontRole, FontFamily]
    fallback: list[str] = []  # font files tried in order for characters a family's faces lack
    colours: dict[str, Colour]
    type: dict[str, TypeStyle]
    hyphenation: Hyphenation = Hyphenation()
    justification: Justification = Justification()
    page: PageSpec
    layouts: dict[Literal["foreword", "features", "essays", "reports"], LayoutSpec]

    @field_validator("colours")
    @classmethod
    def _colours(cls, value):
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

