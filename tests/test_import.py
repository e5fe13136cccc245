"""`newsletter import`: Word documents become articles, run as a subprocess on realistic .docx files.

The documents are made by tests/docx_factory.py with python-docx, plus raw XML for what it has
no API for (footnotes, tracked changes, text boxes, fields, smart tags, numbering levels).
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

import docx_factory as factory
from conftest import make_issue, run_cli

MANIFEST = """\
# Issue 9: the test manifest. Comments and layout must survive an import.
publication: Test Newsletter
number: 9
period: Spring 2024
date: 2024-04-01
publisher:
  name: Test Office   # publisher comment
sections:
  - kind: features
    title: Special Articles
    articles:
      - 009/01-first.md    # the first article
  # between sections
  - kind: essays
    title: Special Essays
    articles: [009/02-second.md]
  - kind: reports
    title: Workshop and Meeting
    articles:
      - file: 009/03-third.md
# the end
"""


def _issue(tmp_path: Path) -> Path:
    return make_issue(tmp_path, number=9, manifest=MANIFEST, articles={
        "01-first.md": "---\ntitle: \"First\"\n---\n\nFirst text.\n",
        "02-second.md": "---\ntitle: \"Second\"\n---\n\nSecond text.\n",
        "03-third.md": "---\ntitle: \"Third\"\n---\n\nThird text.\n"})


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def realistic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    return factory.realistic(folder / "centre-report.docx", photo=factory.image_bytes("JPEG", 900, 600),
                             gif=factory.image_bytes("GIF", 400, 250))


@pytest.fixture(scope="module")
def imported(realistic, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "05-centre-report.md"
    result = run_cli("import", realistic, "--output", out)
    assert result.returncode == 0, result.output
    return out, out.read_text(encoding="utf-8"), result


def test_front_matter_from_title_byline_and_dateline(imported):
    _, text, _ = imported
    front = text.split("---\n")[1]
    assert 'title: "Regional Training Centre opens its new e-learning hub"' in front
    assert '- name: "Jane Doe"\n    role: "Programme Manager, ROCB A/P"' in front
    assert 'dateline: "19 January 2022, Bangkok, Thailand"' in front
    body = text.split("---\n", 2)[2]
    assert "By Jane Doe" not in body and "Regional Training Centre opens" not in body


def test_headings_styles_links_and_literal_characters(imported):
    _, text, _ = imported
    assert "\n## Programme of the week\n" in text and "\n### Steps to register\n" in text
    assert "**forty-two**" in text and "*brand new*" in text
    assert "[the news page](https://www.rocbap.org/news?id=1&x=%282%29)" in text
    assert "javascript" not in text and "this odd link" in text
    assert r"5 \* 3 = 15, \#hashtag, \<b\>not bold\</b\>, a \[\^1\] label, pipe \| bar, \~\~tilde\~\~" in text
    assert "`newsletter build`" in text


def test_lists_keep_nesting_and_kind(imported):
    _, text, _ = imported
    assert ("- Opening session on risk management\n  - Case studies from three administrations\n"
            "  - Group exercise on targeting\n- Closing ceremony") in text
    assert ("1. Create an account on the platform\n2. Choose the module Integrity 101\n"
            "   1. Ask your supervisor to approve it\n3. Complete the final quiz") in text


def test_table_quote_code_and_figures(imported):
    out, text, _ = imported
    assert "| Module | Participants | Hours |\n|---|---|---|\n| Risk \\| management | 18 | 12 |" in text
    assert "| Total across modules |  | 20 |" in text  # the merged cell, flattened
    assert "::: caption\nTable 1: Modules of the first week\n:::" in text
    assert "> Training is the first line of defence against corruption." in text
    assert "```\nrisk = likelihood * impact\nif risk > 5: inspect()\n```" in text
    figure = re.search(r"!\[Participants in the new e-learning hub\]\(photos/(centre-report-1\.jpg)\)"
                       r"\{width=(\d+)% ratio=1\.5:1 alt=\"[^\"]+\"\}", text)  # the picture's description
    assert figure, text
    assert (out.parent / "photos" / "centre-report-1.jpg").read_bytes()[:2] == b"\xff\xd8"
    converted = out.parent / "photos" / "centre-report-1.png"
    assert converted.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # the GIF, converted
    assert "](photos/centre-report-1.png)" in text


def test_track_changes_fields_smart_tags_text_boxes_comments(imported):
    _, text, result = imported
    assert "The deadline is Monday at noon, in room Bangkok 3, printed on 3 March 2022." in text
    assert "Friday" not in text and "MOVEDAWAY" not in text and "DATE" not in text
    assert text.count("Boxed reminder text") == 1  # the text box's fallback copy is not read
    assert "Check this date" not in text
    assert re.search(r"centre-report\.docx:¶\d+: note: comment by Reviewer not imported: “Check this date "
                     r"with Jane”", result.stdout), result.stdout


def test_footnotes_are_kept_as_footnotes_with_a_located_note(imported):
    from newsletter_cli.source.markdown_text import footnotes_supported

    _, text, result = imported
    if footnotes_supported():  # the article format has `[^1]` footnotes
        assert "this odd link.[^1]" in text
        assert text.rstrip().endswith("\n\n[^1]: The hub was funded by the Korea Customs Service.")
        assert re.search(r"centre-report\.docx:¶4: note: 1 footnote\(s\) or endnote\(s\): kept as footnotes",
                         result.stdout), result.stdout
    else:  # a numbered list of notes at the end
        assert "this odd link.\\[1\\]" in text
        assert text.rstrip().endswith("## Notes\n\n- \\[1\\] The hub was funded by the Korea Customs Service.")
        assert re.search(r"centre-report\.docx:¶4: warning: 1 footnote\(s\)", result.stdout), result.stdout
    assert re.search(r"imported .*centre-report\.docx -> .*05-centre-report\.md: \d+ words, 2 headings, "
                     r"2 images, 1 table, 2 lists, 1 note", result.stdout)


def test_output_never_overwrites(realistic, tmp_path):
    out = tmp_path / "a.md"
    out.write_text("mine", encoding="utf-8")
    result = run_cli("import", realistic, "--output", out)
    assert result.returncode == 1 and "exists already" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine" and not (tmp_path / "photos").exists()


def test_an_output_folder_that_cannot_be_made_is_a_located_error_and_nothing_is_left(realistic, tmp_path):
    (tmp_path / "notes").write_text("a file, not a folder", encoding="utf-8")
    result = run_cli("import", realistic, "--output", tmp_path / "notes" / "new" / "a.md", cwd=tmp_path)
    assert result.returncode == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert result.stderr.startswith("notes/new: error: cannot be written: Not a directory")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def test_a_folder_another_process_makes_meanwhile_is_used_not_an_error(tmp_path, monkeypatch):
    from newsletter_cli.source import files

    target = tmp_path / "issue" / "photos" / "a.jpg"
    real_mkdir = Path.mkdir

    def racing(self, *args, **kwargs):  # the folder appears between the look and the mkdir
        real_mkdir(self, *args, **kwargs)
        raise FileExistsError(17, "File exists", str(self))

    monkeypatch.setattr(Path, "mkdir", racing)
    transaction = files.Transaction()
    transaction.commit([(target, b"jpeg")], None)
    assert target.read_bytes() == b"jpeg" and transaction.dirs == []


def test_imported_issue_validates_and_builds(realistic, tmp_path):
    from pypdf import PdfReader

    manifest = _issue(tmp_path)
    essay = factory.essay(tmp_path / "essay.docx")
    result = run_cli("import", realistic, "--issue", manifest, "--section", "reports", cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert "0 error(s)" in result.stdout
    result = run_cli("import", essay, "--issue", manifest, "--section", "Special Essays", cwd=tmp_path)
    assert result.returncode == 0, result.output
    new = manifest.read_text(encoding="utf-8")
    expected = MANIFEST.replace("[009/02-second.md]", "[009/02-second.md, 009/05-how-customs-supports-"
                                "environmental-goals.md]").replace(
        "      - file: 009/03-third.md\n",
        "      - file: 009/03-third.md\n      - 009/04-regional-training-centre-opens-its-new-e.md\n")
    assert new == expected
    essay_md = (tmp_path / "009" / "05-how-customs-supports-environmental-goals.md").read_text(encoding="utf-8")
    assert 'title: "How customs supports environmental goals"' in essay_md and '- name: "Kim Lee"' in essay_md
    assert essay_md.count("How customs supports") == 1  # the Heading 1 repeating the title is dropped
    assert ("- Enforcement of trade rules\n  - Waste shipments\n    - Plastic scrap\n  - Wildlife\n"
            "- Facilitation of green goods") in essay_md
    assert "| Asia | 120 |\n|  | 95 |" in essay_md
    assert "merged cells" in result.stdout and "level-3 heading" not in result.stdout
    out = tmp_path / "009.pdf"
    built = run_cli("build", manifest, "--output", out, cwd=tmp_path)
    assert built.returncode == 0, built.output
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(out)).pages)
    for words in ("Regional Training Centre opens its new", "forty-two", "5 * 3 = 15", "<b>not bold</b>",
                  "a [^1] label", "pipe | bar", "<!-- not a comment -->", "Risk | management", "Monday at noon", "Boxed reminder text",
                  "risk = likelihood * impact", "funded by the Korea Customs Service", "Plastic scrap",
                  "green customs is smart customs", "Participants in the new e-learning hub"):
        assert words in text, words
    assert "Friday" not in text and "Check this date" not in text


def test_literal_characters_give_no_markdown_warnings(realistic, tmp_path):
    manifest = _issue(tmp_path)
    result = run_cli("import", realistic, "--issue", manifest, "--section", "features", cwd=tmp_path)
    assert result.returncode == 0, result.output
    for code in ("looks like HTML", "footnotes are not supported", "strikethrough", "starts a comment"):
        assert code not in result.output


def test_an_import_that_would_break_the_issue_is_undone(realistic, tmp_path):
    manifest = _issue(tmp_path)
    assert run_cli("import", realistic, "--issue", manifest, "--section", "features", cwd=tmp_path).returncode == 0
    before = _snapshot(tmp_path)
    again = run_cli("import", realistic, "--issue", manifest, "--section", "essays", cwd=tmp_path)
    assert again.returncode == 1 and "duplicate article title" in again.stdout
    assert "import undone" in again.stderr
    assert _snapshot(tmp_path) == before


def test_unknown_section_lists_the_sections(realistic, tmp_path):
    manifest = _issue(tmp_path)
    before = _snapshot(tmp_path)
    result = run_cli("import", realistic, "--issue", manifest, "--section", "letters", cwd=tmp_path)
    assert result.returncode == 1 and "no section 'letters'" in result.stderr
    assert "essays (Special Essays)" in result.stderr
    assert _snapshot(tmp_path) == before


# --- hostile documents: exit 1, a clear message, nothing written, the manifest untouched ------------


def _hostile(kind: str, folder: Path) -> Path:
    base = factory.realistic(folder / f"{kind}.docx", photo=factory.png_bytes())
    if kind == "not-a-zip":
        base.write_text("Dear desk, here is my article.", encoding="utf-8")
    elif kind == "corrupt":
        data = base.read_bytes()
        base.write_bytes(data[: len(data) // 2])
    elif kind == "encrypted":
        factory.set_encrypted_flag(base)
    elif kind == "zip-bomb":
        factory.rewrite_zip(base, add={"word/media/huge.bin": b"\0" * 30_000_000})
    elif kind == "macros":
        types = zipfile.ZipFile(base).read("[Content_Types].xml").replace(
            b"wordprocessingml.document.main+xml", b"wordprocessingml.document.main+xml\"/><Override "
            b"PartName=\"/word/vbaProject.bin\" ContentType=\"application/vnd.ms-office.vbaProject")
        factory.rewrite_zip(base, replace={"[Content_Types].xml": types}, add={"word/vbaProject.bin": b"VBA"})
    elif kind == "docm":
        base = base.rename(base.with_suffix(".docm"))
    elif kind == "traversal":
        factory.rewrite_zip(base, add={"../../evil.xml": b"<x/>"})
    elif kind == "external-image":
        rels = zipfile.ZipFile(base).read("word/_rels/document.xml.rels")
        rels = re.sub(rb'(Type="[^"]*/image" Target=")[^"]*"', rb'\1https://tracker.example/p.png" '
                      rb'TargetMode="External"', rels)
        document = zipfile.ZipFile(base).read("word/document.xml").replace(b"r:embed=", b"r:link=")
        factory.rewrite_zip(base, replace={"word/_rels/document.xml.rels": rels, "word/document.xml": document})
    elif kind == "oversize":
        with open(base, "r+b") as stream:
            stream.truncate(200_000_000)  # sparse: a 200 MB file that is never read
    elif kind == "many-members":
        factory.rewrite_zip(base, add={f"extra/item{i}.xml": b"<a/>" for i in range(5100)})
    elif kind == "dtd":
        document = zipfile.ZipFile(base).read("word/document.xml").replace(
            b"?>", b'?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]>', 1)
        factory.rewrite_zip(base, replace={"word/document.xml": document})
    elif kind == "damaged-part":
        factory.rewrite_zip(base, replace={"word/footnotes.xml": b"<w:footnotes xmlns:w='x'><w:footnote"})
    elif kind == "no-body":
        document = zipfile.ZipFile(base).read("word/document.xml")
        document = re.sub(rb"<w:body>.*</w:body>", b"", document, flags=re.S)
        factory.rewrite_zip(base, replace={"word/document.xml": document})
    elif kind == "fifo":
        base.unlink()
        os.mkfifo(base)
    return base


HOSTILE = {
    "not-a-zip": "is not a .docx (a Word document is a zip archive",
    "corrupt": "is a corrupt zip archive",
    "encrypted": "is encrypted (member",
    "zip-bomb": "(a zip bomb?)",
    "macros": "macro",
    "docm": "macro-enabled Word document (.docm)",
    "traversal": "unsafe path '../../evil.xml' (path traversal)",
    "oversize": "is 200 MB; the limit for a Word document is 50 MB",
    "many-members": "holds 51",
    "dtd": "declares a DTD or entities",
    "fifo": "is not a regular file",
    "no-body": "its document part has no body",
    "damaged-part": "its part '/word/footnotes.xml' is damaged XML",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_documents_are_refused_and_nothing_changes(kind, tmp_path):
    manifest = _issue(tmp_path / "issue")
    doc = _hostile(kind, tmp_path / "issue")
    good = factory.essay(tmp_path / "issue" / "good.docx")
    before = _snapshot(tmp_path / "issue")
    result = run_cli("import", good, doc, "--issue", manifest, "--section", "essays", cwd=tmp_path / "issue",
                     timeout=60)
    assert result.returncode == 1, result.output
    assert HOSTILE[kind] in result.stderr, result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.output
    assert _snapshot(tmp_path / "issue") == before


def test_a_picture_linked_from_outside_is_left_out_with_a_warning_and_the_text_imported(tmp_path):
    # never fetched: a tracking pixel on the web, or a file on the author's own disk
    doc = _hostile("external-image", tmp_path)
    out = tmp_path / "article.md"
    result = run_cli("import", doc, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert re.search(r"external-image\.docx:¶\d+: warning: a picture linked from outside the document "
                     r"\('https://tracker\.example/p\.png'\) is left out: insert the picture itself", result.stdout)
    text = out.read_text(encoding="utf-8")
    assert "tracker.example" not in text and "![" not in text
    assert not (tmp_path / "photos").exists()  # (the document's only picture was the linked one)


def test_pictures_in_cells_and_in_text_become_figures_of_their_own(tmp_path):
    import io

    import docx
    from docx.shared import Cm

    d = docx.Document()
    d.add_heading("Pictures in cells", 0)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(1, 1).text = "Photo", "Name", "Ms. A"
    t.cell(1, 0).paragraphs[0].add_run().add_picture(io.BytesIO(factory.image_bytes("PNG", 600, 400)), width=Cm(3))
    p = d.add_paragraph("Inline ")
    shape = p.add_run().add_picture(io.BytesIO(factory.image_bytes("JPEG", 800, 500)), width=Cm(8))
    factory.set_descr(shape, "Delegates at the opening")
    p.add_run(" text after.")
    factory.add_hyperlink(d.add_paragraph("Write to "), "mailto:desk@example.org", "the desk")
    d.save(tmp_path / "cells.docx")
    out = tmp_path / "issue" / "cells.md"
    result = run_cli("import", tmp_path / "cells.docx", "--output", out)
    assert result.returncode == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "| Photo | Name |\n|---|---|\n|  | Ms. A |\n\n![](photos/cells-1.png){width=20% ratio=1.5:1}" in text
    from newsletter_cli.source.article_write import figure_alt

    if figure_alt():  # the figure syntax takes alt text: the description goes there
        assert 'Inline text after.\n\n![](photos/cells-1.jpg){width=50% ratio=1.6:1 alt="Delegates at the opening"}' in text
    else:  # until then it is the caption of a picture that has none
        assert "Inline text after.\n\n![Delegates at the opening](photos/cells-1.jpg){width=50% ratio=1.6:1}" in text
        assert re.search(r"cells\.docx:¶6: note: the picture has no caption: its description", result.stdout)
    assert "Write to [the desk](mailto:desk@example.org)" in text
    assert re.search(r"cells\.docx:¶4: warning: a picture inside a table is placed below the table", result.stdout)


def test_an_empty_document_is_a_title_only_article_with_a_warning(tmp_path):
    import docx

    docx.Document().save(tmp_path / "blank-page.docx")
    out = tmp_path / "blank.md"
    result = run_cli("import", tmp_path / "blank-page.docx", "--output", out)
    assert result.returncode == 0, result.output
    assert out.read_text(encoding="utf-8").startswith('---\ntitle: "Blank page"\n---\n')
    assert "warning: the document has no text to import" in result.stdout


def test_bylines_and_datelines_are_recognised_and_sentences_are_not():
    from newsletter_cli.source.docx_front import BYLINE, JUNK_TITLE, _is_dateline, _names_people, authors_of

    def byline(text):
        match = BYLINE.match(text)
        return authors_of(match.group(1)) if match and _names_people(match.group(1)) else None

    assert byline("By Jane Doe, Programme Manager") == [{"name": "Jane Doe", "role": "Programme Manager"}]
    assert byline("Written by Kim Lee and Ana Cruz") == [{"name": "Kim Lee"}, {"name": "Ana Cruz"}]
    assert byline("By: Ms. Grace Ye, Program Manager, ROCB A/P, grace.ye@example.org") == [
        {"name": "Ms. Grace Ye", "role": "Program Manager, ROCB A/P", "email": "grace.ye@example.org"}]
    assert byline("By 2025, all administrations will trade paperless.") is None
    assert byline("By the end of the year the hub had trained 400 officers.") is None
    for text in ("19 January 2022, Bangkok, Thailand", "Bangkok, 3 March 2022", "3–5 March 2022, Seoul",
                 "March 3, 2022 | Seoul, Korea", "2022-03-31, Brussels"):
        assert _is_dateline(text), text
    assert JUNK_TITLE.match("Microsoft Word - report_final.doc") and JUNK_TITLE.match("Document1")
    assert not JUNK_TITLE.match("Documenting border crossings")
    for text in ("The meeting was held on 19 January 2022 in Bangkok.", "19 January 2022",
                 "Since March 2022 the centre has trained officers from fourteen administrations"):
        assert not _is_dateline(text), text


def test_any_text_prints_as_typed():
    """Whatever a document says, the Markdown written for it reads back as exactly that text."""
    from hypothesis import given, settings, strategies as st

    from newsletter_cli.content.markdown import markdown
    from newsletter_cli.source.markdown_text import Run, inline, normalise, plain

    alphabet = st.sampled_from(list("ab1 .-+=:#*_`[]()<>!|~{}\\&^$\"'@/;") + ["é", "\u2014", "\t"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.text(alphabet, min_size=1, max_size=12), min_size=1, max_size=6))
    def check(pieces):
        runs = normalise([Run(p) for p in pieces])
        if not runs:
            return
        tokens = markdown().parse(inline(runs, styles=False))
        assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
        got = "".join(c.content for c in tokens[1].children if c.type == "text")
        assert got == plain(runs)

    check()


def test_drawings_the_build_cannot_place_are_left_out_with_located_warnings(tmp_path):
    import io

    import docx
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.add_heading("Drawings", 0)
    d.add_paragraph("A logo drawn in Word follows.")
    d.add_paragraph().add_run().add_picture(io.BytesIO(factory.png_bytes(300, 200)))
    chart = d.add_paragraph("Figures: ")
    factory.add_raw(chart, f'<w:r {nsdecls("w", "wp", "a")}><w:drawing><wp:inline><wp:extent cx="10" cy="10"/>'
                           '<wp:docPr id="7" name="Chart 1"/><a:graphic><a:graphicData '
                           'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"/></a:graphic></wp:inline>'
                           '</w:drawing></w:r>')
    d.add_paragraph("The end.")
    path = tmp_path / "drawings.docx"
    d.save(path)
    with zipfile.ZipFile(path) as z:
        [media] = [n for n in z.namelist() if n.startswith("word/media/")]
        rels = z.read("word/_rels/document.xml.rels").replace(media[5:].encode(), b"media/logo.emf")
        types = z.read("[Content_Types].xml").replace(b"<Default ", b'<Default Extension="emf" '
                                                       b'ContentType="image/x-emf"/><Default ', 1)
    factory.rewrite_zip(path, renames={media: "word/media/logo.emf"},
                        replace={"word/_rels/document.xml.rels": rels, "[Content_Types].xml": types})
    out = tmp_path / "drawings.md"
    result = run_cli("import", path, "--output", out)
    assert result.returncode == 0, result.output
    assert re.search(r"drawings\.docx:¶3: warning: the picture 'logo\.emf' is a EMF drawing, which the build "
                     r"cannot place: left out", result.stdout), result.stdout
    assert re.search(r"drawings\.docx:¶4: warning: a chart is left out", result.stdout), result.stdout
    text = out.read_text(encoding="utf-8")
    assert "![" not in text and "A logo drawn in Word follows.\n\nFigures:\n\nThe end." in text
    assert not (tmp_path / "photos").exists()


def test_contents_and_headers_are_reported_and_strikethrough_kept(tmp_path):
    import docx
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.add_heading("Furniture", 0)
    d.sections[0].header.paragraphs[0].text = "RTC Newsletter draft"
    toc = d.add_paragraph()
    toc._p.addprevious(factory.parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        '</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Contents</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Introduction 1</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    p = d.add_paragraph("Price: ")
    p.add_run("40 USD").font.strike = True
    p.add_run(" 30 USD.")
    d.save(tmp_path / "furniture.docx")
    out = tmp_path / "furniture.md"
    result = run_cli("import", tmp_path / "furniture.docx", "--output", out)
    assert result.returncode == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Introduction 1" not in text and "RTC Newsletter draft" not in text
    assert "Price: ~~40 USD~~ 30 USD." in text  # struck through, as in Word
    assert re.search(r"furniture\.docx:¶2: warning: the table of contents is left out", result.stdout)
    assert "furniture.docx: note: the page header is not imported" in result.stdout


def test_endnotes_follow_footnotes_and_typed_captions_are_captions(tmp_path):
    import io

    import docx

    d = docx.Document()
    d.add_heading("Notes and captions", 0)
    p = d.add_paragraph("A claim with a footnote")
    factory.footnote_ref(p, 1)
    p.add_run(" and another with an endnote")
    factory.footnote_ref(p, 1, kind="endnote")
    p.add_run(".")
    d.add_paragraph().add_run().add_picture(io.BytesIO(factory.image_bytes("PNG", 600, 400)))
    d.add_paragraph("Figure 2: The new scanner at the port")
    d.add_paragraph("Table 1 – Seizures by quarter")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(1, 0).text, t.cell(1, 1).text = "Quarter", "Cases", "Q1", "12"
    d.add_paragraph("Figure 3 shows nothing here; this is a sentence about figures, far from any.")
    factory.add_footnotes(d, {1: "From the annual report."})
    factory.add_endnotes(d, {1: "Interview, March 2022."})
    d.save(tmp_path / "notes.docx")
    out = tmp_path / "notes.md"
    result = run_cli("import", tmp_path / "notes.docx", "--output", out)
    assert result.returncode == 0, result.output
    text = out.read_text(encoding="utf-8")
    from newsletter_cli.source.markdown_text import footnotes_supported

    if footnotes_supported():
        assert "A claim with a footnote[^1] and another with an endnote[^2]." in text
        assert text.endswith("\n\n[^1]: From the annual report.\n\n[^2]: Interview, March 2022.\n")
    else:
        assert "A claim with a footnote\\[1\\] and another with an endnote\\[2\\]." in text
        assert text.endswith("## Notes\n\n- \\[1\\] From the annual report.\n- \\[2\\] Interview, March 2022.\n")
    assert "![Figure 2: The new scanner at the port](photos/notes-1.png)" in text
    assert "| Q1 | 12 |\n\n::: caption\nTable 1 – Seizures by quarter\n:::" in text
    assert "\n\nFigure 3 shows nothing here" in text
    assert "2 footnote(s) or endnote(s)" in result.stdout


def test_in_a_report_the_role_and_subtitle_still_print(tmp_path):
    """A report's head shows only the title, dateline and names: role and subtitle move into view."""
    import docx
    from pypdf import PdfReader

    d = docx.Document()
    d.add_paragraph("Regional meeting on integrity", style="Title")
    d.add_paragraph("Twelve administrations met online", style="Subtitle")
    d.add_paragraph("By Ana Cruz, Integrity Officer, WCO")
    d.add_paragraph("The meeting agreed on a common action plan.")
    d.save(tmp_path / "meeting.docx")
    manifest = _issue(tmp_path)
    result = run_cli("import", tmp_path / "meeting.docx", "--issue", manifest, "--section", "reports", cwd=tmp_path)
    assert result.returncode == 0, result.output
    text = (tmp_path / "009" / "04-regional-meeting-on-integrity.md").read_text(encoding="utf-8")
    assert '- name: "Ana Cruz, Integrity Officer, WCO"' in text and "subtitle" not in text
    assert "\n*Twelve administrations met online*\n" in text
    out = tmp_path / "009.pdf"
    assert run_cli("build", manifest, "--output", out, cwd=tmp_path).returncode == 0
    pdf = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(out)).pages)
    for words in ("Ana Cruz, Integrity Officer, WCO", "Twelve administrations met online", "common action plan"):
        assert words in pdf, words


