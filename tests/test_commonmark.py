"""The 652 examples of the CommonMark spec (tests/data/commonmark) as articles: each one reads into
blocks without an exception, keeps every word the reference renderer shows, and a sample of
them builds into a PDF that keeps those words too. What we refuse is refused with a located
error, never a traceback."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest

from conftest import make_issue, run_cli
from newsletter_cli.content.markdown import Context, parse_markdown
from newsletter_cli.errors import Report
from newsletter_cli.paths import assets_dir

EXAMPLES = json.loads((Path(__file__).parent / "data" / "commonmark" / "spec-examples.json").read_text("utf-8"))
# Where CommonMark reads a block as raw HTML, we print the HTML as typed but read its text as
# Markdown: the `*` of *foo* inside <textarea> sets italic, and ``` c after <div></div> is a
# code block whose language, c, is not printed.
READ_AS_MARKDOWN = {161: {"c"}, 171: {"_bar_"}}
# The errors, by kind: pictures outside the issue's folder, malformed web addresses, an anchor to
# nothing, and an <a href> with a line break in it.
REFUSED = ("image path", "has an invalid host", "leads nowhere", "contains")
NOT_TEXT = {"href", "src", "anchor", "info", "align", "width", "ratio"}  # fields that are not printed words


def _words_of(obj, out: list[str]) -> list[str]:
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            _words_of(item, out)
    elif dataclasses.is_dataclass(obj):
        for field in dataclasses.fields(obj):
            if field.name not in NOT_TEXT:
                _words_of(getattr(obj, field.name), out)
    return out


def shown(reference_html: str) -> list[str]:
    """The words a reader of the reference rendering sees (no tags, comments or attributes)."""
    text = re.sub(r"<[^>]*>", " ", re.sub(r"<!--.*?-->", " ", reference_html, flags=re.S))
    return re.findall(r"\w+", html.unescape(text))


def lost(example: dict, ours: str) -> set[str]:
    joined = re.sub(r"\s+", "", ours)  # (a word may touch its neighbour: `hi`lo is "hilo")
    return {w for w in shown(example["html"]) if w not in joined} - READ_AS_MARKDOWN.get(example["example"], set())


def _parse(example: dict, base: Path):
    report = Report()
    ctx = Context("a.md", base, [base, assets_dir()], report)
    return parse_markdown(example["markdown"], ctx), report


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    base = tmp_path_factory.mktemp("commonmark")
    return {e["example"]: (e, *_parse(e, base)) for e in EXAMPLES}


def test_every_example_reads_and_keeps_the_words_the_reference_shows(parsed):
    assert len(parsed) == 652
    losses = {n: sorted(lost(e, "".join(_words_of(blocks, [])))) for n, (e, blocks, report) in parsed.items()
              if not report.errors}
    assert {n: words for n, words in losses.items() if words} == {}


def test_what_is_refused_is_refused_with_a_located_error_of_a_known_kind(parsed):
    refused = {n: report.errors for n, (_, _, report) in parsed.items() if report.errors}
    # (4 today: hosts, an anchor, hrefs; a picture's absolute path, `/url`, is looked for in the issue
    # folder, as a web site's root, and is a placeholder with a warning when it is not there)
    assert 2 <= len(refused) <= 10
    for n, errors in refused.items():
        for problem in errors:
            assert problem.location.file == "a.md" and problem.location.line, (n, str(problem))
            assert any(kind in problem.message for kind in REFUSED), (n, problem.message)


def test_the_checks_see_a_lost_word():
    example = {"example": 1, "html": "<p>alpha <em>beta</em> gamma</p>\n"}
    assert lost(example, "alpha beta gamma") == set()
    assert lost(example, "alpha gamma") == {"beta"}


def test_a_sample_of_the_examples_builds_and_loses_no_word(parsed, tmp_path):
    # (an anchor is checked against the issue's articles, which #fragment names none of)
    sample = [e for n, (e, _, report) in parsed.items() if not report.errors and n % 3 == 0 and "(#" not in e["markdown"]]
    articles = {f"{i:02d}-example-{e['example']}.md": f"---\ntitle: Example {e['example']}\n---\n\n{e['markdown']}"
                for i, e in enumerate(sample, 1)}
    manifest = make_issue(tmp_path, articles=articles)
    out = tmp_path / "spec.pdf"
    result = run_cli("build", manifest, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.stderr
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages).replace("-\n", "")
    # each example's words are found in the PDF; (a word the line breaker hyphenated is rejoined)
    assert {e["example"]: sorted(lost(e, text)) for e in sample if lost(e, text)} == {}
