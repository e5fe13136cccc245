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


def test_an_absolute_picture_path_is_read_from_the_issue_folder_and_never_from_this_computer(tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"  # a real picture at an absolute path
    outside.write_bytes(png(71, 51))
    files = {"001/images/x.png": png(63, 43), "001/static/y.png": png(64, 44)}
    body = f"""
    Intro.

    ![Site root](/images/x.png){{alt="a box"}}

    ![Not there](/images/none.png)

    ![Passwords](/etc/passwd)

    ![This computer]({outside})

    ![A drive](C:\\photos\\x.png)

    ![A share](\\\\\\\\server\\share\\x.png)

    ![No scheme](//cdn.example.org/x.png)
    """
    built, checked, text, images = _build(tmp_path, body, files,
                                         front='image:\n  src: /static/y.png\n  alt: "lead"\n')
    assert images == [(63, 43), (64, 44)]  # the outside picture was not read
    problems = _problems(built.stderr)
    assert problems == _problems(checked.stderr)  # validate says what build says
    found = [p for p in problems if "resolution" not in p and "ppi" not in p]
    assert found == [
        "001/01-a.md:4:1: warning: photo '/static/y.png' is an absolute path, as a web site writes it: read from "
        "the issue folder as '001/static/y.png'",
        "001/01-a.md:10:14: warning: photo '/images/x.png' is an absolute path, as a web site writes it: read from "
        "the issue folder as '001/images/x.png'",
        "001/01-a.md:12:14: warning: photo '/images/none.png' is not supplied: a placeholder frame is drawn (an "
        "absolute path is read from the issue folder, not from this computer)",
        "001/01-a.md:14:14: warning: photo '/etc/passwd' is not supplied: a placeholder frame is drawn (an "
        "absolute path is read from the issue folder, not from this computer)",
        f"001/01-a.md:16:18: warning: photo '{outside}' is not supplied: a placeholder frame is drawn (an "
        "absolute path is read from the issue folder, not from this computer)",
        "001/01-a.md:18:12: warning: photo 'C:\\photos\\x.png' is a path on another computer: it is not read, a "
        "placeholder frame is drawn",
        "001/01-a.md:20:14: warning: photo '\\\\server\\share\\x.png' is a path on another computer: it is not read, "
        "a placeholder frame is drawn",
        "001/01-a.md:22:14: warning: photo '//cdn.example.org/x.png' is on the web: a placeholder frame is drawn "
        "(the tool never downloads anything)",
    ], "\n".join(found)
    assert text.count("PHOTO NOT SUPPLIED") == 6
    assert "hint: looked for '001/images/none.png', 'images/none.png'" in built.stderr


def test_an_absolute_picture_path_may_not_climb_out_nor_follow_a_link_out(tmp_path):
    secret = tmp_path.parent / f"{tmp_path.name}-secret"
    (secret / "images").mkdir(parents=True)
    (secret / "images" / "s.png").write_bytes(png(65, 45))
    manifest = _issue(tmp_path, "Text.\n\n![Up](/../x.png)\n\n![Linked](/out/images/s.png)\n")
    (tmp_path / "001" / "out").symlink_to(secret)
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf", cwd=tmp_path)
    assert result.returncode == 1
    errors = [p for p in _problems(result.stderr) if ": error: " in p]
    assert errors == ["001/01-a.md:7:7: error: image path '/../x.png' goes up with '..': keep files inside the "
                      "issue folder",
                      "001/01-a.md:9:11: error: image 'out/images/s.png' leads outside the issue folder (through a "
                      "symbolic link)"], errors


# --- Pandoc's sub- and superscripts, ==highlight== ------------------------------------------------------------

def test_pandoc_scripts_and_highlights_are_set_as_the_html_tags_are_and_lookalikes_stay_as_typed(tmp_path):
    body = """
    ## Water is H~2~O, and x^2^ grows

    Water is H~2~O, carbon dioxide CO~2~; the 1^st^ and 2^nd^ terms of x^2^ + 10^-3^ add up. This
    is ==worth a highlight== and ==**bold in one**== too.

    Not marks: ~~struck text~~, the folder ~/notes and ~/docs, a ~ b, about ~5-~10 km, 2^10 bytes
    and 2^20, a smile ^_^, e^iπ^ (no superscript π), a==b, x == y, A ==> B <== C, a === b,
    and `H~2~O ==code== x^2^` in code.

    | Gas | Formula |
    |---|---|
    | carbon dioxide | CO~2~ |

    ![Ice is H~2~O too](ice.png){width=30% alt="ice"}
    """
    built, checked, text, _ = _build(tmp_path, body, {"001/ice.png": png(300, 200)})
    flat = _flat(text)
    for expected in ["Water is H₂O, and x² grows", "Water is H₂O, carbon dioxide CO₂; the 1ˢᵗ and 2ⁿᵈ terms of x² + 10⁻³",
                     "This is worth a highlight and bold in one too.",
                     "carbon dioxide CO₂", "Ice is H₂O too",
                     "Not marks: struck text, the folder ~/notes and ~/docs, a ~ b, about ~5-~10 km, 2^10 bytes",
                     "and 2^20, a smile ^_^, e^iπ^ (no superscript π), a==b, x == y, A ==> B <== C, a === b,",
                     "H~2~O ==code== x^2^"]:
        assert expected in flat, (expected, flat)
    assert "==" not in flat.replace("a==b", "").replace("x == y", "").replace("==> B <==", "").replace(
        "===", "").replace("==code==", "")
    assert not _problems(built.stderr) and not _problems(checked.stderr), built.stderr
    fitz_text = _pdftotext(tmp_path / "out.pdf")
    assert "struck text" in fitz_text and "H₂O" in fitz_text


def _pdftotext(pdf: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_word_documents_double_equals_and_tildes_import_as_typed_not_as_marks(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Marks as typed", 1)
    document.add_paragraph("Compare a ==b== c with H~2~O, x^2^ and A ==> B, as typed in Word.")
    source = tmp_path / "marks.docx"
    document.save(source)
    out = tmp_path / "001" / "02-marks.md"
    result = run_cli("import", source, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    manifest = make_issue(tmp_path, articles={"01-a.md": article("First", "Text.")})
    manifest.write_text(manifest.read_text("utf-8").replace("      - 001/01-a.md", "      - 001/02-marks.md"),
                        "utf-8")
    built = run_cli("build", manifest, "--output", tmp_path / "out.pdf", cwd=tmp_path)
    assert built.returncode == 0, built.output
    text = _flat(_pdftotext(tmp_path / "out.pdf"))
    assert "Compare a ==b== c with H~2~O, x^2^ and A ==> B, as typed in Word." in text, text
