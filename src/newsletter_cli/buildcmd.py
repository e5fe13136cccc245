"""`newsletter build`: its work and what it prints, without Typer.

A plain command line (`buildcmd.plain`) is run from here before Typer is imported at all:
Typer's import is 0.03-0.04 s, and its parsing imports pydantic and builds a TypeAdapter per
parameter (about 0.05 s more), where a build cache hit takes 0.04 s in all. The Typer command
(`cli.build`) calls `run` with what it parsed, so both ways print and exit alike.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

FORMATS = ("text", "json")
STANDARDS = ("ua1-a2a", "none")
_MISSED: list[str] = []  # the build cache key `plain` looked up in vain (not looked up again)


def echo(text: str, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def say(text: str, err: bool = False) -> None:
    """One line of output that may quote user text (paths, titles): escaped, like every message."""
    from newsletter_cli.errors import printable

    echo(printable(text), err=err)


def print_problems(problems, err: bool = True) -> None:
    """Errors first, each as `FILE:LINE:COL: severity: message`, its source line with a caret and a
    hint; coloured on a terminal, plain text when piped (see diagnostics.py)."""
    from newsletter_cli import diagnostics

    diagnostics.show(list(problems), sys.stderr if err else sys.stdout)


def echo_json(data: dict) -> None:
    from newsletter_cli import diagnostics

    echo(diagnostics.json_text(data))


def run(manifest: Path | None, output: Path | None, strict: bool, output_format: str, pdf_standard: str,
        no_build_cache: bool, started: float | None = None) -> int:
    """Build the issue (or take it from the build cache) and print the report; the exit code.
    `output_format` and `pdf_standard` are valid (the callers check them)."""
    import time

    started = time.perf_counter() if started is None else started
    started_ns = time.time_ns()
    as_json = output_format.lower() == "json"
    pdf_standard = pdf_standard.lower()
    if manifest is None:
        from newsletter_cli.preview import newest_manifest

        manifest = newest_manifest()
        if manifest is None:
            echo("error: no manifest given and none found under issues/", err=True)
            return 2
    # the build cache (buildcache.py): an unchanged issue's PDF and report, before the schema, the
    # layout and ReportLab are imported
    from newsletter_cli import buildcache

    target = output or Path("build") / f"{manifest.stem}.pdf"  # build.default_output
    entry_key = buildcache.key(manifest, output, strict, pdf_standard, target)
    if not no_build_cache and entry_key not in _MISSED and _from_cache(entry_key, manifest, target, as_json, started):
        return 0
    from newsletter_cli.build import build as run_build
    from newsletter_cli.errors import NewsletterError

    try:
        result = run_build(manifest, output, strict=strict, pdf_standard=pdf_standard)
    except NewsletterError as exc:
        warnings = getattr(exc, "warnings", [])
        if as_json:
            echo_json({"output": None, "errors": [p.as_dict() for p in exc.problems],
                       "warnings": [p.as_dict() for p in warnings]})
            return 1
        print_problems(exc.problems + warnings)
        echo(f"build failed: {len(exc.problems)} error(s)"
             + (f", {len(warnings)} warning(s)" if warnings else "")
             + (" (warnings and preflight findings are errors under --strict)" if strict else ""), err=True)
        return 1
    if result.output == target:
        buildcache.record(entry_key, result, started_ns)
    _report(result, as_json)
    return 0


def plain(args: list[str]) -> int | None:
    """`newsletter build ARGS` for a plain command line: MANIFEST, `--output`/`-o PATH`, `--strict`,
    `--no-build-cache`, `--format` and `--pdf-standard` with a valid value, each at most once
    (`--name VALUE` or `--name=VALUE`); the exit code. The build cache is looked up first
    (buildcache.py); on a miss the build runs as the Typer command would run it. Anything else
    (help, completion, another or repeated option, a value that starts with '-') is None: the
    command is left to Typer."""
    import time

    started = time.perf_counter()
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None  # shell completion: Typer's
    given: dict[str, object] = {}
    manifest = None
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in ("--output", "-o", "--format", "--pdf-standard"):
            if not rest:
                return None
            name, value = arg, rest.pop(0)
        elif arg.startswith(("--output=", "--format=", "--pdf-standard=")):
            name, _, value = arg.partition("=")
        elif arg in ("--strict", "--no-build-cache"):
            name, value = arg, True
        elif arg.startswith("-") or manifest is not None or not arg:
            return None
        else:
            manifest = arg
            continue
        name = "--output" if name == "-o" else name
        if name in given or value == "" or (isinstance(value, str) and value.startswith("-")):
            return None
        given[name] = value
    output_format = str(given.get("--format", "text")).lower()
    pdf_standard = str(given.get("--pdf-standard", "ua1-a2a")).lower()
    if output_format not in FORMATS or pdf_standard not in STANDARDS:
        return None
    from newsletter_cli import buildcache

    output = Path(given["--output"]) if "--output" in given else None
    strict, no_cache = bool(given.get("--strict", False)), bool(given.get("--no-build-cache", False))
    if manifest is not None and buildcache.enabled() and not no_cache:
        manifest = Path(manifest)
        target = output or Path("build") / f"{manifest.stem}.pdf"  # build.default_output
        entry_key = buildcache.key(manifest, output, strict, pdf_standard, target)
        if _from_cache(entry_key, manifest, target, output_format == "json", started):
            return 0
        _MISSED.append(entry_key)
    return run(Path(manifest) if manifest is not None else None, output, strict, output_format, pdf_standard,
               no_cache, started)


def _from_cache(entry_key, manifest: Path, target: Path, as_json: bool, started: float) -> bool:
    """Write and report the build cache's hit for `entry_key`, if there is one."""
    from newsletter_cli import buildcache

    hit = buildcache.lookup(entry_key, started)
    if hit is None or not _write_hit(hit, manifest, target):
        return False
    _report(hit, as_json)
    return True