def test_mangled_documents_are_imported_or_refused_never_a_crash(tmp_path):
    """Random damage to the XML of a realistic document (elements dropped or moved, attribute values
    replaced): each import ends in success or a user error (exit 0 or 1), never an internal error."""
    import contextlib
    import io
    import random

    from lxml import etree

    from newsletter_cli.importcmd import command

    base = factory.realistic(tmp_path / "base.docx", photo=factory.image_bytes("JPEG", 200, 100))
    with zipfile.ZipFile(base) as z:
        members = {n: z.read(n) for n in z.namelist()}
    parts = ["word/document.xml", "word/numbering.xml", "word/styles.xml", "word/footnotes.xml",
             "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml", "docProps/core.xml"]
    values = ["", "-1", "x", "99999999999999", "0", "restart", "bullet", "none", "rId999", "External"]
    rng = random.Random(20260312)
    for it in range(60):
        name = rng.choice(parts)
        root = etree.fromstring(members[name])
        for _ in range(rng.randint(1, 6)):
            elements = list(root.iter())
            el = rng.choice(elements)
            if rng.random() < 0.4 and el.getparent() is not None:
                el.getparent().remove(el)
            elif el.attrib:
                el.set(rng.choice(list(el.attrib)), rng.choice(values))
        damaged = dict(members, **{name: etree.tostring(root, xml_declaration=True, encoding="UTF-8")})
        path = tmp_path / f"damaged-{it}.docx"
        with zipfile.ZipFile(path, "w") as out:
            for member, data in damaged.items():
                out.writestr(member, data)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = command([path], None, None, tmp_path / f"out-{it}" / "a.md")
        assert code in (0, 1), (it, name)


