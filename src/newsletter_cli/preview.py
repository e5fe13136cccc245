"""Preview one section (or one article) of an issue, numbered as in the full issue.

`Previewer.run()` checks the issue, finds the page the selection starts on in the full build
(from the page map when it is fresh, else by laying out the whole issue in memory), lays out
only the selection with `render(issue, theme, sections=[…], first_page=N)`, writes
`build/<stem>-<section>.pdf` atomically (never the full issue's PDF) and, with `png`, the pages
as images plus a contact sheet of reading spreads. The CLI prints `summary_table()`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsletter_cli import pagemap
from newsletter_cli.content import model
from newsletter_cli.errors import NewsletterError, Problem, printable
from newsletter_cli.paths import display_path

DEFAULT_DPI = 100


class SelectionError(Exception):
    """The section or article asked for is not in the issue (a usage error: exit 2)."""

    def __init__(self, message: str, choices: list[str]):
        super().__init__(message)
        self.message, self.choices = message, choices

    def __str__(self) -> str:
        return "\n".join([self.message] + [f"  {c}" for c in self.choices])


# --- which issue, which section -----------------------------------------------------------------

def issue_number(path: Path) -> int | None:
    match = re.match(r"^0*(\d+)", path.stem)
    return int(match.group(1)) if match else None


def newest_manifest(issues_dir: Path = Path("issues")) -> Path | None:
    """The manifest under `issues_dir` with the highest issue number (from its file name)."""
    found = [p for p in list(issues_dir.glob("*.yaml")) + list(issues_dir.glob("*.yml")) if p.is_file()]
    numbered = [p for p in found if issue_number(p) is not None]
    if numbered:
        return max(numbered, key=lambda p: (issue_number(p), p.name))
    return max(found, key=lambda p: p.name) if found else None


@dataclass
class Selection:
    section: model.Section          # the section as it is in the issue
    article: model.Article | None   # one article of it, or None for the whole section
    key: str                        # the name part of the preview files: essays, customs-integrity

    @property
    def articles(self) -> list[model.Article]:
        return [self.article] if self.article else list(self.section.articles)

    @property
    def label(self) -> str:
        if self.article:
            return f"{self.article.title} ({self.section.title})"
        return f"{self.section.title} ({self.section.kind})"


def section_choices(issue: model.Issue) -> list[str]:
    width = max(len(s.kind) for s in issue.sections)
    return [f"{s.kind:<{width}}  {s.title}" for s in issue.sections]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def select(issue: model.Issue, section: str | None = None, article: str | None = None) -> Selection:
    """The section named by its kind or title (any case), or the article named by its slug,
    file name or title. Raises SelectionError listing the valid choices."""
    if section is None and article is None:
        raise SelectionError("choose what to preview with --section KIND|TITLE or --article SLUG; "
                             "sections:", section_choices(issue))
    chosen = None
    if section is not None:
        chosen = find_section(issue, section)
    if article is None:
        kinds = [s.kind for s in issue.sections]
        key = chosen.kind if kinds.count(chosen.kind) == 1 else chosen.slug.removeprefix("section-")
        return Selection(chosen, None, key)
    pool = [(s, a) for s in ([chosen] if chosen else issue.sections) for a in s.articles]
    wanted = _fold(article)
    for s, a in pool:
        names = {a.slug, Path(a.source_file).stem, Path(a.source_file).name, a.source_file, a.title}
        if wanted in {_fold(n) for n in names}:
            return Selection(s, a, a.slug)
    where = f"in section '{chosen.title}'" if chosen else "in this issue"
    raise SelectionError(f"no article '{article}' {where}; articles (slug, title):",
                         [f"{a.slug:<40}  {a.title}" for _, a in pool])


def find_section(issue: model.Issue, text: str) -> model.Section:
    wanted = _fold(text)
    by_title = [s for s in issue.sections if _fold(s.title) == wanted
                or s.slug.removeprefix("section-") == wanted]
    if by_title:
        return by_title[0]
    by_kind = [s for s in issue.sections if s.kind == wanted]
    if len(by_kind) == 1:
        return by_kind[0]
    if by_kind:
        raise SelectionError(f"{len(by_kind)} sections are '{text}' sections; give the title of one:",
                             [s.title for s in by_kind])
    raise SelectionError(f"no section '{text}' in {issue.manifest_file}; choose a kind or a title:",
                         section_choices(issue))


# --- page numbers -------------------------------------------------------------------------------

@dataclass
class Numbering:
    first_page: int
    source: str  # "page map", "computed" or "provisional"
    note: str


def numbering(checked, selection: Selection, map_file: Path) -> Numbering:
    """The page the selection starts on in the full issue.

    From the page map when its fingerprints match the inputs; else the whole issue is laid out
    in memory (about a second) and the map is refreshed for next time. When even that fails (an
    error elsewhere in the issue), the numbers are provisional and the note says so.
    """
    from newsletter_cli.layout.document import render

    issue, theme = checked.issue, checked.theme
    target = selection.article.slug if selection.article else selection.section.slug
    stored = pagemap.load(map_file)
    full, per_section = pagemap.fingerprints(issue, theme)
    if stored and stored.fingerprint == full and target in stored.page_map:
        return Numbering(stored.page_map[target], "page map", f"page numbers from {map_file}")
    index = next(i for i, s in enumerate(issue.sections) if s is selection.section)
    entry = stored.section(selection.section.slug) if stored else None
    if entry and entry.fingerprint == per_section[index] and entry.first_page > 0:
        if selection.article is None:
            return Numbering(entry.first_page, "page map", f"page numbers from {map_file}")
        # where the article starts depends on the section before it: lay out the section alone
        layout = render(issue, theme, sections=[selection.section], first_page=entry.first_page)
        if target in layout.page_map:
            return Numbering(layout.page_map[target], "page map",
                             f"page numbers from {map_file} and its section")
    try:
        layout = render(issue, theme)
    except NewsletterError as exc:
        guess = stored.page_map.get(target, 1) if stored else 1
        where = "; ".join(str(p) for p in exc.problems[:3])
        return Numbering(guess, "provisional",
                         f"page numbers are provisional: the whole issue could not be laid out ({where})")
    pagemap.save(map_file, pagemap.from_layout(issue, theme, layout))
    return Numbering(layout.page_map.get(target, 1), "computed",
                     "page numbers computed from the whole issue (the page map was missing or stale)")


# --- the preview --------------------------------------------------------------------------------

@dataclass
class ArticleRow:
    article: model.Article
    pages: list[int]
    words: int
    images: int
    images_missing: int
    warnings: list[str]
    warning_count: int = 0  # a note such as "2 widow (p. 5, 6)" counts its findings


@dataclass
class PreviewResult:
    manifest: Path
    selection: Selection
    output: Path
    first_page: int
    pages: int
    numbering: Numbering
    rows: list[ArticleRow]
    problems: list[Problem]  # located warnings of the previewed articles (and the manifest)
    seconds: float
    inputs: list[Path]
    png_files: list[Path] = field(default_factory=list)
    contact_sheet: Path | None = None

    @property
    def folios(self) -> list[int]:
        return list(range(self.first_page, self.first_page + self.pages))


@dataclass
class Previewer:
    manifest: Path
    section: str | None = None
    article: str | None = None
    png: bool = False
    dpi: int = DEFAULT_DPI
    build_dir: Path = Path("build")

    def run(self) -> PreviewResult:
        """One preview. Raises NewsletterError (input errors) or SelectionError (usage)."""
        from newsletter_cli.build import check
        from newsletter_cli.layout.document import render
        from newsletter_cli.pdf.write import write_atomic

        started = time.perf_counter()
        checked = check(self.manifest)
        issue = checked.issue
        chosen = select(issue, self.section, self.article)
        numbers = numbering(checked, chosen, pagemap.map_path(self.manifest, self.build_dir))
        sections = [chosen.section if chosen.article is None
                    else replace(chosen.section, articles=[chosen.article])]
        continued = chosen.article is not None and chosen.section.articles.index(chosen.article) > 0
        layout = render(issue, checked.theme, sections=sections, first_page=numbers.first_page,
                        continued=continued)
        output = self.build_dir / f"{self.manifest.stem}-{chosen.key}.pdf"
        write_atomic(output, layout.pdf)
        files = {a.source_file for a in chosen.articles} | {issue.manifest_file}
        problems = [p for p in checked.warnings if p.location.file in files]
        rows = [_row(a, layout, problems) for a in chosen.articles]
        result = PreviewResult(self.manifest, chosen, output, numbers.first_page, layout.pages, numbers,
                               rows, problems, 0.0, watch_inputs(checked))
        if self.png:
            folder = self.build_dir / f"{self.manifest.stem}-{chosen.key}"
            result.png_files, result.contact_sheet = write_images(layout.pdf, result.folios, folder, self.dpi)
        result.seconds = time.perf_counter() - started
        return result


def watch_inputs(checked) -> list[Path]:
    """The issue's files, and where its missing photos are expected (supplying one rebuilds)."""
    files = pagemap.input_files(checked.issue, checked.theme)
    for article in checked.issue.articles:
        folder = Path(article.source_file).parent
        files += [folder / f.src for f in article.figures() if f.resolved is None]
    return files


