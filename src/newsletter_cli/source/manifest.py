"""Load an issue: the YAML manifest and every article it lists, into the content model.

All problems of all files are collected and raised together as one NewsletterError, so an
editor sees every mistake in one run: a schema error in the manifest does not stop the
articles from being read, and a bad front matter does not stop its body from being checked.
Warnings (missing photos…) are returned with the issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsletter_cli import sources
from newsletter_cli.content import model
from newsletter_cli.content.images import check_image, no_alt
from newsletter_cli.content.inline import emojized
from newsletter_cli.content.typography import quotes_for, smart
from newsletter_cli.content.markdown import Context, parse_markdown
from newsletter_cli.errors import NewsletterError, Problem, Report
from newsletter_cli.paths import assets_dir, display_path, resolve_reference
from newsletter_cli.source import schema
from newsletter_cli.source.fields import Invalid
from newsletter_cli.source.frontmatter import (FRONT_MATTER, TOML_FRONT_MATTER, from_other_tools, has_front_matter,
                                               split_front_matter, untitled)
from newsletter_cli.source.yamlsafe import LocatedDict, LocatedList, load_yaml, read_text

MAX_ARTICLE_BYTES = 1_000_000


# Text the layout prints, by its place in the manifest or front matter ("*": every item of a
# list). The glyph check looks at exactly these, and at every article body.
MANIFEST_PRINTED = (("publication",), ("tagline",), ("period",), ("cover", "headline"),
                    ("cover", "highlights", "*"), ("publisher", "name"), ("publisher", "website"),
                    ("publisher", "email"), ("publisher", "phone"), ("publisher", "address"), ("publisher", "address", "*"),
                    ("sections", "*", "title"), *(("labels", key) for key in schema.Labels.FIELDS if key != "months"),
                    ("labels", "months", "*"))
ARTICLE_PRINTED = (("title",), ("subtitle",), ("summary",), ("source",), ("dateline",), ("authors",), ("authors", "*"),
                   ("authors", "*", "name"),
                   ("authors", "*", "role"), ("authors", "*", "email"), ("signature", "closing"),
                   ("signature", "name"), ("signature", "title"), ("image", "caption"), ("image", "credit"))
UPPERCASED = {("tagline",), ("publisher", "name"), ("sections", "*", "title"), ("labels", "in_this_issue"),
              ("labels", "published_by"), ("labels", "about_this_issue")}  # the cover and contents


@dataclass
class Printed:
    """A piece of text the layout prints, and where its key or item is in its file."""

    text: str
    file: str
    line: int
    col: int


@dataclass
class Loaded:
    """Everything that could be read of an issue, even when it has errors: what the later checks
    (fonts, resolution, links) look at. `issue` is set only when the issue has no errors."""

    manifest_file: str
    base_dir: Path
    issue: model.Issue | None = None
    theme: str | None = None  # the theme named by the manifest, if that is a name at all
    theme_at: tuple[int | None, int | None] = (None, None)  # where the manifest names it
    paper: str = "A4"
    articles: list[tuple[str | None, model.Article]] = field(default_factory=list)  # (section kind, article)
    printed: list[Printed] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)  # file as shown -> its lines
    anchors: set[str] = field(default_factory=set)  # in-document link targets: section and article slugs
    images: dict[Path, tuple] = field(default_factory=dict)  # image file -> (problem, pixels): images.check_image


def load_issue(manifest_path: Path) -> tuple[model.Issue, list[Problem]]:
    """Read and check the manifest and its articles. Raises NewsletterError with all errors."""
    report = Report()
    loaded = read_issue(manifest_path, report)
    report.raise_if_errors()
    assert loaded.issue is not None
    return loaded.issue, report.warnings


def read_issue(manifest_path: Path, report: Report) -> Loaded:
    """Read the manifest and every article it lists, adding every problem found to `report`.

    Never raises NewsletterError: a mistake in one place does not hide the mistakes elsewhere.
    """
    errors_before = len(report.errors)
    sources.STORE.use(str(manifest_path))  # the parsed texts remembered for this issue
    shown = display_path(manifest_path)
    base = manifest_path.parent
    loaded = Loaded(shown, base)
    try:
        text = read_text(manifest_path, shown)
        if not text.strip():
            raise NewsletterError.at(shown, "manifest is empty", 1, 1, code="empty")
        loaded.sources[shown] = text.split("\n")
        data = load_yaml(text, shown)
        if not isinstance(data, LocatedDict):
            raise NewsletterError.at(shown, "manifest must be a mapping of keys (publication, number, "
                                     f"sections…), not {schema.describe(data)}", 1, 1, code="schema")
    except NewsletterError as exc:
        report.extend(exc.problems)
        return loaded
    manifest = None
    try:
        manifest = schema.Manifest.validate(data)
    except Invalid as exc:
        report.extend(schema.problems_from(exc, schema.Manifest, data, shown))

    theme = data.get("theme", "rocb")
    loaded.theme = theme.strip() if isinstance(theme, str) and theme.strip() else None
    loaded.theme_at = data.where("theme") if "theme" in data else (None, None)
    loaded.paper = data.get("paper") if data.get("paper") in ("A4", "Letter") else "A4"
    number = data.get("number")
    if isinstance(number, int) and not isinstance(number, bool):
        _check_number(number, manifest_path, data, shown, report)
    loaded.printed += printed_values(data, MANIFEST_PRINTED, shown)

    roots = [base, assets_dir()]
    language = data.get("language") if isinstance(data.get("language"), str) else None
    quotes = quotes_for(language)
    sections: list[model.Section] = []
    titles: dict[str, tuple[str, int]] = {}
    slugs: set[str] = set()
    for raw_section in _items(data.get("sections")):
        if not isinstance(raw_section, LocatedDict):
            continue
        kind = raw_section.get("kind") if raw_section.get("kind") in schema.SECTION_KINDS else None
        raw_articles = raw_section.get("articles")
        articles = []
        for a_index, raw in enumerate(_items(raw_articles)):
            line, col = raw_articles.where(a_index)
            try:
                ref = schema.article_ref(raw)
            except Invalid:
                continue  # reported by the manifest's schema check
            article = _load_article(ref, raw, base, roots, shown, line, col, report, loaded, language)
            if article is None:
                continue
            key = article.title.casefold()
            if key in titles:
                report.error(shown, f"duplicate article title '{article.title}' (also in "
                             f"{titles[key][0]}, line {titles[key][1]})", line, col, code="duplicate-title")
            titles[key] = (article.source_file, line)
            article.slug = unique_name(article.slug, slugs)
            articles.append(article)
            loaded.articles.append((kind, article))
        title = raw_section.get("title")
        section_slug = unique_name("section-" + slugify(title if isinstance(title, str) else ""), slugs)
        if manifest is not None:
            sections.append(model.Section(kind, _printed(title.strip(), quotes), articles, section_slug))
    loaded.anchors = set(slugs)
    sources.STORE.used_all()  # every text of the issue was asked for: older versions can go
    if manifest is None or len(report.errors) > errors_before:
        return loaded

    pub = manifest.publisher
    loaded.issue = model.Issue(
        manifest_file=shown, base_dir=base, publication=manifest.publication, tagline=_printed(manifest.tagline, quotes),
        number=manifest.number, period=manifest.period, date=manifest.date, language=manifest.language,
        theme=manifest.theme, paper=manifest.paper,
        publisher=model.Publisher(pub.name, list(pub.address), pub.website, pub.email, pub.phone),
        keywords=list(manifest.keywords), headline=_printed(manifest.cover.headline, quotes),
        highlights=[_printed(text, quotes) for text in manifest.cover.highlights], sections=sections,
        labels={key: getattr(manifest.labels, key) for key in schema.Labels.FIELDS})
    return loaded


def _items(value) -> list:
    return value if isinstance(value, LocatedList) else []


def printed_values(data, paths, file: str) -> list[Printed]:
    """The strings at `paths` in located YAML data, with the line and column of each."""
    found: list[Printed] = []

    def walk(node, path, where, whole):
        if not path:
            if isinstance(node, str) and node:
                found.append(Printed(node, file, *where))
                if whole in UPPERCASED:
                    found.append(Printed(node.upper(), file, *where))
            return
        step, rest = path[0], path[1:]
        if step == "*":
            if isinstance(node, LocatedList):
                for index, item in enumerate(node):
                    walk(item, rest, node.where(index), whole)
        elif isinstance(node, LocatedDict) and step in node:
            walk(node[step], rest, node.where(step), whole)

    if isinstance(data, LocatedDict):
        for path in paths:
            walk(data, path, data.mark, tuple(path))
    return found


def _check_number(number: int, path: Path, data, shown, report: Report) -> None:
    digits = re.match(r"^0*(\d+)", path.stem)
    if digits and int(digits.group(1)) != number:
        line, col = data.where("number")
        report.error(shown, f"number {number} disagrees with the file name '{path.name}'",
                     line, col, code="number", hint=f"rename the file or set number: {int(digits.group(1))}")


def _close_file(base: Path, ref: str) -> str | None:
    """"did you mean" for an article file that is not there: a close name in the folder it names."""
    import difflib
    import os

    folder, _, name = ref.replace("\\", "/").rpartition("/")
    try:
        with os.scandir(base / folder if folder else base) as entries:
            names = [e.name for e in entries if e.name.endswith((".md", ".markdown"))][:2000]
    except (OSError, ValueError):
        return None
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return f"did you mean '{folder + '/' if folder else ''}{close[0]}'?" if close else None


def _body_offset(raw) -> int:
    """Lines before the first line of an inline article's body, for located errors."""
    if not isinstance(raw, LocatedDict) or "body" not in raw:
        return 0
    key_line = raw.where("body")[0]
    value = raw["body"]
    # a block scalar (body: |) starts on the next line; a one-line value on the key's line
    return key_line if isinstance(value, str) and "\n" in value else key_line - 1


