"""The pipeline: manifest -> content model -> theme -> layout -> output.

`check` runs the first stages only (no ReportLab); `build` runs them all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsletter_cli.content.model import Issue
from newsletter_cli.errors import Location, NewsletterError, Problem
from newsletter_cli.paths import display_path
from newsletter_cli.theme.brand import Theme, find_theme, load_theme


@dataclass
class Checked:
    issue: Issue
    theme: Theme
    warnings: list[Problem]


@dataclass
class BuildResult:
    output: Path
    pages: int
    seconds: float
    warnings: list[Problem]
    missing_images: int
    page_map: dict[str, int] = field(default_factory=dict)
    article_pages: dict[str, list[int]] = field(default_factory=dict)
    page_map_file: Path | None = None  # build/<stem>.pagemap.json, when written
    preflight: list = field(default_factory=list)  # findings of the layout's own measurements
    preflight_counts: dict[str, int] = field(default_factory=dict)
    standards: tuple[str, ...] = ()  # what the PDF claims to conform to (it is tagged either way)
    # for the build cache (buildcache.py): every file the build read, the paths it looked for and did
    # not find, the folders the output may not be written into, and the PDF
    inputs: list[Path] = field(default_factory=list, repr=False)
    looked_for: list[Path] = field(default_factory=list, repr=False)
    folders: list[Path] = field(default_factory=list, repr=False)
    pdf: bytes = field(default=b"", repr=False)
    # those of the inputs of which the build read only the first bytes and the size: a fallback font
    # no character needed (the theme check reads its head), and the parsed face shipped beside it
    partly_read: list[Path] = field(default_factory=list, repr=False)


@dataclass
class Inspection:
    """Every problem of one manifest, its articles and its theme; `checked` when there is no error."""

    manifest: Path
    problems: list[Problem]
    checked: Checked | None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def inspect(manifest: Path) -> Inspection:
    """Run every check that needs no layout (and no ReportLab); never raises NewsletterError.

    A mistake in one place does not stop the others from being checked: the manifest's
    schema, every article it lists (front matter and body), the theme, and then what needs
    both issue and theme (glyph coverage, image resolution, in-document links).
    """
    from newsletter_cli import checks
    from newsletter_cli.errors import Report
    from newsletter_cli.source.manifest import read_issue

    report = Report()
    loaded = read_issue(manifest, report)
    theme = None
    if loaded.theme is not None:
        try:
            theme_path = find_theme(loaded.theme, loaded.base_dir, loaded.manifest_file, *loaded.theme_at)
            theme = load_theme(theme_path, display_path(theme_path))
        except NewsletterError as exc:
            # a theme file that cannot be read at all (a pipe, a folder): where the manifest names it
            line, col = loaded.theme_at
            report.extend(replace(p, message=f"theme '{loaded.theme}': {p.message}",
                                  location=Location(loaded.manifest_file, line, col))
                          if p.location.line is None and line is not None else p for p in exc.problems)
    checks.check_placeholders(loaded, report)
    if theme is not None:
        report.extend(theme.warnings)
        checks.run(loaded, theme, report)
    checked = None
    if loaded.issue is not None and theme is not None and not report.errors:
        checked = Checked(loaded.issue, theme, report.warnings)
    # in reading order: the manifest, then the articles as it lists them, then the theme
    order = {file: index for index, file in enumerate(loaded.sources)}
    problems = sorted(_unique(report.problems), key=lambda p: order.get(p.location.file, len(order)))
    return Inspection(manifest, problems, checked)


def check(manifest: Path) -> Checked:
    """`inspect`, raising NewsletterError (errors, with the warnings beside them) if there is an error."""
    inspection = inspect(manifest)
    if inspection.checked is None:
        raise NewsletterError(inspection.errors, warnings=inspection.warnings)
    return inspection.checked


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def default_output(manifest: Path, suffix: str = "") -> Path:
    return Path("build") / f"{manifest.stem}{suffix}.pdf"


PDF_STANDARDS = ("ua1-a2a", "none")  # --pdf-standard: claim PDF/UA-1 and PDF/A-2a, or nothing


def build(manifest: Path, output: Path | None = None, strict: bool = False,
          pdf_standard: str = "ua1-a2a") -> BuildResult:
    started = time.perf_counter()
    from newsletter_cli import paths

    paths.looked_for = looked = []  # what the checks look for and do not find: the build cache's
    try:
        checked = check(manifest)
    finally:
        paths.looked_for = None
    if strict and checked.warnings:
        raise NewsletterError([_as_error(p) for p in checked.warnings])
    from newsletter_cli import gcpause, pagemap
    from newsletter_cli.paths import assets_dir
    from newsletter_cli.pdf.write import check_target, write_atomic

    target = output or default_output(manifest)
    folders = [manifest.parent, checked.issue.base_dir, assets_dir()]
    check_target(target, pagemap.input_files(checked.issue, checked.theme) + [manifest], folders)
    from newsletter_cli.layout.document import render

    gcpause.resume()  # after the imports, before the layout's many short-lived objects
    layout = render(checked.issue, checked.theme, claims=pdf_standard != "none")
    if strict and layout.findings:
        raise NewsletterError([preflight_problem(checked, f) for f in layout.findings])
    write_atomic(target, layout.pdf)
    map_file = _write_page_map(manifest, target, checked, layout)
    missing = sum(1 for a in checked.issue.articles for f in a.figures() if f.resolved is None)
    inputs, absent = read_files(checked, manifest)
    return BuildResult(target, layout.pages, time.perf_counter() - started, checked.warnings, missing,
                       layout.page_map, dict(getattr(layout, "article_pages", {})), map_file,
                       list(layout.findings), dict(layout.counts), tuple(layout.standards),
                       inputs, looked + absent, folders, layout.pdf, partly_read(checked))


def read_files(checked: Checked, manifest: Path) -> tuple[list[Path], list[Path]]:
    """The files a build of `checked` reads (the page map's inputs, the fallback fonts, the parsed faces
    shipped in assets/fontdata, the hyphenation patterns and dictionary, the sRGB profile,
    ReportLab's ~/.reportlab_mods), and those of them it looks for and does not find: the build cache's
    dependencies."""
    import os

    from newsletter_cli import pagemap

    files = [manifest] + pagemap.input_files(checked.issue, checked.theme)
    fonts = [f for styles in checked.theme.fonts.values() for f in styles.values()]
    fonts += [font for chain in checked.theme.fallback.values() for font in chain]
    files += fonts
    from newsletter_cli.layout.fontcache import _shipped
    from newsletter_cli.paths import assets_dir

    files.append(assets_dir() / "color" / "sRGB.icc")

    optional = [Path(os.path.expanduser(os.path.join("~", ".reportlab_mods")))]
    optional += [_shipped(str(font)) for font in dict.fromkeys(fonts)]  # the faces shipped parsed
    import pyphen

    from newsletter_cli.layout.hyphenate import shipped_patterns

    lang = pyphen.language_fallback(checked.issue.language.replace("-", "_"))
    if lang is not None:
        dictionary = Path(pyphen.LANGUAGES[lang])
        files.append(dictionary)
        optional.append(shipped_patterns(dictionary))
    from newsletter_cli.paths import exists

    files += [path for path in optional if exists(path)]
    return files, [path for path in optional if not exists(path)]


def partly_read(checked: Checked) -> list[Path]:
    """The fallback fonts this process has not read whole (no character needed them: only their first
    bytes and size were checked), and the parsed faces shipped for them, which it did not read."""
    from newsletter_cli.layout.fontcache import _shipped
    from newsletter_cli.paths import was_read

    chains = dict.fromkeys(font for chain in checked.theme.fallback.values() for font in chain)
    brand = {f for styles in checked.theme.fonts.values() for f in styles.values()}
    unread = [font for font in chains if font not in brand and not was_read(font)]
    return unread + [_shipped(str(font)) for font in unread if not was_read(_shipped(str(font)))]


def preflight_problem(checked: Checked, finding) -> Problem:
    """A preflight finding as an error located at its article (for --strict)."""
    files = {a.slug: a.source_file for a in checked.issue.articles}
    file = getattr(finding, "file", None) or files.get(finding.article, checked.issue.manifest_file)
    return Problem(f"page {finding.page}: {finding.message} (preflight: {finding.check}, --strict)",
                   Location(file, getattr(finding, "line", None)), "error", f"preflight-{finding.check}",
                   getattr(finding, "hint", None))


def _write_page_map(manifest: Path, target: Path, checked: Checked, layout) -> Path | None:
    """Beside a PDF in the default build folder, keep the page map that `preview` numbers from."""
    from newsletter_cli import pagemap

    try:
        if target.parent.resolve() != default_output(manifest).parent.resolve():
            return None  # --output elsewhere: leave that folder holding only the PDF
    except OSError:
        return None
    path = pagemap.map_path(manifest)
    return path if pagemap.save(path, pagemap.from_layout(checked.issue, checked.theme, layout)) else None


def _as_error(problem: Problem) -> Problem:
    from dataclasses import replace

    return replace(problem, severity="error", message=problem.message + " (--strict)")

