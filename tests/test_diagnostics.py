"""How problems are shown: newsletter_cli.diagnostics (plain text, Rich on a terminal, JSON)."""

from __future__ import annotations

import io
import json

from newsletter_cli import diagnostics
from newsletter_cli.diagnostics import Sources, excerpt, ordered, plain_text, printable, render, show
from newsletter_cli.errors import Location, Problem


def problem(file="a.md", line=None, col=None, message="m", severity="error", hint=None, code="x"):
    return Problem(message, Location(file, line, col), severity, code, hint)


def test_one_problem_with_source_caret_and_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "001.yaml").write_text("publication: T\nperod: Spring\n", encoding="utf-8")
    p = problem("001.yaml", 2, 1, "unknown key 'perod'", hint="did you mean 'period'?")
    assert plain_text([p], Sources()).splitlines() == [
        "001.yaml:2:1: error: unknown key 'perod'",
        " 2 | perod: Spring",
        "   | ^~~~~",
        "  hint: did you mean 'period'?",
    ]


def test_caret_under_the_column_with_tabs_and_wide_characters():
    text, marker = excerpt("\t中文 x: [oops", 8)
    assert text == " 中文 x: [oops"
    # the tab shows as one space, each CJK character takes two columns
    assert marker.index("^") == 1 + 2 + 2 + 1 + 2 + 1
    assert text[marker.index("^") - 2] == "["


def test_without_a_column_the_line_is_shown_without_caret(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("one\ntwo\n", encoding="utf-8")
    assert [kind for _, kind in render(problem(line=2), Sources())] == ["head", "source"]


def test_no_line_no_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("x\n", encoding="utf-8")
    assert plain_text([problem()], Sources()) == "a.md: error: m"


def test_a_line_past_the_end_or_a_missing_file_shows_no_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("x\n", encoding="utf-8")
    assert plain_text([problem(line=99, col=1)], Sources()) == "a.md:99:1: error: m"
    assert plain_text([problem("nope.md", 1, 1)], Sources()) == "nope.md:1:1: error: m"


def test_long_lines_are_cut_around_the_column():
    source = "x" * 5000 + "!" + "y" * 5000
    text, marker = excerpt(source, 5001)
    assert len(text) <= diagnostics.WIDTH + 2 and text.startswith("…") and text.endswith("…")
    assert text[marker.index("^")] == "!"


def test_escape_sequences_never_reach_the_terminal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("title: \x1b[2J\x1b[31mred\u202e gnp.exe\n", encoding="utf-8")
    p = problem(line=1, col=8, message="unknown key '\x1b]0;owned\x07'", hint="\x1b[1mhint")
    out = plain_text([p], Sources())
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b[2J" in out and "\\u202e" in out and "\\x07" in out


def test_binary_lines_are_not_shown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_bytes(bytes(range(256)) * 4)
    assert plain_text([problem(line=1, col=1)], Sources()) == "a.md:1:1: error: m"


def test_latin1_line_shown_with_the_bad_byte_escaped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_bytes("period: Früh\n".encode("latin-1"))
    lines = plain_text([problem("a.yaml", 1, 11)], Sources()).splitlines()
    assert lines[1] == " 1 | period: Fr\\xfch" and lines[2].index("^") == lines[1].index("\\xfc")


def test_errors_first_then_by_file_and_line_without_duplicates():
    problems = [problem("b.md", 3, 1, "w1", "warning"), problem("a.md", 9, 1, "e2"), problem("b.md", 2, 5, "e1"),
                problem("a.md", 1, 1, "e0"), problem("a.md", 9, 1, "e2"), problem("c.md", None, None, "e3")]
    assert [p.message for p in ordered(problems)] == ["e1", "e0", "e2", "e3", "w1"]


def test_summary():
    assert diagnostics.summary([problem(), problem(severity="warning"), problem("b")]) == "2 error(s), 1 warning(s)"


def test_json_format():
    data = json.loads(diagnostics.as_json([problem("a.md", 2, 3, "x", "warning", "h", "glyph"), problem("b.md")],
                                          ["a.yaml"]))
    assert data == {
        "version": 1, "files": ["a.yaml"], "errors": 1, "warnings": 1,
        "problems": [
            {"file": "b.md", "line": None, "col": None, "severity": "error", "code": "x", "message": "m",
             "hint": None},
            {"file": "a.md", "line": 2, "col": 3, "severity": "warning", "code": "glyph", "message": "x",
             "hint": "h"},
        ]}


def test_rich_colours_on_a_terminal_and_never_reads_markup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / "a.md").write_text("[bold]x[/bold] here\n", encoding="utf-8")
    stream = io.StringIO()
    show([problem(line=1, col=1, message="[red]not markup[/red]", hint="[link=x]y")], stream, colour=True)
    out = stream.getvalue()
    assert "\x1b[" in out  # coloured
    plain = __import__("re").sub(r"\x1b\[[0-9;]*m", "", out)
    assert "a.md:1:1: error: [red]not markup[/red]" in plain
    assert " 1 | [bold]x[/bold] here" in plain and "  hint: [link=x]y" in plain


def test_plain_when_not_a_terminal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    stream = io.StringIO()
    show([problem(message="x")], stream)
    assert stream.getvalue() == "a.md: error: x\n"


def test_no_color_wins(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setenv("NO_COLOR", "1")
    stream = Tty()
    show([problem(message="x")], stream)
    assert "\x1b" not in stream.getvalue()


def test_printable_keeps_ordinary_text():
    assert printable("Café – “quoted” 中文 ★") == "Café – “quoted” 中文 ★"


# --- thousands of problems (60,000 refused links in one article) -------------------------------

def test_at_most_max_shown_problems_are_printed_and_the_rest_counted():
    many = [problem("a.md", n + 1, 1, f"bad {n}") for n in range(230)] + [
        problem("a.md", 500 + n, 1, "w", severity="warning") for n in range(5)]
    lines = plain_text(many).splitlines()
    assert sum(1 for line in lines if ": error: bad" in line) == diagnostics.MAX_SHOWN == 200
    assert lines[-1] == "… and 30 more error(s) and 5 more warning(s) not shown (--format json lists them all)"
    assert plain_text(many[:3]).splitlines()[-1] == "a.md:3:1: error: bad 2"  # few: all, no count line


def test_a_report_lists_at_most_max_per_file_problems_and_never_hides_an_error():
    from newsletter_cli.errors import MAX_PER_FILE, Report

    report = Report()
    for n in range(MAX_PER_FILE + 500):
        report.warning("a.md", f"w {n}", n + 1)
    assert len(report.problems) == MAX_PER_FILE + 1 and not report.errors and report.full("a.md")
    report.error("a.md", "an error past the limit", 9999)  # still fails the build
    assert [p.message for p in report.errors] == [
        f"more than {MAX_PER_FILE} problems in this file: the further errors are not listed"]
    report.error("b.md", "another file", 1)
    assert report.problems[-1].message == "another file" and not report.full("b.md")


def test_a_megabyte_line_is_looked_at_only_where_it_is_shown():
    line = "\x01" * 500_000 + "x" * 200  # (the binary test used to read the whole line for each problem)
    assert excerpt(line, 500_100) is not None
    assert excerpt(line, 3) is None  # where it is shown it is binary