# articles listed as the files contributors sent: what they are, for the error that says so
NOT_MARKDOWN = {".docx": "a Word document", ".doc": "a Word 97-2003 document", ".odt": "an OpenDocument text",
                ".rtf": "a Rich Text document", ".pdf": "a PDF", ".pages": "a Pages document"}


def _load_article(ref, raw, base: Path, roots, manifest_file: str, line: int, col: int,
                  report: Report, loaded: Loaded | None = None, language: str | None = None) -> model.Article | None:
    quotes = quotes_for(language)
    if isinstance(ref, schema.InlineArticle):
        lines = loaded.sources.get(manifest_file) if loaded else None
        ctx = Context(manifest_file, base, roots, report, line_offset=_body_offset(raw), source_lines=lines,
                      images=loaded.images if loaded else None, quotes=quotes)
        blocks = parse_markdown(ref.body, ctx)
        if loaded is not None:
            loaded.printed += printed_values(raw, ARTICLE_PRINTED, manifest_file)
        return _article(ref, blocks, manifest_file, slugify(ref.title), ctx)
    file_ref = ref.file if isinstance(ref, schema.FileArticle) else ref
    try:
        path = resolve_reference(file_ref, base, roots, manifest_file, line, col, what="article")
        shown = display_path(path)
        kind = NOT_MARKDOWN.get(path.suffix.lower())
        if kind is not None:
            markdown = display_path(path.with_suffix(".md"))
            hint = (f"turn it into an article with `newsletter import {shown} --output {markdown}`, then list "
                    f"{markdown} here" if path.suffix.lower() == ".docx" else
                    "save it as a Word document (.docx) and run `newsletter import`, or paste its text into a .md file")
            raise NewsletterError.at(manifest_file, f"article '{file_ref}' is {kind}, not Markdown text", line, col,
                                     code="article", hint=hint)
        text = read_text(path, shown, limit=MAX_ARTICLE_BYTES)
    except NewsletterError as exc:
        problems = exc.problems
        first = problems[0] if problems else None
        if first is not None and first.code == "missing" and first.message == "file not found":
            report.error(manifest_file, f"article file '{file_ref}' not found", line, col, code="missing",
                         hint=_close_file(base, file_ref))
        elif first is not None and first.location.line is None:  # not a regular file, a name too long…
            report.error(manifest_file, f"article file '{file_ref}' {first.message.removeprefix('path ')}",
                         line, col, code=first.code)
        else:
            report.extend(problems)
        return None
    if loaded is not None:
        loaded.sources[shown] = text.split("\n")
    key = (shown, str(path), tuple(map(str, roots)), text, language)
    found = _READ.get(key)
    if found is None:
        scratch, printed = Report(), []
        article = _read_article(text, path, shown, roots, scratch, printed, loaded.images if loaded else None,
                                language)
        found = (article, scratch.problems, printed)
        if article is not None and next(article.figures(), None) is None:  # the text alone decides it
            if len(_READ) >= MAX_READ:
                _READ.clear()
            _READ[key] = found
    article, problems, printed = found
    report.extend(problems)
    if loaded is not None:
        loaded.printed += printed
    return None if article is None else replace(article)  # read_issue makes its slug unique


