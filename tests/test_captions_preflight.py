"""The real newsletters as a reader gets them: a table's caption on the page of the table's
last row (never alone at the top of the next page), and no preflight finding at all."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from pypdf import PdfReader

from conftest import ROOT, run_cli

DATA = ROOT / "tests" / "data" / "real"
NAMES = ["digest", "roundup", "bulletin"]
CAPTIONED = re.compile(r"((?:^\|.*\|[ \t]*\n)+)\s*\n::: caption[ \t]*\n(.+?)\n:::", re.M)


def captioned_tables(name: str):
    """(caption text, first cell of the table's last row) for each captioned table of an issue."""
    out = []
    for md in sorted((DATA / "issues" / name).glob("*.md")):
        for rows, caption in CAPTIONED.findall(md.read_text(encoding="utf-8")):
            last = rows.strip().splitlines()[-1].strip("|").split("|")[0]
            out.append((caption.strip(), re.sub(r"[`*_]", "", last).strip()))
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    work = tmp_path_factory.mktemp("captions")
    shutil.copytree(DATA, work, dirs_exist_ok=True)
    out = {}
    for name in NAMES:
        result = run_cli("build", f"issues/{name}.yaml", "--output", f"build/{name}.pdf", "--format", "json",
                         cwd=work)
        assert result.returncode == 0, result.output
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(str(work / "build" / f"{name}.pdf")).pages]
        out[name] = (json.loads(result.stdout), pages)
    return out


def test_the_real_newsletters_have_captioned_tables():
    found = [t for name in NAMES for t in captioned_tables(name)]
    assert len(found) >= 2, found  # the check below has something to check


@pytest.mark.parametrize("name", NAMES)
def test_a_caption_is_on_the_page_of_its_tables_last_row(builds, name):
    _, pages = builds[name]
    for caption, last_cell in captioned_tables(name):
        on = [i for i, text in enumerate(pages) if caption in text]
        assert len(on) == 1, (caption, on)
        assert last_cell in pages[on[0]], \
            f"{name}: caption {caption!r} on page {on[0] + 1}, without the table's last row ({last_cell!r})"


@pytest.mark.parametrize("name", NAMES)
def test_a_real_newsletter_builds_with_no_preflight_finding(builds, name):
    report, _ = builds[name]
    assert report["preflight"]["findings"] == [], report["preflight"]["findings"]
