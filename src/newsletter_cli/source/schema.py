"""The manifest and front-matter schema, and its error messages.

The models are plain `fields.Record`s (see fields.py: a field table per model, validated
without pydantic). Every model forbids unknown keys, so a typo is reported with a did-you-mean
instead of being silently ignored. `problems_from` turns the validation errors into located
`Problem`s.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from newsletter_cli.content.images import check_ratio, check_width
from newsletter_cli.errors import Location, Problem
from newsletter_cli.source.fields import (Before, Date, Field, Int, Invalid, ListOf, Model, Nullable, OneOf, Record, Str,
                                   Tagged)
from newsletter_cli.source.yamlsafe import locate

SECTION_KINDS = ("foreword", "features", "essays", "reports")


def _check_email(value: str) -> str:
    from newsletter_cli.content.links import email_problem

    if email_problem(value):
        raise ValueError(f"'{value}' {email_problem(value)}")
    return value


def _check_website(value: str) -> str:
    from newsletter_cli.content.links import url_problem

    problem = url_problem(value, schemes=("https", "http"))
    if problem:
        raise ValueError(f"website '{value}' {problem}")
    return value


def _check_visible(value: str) -> str:
    """A required text (a title, a name) must print something: not only spaces, zero-width
    characters, joiners or other invisible format characters."""
    import unicodedata

    if not any(not (ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me"))
               for ch in value):
        raise ValueError("has no visible character (only spaces or invisible characters such as U+200B)")
    return value


def _text(min_length: int | None = None, max_length: int | None = None, after=()) -> Str:
    """Text with its surrounding white space removed (every text of the manifest and front matter)."""
    return Str(strip=True, min_length=min_length, max_length=max_length, after=after)


def _visible(max_length: int | None = None) -> Str:
    return _text(1, max_length, after=(_check_visible,))


def _optional(after=()) -> Field:
    return Field(Nullable(_text(after=after)), None)


def check_date(value):
    """A calendar date written YYYY-MM-DD: not a number (a date library would read those as Unix time)."""
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


def _check_language(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}([-_][A-Za-z]{2,4})?", value):
        raise ValueError(f"language '{value}' must be a language tag such as en, en-GB, fr")
    return value


def author_names(value):
    """`authors` may name its authors as text: `authors: Jane Doe`, or a list whose items are
    names or mappings (`- Jane Doe`, `- name: Ali Hassan` with a `role`)."""
    if isinstance(value, str):
        return [{"name": value}]
    if isinstance(value, list):
        return [{"name": item} if isinstance(item, str) else item for item in value]
    return value


class Author(Record):
    name = Field(_visible())
    role = _optional()
    email = _optional(after=(_check_email,))


class Signature(Record):
    closing = _optional()
    name = Field(_visible())
    title = _optional()


class Picture(Record):
    """A lead image given in front matter (body figures use Markdown image syntax)."""

    src = Field(_text(1))
    caption = _optional()
    credit = _optional()
    width = Field(_text(after=(check_width,)), "100%")
    ratio = Field(_text(after=(check_ratio,)), "3:2")
    alt = _optional()  # alternative text: what the picture shows, for those who cannot see it


class FrontMatter(Record):
    title = Field(_visible(300))
    subtitle = _optional()
    source = _optional()
    authors = Field(Before(author_names, ListOf(Model(Author))), [])
    dateline = _optional()
    image = Field(Nullable(Model(Picture)), None)
    signature = Field(Nullable(Model(Signature)), None)
    summary = _optional()


class InlineArticle(FrontMatter):
    body = Field(_text(), "")


class FileArticle(Record):
    file = Field(_text(1))


def _article_kind(value) -> str:
    if isinstance(value, dict):
        return "FileArticle" if "file" in value else "InlineArticle"
    return "PathArticle"


def _article_ref(strip: bool) -> Tagged:
    # A path, {file: path}, or an inline article: the tag picks one, so an error in an entry is
    # reported once, against the form the author meant.
    return Tagged(_article_kind, {"PathArticle": Str(strip=strip), "FileArticle": Model(FileArticle),
                                  "InlineArticle": Model(InlineArticle)})


ARTICLE_REF = _article_ref(strip=False)  # an entry of `articles` on its own: a path as written


def article_ref(raw):
    """The path (str), FileArticle or InlineArticle an entry of `articles` stands for; Invalid if none."""
    errors: list = []
    value = ARTICLE_REF.check(raw, (), errors)
    if errors:
        raise Invalid(errors)
    return value


class Section(Record):
    kind = Field(OneOf(*SECTION_KINDS))
    title = Field(_visible(120))
    articles = Field(ListOf(_article_ref(strip=True), min_length=1))


class Publisher(Record):
    name = Field(_visible())
    address = Field(ListOf(_text()), [])
    website = _optional(after=(_check_website,))
    email = _optional(after=(_check_email,))
    phone = _optional()


class Cover(Record):
    headline = _optional()
    highlights = Field(ListOf(_text()), [])


def check_months(value):
    """Twelve month names, January's first (the labels' `months`)."""
    if len(value) != 12:
        raise ValueError(f"give the twelve month names, January's first, not {len(value)}")
    return value


class Labels(Record):
    """The words the layout prints of its own, where the issue's language has other ones than the
    built-in table's (content/labels.py)."""
    contents = _optional()
    in_this_issue = _optional()
    published_by = _optional()
    about_this_issue = _optional()
    web = _optional()
    email = _optional()
    phone = _optional()
    number = _optional()
    date = _optional()
    months = Field(Nullable(ListOf(_text(1), after=(check_months,))), None)
    set_in = _optional()
    also_in = _optional()
    composed = _optional()


class Manifest(Record):
    publication = Field(_visible(120))
    tagline = _optional()
    number = Field(Int(strict=True, ge=1, le=99999))
    period = Field(_text(1))
    date = Field(Before(check_date, Date()))
    language = Field(_text(after=(_check_language,)), "en")
    theme = Field(_text(), "rocb")
    paper = Field(OneOf("A4", "Letter"), "A4")
    publisher = Field(Model(Publisher))
    keywords = Field(ListOf(_text()), [])
    cover = Field(Model(Cover), Cover())
    labels = Field(Model(Labels), Labels())
    sections = Field(ListOf(Model(Section), min_length=1))


def _known_keys(model: type[Record], path) -> list[str]:
    """Known keys of the model that `path` (an error's loc without the bad key) points into."""
    current: type[Record] | None = model
    skip_key = False
    for step in path:
        if current is None:
            return []
        if isinstance(step, int):
            continue
        if skip_key:  # the key of a dict-valued field, e.g. type: {body: …}
            skip_key = False
            continue
        field = current.FIELDS.get(step)
        if field is None:
            # union branches are named after the model (e.g. 'InlineArticle')
            found = globals().get(step)
            current = found if isinstance(found, type) and issubclass(found, Record) else None
            continue
        skip_key = field.type.is_dict
        current = field.type.model
    return list(current.FIELDS) if current is not None else []


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


def problems_from(exc: Invalid, model: type[Record], data, filename: str,
                  line_offset: int = 0, fields=None) -> list[Problem]:
    """The located problems of a validation's errors. `fields(model, loc)`: the keys known where
    an error's loc points (this schema's by default; the tests' pydantic oracle gives its own)."""
    _fields = fields or _known_keys
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
