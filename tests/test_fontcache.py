"""Parsed TrueType faces remembered between builds (layout/fontcache.py).

A build whose faces come from the cache writes the same bytes as one that parsed them, whatever
state the cache is in, and still embeds every font; a restored font is the one ReportLab makes,
without parsing; a font file whose bytes changed is parsed again; an entry is written only when
it gives back exactly what ReportLab parsed; a font ReportLab cannot read is the same located
error as without the cache. The fonts the package ships come with their entries
(assets/fontdata): a first build parses none of them, a shipped entry that is stale or damaged
is ignored and the face parsed, and tools/font_data.py --check finds entries that are stale.

The user's cache is tested with copies of the shipped fonts under other names, which no shipped
entry is for.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFile

from conftest import ASSETS, ROOT, make_issue, run_cli
from newsletter_cli.errors import NewsletterError
from newsletter_cli.layout import fontcache
from test_issue_076 import _fonts

FONTS = ASSETS / "fonts"


def _entries(cache_home):
    return sorted((cache_home / "newsletter" / "fonts").glob("*.json"))


def _own(folder, face: str) -> str:
    """A copy of the shipped font `face` named Own-<face>: the same bytes, no shipped entry."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"Own-{face}"
    shutil.copyfile(FONTS / face, copy)
    return str(copy)


def _own_theme(manifest):
    """The issue of `manifest` set in a theme beside it whose text faces are Own-… copies."""
    base = manifest.parent
    fonts = base / "fonts"
    fonts.mkdir()
    for font in FONTS.glob("*.ttf"):
        (fonts / font.name).symlink_to(font)
        if font.name.startswith("Source"):
            _own(fonts, font.name)
    (base / "brand").mkdir()
    (base / "brand" / "mark.svg").symlink_to(ASSETS / "brand" / "mark.svg")
    theme = (ASSETS / "themes" / "rocb.yaml").read_text(encoding="utf-8")
    (base / "brand.yaml").write_text(theme.replace("fonts/Source", "fonts/Own-Source"), encoding="utf-8")
    manifest.write_text(manifest.read_text(encoding="utf-8") + "theme: brand.yaml\n", encoding="utf-8")
    return manifest


@pytest.fixture
def parses(monkeypatch):
    """The font files ReportLab parses from now on (TTFontFile.extractInfo), in order."""
    seen = []
    parse = TTFontFile.extractInfo

    def counted(self, charInfo=1):
        seen.append(os.path.basename(self.filename))
        return parse(self, charInfo)
    monkeypatch.setattr(TTFontFile, "extractInfo", counted)
    return seen


