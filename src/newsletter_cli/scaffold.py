"""`newsletter new 077`: start the next issue from the newest one.

The new manifest keeps what belongs to the publication (name, tagline, language, theme, paper,
publisher, keywords) and the section structure (kinds and titles); it advances the number, the
period (by a quarter per issue when it reads like "January–March 2022") and the date, and puts
placeholders on the cover. Each section gets one template article that says what goes where.
Nothing is overwritten: an existing manifest or folder of that number stops the command.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from newsletter_cli.errors import NewsletterError, printable

MONTHS = list(calendar.month_name)[1:]
ABBR = list(calendar.month_abbr)[1:]
PERIOD = re.compile(r"^\s*(?P<a>[A-Za-z]+)\.?(?P<sep>\s*(?:[–—-]|to)\s*)(?P<b>[A-Za-z]+)\.?\s+(?P<year>\d{4})\s*$")
QUARTER = re.compile(r"^\s*(?P<q>Q)(?P<n>[1-4])(?P<sep>\s+)(?P<year>\d{4})\s*$", re.I)


@dataclass
class NewIssue:
    manifest: Path
    folder: Path
    source: Path
    articles: list[Path]
    warnings: list[str] = field(default_factory=list)


# --- period and date ----------------------------------------------------------------------------

def _month_index(name: str) -> tuple[int, list[str]] | None:
    key = name.casefold()
    for names in (MONTHS, ABBR):
        for i, month in enumerate(names):
            if month.casefold() == key:
                return i, names
    return None


def advance_period(period: str, quarters: int = 1) -> str | None:
    """'January–March 2022' -> 'April–June 2022'; 'Q4 2022' -> 'Q1 2023'; None when the period
    does not look like a quarter (then the caller keeps it and warns)."""
    match = QUARTER.match(period)
    if match:
        total = int(match["year"]) * 4 + int(match["n"]) - 1 + quarters
        return f"{match['q']}{total % 4 + 1}{match['sep']}{total // 4}"
    match = PERIOD.match(period)
    if not match:
        return None
    first, last = _month_index(match["a"]), _month_index(match["b"])
    if first is None or last is None:
        return None
    (a, names_a), (b, names_b) = first, last
    if (b - a) % 12 != 2:  # a quarter spans three months
        return None
    year = int(match["year"])
    end = year * 12 + b + 3 * quarters
    start = end - 2
    if start // 12 != end // 12:  # e.g. November–January: not in the "Month–Month YYYY" form
        return (f"{names_a[start % 12]} {start // 12}{match['sep']}"
                f"{names_b[end % 12]} {end // 12}")
    return f"{names_a[start % 12]}{match['sep']}{names_b[end % 12]} {end // 12}"


def advance_date(date: dt.date, months: int) -> dt.date:
    """`date` plus `months` months; the last day of a month stays the last day (31 Mar -> 30 Jun)."""
    total = date.year * 12 + date.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    at_end = date.day == calendar.monthrange(date.year, date.month)[1]
    return dt.date(year, month, last if at_end else min(date.day, last))


# --- templates ----------------------------------------------------------------------------------

TEMPLATE_NAMES = {"foreword": "foreword", "features": "feature", "essays": "essay", "reports": "report"}

GUIDANCE = {
    "foreword": "Replace this paragraph with the foreword: a short letter to the readers from the "
                "head of the office, in plain paragraphs. The closing and the signature come from "
                "the front matter above; keep the title as the section title so that the foreword "
                "opens directly under the band.",
    "features": "Replace this paragraph with the feature article. The first paragraph is set as "
                "the lead, so make it a summary of the story. Sub-headings start with two hash "
                "signs; a photo goes alone in its own paragraph, with its caption, credit and size "
                "(see the README). Set source to the contributor. For another feature, copy this "
                "file and add it to the {title} section of the manifest.",
    "essays": "Replace this paragraph with the essay. Fill in the author's name and role in the "
              "front matter (add an email line for a contact link); the byline box is built from "
              "them. Sub-headings start with two hash signs; boxes and pull quotes are described in "
              "the README. For another essay, copy this file and add it to the {title} section of "
              "the manifest.",
    "reports": "Replace this paragraph with the report: what happened, who took part, what was "
               "agreed, in two to four short paragraphs. Put the date and place of the meeting in "
               "the dateline. For each further report, copy this file and add it to the {title} "
               "section of the manifest; reports run on in two columns.",
}


def template_article(kind: str, section_title: str, number: int, signature: dict | None = None) -> str:
    """A short Markdown article with valid front matter and one paragraph of guidance."""
    front: dict = {}
    if kind == "foreword":
        front["title"] = section_title
        if signature:
            front["signature"] = signature
        else:
            front["signature"] = {"closing": "Kind regards,", "name": "[Name of the head of office]",
                                  "title": "[Their position]"}
    else:
        front["title"] = f"[Title of the {TEMPLATE_NAMES.get(kind, 'article')}, issue {number}]"
    if kind == "features":
        front["source"] = "[Contributor, e.g. the office or college that sent the story]"
    if kind == "essays":
        front["authors"] = [{"name": "[Author's name]", "role": "[Role, organisation]"}]
    if kind == "reports":
        front["dateline"] = "[Day Month Year, City Country]"
    head = _dump(front)
    body = GUIDANCE.get(kind, GUIDANCE["features"]).format(title=section_title)
    return f"---\n{head}---\n\n{body}\n"


def _dump(data) -> str:
    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):  # the reader refuses anchors and aliases
            return True

    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                     width=100)


# --- the new issue ------------------------------------------------------------------------------

def _plain(value):
    """The loader's located mappings and lists, as plain dicts and lists for the dumper."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def read_manifest(path: Path) -> dict:
    from newsletter_cli.paths import display_path
    from newsletter_cli.source import schema
    from newsletter_cli.source.fields import Invalid
    from newsletter_cli.source.yamlsafe import LocatedDict, load_yaml, read_text

    shown = display_path(path)
    data = load_yaml(read_text(path, shown), shown)
    if not isinstance(data, LocatedDict):
        raise NewsletterError.at(shown, "manifest must be a mapping of keys", 1, 1, code="schema")
    try:
        schema.Manifest.validate(data)
    except Invalid as exc:
        raise NewsletterError(schema.problems_from(exc, schema.Manifest, data, shown)) from None
    return data


