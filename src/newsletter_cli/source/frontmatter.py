"""An article's front matter, however its author's tool wrote it: located data and the body after it.

- YAML between `---` lines, as this project writes it;
- TOML between `+++` lines, as Hugo writes it (read with the standard library's `tomllib`);
- none at all, as a README or a mail is written: the first `# Heading` (or a heading
  underlined with `===`) is the title, or else the file's name is, with a warning.

The keys of blog and static-site tools are read as ours (`author`, `date`) or left out with one
warning (`tags`, `draft`…): `from_other_tools`.
"""

from __future__ import annotations

import datetime as dt
import re

from newsletter_cli.errors import NewsletterError, Report
from newsletter_cli.source import schema
from newsletter_cli.source.yamlsafe import LocatedDict, LocatedList, load_yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)
TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*\r?$\n?", re.S | re.M)
_ATX_TITLE = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RULE = re.compile(r"^ {0,3}=+[ \t]*$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.{1,500}?)(?<=\S)\1")  # (bounded: linear in a long line)


def split_front_matter(text: str, shown: str):
    """Return (front matter data, body, number of lines before the body)."""
    match = FRONT_MATTER.match(text)
    if not match:
        toml = TOML_FRONT_MATTER.match(text)
        if toml:
            return _toml(toml.group(1), shown), text[toml.end():], text.count("\n", 0, toml.end())
        hint = None
        if text.lstrip().startswith(("---", "+++")):
            hint = "the first line must be exactly '---', and another '---' line must close the front matter"
        raise NewsletterError.at(shown, "article must start with front matter: a '---' line, "
                                 "'title: …', and a closing '---' line", 1, 1, code="front-matter", hint=hint)
    data = load_yaml(match.group(1), shown, line_offset=1)
    if not isinstance(data, LocatedDict):
        raise NewsletterError.at(shown, "front matter must be a mapping of keys (title, authors, …), "
                                 f"not {schema.describe(data)}", 2, 1, code="front-matter")
    offset = text.count("\n", 0, match.end())
    return data, text[match.end():], offset


def has_front_matter(text: str) -> bool:
    """Whether `text` begins as front matter does (a `---` or `+++` line), well formed or not."""
    first = text.split("\n", 1)[0].strip()
    return first in ("---", "+++") or bool(re.fullmatch(r"-{3,}|\+{3,}", first))


def untitled(text: str, stem: str, shown: str, report: Report):
    """An article with no front matter: (data with its title, body, lines before the body).

    The title is the first line's `# Heading` (or a line underlined with `===`), taken out of
    the body; failing that, the file's name (`03-customs-integrity` is "Customs integrity"),
    with a warning, since a file name is seldom the title an editor wants printed."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    title = end = None
    if first is not None:
        atx = _ATX_TITLE.match(lines[first])
        if atx:
            title, end = atx.group(1), first + 1
        elif first + 1 < len(lines) and _SETEXT_RULE.match(lines[first + 1]) and not lines[first].startswith("    "):
            title, end = lines[first].strip(), first + 2
    data = LocatedDict()
    data.key_marks = {}
    if title is not None:
        data["title"] = _EMPHASIS.sub(r"\2", title).strip()
        data.mark = data.key_marks["title"] = (first + 1, 1)
        return data, "\n".join(lines[end:]), end
    words = re.sub(r"^\d+[-_ ]*", "", stem).replace("_", " ").replace("-", " ").split()
    data["title"] = " ".join(words)[:1].upper() + " ".join(words)[1:] if words else "Untitled"
    data.mark = data.key_marks["title"] = (1, 1)
    report.warning(shown, f"article has no front matter and no '# Title' line: its title is taken from the "
                   f"file name, '{data['title']}'", 1, 1, code="front-matter",
                   hint="begin the file with a '# Title' line, or front matter: '---', 'title: …', '---'")
    return data, text, 0


def _toml(text: str, shown: str):
    """TOML front matter (Hugo's `+++`) as located data: each top-level key at its own line."""
    try:
        import tomllib
    except ImportError:  # Python 3.10: the same parser, as a package (a dependency there)
        import tomli as tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(where.group(1)) + 1, int(where.group(2))) if where else (2, 1)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "invalid TOML"
        raise NewsletterError.at(shown, f"TOML front matter: {message}", line, col, code="front-matter") from None
    lines = text.split("\n")

    def line_of(key: str, default: int) -> int:
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=|"
                             rf"^\s*\[\[?\s*{re.escape(key)}\s*\]")
        return next((i + 2 for i, line in enumerate(lines) if pattern.match(line)), default)

    def located(value, mark):
        if isinstance(value, dict):
            out = LocatedDict((k, located(v, mark)) for k, v in value.items())
            out.mark, out.key_marks = mark, {k: mark for k in value}
            return out
        if isinstance(value, list):
            out = LocatedList(located(v, mark) for v in value)
            out.mark, out.item_marks = mark, [mark] * len(value)
            return out
        return value

    top = LocatedDict()
    top.mark, top.key_marks = (2, 1), {}
    for key, value in data.items():
        mark = (line_of(key, 2), 1)
        top[key], top.key_marks[key] = located(value, mark), mark
    return top