def test_a_camera_mpo_becomes_a_plain_jpeg(tmp_path):
    import io

    import docx
    from PIL import Image

    frames = [Image.new("RGB", (640, 480), colour) for colour in ((200, 30, 30), (30, 30, 200))]
    mpo = io.BytesIO()
    frames[0].save(mpo, "MPO", save_all=True, append_images=frames[1:])
    assert Image.open(io.BytesIO(mpo.getvalue())).format == "MPO"
    d = docx.Document()
    d.add_heading("Camera", 0)
    d.add_paragraph().add_run().add_picture(io.BytesIO(mpo.getvalue()))
    d.add_paragraph("Photo: the new hall", style="Caption")
    d.save(tmp_path / "camera.docx")
    out = tmp_path / "camera.md"
    result = run_cli("import", tmp_path / "camera.docx", "--output", out)
    assert result.returncode == 0, result.output
    assert "![Photo: the new hall](photos/camera-1.jpg)" in out.read_text(encoding="utf-8")
    with Image.open(tmp_path / "photos" / "camera-1.jpg") as img:
        assert img.format == "JPEG" and img.size == (640, 480)


def test_indented_paragraphs_are_quotes_and_photo_names_never_overwrite(tmp_path):
    import io

    import docx
    from docx.shared import Cm

    d = docx.Document()
    d.add_heading("Indents", 0)
    d.add_paragraph("The director said:")
    quoted = d.add_paragraph("We train together, we trade together.")
    quoted.paragraph_format.left_indent = Cm(1.5)
    d.add_paragraph().add_run().add_picture(io.BytesIO(factory.image_bytes("JPEG", 300, 200)))
    d.save(tmp_path / "indents.docx")
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "indents-1.jpg").write_bytes(b"someone else's photo")
    out = tmp_path / "indents.md"
    result = run_cli("import", tmp_path / "indents.docx", "--output", out)
    assert result.returncode == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "The director said:\n\n> We train together, we trade together.\n" in text
    assert "](photos/indents-2.jpg)" in text
    assert (photos / "indents-1.jpg").read_bytes() == b"someone else's photo"
    assert (photos / "indents-2.jpg").read_bytes()[:2] == b"\xff\xd8"


