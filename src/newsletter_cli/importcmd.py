"""`newsletter import`: Word documents -> article files (+ photos), added to a manifest section.

Every document is read and converted before anything is written; if one of them is refused,
nothing is written and the manifest is untouched. Then the articles, their photos and the
manifest are written together (`files.Transaction`), `validate` runs on the issue, and if it
finds errors in the imported articles, the import is undone.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsletter_cli.diagnostics import printable
from newsletter_cli.errors import NewsletterError, Problem
from newsletter_cli.paths import display_path


@dataclass
class Planned:
    source: str
    article: Path
    written: object  # article_write.Written
    front: object
    photos: list[tuple[Path, bytes]]


def _say(text: str, err: bool = False) -> None:
    print(printable(text), file=sys.stderr if err else sys.stdout)


def _location(file: str, para) -> str:
    return f"{file}:¶{para}" if para else file


def _show_problems(problems: list[Problem]) -> None:
    for p in problems:
        line = f"{_location(p.location.file, p.location.line)}: {p.severity}: {p.message}"
        if p.hint:
            line += f" (hint: {p.hint})"
        _say(line, err=True)


def command(files: list[Path], manifest: Path | None, section: str | None, output: Path | None) -> int:
    if manifest is None and section is None and output is None:
        _say("error: give --issue MANIFEST --section SECTION, or --output FILE.md", err=True)
        return 2
    if (manifest is None) != (section is None):
        _say("error: --issue and --section go together", err=True)
        return 2
    if output is not None and manifest is not None:
        _say("error: give either --output or --issue/--section, not both", err=True)
        return 2
    if output is not None and len(files) != 1:
        _say("error: --output takes one document; use --issue and --section for several", err=True)
        return 2
    if output is not None and output.suffix.lower() != ".md":
        _say(f"error: --output must name a Markdown file (.md), not '{output}'", err=True)
        return 2
    try:
        return _run(files, manifest, section, output)
    except NewsletterError as exc:
        _show_problems(exc.problems)
        _say(f"import failed: {len(exc.problems)} error(s); nothing was written", err=True)
        return 1


def _run(files, manifest, section, output) -> int:
    from newsletter_cli.source import files as txn, manifest_edit

    manifest_text = manifest_bytes = None
    if manifest is not None:
        shown = display_path(manifest)
        try:
            info = os.lstat(manifest)
        except OSError:
            raise NewsletterError.at(shown, "the manifest does not exist", code="import") from None
        if not stat.S_ISREG(info.st_mode):
            raise NewsletterError.at(shown, "the manifest is not a regular file", code="import")
        manifest_bytes = manifest.read_bytes()
        try:
            manifest_text = manifest_bytes.decode("utf-8")
        except UnicodeDecodeError:
            raise NewsletterError.at(shown, "the manifest is not UTF-8 text", code="encoding") from None
        kind = manifest_edit.section_kind(manifest_text, section, shown)  # the section exists, before any reading
        folder = manifest.parent / manifest.stem
    else:
        kind = ""
        folder = output.parent
        if os.path.lexists(output):
            raise NewsletterError.at(display_path(output), "exists already: import never overwrites a file",
                                     code="import", hint="give another --output name, or remove the file")
    photos_dir = folder / "photos"
    taken_photos = set(os.listdir(photos_dir)) if photos_dir.is_dir() else set()
    taken_articles = sorted(os.listdir(folder)) if folder.is_dir() else []
    plans: list[Planned] = []
    errors: list[Problem] = []
    for path in files:
        try:
            plans.append(_convert(path, folder, output, photos_dir, taken_photos, taken_articles, kind))
        except NewsletterError as exc:
            errors += exc.problems
    if errors:
        raise NewsletterError(errors)
    writes: list[tuple[Path, bytes]] = []
    for plan in plans:
        writes.append((plan.article, plan.written.text.encode("utf-8")))
        writes += plan.photos
    edit = None
    if manifest is not None:
        entries = [Path(os.path.relpath(p.article, manifest.parent)).as_posix() for p in plans]
        new_text = manifest_edit.add_articles(manifest_text, section, entries, display_path(manifest))
        edit = (manifest, manifest_bytes, new_text.encode("utf-8"))
    before = _errors(manifest) if manifest is not None else None
    transaction = txn.Transaction()
    try:
        transaction.commit(writes, edit)
    except txn.Exists as exc:
        raise NewsletterError.at(display_path(exc.path), "exists already: import never overwrites a file",
                                 code="import") from None
    except txn.Changed:
        raise NewsletterError.at(display_path(manifest), "the manifest changed while importing: run the "
                                 "import again", code="import") from None
    except OSError as exc:  # (undone: nothing of the import is left)
        where = exc.filename if isinstance(exc.filename, str) else (writes[0][0] if writes else manifest)
        raise NewsletterError.at(display_path(Path(where)), f"cannot be written: {exc.strerror or exc}",
                                 code="import") from None
    for plan in plans:
        _report(plan)
    if manifest is None:
        return 0
    return _validate(manifest, plans, transaction, section, before)


def _convert(path: Path, folder: Path, output, photos_dir: Path, taken_photos: set, taken_articles: list,
             kind: str = ""):
    from newsletter_cli.source import article_write
    from newsletter_cli.source.docx_convert import Converter
    from newsletter_cli.source.docx_front import front_matter
    from newsletter_cli.source.docx_read import open_package

    shown = display_path(path)
    package = open_package(path, shown)
    converted = Converter(package).convert()
    front = front_matter(converted, path.stem)
    if output is not None:
        article = output
        base = article_write.slug(output.stem.split("-", 1)[-1] if re.match(r"^\d+-", output.stem)
                                  else output.stem)
    else:
        base = article_write.slug(front.title)
        stems = {re.sub(r"^\d+-", "", Path(n).stem) for n in taken_articles}
        name, k = base, 2
        while name in stems:
            name, k = f"{base}-{k}", k + 1
        base = name
        numbers = [int(m.group(1)) for n in taken_articles if (m := re.match(r"^(\d+)-", n))]
        width = max([2] + [len(m.group(1)) for n in taken_articles if (m := re.match(r"^(\d+)-", n))])
        article = folder / f"{(max(numbers) + 1 if numbers else 1):0{width}d}-{base}.md"
        taken_articles.append(article.name)

    def photo_name(ext: str) -> str:
        k = 1
        while f"{base}-{k}.{ext}" in taken_photos:
            k += 1
        taken_photos.add(f"{base}-{k}.{ext}")
        return f"{base}-{k}.{ext}"

    written = article_write.write(converted, front, base, photo_name, kind)
    photos = [(photos_dir / name, image.data) for name, image in written.images]
    written.front = front
    written.source = shown
    return Planned(shown, article, written, front, photos)


def _count(n: int, plural: str) -> str:
    return f"{n} {plural if n != 1 else plural[:-1]}"


def _report(plan: Planned) -> None:
    s = plan.written.stats
    parts = [_count(s[key], key) for key in ("words", "headings", "images", "tables", "lists")]
    if s["notes"]:
        parts.append(_count(s["notes"], "notes"))
    _say(f"imported {plan.source} -> {display_path(plan.article)}: " + ", ".join(parts))
    _say(f"  title “{plan.front.title}” (from {plan.front.title_from})"
         + (f", by {', '.join(a['name'] for a in plan.front.authors)}" if plan.front.authors else "")
         + (f", dateline “{plan.front.dateline}”" if plan.front.dateline else ""))
    for remark in sorted(plan.written.remarks, key=lambda r: (r.para or 0)):
        _say(f"{_location(plan.source, remark.para)}: {remark.severity}: {remark.message}")


def _errors(manifest: Path) -> Counter:
    from newsletter_cli.build import inspect

    return Counter(p.message for p in inspect(manifest).problems if p.severity == "error")


def _validate(manifest: Path, plans: list[Planned], transaction, section: str, before: Counter) -> int:
    """Validate the issue; undo the import if it brought errors the issue did not have before."""
    from newsletter_cli import diagnostics
    from newsletter_cli.build import inspect

    problems = diagnostics.ordered(inspect(manifest).problems)
    _say(f"validate {display_path(manifest)}:")
    diagnostics.show(problems, sys.stdout)
    _say(diagnostics.summary(problems))
    after = Counter(p.message for p in problems if p.severity == "error")
    new_errors = sum((after - before).values())
    if new_errors:
        transaction.rollback()
        _say(f"import undone: the issue would have {new_errors} new error(s) (above); nothing was written, "
             "the manifest is as it was", err=True)
        return 1
    _say(f"added {len(plans)} article(s) to section '{section}' of {display_path(manifest)}")
    return 1 if after else 0