def test_builds_give_the_same_bytes_with_a_cold_a_warm_or_a_damaged_cache(tmp_path):
    manifest = _own_theme(make_issue(tmp_path / "issue"))
    home = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(home), "SOURCE_DATE_EPOCH": "1700000000"}

    def build(name):
        out = tmp_path / f"{name}.pdf"
        result = run_cli("build", manifest, "-o", out, cwd=manifest.parent, env=env)
        assert result.returncode == 0, result.stderr
        return out

    cold = build("cold").read_bytes()
    entries = _entries(home)
    assert len(entries) == 11  # one per face of the theme
    made = {path: path.read_bytes() for path in entries}
    stamps = {path: path.stat().st_mtime_ns for path in entries}

    warm = build("warm")
    assert warm.read_bytes() == cold
    assert {path: path.stat().st_mtime_ns for path in _entries(home)} == stamps  # a warm build writes nothing
    fonts = _fonts(PdfReader(str(warm)))
    assert fonts and all(has_file for _, has_file, _ in fonts.values()), fonts  # every font is embedded

    # each entry damaged another way: all are ignored, the faces parsed and the entries made again
    def forged(change):  # an edited face whose checksum was made to match
        def edit(path, entry):
            face = json.loads(entry["face"])
            change(face)
            text = json.dumps(face)
            return json.dumps({**entry, "face": text, "sha256": fontcache._digest(entry["key"], text)})
        return edit

    def width_changed(path, entry):  # the checksum not
        face = json.loads(entry["face"])
        widths = face["charWidths"][1]
        widths[1] = widths[1][:-4] + ("0100" if not widths[1].endswith("0100") else "0200")
        return json.dumps({**entry, "face": json.dumps(face, separators=(",", ":"))})

    other = json.loads(made[entries[-1]])
    damage = [
        lambda path, entry: "{not json",
        lambda path, entry: made[path][:len(made[path]) // 2].decode(),  # truncated
        lambda path, entry: "",
        lambda path, entry: "[1, 2, 3]",
        width_changed,
        lambda path, entry: json.dumps(other),  # the entry of another file's bytes
        lambda path, entry: json.dumps({**other, "key": entry["key"]}),  # ... claiming this file's
        forged(lambda face: face["numbers"].pop("unitsPerEm")),
        forged(lambda face: face["hmetrics"].__setitem__(0, ["H", "0g"])),
        forged(lambda face: face["names"].__setitem__("name", ["text", 3])),
        lambda path, entry: "[" * 100_000,  # deeper than json can read
    ]
    for path, edit in zip(entries, damage, strict=True):
        path.write_text(edit(path, json.loads(made[path])))
    assert build("damaged").read_bytes() == cold
    assert {path: path.read_bytes() for path in _entries(home)} == made


def test_a_restored_font_is_the_one_reportlab_parses_and_is_not_parsed(tmp_path, monkeypatch, parses):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = _own(tmp_path / "fonts", "SourceSerifPro-It.ttf")
    parsed = fontcache.ttfont("fc-restored", path)
    assert parses == ["Own-SourceSerifPro-It.ttf"] and len(_entries(tmp_path)) == 1

    restored = fontcache.ttfont("fc-restored", path)
    assert parses == ["Own-SourceSerifPro-It.ttf"]  # from the cache
    _assert_same_font(restored, parsed)


def _assert_same_font(restored, parsed):
    assert type(restored) is TTFont and type(restored.face) is type(parsed.face)
    theirs, ours = vars(parsed.face), vars(restored.face)
    assert sorted(ours) == sorted(theirs)
    for attr, value in theirs.items():
        if attr != "_pdfScale":
            assert ours[attr] == value and type(ours[attr]) is type(value), attr
    assert [type(w) for w in ours["charWidths"].values()] == [type(w) for w in theirs["charWidths"].values()]
    assert restored.face.name.ustr == parsed.face.name.ustr
    assert sorted(vars(restored)) == sorted(vars(parsed)) and restored.shapable == parsed.shapable
    text = "Customs “integrity” — naïve café, 1 234,5 %"
    assert restored.stringWidth(text, 9.5) == parsed.stringWidth(text, 9.5)
    codes = sorted(set(map(ord, text)))
    assert restored.face.makeSubset(codes) == parsed.face.makeSubset(codes)


def test_a_font_file_whose_bytes_changed_is_parsed_again(tmp_path, monkeypatch, parses):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    font = tmp_path / "Face.ttf"
    shutil.copyfile(FONTS / "SourceSansPro-Regular.ttf", font)
    stat = font.stat()
    assert fontcache.ttfont("fc-changed", str(font)).face.name == b"SourceSansPro-Regular"

    shutil.copyfile(FONTS / "SourceSansPro-Bold.ttf", font)  # the same name and time, other bytes
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert fontcache.ttfont("fc-changed", str(font)).face.name == b"SourceSansPro-Bold"
    assert parses == ["Face.ttf", "Face.ttf"]
    assert fontcache.ttfont("fc-changed", str(font)).face.name == b"SourceSansPro-Bold"
    assert len(parses) == 2 and len(_entries(tmp_path / "cache")) == 2


def test_another_reportlab_parses_again(tmp_path, monkeypatch, parses):
    import reportlab

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = _own(tmp_path / "fonts", "SourceSerifPro-Bold.ttf")
    fontcache.ttfont("fc-version", path)
    monkeypatch.setattr(reportlab, "Version", reportlab.Version + ".1")
    fontcache.ttfont("fc-version", path)
    assert len(parses) == 2 and len(_entries(tmp_path)) == 2


def test_a_shipped_entry_is_not_used_by_another_reportlab(tmp_path, monkeypatch, parses):
    import reportlab

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = str(FONTS / "SourceSerifPro-Bold.ttf")
    shipped = fontcache.ttfont("fc-shipped-version", path)
    assert parses == [] and not _entries(tmp_path)
    monkeypatch.setattr(reportlab, "Version", reportlab.Version + ".1")
    parsed = fontcache.ttfont("fc-shipped-version", path)
    assert parses == ["SourceSerifPro-Bold.ttf"] and len(_entries(tmp_path)) == 1
    _assert_same_font(shipped, parsed)


@pytest.mark.parametrize("change", [
    lambda face: setattr(face, "kerning", {1: 2}),  # an attribute the entry does not know
    lambda face: setattr(face, "hmetrics", [list(pair) for pair in face.hmetrics]),  # another type
    lambda face: setattr(face, "bbox", tuple(face.bbox)),
    lambda face: setattr(face, "_pdfScale", lambda x: x * 2),  # what the entry makes of unitsPerEm
], ids=["new attribute", "lists for tuples", "tuple for list", "another scale"])
def test_no_entry_is_written_when_it_would_not_give_back_what_reportlab_parsed(tmp_path, monkeypatch, change):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parse = TTFontFile.extractInfo

    def other_reportlab(self, charInfo=1):
        parse(self, charInfo)
        change(self)
    monkeypatch.setattr(TTFontFile, "extractInfo", other_reportlab)
    font = fontcache.ttfont("fc-guard", _own(tmp_path / "fonts", "SourceSansPro-It.ttf"))
    assert font.face.numGlyphs > 0
    assert fontcache.entry_for(font, str(FONTS / "SourceSansPro-It.ttf")) is None
    assert not _entries(tmp_path)


def test_a_cache_folder_that_cannot_be_written_is_skipped(tmp_path, monkeypatch, parses):
    home = tmp_path / "not-a-folder"
    home.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    path = _own(tmp_path / "fonts", "SourceSansPro-BoldIt.ttf")
    for _ in range(2):
        assert fontcache.ttfont("fc-unwritable", path).face.name == b"SourceSansPro-BoldIt"
    assert len(parses) == 2


def test_a_font_reportlab_cannot_read_is_the_same_located_error(tmp_path, monkeypatch):
    from newsletter_cli.layout.styles import register_fonts
    from newsletter_cli.paths import assets_dir
    from newsletter_cli.theme.brand import load_theme

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"This is not a font, only text.\n" * 20)
    with pytest.raises(TTFError) as parsed:
        TTFont("fc-broken-direct", str(broken))

    theme = load_theme(assets_dir() / "themes" / "rocb.yaml")
    fonts = {**theme.fonts, "serif": {**theme.fonts["serif"], "regular": broken}}
    theme = dataclasses.replace(theme, name="fc-broken", fonts=fonts)
    for _ in range(2):  # and again: nothing was kept for it
        with pytest.raises(NewsletterError) as caught:
            register_fonts(theme)
        [problem] = caught.value.problems
        assert problem.message == f"font 'Broken.ttf' cannot be used: {parsed.value}"
        assert problem.location.file == theme.file and problem.code == "font"


