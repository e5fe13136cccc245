"""A run of characters with no space, longer than any word, in text ReportLab would set (a
table cell, a heading, a figure's caption, a block quote) and in a code block: the build breaks
it across lines without adding a hyphen or dropping a character, and the rest of the text is
there too. (Built through the CLI; how fast is measured in benchmarks/linear.py.)"""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import article, make_issue, run_cli

# letters in no dictionary's order: a hyphenator would find points in it, a line breaker that
# hyphenated it would add hyphens
RUN = "".join("abcdefghijklmnopqrstuvwxyz"[(i * 7 + i // 26) % 26] for i in range(3000))

WHERE = {
    "table cell": f"| Name | Value |\n|---|---|\n| before {RUN} after | two |",
    "heading": f"## Before {RUN} after\n\nA paragraph.",
    "figure caption": f"![Before {RUN} after](photos/missing.png)",
    "block quote": f"> Before {RUN} after",
    "code block": f"```\nbefore {RUN} after\n```",
}


@pytest.mark.parametrize("where", list(WHERE))
def test_a_long_run_is_broken_with_every_character_kept(tmp_path, where):
    manifest = make_issue(tmp_path, articles={"01-first.md": article("Long", "Intro.\n\n" + WHERE[where])})
    out = tmp_path / "out.pdf"
    result = run_cli("build", manifest.name, "--output", out, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.output
    text = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
    lines = [line for line in text.split("\n") if re.search(r"[a-z]{20}", line)]
    assert len(lines) > 10  # broken across lines
    joined = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", f"before{RUN}after").lower() in joined.lower()  # every character, no hyphen


# Text whose shape made a pattern of ours take the square of its length: each took minutes (a
# hang, to a user) at these sizes before it was bounded; now seconds, most of them markdown-it's.
# The limit is ten times what they take on a loaded CI machine, and far less than the square.
SQUARED = {
    "footnote marks": "[^" * 150_000,  # `[^label]` looked for from every `[^` to the end
    "punctuation between two letters": "a" + "!" * 100_000 + "a",  # a word's leading and trailing marks
    "a title of emphasis marks": None,  # (the article's first line as its title, below)
}


@pytest.mark.parametrize("shape", list(SQUARED))
def test_text_shaped_against_a_pattern_builds_in_linear_time(tmp_path, shape):
    import time

    if SQUARED[shape] is None:  # no front matter: `# …` is the title, its emphasis marks taken off
        text = "# " + "*a " * 60_000 + "\n\nThe body.\n"
    else:
        text = article("Shapes", f"Before {SQUARED[shape]} after.")
    manifest = make_issue(tmp_path, articles={"01-first.md": text})
    started = time.perf_counter()
    result = run_cli("build", manifest.name, "--output", tmp_path / "out.pdf", cwd=tmp_path, timeout=600)
    took = time.perf_counter() - started
    if SQUARED[shape] is None:  # (a title that long is refused, at its place)
        assert result.returncode == 1 and "01-first.md:1:1: error: title" in result.stderr, result.output
    else:
        assert result.returncode == 0, result.output
    assert took < 60, f"{shape}: {took:.0f} s"
