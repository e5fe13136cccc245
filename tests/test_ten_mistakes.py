"""Done means (issue 3): `newsletter validate` on a copy of issue 76 with ten deliberate mistakes
reports all ten, each at its line, in one run; on the shipped issues it reports no error."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

# (file, the line as shipped, the line with the mistake, the words of the error)
MISTAKES = [
    ("076.yaml", "tagline: Regional Office", "taglin: Regional Office", "unknown key 'taglin'"),
    ("076.yaml", "date: 2022-03-31", "date: 2022-02-30", "'2022-02-30' is not a valid date"),
    ("076.yaml", "number: 76", "number: 77", "number 77 disagrees with the file name '076.yaml'"),
    ("076.yaml", "  - kind: essays", "  - kind: essay", "did you mean 'essays'?"),
    ("076.yaml", "      - 076/13-kcs-visit.md", "      - 076/13-kcs-vist.md", "article file '076/13-kcs-vist.md' not found"),
    ("076/06-appu-visit.md", 'dateline: "19 January 2022', 'datelin: "19 January 2022', "unknown key 'datelin'"),
    ("076/08-integrity-sub-committee.md", "in a hybrid format.",
     "in a hybrid format, see [the record](javascript:alert(1)).", "link 'javascript:alert(1)' is not allowed"),
    ("076/10-global-meeting-regional-entities.md", None, "The meeting went well 🬀 for all.",
     "no glyph for '🬀' (U+1FB00 BLOCK SEXTANT-1)"),
    ("076/12-plastic-waste-conference.md", None, "![The venue](../../secret.png)", "goes up with '..'"),
    ("076/15-wwf-meeting.md", None, "::: calout Note\nA note.\n:::", "did you mean '::: callout'?"),
]


def make_mistakes(folder: Path) -> dict[tuple[str, int], str]:
    """A copy of issue 76 in `folder` with the ten mistakes; returns {(file, line): words}."""
    shutil.copy(ROOT / "issues" / "076.yaml", folder / "076.yaml")
    shutil.copytree(ROOT / "issues" / "076", folder / "076")
    expected = {}
    for file, old, new, words in MISTAKES:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        if old is None:  # a new paragraph, after the first one of the body
            head, sep, rest = text.partition("\n---\n\n")
            first, _, others = rest.partition("\n\n")
            text = head + sep + first + "\n\n" + new + "\n\n" + others
            marker = new.split("\n")[0]
        else:
            assert text.count(old) == 1, (file, old)
            text = text.replace(old, new)
            marker = new
        path.write_text(text, encoding="utf-8")
        line = next(n for n, source in enumerate(text.split("\n"), start=1) if marker in source)
        expected[(f"issues/{file}", line)] = words
    return expected


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory):
    root = tmp_path_factory.mktemp("ten")
    (root / "issues").mkdir()
    expected = make_mistakes(root / "issues")
    return root, expected


def test_validate_reports_all_ten_mistakes_at_their_lines_in_one_run(mistaken):
    root, expected = mistaken
    result = run_cli("validate", "--format", "json", cwd=root)
    assert result.returncode == 1, result.output
    report = json.loads(result.stdout)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    found = {(p["file"], p["line"]): p["message"] + " " + (p["hint"] or "") for p in errors}
    assert set(found) == set(expected), json.dumps(errors, indent=1)
    for where, words in expected.items():
        assert words in found[where], (where, found[where])
    assert report["errors"] == 10 and len(errors) == 10
    assert all(p["col"] for p in errors)
    assert report["files"] == ["issues/076.yaml"]


def test_the_text_report_shows_each_mistake_with_its_line_and_a_caret(mistaken):
    root, expected = mistaken
    result = run_cli("validate", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    heads = [line for line in lines if re.match(r"^issues/\S+:\d+:\d+: error: ", line)]
    assert len(heads) == 10
    for head in heads:
        at = lines.index(head)
        line = head.split(":")[1]
        assert lines[at + 1].startswith(f" {line} | "), lines[at:at + 3]
        assert re.match(r"^ +\| +\^", lines[at + 2]), lines[at:at + 3]
    errors_end = lines.index(heads[-1])
    assert not [line for line in lines[:errors_end] if ": warning: " in line]  # errors first
    assert re.fullmatch(r"10 error\(s\), \d+ warning\(s\)", lines[-1])


def test_build_refuses_with_the_same_ten_errors(mistaken, tmp_path):
    root, expected = mistaken
    out = tmp_path / "076.pdf"
    result = run_cli("build", "issues/076.yaml", "--output", out, cwd=root)
    assert result.returncode == 1 and not out.exists()
    heads = re.findall(r"^(issues/\S+?):(\d+):\d+: error: ", result.stderr, re.M)
    assert {(file, int(line)) for file, line in heads} == set(expected)
    assert result.stderr.rstrip().splitlines()[-1].startswith("build failed: 10 error(s)")


def test_validate_on_the_shipped_issues_reports_no_error():
    result = run_cli("validate", "--format", "json")
    assert result.returncode == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    assert {p["code"] for p in report["problems"]} <= {"missing-image", "contrast"}