def test_the_oldest_entries_go_past_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(fontcache, "MAX_ENTRIES", 2)
    for n, face in enumerate(["SourceSansPro-It.ttf", "SourceSerifPro-It.ttf", "SourceSerifPro-BoldIt.ttf"]):
        path = _own(tmp_path / "fonts", face)
        fontcache.ttfont(f"fc-limit-{n}", path)
    kept = _entries(tmp_path)
    assert len(kept) == 2
    newest = fontcache._file(fontcache._key(Path(path).read_bytes(), path))
    assert newest in kept


# --- the entries the package ships (assets/fontdata, made by tools/font_data.py) --------------

def test_a_first_build_in_the_shipped_fonts_parses_none_of_them(tmp_path):
    # every parse writes its entry to a cache folder that can be written (the first test): none
    # is written, so no face was parsed; and the next build, which reads no entry, is the same
    manifest = make_issue(tmp_path / "issue")
    home = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(home), "SOURCE_DATE_EPOCH": "1700000000"}
    outputs = []
    for name in ("first", "second"):
        out = tmp_path / f"{name}.pdf"
        result = run_cli("build", manifest, "-o", out, cwd=manifest.parent, env=env)
        assert result.returncode == 0, result.stderr
        assert (home / "newsletter").is_dir() and not _entries(home)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_the_shipped_entries_give_the_fonts_reportlab_parses(tmp_path, monkeypatch, parses):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    faces = sorted(path.name for path in FONTS.glob("*.ttf"))
    assert len(faces) == 38, faces
    for face in faces:
        path = str(FONTS / face)
        shipped = fontcache.ttfont(f"fc-shipped-{face}", path)
        assert parses == [], face
        _assert_same_font(shipped, TTFont(f"fc-shipped-{face}", path))
        parses.clear()
    assert not _entries(tmp_path)


