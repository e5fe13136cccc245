"""The one family of user errors: every problem carries where it was found.

A `Problem` is a located diagnostic (error or warning). `NewsletterError` carries one or
more problems; the CLI prints each as one line `FILE:LINE:COL: severity: message` and exits 1.
Nothing here imports a third-party library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# What is never sent to a terminal as it is: C0 and C1 controls (a newline or carriage return
# would let a file name or key forge a line of its own), DEL, bidi controls and marks, line and
# paragraph separators, the other invisible format characters, and lone surrogates (which no
# encoder writes: `print` would fail).
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f"
                          "\u2028-\u202e\u2060-\u206f\u3164\ufeff\ufff9-\ufffb\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """`text` safe to print: the one escaping of every user string in every message (text and JSON).

    A tab is a space; every character above is written as an escape (\\n, \\x1b, \\u202e, \\udfff)."""
    if not isinstance(text, str):
        text = str(text)
    return _UNPRINTABLE.sub(_escape, text.replace("\t", " "))


def _escape(match: "re.Match[str]") -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.col is not None:
                text += f":{self.col}"
        return text


@dataclass(frozen=True)
class Problem:
    message: str
    location: Location
    severity: str = "error"  # "error" or "warning"
    code: str = "error"
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return printable(text)

    def as_dict(self) -> dict:
        return {
            "file": printable(self.location.file),
            "line": self.location.line,
            "col": self.location.col,
            "severity": self.severity,
            "code": self.code,
            "message": printable(self.message),
            "hint": None if self.hint is None else printable(self.hint),
        }


class NewsletterError(Exception):
    """A mistake in the user's input. Never a bug: bugs are other exceptions.

    `problems` are the errors; `warnings`, found in the same run, may be given beside them.
    """

    def __init__(self, problems: list[Problem] | Problem, warnings: list[Problem] | None = None):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.warnings = list(warnings or [])
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, file: str | Path, message: str, line: int | None = None,
           col: int | None = None, code: str = "error", hint: str | None = None) -> "NewsletterError":
        return cls(Problem(message, Location(str(file), line, col), "error", code, hint))


MAX_PER_FILE = 1000  # problems listed for one file


@dataclass
class Report:
    """Collects problems while a stage keeps going, so the user sees them all at once."""

    problems: list[Problem] = field(default_factory=list)
    counted: dict = field(default_factory=dict, repr=False)  # file -> problems reported in it

    def error(self, file, message, line=None, col=None, code="error", hint=None) -> None:
        self._add(Problem(message, Location(str(file), line, col), "error", code, hint))

    def warning(self, file, message, line=None, col=None, code="warning", hint=None) -> None:
        self._add(Problem(message, Location(str(file), line, col), "warning", code, hint))

    def full(self, file) -> bool:
        """Whether `file` has MAX_PER_FILE problems: more are counted, not listed (nor located)."""
        return self.counted.get(str(file), 0) >= MAX_PER_FILE

    def _add(self, problem: Problem) -> None:
        file = problem.location.file
        self.counted[file] = self.counted.get(file, 0) + 1
        if self.counted[file] <= MAX_PER_FILE:
            self.problems.append(problem)
            return
        # past the limit (60,000 refused links in one article): one note per severity, so that an
        # error beyond it still fails the build
        note = f"more than {MAX_PER_FILE} problems in this file: the further {problem.severity}s are not listed"
        if not any(p.message == note and p.location.file == file for p in self.problems[-2:]):
            self.problems.append(Problem(note, Location(file), problem.severity, "too-many",
                                         "correct the ones listed, then check again"))

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise NewsletterError(self.errors)
