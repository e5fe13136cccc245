"""`newsletter preview`: one section or article, numbered as in the full issue; page images and
contact sheet; the watch loop; opening a viewer. Tests that write work on a copy of issue 076."""

from __future__ import annotations

import json
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli


def copy_076(dest: Path) -> Path:
    """issues/076.yaml and issues/076/ under `dest`; returns `dest` (run the CLI there)."""
    (dest / "issues").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "issues" / "076.yaml", dest / "issues" / "076.yaml")
    shutil.copytree(ROOT / "issues" / "076", dest / "issues" / "076")
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of 076 with its full build (build/076.pdf and build/076.pagemap.json)."""
    work = copy_076(tmp_path_factory.mktemp("preview076"))
    result = run_cli("build", "issues/076.yaml", cwd=work)
    assert result.returncode == 0, result.output
    assert (work / "build" / "076.pagemap.json").is_file()
    return work


@pytest.fixture
def fresh(tmp_path) -> Path:
    return copy_076(tmp_path)


def page_texts(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(pdf)).pages]


def folio(page) -> str:
    """The text drawn lowest on a page: its folio (page number) in the footer."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[5] * cm[3] + tm[4] * cm[1] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return min(found)[1]


def pagemap(work: Path) -> dict:
    return json.loads((work / "build" / "076.pagemap.json").read_text(encoding="utf-8"))


# --- choosing what to preview ---------------------------------------------------------------------

def test_preview_section_by_kind(built):
    full_pdf = built / "build" / "076.pdf"
    before = full_pdf.read_bytes()
    result = run_cli("preview", "--section", "essays", cwd=built)  # the newest issue: 076
    assert result.returncode == 0, result.output
    out = built / "build" / "076-essays.pdf"
    assert out.is_file()
    assert full_pdf.read_bytes() == before, "the full issue's PDF must not be touched"
    assert "page numbers from build/076.pagemap.json" in result.stdout
    assert "Special Essays" in result.stdout
    for slug in ("customs-integrity", "human-capital-through-crises", "customs-and-environment"):
        assert slug not in result.stdout  # titles are shown, not slugs
    assert "How does Customs support Environmental issues?" in result.stdout
    assert "5 (5 not supplied)" in result.stdout  # images: the total row
    assert "photo 'photos/customs-integrity-1.jpg' is not supplied" in result.stderr
    assert f"wrote build/076-essays.pdf: {len(page_texts(out))} page(s)" in result.stdout
    assert_same_pages(built, out, pagemap(built)["page_map"]["section-special-essays"])


def test_unknown_section_lists_the_choices(built):
    result = run_cli("preview", "issues/076.yaml", "--section", "letters", cwd=built)
    assert result.returncode == 2, result.output
    assert "no section 'letters'" in result.stderr
    for kind, title in (("foreword", "Foreword"), ("features", "Special Articles"),
                        ("essays", "Special Essays"), ("reports", "Workshop and Meeting")):
        assert any(kind in line and title in line for line in result.stderr.splitlines()), result.stderr
    assert not (built / "build" / "076-letters.pdf").exists()
    assert "Traceback" not in result.output


def test_nothing_chosen_or_unknown_article(built):
    result = run_cli("preview", "issues/076.yaml", cwd=built)
    assert result.returncode == 2 and "--section" in result.stderr and "Special Essays" in result.stderr
    result = run_cli("preview", "issues/076.yaml", "--article", "no-such-story", cwd=built)
    assert result.returncode == 2
    assert "no article 'no-such-story'" in result.stderr and "customs-integrity" in result.stderr


# --- page numbers agree with the full build -----------------------------------------------------