# (file, path, roots, text, the issue's language) -> (article, problems, printed texts) of an article without pictures, read
# before in this process: `preview --watch` reads every article again after each save of one
_READ: dict = {}
MAX_READ = 512


def _read_article(text: str, path: Path, shown: str, roots, report: Report, printed: list,
                  images: dict | None, language: str | None) -> model.Article | None:
    meta = meta_data = None
    try:
        meta_data, body, offset = split_front_matter(text, shown)
    except NewsletterError as exc:
        if has_front_matter(text):
            # still check the body: below a broken front matter
            report.extend(exc.problems)
            match = FRONT_MATTER.match(text) or TOML_FRONT_MATTER.match(text)
            body, offset = (text[match.end():], text.count("\n", 0, match.end())) if match else (text, 0)
        else:  # a README or a mail: its first '# Heading' is the title
            meta_data, body, offset = untitled(text, path.stem, shown, report)
    if meta_data is not None:
        meta_data = from_other_tools(meta_data, shown, report, language)
        try:
            meta = schema.FrontMatter.validate(meta_data)
        except Invalid as exc:
            report.extend(schema.problems_from(exc, schema.FrontMatter, meta_data, shown))
        printed += printed_values(meta_data, ARTICLE_PRINTED, shown)
    ctx = Context(shown, path.parent, roots, report, line_offset=offset, images=images, quotes=quotes_for(language))
    blocks = parse_markdown(body, ctx)
    if meta is None:
        return None
    slug = slugify(re.sub(r"^\d+[-_ ]*", "", path.stem) or meta.title)
    return _article(meta, blocks, shown, slug, ctx, meta_data)


