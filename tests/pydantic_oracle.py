"""The manifest, front-matter and theme schemas as they were written with pydantic (2.x), kept
only as the oracle of tests/test_fields_oracle.py: src/newsletter_cli/source/schema.py and theme/brand.py
validate with the plain `newsletter_cli.source.fields` engine, which must give the same errors, the
same problems and the same values. Copied from schema.py and theme.py before the change (the
models; the checks they run on values and the making of problems from errors are imported from
schema.py and theme.py, being no part of what is compared); not to be edited to make a test pass.
Changed with the contract only: `authors` given as names (schema.author_names, 2026-12-03); the
manifest's `labels` (2026-12-04).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, field_validator

# the checks run on a value (after pydantic's own type checks) and the problems made of the
# errors are the schema's own: what is compared is how the errors are found, not these
from newsletter_cli.source.schema import (_article_kind, _check_email, _check_visible, _check_website, author_names,
                                   check_date, check_months, check_ratio, check_width)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Email = Annotated[str, AfterValidator(_check_email)]


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


class FrontMatter(Strict):
    title: Visible = Field(min_length=1, max_length=300)
    subtitle: str | None = None
    source: str | None = None
    authors: Annotated[list[Author], BeforeValidator(author_names)] = []
    dateline: str | None = None
    image: Picture | None = None
    signature: Signature | None = None
    summary: str | None = None


class InlineArticle(FrontMatter):
    body: str = ""


class FileArticle(Strict):
    file: str = Field(min_length=1)


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


class Labels(Strict):
    contents: str | None = None
    in_this_issue: str | None = None
    published_by: str | None = None
    about_this_issue: str | None = None
    web: str | None = None
    email: str | None = None
    phone: str | None = None
    number: str | None = None
    date: str | None = None
    months: Annotated[list[Annotated[str, Field(min_length=1)]], AfterValidator(check_months)] | None = None
    set_in: str | None = None
    also_in: str | None = None
    composed: str | None = None


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
    labels: Labels = Labels()
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


# --- the theme (theme.py) ----------------------------------------------------------------------

from newsletter_cli.theme.brand import (COLOUR_NAMES, FONT_ROLES, STYLE_NAMES, _check_colour,  # noqa: E402, F401
                                  _require, _share_of_em, length)


FontRole = Literal["serif", "sans", "sans_semibold", "display", "mono"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