def test_a_damaged_shipped_entry_is_ignored_and_the_face_parsed(tmp_path, monkeypatch, parses):
    face = "SourceSansPro-It.ttf"
    path = str(FONTS / face)
    made = json.loads(fontcache._shipped(path).read_text(encoding="utf-8"))
    other = json.loads(fontcache._shipped(str(FONTS / "SourceSerifPro-It.ttf")).read_text(encoding="utf-8"))
    shipped = tmp_path / "shipped" / f"{face}.json"
    shipped.parent.mkdir()
    monkeypatch.setattr(fontcache, "_shipped", lambda p: shipped.with_name(f"{os.path.basename(p)}.json"))
    shipped.write_text(json.dumps(made))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-0"))
    fontcache.ttfont("fc-damaged-shipped", path)
    assert parses == [] and not _entries(tmp_path / "cache-0")  # the copy is used as it is

    text = json.dumps(json.loads(made["face"]) | {"numbers": {}})
    damage = [
        "{not json",
        json.dumps(made)[:1000],
        json.dumps(other),  # another font's entry
        json.dumps({**other, "key": made["key"]}),  # ... claiming this font's
        json.dumps({**made, "face": made["face"].replace("SourceSansPro", "SourceSansPrX")}),  # digest not
        json.dumps({**made, "face": text, "sha256": fontcache._digest(made["key"], text)}),  # forged
    ]
    for n, text in enumerate(damage, 1):
        home = tmp_path / f"cache-{n}"
        monkeypatch.setenv("XDG_CACHE_HOME", str(home))
        shipped.write_text(text)
        parses.clear()
        font = fontcache.ttfont("fc-damaged-shipped", path)
        assert parses == [face], n
        assert len(_entries(home)) == 1, n  # kept in the user's cache, as any parsed face
        _assert_same_font(font, TTFont("fc-damaged-shipped", path))
    shipped.unlink()  # no entry shipped at all
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-none"))
    parses.clear()
    fontcache.ttfont("fc-damaged-shipped", path)
    assert parses == [face]


def _font_data_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("font_data", ROOT / "tools" / "font_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_entries_are_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "font_data.py"), "--check"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("up to date") == len(list((ROOT / "assets" / "fonts").glob("*.ttf")))


def test_the_check_finds_a_stale_a_missing_and_a_left_over_entry(tmp_path, monkeypatch, capsys):
    tool = _font_data_tool()
    fonts, target = tmp_path / "fonts", tmp_path / "fontdata"
    fonts.mkdir()
    for face in ("SourceSerifPro-It.ttf", "SourceSansPro-It.ttf", "NotoSansThai-Regular.ttf"):
        shutil.copyfile(FONTS / face, fonts / face)
    monkeypatch.setattr(tool, "FONTS", fonts)
    monkeypatch.setattr(tool, "TARGET", target)
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    assert tool.main([]) == 0
    assert tool.main(["--check"]) == 0
    capsys.readouterr()
    entry = target / "SourceSerifPro-It.ttf.json"
    entry.write_text(entry.read_text(encoding="utf-8").replace('"key":"', '"key":"0'), encoding="utf-8")
    (target / "SourceSansPro-It.ttf.json").unlink()
    (target / "Gone.ttf.json").write_text("{}", encoding="utf-8")
    assert tool.main(["--check"]) == 1
    report = capsys.readouterr().out
    assert report.count("STALE") == 2 and "Gone.ttf.json: no such font" in report, report
    assert "NotoSansThai-Regular.ttf.json: up to date" in report
    assert tool.main([]) == 0 and tool.main(["--check"]) == 0
    assert not (target / "Gone.ttf.json").exists()
