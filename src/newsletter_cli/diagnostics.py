"""Show problems to a person or a program.

Each problem is one line `FILE:LINE:COL: error|warning: message`, then, where it helps, the
source line with a caret under the column and a `hint:` line:

    issues/076.yaml:3:1: error: unknown key 'perod'
        3 | perod: January–March 2022
          | ^~~~~
      hint: did you mean 'period'?

Errors come first, then warnings; within each, files in the order they were met and lines in
order. On a terminal the same text is coloured with Rich; piped, it is plain text; `--format
json` gives one JSON object. Everything that came from the input (messages quote it, source
lines are it) is made printable first, so a file cannot move the cursor or recolour the
terminal with escape sequences, and Rich never reads it as markup.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterable, TextIO

from newsletter_cli.errors import _UNPRINTABLE, Problem, printable  # noqa: F401 - printable: one escaping for all

FORMAT_VERSION = 1
MAX_SOURCE_BYTES = 2_000_000  # larger files are not read again to show a line
WIDTH = 100  # columns of a source line shown around the caret
MAX_SHOWN = 200  # problems printed as text; the rest are counted (JSON has them all)
_WORD = re.compile(r"[\w./-]+")


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Without duplicates; errors first; by file (in the order first met), line and column."""
    unique = list(dict.fromkeys(problems))
    files: dict[str, int] = {}
    for problem in unique:
        files.setdefault(problem.location.file, len(files))
    return sorted(unique, key=lambda p: (p.severity != "error", files[p.location.file],
                                         p.location.line or 0, p.location.col or 0))


def counts(problems: list[Problem]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors


def summary(problems: list[Problem]) -> str:
    errors, warnings = counts(problems)
    return f"{errors} error(s), {warnings} warning(s)"


class Sources:
    """Lines of the files that problems point into, read once each (and only small text files)."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def line(self, file: str, number: int | None) -> str | None:
        if number is None or number < 1:
            return None
        if file not in self._lines:
            self._lines[file] = self._read(file)
        lines = self._lines[file]
        if lines is None or number > len(lines):
            return None
        return lines[number - 1]

    @staticmethod
    def _read(file: str) -> list[str] | None:
        from newsletter_cli.paths import Unreadable, read_regular

        try:
            data = read_regular(Path(file), MAX_SOURCE_BYTES)
        except (Unreadable, OSError, ValueError):
            return None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None  # UTF-16: its lines would be noise
        text = data.decode("utf-8", errors="backslashreplace")  # a bad byte shows as \xa3
        return text.removeprefix("\ufeff").split("\n")


def _width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def excerpt(source: str, col: int | None) -> tuple[str, str] | None:
    """(the source line made printable, the marker line under it), cut to WIDTH columns."""
    source = source.rstrip("\r\n")
    col = col if col and 1 <= col <= len(source) + 1 else None
    start = 0
    if col and col > WIDTH - 20:
        start = col - (WIDTH // 2)
    end = start + WIDTH
    shown_part = source[start:end]  # only what is shown is looked at: a megabyte line has many problems
    if sum(1 for ch in shown_part if ch == "\ufffd" or _UNPRINTABLE.match(ch)) > max(2, len(shown_part) / 5):
        return None  # binary data: nothing to look at
    shown = ("…" if start else "") + source[start:end] + ("…" if len(source) > end else "")
    prefix_chars = ("…" if start else "") + (source[start:col - 1] if col else "")
    text = printable(shown)
    if col is None:
        return text, ""
    pad = sum(_width(ch) for ch in printable(prefix_chars))
    word = _WORD.match(source, col - 1)
    length = max(1, min(len(word.group(0)) if word else 1, 40))
    return text, " " * pad + "^" + "~" * (length - 1)


def render(problem: Problem, sources: Sources | None = None) -> list[tuple[str, str]]:
    """The lines of one problem as (text, kind) pairs; kind: head, gutter+source, marker, hint."""
    loc = problem.location
    lines = [(printable(f"{loc}: {problem.severity}: {problem.message}"), "head")]
    source = sources.line(loc.file, loc.line) if sources else None
    if source is not None:
        cut = excerpt(source, loc.col)
        if cut is not None:
            number = str(loc.line)
            lines.append((f" {number} | {cut[0]}", "source"))
            if cut[1]:
                lines.append((f" {' ' * len(number)} | {cut[1]}", "marker"))
    if problem.hint:
        lines.append((printable(f"  hint: {problem.hint}"), "hint"))
    return lines


def shown_and_left(problems: list[Problem]) -> tuple[list[Problem], str | None]:
    """The problems printed as text (at most MAX_SHOWN, in order), and the line that counts the rest."""
    problems = ordered(problems)
    if len(problems) <= MAX_SHOWN:
        return problems, None
    errors, warnings = counts(problems[MAX_SHOWN:])
    rest = [f"{errors} more error(s)"] if errors else []
    rest += [f"{warnings} more warning(s)"] if warnings else []
    return problems[:MAX_SHOWN], f"… and {' and '.join(rest)} not shown (--format json lists them all)"


def plain_text(problems: list[Problem], sources: Sources | None = None) -> str:
    out = []
    shown, left = shown_and_left(problems)
    for problem in shown:
        out.extend(text for text, _ in render(problem, sources))
    if left:
        out.append(left)
    return "\n".join(out)


def as_json(problems: list[Problem], files: list[str]) -> str:
    ordered_problems = ordered(problems)
    errors, warnings = counts(ordered_problems)
    return json_text({
        "version": FORMAT_VERSION,
        "files": files,
        "errors": errors,
        "warnings": warnings,
        "problems": [p.as_dict() for p in ordered_problems],
    })


def json_text(data) -> str:
    """`data` as indented JSON with every string escaped as in the text report (`printable`)."""
    import json  # only for --format json: text output does without it

    def clean(value):
        if isinstance(value, str):
            return printable(value)
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [clean(v) for v in value]
        return value

    return json.dumps(clean(data), ensure_ascii=False, indent=2)


def show(problems: list[Problem], stream: TextIO, colour: bool | None = None, source_lines: bool = True) -> None:
    """Print problems to `stream`: coloured with Rich on a terminal, plain text otherwise."""
    problems = ordered(problems)
    if not problems:
        return
    sources = Sources() if source_lines else None
    if colour is None:
        colour = _is_terminal(stream)
    if not colour:
        stream.write(plain_text(problems, sources) + "\n")
        stream.flush()
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, highlight=False, markup=False, emoji=False,
                      soft_wrap=True)
    problems, left = shown_and_left(problems)
    for problem in problems:
        for text, kind in render(problem, sources):
            line = Text(text)
            if kind == "head":
                where = len(str(problem.location)) + 1
                severity = problem.severity
                line.stylize("bold", 0, where)
                line.stylize("bold red" if severity == "error" else "bold yellow",
                             where + 1, where + 1 + len(severity) + 1)
                line.stylize("bold", where + len(severity) + 3)
            elif kind == "source":
                bar = text.index("|") + 1
                line.stylize("blue", 0, bar)
            elif kind == "marker":
                bar = text.index("|") + 1
                line.stylize("blue", 0, bar)
                line.stylize("bold green", bar)
            elif kind == "hint":
                line.stylize("cyan", 0, len("  hint:"))
            console.print(line)
    if left:
        console.print(Text(left))


def _is_terminal(stream) -> bool:
    import os

    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False
