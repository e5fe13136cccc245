"""`newsletter new`: start the next issue from the newest one."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from conftest import ROOT, make_issue, run_cli


@pytest.fixture
def work(tmp_path):
    (tmp_path / "issues").mkdir()
    shutil.copy2(ROOT / "issues" / "076.yaml", tmp_path / "issues" / "076.yaml")
    shutil.copytree(ROOT / "issues" / "076", tmp_path / "issues" / "076")
    return tmp_path


def test_new_issue_from_the_newest(work):
    result = run_cli("new", "077", cwd=work)
    assert result.returncode == 0, result.output
    manifest = work / "issues" / "077.yaml"
    folder = work / "issues" / "077"
    assert manifest.is_file() and folder.is_dir()
    assert "created issues/077.yaml and issues/077/" in result.stdout
    for command in ("newsletter validate issues/077.yaml", "newsletter build issues/077.yaml",
                    "newsletter preview --section essays issues/077.yaml --watch"):
        assert command in result.stdout

    old = yaml.safe_load((work / "issues" / "076.yaml").read_text(encoding="utf-8"))
    new = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    for key in ("publication", "tagline", "theme", "paper", "language", "publisher"):
        assert new[key] == old[key], key
    assert new["number"] == 77
    assert new["period"] == "April–June 2022"
    assert new["date"] == dt.date(2022, 6, 30)
    assert [(s["kind"], s["title"]) for s in new["sections"]] == [(s["kind"], s["title"]) for s in old["sections"]]
    assert new["cover"]["headline"].startswith("[") and all(h.startswith("[") for h in new["cover"]["highlights"])

    files = sorted(p.name for p in folder.iterdir())
    assert files == ["00-foreword.md", "01-feature.md", "02-essay.md", "03-report.md"]
    listed = [a for s in new["sections"] for a in s["articles"]]
    assert listed == [f"077/{name}" for name in files]
    essay = (folder / "02-essay.md").read_text(encoding="utf-8")
    assert "authors:" in essay and "[Author's name]" in yaml.safe_load(essay.split("---")[1])["authors"][0]["name"]
    report = yaml.safe_load((folder / "03-report.md").read_text(encoding="utf-8").split("---")[1])
    assert report["dateline"].startswith("[")
    for name in files:
        text = (folder / name).read_text(encoding="utf-8")
        body = text.split("---", 2)[2].strip()
        assert body.startswith("Replace this paragraph") and "\n\n" not in body  # one paragraph
    # the foreword keeps the signature of the previous one (the head of office signs again)
    foreword = yaml.safe_load((folder / "00-foreword.md").read_text(encoding="utf-8").split("---")[1])
    assert foreword["title"] == "Foreword" and foreword["signature"]["name"] == "Norikazu Kuramoto (Mr.)"


def test_new_issue_validates_and_builds(work):
    assert run_cli("new", "77", cwd=work).returncode == 0  # padded like the issue before: 077
    validate = run_cli("validate", "issues/077.yaml", cwd=work)
    assert validate.returncode == 0, validate.output
    assert "0 error(s)" in validate.stderr
    build = run_cli("build", "issues/077.yaml", cwd=work)
    assert build.returncode == 0, build.output
    from pypdf import PdfReader

    pdf = PdfReader(str(work / "build" / "077.pdf"))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "No. 77" in text and "April–June 2022" in text
    for placeholder in ("[Title of the essay, issue 77]", "[Day Month Year, City Country]", "Replace this paragraph"):
        assert placeholder in text
    # and the editor's loop works on it: preview picks the newest issue, 077
    preview = run_cli("preview", "--section", "essays", cwd=work)
    assert preview.returncode == 0, preview.output
    assert (work / "build" / "077-essays.pdf").is_file()


def test_new_refuses_to_overwrite(work):
    assert run_cli("new", "077", cwd=work).returncode == 0
    article = work / "issues" / "077" / "02-essay.md"
    article.write_text("my essay, already begun\n", encoding="utf-8")
    manifest_before = (work / "issues" / "077.yaml").read_bytes()
    again = run_cli("new", "077", cwd=work)
    assert again.returncode == 1
    assert "already exists" in again.stderr and "nothing was written" in again.stderr
    assert "Traceback" not in again.output
    assert article.read_text(encoding="utf-8") == "my essay, already begun\n"
    assert (work / "issues" / "077.yaml").read_bytes() == manifest_before
    # a folder alone is enough to refuse
    (work / "issues" / "078").mkdir()
    refused = run_cli("new", "078", "--from", "issues/076.yaml", cwd=work)
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert not (work / "issues" / "078.yaml").exists()


def test_new_keeps_a_period_that_is_not_a_quarter(tmp_path):
    make_issue(tmp_path / "issues")  # issues/001.yaml, period "Spring 2024"
    result = run_cli("new", "2", cwd=tmp_path)
    assert result.returncode == 0, result.output
    assert "does not look like" in result.stderr and "Spring 2024" in result.stderr
    new = yaml.safe_load((tmp_path / "issues" / "002.yaml").read_text(encoding="utf-8"))
    assert new["period"] == "Spring 2024" and new["number"] == 2
    assert new["date"] == dt.date(2024, 7, 1)
    assert run_cli("validate", "issues/002.yaml", cwd=tmp_path).returncode == 0


def test_new_keeps_the_language_and_the_labels(tmp_path):
    from conftest import MANIFEST

    text = MANIFEST.format(number=1, articles="      - 001/01-first.md\n      - 001/02-second.md").replace(
        "date: 2024-04-01", 'date: 2024-04-01\nlanguage: fr\nlabels:\n  contents: Au sommaire\n  number: "N° {number}"')
    make_issue(tmp_path / "issues", manifest=text)
    result = run_cli("new", "2", cwd=tmp_path)
    assert result.returncode == 0, result.output
    new = yaml.safe_load((tmp_path / "issues" / "002.yaml").read_text(encoding="utf-8"))
    assert new["language"] == "fr" and new["labels"] == {"contents": "Au sommaire", "number": "N° {number}"}
    assert run_cli("validate", "issues/002.yaml", cwd=tmp_path).returncode == 0


def test_new_without_issues(tmp_path):
    result = run_cli("new", "001", cwd=tmp_path)
    assert result.returncode == 2 and "no issue under issues/" in result.stderr
    bad = run_cli("new", "seven", "--from", "nowhere.yaml", cwd=tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.output  # not a number: a usage error
    assert "'seven' is not an issue number" in bad.stderr


@pytest.mark.parametrize("period, quarters, expected", [
    ("January–March 2022", 1, "April–June 2022"),
    ("October–December 2022", 1, "January–March 2023"),
    ("Jan-Mar 2022", 2, "Jul-Sep 2022"),
    ("July to September 2021", 1, "October to December 2021"),
    ("Q4 2022", 1, "Q1 2023"),
    ("Spring 2024", 1, None),
    ("January–February 2022", 1, None),  # two months: not a quarter
])
def test_advance_period(period, quarters, expected):
    from newsletter_cli.scaffold import advance_period

    assert advance_period(period, quarters) == expected


def test_advance_date():
    from newsletter_cli.scaffold import advance_date

    assert advance_date(dt.date(2022, 3, 31), 3) == dt.date(2022, 6, 30)   # month end stays month end
    assert advance_date(dt.date(2022, 11, 15), 3) == dt.date(2023, 2, 15)
    assert advance_date(dt.date(2023, 11, 30), 3) == dt.date(2024, 2, 29)


def test_a_folder_that_cannot_be_written_to_is_a_located_error_not_an_internal_one(work, monkeypatch):
    import errno
    import tempfile

    from newsletter_cli import scaffold
    from newsletter_cli.errors import NewsletterError

    def refused(*args, **kwargs):  # what an immutable or read-only folder does, even to root
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    with pytest.raises(NewsletterError) as caught:
        scaffold.new_issue("077", work / "issues" / "076.yaml")
    (problem,) = caught.value.problems
    assert problem.message == "cannot create the issue folder: Operation not permitted"
    assert problem.location.file.endswith("077") and not (work / "issues" / "077.yaml").exists()
