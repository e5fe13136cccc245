"""The command line: thin wrappers that call the pipeline and print its results.

Heavy modules (ReportLab, the layout) are imported inside the commands, so `--help` and
`--version` stay fast. User errors print as `FILE:LINE:COL: error: message` and exit 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from newsletter_cli import __version__, gcpause

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


def _say(text: str, err: bool = False) -> None:
    """One line of output that may quote user text (paths, titles): escaped, like every message."""
    from newsletter_cli.errors import printable

    typer.echo(printable(text), err=err)


def _print_problems(problems, err: bool = True) -> None:
    """Errors first, each as `FILE:LINE:COL: severity: message`, its source line with a caret and a
    hint; coloured on a terminal, plain text when piped (see diagnostics.py)."""
    from newsletter_cli import diagnostics

    diagnostics.show(list(problems), sys.stderr if err else sys.stdout)


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

    started, started_ns = time.perf_counter(), time.time_ns()
    if output_format.lower() not in ("text", "json"):
        raise typer.BadParameter(f"'{output_format}' is not one of text, json", param_hint="'--format'")
    as_json = output_format.lower() == "json"
    if pdf_standard.lower() not in ("ua1-a2a", "none"):
        raise typer.BadParameter(f"'{pdf_standard}' is not one of ua1-a2a, none", param_hint="'--pdf-standard'")
    if manifest is None:
        from newsletter_cli.preview import newest_manifest

        manifest = newest_manifest()
        if manifest is None:
            typer.echo("error: no manifest given and none found under issues/", err=True)
            raise typer.Exit(2)
    # the build cache (buildcache.py): an unchanged issue's PDF and report, before the schema, the
    # layout and ReportLab are imported
    from newsletter_cli import buildcache

    target = output or Path("build") / f"{manifest.stem}.pdf"  # build.default_output
    entry_key = buildcache.key(manifest, output, strict, pdf_standard.lower(), target)
    if not no_build_cache and entry_key != _MISSED and _from_cache(entry_key, manifest, target, as_json, started):
        return
    from newsletter_cli.build import build as run_build
    from newsletter_cli.errors import NewsletterError

    try:
        result = run_build(manifest, output, strict=strict, pdf_standard=pdf_standard.lower())
    except NewsletterError as exc:
        warnings = getattr(exc, "warnings", [])
        if as_json:
            _echo_json({"output": None, "errors": [p.as_dict() for p in exc.problems],
                        "warnings": [p.as_dict() for p in warnings]})
            raise typer.Exit(1)
        _print_problems(exc.problems + warnings)
        typer.echo(f"build failed: {len(exc.problems)} error(s)"
                   + (f", {len(warnings)} warning(s)" if warnings else "")
                   + (" (warnings and preflight findings are errors under --strict)" if strict else ""), err=True)
        raise typer.Exit(1)
    if result.output == target:
        buildcache.record(entry_key, result, started_ns)
    _report_build(result, as_json)


_MISSED: str | None = None  # the build cache key `_plain_build` looked up in vain (not again)


def _from_cache(entry_key, manifest: Path, target: Path, as_json: bool, started: float) -> bool:
    """Write and report the build cache's hit for `entry_key`, if there is one."""
    from newsletter_cli import buildcache

    hit = buildcache.lookup(entry_key, started)
    if hit is None or not _write_hit(hit, manifest, target):
        return False
    _report_build(hit, as_json)
    return True


def _plain_build(args: list[str]) -> bool:
    """`newsletter build ARGS` without Typer, for a plain command line: Typer's parsing imports
    pydantic and builds a TypeAdapter per parameter (about 0.05 s: a build cache hit's whole cost,
    a tenth of a full build). Only plain command lines are taken here: MANIFEST, `--output`/`-o
    PATH`, `--strict`, `--no-build-cache`, `--format` and `--pdf-standard` with a valid value,
    each at most once (`--name VALUE` or `--name=VALUE`). The build cache is looked up first
    (buildcache.py); on a miss the `build` command runs as Typer would call it. Anything else
    (help, completion, another or repeated option, a value that starts with '-') returns False
    and the command runs as Typer parses it."""
    import time

    started = time.perf_counter()
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return False  # shell completion: Typer's
    given: dict[str, object] = {}
    manifest = None
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in ("--output", "-o", "--format", "--pdf-standard"):
            if not rest:
                return False
            name, value = arg, rest.pop(0)
        elif arg.startswith(("--output=", "--format=", "--pdf-standard=")):
            name, _, value = arg.partition("=")
        elif arg in ("--strict", "--no-build-cache"):
            name, value = arg, True
        elif arg.startswith("-") or manifest is not None or not arg:
            return False
        else:
            manifest = arg
            continue
        name = "--output" if name == "-o" else name
        if name in given or value == "" or (isinstance(value, str) and value.startswith("-")):
            return False
        given[name] = value
    output_format = str(given.get("--format", "text")).lower()
    pdf_standard = str(given.get("--pdf-standard", "ua1-a2a")).lower()
    if output_format not in ("text", "json") or pdf_standard not in ("ua1-a2a", "none"):
        return False
    from newsletter_cli import buildcache

    output = Path(given["--output"]) if "--output" in given else None
    strict, no_cache = bool(given.get("--strict", False)), bool(given.get("--no-build-cache", False))
    if manifest is not None and buildcache.enabled() and not no_cache:
        manifest = Path(manifest)
        target = output or Path("build") / f"{manifest.stem}.pdf"  # build.default_output
        entry_key = buildcache.key(manifest, output, strict, pdf_standard, target)
        if _from_cache(entry_key, manifest, target, output_format == "json", started):
            return True
        global _MISSED
        _MISSED = entry_key
    try:
        build(Path(manifest) if manifest is not None else None, output, strict, output_format, pdf_standard, no_cache)
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    return True


