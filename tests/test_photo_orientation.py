"""A phone's portrait photo (stored as landscape pixels with an EXIF orientation) is shown
upright: each of the eight orientations is drawn as a viewer shows it (PIL's exif_transpose),
checked on the rendered page."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps

from conftest import article, make_issue, run_cli

RED, BLUE, GREEN = (220, 0, 0), (0, 0, 220), (0, 200, 0)


def photo(path, turn: int, scale: int = 1) -> Image.Image:
    """80x40 stored pixels (times `scale`): left half red, right half blue, a green corner at the
    top left."""
    img = Image.new("RGB", (80 * scale, 40 * scale), BLUE)
    img.paste(RED, (0, 0, 40 * scale, 40 * scale))
    img.paste(GREEN, (0, 0, 12 * scale, 12 * scale))
    exif = Image.Exif()
    exif[0x0112] = turn
    img.save(path, exif=exif, quality=95)
    with Image.open(path) as saved:
        return ImageOps.exif_transpose(saved).convert("RGB")


def nearest(colour) -> str:
    names = {"red": RED, "blue": BLUE, "green": GREEN}
    return min(names, key=lambda n: sum((a - b) ** 2 for a, b in zip(colour, names[n])))


def samples(img: Image.Image) -> list[str]:
    """The colour near each corner and at the middle of each side, as a reader sees it."""
    w, h = img.size
    points = [(0.08, 0.08), (0.92, 0.08), (0.08, 0.92), (0.92, 0.92), (0.5, 0.25), (0.5, 0.75),
              (0.25, 0.5), (0.75, 0.5)]
    return [nearest(img.getpixel((int(x * (w - 1)), int(y * (h - 1))))[:3]) for x, y in points]


import pytest  # noqa: E402


@pytest.mark.parametrize("scale", [1, 50])
def test_each_exif_orientation_is_drawn_upright(tmp_path, scale):
    # at 50 times, 4000x2000 pixels: scaled down to 300 ppi before it is embedded (imagefit.py),
    # the stored pixels scaled and still turned when drawn
    folder = tmp_path / "001" / "photos"
    folder.mkdir(parents=True)
    expected = {turn: photo(folder / f"o{turn}.jpg", turn, scale) for turn in range(1, 9)}
    body = "\n\n".join(f"Photo {t}.\n\n![Photo {t}](photos/o{t}.jpg){{width=30% alt=\"test photo {t}\"}}"
                       for t in range(1, 9))
    manifest = make_issue(tmp_path, articles={"a.md": article("Photos", body)})
    pdf = tmp_path / "out.pdf"
    result = run_cli("build", manifest, "--output", pdf)
    assert result.returncode == 0, result.output
    document = pdfium.PdfDocument(str(pdf))
    shown = []  # (page, -top, image as rendered)
    for number in range(len(document)):
        page = document[number]
        scale = 4
        bitmap = page.render(scale=scale).to_pil().convert("RGB")
        height = page.get_height()
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            left, bottom, right, top = obj.get_bounds()
            stored = obj.get_px_size()  # the embedded pixels, as stored (not turned)
            assert max(stored) <= max(right - left, top - bottom) / 72 * 300 * 1.25 + 1 or scale == 1, stored
            crop = bitmap.crop((int(left * scale) + 2, int((height - top) * scale) + 2,
                                int(right * scale) - 2, int((height - bottom) * scale) - 2))
            shown.append((number, -top, crop))
    shown.sort(key=lambda s: (s[0], s[1]))
    assert len(shown) == 8
    for turn, (_, _, crop) in zip(range(1, 9), shown):
        want = expected[turn]
        assert (crop.width > crop.height) == (want.width > want.height), turn  # portrait stays portrait
        assert samples(crop) == samples(want), turn