def test_a_short_bold_line_before_text_is_a_sub_heading(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Bold lines", 0)
    d.add_paragraph("The first paragraph.")
    d.add_paragraph().add_run("Background of the project").bold = True
    d.add_paragraph("The project started in 2019.")
    d.add_paragraph().add_run("This whole sentence is bold for emphasis.").bold = True
    d.add_paragraph("More text.")
    d.save(tmp_path / "bold.docx")
    out = tmp_path / "bold.md"
    result = run_cli("import", tmp_path / "bold.docx", "--output", out)
    assert result.returncode == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "\n## Background of the project\n\nThe project started in 2019." in text
    assert "\n**This whole sentence is bold for emphasis.**\n" in text
    assert "bold.docx:¶3: note: a short paragraph all in bold is read as a sub-heading" in result.stdout


def test_raised_and_lowered_text_is_kept_and_set_in_superscript_and_subscript(tmp_path):
    import docx
    from pypdf import PdfReader

    d = docx.Document()
    d.add_heading("Emissions", 0)
    p = d.add_paragraph("Output of CO")
    p.add_run("2").font.subscript = True
    p.add_run(" fell by 12 m")
    p.add_run("3").font.superscript = True
    p.add_run(" in the 1")
    p.add_run("st").font.superscript = True
    p.add_run(" quarter, see note")
    p.add_run("[a]").font.superscript = True
    p.add_run(".")
    d.save(tmp_path / "co2.docx")
    manifest = make_issue(tmp_path / "issue")
    result = run_cli("import", tmp_path / "co2.docx", "--issue", manifest, "--section", "features",
                     cwd=tmp_path / "issue")
    assert result.returncode == 0, result.output
    text = next((tmp_path / "issue").rglob("*emissions.md")).read_text(encoding="utf-8")
    assert "Output of CO<sub>2</sub> fell by 12 m<sup>3</sup> in the 1<sup>st</sup> quarter, see note<sup>\\[a\\]</sup>." \
        in text
    out = tmp_path / "co2.pdf"
    built = run_cli("build", manifest, "--output", out, cwd=tmp_path / "issue")
    assert built.returncode == 0 and "missing-glyph" not in built.output, built.output
    drawn = " ".join("".join(page.extract_text() for page in PdfReader(str(out)).pages).split())
    assert "Output of CO₂ fell by 12 m³ in the 1ˢᵗ quarter, see note[a]." in drawn


def test_hidden_text_capitals_page_breaks_and_equations_read_as_word_shows_them(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ns = nsdecls("w")
    d = docx.Document()
    d.add_heading("Odd runs", 0)
    p = d.add_paragraph("Visible start. ")
    for xml in (f'<w:r {ns}><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">EDITORSONLY </w:t></w:r>',
                f'<w:r {ns}><w:rPr><w:caps/></w:rPr><w:t xml:space="preserve">set in capitals </w:t></w:r>',
                f'<w:r {ns}><w:t xml:space="preserve">before a page</w:t></w:r>',
                f'<w:r {ns}><w:br w:type="page"/></w:r>',
                f'<w:r {ns}><w:t xml:space="preserve">break.</w:t></w:r>'):
        p._p.append(parse_xml(xml))
    p = d.add_paragraph("Energy: ")
    p._p.append(parse_xml(
        '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><m:t>E=m</m:t></m:r>'
        '<m:sSup><m:e><m:r><m:t>c</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup>'
        '<m:r><m:t>, </m:t></m:r><m:f><m:num><m:r><m:t>a+b</m:t></m:r></m:num><m:den><m:r><m:t>2</m:t></m:r>'
        '</m:den></m:f></m:oMath>'))
    d.save(tmp_path / "odd.docx")
    out = tmp_path / "issue" / "odd.md"
    result = run_cli("import", tmp_path / "odd.docx", "--output", out)
    assert result.returncode == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Visible start. SET IN CAPITALS before a page break." in text
    assert "EDITORSONLY" not in text and "text Word hides is left out: “EDITORSONLY”" in result.output
    assert "Energy: *E=mc*<sup>*2*</sup>*, \\(a+b\\)/2*" in text


def test_a_document_saved_as_strict_open_xml_imports_as_its_transitional_twin(realistic, imported, tmp_path):
    # Word's "Strict Open XML Document" (ISO/IEC 29500 Strict) names the same elements in other
    # namespaces; it was refused. The realistic document written so imports to the same article.
    from newsletter_cli.source.docx_read import STRICT_NAMESPACES

    with zipfile.ZipFile(realistic) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    strict = tmp_path / "centre-report.docx"
    with zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            if name.endswith((".xml", ".rels")):
                for strict_ns, usual in STRICT_NAMESPACES:
                    data = data.replace(usual, strict_ns)
            target.writestr(name, data)
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in zipfile.ZipFile(strict).read("word/document.xml")
    out = tmp_path / "issue" / "05-centre-report.md"
    result = run_cli("import", strict, "--output", out)
    assert result.returncode == 0, result.output
    assert out.read_text(encoding="utf-8") == imported[1]


def test_a_word_document_listed_as_an_article_is_an_error_whose_hint_works(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Sent as Word", 1)
    document.add_paragraph("The contributor's text, as it came.")
    manifest = make_issue(tmp_path, articles={"01-a.md": "---\ntitle: First\n---\n\nText.\n"})
    document.save(tmp_path / "001" / "02-sent.docx")
    manifest.write_text(manifest.read_text("utf-8") + "      - 001/02-sent.docx\n", "utf-8")
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.output
    assert re.search(r"001\.yaml:\d+:\d+: error: article '001/02-sent\.docx' is a Word document, not Markdown",
                     result.output), result.output
    command = re.search(r"`newsletter (import [^`]+)`", result.output).group(1).split()
    assert run_cli(*command, cwd=tmp_path).returncode == 0  # the hint, as the user would run it
    manifest.write_text(manifest.read_text("utf-8").replace("02-sent.docx", "02-sent.md"), "utf-8")
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.output
