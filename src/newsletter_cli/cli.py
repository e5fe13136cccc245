"""The command line: thin wrappers that call the pipeline and print its results.

Heavy modules (ReportLab, the layout) are imported inside the commands, so `--help` and
`--version` stay fast. User errors print as `FILE:LINE:COL: error: message` and exit 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from newsletter_cli import __version__, buildcmd, gcpause
from newsletter_cli.buildcmd import print_problems as _print_problems, say as _say
from newsletter_cli.entry import main  # noqa: F401 - the entry point, as it always was named

app = typer.Typer(
    add_completion=True,  # --install-completion, --show-completion (bash, zsh, fish, PowerShell)
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


def _manifests(paths: list[Path]) -> list[Path]:
    if paths:
        return paths
    found = sorted(Path("issues").glob("*.yaml")) + sorted(Path("issues").glob("*.yml"))
    if not found:
        typer.echo("error: no manifests given and none found under issues/", err=True)
        raise typer.Exit(2)
    return found


def _strict_summary(problems, strict: bool) -> str:
    """The last line: the counts, and under --strict that the warnings fail the check."""
    from newsletter_cli import diagnostics

    errors, warnings = diagnostics.counts(problems)
    text = diagnostics.summary(problems)
    if strict and warnings and not errors:
        text += f": failed, the {warnings} warning(s) are errors under --strict"
    elif strict and warnings:
        text += " (the warnings are errors too under --strict)"
    return text


@app.command()
def build(
    manifest: Optional[Path] = typer.Argument(None, help="The issue manifest, e.g. issues/076.yaml "
                                              "(default: the newest issues/*.yaml, by number)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write the PDF "
                                          "(default: build/<manifest name>.pdf)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (e.g. missing photos) and "
                                "preflight findings as errors."),
    output_format: str = typer.Option("text", "--format", metavar="[text|json]",
                                      help="text: the build line and a preflight table; json: one JSON "
                                      "object (output, pages, seconds, standards, preflight)."),
    pdf_standard: str = typer.Option("ua1-a2a", "--pdf-standard", metavar="[ua1-a2a|none]",
                                     help="ua1-a2a: the PDF claims PDF/UA-1 and PDF/A-2a (default); none: "
                                     "no claim in its metadata. The PDF is tagged either way."),
    no_build_cache: bool = typer.Option(False, "--no-build-cache", help="Build in full even if nothing the "
                                        "last build read has changed (its entry in the build cache is "
                                        "made anew)."),
):
    """Build the whole issue into one PDF, then measure its pages (preflight)."""
    import time

    started = time.perf_counter()
    if output_format.lower() not in buildcmd.FORMATS:
        raise typer.BadParameter(f"'{output_format}' is not one of text, json", param_hint="'--format'")
    if pdf_standard.lower() not in buildcmd.STANDARDS:
        raise typer.BadParameter(f"'{pdf_standard}' is not one of ua1-a2a, none", param_hint="'--pdf-standard'")
    code = buildcmd.run(manifest, output, strict, output_format, pdf_standard, no_build_cache, started)
    if code:
        raise typer.Exit(code)


@app.command()
def validate(
    manifests: Optional[list[Path]] = typer.Argument(None, help="Manifests to check, or folders holding "
                                                      "them (default: every issues/*.yaml)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    output_format: str = typer.Option("text", "--format", metavar="[text|json]",
                                      help="text: one line per problem, with its source line and a hint "
                                      "(coloured on a terminal); json: one JSON object, for CI."),
):
    """Check manifests, articles, images and theme without building.

    Every problem of every file is reported in one run, errors first, then a summary line.
    Exit code 0: no errors (warnings allowed); 1: errors, or warnings with --strict; 2: usage.
    """
    from newsletter_cli import diagnostics
    from newsletter_cli.build import inspect

    if output_format.lower() not in ("text", "json"):
        raise typer.BadParameter(f"'{output_format}' is not one of text, json", param_hint="'--format'")
    from newsletter_cli.paths import is_dir

    paths: list[Path] = []
    for given in manifests or []:
        if is_dir(given):
            found = sorted(given.glob("*.yaml")) + sorted(given.glob("*.yml"))
            if not found:
                _say(f"error: no manifests (*.yaml) in the folder {given}", err=True)
                raise typer.Exit(2)
            paths += found
        else:
            paths.append(given)
    paths = paths or _manifests([])
    problems: list = []
    for manifest in paths:
        problems += inspect(manifest).problems
    problems = diagnostics.ordered(problems)
    errors, warnings = diagnostics.counts(problems)
    if output_format.lower() == "json":  # the report is the output: stdout
        typer.echo(diagnostics.as_json(problems, [str(p) for p in paths]))
    else:  # diagnostics: stderr, as a compiler's
        _print_problems(problems)
        typer.echo(_strict_summary(problems, strict), err=True)
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
    gcpause.resume()  # the layout, and --watch runs for hours
    from newsletter_cli.preview import command

    raise typer.Exit(command(manifest, section, article, png=png, dpi=dpi, watch=watch,
                             open_viewer=open_viewer))


def _issue_number(value: str) -> str:
    import re

    if value is not None and not (re.fullmatch(r"\s*\d{1,5}\s*", value) and int(value) >= 1):
        from newsletter_cli.errors import printable

        raise typer.BadParameter(f"'{printable(value)}' is not an issue number: give a whole number from 1 "
                                 "to 99999, such as 077")
    return value


@app.command()
def new(
    number: str = typer.Argument(..., help="The number of the new issue, e.g. 077.", callback=_issue_number),
    source: Optional[Path] = typer.Option(None, "--from", help="The issue to start from (default: the "
                                          "newest issues/*.yaml, by number)."),
):
    """Start the next issue from the newest one: manifest, section structure, template articles."""
    gcpause.resume()
    from newsletter_cli.scaffold import command

    raise typer.Exit(command(number, source))


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., metavar="FILE.docx", help="Word documents (.docx) to import, "
                                       "one article each."),
    issue: Optional[Path] = typer.Option(None, "--issue", help="The manifest to add the articles to, "
                                         "e.g. issues/077.yaml."),
    section: Optional[str] = typer.Option(None, "--section", help="The section to add them to: its kind "
                                          "(essays) or its title."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write one article to this .md file "
                                          "instead (its photos go to photos/ beside it)."),
):
    """Turn Word documents into articles: Markdown with front matter, photos, and a manifest entry."""
    gcpause.resume()
    from newsletter_cli.importcmd import command

    raise typer.Exit(command(files, issue, section, output))
