"""Tagged PDF/UA-1 and PDF/A-2a: the built PDFs pass two checkers, and the checks can fail.

page-validation (profiles "ua1" and "2a") and outloud read the PDF as a reader's software
would; `pdfinfo -struct-text` (poppler) prints the structure tree with its text. The planted
faults (a figure without alternative text, a skipped heading level, an untagged folio) are
built in this process with one part of the tagging switched off, to show the checkers see it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter

import pytest

from conftest import ISSUE_076, article, build_article, make_issue, png, run_cli

page = pytest.importorskip("page")
outloud = pytest.importorskip("outloud")


def failures(path, profile: str) -> Counter:
    report = page.validate_pdf(str(path), profile=profile)
    return Counter(f.rule_id for f in report.failures)


def outloud_errors(path) -> list[str]:
    result = outloud.check(str(path))
    assert result.error is None, result.error
    return [f"{f.rule}: {f.message}" for f in result.findings if f.severity == "error"]


def struct_text(path) -> str:
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler's pdfinfo is not installed")
    out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, check=True)
    return out.stdout.decode("utf-8", "replace")


def test_issue_076_fails_no_rule_of_pdf_ua_1_and_pdf_a_2a(built_076):
    assert failures(built_076.pdf, "ua1") == Counter()
    assert failures(built_076.pdf, "2a") == Counter()
    assert outloud_errors(built_076.pdf) == []


def test_issue_076_reads_in_order_under_its_headings(built_076):
    text = struct_text(built_076.pdf)
    lines = [line.strip() for line in text.splitlines()]
    # the contents are a TOC of TOCI items, each with its link
    assert "TOC" in lines and lines.count("TOCI") >= 20
    # an essay: its section, its title as H1, the byline, its first sub-heading, in this order
    order = ['Part "Special Essays"', "H1 (block)", '"Let’s promote Customs Integrity in Asia Pacific region!!"',
             "Div", "H2 (block)"]
    at = lines.index(order[0])
    for want in order[1:]:
        at = lines.index(want, at + 1)
    # the reports, set in two balanced columns, are read article by article
    titles = ['"APPU visit to the ROCB A/P', '"ROCB A/P attends 21st Session', '"ROCB A/P join APEC',
              '"KCS visits ROCB A/P']
    reports = lines.index('Part "Workshop and Meeting"')
    places = [next(i for i, line in enumerate(lines) if i > reports and line.startswith(t)) for t in titles]
    assert places == sorted(places)
    assert all(lines[p - 1] == "H1 (block)" for p in places), [lines[p - 1] for p in places]
    # a placeholder frame is a Figure with its own alternative text; running heads are not text
    assert "Figure" in lines
    assert "ROCB A/P E-Newsletter  ·  No. 76  ·  January–March 2022" not in text


def test_words_broken_across_lines_stay_apart_for_a_reader(built_076):
    """The space a line broke at is in the text (invisibly drawn), so a screen reader or text
    extraction never joins the last word of one line to the first of the next ("inAsia")."""
    vocabulary = {word.lower() for path in sorted(ISSUE_076.parent.glob("076/*.md"))
                  for word in re.findall(r"\w+", path.read_text(encoding="utf-8"))}

    def joined(token: str) -> bool:  # two words of the articles run together
        low = token.lower()
        if "-" in low:  # a compound, or a word hyphenated at a line end ("reor-ganisation")
            return not (low.replace("-", "") in vocabulary or all(p in vocabulary for p in low.split("-")))
        return low not in vocabulary and any(low[:i] in vocabulary and low[i:] in vocabulary
                                             for i in range(2, len(low) - 1))

    lines = struct_text(built_076.pdf).splitlines()
    lines = lines[lines.index('  Part "Foreword"'):lines.index('  Sect "Publisher"')]  # the articles
    texts = [line.strip() for before, line in zip(lines, lines[1:])
             if re.match(r"\s*(P|H\d) \(block\)", before) and line.strip().startswith('"')]
    assert len(texts) > 250
    runs = sorted({t for text in texts for t in re.findall(r"\w+(?:-\w+)*", text) if joined(t)})
    assert runs == [], runs[:20]


def test_the_metadata_claims_the_standards_and_the_option_turns_the_claim_off(built_076, tmp_path):
    from pypdf import PdfReader

    xmp = PdfReader(str(built_076.pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "<pdfaid:conformance>A</pdfaid:conformance>" in xmp
    assert "ROCB A/P E-Newsletter No. 76 (January–March 2022)" in xmp
    out = tmp_path / "none.pdf"
    result = run_cli("build", "issues/076.yaml", "--output", out, "--pdf-standard", "none", "--format", "json")
    assert result.returncode == 0, result.output
    assert json.loads(result.stdout)["standards"] == []
    reader = PdfReader(str(out))
    assert "pdfuaid:part" not in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # the tags stay
    claimed = run_cli("build", "issues/076.yaml", "--output", tmp_path / "x.pdf", "--format", "json")
    assert json.loads(claimed.stdout)["standards"] == ["PDF/UA-1", "PDF/A-2a"]


BODY = """\
    Text before a list, with a [link](https://example.org) in it.

    - one item
    - two items, the second with a nested list:
      - inner
    1. first
    2. second

    ## A heading

    ### Below it

    #### And below that

    Words set in the fallback fonts: สวัสดี, 東京 and 서울.

    ```
    def code(block):
        return "kept as typed, " + "a line long enough to wrap at the column's edge" * 3
    ```

    | Name | Value |
    |---|---|
    | alpha ไทย | 1 |
    | beta | 2 |

    ::: caption
    Table 1: Two rows
    :::

    ![A red square](photos/red.png "Photo: us"){width=40% ratio=1:1 alt="A plain red square"}

    A paragraph beside the figure. """ + "More words that run on beside it and below. " * 30 + """

    ::: callout Note
    A callout with text.
    :::

    > A quotation of some length.
"""

REPORT = """\
    The first report's text. """ + "It goes on for a while so that the columns are balanced. " * 12 + """

    ## A sub-heading

    More text of the report, with <mail@example.org> to write to.
"""


MANIFEST = """\
publication: Test Newsletter
number: 1
period: Spring 2024
date: 2024-04-01
publisher:
  name: Test Office
sections:
  - kind: features
    title: Features
    articles:
      - 001/01-feature.md
  - kind: reports
    title: Reports
    articles:
      - 001/02-report.md
      - 001/03-report.md
"""


def _generated(tmp_path, *, image_alt=True):
    body = BODY if image_alt else BODY.replace(' alt="A plain red square"', "")
    articles = {"01-feature.md": article("A Feature", body, "source: Us\n"),
                "02-report.md": article("A Report", REPORT, "dateline: 1 April 2024, Bangkok\n"),
                "03-report.md": article("Another Report", REPORT)}
    manifest = make_issue(tmp_path, articles=articles, manifest=MANIFEST)
    (tmp_path / "001" / "photos").mkdir()
    (tmp_path / "001" / "photos" / "red.png").write_bytes(png(600, 600))
    return manifest


def test_the_output_intent_embeds_the_shipped_srgb_profile_which_is_sound(built_076):
    import hashlib
    import struct

    from pypdf import PdfReader

    from newsletter_cli.paths import assets_dir

    data = (assets_dir() / "color" / "sRGB.icc").read_bytes()
    assert struct.unpack(">I", data[:4])[0] == len(data)  # its size field
    assert (data[12:16], data[16:20], data[20:24], data[36:40]) == (b"mntr", b"RGB ", b"XYZ ", b"acsp")
    assert struct.unpack(">6H", data[24:36]) == (2000, 1, 1, 0, 0, 0)
    masked = bytearray(data)
    masked[44:48] = masked[64:68] = b"\0" * 4
    masked[84:100] = b"\0" * 16
    assert data[84:100] == hashlib.md5(masked).digest()  # its profile ID (ICC.1 7.2.18)
    assert "sRGB" in data.decode("utf-16-be", "replace")  # its description
    intent = PdfReader(str(built_076.pdf)).trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/DestOutputProfile"].get_object().get_data() == data


def test_a_generated_issue_with_lists_tables_figures_and_reports_passes(tmp_path):
    manifest = _generated(tmp_path)
    out = tmp_path / "gen.pdf"
    result = run_cli("build", manifest, "--output", out, "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert failures(out, "ua1") == Counter()
    assert failures(out, "2a") == Counter()
    assert outloud_errors(out) == []
    lines = [line.strip() for line in struct_text(out).splitlines()]
    for role in ("L", "LI", "LBody", "Table", "THead", "TBody", "TR", "Caption", "BlockQuote", "Link"):
        assert any(line.split(" ")[0] == role for line in lines), role
    assert any(line.startswith("TH") for line in lines) and "/Scope /Column" in lines
    assert lines.index('Sect "A Report"') < lines.index('Sect "Another Report"')


def test_a_figure_without_alternative_text_is_a_warning_and_an_error_under_strict(tmp_path):
    manifest = _generated(tmp_path, image_alt=False)
    result = run_cli("validate", manifest, "--format", "json", cwd=tmp_path)
    codes = [p["code"] for p in json.loads(result.stdout)["problems"]]
    assert result.returncode == 0 and codes == ["alt-text"]
    strict = run_cli("build", manifest, "--output", tmp_path / "s.pdf", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and "no alternative text" in strict.output


def _build_here(tmp_path, manifest):
    from newsletter_cli.build import build

    out = tmp_path / "planted.pdf"
    build(manifest, out)
    return out


def test_planted_figure_without_alt_is_caught(tmp_path, monkeypatch):
    from newsletter_cli.layout.figures import FigureBox

    manifest = _generated(tmp_path)
    monkeypatch.setattr(FigureBox, "alt", property(lambda self: None))
    out = _build_here(tmp_path, manifest)
    assert any("FIGURE" in rule or "ALT" in rule for rule in failures(out, "ua1")), failures(out, "ua1")


def test_planted_skipped_heading_level_is_caught(tmp_path, monkeypatch):
    from newsletter_cli.layout.tagging import Tagger

    manifest = make_issue(tmp_path, articles={"01-a.md": article("Skips", "Text.\n\n### Too deep\n\nMore.")})
    clean = _build_here(tmp_path, manifest)
    assert failures(clean, "ua1") == Counter()  # the tagger closes the gap: H1, then H2
    monkeypatch.setattr(Tagger, "clamp_headings", False)
    out = _build_here(tmp_path, manifest)
    assert any("HEADING" in rule for rule in failures(out, "ua1")), failures(out, "ua1")


def test_planted_untagged_folio_is_caught(tmp_path, monkeypatch):
    from contextlib import nullcontext

    from newsletter_cli.layout import tagging

    manifest = make_issue(tmp_path)
    monkeypatch.setattr(tagging, "wrap_untagged", lambda code: list(code))
    monkeypatch.setattr(tagging.Tagger, "artifact", lambda self, canv, *a, **k: nullcontext())
    out = _build_here(tmp_path, manifest)
    assert failures(out, "ua1")["PDFUA1-CONTENT-TAGGING-001"] == 1


def _list_items(text: str) -> list[list[str]]:
    """Each LI of `pdfinfo -struct-text`: its lines (stripped), up to the end of the item."""
    lines = text.splitlines()
    items = []
    for i, line in enumerate(lines):
        if line.strip().split(" ")[0] != "LI":
            continue
        depth = len(line) - len(line.lstrip())
        body = []
        for after in lines[i + 1:]:
            if after.strip() and len(after) - len(after.lstrip()) <= depth:
                break
            body.append(after.strip())
        items.append(body)
    return items


def test_list_labels_are_lbl_inside_their_li_before_the_lbody(built_076, tmp_path):
    text = struct_text(built_076.pdf)
    items = _list_items(text[text.index('"Contents"'):])  # (the cover's highlights have squares, no labels)
    assert len(items) >= 10
    for body in items:  # LI > Lbl "•" or "3." then LBody
        assert body[0] == "Lbl (block)" and re.fullmatch(r'"(•|\d+\.)"', body[1]) and body[2] == "LBody (block)", body
    assert any(body[1] == '"1."' for body in items) and any(body[1] == '"•"' for body in items)
    manifest = _generated(tmp_path)
    out = tmp_path / "gen.pdf"
    assert run_cli("build", manifest, "--output", out, cwd=tmp_path).returncode == 0
    text = struct_text(out)
    items = _list_items(text[text.index('"Contents"'):])  # (the cover lists the articles' titles)
    assert [body[1] for body in items] == ['"•"', '"•"', '"•"', '"1."', '"2."']
    assert all(body[0] == "Lbl (block)" and body[2] == "LBody (block)" for body in items)
    outer = items[1]  # the nested list is in the second item's LBody, its item with its own Lbl
    assert outer.index('"inner"') > outer.index("L (block)") > outer.index("LBody (block)")
    assert outer.count("Lbl (block)") == 2


def _section(text: str, title: str) -> list[str]:
    """The stripped lines of the structure tree's top-level Sect `title`."""
    lines = text.splitlines()
    at = [line.strip() for line in lines].index(f'Sect "{title}"')
    out = []
    for line in lines[at + 1:]:
        if not line.startswith("    "):
            break
        out.append(line.strip())
    return out


def test_the_covers_text_blocks_are_elements_of_their_own_in_reading_order(built_076):
    text = struct_text(built_076.pdf)
    cover = _section(text, "Cover")
    paragraphs = [cover[i + 1] for i, line in enumerate(cover) if line == "P (block)"]
    assert paragraphs[:7] == ['"REGIONAL OFFICE FOR CAPACITY BUILDING, ASIA/PACIFIC"', '"https://www.rocbap.org"',
                              '"ROCB A/P E-Newsletter"', '"No. 76"', '"January–March 2022"',
                              '"Resuming face-to-face capacity building"', '"IN THIS ISSUE"']
    # the highlights are a list, one LI each, after "IN THIS ISSUE" and before the publisher's lines
    items = [cover[i + 2] for i, line in enumerate(cover) if line == "LI (block)"]
    assert items == ['"Hong Kong Customs College continually enhances training professionalism"',
                     '"International Conference on Customs and Tax Cooperation"',
                     '"Essays: Customs integrity, human capital through crises, environmental issues"',
                     '"Fourteen workshop and meeting reports, January to March 2022"']
    assert cover.index("IN THIS ISSUE".join('""')) < cover.index("L (block)")
    assert paragraphs[-2:] == ['"WCO Regional Office for Capacity Building Asia/Pacific (ROCB A/P)"',
                               '"https://www.rocbap.org  ·  rocbap@rocbap.org"']
    back = _section(text, "Publisher")
    lines = [back[i + 1] for i, line in enumerate(back) if line == "P (block)"]
    assert lines[:6] == ['"ROCB A/P E-Newsletter"', '"No. 76  ·  January–March 2022"', '"PUBLISHED BY"',
                         '"WCO Regional Office for Capacity Building Asia/Pacific (ROCB A/P)"',
                         '"Bangkok, Thailand"', '"Web: https://www.rocbap.org"']
    assert back[back.index('"Web: https://www.rocbap.org"') + 1] == "Link (inline)"  # the link in its line
    assert '"ABOUT THIS ISSUE"' in lines and len(lines) >= 10


def test_runs_in_a_script_that_names_its_language_carry_their_lang(tmp_path):
    from pypdf import PdfReader

    manifest = _generated(tmp_path)
    out = tmp_path / "gen.pdf"
    assert run_cli("build", manifest, "--output", out, cwd=tmp_path).returncode == 0
    streams = b"".join(p.get_contents().get_data() for p in PdfReader(str(out)).pages)
    # สวัสดี is Thai and 서울 Korean (set by our line breaker), ไทย Thai (in a table cell, set by
    # ReportLab); 東京, in Han alone (Chinese or Japanese), has no /Lang. Each span is a piece of
    # its paragraph with an MCID of its own, not nested in the paragraph's (poppler stops there)
    assert Counter(re.findall(rb"/Span <</Lang \((\w+)\) /MCID \d+>> BDC", streams)) == Counter({b"th": 2, b"ko": 1})
    assert not re.search(rb"/Span <</Lang \(\w+\)>> BDC", streams)
    assert failures(out, "ua1") == Counter()


def test_a_definition_list_is_a_div_of_terms_and_definitions_and_passes_pdf_ua(tmp_path):
    body = ("Glossary of the programme.\n\nAEO\n: Authorised Economic Operator, a trader the customs "
            "administration trusts.\n\nSAFE\n: The WCO's framework of standards.\n\n: Adopted in 2005.\n")
    _, out = build_article(tmp_path, "Glossary", body, "--strict")  # (no warning that they are unsupported)
    text = struct_text(out)
    div = text[text.index("Div"):]
    lines = [line.strip() for line in div.splitlines() if line.strip().startswith('"')]
    assert lines[:4] == ['"AEO"', '"Authorised Economic Operator, a trader the customs administration trusts."',
                         '"SAFE"', '"The WCO’s framework of standards."'], lines  # (its apostrophe set)
    assert failures(out, "ua1") == Counter()


def test_a_definition_list_in_a_list_item_or_a_box_is_still_a_definition_list(tmp_path):
    body = ("Terms.\n\n- Customs words:\n\n  AEO\n  : Authorised Economic Operator.\n\n"
            "::: callout Glossary\nHS\n: The Harmonized System.\n:::\n")
    _, out = build_article(tmp_path, "Nested", body, "--strict")
    text = struct_text(out)
    # each term a paragraph of a Div, not an item of a bulleted list (no Lbl of its own)
    for term in ('"AEO"', '"HS"'):
        before = text[:text.index(term)].splitlines()[-3:]
        assert not any("Lbl" in line for line in before), (term, before)
        assert any("Div" in line for line in text[:text.index(term)].splitlines()[-4:]), (term, before)
    assert failures(out, "ua1") == Counter()