def _row(article: model.Article, layout, problems: list[Problem]) -> ArticleRow:
    figures = list(article.figures())
    missing = sum(1 for f in figures if f.resolved is None)
    # photos not supplied show in the Images column (and as located warnings below the table)
    notes = [p.message for p in problems if p.location.file == article.source_file
             and p.code != "missing-image"]
    # layout findings (widows, overfull lines, low-resolution images…), when the layout reports them
    grouped: dict[str, list[int]] = {}
    for finding in getattr(layout, "findings", None) or []:
        if getattr(finding, "article", None) == article.slug:
            grouped.setdefault(finding.check, []).append(finding.page)
    count = len(notes)
    for check, pages in grouped.items():
        notes.append(f"{len(pages)} {check} (p. {page_ranges(sorted(set(pages)))})")
        count += len(pages)
    return ArticleRow(article, list(layout.article_pages.get(article.slug, [])), count_words(article),
                      len(figures), missing, notes, count)


def count_words(article: model.Article) -> int:
    """Words of the body text: paragraphs, headings, lists, tables, boxes; not captions."""
    return sum(len(text.split()) for text in _texts(article.blocks))


def _texts(blocks):
    for block in blocks:
        if isinstance(block, (model.Paragraph, model.Heading)):
            yield "".join(s.text for s in block.spans)
        elif isinstance(block, model.ListBlock):
            for item in block.items:
                yield from _texts(item)
        elif isinstance(block, model.Table):
            for row in [block.header] + block.rows:
                for cell in row:
                    yield "".join(s.text for s in cell.spans)
        elif isinstance(block, (model.Callout, model.PullQuote, model.Quote)):
            if isinstance(block, model.Callout) and block.title:
                yield block.title
            yield from _texts(block.blocks)
        elif isinstance(block, model.CodeBlock):
            yield block.text


