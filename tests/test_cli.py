"""The command line, run as a subprocess exactly as a user runs it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLE_ONE, MANIFEST, ROOT, article, make_issue, run_cli

ERROR_LINE = re.compile(r"^[^\s:][^:]*:\d+:\d+: error: \S.*$")
HEAD_LINE = re.compile(r"^[^\s:][^:]*(:\d+(:\d+)?)?: (error|warning): \S.*$")
THEME_WARNING = "rocb.yaml"  # the shipped theme's contrast warnings (see test_theme.py)


def theme_warnings() -> int:
    """How many warnings the shipped theme itself gives (colour pairs below WCAG contrast)."""
    from newsletter_cli.paths import assets_dir
    from newsletter_cli.theme.brand import load_theme

    return len(load_theme(assets_dir() / "themes" / "rocb.yaml").warnings)


def counted(errors: int, warnings: int) -> str:
    return f"{errors} error(s), {warnings} warning(s)"


def heads(text: str) -> list[str]:
    """The first line of each problem (without its source line, caret and hint)."""
    return [line for line in text.splitlines() if HEAD_LINE.match(line)]


def own_heads(text: str) -> list[str]:
    """Problem lines, less the shipped theme's contrast warnings that every build shows."""
    return [line for line in heads(text) if not (THEME_WARNING in line and ": warning: " in line)]


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def assert_clean_failure(result, code: int = 1):
    assert result.returncode == code, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output


# --- help and version --------------------------------------------------------------------------

def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == "newsletter 0.1.0"


def test_help():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "build" in result.stdout and "validate" in result.stdout
    assert "Compose a branded PDF newsletter" in result.stdout


def test_build_help():
    result = run_cli("build", "--help")
    assert result.returncode == 0
    for option in ("--output", "--strict"):
        assert option in result.stdout


def test_validate_help():
    result = run_cli("validate", "--help")
    assert result.returncode == 0 and "--strict" in result.stdout


def test_no_arguments_shows_help():
    result = run_cli()
    assert result.returncode in (0, 2)
    assert "Usage" in result.output and "build" in result.output


def test_unknown_command_exits_2():
    result = run_cli("frobnicate")
    assert_clean_failure(result, 2)
    assert "No such command" in result.stderr


def test_unknown_option_exits_2(small_issue):
    result = run_cli("build", small_issue, "--colour")
    assert_clean_failure(result, 2)


