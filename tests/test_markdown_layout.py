"""What the reader sees of Markdown structure: four heading levels, each distinct, in full-width
sections and two-column reports; table columns aligned as the source says, numbers right."""

from __future__ import annotations

from pypdf import PdfReader

from conftest import article, make_issue, run_cli

HEADINGS = """\
Opening paragraph of the article, long enough to be a real line of text.

## Second level

Text under the second level.

### Third level

Text under the third level.

#### Fourth level

Text under the fourth level.

##### Fifth level

Text under the fifth level.
"""

MANIFEST = """\
publication: Test Newsletter
number: 5
period: Spring 2024
date: 2024-04-01
publisher:
  name: Test Office
sections:
  - kind: features
    title: Features
    articles: [005/a.md]
  - kind: reports
    title: Reports
    articles: [005/b.md]
"""


def runs(pdf, page_filter=None):
    """(text, font, size, x, y) of every piece of text shown, page by page."""
    out = []
    for number, page in enumerate(PdfReader(str(pdf)).pages):
        fonts = {}
        for key, font in (page["/Resources"].get("/Font") or {}).items():
            fonts[key] = str(font.get_object()["/BaseFont"]).split("+")[-1]

        def visit(text, cm, tm, font_dict, size):
            if text.strip():
                name = str(font_dict["/BaseFont"]).split("+")[-1] if font_dict else None
                out.append((text.strip(), name, round(size * tm[0], 2), tm[4] + cm[4], tm[5] + cm[5], number))
        page.extract_text(visitor_text=visit)
    return out


def style_of(found, text):
    for t, font, size, *_ in found:
        if t.startswith(text):
            return font, size
    raise AssertionError(f"{text!r} not found in {[f[0] for f in found]}")


def test_four_heading_levels_are_distinct_in_features_and_reports(tmp_path):
    manifest = make_issue(tmp_path, number=5, articles={"a.md": article("Feature", HEADINGS),
                                                        "b.md": article("Report", HEADINGS)}, manifest=MANIFEST)
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf")
    assert result.returncode == 0, result.output
    assert "'#####' headings are not supported: it is set as a '####' heading" in result.output
    found = runs(tmp_path / "out.pdf")
    pages = sorted({f[5] for f in found if f[0].startswith("Report")})
    for where in (lambda f: f[5] < pages[-1], lambda f: f[5] == pages[-1]):  # the feature, then the report
        part = [f for f in found if where(f)]
        levels = [style_of(part, f"{name} level") for name in ("Second", "Third", "Fourth")]
        body = style_of(part, "Text under")
        assert len(set(levels + [body])) == 4, levels  # each level its own face or size, none the body's
        assert style_of(part, "Fifth level") == levels[2]  # deeper levels are set as the fourth


TABLE = """\
Text before the table.

| Name | Count | Share | Note |
|------|-------|:-----:|-----:|
| Alpha | 1,204 | 92% | first |
| Beta gamma delta | 7 | 8% | second |
| Total | 1,211 | 100% | — |
"""


def test_column_alignments():
    from newsletter_cli import model
    from newsletter_cli.layout.blocks import column_alignments

    def cell(text, align=None):
        return model.TableCell([model.Span(text)] if text else [], align)

    table = model.Table(1, [cell("Name"), cell("Count"), cell("Code"), cell("Change", "left"), cell("Pct")],
                        [[cell("Alpha"), cell("1,204"), cell("A1"), cell("+107", "left"), cell("92%")],
                         [cell("Beta"), cell(""), cell("7"), cell("−7", "left"), cell("—")],
                         [cell("Gamma"), cell("$3.50"), cell("12"), cell("1 234", "left"), cell("(4.5)")]])
    assert column_alignments(table, 5) == ["left", "right", "left", "left", "right"]


def test_table_columns_aligned_as_the_source_says_and_numbers_right(tmp_path):
    manifest = make_issue(tmp_path, articles={"a.md": article("Tables", TABLE)})
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf")
    assert result.returncode == 0, result.output
    x = {f[0]: f[3] for f in runs(tmp_path / "out.pdf")}
    assert abs(x["Alpha"] - x["Total"]) < 0.5  # text: left
    assert x["7"] > x["1,204"] + 5 and x["1,211"] == x["1,204"]  # numbers, no alignment given: right
    assert x["8%"] > x["92%"] + 1 and x["100%"] < x["92%"]  # ':-:' centred
    assert x["first"] > x["second"] + 1  # '--:' right, though it is text
