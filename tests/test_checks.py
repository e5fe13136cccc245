"""The checks of `validate` (build.inspect): all problems of all files at once, glyph coverage,
image resolution, in-document links; and none of it needs ReportLab."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from conftest import ARTICLE_ONE, MANIFEST, ROOT, article, make_issue
from newsletter_cli.build import inspect

BASE = MANIFEST.format(number=1, articles="      - 001/01-first.md")


def problems(tmp_path, monkeypatch, manifest=BASE, articles=None) -> list[str]:
    path = make_issue(tmp_path, manifest=manifest, articles=articles or {"01-first.md": ARTICLE_ONE})
    monkeypatch.chdir(tmp_path)
    return [str(p) for p in inspect(Path(path.name)).problems if "rocb.yaml" not in p.location.file]


def png(path: Path, width: int, height: int) -> Path:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


# --- everything at once ------------------------------------------------------------------------

def test_schema_errors_do_not_stop_the_articles_being_checked(tmp_path, monkeypatch):
    manifest = BASE.replace("period: Spring 2024", "perod: Spring 2024")
    body = article("A", "See [x](javascript:alert(1)).")
    found = problems(tmp_path, monkeypatch, manifest, {"01-first.md": body})
    assert "001.yaml:3:1: error: unknown key 'perod' (hint: did you mean 'period'?)" in found
    assert any(p.startswith("001/01-first.md:5:9: error: link 'javascript:alert(1)'") for p in found), found


def test_a_bad_front_matter_does_not_stop_its_body_being_checked(tmp_path, monkeypatch):
    body = article("A", "##### Deep\n\nSee [x](file:///etc/passwd).", front="datelin: x\n")
    found = problems(tmp_path, monkeypatch, articles={"01-first.md": body})
    assert [p.split(": ")[0] + ": " + p.split(": ")[1] for p in found] == [
        "001/01-first.md:3:1: error", "001/01-first.md:6:1: warning", "001/01-first.md:8:9: error"], found


def test_an_article_with_broken_front_matter_still_has_its_body_checked(tmp_path, monkeypatch):
    found = problems(tmp_path, monkeypatch, articles={"01-first.md": "---\ntitle: x\nText [x](javascript:x).\n"})
    assert found[0].startswith("001/01-first.md:1:1: error: article must start with front matter")
    assert found[1].startswith("001/01-first.md:3:10: error: link 'javascript:x' is not allowed")


def test_an_article_without_front_matter_is_titled_and_has_its_body_checked(tmp_path, monkeypatch):
    found = problems(tmp_path, monkeypatch, articles={"01-first.md": "Text [x](javascript:x).\n"})
    assert found[0].startswith("001/01-first.md:1:1: warning: article has no front matter and no '# Title' line")
    assert found[1].startswith("001/01-first.md:1:10: error: link 'javascript:x' is not allowed")


def test_every_article_of_a_broken_manifest_is_read(tmp_path, monkeypatch):
    manifest = BASE.replace("kind: features", "kind: featurs").replace(
        "      - 001/01-first.md", "      - 001/01-first.md\n      - 001/02-missing.md\n      - title: Inline\n"
        "        body: \"Go [there](ftp://x).\"")
    found = problems(tmp_path, monkeypatch, manifest)
    assert found[0].startswith("001.yaml:8:5: error: sections.0.kind:") and "did you mean 'features'" in found[0]
    assert "001.yaml:12:9: error: article file '001/02-missing.md' not found" in found
    assert any(p.startswith("001.yaml:14:") and "ftp://x" in p for p in found), found


def test_the_theme_is_checked_when_the_manifest_has_errors(tmp_path, monkeypatch):
    manifest = BASE.replace("period: Spring 2024", "period: [x]") + "theme: nope\n"
    found = problems(tmp_path, monkeypatch, manifest)
    assert any("unknown theme 'nope'" in p for p in found), found
    assert any(p.startswith("001.yaml:3:1: error: period:") for p in found), found


def test_a_clean_issue_has_nothing_to_say(tmp_path, monkeypatch):
    assert problems(tmp_path, monkeypatch) == []


# --- glyph coverage ----------------------------------------------------------------------------

def test_missing_glyphs_with_character_code_point_and_place(tmp_path, monkeypatch):
    body = article("Stars 🬀 here", "Plain text.\n\nA block 🬀 and a radical ⺀, again 🬀.\n\n| a | b |\n|---|---|\n| x | 𓀀 |",
                   front="dateline: \"1 May 🬀\"\n")
    found = problems(tmp_path, monkeypatch, articles={"01-first.md": body})
    assert found == [
        "001/01-first.md:2:15: error: the theme's fonts have no glyph for '🬀' (U+1FB00 BLOCK SEXTANT-1); it is used "
        "3 more times in this file (hint: remove the symbol or emoji, or write what it means in words (or add a "
        "font that has it to the theme's 'fallback' list))",
        "001/01-first.md:8:25: error: the theme's fonts have no glyph for '⺀' (U+2E80 CJK RADICAL REPEAT) "
        "(hint: remove the symbol or emoji, or write what it means in words (or add a font that has it to the "
        "theme's 'fallback' list))",
        "001/01-first.md:12:7: error: the theme's fonts have no glyph for '𓀀' (U+13000 EGYPTIAN HIEROGLYPH A001) "
        "(hint: replace it with a character the fonts have, or add a font that has it to the theme's 'fallback' "
        "list)",
    ]


def test_missing_glyphs_in_the_manifest_and_inline_articles(tmp_path, monkeypatch):
    manifest = BASE.replace("period: Spring 2024", "period: Spring 2024 🬀").replace(
        "      - 001/01-first.md", "      - 001/01-first.md\n      - title: Inline\n        body: |\n"
        "          Line one.\n          Snow ⺀ here.")
    found = problems(tmp_path, monkeypatch, manifest)
    assert [p.split(" error")[0] for p in found] == ["001.yaml:3:21:", "001.yaml:15:16:"], found


def test_missing_glyphs_in_every_printed_field_of_the_publisher(tmp_path, monkeypatch):
    manifest = BASE.replace("  name: Test Office\n", "  name: Test Office\n  address: [1 Main St, \"Town \U0001FB00\"]\n"
                            "  phone: \"\u2E80 +1 555\"\n  website: https://example.org\n")
    manifest = manifest.replace("period: Spring 2024", "period: Spring 2024\ntagline: \"Tag \U00013000\"")
    found = problems(tmp_path, monkeypatch, manifest)
    assert sorted(p.split(": error")[0] for p in found) == ["001.yaml:4:15", "001.yaml:8:30", "001.yaml:9:11"], found


def test_emoji_symbols_cjk_and_thai_are_drawn_by_the_fallback_faces(tmp_path, monkeypatch):
    manifest = BASE.replace("  name: Test Office\n", "  name: Test Office\n  phone: \"☎ +1 555\"\n")
    body = article("Hello 👋 🦀", "✅ done ❌ not ★ 🖤 ✨ 🧵 🥳 ❤️ — 山田太郎, 王小明, 김민준, สมชาย ใจดี.\n\n"
                   "| a | b |\n|---|---|\n| `code ✓` | 東京 |")
    assert problems(tmp_path, monkeypatch, manifest, articles={"01-first.md": body}) == []


def test_characters_the_fonts_have_are_fine(tmp_path, monkeypatch):
    body = article("Café – “quoted” — 1½ × 2", "Ünïcödé text: œ, ß, €, …, ‘single’, «guillemets», n° 5.")
    assert problems(tmp_path, monkeypatch, articles={"01-first.md": body}) == []


def test_invisible_characters_are_not_glyphs(tmp_path, monkeypatch):
    body = article("Soft\u00adhyphen", "Zero\u200bwidth and soft\u00adhyphen.")
    assert problems(tmp_path, monkeypatch, articles={"01-first.md": body}) == []


# --- image resolution --------------------------------------------------------------------------

def test_low_resolution_image_warns_with_the_size_it_needs(tmp_path, monkeypatch):
    png(tmp_path / "001" / "photos" / "small.png", 300, 200)
    body = article("Photo", "Intro.\n\n![A caption](photos/small.png){width=100% alt=\"A photo\"}")
    found = problems(tmp_path, monkeypatch, articles={"01-first.md": body})
    # features: 150 mm measure, the whole width: 300 px over 5.9 in is 51 ppi
    assert found == ["001/01-first.md:7:14: warning: image 'photos/small.png' is 300×200 pixels: placed 150 mm "
                     "wide it prints at 51 ppi, below 150 ppi (hint: supply an image at least 886 pixels wide, "
                     "or set it smaller ({width=33%} or less))"]


def test_resolution_follows_the_figure_width_and_the_column(tmp_path, monkeypatch):
    png(tmp_path / "001" / "p.png", 600, 400)
    ok = article("Photo", "Intro.\n\n![c](p.png){width=50% alt=c}")  # 75 mm: 203 ppi
    assert problems(tmp_path, monkeypatch, articles={"01-first.md": ok}) == []
    report = MANIFEST.format(number=1, articles="      - 001/01-first.md").replace("kind: features", "kind: reports")
    wide = article("Photo", "Intro.\n\n![c](p.png){alt=c}")  # one of two report columns, about 77 mm: 198 ppi
    assert problems(tmp_path, monkeypatch, report, {"01-first.md": wide}) == []


def test_a_tall_image_is_scaled_to_the_page_before_its_resolution_is_judged(tmp_path, monkeypatch):
    png(tmp_path / "001" / "tall.png", 400, 4000)  # drawn 55% of the frame high, so quite narrow
    body = article("Photo", "Intro.\n\n![c](tall.png){alt=c}")
    assert problems(tmp_path, monkeypatch, articles={"01-first.md": body}) == []


def test_an_image_is_decoded_once_for_its_check_and_its_resolution(tmp_path, monkeypatch):
    from PIL import Image

    opened = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    png(tmp_path / "001" / "photos" / "small.png", 300, 200)
    body = article("Photo", "Intro.\n\n![A caption](photos/small.png){width=100% alt=a}\n\nAgain.\n\n![Again](photos/small.png){alt=b}")
    found = problems(tmp_path, monkeypatch, articles={"01-first.md": body})
    assert [p.split(": warning: ")[0] for p in found] == ["001/01-first.md:7:14", "001/01-first.md:11:10"]
    assert all("is 300×200 pixels" in p for p in found)
    assert len(opened) == 1


# --- in-document links -------------------------------------------------------------------------

def test_anchor_links_that_lead_nowhere_are_warnings(tmp_path, monkeypatch):
    body = article("A First Article", "Back to [the top](#section-features) or [here](#frist) or [x](#nowhere).")
    found = problems(tmp_path, monkeypatch, articles={"01-first.md": body})
    tail = "; its text is printed without the link"
    assert found == [
        "001/01-first.md:5:48: warning: link '#frist' leads nowhere: no heading of this article, section or "
        f"article is called 'frist'{tail} (hint: did you mean '#first'?)",
        "001/01-first.md:5:63: warning: link '#nowhere' leads nowhere: no heading of this article, section or "
        f"article is called 'nowhere'{tail} (hint: links inside the issue name a heading of the article, a "
        "section or an article, e.g. '#first')",
    ]


# --- no ReportLab ------------------------------------------------------------------------------

def test_validate_does_not_import_reportlab(tmp_path):
    code = ("import sys\nsys.argv = ['newsletter', 'validate', 'issues/076.yaml']\n"
            "from newsletter_cli.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.exit(3 if 'reportlab' in sys.modules else 0)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("flag", ["--format", "--strict"])
def test_validate_help_lists_its_options(flag):
    from conftest import run_cli

    assert flag in run_cli("validate", "--help").stdout


# --- the command -------------------------------------------------------------------------------

def test_validate_usage_errors_exit_2(tmp_path):
    from conftest import run_cli

    result = run_cli("validate", "--format", "xml", cwd=ROOT)
    assert result.returncode == 2 and "'xml' is not one of text, json" in result.stderr
    (tmp_path / "empty").mkdir()
    result = run_cli("validate", "empty", cwd=tmp_path)
    assert result.returncode == 2 and "no manifests (*.yaml) in the folder empty" in result.stderr


def test_validate_a_folder_and_a_missing_manifest(tmp_path):
    from conftest import run_cli

    make_issue(tmp_path / "issues")
    result = run_cli("validate", "issues", "nope.yaml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.output
    import json

    report = json.loads(result.stdout)
    assert report["files"] == ["issues/001.yaml", "nope.yaml"]
    assert [(p["file"], p["message"]) for p in report["problems"] if p["severity"] == "error"] == [
        ("nope.yaml", "file not found")]
    assert not result.stderr


def test_validate_is_coloured_on_a_terminal(tmp_path):
    """Run under a pseudo-terminal: Rich colours; the same run piped is plain (other tests)."""
    import os
    import pty

    make_issue(tmp_path, manifest=BASE.replace("period:", "perod:"), articles={"01-first.md": ARTICLE_ONE})
    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="200")
    proc = subprocess.Popen([sys.executable, "-m", "newsletter_cli", "validate", "001.yaml"], cwd=tmp_path,
                            stdout=secondary, stderr=secondary, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(primary)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 1
    assert "\x1b[" in out, out
    assert "unknown key 'perod'" in out and "Traceback" not in out