def test_cli_module_does_not_import_reportlab():
    code = "import newsletter_cli.cli, sys; sys.exit('reportlab' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_version_does_not_import_heavy_modules():
    code = ("import sys; sys.argv = ['newsletter', '--version']\n"
            "from newsletter_cli.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.exit(any(m in sys.modules for m in ('reportlab', 'pydantic', 'markdown_it')))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# --- building ----------------------------------------------------------------------------------

def test_build_tiny_issue(small_issue, tmp_path):
    out = tmp_path / "out" / "tiny.pdf"
    result = run_cli("build", small_issue, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    match = re.search(r"^wrote (.+): (\d+) pages in [\d.]+ s$", result.stdout, re.M)
    assert match, result.stdout
    assert Path(match.group(1)).name == "tiny.pdf"
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    assert len(reader.pages) == int(match.group(2))
    text = pdf_text(out)
    assert "A First Article" in text and "A Second Article" in text
    assert "alpha item" in text
    assert own_heads(result.stderr) == [], result.stderr
    assert all(": warning: " in line and "contrast" in line for line in heads(result.stderr))
    assert not [p for p in out.parent.iterdir() if p.name != "tiny.pdf"], "temporary files left behind"


def test_build_default_output_is_build_folder(small_issue, tmp_path):
    result = run_cli("build", small_issue.name, cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert (tmp_path / "build" / "001.pdf").is_file()


BROKEN = MANIFEST.format(number=1, articles="      - 001/01-first.md").replace(
    "period: Spring 2024", "perod: Spring 2024").replace("kind: features", "kind: feature")


def test_broken_manifest_one_line_errors(tmp_path):
    manifest = make_issue(tmp_path, manifest=BROKEN, articles={"01-first.md": ARTICLE_ONE})
    out = tmp_path / "x.pdf"
    result = run_cli("build", manifest.name, "--output", out, cwd=tmp_path)
    assert_clean_failure(result)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in heads(result.stderr) if ": error: " in line]
    assert len(errors) == 2  # the misspelt key (its "missing required key" is the same mistake), bad kind
    n = theme_warnings()  # the theme's contrast warnings are shown too
    assert lines[-1] == "build failed: 2 error(s)" + (f", {n} warning(s)" if n else "")
    for line in errors:
        assert ERROR_LINE.match(line), line
        assert line.startswith("001.yaml:")
    at = lines.index("001.yaml:3:1: error: unknown key 'perod'")
    assert lines[at + 1:at + 4] == [" 3 | perod: Spring 2024", "   | ^~~~~", "  hint: did you mean 'period'?"]
    assert all(lines.index(errors[-1]) < lines.index(w) for w in heads(result.stderr) if ": warning: " in w)
    assert not out.exists()
    assert not result.stdout.strip()


@pytest.mark.parametrize("bad,line", [
    ("malformed.yaml", 4),      # YAML syntax
    ("python-object.yaml", 3),  # unsafe tag
    ("empty.yaml", 1),          # empty
])
def test_bad_yaml_is_a_located_one_line_error(tmp_path, bad, line):
    # the inputs are files of the hostile corpus, tests/hostile/ (see test_hostile.py)
    manifest = tmp_path / "002.yaml"
    manifest.write_bytes((ROOT / "tests" / "hostile" / bad).read_bytes())
    out = tmp_path / "x.pdf"
    previous = b"%PDF-1.4 previous good build\n"
    out.write_bytes(previous)
    result = run_cli("build", manifest.name, "--output", out, cwd=tmp_path)
    assert_clean_failure(result)
    first = result.stderr.splitlines()[0]
    assert ERROR_LINE.match(first) and first.startswith(f"002.yaml:{line}:"), result.stderr
    assert out.read_bytes() == previous and sorted(p.name for p in tmp_path.iterdir()) == ["002.yaml", "x.pdf"]
    assert not (tmp_path / "PWNED").exists()


def test_missing_manifest(tmp_path):
    result = run_cli("build", "nope.yaml", cwd=tmp_path)
    assert_clean_failure(result)
    assert "nope.yaml" in result.stderr and "not found" in result.stderr


def test_strict_with_missing_photo_fails_and_writes_nothing(tmp_path):
    manifest = make_issue(tmp_path, articles={"01-photo.md": article("Photo", """
        Intro.

        ![Caption](photos/missing.jpg){width=60%}
    """)})
    out = tmp_path / "strict.pdf"
    result = run_cli("build", manifest.name, "--output", out, "--strict", cwd=tmp_path)
    assert_clean_failure(result)
    assert re.search(r"^001/01-photo\.md:7:12: error: photo 'photos/missing\.jpg' is not supplied.*\(--strict\)$",
                     result.stderr, re.M), result.stderr
    assert not out.exists()
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*.tmp")) == []
    relaxed = run_cli("build", manifest.name, "--output", out, cwd=tmp_path)
    assert relaxed.returncode == 0 and out.is_file()
    assert "(1 image(s) not supplied: placeholder frames drawn)" in relaxed.stdout


@pytest.mark.parametrize("kind", ["manifest", "layout"])
def test_failed_build_leaves_the_previous_pdf_unchanged(tmp_path, kind):
    if kind == "manifest":
        manifest = make_issue(tmp_path, manifest=BROKEN, articles={"01-first.md": ARTICLE_ONE})
    else:  # passes the checks, fails once laid out: a contents entry cut short, under --strict
        title = " ".join(["Extraordinarily"] * 18)
        manifest = make_issue(tmp_path, articles={"01-long.md": article(title, "Intro.")})
    out = tmp_path / "out" / "issue.pdf"
    out.parent.mkdir()
    previous = b"%PDF-1.4 previous good build\n" + bytes(range(256))
    out.write_bytes(previous)
    result = run_cli("build", manifest.name, "--output", out, "--strict", cwd=tmp_path)
    if kind == "layout":
        assert "(preflight: truncated, --strict)" in result.stderr, result.stderr
    assert_clean_failure(result)
    if kind == "manifest":
        assert ERROR_LINE.match(result.stderr.splitlines()[0]), result.stderr
    else:  # at the title's line in the front matter
        assert result.stderr.startswith("001/01-long.md:2: error: page 2: a contents entry is too long"), result.stderr
    assert out.read_bytes() == previous
    assert sorted(p.name for p in out.parent.iterdir()) == ["issue.pdf"]


def test_output_path_is_a_folder(small_issue, tmp_path):
    (tmp_path / "dir.pdf").mkdir()
    result = run_cli("build", small_issue.name, "--output", "dir.pdf", cwd=tmp_path)
    assert_clean_failure(result)
    assert "output path is a folder" in result.stderr


# --- validate ----------------------------------------------------------------------------------

def test_validate_shipped_issues():
    result = run_cli("validate")
    assert result.returncode == 0, result.output
    # six photos not supplied, and any colour pair of the theme below WCAG contrast
    # diagnostics go to stderr, nothing to stdout
    assert result.stderr.splitlines()[-1] == counted(0, 6 + theme_warnings()), result.stderr
    assert len([h for h in heads(result.stderr) if "is not supplied" in h]) == 6
    assert "Traceback" not in result.output and not result.stdout


def test_validate_named_manifest_strict_fails_on_warnings():
    result = run_cli("validate", "issues/076.yaml", "--strict")
    assert_clean_failure(result)
    assert result.stderr.splitlines()[-1] == counted(0, 6 + theme_warnings()) + \
        f": failed, the {6 + theme_warnings()} warning(s) are errors under --strict"


def test_validate_reports_errors_of_every_manifest(tmp_path):
    good = make_issue(tmp_path / "a")
    bad = make_issue(tmp_path / "b", manifest=BROKEN, articles={"01-first.md": ARTICLE_ONE})
    result = run_cli("validate", good, bad, cwd=tmp_path)
    assert_clean_failure(result)
    # the theme's warnings are the same problems for both issues: shown once
    assert counted(2, theme_warnings()) in result.stderr


def test_validate_without_issues_folder(tmp_path):
    result = run_cli("validate", cwd=tmp_path)
    assert_clean_failure(result, 2)
    assert "no manifests given" in result.stderr


# --- hostile Markdown --------------------------------------------------------------------------

PAYLOAD = ("<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch PWNED') "
           "for Word in [ orgTypeFun( 'Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: 1 == 0, "
           "'__eq__': lambda self, x: self.mutated == 0 and x == 'a', 'mutate': lambda self: "
           "{setattr(self, 'mutated', self.mutated - 1)}, '__hash__': lambda self: hash(str(self)), }, ) ] ] "
           "for orgTypeFun in [type(type(1))] for none in [[].append(1)]]] and 'red'\">x</font>")


def test_reportlab_markup_payloads_are_printed_as_text(tmp_path):
    body = "\n\n".join([
        "Payload: " + PAYLOAD,
        "Unbalanced <b>bold and <i>italic never closed.",
        "Fish & chips cost < 5 > 3 at AT&T;",
        "## A heading with <b>tags</b> & more",
        "- an item with <u>markup</u> & an ampersand",
        "| head <i>1</i> | head 2 |\n|---|---|\n| <font size=99>cell</font> | a & b |",
    ])
    manifest = make_issue(tmp_path, articles={"01-payload.md": article("Payload <b> & test", body)})
    out = tmp_path / "payload.pdf"
    result = run_cli("build", manifest.name, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert not (tmp_path / "PWNED").exists() and not (ROOT / "PWNED").exists()
    text = re.sub(r"\s+", " ", pdf_text(out))
    for literal in [
        "<font color=\"[[[getattr(pow, Word(",           # '__globals__' is Markdown strong emphasis
        "['os'].system('touch PWNED') for Word in [",
        "for orgTypeFun in [type(type(1))] for none in [[].append(1)]]] and 'red'\">x</font>",
        # inline formatting tags set their text (our spans' flags: no markup reaches ReportLab)
        "Unbalanced bold and italic never closed.",
        "Fish & chips cost < 5 > 3 at AT&T;",
        "A heading with tags & more",
        "an item with markup & an ampersand",
        "<font size=99>cell</font>", "a & b", "head 1",
        "Payload <b> & test",  # (a title is plain text: no Markdown, no tags)
    ]:
        assert literal in text, literal


def test_payload_in_front_matter_is_text(tmp_path):
    front = "dateline: \"<font color=red>9 May</font> & <br/>\"\nsource: \"<b>Source\"\n"
    manifest = make_issue(tmp_path, articles={"01-x.md": article("T <i>", "Body.", front)})
    out = tmp_path / "fm.pdf"
    result = run_cli("build", manifest.name, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    text = re.sub(r"\s+", " ", pdf_text(out))
    assert "<font color=red>9 May</font> & <br/>" in text
    assert "T <i>" in text


def test_javascript_link_fails_the_build(tmp_path):
    manifest = make_issue(tmp_path, articles={"01-x.md": article("JS", "Click [here](javascript:alert(1)).")})
    (tmp_path / "js.pdf").write_bytes(b"%PDF-1.4 previous good build\n")
    result = run_cli("build", manifest.name, "--output", tmp_path / "js.pdf", cwd=tmp_path)
    assert_clean_failure(result)
    assert result.stderr.startswith("001/01-x.md:5:14: error: link 'javascript:alert(1)' is not allowed")
    assert (tmp_path / "js.pdf").read_bytes() == b"%PDF-1.4 previous good build\n"


def test_a_relative_link_builds_with_a_warning_and_strict_refuses_it(tmp_path):
    manifest = make_issue(tmp_path, articles={"01-x.md": article("Round-up", "Read [the last issue](/issues/75).")})
    out = tmp_path / "r.pdf"
    result = run_cli("build", manifest.name, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert "001/01-x.md:5:23: warning: link '/issues/75' is not a web or e-mail address" in result.stderr
    assert "Read the last issue." in re.sub(r"\s+", " ", pdf_text(out))
    strict = run_cli("build", manifest.name, "--output", tmp_path / "s.pdf", "--strict", cwd=tmp_path)
    assert strict.returncode != 0 and not (tmp_path / "s.pdf").exists()


def test_an_output_path_that_is_a_pipe_is_refused_and_left_as_it_is(tmp_path):
    import os
    import stat

    manifest = make_issue(tmp_path)
    fifo = tmp_path / "out.pdf"
    os.mkfifo(fifo)  # (a device node, as root, would be swapped for the PDF the same way)
    result = run_cli("build", manifest.name, "--output", fifo, cwd=tmp_path, timeout=60)
    assert_clean_failure(result)
    assert result.stderr.startswith("out.pdf: error: the output path is not a regular file (a device, a pipe or a "
                                    "socket): it is not replaced")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