# keys the front matter of blog and static-site tools (Hugo, Jekyll, Eleventy…) writes: `author`
# and `date` stand for ours (`authors`, `dateline`), the others say nothing a newsletter prints
OTHER_TOOLS = {"author": "authors", "date": "dateline"}
NOT_PRINTED = frozenset({
    "draft", "tags", "categories", "description", "layout", "slug", "weight", "aliases", "keywords",
    "lastmod", "toc", "published", "publishdate", "expirydate", "type", "series", "comments",
    "permalink", "excerpt", "featured_image", "thumbnail", "lang", "language", "url", "id", "menu",
    "sitemap", "canonical_url", "og_image", "cover_image", "hero", "banner", "status"})


def from_other_tools(data: LocatedDict, shown: str, report: Report, language: str | None = None) -> LocatedDict:
    """The front matter with the keys of other tools' front matter taken as ours (`author` as
    `authors`, a `date` as the `dateline`, written as the issue's `language` writes dates, when
    ours is not given) or left out with one warning
    (tags, draft, categories…). Any other unknown key is still an error, with "did you mean"."""
    taken = [k for k in data if isinstance(k, str) and k.lower() in OTHER_TOOLS
             and OTHER_TOOLS[k.lower()] not in data]
    dropped = [k for k in data if isinstance(k, str) and k not in schema.FrontMatter.FIELDS and k not in taken
               and (k.lower() in NOT_PRINTED or k.lower() in OTHER_TOOLS)]  # (`date` beside a dateline)
    if not taken and not dropped:
        return data
    out = LocatedDict()
    out.mark, out.key_marks = data.mark, {}
    for key, value in data.items():
        if key in dropped:
            continue
        name = OTHER_TOOLS[key.lower()] if key in taken else key
        if name == "dateline" and isinstance(value, dt.date):
            value = _date(value, language)
        elif name == "dateline" and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # date: 2024
        out[name] = value
        out.key_marks[name] = data.where(key)
    if dropped:
        line, col = data.where(dropped[0])
        report.warning(shown, f"front matter key{'s' if len(dropped) > 1 else ''} "
                       f"{', '.join(repr(k) for k in dropped[:6])}{'…' if len(dropped) > 6 else ''} of another "
                       "tool: not printed in a newsletter, left out", line, col, code="front-matter",
                       hint="keep them if the file is also published elsewhere; the newsletter reads title, "
                            "subtitle, authors, dateline, source, image, signature and summary")
    return out


def _date(date: dt.date, language: str | None) -> str:
    """A front matter's date as a dateline: "28 March 2024", "28 mars 2024", "2024年3月28日"."""
    from newsletter_cli.content import labels

    words = labels.for_language(language or "en")
    if words["date"] == labels.for_language("en")["date"]:  # English's and those that write as it does
        return f"{date.day} {words['months'][date.month - 1]} {date.year}"
    return labels.date_text(words, date)