def assert_same_pages(work: Path, preview_pdf: Path, first: int) -> None:
    """Each preview page carries the folio of the same page in the full build, and its text."""
    from pypdf import PdfReader

    preview = PdfReader(str(preview_pdf))
    full = PdfReader(str(work / "build" / "076.pdf"))
    assert first > 2  # after the cover and the contents
    for i, page in enumerate(preview.pages):
        number = first + i
        assert folio(page) == str(number)
        assert folio(full.pages[number - 1]) == str(number)
        assert page.extract_text() == full.pages[number - 1].extract_text(), f"page {number} differs"


@pytest.mark.parametrize("name, key, slug", [
    ("foreword", "foreword", "section-foreword"),                          # by kind
    ("Special Articles", "features", "section-special-articles"),          # by title
    ("workshop AND meeting", "reports", "section-workshop-and-meeting"),   # by title, any case
])
def test_page_numbers_agree_with_full_build(built, name, key, slug):
    target = built / "build" / f"076-{key}.pdf"
    target.unlink(missing_ok=True)
    result = run_cli("preview", "issues/076.yaml", "--section", name, cwd=built)
    assert result.returncode == 0, result.output
    assert_same_pages(built, target, pagemap(built)["page_map"][slug])


def test_article_preview_starts_on_its_page(built):
    from pypdf import PdfReader

    result = run_cli("preview", "issues/076.yaml", "--article", "customs-and-environment", cwd=built)
    assert result.returncode == 0, result.output
    pdf = built / "build" / "076-customs-and-environment.pdf"
    pages = PdfReader(str(pdf)).pages
    start = pagemap(built)["page_map"]["customs-and-environment"]
    assert folio(pages[0]) == str(start)
    title = "How does Customs support Environmental issues?"
    assert title in " ".join(pages[0].extract_text().split())
    full = PdfReader(str(built / "build" / "076.pdf")).pages
    assert title in " ".join(full[start - 1].extract_text().split())
    assert len(pages) == len(pagemap(built)["article_pages"]["customs-and-environment"])
    # the summary lists only that article
    assert "Let’s promote Customs Integrity" not in result.stdout


def test_page_map_computed_when_missing_or_stale(fresh, built):
    """No map: the numbers are computed (and the map kept). Lengthen an essay: the essays still
    start where they did (their part of the map is still good), the reports move on."""
    from pypdf import PdfReader

    def first_folio(key):
        return int(folio(PdfReader(str(fresh / "build" / f"076-{key}.pdf")).pages[0]))

    reports_before = pagemap(built)["page_map"]["section-workshop-and-meeting"]
    result = run_cli("preview", "--section", "reports", cwd=fresh)
    assert result.returncode == 0, result.output
    assert "page numbers computed from the whole issue" in result.stdout
    assert not (fresh / "build" / "076.pdf").exists()
    assert (fresh / "build" / "076.pagemap.json").is_file()
    assert first_folio("reports") == reports_before

    essay = fresh / "issues" / "076" / "05-customs-and-environment.md"
    extra = "\n\n".join(["An added paragraph of some length, to push the following section on by "
                          "at least a page, so that its old start is wrong now."] * 40)
    essay.write_text(essay.read_text(encoding="utf-8") + "\n\n" + extra + "\n", encoding="utf-8")
    essays = run_cli("preview", "--section", "essays", cwd=fresh)
    assert essays.returncode == 0, essays.output
    assert "page numbers from build/076.pagemap.json" in essays.stdout
    reports = run_cli("preview", "--section", "reports", cwd=fresh)
    assert reports.returncode == 0, reports.output
    assert "page numbers computed from the whole issue" in reports.stdout

    assert run_cli("build", "issues/076.yaml", cwd=fresh).returncode == 0
    assert first_folio("reports") == pagemap(fresh)["page_map"]["section-workshop-and-meeting"] > reports_before
    assert first_folio("essays") == pagemap(fresh)["page_map"]["section-special-essays"]


# --- page images ----------------------------------------------------------------------------------

