"""Parsed TrueType faces remembered between builds (layout/fontcache.py).

A build whose faces come from the cache writes the same bytes as one that parsed them, whatever
state the cache is in, and still embeds every font; a restored font is the one ReportLab makes,
without parsing; a font file whose bytes changed is parsed again; an entry is written only when
it gives back exactly what ReportLab parsed; a font ReportLab cannot read is the same located
error as without the cache.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil

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
    manifest = make_issue(tmp_path / "issue")
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
    path = str(FONTS / "SourceSerifPro-It.ttf")
    parsed = fontcache.ttfont("fc-restored", path)
    assert parses == ["SourceSerifPro-It.ttf"] and len(_entries(tmp_path)) == 1

    restored = fontcache.ttfont("fc-restored", path)
    assert parses == ["SourceSerifPro-It.ttf"]  # from the cache
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
    path = str(FONTS / "SourceSerifPro-Bold.ttf")
    fontcache.ttfont("fc-version", path)
    monkeypatch.setattr(reportlab, "Version", reportlab.Version + ".1")
    fontcache.ttfont("fc-version", path)
    assert len(parses) == 2 and len(_entries(tmp_path)) == 2


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
    font = fontcache.ttfont("fc-guard", str(FONTS / "SourceSansPro-It.ttf"))
    assert font.face.numGlyphs > 0
    assert not _entries(tmp_path)


def test_a_cache_folder_that_cannot_be_written_is_skipped(tmp_path, monkeypatch, parses):
    home = tmp_path / "not-a-folder"
    home.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    path = str(FONTS / "SourceSansPro-BoldIt.ttf")
    for _ in range(2):
        assert fontcache.ttfont("fc-unwritable", path).face.name == b"SourceSansPro-BoldIt"
    assert len(parses) == 2


def test_a_font_reportlab_cannot_read_is_the_same_located_error(tmp_path, monkeypatch):
    from newsletter_cli.layout.styles import register_fonts
    from newsletter_cli.paths import assets_dir
    from newsletter_cli.theme import load_theme

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
        fontcache.ttfont(f"fc-limit-{n}", str(FONTS / face))
    kept = _entries(tmp_path)
    assert len(kept) == 2
    newest = fontcache._file(fontcache._key((FONTS / "SourceSerifPro-BoldIt.ttf").read_bytes(),
                                            str(FONTS / "SourceSerifPro-BoldIt.ttf")))
    assert newest in kept
