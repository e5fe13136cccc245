"""An issue written in Arabic, as a reader sees its pages: a table's first column on the right
(and read first), the byline's rule and the signature on the right, and the running head's
number kept a space apart from the words before it. Read off the rendered pages (pdfium) and
the structure tree (poppler's `pdfinfo -struct-text`)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import article, make_issue, run_cli

MANIFEST = """\
publication: "نشرة الجمارك"
number: 3
period: "الربع الأول 2026"
date: 2026-05-01
language: ar
labels:
  number: "No. {number}"   # (the running head reads "نشرة الجمارك · No. 3 · الربع الأول 2026")
publisher:
  name: "مكتب الجمارك"
sections:
  - kind: features
    title: "أخبار"
    articles:
      - 003/01-figures.md
"""
FRONT = """authors:
  - name: "سارة الأحمد"
    role: "مديرة البرامج"
signature:
  closing: "مع أطيب التحيات،"
  name: "سارة الأحمد"
  title: "مديرة البرامج"
"""
# the first column holds numbers only, so that its place on the page is easy to find
BODY = """وصل عدد المتدربين في كل مركز إلى ما يلي.

| الرقم | المركز | المتدربون |
|---|---|--:|
| 1 | بانكوك | 120 |
| 2 | عمّان | 85 |
| 3 | الرباط | 64 |
"""


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    base = tmp_path_factory.mktemp("arabic")
    manifest = make_issue(base, number=3, manifest=MANIFEST,
                          articles={"01-figures.md": article("أرقام الربع الأول", BODY, front=FRONT)})
    out = base / "arabic.pdf"
    result = run_cli("build", manifest, "--output", out, "--strict", cwd=base)
    assert result.returncode == 0, result.output
    return out


def _page(pdf, number: int):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(pdf))[number - 1]


def _char_boxes(page, wanted: str) -> list[tuple[float, float, float, float]]:
    """The boxes (left, bottom, right, top, in points) of each occurrence of `wanted` on the page."""
    text = page.get_textpage()
    whole = text.get_text_range()
    out, at = [], whole.find(wanted)
    while at >= 0:
        boxes = [text.get_charbox(i) for i in range(at, at + len(wanted))]
        out.append((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                    max(b[3] for b in boxes)))
        at = whole.find(wanted, at + 1)
    return out


def test_a_table_that_reads_right_to_left_has_its_first_column_on_the_right(arabic):
    page = _page(arabic, 3)
    width = page.get_width()
    firsts = [box for digit in "123" for box in _char_boxes(page, digit)
              if box[1] < page.get_height() - 100]  # (not the running head's "No. 3")
    row_numbers = [box for box in firsts if box[0] > width / 2]
    assert len(row_numbers) >= 3, (firsts, width)  # 1, 2 and 3 stand in the right half
    counts = [box for box in _char_boxes(page, "120") + _char_boxes(page, "85")]
    assert counts and all(box[2] < width / 2 for box in counts), counts  # the last column, on the left


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler's pdfinfo")
def test_a_right_to_left_table_row_is_read_from_its_first_column(arabic):
    tree = subprocess.run(["pdfinfo", "-struct-text", str(arabic)], capture_output=True, text=True,
                          errors="replace").stdout
    body = tree[tree.index("TBody"):]
    cells = [line.strip().strip('"') for line in body.splitlines() if line.strip().startswith('"')
             and line.strip() != '""']
    assert cells[0] == "1", cells[:6]  # the row's first cell is its number, as written
    assert cells[2] == "120", cells[:6]


def _ink(pdf, number: int, scale: int = 4):
    return _page(pdf, number).render(scale=scale).to_pil().convert("RGB"), scale


def test_the_running_heads_number_stands_a_space_apart_from_the_words_before_it(arabic):
    # "الربع الأول 2026": the number is left of the words; the space between them must stay
    # there, not go to the number's other side (where it would glue "2026" to "الأول")
    page = _page(arabic, 3)
    height = page.get_height()
    heads = [box for box in _char_boxes(page, "2026") if box[3] > height - 60]
    assert heads, "no running head with the period's year on page 3"
    left, bottom, right, top = heads[0]
    image, scale = _ink(arabic, 3)
    y0, y1 = int((height - top) * scale), int((height - bottom) * scale) + 1
    x = int(right * scale) + 1
    while x < image.width and all(sum(image.getpixel((x, y))) > 600 for y in range(y0, y1)):
        x += 1
    gap = x / scale - right
    assert gap > 1.0, f"the number and the next word are {gap:.2f} pt apart"


def _accent_columns(image, rows) -> list[int]:
    """Columns of the theme's saffron accent (#E8A33D) within `rows`."""
    out = []
    for x in range(image.width):
        for y in rows:
            r, g, b = image.getpixel((x, y))
            if r > 200 and 130 < g < 190 and b < 100:
                out.append(x)
                break
    return out


def test_the_byline_rule_and_the_signature_stand_on_the_right_for_names_in_arabic(arabic):
    page = _page(arabic, 3)
    image, scale = _ink(arabic, 3)
    width, height = page.get_width(), page.get_height()
    first_row, last_row = _char_boxes(page, "120")[0], _char_boxes(page, "64")[0]
    # between the section band and the table: the byline box, its rule on the side the names start
    byline = range(130 * scale, int((height - first_row[3]) * scale) - 4 * scale)
    bars = _accent_columns(image, byline)
    assert bars and min(bars) / scale > width / 2, (bars[:3], bars[-3:])
    # under the table: the signature, its short rule above the name
    signature = range(int((height - last_row[1]) * scale) + 10 * scale, image.height - 60 * scale)
    rules = _accent_columns(image, signature)
    assert rules and min(rules) / scale > width / 2, (rules[:3], rules[-3:])


def test_a_section_band_titled_in_arabic_has_its_tab_and_title_on_the_right(arabic):
    page = _page(arabic, 3)
    image, scale = _ink(arabic, 3)
    middle = image.width // 2
    primary = [y for y in range(0, 160 * scale) if image.getpixel((middle, y)) == (0x0E, 0x3A, 0x5B)]
    band = range(min(primary), max(primary) + 1)  # (the band: the theme's primary colour across the column)
    tabs = _accent_columns(image, band)
    assert tabs and min(tabs) / scale > page.get_width() / 2, (tabs[:3], tabs[-3:])
    # the title's white letters, inside the band, stand in its right half
    letters = [x for x in range(image.width) if any(min(image.getpixel((x, y))) > 200 for y in band)]
    inside = [x for x in letters if image.getpixel((x, band.start + 1)) == (0x0E, 0x3A, 0x5B)
              or image.getpixel((x, band.stop - 2)) == (0x0E, 0x3A, 0x5B)]
    assert inside and min(inside) / scale > page.get_width() / 2, inside[:3]