def test_png_pages_and_contact_sheet(built):
    from PIL import Image
    from pypdf import PdfReader

    from newsletter_cli.preview import SHEET_BACKGROUND, sheet_geometry

    result = run_cli("preview", "issues/076.yaml", "--section", "essays", "--png", "--dpi", "40", cwd=built)
    assert result.returncode == 0, result.output
    pdf = PdfReader(str(built / "build" / "076-essays.pdf"))
    count = len(pdf.pages)
    first = int(folio(pdf.pages[0]))
    folder = built / "build" / "076-essays"
    pngs = sorted(folder.glob("page-*.png"))
    assert len(pngs) == count
    assert [p.name for p in pngs] == [f"page-{n:02d}.png" for n in range(first, first + count)]
    w_pt, h_pt = (float(x) for x in pdf.pages[0].mediabox[2:])
    for png in pngs:
        with Image.open(png) as image:
            assert abs(image.width - w_pt * 40 / 72) <= 1 and abs(image.height - h_pt * 40 / 72) <= 1
            page_size = image.size
    assert f"wrote {count} page image(s)" in result.stdout

    with Image.open(folder / "contact-sheet.png") as sheet:
        sheet = sheet.convert("RGB")
    width, height, per_row, tw, th = sheet_geometry(first, count, page_size)
    assert sheet.size == (width, height)
    # reading spreads: the odd first page stands on the right, its left side is empty
    assert first % 2 == 1
    from newsletter_cli.preview import SHEET_MARGIN

    left = (SHEET_MARGIN + tw // 2, SHEET_MARGIN + 4)
    right = (SHEET_MARGIN + tw + tw // 2, SHEET_MARGIN + 4)
    assert sheet.getpixel(left) == SHEET_BACKGROUND
    assert sheet.getpixel(right) == (255, 255, 255)
    # every page is on the sheet: count the thumbnails' white margins along each row
    thumbs = 0
    spreads = (count + (first % 2) + 1) // 2
    for i in range(spreads):
        row, col = divmod(i, per_row)
        x0 = SHEET_MARGIN + col * (2 * tw + 24)
        y = SHEET_MARGIN + row * (th + 24) + 4
        thumbs += sum(sheet.getpixel((x0 + side * tw + tw // 2, y)) == (255, 255, 255) for side in (0, 1))
    assert thumbs == count


# --- opening a viewer -----------------------------------------------------------------------------

def test_open_without_a_viewer_does_not_fail(built, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = run_cli("preview", "issues/076.yaml", "-s", "foreword", "--open", cwd=built,
                     env={"PATH": str(empty)})
    assert result.returncode == 0, result.output
    assert "no PDF viewer found" in result.output


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open is the Linux opener")
def test_open_uses_the_system_opener(built, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "opened.txt"
    opener = bin_dir / "xdg-open"
    opener.write_text(f'#!/bin/sh\necho "$1" > "{log}"\n')
    opener.chmod(0o755)
    result = run_cli("preview", "issues/076.yaml", "-s", "foreword", "--open", cwd=built,
                     env={"PATH": str(bin_dir), "DISPLAY": ":0"})
    assert result.returncode == 0, result.output
    assert "opened build/076-foreword.pdf with xdg-open" in result.stdout
    deadline = time.monotonic() + 10
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert log.read_text().strip() == "build/076-foreword.pdf"


# --- watch ----------------------------------------------------------------------------------------

def test_watch_loop_rebuilds_when_an_article_is_saved(fresh):
    from newsletter_cli.watch import watch

    manifest = fresh / "issues" / "076.yaml"
    article = fresh / "issues" / "076" / "03-customs-integrity.md"
    other_issue = fresh / "issues" / "075" / "notes.md"  # another issue's folder: not watched
    other_issue.parent.mkdir()
    seen: list[list[Path]] = []
    stop = threading.Event()

    def rebuild(changed):
        seen.append(changed)
        return [manifest, article]

    thread = threading.Thread(target=watch, args=(manifest, rebuild, [manifest, article]),
                              kwargs=dict(stop=stop, max_rebuilds=1, debounce_ms=100, step_ms=20,
                                          exclude=[fresh / "build"]), daemon=True)
    thread.start()
    text = article.read_text(encoding="utf-8")
    deadline = time.monotonic() + 20
    try:
        while thread.is_alive() and time.monotonic() < deadline:
            other_issue.write_text("not part of 076\n")
            (fresh / "build").mkdir(exist_ok=True)
            (fresh / "build" / "ignored.png").write_bytes(b"x")
            article.write_text(text, encoding="utf-8")  # a save, as an editor does it
            time.sleep(0.25)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert len(seen) == 1
    assert article.resolve() in [p.resolve() for p in seen[0]]
    assert all(p.resolve() != other_issue.resolve() and "build" not in p.parts for p in seen[0])


def test_watch_preview_keeps_the_last_good_preview_on_errors(fresh, monkeypatch, capsys):
    """Save a broken essay: the error is printed, the last good preview stays, the loop goes on;
    fix it: the next save rebuilds the preview with the new text."""
    from pypdf import PdfReader

    from newsletter_cli import preview

    monkeypatch.chdir(fresh)
    outcomes: list[str] = []
    original = preview.Previewer.run

    def recorded(self):
        try:
            result = original(self)
        except Exception:
            outcomes.append("error")
            raise
        outcomes.append("ok")
        return result

    monkeypatch.setattr(preview.Previewer, "run", recorded)
    stop = threading.Event()
    codes = []
    thread = threading.Thread(target=lambda: codes.append(preview.command(
        Path("issues/076.yaml"), "essays", None, watch=True, stop=stop)), daemon=True)
    thread.start()
    essay = Path("issues/076/04-human-capital-through-crises.md")
    good = essay.read_text(encoding="utf-8")
    out = Path("build/076-essays.pdf")

    def wait_for(condition, action, seconds=30):
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            action()
            time.sleep(0.3)
        assert condition(), outcomes

    try:
        wait_for(lambda: outcomes == ["ok"], lambda: None)
        last_good = out.read_bytes()
        broken = good.replace("---\n", "---\ntitle: [unclosed\n", 1)
        wait_for(lambda: "error" in outcomes, lambda: essay.write_text(broken, encoding="utf-8"))
        assert out.read_bytes() == last_good
        fixed = good + "\nZQXW marks the fix.\n"
        errors_seen = len(outcomes)
        wait_for(lambda: "ok" in outcomes[errors_seen:], lambda: essay.write_text(fixed, encoding="utf-8"))
    finally:
        stop.set()
        thread.join(15)
    assert not thread.is_alive() and codes == [0]
    text = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "ZQXW" in text
    captured = capsys.readouterr()
    assert "preview failed" in captured.err
    assert "the last good preview stays at build/076-essays.pdf" in captured.err
    assert "04-human-capital-through-crises.md" in captured.err  # the located error
    assert captured.out.count("wrote build/076-essays.pdf") >= 2
    assert "changed: issues/076/04-human-capital-through-crises.md" in captured.out


def test_preview_help_lists_the_options():
    result = run_cli("preview", "--help")
    assert result.returncode == 0
    for option in ("--section", "--article", "--png", "--watch", "--open"):
        assert option in result.stdout


def test_link_into_a_section_not_previewed_stays_text(fresh):
    """A `#anchor` link to an article of another section: the preview builds, the words stay."""
    essay = fresh / "issues" / "076" / "05-customs-and-environment.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\nSee also [the APPU visit](#appu-visit).\n",
                     encoding="utf-8")
    result = run_cli("preview", "--section", "essays", "issues/076.yaml", cwd=fresh)
    assert result.returncode == 0, result.output
    text = " ".join(page_texts(fresh / "build" / "076-essays.pdf"))
    assert "the APPU visit" in text