def _foreword_signature(source: Path, data: dict) -> dict | None:
    """The signature of the previous foreword: the head of office usually signs again."""
    from newsletter_cli.source.frontmatter import split_front_matter

    for section in data.get("sections", []):
        if section.get("kind") != "foreword":
            continue
        for ref in section.get("articles", []):
            file = ref if isinstance(ref, str) else ref.get("file") if isinstance(ref, dict) else None
            if isinstance(ref, dict) and "signature" in ref:
                return _plain(ref["signature"])
            if not file:
                continue
            try:
                from newsletter_cli.paths import resolve_reference
                from newsletter_cli.source.yamlsafe import read_text

                path = resolve_reference(str(file), source.parent, [source.parent], file, what="article")
                meta, _, _ = split_front_matter(read_text(path, file), file)
            except (OSError, UnicodeDecodeError, NewsletterError):
                continue
            if isinstance(meta, dict) and isinstance(meta.get("signature"), dict):
                return _plain(meta["signature"])
    return None


def new_issue(number_text: str, source: Path) -> NewIssue:
    """Create the manifest and article folder of issue `number_text` beside `source`."""
    if not re.fullmatch(r"\d{1,5}", number_text.strip()) or int(number_text) < 1:
        raise NewsletterError.at(number_text, "the issue number must be a whole number such as 077")
    number = int(number_text)
    digits = re.match(r"^\d+", source.stem)
    width = max(len(number_text.strip()), len(digits.group(0)) if digits else 3)
    stem = f"{number:0{width}d}"
    base = source.parent
    manifest_path, folder = base / f"{stem}.yaml", base / stem
    existing = [p for p in (manifest_path, base / f"{stem}.yml", folder) if os.path.lexists(p)]
    if existing:
        raise NewsletterError.at(str(existing[0]), f"issue {stem} already exists; nothing was written",
                                 code="exists", hint="choose another number, or remove it first")

    data = read_manifest(source)
    old_number = int(data["number"])
    steps = number - old_number
    warnings: list[str] = []
    period, date = str(data["period"]), data["date"]
    if steps >= 1:
        moved = advance_period(period, steps)
        if moved is None:
            warnings.append(f"period '{period}' does not look like 'January–March 2022': kept it; "
                            f"edit period in {manifest_path}")
        else:
            period = moved
        if isinstance(date, dt.date):
            date = advance_date(date, 3 * steps)
    else:
        warnings.append(f"issue {number} does not follow issue {old_number}, the issue it starts from"
                        + (" (going backwards)" if steps < 0 else "")
                        + f": period and date kept; edit them in {manifest_path}")

    signature = _foreword_signature(source, data)
    sections, files = [], {}
    for i, section in enumerate(data["sections"]):
        kind, title = str(section["kind"]), str(section["title"])
        name = f"{i:02d}-{TEMPLATE_NAMES.get(kind, 'article')}.md"
        files[name] = template_article(kind, title, number, signature if kind == "foreword" else None)
        sections.append({"kind": kind, "title": title, "articles": [f"{stem}/{name}"]})

    keep = ("publication", "tagline")
    manifest: dict = {k: _plain(data[k]) for k in keep if k in data}
    manifest["number"] = number
    manifest["period"] = period
    manifest["date"] = date
    for key in ("language", "theme", "paper", "publisher", "keywords", "labels"):
        if key in data:
            manifest[key] = _plain(data[key])
    manifest["cover"] = {"headline": f"[Headline of issue {number}: the main story in a few words]",
                         "highlights": ["[Highlight 1: the lead story]", "[Highlight 2]",
                                        "[Highlight 3]"]}
    manifest["sections"] = sections
    text = (f"# {manifest.get('publication', 'Newsletter')} No. {number}: the manifest, started from "
            f"{source.name} by `newsletter new`.\n"
            "# Replace every [bracketed placeholder], in this file and in the articles; review the keywords.\n"
            + _dump(manifest))

    # write the folder under a temporary name, then move it in place: never half an issue
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{stem}.", dir=base))
    except OSError as exc:  # a folder that cannot be written to (read-only, immutable, full)
        raise NewsletterError.at(str(folder), f"cannot create the issue folder: {exc.strerror or exc}",
                                 code="output") from None
    try:
        os.chmod(tmp, 0o755)
        for name, body in files.items():
            (tmp / name).write_text(body, encoding="utf-8")
        os.replace(tmp, folder)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise NewsletterError.at(str(folder), f"cannot create the issue folder: {exc.strerror}",
                                 code="output") from None
    try:
        from newsletter_cli.pdf.write import write_atomic

        write_atomic(manifest_path, text.encode("utf-8"))
    except NewsletterError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return NewIssue(manifest_path, folder, source, [folder / n for n in files], warnings)