def page_ranges(pages: list[int]) -> str:
    """[9, 10, 11, 14] -> '9–11, 14'."""
    parts, start = [], None
    for i, page in enumerate(pages):
        if start is None:
            start = page
        if i + 1 == len(pages) or pages[i + 1] != page + 1:
            parts.append(str(start) if start == page else f"{start}–{page}")
            start = None
    return ", ".join(parts) or "–"


def summary_table(result: PreviewResult):
    from rich.table import Table
    from rich.text import Text

    first, last = result.first_page, result.first_page + result.pages - 1
    pages = "page" if first == last else "pages"
    table = Table(title=Text(printable(f"{result.selection.label}: {pages} "
                                       f"{page_ranges(list(range(first, last + 1)))}")),
                  title_justify="left", show_footer=len(result.rows) > 1)
    rows = result.rows
    table.add_column("Article", footer="total")
    table.add_column("Pages", footer=str(result.pages), justify="right")
    table.add_column("Words", footer=str(sum(r.words for r in rows)), justify="right")
    images = sum(r.images for r in rows)
    missing = sum(r.images_missing for r in rows)
    table.add_column("Images", footer=_images(images, missing), justify="right")
    table.add_column("Warnings", footer=str(sum(r.warning_count for r in rows)))
    for row in rows:  # user text as Text: escaped, and never read as Rich markup
        table.add_row(Text(printable(row.article.title)), page_ranges(row.pages), str(row.words),
                      _images(row.images, row.images_missing), Text(printable("; ".join(row.warnings) or "–")))
    return table