def _write_hit(hit, manifest: Path, target: Path) -> bool:
    """Write a build cache hit's PDF (and page map) as the full build would; False (a full build then
    says what is wrong) where the full build would refuse the output or fail to write it."""
    from newsletter_cli.errors import NewsletterError
    from newsletter_cli.pdf.write import check_target, write_atomic

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


def _report(result, as_json: bool) -> None:
    """What a build prints after writing the PDF (the same for a full build and a build cache hit)."""
    if as_json:
        echo_json({"output": str(result.output), "pages": result.pages, "seconds": round(result.seconds, 3),
                   "missing_images": result.missing_images, "standards": list(result.standards),
                   "warnings": [p.as_dict() for p in result.warnings],
                   "preflight": {"counts": result.preflight_counts,
                                 "findings": [f.as_dict() for f in result.preflight]}})
        return
    print_problems(result.warnings)
    missing = (f" ({result.missing_images} image(s) not supplied: placeholder frames drawn)"
               if result.missing_images else "")  # each one is a located warning on stderr
    say(f"wrote {result.output}: {result.pages} pages in {result.seconds:.2f} s{missing}")
    _print_preflight(result)


def _print_preflight(result) -> None:
    """One line of counts, then the findings (at most 20) as a short table."""
    counts = {k: v for k, v in result.preflight_counts.items() if v}
    if not counts:
        echo("preflight: no findings")
        return
    echo("preflight: " + ", ".join(f"{n} {check}" for check, n in counts.items()))
    rows = result.preflight[:20]
    width = max(len(f.article) for f in rows) if rows else 0
    for f in rows:
        where = getattr(f, "where", "")
        say(f"  p{f.page:<4} {f.check:<17} {f.article:<{width}}  {f.message}")
        if where:
            hint = getattr(f, "hint", None)
            say(f"        {where}" + (f" (hint: {hint})" if hint else ""))
    if len(result.preflight) > len(rows):
        echo(f"  … and {len(result.preflight) - len(rows)} more (--format json lists them all)")
