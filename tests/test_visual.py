"""Visual regression tests for the built issue 76 (tracker issue 5).

Pages are found by their role, not by a fixed number: the cover (page 1), the contents (page 2),
the first page of each section (the level-0 outline destinations), the essays page with the
table (its text contains "Table 1:") and the back cover (the last page). Each is rendered with
pypdfium2 at SCALE (about 300 px wide, RGB) and compared with
tests/visual/references/<name>.png.

References change only through the explicit command

    pytest tests/test_visual.py --update-references

A failed comparison writes build/visual-diff/<name>-actual.png and <name>-diff.png (the
faded reference with the amplified difference in red) and names them in the message.

Thresholds. Two builds on the same machine are byte-identical and render to identical pixels
(difference 0), so the thresholds only have to absorb rasteriser noise from another
pypdfium2/pdfium version, and stay tight enough to catch small real changes at this
resolution. Measured on issue 76 at scale 0.5: moving the "FOREWORD" band label by 3 px
changes 0.44% of the pixels by more than 48 (so a 0.5% limit would miss it), and changing the
primary colour from #0E3A5B to #1F4E79 (at most 30 levels per channel) changes 2.3% of a
section opening page, none of them by more than 48. Hence: a pixel counts as changed when
a channel differs by more than 24 of 255, and the page fails when more than 0.1% (about 125)
of its pixels changed or the mean absolute difference over all channels exceeds 2.0 (a faint
change over a large area, such as the paper tint).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = ROOT / "tests" / "visual" / "references"
DIFF_DIR = ROOT / "build" / "visual-diff"
UPDATE_COMMAND = "pytest tests/test_visual.py --update-references"

SCALE = 0.5                # A4 (595 pt wide) -> 298 px
PIXEL_THRESHOLD = 24       # a pixel is "changed" when a channel differs by more than this
MAX_CHANGED_SHARE = 0.001  # fail when more than 0.1% of the pixels changed
MAX_MEAN_DIFF = 2.0        # or when the mean absolute difference (0-255) exceeds this

SECTIONS = ("Foreword", "Special Articles", "Special Essays", "Workshop and Meeting")
TABLE_MARK = "Table 1:"


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


PAGE_NAMES = ("cover", "contents", *(f"section-{slug(s)}" for s in SECTIONS), "essays-table",
              "back-cover")


# --- comparison --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    same_size: bool
    changed_share: float = 0.0  # share of pixels with a channel differing by > PIXEL_THRESHOLD
    mean_diff: float = 0.0      # mean absolute difference over all pixels and channels
    max_diff: int = 0

    @property
    def ok(self) -> bool:
        return (self.same_size and self.changed_share <= MAX_CHANGED_SHARE
                and self.mean_diff <= MAX_MEAN_DIFF)

    def describe(self) -> str:
        if not self.same_size:
            return "the images differ in size"
        return (f"{self.changed_share:.3%} of pixels differ by more than {PIXEL_THRESHOLD} "
                f"(limit {MAX_CHANGED_SHARE:.1%}), mean difference {self.mean_diff:.2f} "
                f"(limit {MAX_MEAN_DIFF}), largest {self.max_diff}")


def _channel_max(diff: Image.Image) -> Image.Image:
    """Greyscale image of the largest channel difference of each pixel."""
    red, green, blue = diff.split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def compare(reference: Image.Image, actual: Image.Image) -> Comparison:
    if reference.size != actual.size:
        return Comparison(same_size=False)
    diff = ImageChops.difference(reference.convert("RGB"), actual.convert("RGB"))
    histogram = _channel_max(diff).histogram()
    pixels = reference.size[0] * reference.size[1]
    changed = sum(histogram[PIXEL_THRESHOLD + 1:])
    largest = max((value for value, count in enumerate(histogram) if count), default=0)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    return Comparison(True, changed / pixels, mean, largest)


def diff_image(reference: Image.Image, actual: Image.Image) -> Image.Image:
    """The faded reference with the difference, amplified 4x, in red. Images of different
    sizes are compared on a white canvas of the larger size, aligned at the top left."""
    size = (max(reference.width, actual.width), max(reference.height, actual.height))
    canvases = []
    for image in (reference, actual):
        canvas = Image.new("RGB", size, "white")
        canvas.paste(image.convert("RGB"), (0, 0))
        canvases.append(canvas)
    ref, act = canvases
    amplified = _channel_max(ImageChops.difference(ref, act)).point(lambda v: min(255, v * 4))
    faded = Image.blend(ref, Image.new("RGB", size, "white"), 0.75)
    return Image.composite(Image.new("RGB", size, (220, 0, 0)), faded, amplified)


def save_png(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)


def check_page(name: str, actual: Image.Image, *, update: bool, references: Path = REFERENCES,
               diff_dir: Path = DIFF_DIR) -> None:
    """Compare `actual` with references/<name>.png (or rewrite it when `update`); fail with
    the paths of the actual and diff images written to `diff_dir`."""
    reference_path = references / f"{name}.png"
    actual_path = diff_dir / f"{name}-actual.png"
    diff_path = diff_dir / f"{name}-diff.png"
    for stale in (actual_path, diff_path):
        stale.unlink(missing_ok=True)
    if update:
        if reference_path.is_file():
            with Image.open(reference_path) as old:
                old = old.convert("RGB")
                if old.size == actual.size and not ImageChops.difference(old, actual.convert("RGB")).getbbox():
                    return  # identical pixels: keep the file as it is
        save_png(actual.convert("RGB"), reference_path)
        return
    if not reference_path.is_file():
        save_png(actual, actual_path)
        pytest.fail(f"no reference image {reference_path} for '{name}'; the page as rendered now "
                    f"is in {actual_path}. Check it, then create the references with: "
                    f"{UPDATE_COMMAND}", pytrace=False)
    with Image.open(reference_path) as image:
        reference = image.convert("RGB")
    result = compare(reference, actual)
    if result.ok:
        return
    save_png(actual, actual_path)
    save_png(diff_image(reference, actual), diff_path)
    size_note = (f" (reference {reference.width}x{reference.height} px, actual "
                 f"{actual.width}x{actual.height} px)" if not result.same_size else "")
    pytest.fail(f"page '{name}' differs from {reference_path}: {result.describe()}{size_note}.\n"
                f"  actual: {actual_path}\n  diff:   {diff_path}\n"
                f"If the change is intended, update the references with: {UPDATE_COMMAND}",
                pytrace=False)


# --- the pages of issue 76 ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def page_roles(reader_076) -> dict[str, int]:
    """Reference name -> 0-based page index, found by role."""
    reader = reader_076
    last = len(reader.pages) - 1
    sections = {item.title: reader.get_destination_page_number(item)
                for item in reader.outline if not isinstance(item, list)}
    missing = [title for title in SECTIONS if title not in sections]
    assert not missing, f"level-0 outline entries {missing} not found; the outline has {list(sections)}"
    texts = [page.extract_text() or "" for page in reader.pages]
    table_pages = [i for i, text in enumerate(texts) if TABLE_MARK in text]
    assert table_pages, f"no page contains {TABLE_MARK!r}"
    roles = {"cover": 0, "contents": 1}
    roles.update({f"section-{slug(title)}": sections[title] for title in SECTIONS})
    roles["essays-table"] = table_pages[0]
    roles["back-cover"] = last
    start = sections["Special Essays"]
    end = min((p for p in sections.values() if p > start), default=last + 1)
    assert start < roles["essays-table"] < end, (
        f"the page with {TABLE_MARK!r} ({roles['essays-table'] + 1}) is not inside the essays "
        f"(pages {start + 1}-{end})")
    assert len(set(roles.values())) == len(roles), f"two roles share a page: {roles}"
    assert list(roles) == list(PAGE_NAMES)
    return roles


@pytest.fixture(scope="module")
def pdfium_076(built_076):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(built_076.pdf))
    yield document
    document.close()


def render(document, index: int) -> Image.Image:
    page = document[index]
    try:
        bitmap = page.render(scale=SCALE)
        try:
            return bitmap.to_pil().convert("RGB")
        finally:
            bitmap.close()
    finally:
        page.close()


@pytest.fixture(scope="module")
def update_references(request) -> bool:
    return bool(request.config.getoption("--update-references", default=False))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_matches_reference(name, page_roles, pdfium_076, update_references):
    check_page(name, render(pdfium_076, page_roles[name]), update=update_references)


# --- the comparison itself, on a real page -----------------------------------------------------

@pytest.fixture(scope="module")
def section_page(page_roles, pdfium_076) -> Image.Image:
    return render(pdfium_076, page_roles["section-foreword"])


PRIMARY = (0x0E, 0x3A, 0x5B)  # the theme's primary colour (section bands, titles)


def _primary_mask(image: Image.Image, tolerance: int = 12) -> Image.Image:
    """Mask (L) of the pixels within `tolerance` of the primary colour in every channel."""
    bands = [band.point(lambda v, c=c: 255 if abs(v - c) <= tolerance else 0)
             for band, c in zip(image.split(), PRIMARY)]
    return ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])


def _shifted(image: Image.Image, dx: int, dy: int) -> Image.Image:
    out = Image.new("RGB", image.size, "white")
    out.paste(image, (dx, dy))
    return out


def test_render_is_deterministic(section_page, page_roles, pdfium_076):
    again = render(pdfium_076, page_roles["section-foreword"])
    assert compare(section_page, again) == Comparison(True, 0.0, 0.0, 0)


@pytest.mark.parametrize("dx, dy", [(0, 3), (3, 0), (0, 1)])
def test_a_shifted_page_fails(section_page, dx, dy):
    result = compare(section_page, _shifted(section_page, dx, dy))
    assert not result.ok, result.describe()


def test_a_moved_heading_fails(section_page):
    """Move only the section band (its label in the primary colour) 3 px down."""
    top = section_page.crop((0, 0, section_page.width, section_page.height // 5))
    box = _primary_mask(top).getbbox()
    assert box, "no section band in the primary colour at the top of the foreword page"
    moved = section_page.copy()
    moved.paste("white", box)
    moved.paste(section_page.crop(box), (box[0], box[1] + 3))
    result = compare(section_page, moved)
    assert not result.ok, result.describe()


@pytest.mark.parametrize("colour", [(0x12, 0x70, 0x6E), (0x1F, 0x4E, 0x79)],
                         ids=["teal", "lighter-blue"])
def test_a_recoloured_band_fails(section_page, colour):
    mask = _primary_mask(section_page)
    assert mask.getbbox(), "no pixels in the primary colour on the foreword page"
    recoloured = Image.composite(Image.new("RGB", section_page.size, colour), section_page, mask)
    result = compare(section_page, recoloured)
    assert not result.ok, result.describe()


def test_a_faint_change_over_the_whole_page_fails(section_page):
    tinted = ImageChops.subtract(section_page, Image.new("RGB", section_page.size, (8, 8, 8)))
    result = compare(section_page, tinted)
    assert result.changed_share == 0 and not result.ok, result.describe()


def test_antialiasing_noise_passes(section_page):
    """Edge pixels (mid-grey) off by 8 levels, lighter or darker, and a few stray pixels are
    tolerated."""
    grey = section_page.convert("L")
    edges = grey.point(lambda v: 255 if 40 < v < 215 else 0)
    checker = Image.new("L", section_page.size)
    checker.putdata([255 * ((i + i // section_page.width) % 2)
                     for i in range(section_page.width * section_page.height)])
    offset = Image.new("RGB", section_page.size, (8, 8, 8))
    jittered = Image.composite(ImageChops.add(section_page, offset),
                               ImageChops.subtract(section_page, offset), checker)
    noisy = Image.composite(jittered, section_page, edges)
    for i in range(40):  # 40 of ~125,000 pixels flipped completely
        x, y = (i * 37) % section_page.width, (i * 53) % section_page.height
        r, g, b = noisy.getpixel((x, y))
        noisy.putpixel((x, y), (255 - r, 255 - g, 255 - b))
    result = compare(section_page, noisy)
    assert result.ok, result.describe()


def test_a_different_size_fails(section_page):
    result = compare(section_page, section_page.crop((0, 0, section_page.width - 1,
                                                      section_page.height)))
    assert not result.same_size and not result.ok


# --- the reference workflow, in a temporary folder ---------------------------------------------

def test_missing_reference_fails_and_names_the_update_command(tmp_path, section_page):
    with pytest.raises(pytest.fail.Exception) as failure:
        check_page("page", section_page, update=False, references=tmp_path / "refs",
                   diff_dir=tmp_path / "diff")
    assert UPDATE_COMMAND in str(failure.value)
    assert (tmp_path / "diff" / "page-actual.png").is_file()


def test_failed_comparison_writes_actual_and_diff(tmp_path, section_page):
    refs, diffs = tmp_path / "refs", tmp_path / "diff"
    check_page("page", section_page, update=True, references=refs, diff_dir=diffs)
    with pytest.raises(pytest.fail.Exception) as failure:
        check_page("page", _shifted(section_page, 0, 3), update=False, references=refs,
                   diff_dir=diffs)
    message = str(failure.value)
    for written in (diffs / "page-actual.png", diffs / "page-diff.png"):
        assert written.is_file() and str(written) in message
    with Image.open(diffs / "page-diff.png") as diff:
        assert diff.size == section_page.size
    # a passing comparison clears the stale actual and diff images
    check_page("page", section_page, update=False, references=refs, diff_dir=diffs)
    assert not list(diffs.iterdir())


def test_update_writes_references_and_keeps_identical_ones(tmp_path, section_page):
    refs = tmp_path / "refs"
    check_page("page", section_page, update=True, references=refs, diff_dir=tmp_path / "diff")
    path = refs / "page.png"
    assert path.is_file()
    with Image.open(path) as saved:
        assert saved.mode == "RGB" and compare(section_page, saved).max_diff == 0
    stamp = path.stat().st_mtime_ns
    check_page("page", section_page, update=True, references=refs, diff_dir=tmp_path / "diff")
    assert path.stat().st_mtime_ns == stamp, "an identical reference was rewritten"
    check_page("page", _shifted(section_page, 0, 3), update=True, references=refs,
               diff_dir=tmp_path / "diff")
    with Image.open(path) as saved:
        assert compare(_shifted(section_page, 0, 3), saved).max_diff == 0
