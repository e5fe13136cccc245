"""Load an issue: the YAML manifest and every article it lists, into the content model.

All problems of all files are collected and raised together as one NewsletterError, so an
editor sees every mistake in one run. Warnings (missing photos…) are returned with the issue.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from newsletter_cli import model, schema
from newsletter_cli.content import Context, check_image, parse_markdown
from newsletter_cli.errors import NewsletterError, Problem, Report
from newsletter_cli.paths import assets_dir, resolve_reference
from newsletter_cli.yamlsafe import LocatedDict, load_yaml, read_text

MAX_ARTICLE_BYTES = 1_000_000
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_issue(manifest_path: Path) -> tuple[model.Issue, list[Problem]]:
    """Read and check the manifest and its articles. Raises NewsletterError with all errors."""
    shown = display_path(manifest_path)
    text = read_text(manifest_path, shown)
    if not text.strip():
        raise NewsletterError.at(shown, "manifest is empty", 1, 1, code="empty")
    data = load_yaml(text, shown)
    if not isinstance(data, LocatedDict):
        raise NewsletterError.at(shown, "manifest must be a mapping of keys (publication, number, sections…), "
                                 f"not {schema.describe(data)}", 1, 1, code="schema")
    try:
        manifest = schema.Manifest.model_validate(data)
    except ValidationError as exc:
        raise NewsletterError(schema.problems_from(exc, schema.Manifest, data, shown)) from None

    report = Report()
    base = manifest_path.parent
    roots = [base, assets_dir()]
    _check_number(manifest, manifest_path, data, shown, report)

    sections: list[model.Section] = []
    titles: dict[str, tuple[str, int]] = {}
    slugs: set[str] = set()
    for s_index, section in enumerate(manifest.sections):
        articles = []
        for a_index, ref in enumerate(section.articles):
            line, col = data["sections"][s_index]["articles"].where(a_index)
            raw = data["sections"][s_index]["articles"][a_index]
            article = _load_article(ref, raw, base, roots, shown, line, col, report)
            if article is None:
                continue
            key = article.title.casefold()
            if key in titles:
                report.error(shown, f"duplicate article title '{article.title}' (also in "
                             f"{titles[key][0]}, line {titles[key][1]})", line, col, code="duplicate-title")
            titles[key] = (article.source_file, line)
            article.slug = _unique(article.slug, slugs)
            articles.append(article)
        sections.append(model.Section(section.kind, section.title, articles,
                                      _unique("section-" + slugify(section.title), slugs)))
    report.raise_if_errors()

    pub = manifest.publisher
    issue = model.Issue(
        manifest_file=shown, base_dir=base, publication=manifest.publication, tagline=manifest.tagline,
        number=manifest.number, period=manifest.period, date=manifest.date, language=manifest.language,
        theme=manifest.theme, paper=manifest.paper,
        publisher=model.Publisher(pub.name, list(pub.address), pub.website, pub.email, pub.phone),
        keywords=list(manifest.keywords), headline=manifest.cover.headline,
        highlights=list(manifest.cover.highlights), sections=sections)
    return issue, report.warnings


def _check_number(manifest, path: Path, data, shown, report: Report) -> None:
    digits = re.match(r"^0*(\d+)", path.stem)
    if digits and int(digits.group(1)) != manifest.number:
        line, col = data.where("number")
        report.error(shown, f"number {manifest.number} disagrees with the file name '{path.name}'",
                     line, col, code="number", hint=f"rename the file or set number: {int(digits.group(1))}")


def _body_offset(raw) -> int:
    """Lines before the first line of an inline article's body, for located errors."""
    if not isinstance(raw, LocatedDict) or "body" not in raw:
        return 0
    key_line = raw.where("body")[0]
    value = raw["body"]
    # a block scalar (body: |) starts on the next line; a one-line value on the key's line
    return key_line if isinstance(value, str) and "\n" in value else key_line - 1


def _load_article(ref, raw, base: Path, roots, manifest_file: str, line: int, col: int,
                  report: Report) -> model.Article | None:
    if isinstance(ref, schema.InlineArticle):
        ctx = Context(manifest_file, base, roots, report, line_offset=_body_offset(raw))
        blocks = parse_markdown(ref.body, ctx)
        return _article(ref, blocks, manifest_file, slugify(ref.title), ctx)
    file_ref = ref.file if isinstance(ref, schema.FileArticle) else ref
    try:
        path = resolve_reference(file_ref, base, roots, manifest_file, line, col, what="article")
        shown = display_path(path)
        text = read_text(path, shown, limit=MAX_ARTICLE_BYTES)
    except NewsletterError as exc:
        problems = exc.problems
        if problems and problems[0].code == "missing":
            report.error(manifest_file, f"article file '{file_ref}' not found", line, col, code="missing")
        else:
            report.extend(problems)
        return None
    meta_data, body, offset = split_front_matter(text, shown)
    try:
        meta = schema.FrontMatter.model_validate(meta_data)
    except ValidationError as exc:
        report.extend(schema.problems_from(exc, schema.FrontMatter, meta_data, shown))
        return None
    ctx = Context(shown, path.parent, roots, report, line_offset=offset)
    blocks = parse_markdown(body, ctx)
    slug = slugify(re.sub(r"^\d+[-_ ]*", "", path.stem) or meta.title)
    return _article(meta, blocks, shown, slug, ctx, meta_data)


def split_front_matter(text: str, shown: str):
    """Return (front matter data, body, number of lines before the body)."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise NewsletterError.at(shown, "article must start with front matter: a '---' line, "
                                 "'title: …', and a closing '---' line", 1, 1, code="front-matter")
    data = load_yaml(match.group(1), shown, line_offset=1)
    if not isinstance(data, LocatedDict):
        raise NewsletterError.at(shown, "front matter must be a mapping of keys (title, authors, …)", 2, 1,
                                 code="front-matter")
    offset = text.count("\n", 0, match.end())
    return data, text[match.end():], offset


def _article(meta, blocks, shown, slug, ctx: Context, meta_data=None) -> model.Article:
    lead = None
    if meta.image is not None:
        img_line = meta_data.where("image")[0] + 1 if isinstance(meta_data, LocatedDict) else ctx.line_offset
        resolved = check_image(meta.image.src, ctx, img_line)
        w, h = (float(x) for x in meta.image.ratio.split(":"))
        lead = model.Figure(img_line, meta.image.src, resolved,
                            [model.Span(meta.image.caption)] if meta.image.caption else [],
                            meta.image.credit, int(meta.image.width[:-1]) / 100, w / h)
    return model.Article(
        slug=slug, source_file=shown, title=meta.title, subtitle=meta.subtitle, source=meta.source,
        authors=[model.Author(a.name, a.role, a.email) for a in meta.authors], dateline=meta.dateline,
        lead_image=lead,
        signature=model.Signature(meta.signature.name, meta.signature.closing, meta.signature.title)
        if meta.signature else None,
        blocks=blocks)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:60] or "article"


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate

