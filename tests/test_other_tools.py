"""Markdown as other tools write it (Hugo, Jekyll, MkDocs, Obsidian, Pandoc, web exports): each
case is a whole small issue built and validated through the CLI, the PDF read back."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from conftest import article, make_issue, png, run_cli


def _issue(tmp_path: Path, body: str, files: dict[str, bytes] | None = None, front: str = "") -> Path:
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Other Tools", body, front)})
    for name, data in (files or {}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return manifest


def _build(tmp_path: Path, body: str, files: dict[str, bytes] | None = None, front: str = ""):
    """(the build's result, validate's result, the PDF's text, the PDF's images as (width, height))."""
    manifest = _issue(tmp_path, body, files, front)
    out = tmp_path / "out.pdf"
    built = run_cli("build", manifest, "--output", out, cwd=tmp_path)
    assert built.returncode == 0, built.output
    checked = run_cli("validate", manifest, cwd=tmp_path)
    reader = PdfReader(str(out))
    text = "\n".join(page.extract_text() for page in reader.pages)
    images = []
    for page in reader.pages:
        for obj in (page["/Resources"].get("/XObject") or {}).values():
            obj = obj.get_object()
            if obj.get("/Subtype") == "/Image":
                images.append((int(obj["/Width"]), int(obj["/Height"])))
    return built, checked, text, sorted(images)


def _problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.match(r"^\S+:\d+(:\d+)?: (error|warning): ", line)]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- pictures with paths as a web export writes them ---------------------------------------------------------

def test_a_picture_file_named_with_spaces_or_accents_is_found_as_written_or_percent_encoded(tmp_path):
    files = {"001/my photo.png": png(61, 41), "001/bäume.png": png(62, 42)}
    body = """
    Intro.

    ![A space](<my photo.png>){alt="one"}

    ![Encoded](my%20photo.png){alt="two"}

    ![Accent](bäume.png){alt="three"}
    """
    built, _, text, images = _build(tmp_path, body, files)
    assert "not supplied" not in built.stderr, built.stderr
    assert images == [(61, 41), (62, 42)]  # (the same file twice is embedded once)
    assert "PHOTO NOT SUPPLIED" not in text
