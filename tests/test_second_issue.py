"""A second issue written from the README alone: every feature of the format at once.

Letter paper, en-GB, inline report articles, a lead image, a floated figure under a
heading, a pull quote, a code block, a rule, an aligned table with a caption, a callout,
two authors, a signature, a hard line break, nested lists and an in-document link.
"""

import json
import shutil

from PIL import Image
from pypdf import PdfReader

from conftest import ROOT, run_cli


def make_second_issue(tmp_path):
    shutil.copytree(ROOT / "tests" / "data" / "second-issue", tmp_path, dirs_exist_ok=True)
    photos = tmp_path / "issues" / "002" / "photos"
    photos.mkdir(exist_ok=True)
    Image.new("RGB", (1800, 1200), (90, 140, 180)).save(photos / "lead.jpg")
    Image.new("RGB", (900, 1200), (200, 160, 90)).save(photos / "cover.png")
    return tmp_path


def test_second_issue_builds_clean(tmp_path):
    work = make_second_issue(tmp_path)
    result = run_cli("build", "issues/002.yaml", "--format", "json", cwd=work)
    assert result.returncode == 0, result.output
    report = json.loads(result.stdout)
    assert report["warnings"] == [] and report["missing_images"] == 0
    assert report["preflight"]["findings"] == [], report["preflight"]["findings"]
    reader = PdfReader(str(work / "build" / "002.pdf"))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (612, 792)  # Letter
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["Foreword", "Features", "Essays", "News in brief"]
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("Crane course completed", "Visit from the harbour master", "nested bullet",
                  "It feels like the real thing", "code block line 2", "Table 1: Courses this quarter",
                  "Report near misses", "With best wishes", "Jane Doe"):
        assert words in text, words
    links = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    uris = {a["/A"].get("/URI") for a in links if "/A" in a}
    assert "mailto:a.smith@example.org" in uris and "https://example.org/safety" in uris
    assert reader.metadata["/Title"].startswith("Harbour Notes No. 2")


def test_second_issue_validates(tmp_path):
    work = make_second_issue(tmp_path)
    result = run_cli("validate", cwd=work)
    assert result.returncode == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.stderr
