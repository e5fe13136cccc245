"""Contributors' photos as phones take them: 12 megapixels, several megabytes each. They are
embedded at the resolution they print at (300 ppi at their placed size, layout/imagefit.py),
a JPEG as a JPEG, and a picture's check (decoded whole) is remembered by its file's stat."""

from __future__ import annotations

import os

from PIL import Image
from pypdf import PdfReader

from conftest import article, make_issue, run_cli


def _photo(path, size=(4000, 3000)):
    noise = Image.effect_noise(size, 60).convert("RGB")
    Image.merge("RGB", [noise.getchannel(0), Image.linear_gradient("L").resize(size), noise.getchannel(2)]).save(
        path, quality=90) if path.suffix == ".jpg" else noise.save(path)


def _images(pdf) -> list[tuple[int, int, str]]:
    out = []
    for page in PdfReader(str(pdf)).pages:
        for obj in (page["/Resources"].get("/XObject") or {}).values():
            obj = obj.get_object()
            if obj.get("/Subtype") == "/Image":
                filters = obj.get("/Filter")
                filters = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
                out.append((int(obj["/Width"]), int(obj["/Height"]), filters[-1]))
    return sorted(out)


def test_phone_photos_are_embedded_at_300_ppi_the_same_bytes_from_the_cache_or_not(tmp_path):
    folder = tmp_path / "001"
    folder.mkdir()
    _photo(folder / "big.jpg")
    _photo(folder / "big.png", (3000, 2000))
    _photo(folder / "small.jpg", (400, 300))
    body = ('Photos.\n\n![A big JPEG](big.jpg){width=50% alt="noise"}\n\n![A big PNG](big.png){width=50% alt="noise"}'
            '\n\n![A small one](small.jpg){width=50% alt="noise"}\n')
    manifest = make_issue(tmp_path, articles={"a.md": article("Photos", body)})
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first, again, fresh = tmp_path / "first.pdf", tmp_path / "again.pdf", tmp_path / "fresh.pdf"
    for out, extra in ((first, ()), (again, ("--no-build-cache",))):
        result = run_cli("build", manifest, "--output", out, *extra, cwd=tmp_path, env=env)
        assert result.returncode == 0, result.output
    assert list((tmp_path / "cache" / "newsletter" / "pictures").iterdir())  # kept for the next build
    result = run_cli("build", manifest, "--output", fresh, cwd=tmp_path,
                     env={**env, "XDG_CACHE_HOME": str(tmp_path / "empty")})
    assert result.returncode == 0, result.output
    assert first.read_bytes() == again.read_bytes() == fresh.read_bytes()
    images = _images(first)
    # half the features column (212.6 pt) at 300 ppi: 886 pixels wide; the small one as it was
    assert images == [(400, 300, "/DCTDecode"), (886, 591, "/FlateDecode"), (886, 664, "/DCTDecode")], images
    assert first.stat().st_size < 3_000_000  # (embedded as they were: 25 MB)


def test_a_pictures_check_is_remembered_by_its_files_stat(tmp_path, monkeypatch):
    from newsletter_cli import sources
    from newsletter_cli.content import images

    path = tmp_path / "p.jpg"
    _photo(path, (300, 200))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sources.STORE.use(str(tmp_path / "001.yaml"))
    decoded = []
    real = images._decode_image
    monkeypatch.setattr(images, "_decode_image", lambda handle: decoded.append(1) or real(handle))
    assert images._inspect_image(path) == (None, (300, 200))
    assert images._inspect_image(path) == (None, (300, 200))
    assert len(decoded) == 1
    path.write_bytes(path.read_bytes()[:400])  # truncated: a new stat, decoded again
    assert images._inspect_image(path)[0].startswith("is corrupt or truncated")
    assert len(decoded) == 2


def test_gif_webp_bmp_and_tiff_pictures_are_placed_as_png_and_an_svg_is_refused_with_its_reason(tmp_path):
    folder = tmp_path / "001"
    folder.mkdir()
    size = (1200, 800)  # (at 50% of the column: over 300 ppi, so scaled as well as made PNG)
    frames = [Image.new("P", size, i) for i in (1, 2)]
    frames[0].save(folder / "anim.gif", save_all=True, append_images=frames[1:], transparency=0, duration=100)
    Image.linear_gradient("L").resize(size).convert("RGBA").save(folder / "web.webp", "WEBP")
    Image.linear_gradient("L").resize(size).convert("RGB").save(folder / "old.bmp", "BMP")
    Image.new("CMYK", size, (0, 60, 100, 0)).save(folder / "print.tiff", "TIFF")
    names = ("anim.gif", "web.webp", "old.bmp", "print.tiff")
    body = "Pictures.\n\n" + "\n\n".join(f'![{n}]({n}){{width=50% alt="a picture"}}' for n in names) + "\n"
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Formats", body)})
    out = tmp_path / "out.pdf"
    result = run_cli("build", manifest, "--output", out, "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.output
    placed = [image for image in _images(out) if image[0] > 100]  # (less the soft mask of the GIF's transparency)
    assert len(placed) == 4 and all(w < 1200 and h < 800 for w, h, _ in placed), placed  # scaled to 300 ppi
    assert all(f == "/FlateDecode" for _, _, f in placed), placed  # each made a lossless PNG
    (folder / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')
    (folder / "01-a.md").write_text(article("Formats", 'A chart.\n\n![Chart](chart.svg){alt="a chart"}\n'))
    refused = run_cli("build", manifest, "--output", out, cwd=tmp_path)
    assert refused.returncode == 1
    assert "001/01-a.md:7:10: error: image 'chart.svg' is an SVG drawing, which is not placed: export it as PNG" \
        in refused.stderr
