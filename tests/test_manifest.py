"""The manifest stage without building: newsletter_cli.source.manifest.load_issue and yamlsafe.load_yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ARTICLE_ONE, ARTICLE_TWO, MANIFEST, ROOT, make_issue, run_cli
from newsletter_cli.errors import NewsletterError
from newsletter_cli.source.manifest import load_issue
from newsletter_cli.source.yamlsafe import LocatedDict, LocatedList, load_yaml

ONE = {"01-first.md": ARTICLE_ONE}
BASE = MANIFEST.format(number=1, articles="      - 001/01-first.md")
# BASE, line by line:
#  1 publication: Test Newsletter
#  2 number: 1
#  3 period: Spring 2024
#  4 date: 2024-04-01
#  5 publisher:
#  6   name: Test Office
#  7 sections:
#  8   - kind: features
#  9     title: Features
# 10     articles:
# 11       - 001/01-first.md


def problems(tmp_path, monkeypatch, manifest: str | bytes, articles=ONE, name="001"):
    """Load a small issue and return its problems as strings (an empty list if it loads)."""
    path = make_issue(tmp_path, articles=articles, manifest=manifest if isinstance(manifest, str) else "",
                      name=name)
    if isinstance(manifest, bytes):
        path.write_bytes(manifest)
    monkeypatch.chdir(tmp_path)
    try:
        load_issue(Path(path.name))
    except NewsletterError as exc:
        return [str(p) for p in exc.problems]
    return []


def one(tmp_path, monkeypatch, manifest, **kw) -> str:
    found = problems(tmp_path, monkeypatch, manifest, **kw)
    assert len(found) == 1, found
    return found[0]


# --- the real issue ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def issue_076():
    import os

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        return load_issue(Path("issues/076.yaml"))
    finally:
        os.chdir(old)


def test_076_loads_with_4_sections_and_20_articles(issue_076):
    issue, _ = issue_076
    assert issue.number == 76
    assert issue.label == "No. 76"
    assert issue.language == "en"
    assert [s.kind for s in issue.sections] == ["foreword", "features", "essays", "reports"]
    assert [s.title for s in issue.sections] == ["Foreword", "Special Articles", "Special Essays",
                                                  "Workshop and Meeting"]
    assert [len(s.articles) for s in issue.sections] == [1, 2, 3, 14]
    files = [a.source_file for a in issue.articles]
    assert files == sorted(files) and len(files) == 20
    assert files[0] == "issues/076/00-foreword.md"
    assert files[-1] == "issues/076/19-ipr-national-workshop.md"
    assert issue.articles[0].title == "Foreword"
    assert issue.articles[0].signature.name == "Norikazu Kuramoto (Mr.)"
    assert len({a.slug for a in issue.articles}) == 20


def test_076_warns_about_6_missing_photos(issue_076):
    _, warnings = issue_076
    assert len(warnings) == 6
    assert all(w.severity == "warning" and w.code == "missing-image" for w in warnings)
    assert {w.location.file for w in warnings} == {"issues/076/01-hong-kong-customs-college.md",
                                                   "issues/076/03-customs-integrity.md",
                                                   "issues/076/04-human-capital-through-crises.md"}
    assert all(w.location.line for w in warnings)


def test_076_authors_and_emails(issue_076):
    issue, _ = issue_076
    emails = {a.email for art in issue.articles for a in art.authors if a.email}
    assert emails == {"shermanyu@rocbap.org", "maypavida@rocbap.org"}


@pytest.mark.parametrize("given, names", [
    ("authors: Jane Doe", ["Jane Doe"]),
    ("authors: [Jane Doe, \"Ali Hassan\"]", ["Jane Doe", "Ali Hassan"]),
    ("authors:\n  - Jane Doe\n  - name: Ali Hassan\n    role: Editor", ["Jane Doe", "Ali Hassan"]),
])
def test_authors_may_be_given_as_names(tmp_path, given, names):
    # as most front matter writes them; a mapping is needed only for a role or an e-mail
    text = f"---\ntitle: Names\n{given}\n---\n\nBody.\n"
    issue, _ = load_issue(make_issue(tmp_path, articles={"01-a.md": text}))
    assert [a.name for a in issue.articles[0].authors] == names
    if "role" in given:
        assert issue.articles[0].authors[1].role == "Editor"


def test_an_author_given_as_a_number_is_an_error_at_its_item(tmp_path):
    text = "---\ntitle: Names\nauthors: [Jane Doe, 123]\n---\n\nBody.\n"
    with pytest.raises(NewsletterError) as caught:
        load_issue(make_issue(tmp_path, articles={"01-a.md": text}))
    [problem] = caught.value.problems
    assert (problem.location.line, problem.location.col) == (3, 21) and "authors.1" in problem.message


def test_small_issue_loads(tmp_path, monkeypatch):
    assert problems(tmp_path, monkeypatch, BASE) == []


# --- schema errors -----------------------------------------------------------------------------

def test_unknown_key_at_its_line_with_did_you_mean(tmp_path, monkeypatch):
    text = BASE.replace("period: Spring 2024\n", "period: Spring 2024\ntaglin: A tagline\n")
    assert one(tmp_path, monkeypatch, text) == \
        "001.yaml:4:1: error: unknown key 'taglin' (hint: did you mean 'tagline'?)"


def test_misspelt_required_key_is_one_error_with_its_hint(tmp_path, monkeypatch):
    text = BASE.replace("period: Spring 2024\n", "perod: Spring 2024\n")
    assert problems(tmp_path, monkeypatch, text) == [  # not also "missing required key 'period'"
        "001.yaml:3:1: error: unknown key 'perod' (hint: did you mean 'period'?)"]


def test_unknown_nested_key_at_its_line_with_did_you_mean(tmp_path, monkeypatch):
    text = BASE.replace("  name: Test Office\n", "  name: Test Office\n  webiste: https://x.org\n")
    assert one(tmp_path, monkeypatch, text) == \
        "001.yaml:7:3: error: unknown key 'webiste' (hint: did you mean 'website'?)"


def test_unknown_key_in_a_section(tmp_path, monkeypatch):
    text = BASE.replace("    title: Features\n", "    titel: Features\n")
    found = problems(tmp_path, monkeypatch, text)
    assert "001.yaml:9:5: error: unknown key 'titel' (hint: did you mean 'title'?)" in found


def test_unknown_key_in_an_inline_article_is_one_error(tmp_path, monkeypatch):
    text = BASE.replace("      - 001/01-first.md\n",
                        "      - title: Inline\n        bdy: Hello\n")
    assert problems(tmp_path, monkeypatch, text) == [
        "001.yaml:12:9: error: unknown key 'bdy' (hint: did you mean 'body'?)"]


def test_missing_required_key(tmp_path, monkeypatch):
    text = BASE.replace("period: Spring 2024\n", "")
    message = one(tmp_path, monkeypatch, text)
    assert message.startswith("001.yaml:1:1: error: missing required key 'period'")


def test_missing_required_nested_key_at_its_parent(tmp_path, monkeypatch):
    text = BASE.replace("  name: Test Office\n", "  email: office@example.org\n")
    assert one(tmp_path, monkeypatch, text) == "001.yaml:5:1: error: missing required key 'name'"


@pytest.mark.parametrize("old,new,where,words", [
    ("number: 1", "number: one", "001.yaml:2:1", "number: must be a valid integer"),
    ("number: 1", "number: 1.5", "001.yaml:2:1", "number: must be a valid integer"),
    ("date: 2024-04-01", "date: soon", "001.yaml:4:1", "date:"),
    ("    title: Features", "    title: 123", "001.yaml:9:5", "sections.0.title: must be a valid string"),
    ("publisher:\n  name: Test Office", "publisher: Test Office", "001.yaml:5:1",
     "publisher: expected a mapping of keys, not text"),
    ("    articles:\n      - 001/01-first.md", "    articles: 001/01-first.md", "001.yaml:10:5",
     "sections.0.articles: must be a valid list"),
])
def test_wrong_type(tmp_path, monkeypatch, old, new, where, words):
    message = one(tmp_path, monkeypatch, BASE.replace(old, new))
    assert message.startswith(f"{where}: error: ")
    assert words in message


def test_a_boolean_is_not_an_issue_number(tmp_path, monkeypatch):
    message = one(tmp_path, monkeypatch, BASE.replace("number: 1", "number: true"))
    assert message.startswith("001.yaml:2:1: error: number:")


def test_unknown_section_kind(tmp_path, monkeypatch):
    message = one(tmp_path, monkeypatch, BASE.replace("kind: features", "kind: feature"))
    assert message == ("001.yaml:8:5: error: sections.0.kind: must be 'foreword', 'features', 'essays' or "
                       "'reports', not 'feature' (hint: did you mean 'features'?)")


def test_unknown_paper_hint_ignores_case(tmp_path, monkeypatch):
    message = one(tmp_path, monkeypatch, BASE + "paper: letter\n")
    assert message.endswith("(hint: did you mean 'Letter'?)"), message


@pytest.mark.parametrize("value,words", [
    ("2024-02-30", "'2024-02-30' is not a valid date (day is out of range for month)"),
    ("2024-13-01", "'2024-13-01' is not a valid date (month must be in 1..12)"),
    ("20240401", "a number is not a date: write it as YYYY-MM-DD"),
    ("0", "a number is not a date"),
    ("2024-4-1", "'2024-4-1' is not a date: write it as YYYY-MM-DD"),
    ("2024-04-01 10:30:00", "has a time of day"),
    ("0001-01-01", "is not a plausible publication date"),
    ("'2024-04-01'", None),
])
def test_bad_dates_are_located_errors(tmp_path, monkeypatch, value, words):
    found = problems(tmp_path, monkeypatch, BASE.replace("date: 2024-04-01", f"date: {value}"))
    if words is None:
        assert found == []
        return
    assert len(found) == 1 and found[0].startswith("001.yaml:4:1: error: date: "), found
    assert words in found[0]


def test_bad_date_is_reported_with_the_other_mistakes(tmp_path, monkeypatch):
    text = BASE.replace("date: 2024-04-01", "date: 2024-02-31").replace("kind: features", "kind: essay")
    found = problems(tmp_path, monkeypatch, text)
    assert [p.split(": error:")[0] for p in found] == ["001.yaml:4:1", "001.yaml:8:5"], found


def test_unknown_paper_and_bad_language(tmp_path, monkeypatch):
    found = problems(tmp_path, monkeypatch, BASE + "paper: a4\nlanguage: English\n")
    assert any(p.startswith("001.yaml:12:1: error: paper: must be 'A4' or 'Letter'") for p in found), found
    assert any(p.startswith("001.yaml:13:1: error: language:") for p in found), found


def test_bad_publisher_email(tmp_path, monkeypatch):
    text = BASE.replace("  name: Test Office\n", "  name: Test Office\n  email: not-an-email\n")
    assert one(tmp_path, monkeypatch, text) == \
        "001.yaml:7:3: error: publisher.email: 'not-an-email' is not an e-mail address"


def test_no_sections(tmp_path, monkeypatch):
    text = BASE.split("sections:")[0] + "sections: []\n"
    assert one(tmp_path, monkeypatch, text).startswith("001.yaml:7:1: error: sections:")


# --- YAML safety -------------------------------------------------------------------------------

def test_duplicate_keys(tmp_path, monkeypatch):
    assert one(tmp_path, monkeypatch, BASE + "period: again\n") == \
        "001.yaml:12:1: error: duplicate key 'period' (first given on line 3)"


def test_anchor_refused(tmp_path, monkeypatch):
    text = BASE.replace("period: Spring 2024", "period: &p Spring 2024\ntagline: *p")
    assert one(tmp_path, monkeypatch, text) == \
        "001.yaml:3:9: error: YAML anchors (&name) are not allowed in newsletter files"


def test_alias_refused(tmp_path, monkeypatch):
    text = BASE.replace("period: Spring 2024", "period: Spring 2024\ntagline: *p")
    assert one(tmp_path, monkeypatch, text) == \
        "001.yaml:4:10: error: YAML aliases (*name) are not allowed in newsletter files"


def test_merge_key_refused(tmp_path, monkeypatch):
    text = BASE.replace("publisher:\n", "publisher:\n  <<: {}\n")
    assert one(tmp_path, monkeypatch, text) == "001.yaml:6:3: error: YAML merge keys (<<) are not allowed"


def test_python_object_tag_refused(tmp_path, monkeypatch):
    marker = tmp_path / "PWNED"
    text = BASE.replace("period: Spring 2024",
                        f"period: !!python/object/apply:os.system ['touch {marker}']")
    message = one(tmp_path, monkeypatch, text)
    assert message.startswith("001.yaml:3:9: error: invalid YAML: YAML tags such as !!python/object")
    assert not marker.exists()


def test_multi_document_refused(tmp_path, monkeypatch):
    message = one(tmp_path, monkeypatch, BASE + "---\nfoo: 1\n")
    assert message == "001.yaml:12:1: error: invalid YAML: file holds more than one YAML document (a second '---')"


def test_deep_nesting_refused(tmp_path, monkeypatch):
    message = one(tmp_path, monkeypatch, BASE + "tagline: " + "[" * 100 + "]" * 100 + "\n")
    assert message.startswith("001.yaml:12:") and "nesting deeper than 64 levels" in message


def test_syntax_error_located(tmp_path, monkeypatch):
    message = one(tmp_path, monkeypatch, BASE.replace("period: Spring 2024", "period: [unclosed"))
    assert message.startswith("001.yaml:4:5: error: invalid YAML:")


def test_empty_file(tmp_path, monkeypatch):
    assert one(tmp_path, monkeypatch, "") == "001.yaml:1:1: error: manifest is empty"


def test_comment_only_file(tmp_path, monkeypatch):
    message = one(tmp_path, monkeypatch, "# nothing here\n")
    assert message.startswith("001.yaml:1:1: error: manifest")


@pytest.mark.parametrize("text,kind", [("- a\n- b\n", "list"), ("just text\n", "text")])
def test_top_level_must_be_a_mapping(tmp_path, monkeypatch, text, kind):
    message = one(tmp_path, monkeypatch, text)
    assert message.startswith("001.yaml:1:1: error: manifest must be a mapping of keys")
    assert kind in message.lower()


@pytest.mark.parametrize("text", ["- a\n- b\n", "# only a comment\n"])
def test_top_level_message_speaks_yaml_not_python(tmp_path, monkeypatch, text):
    message = one(tmp_path, monkeypatch, text)
    assert "Located" not in message and "NoneType" not in message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom"])
def test_utf16_refused(tmp_path, monkeypatch, encoding):
    data = BASE.encode("utf-16") if encoding == "utf-16" else b"\xfe\xff" + BASE.encode("utf-16-be")
    assert one(tmp_path, monkeypatch, data) == "001.yaml:1:1: error: file is UTF-16 encoded; save it as UTF-8"


def test_latin1_refused_at_the_byte(tmp_path, monkeypatch):
    data = BASE.replace("Spring", "Früh").encode("latin-1")
    assert one(tmp_path, monkeypatch, data) == \
        "001.yaml:3:11: error: file is not valid UTF-8 (byte 0xfc); save it as UTF-8"


def test_nul_byte_refused(tmp_path, monkeypatch):
    data = BASE.replace("Spring", "Spr\x00ing").encode()
    assert one(tmp_path, monkeypatch, data) == "001.yaml:3:12: error: file contains a NUL byte (binary data?)"


def test_utf8_bom_accepted(tmp_path, monkeypatch):
    assert problems(tmp_path, monkeypatch, b"\xef\xbb\xbf" + BASE.encode()) == []


# --- articles ----------------------------------------------------------------------------------

def test_missing_article_reported_at_the_manifest_line(tmp_path, monkeypatch):
    text = BASE.replace("001/01-first.md", "001/99-nope.md")
    assert one(tmp_path, monkeypatch, text) == "001.yaml:11:9: error: article file '001/99-nope.md' not found"


def test_all_missing_articles_reported_at_once(tmp_path, monkeypatch):
    text = BASE.replace("      - 001/01-first.md", "      - 001/98.md\n      - 001/99.md")
    assert problems(tmp_path, monkeypatch, text) == [
        "001.yaml:11:9: error: article file '001/98.md' not found",
        "001.yaml:12:9: error: article file '001/99.md' not found"]


def test_number_disagrees_with_file_name(tmp_path, monkeypatch):
    assert one(tmp_path, monkeypatch, BASE.replace("number: 1", "number: 2")) == \
        "001.yaml:2:1: error: number 2 disagrees with the file name '001.yaml' (hint: rename the file or set number: 1)"


def test_file_name_without_a_number_is_fine(tmp_path, monkeypatch):
    text = BASE.replace("001/", "spring/")
    assert problems(tmp_path, monkeypatch, text, name="spring") == []


def test_duplicate_article_titles(tmp_path, monkeypatch):
    text = BASE.replace("      - 001/01-first.md", "      - 001/01-first.md\n      - 001/02-copy.md")
    message = one(tmp_path, monkeypatch, text,
                  articles={"01-first.md": ARTICLE_ONE, "02-copy.md": ARTICLE_ONE.replace("A First", "a first")})
    assert message.startswith("001.yaml:12:9: error: duplicate article title 'a first Article'")
    assert "001/01-first.md, line 11" in message


@pytest.mark.parametrize("ref,words", [
    ("001/../001/01-first.md", "goes up with '..'"),
    ("../outside.md", "goes up with '..'"),
    ("001\\\\..\\\\001\\\\01-first.md", "goes up with '..'"),
    ("/etc/passwd", "is absolute"),
    ("C:/Windows/win.ini", "is absolute"),
    ("https://example.com/a.md", "is a URL"),
])
def test_article_paths_outside_the_issue_refused(tmp_path, monkeypatch, ref, words):
    message = one(tmp_path, monkeypatch, BASE.replace("001/01-first.md", f'"{ref}"'))
    assert message.startswith("001.yaml:11:9: error: article ")
    assert words in message


def test_symlink_leading_outside_refused(tmp_path, monkeypatch):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text(ARTICLE_TWO, encoding="utf-8")
    issue = tmp_path / "issue"
    (issue / "001").mkdir(parents=True)
    (issue / "001" / "01-first.md").symlink_to(outside)
    (issue / "001.yaml").write_text(BASE, encoding="utf-8")
    monkeypatch.chdir(issue)
    with pytest.raises(NewsletterError) as err:
        load_issue(Path("001.yaml"))
    assert "leads outside the issue folder" in str(err.value)


def test_front_matter_errors_point_into_the_article(tmp_path, monkeypatch):
    art = ARTICLE_ONE.replace("dateline:", "datelin:")
    assert one(tmp_path, monkeypatch, BASE, articles={"01-first.md": art}) == \
        "001/01-first.md:3:1: error: unknown key 'datelin' (hint: did you mean 'dateline'?)"


def test_article_with_front_matter_left_open(tmp_path, monkeypatch):
    message = one(tmp_path, monkeypatch, BASE, articles={"01-first.md": "---\nJust text.\n"})
    assert message.startswith("001/01-first.md:1:1: error: article must start with front matter")


def test_front_matter_alias_refused_at_its_line(tmp_path, monkeypatch):
    art = "---\ntitle: &a A\nsubtitle: *a\n---\nText.\n"
    assert one(tmp_path, monkeypatch, BASE, articles={"01-first.md": art}) == \
        "001/01-first.md:2:8: error: YAML anchors (&name) are not allowed in newsletter files"


def test_front_matter_duplicate_key_names_the_right_first_line(tmp_path, monkeypatch):
    art = "---\ntitle: A\ntitle: B\n---\nText.\n"
    assert one(tmp_path, monkeypatch, BASE, articles={"01-first.md": art}) == \
        "001/01-first.md:3:1: error: duplicate key 'title' (first given on line 2)"


def test_inline_article_loads(tmp_path, monkeypatch):
    text = BASE.replace("      - 001/01-first.md\n",
                        "      - title: Inline\n        body: |\n          Hello *there*.\n")
    assert problems(tmp_path, monkeypatch, text) == []


def test_inline_article_body_errors_at_their_line(tmp_path, monkeypatch):
    text = BASE.replace("      - 001/01-first.md\n",
                        "      - title: Inline\n        body: |\n          Hello.\n\n"
                        "          See [x](javascript:alert(1)).\n")
    # line 11 '- title', 12 'body: |', 13 'Hello.', 14 blank, 15 the link
    message = one(tmp_path, monkeypatch, text)
    assert message.startswith("001.yaml:15:"), message


def test_body_errors_are_collected_with_manifest_errors(tmp_path, monkeypatch):
    bad = ARTICLE_ONE + "\nSee [x](javascript:alert(1)).\n"
    text = BASE.replace("      - 001/01-first.md", "      - 001/01-first.md\n      - 001/99.md")
    found = problems(tmp_path, monkeypatch, text, articles={"01-first.md": bad})
    assert "001.yaml:12:9: error: article file '001/99.md' not found" in found
    assert any(p.startswith("001/01-first.md:11:9: error: link 'javascript:alert(1)' is not allowed")
               for p in found), found


# --- yamlsafe.load_yaml directly ---------------------------------------------------------------

def test_load_yaml_locates_keys_and_items():
    data = load_yaml("a: 1\nb:\n  - x\n  - y: 2\n", "f.yaml")
    assert isinstance(data, LocatedDict)
    assert data.where("a") == (1, 1) and data.where("b") == (2, 1)
    assert isinstance(data["b"], LocatedList)
    assert data["b"].where(0) == (3, 5) and data["b"].where(1) == (4, 5)
    assert data["b"][1].where("y") == (4, 5)


def test_load_yaml_line_offset_shifts_errors():
    with pytest.raises(NewsletterError) as err:
        load_yaml("a: &x 1\n", "f.md", line_offset=1)
    assert str(err.value.problems[0]).startswith("f.md:2:4: error: YAML anchors")


@pytest.mark.parametrize("text,words", [
    ("a: &x 1\nb: *x\n", "anchors"),
    ("a: *x\n", "aliases"),
    ("a: !!python/object:os.system x\n", "!!python/object"),
    ("a: !!python/name:os.system\n", "!!python/object"),
    ("a: 1\n---\nb: 2\n", "more than one YAML document"),
    ("a: 1\na: 2\n", "duplicate key 'a'"),
    ("? [a, b]\n: 1\n", "plain text"),
    ("a: !!binary aGk=\n", "found '!!binary'"),
    ("a: !!set {x}\n", "found '!!set'"),
    ("a: !!timestamp nonsense\n", "found '!!timestamp'"),
    ("a: !custom x\n", "found '!custom'"),
    ("!!map {a: 1}\n", "found '!!map'"),
])
def test_load_yaml_refuses(text, words):
    with pytest.raises(NewsletterError) as err:
        load_yaml(text, "f.yaml")
    assert words in str(err.value)
    assert err.value.problems[0].location.line is not None


def test_load_yaml_billion_laughs_refused_quickly():
    bomb = "a: &a ['lol','lol']\n" + "".join(f"{c}: &{c} [*{p},*{p},*{p},*{p}]\n"
                                           for p, c in zip("abcdefgh", "bcdefghi"))
    with pytest.raises(NewsletterError, match="anchors"):
        load_yaml(bomb, "f.yaml")


def test_load_yaml_plain_values():
    assert load_yaml("n: 3\ns: text\nl: [1, 2]\n", "f.yaml") == {"n": 3, "s": "text", "l": [1, 2]}
    assert load_yaml("", "f.yaml") is None


def test_articles_read_again_in_one_process_give_what_a_first_read_gives(tmp_path, monkeypatch):
    """`preview --watch` reads every article after each save: an unchanged article without pictures
    comes from memory, with the same warnings, and its slug is made unique afresh each time."""
    from conftest import article

    from newsletter_cli.errors import Report
    from newsletter_cli.source import manifest as m

    monkeypatch.setattr(m, "_READ", {})
    warned = "# A heading the title owns\n\nSome text for the first one."
    folder = make_issue(tmp_path, articles={"01-same.md": article("Same", warned),
                                            "02-same.md": article("Same too", "Other text.")})

    def read():
        report = Report()
        loaded = m.read_issue(folder, report)
        return [(a.slug, a.title, repr(a.blocks)) for a in loaded.issue.articles], [str(p) for p in report.problems]

    first = read()
    assert any("reserved for the article title" in p for p in first[1])
    assert len(m._READ) == 2
    assert read() == first
    # both files slug to "same"; once the first is renamed, the second is "same" again, not "same-2"
    assert [slug for slug, _, _ in first[0]] == ["same", "same-2"]
    (folder.parent / folder.stem / "01-same.md").rename(folder.parent / folder.stem / "01-other.md")
    text = folder.read_text().replace("01-same.md", "01-other.md")
    folder.write_text(text)
    assert [slug for slug, _, _ in read()[0]] == ["other", "same"]


def test_front_matter_written_for_a_blog_builds_its_author_and_date_taken_the_rest_left_out(tmp_path):
    text = ('---\ntitle: "Release notes"\ndate: 2024-03-28\ndraft: false\ntags: [release, rust]\n'
            'categories: ["news"]\ndescription: "What changed"\nauthor: "Jane Doe"\n---\n\nBody.\n')
    issue, warnings = load_issue(make_issue(tmp_path, articles={"01-a.md": text}))
    article = issue.articles[0]
    assert [a.name for a in article.authors] == ["Jane Doe"] and article.dateline == "28 March 2024"
    [warning] = [p for p in warnings if p.code == "front-matter"]
    assert warning.location.line == 4
    assert warning.message.startswith("front matter keys 'draft', 'tags', 'categories', 'description' of another")
    # a key of ours misspelt is still an error, and so is one no tool writes
    for typo in ("datelin: x", "sumary: x"):
        with pytest.raises(NewsletterError):
            load_issue(make_issue(tmp_path / typo[:4], articles={"01-a.md": text.replace("draft: false", typo)}))


def test_toml_front_matter_of_hugo_is_read_located(tmp_path):
    text = ('+++\ntitle = "Release notes"\ndate = 2024-03-28T09:30:00Z\ndraft = false\n'
            'tags = ["release"]\nauthor = "Jane Doe"\n+++\n\nBody of the post.\n')
    issue, warnings = load_issue(make_issue(tmp_path, articles={"01-a.md": text}))
    article = issue.articles[0]
    assert (article.title, article.dateline) == ("Release notes", "28 March 2024")
    assert [a.name for a in article.authors] == ["Jane Doe"]
    [warning] = [p for p in warnings if p.code == "front-matter"]
    assert warning.location.line == 4 and "'draft', 'tags'" in warning.message
    assert "Body of the post." in repr(article.blocks)
    # a TOML mistake is located in the file, and a value of the wrong type at its key's line
    with pytest.raises(NewsletterError) as caught:
        load_issue(make_issue(tmp_path / "bad", articles={"01-a.md": '+++\ntitle = "x"\nsubtitle = \n+++\n\nB.\n'}))
    (problem,) = caught.value.problems
    assert problem.location.line == 3 and problem.message.startswith("TOML front matter: ")
    with pytest.raises(NewsletterError) as caught:
        load_issue(make_issue(tmp_path / "type", articles={"01-a.md": '+++\ntitle = "x"\nsubtitle = 5\n+++\n\nB.\n'}))
    assert [p.location.line for p in caught.value.problems] == [3]


@pytest.mark.parametrize("text", ["# The *new* training centre\n\nIt opened in May.\n",
                                  "\nThe new training centre\n=======================\n\nIt opened in May.\n"])
def test_an_article_with_no_front_matter_takes_its_first_heading_as_its_title(tmp_path, text):
    issue, warnings = load_issue(make_issue(tmp_path, articles={"01-a.md": text}))
    article = issue.articles[0]
    assert article.title == "The new training centre"  # (its emphasis marks are not printed)
    assert not [p for p in warnings if p.code in ("front-matter", "heading-level")], [str(p) for p in warnings]
    (paragraph,) = article.blocks
    assert paragraph.line == text.split("\n").index("It opened in May.") + 1  # lines as in the file
    assert "It opened in May." in repr(paragraph)


def test_an_article_with_no_front_matter_and_no_heading_is_titled_from_its_file_name_with_a_warning(tmp_path):
    manifest = make_issue(tmp_path, articles={"03-customs-integrity.md": "Integrity is the basis of trust.\n"})
    issue, warnings = load_issue(manifest)
    assert issue.articles[0].title == "Customs integrity"
    [warning] = [p for p in warnings if p.code == "front-matter"]
    assert warning.message == ("article has no front matter and no '# Title' line: its title is taken from the "
                               "file name, 'Customs integrity'")
    assert run_cli("build", manifest, "--output", tmp_path / "s.pdf", "--strict", cwd=tmp_path).returncode == 1


def test_a_broken_front_matter_is_still_an_error(tmp_path):
    with pytest.raises(NewsletterError) as caught:
        load_issue(make_issue(tmp_path, articles={"01-a.md": "---\ntitle: x\n\nNo closing line.\n"}))
    assert "article must start with front matter" in caught.value.problems[0].message