def _images(count: int, missing: int) -> str:
    return f"{count} ({missing} not supplied)" if missing else str(count)


# --- page images --------------------------------------------------------------------------------

SHEET_MARGIN = 24      # px around the contact sheet
SHEET_GAP = 24         # px between spreads
THUMB_WIDTH = 240      # px, one page on the contact sheet
SHEET_BACKGROUND = (210, 212, 216)


def write_images(pdf: bytes, folios: list[int], folder: Path, dpi: int = DEFAULT_DPI):
    """page-NN.png for each page (NN: its page number in the issue) and contact-sheet.png."""
    images = render_pages(pdf, dpi)
    sheet = contact_sheet(images, folios[0] if folios else 1)
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("page-*.png")) + [folder / "contact-sheet.png"]:
        old.unlink(missing_ok=True)
    digits = max(2, len(str(folios[-1]))) if folios else 2
    files = []
    for folio, image in zip(folios, images):
        path = folder / f"page-{folio:0{digits}d}.png"
        image.save(path, optimize=False)
        files.append(path)
    sheet_path = folder / "contact-sheet.png"
    sheet.save(sheet_path)
    return files, sheet_path


def render_pages(pdf: bytes, dpi: int = DEFAULT_DPI) -> list:
    """The pages of `pdf` as RGB Pillow images at `dpi`."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(doc)):
            page = doc[index]
            bitmap = page.render(scale=dpi / 72)
            images.append(bitmap.to_pil().convert("RGB"))
            page.close()
        return images
    finally:
        doc.close()


def spreads(first_folio: int, count: int) -> list[tuple[int | None, int | None]]:
    """Reading spreads of pages first..first+count-1: even pages on the left, odd on the right,
    so an odd first page stands alone on the right."""
    last = first_folio + count - 1
    out = []
    for left in range(first_folio - first_folio % 2, last + 1, 2):
        out.append((left if left >= first_folio else None, left + 1 if left + 1 <= last else None))
    return out


def sheet_geometry(first_folio: int, count: int, page_size: tuple[int, int]):
    """(sheet width, height, spreads per row, thumb width, thumb height) for a contact sheet."""
    import math

    n = len(spreads(first_folio, count))
    per_row = max(1, min(n, math.ceil(math.sqrt(n))))
    rows = math.ceil(n / per_row)
    tw = THUMB_WIDTH
    th = round(tw * page_size[1] / page_size[0])
    width = 2 * SHEET_MARGIN + per_row * 2 * tw + (per_row - 1) * SHEET_GAP
    height = 2 * SHEET_MARGIN + rows * th + (rows - 1) * SHEET_GAP
    return width, height, per_row, tw, th


def contact_sheet(images: list, first_folio: int):
    """All pages on one image, as reading spreads in rows."""
    from PIL import Image, ImageDraw

    if not images:
        return Image.new("RGB", (2 * SHEET_MARGIN, 2 * SHEET_MARGIN), SHEET_BACKGROUND)
    width, height, per_row, tw, th = sheet_geometry(first_folio, len(images), images[0].size)
    sheet = Image.new("RGB", (width, height), SHEET_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for i, pair in enumerate(spreads(first_folio, len(images))):
        row, col = divmod(i, per_row)
        x0 = SHEET_MARGIN + col * (2 * tw + SHEET_GAP)
        y0 = SHEET_MARGIN + row * (th + SHEET_GAP)
        for side, folio in enumerate(pair):
            if folio is None:
                continue
            thumb = images[folio - first_folio].resize((tw, th), Image.LANCZOS)
            x = x0 + side * tw
            sheet.paste(thumb, (x, y0))
            draw.rectangle([x, y0, x + tw - 1, y0 + th - 1], outline=(150, 150, 155))
    return sheet


# --- the system viewer --------------------------------------------------------------------------

def open_in_viewer(path: Path) -> tuple[bool, str]:
    """Ask the system to show `path`. Never raises: returns (opened, what happened)."""
    if sys.platform == "win32":  # pragma: no cover - not tested on this platform
        try:
            os.startfile(str(path))  # type: ignore[attr-defined]
            return True, f"opened {path}"
        except OSError as exc:
            return False, f"could not open {path}: {exc}"
    command = "open" if sys.platform == "darwin" else "xdg-open"
    exe = shutil.which(command)
    if exe is None:
        return False, f"no PDF viewer found ({command} is not installed); open {path} yourself"
    if command == "xdg-open" and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False, f"no graphical display for a PDF viewer; open {path} yourself"
    try:
        subprocess.Popen([exe, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        return False, f"could not start {command}: {exc}; open {path} yourself"
    return True, f"opened {path} with {command}"


# --- the command --------------------------------------------------------------------------------

def command(manifest: Path | None, section: str | None, article: str | None, *, png: bool = False,
            dpi: int = DEFAULT_DPI, watch: bool = False, open_viewer: bool = False,
            stop=None, max_rebuilds: int | None = None) -> int:
    """`newsletter preview`: print the summary (and, with `watch`, again after every save).
    Returns the exit code: 0 done, 1 errors in the input, 2 usage (no such section/article,
    no manifest)."""
    import typer

    if manifest is None:
        manifest = newest_manifest()
        if manifest is None:
            typer.echo("error: no manifest given and none found under issues/", err=True)
            return 2
    previewer = Previewer(manifest, section, article, png=png, dpi=dpi)
    state = {"opened": not open_viewer, "last": None}

    def attempt() -> tuple[int, list[Path] | None]:
        try:
            result = previewer.run()
        except SelectionError as exc:
            typer.echo(printable(f"error: {exc}"), err=True)
            return 2, None
        except NewsletterError as exc:
            from newsletter_cli import diagnostics

            diagnostics.show(exc.problems, sys.stderr)
            typer.echo(f"preview failed: {len(exc.problems)} error(s)", err=True)
            if state["last"]:
                typer.echo(printable(f"the last good preview stays at {state['last']}"), err=True)
            return 1, None
        state["last"] = result.output
        print_result(result)
        if not state["opened"]:
            state["opened"] = True
            typer.echo(open_in_viewer(result.output)[1])
        return 0, result.inputs

    code, inputs = attempt()
    if not watch or code == 2:  # a section or article that is not there: nothing to watch for
        return code
    from newsletter_cli import watch as watching

    def rebuild(changed: list[Path]) -> list[Path] | None:
        typer.echo("")
        typer.echo(printable("changed: " + ", ".join(display_path(p) for p in changed[:5])
                             + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")))
        _, found = attempt()
        typer.echo("watching for changes (Ctrl-C to stop)")
        return found

    if inputs is None:  # the first attempt failed: watch the manifest and its folder
        inputs = [manifest]
    typer.echo("watching for changes (Ctrl-C to stop)")
    try:
        watching.watch(manifest, rebuild, inputs, stop=stop, max_rebuilds=max_rebuilds,
                       exclude=[previewer.build_dir])
    except KeyboardInterrupt:
        pass
    typer.echo("stopped watching")
    return 0



def print_result(result: PreviewResult) -> None:
    import typer
    from rich.console import Console

    numbers = result.numbering
    if numbers.source == "provisional":
        typer.echo(printable(f"warning: {numbers.note}"), err=True)
    else:
        typer.echo(printable(f"preview of {result.selection.label} in {display_path(result.manifest)}: "
                             f"{numbers.note}"))
    Console(highlight=False, soft_wrap=False).print(summary_table(result))
    from newsletter_cli import diagnostics

    diagnostics.show(result.problems, sys.stderr)
    pages = page_ranges(result.folios)
    typer.echo(printable(f"wrote {result.output}: {result.pages} page(s), {pages}, in {result.seconds:.2f} s"))
    if result.contact_sheet:
        typer.echo(printable(f"wrote {len(result.png_files)} page image(s) and {result.contact_sheet}"))