def command(number: str, source: Path | None) -> int:
    """`newsletter new`: exit 0 created, 1 refused (exists, bad source), 2 no source issue."""
    import typer

    from newsletter_cli.paths import display_path
    from newsletter_cli.preview import newest_manifest

    if source is None:
        source = newest_manifest()
        if source is None:
            typer.echo("error: no issue under issues/ to start from; give one with --from", err=True)
            return 2
    try:
        created = new_issue(number, source)
    except NewsletterError as exc:
        from newsletter_cli import diagnostics

        diagnostics.show(exc.problems, sys.stderr)
        return 1
    manifest, folder = display_path(created.manifest), display_path(created.folder)
    data = yaml.safe_load(created.manifest.read_text(encoding="utf-8"))
    say = lambda text, err=False: typer.echo(printable(text), err=err)  # noqa: E731 - user text, escaped
    say(f"created {manifest} and {folder}/ ({len(created.articles)} template articles), "
        f"from {display_path(source)}")
    say(f"  number {data['number']}, period {data['period']}, date {data['date']}")
    for warning in created.warnings:
        say(f"warning: {warning}", err=True)
    kinds = [s["kind"] for s in data["sections"]]
    focus = next((k for k in ("essays", "features") if kinds.count(k) == 1), kinds[0])
    typer.echo("next:")
    say(f"  edit {manifest}: the [bracketed] cover headline and highlights, and the keywords")
    say(f"  write the articles in {folder}/ (copy a template for each further article and list it)")
    say(f"  newsletter preview --section {focus} {manifest} --watch")
    say(f"  newsletter validate {manifest}")
    say(f"  newsletter build {manifest}")
    return 0