def _write_hit(hit, manifest: Path, target: Path) -> bool:
    """Write a build cache hit's PDF (and page map) as the full build would; False (a full build then
    says what is wrong) where the full build would refuse the output or fail to write it."""
    from newsletter_cli.errors import NewsletterError
    from newsletter_cli.output import check_target, write_atomic

    try:
        check_target(target, hit.inputs + [manifest], hit.folders)
        write_atomic(target, hit.pdf)
    except NewsletterError:
        return False
    if hit.page_map is not None:
        try:
            write_atomic(Path(hit.page_map[0]), hit.page_map[1].encode("utf-8"))
        except NewsletterError:
            pass  # as the full build: a page map that cannot be written is not an error
    return True


def _report_build(result, as_json: bool) -> None:
    """What a build prints after writing the PDF (the same for a full build and a build cache hit)."""
    if as_json:
        _echo_json({"output": str(result.output), "pages": result.pages, "seconds": round(result.seconds, 3),
                    "missing_images": result.missing_images, "standards": list(result.standards),
                    "warnings": [p.as_dict() for p in result.warnings],
                    "preflight": {"counts": result.preflight_counts,
                                  "findings": [f.as_dict() for f in result.preflight]}})
        return
    _print_problems(result.warnings)
    missing = (f" ({result.missing_images} image(s) not supplied: placeholder frames drawn)"
               if result.missing_images else "")  # each one is a located warning on stderr
    _say(f"wrote {result.output}: {result.pages} pages in {result.seconds:.2f} s{missing}")
    _print_preflight(result)


def _echo_json(data: dict) -> None:
    from newsletter_cli import diagnostics

    typer.echo(diagnostics.json_text(data))


def _print_preflight(result) -> None:
    """One line of counts, then the findings (at most 20) as a short table."""
    counts = {k: v for k, v in result.preflight_counts.items() if v}
    if not counts:
        typer.echo("preflight: no findings")
        return
    typer.echo("preflight: " + ", ".join(f"{n} {check}" for check, n in counts.items()))
    rows = result.preflight[:20]
    width = max(len(f.article) for f in rows) if rows else 0
    for f in rows:
        where = getattr(f, "where", "")
        _say(f"  p{f.page:<4} {f.check:<17} {f.article:<{width}}  {f.message}")
        if where:
            hint = getattr(f, "hint", None)
            _say(f"        {where}" + (f" (hint: {hint})" if hint else ""))
    if len(result.preflight) > len(rows):
        typer.echo(f"  … and {len(result.preflight) - len(rows)} more (--format json lists them all)")


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
    from newsletter_cli.source.command import command

    raise typer.Exit(command(files, issue, section, output))


def main() -> None:
    """Entry point: run the app; an unexpected failure is one line, never a traceback."""
    gcpause.pause()  # a one-shot process: see gcpause.py (build and preview resume it)
    # Typer builds pydantic adapters for a command's parameters (our own schema does not use
    # pydantic), and pydantic looks for plugins in the entry points of every installed
    # distribution the first time one is built (about 10 ms here, more with more packages); the
    # CLI uses none. This is pydantic's documented switch; a value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for stream in (sys.stdout, sys.stderr):  # never UnicodeEncodeError: whatever is left is escaped
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    try:
        if sys.argv[1:2] == ["build"] and _plain_build(sys.argv[2:]):
            return  # without Typer's parsing (and an unchanged issue from the build cache)
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # a bug, not a user error: say so plainly
        from newsletter_cli.errors import printable

        typer.echo(printable(f"newsletter: internal error: {type(exc).__name__}: {exc}"), err=True)
        typer.echo("please report this with the input that caused it", err=True)
        sys.exit(3)
    finally:
        gcpause.finish()  # the process ends here: see gcpause.py
