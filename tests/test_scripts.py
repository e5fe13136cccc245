"""Names and text in Arabic, Hebrew and the Indic scripts: they build, in faces of their own,
shaped, right to left where the script is, and read back as the text that was written."""

from __future__ import annotations

import re

import pytest

from tests.conftest import article, make_issue, run_cli

ARABIC, HEBREW, HINDI = "محمد عبد الله", "דוד כהן", "राजेश कुमार"
DELEGATES = (f"Delegates: {ARABIC} (Egypt), {HEBREW} (Israel), {HINDI} (India), Ελένη Παπαδοπούλου, "
             "Иван Петров, Nguyễn Văn Anh, 王小明, 田中太郎, 김민수, สมชาย ใจดี, Łukasz Żółć.")
BODY = f"""
{DELEGATES}

## Heading: {ARABIC}, {HEBREW} and {HINDI}

| Name | Country |
|---|---|
| {ARABIC} | Egypt |
| {HEBREW} | Israel |
| {HINDI} | India |
"""
FACES = ("NotoSansArabic-Regular", "NotoSansHebrew-Regular", "NotoSansDevanagari-Regular")


@pytest.fixture(scope="module")
def delegates(tmp_path_factory):
    """The delegate line in a body paragraph, a heading and table cells, built once."""
    base = tmp_path_factory.mktemp("scripts")
    manifest = make_issue(base, articles={"01-delegates.md": article("Delegates", BODY)})
    out = base / "delegates.pdf"
    result = run_cli("build", manifest, "--output", out, "--strict", cwd=base)
    assert result.returncode == 0, result.output
    return out


def _fonts(path) -> dict[str, object]:
    from pypdf import PdfReader

    found = {}
    for page in PdfReader(str(path)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            found[str(font["/BaseFont"]).lstrip("/")] = font
    return found


def test_the_delegate_line_builds_with_the_faces_of_its_scripts_embedded_subset(delegates):
    fonts = _fonts(delegates)
    for face in FACES:
        subset = [name for name in fonts if re.fullmatch(rf"[A-Z]{{6}}\+{face}", name)]
        assert subset, f"{face} is not embedded (fonts: {sorted(fonts)})"
        descriptor = fonts[subset[0]]["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded TrueType, cut to the glyphs used


def test_issue_076_embeds_none_of_the_script_faces(built_076):
    fonts = _fonts(built_076.pdf)
    assert not [name for name in fonts if "Noto" in name], sorted(fonts)
