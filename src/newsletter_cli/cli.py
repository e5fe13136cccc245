"""The command line: thin wrappers that call the pipeline and print its results.

Heavy modules (pydantic, ReportLab) are imported inside the commands, so `--help` and
`--version` stay fast. User errors print as `FILE:LINE:COL: error: message` and exit 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from newsletter_cli import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Compose a branded PDF newsletter from a YAML manifest and Markdown articles.",
)


def _version(value: bool):
    if value:
        typer.echo(f"newsletter {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="Print the version and exit."),
):
    """newsletter: manifest (YAML) + articles (Markdown) -> designed PDF."""


def _print_problems(problems, err: bool = True) -> None:
    for problem in sorted(problems, key=lambda p: p.severity != "error"):
        typer.echo(str(problem), err=err)


def _manifests(paths: list[Path]) -> list[Path]:
    if paths:
        return paths
    found = sorted(Path("issues").glob("*.yaml")) + sorted(Path("issues").glob("*.yml"))
    if not found:
        typer.echo("error: no manifests given and none found under issues/", err=True)
        raise typer.Exit(2)
    return found


@app.command()
def build(
    manifest: Path = typer.Argument(..., help="The issue manifest, e.g. issues/076.yaml."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write the PDF "
                                          "(default: build/<manifest name>.pdf)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (e.g. missing photos) as errors."),
):
    """Build the whole issue into one PDF."""
    from newsletter_cli.build import build as run_build
    from newsletter_cli.errors import NewsletterError

    try:
        result = run_build(manifest, output, strict=strict)
    except NewsletterError as exc:
        _print_problems(exc.problems)
        typer.echo(f"build failed: {len(exc.problems)} error(s)", err=True)
        raise typer.Exit(1)
    _print_problems(result.warnings)
    typer.echo(f"wrote {result.output}: {result.pages} pages in {result.seconds:.2f} s")
    if result.missing_images:
        typer.echo(f"warning: {result.missing_images} image(s) not supplied; placeholder frames drawn",
                   err=True)


@app.command()
def validate(
    manifests: Optional[list[Path]] = typer.Argument(None, help="Manifests to check "
                                                      "(default: every issues/*.yaml)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
):
    """Check manifests, articles, images and theme without building."""
    from newsletter_cli.build import check
    from newsletter_cli.errors import NewsletterError

    errors = warnings = 0
    for manifest in _manifests(manifests or []):
        try:
            checked = check(manifest)
        except NewsletterError as exc:
            _print_problems(exc.problems)
            errors += len(exc.problems)
            continue
        _print_problems(checked.warnings)
        warnings += len(checked.warnings)
    typer.echo(f"{errors} error(s), {warnings} warning(s)")
    if errors or (strict and warnings):
        raise typer.Exit(1)


@app.command()
def preview(
    manifest: Optional[Path] = typer.Argument(None, help="The issue manifest (default: the newest "
                                              "issues/*.yaml, by number)."),
    section: Optional[str] = typer.Option(None, "--section", "-s", help="The section to preview: its "
                                          "kind (essays) or its title, in any case."),
    article: Optional[str] = typer.Option(None, "--article", "-a", help="Preview one article: its slug "
                                          "or file name (e.g. customs-integrity)."),
    png: bool = typer.Option(False, "--png", help="Also write the pages as PNG images and a contact "
                             "sheet of reading spreads."),
    dpi: int = typer.Option(100, "--dpi", min=30, max=600, help="Resolution of the PNG pages."),
    watch: bool = typer.Option(False, "--watch", help="Rebuild on every save of the manifest, an "
                               "article, an image or the theme (Ctrl-C stops)."),
    open_viewer: bool = typer.Option(False, "--open", help="Open the preview in the system's PDF viewer."),
):
    """Lay out one section (or article), numbered as in the full issue: build/<issue>-<section>.pdf."""
    from newsletter_cli.preview import command

    raise typer.Exit(command(manifest, section, article, png=png, dpi=dpi, watch=watch,
                             open_viewer=open_viewer))


@app.command()
def new(
    number: str = typer.Argument(..., help="The number of the new issue, e.g. 077."),
    source: Optional[Path] = typer.Option(None, "--from", help="The issue to start from (default: the "
                                          "newest issues/*.yaml, by number)."),
):
    """Start the next issue from the newest one: manifest, section structure, template articles."""
    from newsletter_cli.scaffold import command

    raise typer.Exit(command(number, source))


def main() -> None:
    """Entry point: run the app; an unexpected failure is one line, never a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # a bug, not a user error: say so plainly
        typer.echo(f"newsletter: internal error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("please report this with the input that caused it", err=True)
        sys.exit(3)
