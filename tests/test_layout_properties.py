"""Property tests of the layout (issue 12): random mixes of long paragraphs, nested lists, block
quotes, tables and figures, in every section kind, are never refused, and nothing a reader
should see is lost: every word is in the PDF, and there are as many bullets as list items.

Every word is a distinct token with digits (never hyphenated), so it can be found in the text
pypdf reads back. Bounded (a few dozen small issues, built in process) to cost well under a
minute.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings, strategies as st
from pypdf import PdfReader

from conftest import png
from newsletter_cli.build import build

KINDS = ["foreword", "features", "essays", "reports"]
# no shrinking: a failure prints its (small) example as drawn, and the test stays within its budget
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Words:
    """Hands out distinct tokens and remembers them: what the PDF must show."""

    def __init__(self):
        self.counter = itertools.count()
        self.issued: list[str] = []
        self.bullets = 0

    def take(self, n: int) -> str:
        words = [f"w{next(self.counter):05d}" for _ in range(n)]
        self.issued += words
        return " ".join(w + ("." if i % 11 == 10 else "") for i, w in enumerate(words))


# a block is drawn as (kind, size): the Markdown is written with the tokens afterwards, so that
# hypothesis shrinks the shape of an article, not its words
blocks = st.one_of(
    st.tuples(st.just("para"), st.integers(5, 400)),
    st.tuples(st.just("para"), st.integers(600, 1300)),
    st.tuples(st.just("list"), st.lists(st.tuples(st.integers(2, 60), st.integers(0, 3)), min_size=1, max_size=14)),
    st.tuples(st.just("ordered"), st.lists(st.tuples(st.integers(2, 40), st.just(0)), min_size=1, max_size=8)),
    st.tuples(st.just("quote"), st.integers(5, 500)),
    st.tuples(st.just("linkquote"), st.integers(1, 8)),
    st.tuples(st.just("table"), st.integers(1, 25)),
    st.tuples(st.just("figure"), st.sampled_from([30, 45, 60, 100])),
    st.tuples(st.just("heading"), st.tuples(st.integers(1, 6), st.integers(1, 120))),
    st.tuples(st.just("callout"), st.integers(5, 700)),
    st.tuples(st.just("code"), st.integers(1, 90)),
)


def markdown(shape, words: Words) -> str:
    kind, size = shape
    if kind == "para":
        return words.take(size)
    if kind == "heading":
        # with text after it (a heading that ends an article has nothing to keep with), of one
        # line to ten: a heading with a paragraph of three lines, which cannot split without a
        # widow or an orphan, moves on whole (and must not leave a hole where it stood)
        title, text = size
        return "## " + words.take(title) + "\n\n" + words.take(text)
    if kind in ("list", "ordered"):
        lines = []
        for n, (length, nested) in enumerate(size, 1):
            marker = f"{n}." if kind == "ordered" else "-"
            words.bullets += kind == "list"
            lines.append(f"{marker} {words.take(length)}")
            pad = " " * (len(marker) + 1)
            for _ in range(nested):  # a nested list, and a quote in the item
                words.bullets += 1
                lines.append(f"{pad}- {words.take(length // 2 + 1)}")
            if nested == 3:
                lines.append("")
                lines.append(f"{pad}> {words.take(length)}")
        return "\n".join(lines)
    if kind == "quote":
        return "> " + words.take(size)
    if kind == "linkquote":  # a list of links, then a quoted excerpt (a real reports layout)
        words.bullets += size
        items = "\n".join(f"- [{words.take(3)}](https://example.org/{i}) {words.take(4)}" for i in range(size))
        return items + "\n\n> " + words.take(size * 20)
    if kind == "table":
        rows = "\n".join(f"| {words.take(2)} | {words.take(6)} |" for _ in range(size))
        return f"| {words.take(1)} | {words.take(1)} |\n|---|---|\n{rows}"
    if kind == "callout":
        return f"::: callout {words.take(2)}\n{words.take(size)}\n:::"
    if kind == "code":
        return "```\n" + "\n".join(words.take(4) for _ in range(size)) + "\n```"
    if kind == "figure":
        return f"![{words.take(3)}](p.png){{width={size}% ratio=3:2}}"
    raise AssertionError(kind)


issues = st.tuples(st.sampled_from(KINDS), st.lists(st.lists(blocks, min_size=1, max_size=7), min_size=1, max_size=3))


def lay_out(kind: str, articles: list[list]) -> tuple[str, Words, int]:
    words = Words()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        folder = base / "001"
        folder.mkdir()
        (folder / "p.png").write_bytes(png(300, 200))
        listed = []
        for n, shapes in enumerate(articles):
            title = words.take(2)
            body = "\n\n".join(markdown(shape, words) for shape in shapes)
            (folder / f"{n:02d}-a.md").write_text(f'---\ntitle: "{title}"\n---\n\n{body}\n', encoding="utf-8")
            listed.append(f"      - 001/{n:02d}-a.md")
        manifest = base / "001.yaml"
        manifest.write_text("publication: Test\nnumber: 1\nperiod: Spring 2024\ndate: 2024-04-01\npublisher:\n"
                            f"  name: Office\nsections:\n  - kind: {kind}\n    title: Section\n    articles:\n"
                            + "\n".join(listed) + "\n", encoding="utf-8")
        result = build(manifest, base / "out.pdf")  # a refusal raises NewsletterError: the test fails
        reader = PdfReader(str(base / "out.pdf"))
        text = "\n".join(page.extract_text() or "" for page in reader.pages[2:-1])  # not cover, contents, back
        return text, words, [f.check for f in result.preflight]


@SETTINGS
@given(issues)
# found by this test: a quote whose text fitted but not the padding below it ("Splitting error")
@example(("foreword", [[("quote", 60), ("code", 32), ("code", 4), ("para", 1260), ("para", 215),
                        ("linkquote", 5), ("quote", 312)], [("figure", 45)]]))
# found by this test: a callout box whose first paragraph did not fit under its title left the
# title alone at the page's foot, and 18 or 40 lines empty (a table splits between rows first)
@example(("features", [[("para", 1035), ("para", 870), ("para", 123), ("callout", 242)],
                       [("para", 1035), ("para", 870), ("para", 123), ("callout", 242)]]))
@example(("essays", [[("para", 987), ("callout", 244), ("list", [(9, 2), (20, 2), (34, 2), (53, 0)]),
                      ("callout", 244)], [("para", 5)]]))
# found by this test: a code block after a table did not start in the 34 pt left (two lines and
# its padding need 35), and a list item of two lines with a sub-list would not split: holes
@example(("essays", [[("code", 69), ("figure", 60), ("table", 12), ("code", 69)]]))
@example(("essays", [[("code", 69), ("figure", 60), ("table", 12), ("list", [(16, 1)]), ("para", 50)]]))
# found by this test: a report opening with a table ended a column with its title alone (held
# with the space above the table, not with the table)
@example(("reports", [[("ordered", [(28, 0), (8, 0), (28, 0), (37, 0), (27, 0), (14, 0)]), ("quote", 234),
                       ("ordered", [(28, 0), (8, 0), (28, 0), (37, 0), (27, 0), (14, 0)]), ("quote", 420)],
                      [("table", 7)], [("table", 7)]]))
def test_random_articles_in_every_section_kind_lose_no_word_and_no_bullet(issue):
    kind, articles = issue
    text, words, found_checks = lay_out(kind, articles)
    found = set(re.findall(r"w\d{5}", text))
    lost = [w for w in words.issued if w not in found]
    assert not lost, f"{len(lost)} words lost, first {lost[:5]}"
    assert text.count("•") == words.bullets
    # headings (and a box's title) keep with what follows in every kind, and no page ends short
    # in mid-article (a hole: more than 3 lines free while the article goes on on the next page)
    assert "stranded-heading" not in found_checks, found_checks
    assert "short-page" not in found_checks, found_checks


def test_a_box_title_is_never_left_alone_when_the_text_under_it_cannot_split():
    # found by the random mixes: the box's three-line paragraph keeps two lines on each side, and
    # ReportLab split the box after its title with the paragraph's cell empty (a box title alone
    # at a page's foot). The box now moves on whole (that page ends short: the hole the Limits
    # in the README describe, reported by the preflight)
    _, _, found_checks = lay_out("foreword", [
        [("ordered", [(32, 0), (16, 0), (16, 0), (24, 0)]), ("para", 600)],
        [("quote", 36), ("para", 600), ("para", 621), ("callout", 33), ("linkquote", 3)],
        [("ordered", [(32, 0), (16, 0), (16, 0), (24, 0)]), ("heading", (6, 71)), ("heading", (4, 36)),
         ("para", 600), ("para", 621), ("callout", 33), ("linkquote", 3)]])
    assert "stranded-heading" not in found_checks, found_checks