def _article(meta, blocks, shown, slug, ctx: Context, meta_data=None) -> model.Article:
    lead = None
    if meta.image is not None:
        img_line = meta_data.where("image")[0] + 1 if isinstance(meta_data, LocatedDict) else ctx.line_offset
        resolved = check_image(meta.image.src, ctx, img_line)
        w, h = (float(x) for x in meta.image.ratio.split(":"))
        lead = model.Figure(img_line, meta.image.src, resolved,
                            [model.Span(smart(meta.image.caption, ctx.quotes))] if meta.image.caption else [],
                            _printed(meta.image.credit, ctx.quotes), int(meta.image.width[:-1]) / 100, w / h,
                            " ".join(meta.image.alt.split()) if meta.image.alt else None)
        if lead.alt is None and resolved is not None:
            no_alt(ctx, img_line, None, meta.image.src)
    subtitle = meta.subtitle
    if meta.summary and subtitle is None:
        subtitle = meta.summary  # a summary, as blogs write one, stands as the article's standfirst
    elif meta.summary:
        line, col = meta_data.where("summary") if isinstance(meta_data, LocatedDict) else (ctx.line_offset, 1)
        ctx.report.warning(shown, "the article has a subtitle and a summary: only the subtitle is printed", line,
                           col, code="front-matter", hint="fold the summary into the subtitle or the first paragraph")
    q = ctx.quotes
    return model.Article(  # (:shortcodes: and typed quotes in the printed fields too, as in the body)
        slug=slug, source_file=shown, title=_printed(meta.title, q), subtitle=_printed(subtitle, q),
        source=_printed(meta.source, q),
        authors=[model.Author(_printed(a.name, q), _printed(a.role, q), a.email) for a in meta.authors],
        dateline=_printed(meta.dateline, q), lead_image=lead,
        signature=model.Signature(_printed(meta.signature.name, q), _printed(meta.signature.closing, q),
                                  _printed(meta.signature.title, q)) if meta.signature else None,
        blocks=blocks,
        field_lines={key: meta_data.where(key)[0] for key in meta_data}
        if isinstance(meta_data, LocatedDict) else {})


def _printed(text: str | None, quotes: str) -> str | None:
    """A printed field as the body's text is printed: :shortcodes: as emoji, typed quotes set."""
    return None if text is None else smart(emojized(text), quotes)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:60] or "article"


def unique_name(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`… the first that is not `taken`; taken from now on."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate

