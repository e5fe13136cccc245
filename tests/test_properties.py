"""Property tests: random manifests and random Markdown through the whole build (in process).

Every run ends in a PDF that pypdf opens, or in a NewsletterError with located problems:
never another exception, and never a partial file over the previous one. Bounded (30 examples
each, no deadline) to keep the suite fast.

The tests at the end are the layout crashes these tests found (block quotes; tables, boxes
and signatures in the two-column reports), kept as plain examples.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from conftest import png
from newsletter_cli.build import build
from newsletter_cli.errors import NewsletterError, Problem

PREVIOUS = b"%PDF-1.4 previous good build\n"
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.data_too_large])


# --- random Markdown ---------------------------------------------------------------------------

# Two kinds of input: "clean" (characters the fonts have, constructs the layout supports, so
# that the run reaches the layout) and "hostile" (anything: markup, odd characters, bad links,
# bad figures, unknown blocks). Each example draws which kind it is.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éüßœçñ–—“”‘’…€"
MARKUP = "<>&\"'*_[]()!#:|~`\\/=.{}%-+"
words = st.text(alphabet=LETTERS, min_size=1, max_size=12)
tricky = st.text(alphabet=LETTERS + MARKUP + " ", min_size=1, max_size=30)
odd = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10)


def texts(clean: bool):
    parts = st.one_of(words, words, tricky) if clean else st.one_of(words, tricky, odd.filter(lambda s: "\n" not in s))
    return st.lists(parts, min_size=1, max_size=25).map(" ".join)


def links(clean: bool):
    good = ["https://example.org/a?b=1&c=2", "mailto:a@b.org", "#first", "#section-section", "http://x.org/<b>"]
    bad = ["#nowhere", "javascript:alert(1)", "file:///etc/passwd", "relative.html"]
    return st.sampled_from(good if clean else good + bad)


def inlines(clean: bool):
    text = texts(clean)
    return st.one_of(text, text.map(lambda t: f"**{t}**"), text.map(lambda t: f"*{t}*"),
                     st.tuples(text, links(clean)).map(lambda p: f"[{p[0]}]({p[1]})"),
                     st.just("<https://example.org>"), st.just("`code <b>`"))


def paragraphs(clean: bool):
    return st.lists(inlines(clean), min_size=1, max_size=6).map(" ".join)


def figures(clean: bool):
    good = ["p.png", "tall.png", "missing.jpg"]
    src = st.sampled_from(good if clean else good + ["fake.png", "../up.png", "/etc/passwd",
                                                     "http://example.org/x.png", "sub/../p.png", ""])
    width = st.integers(10, 100) if clean else st.integers(0, 150)
    ratio = st.sampled_from(["3:2", "1:1", "2:5"] if clean else ["3:2", "10:1", "x"])
    attrs = st.one_of(st.just(""), st.builds(lambda w, r: f"{{width={w}% ratio={r}}}", width, ratio))
    return st.builds(lambda c, s, a: f"![{c}]({s}){a}", texts(True), src, attrs)


def table(columns: int, rows: int, cell) -> str:
    head = "|" + "|".join(f"h{i}" for i in range(columns)) + "|\n|" + "---|" * columns + "\n"
    return head + "".join("|" + "|".join(cell for _ in range(columns)) + "|\n" for _ in range(rows))


def blocks(clean: bool):
    para, text, word_list = paragraphs(clean), texts(clean), st.lists(words, min_size=1, max_size=8)
    choices = [
        para, para, para,
        st.tuples(st.integers(2, 3) if clean else st.integers(1, 6), text).map(lambda p: "#" * p[0] + " " + p[1]),
        st.lists(para, min_size=1, max_size=5).map(lambda items: "\n".join(f"- {i}" for i in items)),
        st.lists(para, min_size=1, max_size=4).map(lambda items: "\n".join(f"{n}. {i}" for n, i in
                                                                          enumerate(items, 1))),
        word_list.map(lambda ws: "\n".join("  " * d + f"- {w}" for d, w in enumerate(ws))),
        st.builds(table, st.integers(1, 12 if clean else 14), st.integers(0, 30),
                  st.sampled_from(["x", "a & b", "<i>", "**b**", " ", "a long cell of several words"])),
        st.builds(lambda t: f"```\n{t}\n```", text),
        st.lists(para, min_size=1, max_size=3).map(lambda ps: "\n>\n".join(f"> {p}" for p in ps)),
        st.builds(lambda p: f"> > {p}", para),
        st.builds(lambda n, t, p: f"::: {n} {t}\n{p}\n:::", st.sampled_from(["callout", "pullquote"]), words, para),
        st.builds(lambda t, c: f"{t}\n\n::: caption\n{c}\n:::", st.builds(table, st.integers(1, 4),
                                                                        st.integers(1, 5), st.just("x")), text),
        figures(clean),
        st.just("---"),
    ]
    if not clean:
        choices += [st.builds(lambda p: f"::: callout\n{p}", para),  # never closed
                    st.builds(lambda p: f"::: calout\n{p}\n:::", para),
                    st.just("::: caption\nNothing to caption.\n:::"),
                    st.just("Term\n: definition"), st.just("A note[^1].\n\n[^1]: The note."),
                    st.just("~~struck~~ <b>bold</b>")]
    return st.one_of(*choices)


def markdowns(clean: bool):
    return st.lists(blocks(clean), min_size=0, max_size=10).map("\n\n".join)


def front_matter(title: str, extra: dict) -> str:
    return "---\n" + yaml.safe_dump({"title": title, **extra}, allow_unicode=True) + "---\n\n"


def fronts(clean: bool):
    text = texts(clean)
    optional = {
        "subtitle": text, "source": text, "dateline": text,
        "authors": st.lists(st.fixed_dictionaries({"name": words}, optional={"role": text, "email": st.sampled_from(
            ["a@b.org"] if clean else ["a@b.org", "not-an-email", "x@y.z"])}), max_size=3),
        "image": st.fixed_dictionaries({"src": st.sampled_from(["p.png", "missing.jpg"])}, optional={
            "caption": text, "width": st.sampled_from(["50%", "100%"] if clean else ["50%", "5%", "wide"])}),
        "signature": st.fixed_dictionaries({"name": words}, optional={"closing": text}),
    }
    if not clean:
        optional["unknown_key"] = words
    return st.fixed_dictionaries({}, optional=optional)


KINDS = ["foreword", "features", "essays", "reports"]


@st.composite
def issues(draw) -> tuple[str, str, str]:
    """(section kind, first article, second article): both articles clean, or both hostile."""
    clean = draw(st.booleans())
    first = front_matter(draw(texts(clean)), draw(fronts(clean))) + draw(markdowns(clean)) + "\n"
    second = front_matter("Second " + draw(texts(True)), {}) + draw(markdowns(clean)) + "\n"
    return draw(st.sampled_from(KINDS)), first, second


# --- the build ---------------------------------------------------------------------------------

def run_build(folder: Path, manifest: Path) -> None:
    """Build; assert the result is a readable PDF or a clean error that left the old file alone."""
    out = folder / "out" / "issue.pdf"
    out.parent.mkdir()
    out.write_bytes(PREVIOUS)
    try:
        result = build(manifest, out)
    except NewsletterError as exc:
        assert exc.problems and all(isinstance(p, Problem) and p.severity == "error" for p in exc.problems)
        assert all(p.location.file and p.message for p in exc.problems)
        assert out.read_bytes() == PREVIOUS
        assert sorted(p.name for p in out.parent.iterdir()) == ["issue.pdf"]
        return
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    assert len(reader.pages) == result.pages >= 3
    assert sorted(p.name for p in out.parent.iterdir()) == ["issue.pdf"]


def write_issue(folder: Path, manifest_text: str, articles: dict[str, str]) -> Path:
    (folder / "001" / "sub").mkdir(parents=True)
    (folder / "001" / "p.png").write_bytes(png(300, 200))
    (folder / "001" / "tall.png").write_bytes(png(40, 900))
    (folder / "001" / "fake.png").write_text("not an image")
    for name, body in articles.items():
        (folder / "001" / name).write_text(body, encoding="utf-8")
    path = folder / "001.yaml"
    path.write_text(manifest_text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


MANIFEST = """\
publication: Property Test
number: 1
period: Spring 2024
date: 2024-04-01
publisher:
  name: Test Office
sections:
  - kind: {kind}
    title: Section
    articles:
      - 001/first.md
      - 001/second.md
"""


@SETTINGS
@given(issue=issues())
def test_random_markdown_builds_or_fails_cleanly(scratch, issue):
    kind, first, second = issue
    folder = Path(tempfile.mkdtemp(dir=scratch))
    manifest = write_issue(folder, MANIFEST.format(kind=kind), {"first.md": first, "second.md": second})
    run_build(folder, manifest)


# --- random manifests --------------------------------------------------------------------------

@st.composite
def sections(draw, clean: bool) -> list:
    """Sections of random kinds. Clean: each article once (first.md, second.md, inline ones with
    numbered titles)."""
    text, title = texts(clean), texts(True)
    kinds = KINDS + ([] if clean else ["feature", "letters", 3])
    count = draw(st.integers(1, 4))
    files = ["001/first.md", {"file": "001/second.md"}]
    result = []
    for index in range(count):
        inline = st.fixed_dictionaries({"title": title.map(lambda t, i=index: f"{t} {i}")},
                                       optional={"body": markdowns(True), "dateline": text})
        refs = draw(st.lists(inline, max_size=2))
        if clean:
            refs = [dict(r, title=f"{r['title']}.{n}") for n, r in enumerate(refs)]
            if index == 0:
                refs.insert(0, files[0])
            if index == count - 1:
                refs.append(files[1])
            refs = refs or [{"title": f"Filler {index}"}]
        else:
            refs += draw(st.lists(st.sampled_from(["001/first.md", "001/second.md", "001/missing.md",
                                                   "../etc/passwd", 7, None, {"title": "x", "bogus": 1}]),
                                  max_size=3))
        result.append({"kind": draw(st.sampled_from(kinds)), "title": draw(title), "articles": refs})
    return result


def manifest_data(clean: bool):
    text, title = texts(clean), texts(True)
    required = {"publication": title, "number": st.just(1), "period": text,
                "date": st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
                "publisher": st.fixed_dictionaries({"name": title}, optional={
                    "email": st.just("a@b.org"), "website": st.just("https://example.org"),
                    "address": st.lists(text, max_size=2)}),
                "sections": sections(clean)}
    optional = {"tagline": text, "language": st.sampled_from(["en", "fr", "de", "en-GB"]),
                "paper": st.sampled_from(["A4", "Letter"]), "theme": st.just("rocb"),
                "cover": st.fixed_dictionaries({}, optional={"headline": text, "highlights": st.lists(text, max_size=9)}),
                "keywords": st.lists(words, max_size=5)}
    if not clean:
        required.update(number=st.one_of(st.just(1), st.integers(-5, 100_000), words, st.booleans()),
                        date=st.one_of(st.dates(dt.date(1890, 1, 1), dt.date(3100, 1, 1)), words, st.integers()),
                        publisher=st.one_of(required["publisher"], words),
                        sections=st.one_of(required["sections"], st.just([]), words))
        optional.update(language=st.sampled_from(["en", "English", "xx"]), paper=st.sampled_from(["A4", "a4", "B5"]),
                        theme=st.sampled_from(["rocb", "nope", "../rocb", "x.yaml"]), perod=words)
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def manifest_texts(draw) -> str:
    clean = draw(st.booleans())
    text_ = yaml.safe_dump(draw(manifest_data(clean)), allow_unicode=True, sort_keys=False)
    if not clean:
        mangle = draw(st.integers(0, 5))
        if mangle == 0:  # cut anywhere
            text_ = text_[:draw(st.integers(0, len(text_)))]
        elif mangle == 1:  # a random character somewhere
            at = draw(st.integers(0, len(text_)))
            text_ = text_[:at] + draw(st.sampled_from(list(":-[]{}&*!|>'\"#%@`\t"))) + text_[at:]
    return text_


@SETTINGS
@given(manifest=manifest_texts(), body=markdowns(True))
def test_random_manifests_build_or_fail_cleanly(scratch, manifest, body):
    folder = Path(tempfile.mkdtemp(dir=scratch))
    path = write_issue(folder, manifest, {
        "first.md": front_matter("First", {}) + body + "\n",
        "second.md": front_matter("Second", {}) + "Text.\n",
    })
    run_build(folder, path)


@SETTINGS
@given(body=st.one_of(markdowns(True), markdowns(False)), front=st.text(max_size=80))
@example(body="::: callout Box\n1. one\n\n| a |\n|--:|\n| ![x](y.png) |", front="\U00010000")  # a surrogate pair
def test_parsed_sources_come_back_from_the_cache_as_parsed(tmp_path_factory, body, front):
    """The cache of parsed sources (sources.py) gives back exactly what a parse gives: every
    field of every markdown-it token the block builder reads, and every YAML value and place."""
    import json

    from newsletter_cli import sources
    from newsletter_cli.content.markdown import markdown, tokens_of
    from newsletter_cli.errors import NewsletterError
    from newsletter_cli.source import yamlsafe
    from newsletter_cli.source.yamlsafe import load_yaml

    def fields(token):
        content, info = token.content, token.info
        if token.type in ("footnote_ref", "footnote_open") and hasattr(token, "meta"):  # the note's number
            content = info = str(token.meta["id"] + 1)
        return (token.type, token.tag, list(token.map) if token.map else None, content, info,
                dict(token.attrs or {}), None if token.children is None else [fields(c) for c in token.children])

    sources.STORE.entries = {}  # in memory only: nothing is read or written
    parsed, _ = tokens_of(body)
    again, _ = tokens_of(body)  # from the store, as a later build reads it back from JSON
    sources.STORE.entries = json.loads(json.dumps(sources.STORE.entries))
    cached, _ = tokens_of(body)
    truth = [fields(t) for t in markdown().parse(body, {})]
    assert [fields(t) for t in parsed] == [fields(t) for t in again] == [fields(t) for t in cached] == truth
    text = "title: " + json.dumps(front) + "\nlist: [" + json.dumps(front) + ", 1]\n"  # escapes, surrogates too
    sources.STORE.entries = {}
    yamlsafe._PARSED.clear()
    try:
        document = load_yaml(text, "f.md", 3)
    except NewsletterError:
        return
    sources.STORE.entries = json.loads(json.dumps(sources.STORE.entries))
    yamlsafe._PARSED.clear()
    again = load_yaml(text, "f.md", 3)  # from the store, when JSON can hold it
    assert again == document and again.key_marks == document.key_marks
    assert again["list"].item_marks == document["list"].item_marks


def test_a_typical_random_issue_does_build(scratch):
    """The strategies are not all errors: a plain example lays out."""
    folder = Path(tempfile.mkdtemp(dir=scratch))
    manifest = write_issue(folder, MANIFEST.format(kind="reports"), {
        "first.md": front_matter("First", {"dateline": "1 May"}) + "Some *text* & <b>.\n\n" + table(3, 4, "x"),
        "second.md": front_matter("Second", {}) + "![A photo](p.png){width=40%}\n",
    })
    build(manifest, folder / "ok.pdf")
    assert (folder / "ok.pdf").read_bytes().startswith(b"%PDF")


def test_a_block_quote_builds(scratch):
    folder = Path(tempfile.mkdtemp(dir=scratch))
    manifest = write_issue(folder, MANIFEST.format(kind="features"), {
        "first.md": front_matter("First", {}) + "> A quoted paragraph.\n",
        "second.md": front_matter("Second", {}) + "Text.\n",
    })
    build(manifest, folder / "quote.pdf")


def test_a_five_column_table_in_a_report_builds(scratch):
    folder = Path(tempfile.mkdtemp(dir=scratch))
    manifest = write_issue(folder, MANIFEST.format(kind="reports"), {
        "first.md": front_matter("First", {}) + "Intro.\n\n" + table(5, 1, "x"),
        "second.md": front_matter("Second", {}) + "Text.\n",
    })
    build(manifest, folder / "table.pdf")


def test_the_reports_framebreak_input_builds(tmp_path):
    """An input found by the property test above, kept in tests/hostile/reports-framebreak/."""
    import shutil

    shutil.copytree(Path(__file__).parent / "hostile" / "reports-framebreak", tmp_path / "issue")
    build(tmp_path / "issue" / "001.yaml", tmp_path / "framebreak.pdf")


@pytest.mark.parametrize("box", ["> A quote.", "::: callout Title\nInside.\n:::"])
def test_a_box_after_a_paragraph_in_a_report_builds(scratch, box):
    folder = Path(tempfile.mkdtemp(dir=scratch))
    manifest = write_issue(folder, MANIFEST.format(kind="reports"), {
        "first.md": front_matter("First", {}) + "Text.\n\n" + box + "\n",
        "second.md": front_matter("Second", {}) + "Text.\n",
    })
    build(manifest, folder / "box.pdf")
