"""The build cache (buildcache.py): an unchanged issue gives the full build's PDF and report again
without laying it out; any change to what the build read is a full build.

Every build here runs the CLI in a fresh interpreter through a small wrapper that records, at exit,
whether the layout (ReportLab) was imported, and which files were opened (an audit hook). A hit is
a build that never imported the layout: that is the evidence, not the time it took."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ASSETS, ROOT, article, make_issue, png

WRAPPER = """\
import json, os, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str):
        path, mode, flags = args
        writes = (mode is None and flags & (os.O_WRONLY | os.O_RDWR)) or (mode and any(c in mode for c in "wax+"))
        if not writes:
            opened.append(os.path.abspath(path))
sys.addaudithook(hook)
import atexit
@atexit.register
def report():
    with open(os.environ["BUILDCACHE_PROBE"], "w") as handle:
        json.dump({"layout": "reportlab" in sys.modules or "newsletter_cli.layout.document" in sys.modules,
                   "typer_parsed": "pydantic" in sys.modules, "opened": opened}, handle)
sys.argv = ["newsletter", *sys.argv[1:]]
from newsletter_cli.cli import main
main()
"""


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    laid_out: bool  # the layout was imported: a full build, not a hit
    typer_parsed: bool  # pydantic was imported: Typer parsed the command line (cli._plain_build did not take it)
    opened: list[str]

    def report(self) -> tuple:
        """What the user saw, but the time the build took."""
        strip = lambda text: re.sub(r" in \d+\.\d\d s", " in T s", text)  # noqa: E731
        return self.returncode, strip(self.stdout), strip(self.stderr)

    def json(self) -> dict:
        data = json.loads(self.stdout)
        data.pop("seconds", None)
        return data


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory) -> Path:
    """A cache folder with the layout caches of 076 warm (no build cache entry): copied per test."""
    home = tmp_path_factory.mktemp("warm")
    issue = _copy_076(home / "issue")
    _cli(home / "cache", home / "probe", "build", issue, "-o", home / "076.pdf", cwd=home)
    shutil.rmtree(home / "cache" / "newsletter" / "builds", ignore_errors=True)
    return home / "cache"


class Builder:
    def __init__(self, tmp_path: Path, cache: Path, cwd: Path):
        self.tmp, self.cache, self.cwd = tmp_path, cache, cwd

    def __call__(self, *args, env: dict | None = None) -> Run:
        return _cli(self.cache, self.tmp / "probe.json", "build", *args, cwd=self.cwd, env=env)

    @property
    def entries(self) -> list[Path]:
        return sorted((self.cache / "newsletter" / "builds").glob("*.json"))


@pytest.fixture
def builder(tmp_path, warm_cache):
    cache = tmp_path / "cache"
    shutil.copytree(warm_cache, cache)
    return lambda cwd: Builder(tmp_path, cache, cwd)


def _cli(cache: Path, probe: Path, *args, cwd: Path, env: dict | None = None) -> Run:
    wrapper = probe.parent / "newsletter_probe.py"
    if not wrapper.exists():
        wrapper.parent.mkdir(parents=True, exist_ok=True)
        wrapper.write_text(WRAPPER)
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), BUILDCACHE_PROBE=str(probe), PYTHONIOENCODING="utf-8",
               COLUMNS="200", **(env or {}))
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run([sys.executable, str(wrapper), *map(str, args)], cwd=str(cwd), env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    data = json.loads(probe.read_text())
    probe.unlink()
    return Run(proc.returncode, proc.stdout, proc.stderr, data["layout"], data["typer_parsed"], data["opened"])


def _age(*paths: Path) -> None:
    """Date files (and folders' files) a minute back: a build records only inputs that settled before it."""
    when = time.time_ns() - 60_000_000_000
    for path in paths:
        for file in [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]:
            os.utime(file, ns=(when, when))


def _copy_076(where: Path) -> Path:
    (where / "issues").mkdir(parents=True)
    shutil.copy2(ROOT / "issues" / "076.yaml", where / "issues" / "076.yaml")
    shutil.copytree(ROOT / "issues" / "076", where / "issues" / "076")
    return where / "issues" / "076.yaml"


def _copy_real(where: Path, name: str = "roundup") -> Path:
    source = ROOT / "tests" / "data" / "real" / "issues"
    (where / "issues").mkdir(parents=True)
    shutil.copy2(source / f"{name}.yaml", where / "issues" / f"{name}.yaml")
    shutil.copytree(source / name, where / "issues" / name)
    return where / "issues" / f"{name}.yaml"


def _photo_issue(tmp_path: Path, supplied: bool = True) -> Path:
    """One article with a low-resolution photo (a warning and a preflight finding) and one missing."""
    body = ("The first article of a tiny test issue, with a photo below.\n\n"
            '![The delegates](photos/delegates.png "Photo: Test Office"){width=100% alt="Delegates seated"}\n\n'
            "A second paragraph of the article, and a photo not supplied:\n\n"
            '![The harbour](photos/harbour.png){width=60%}\n')
    manifest = make_issue(tmp_path / "issue", articles={"01-first.md": article("A First Article", body),
                                                        "02-second.md": article("Second", "Text.")})
    if supplied:
        photos = manifest.parent / "001" / "photos"
        photos.mkdir()
        (photos / "delegates.png").write_bytes(png(60, 40))
    _age(manifest.parent)
    return manifest


# --- hits ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("copy", [_copy_076, _copy_real], ids=["076", "real-roundup"])
def test_an_unchanged_rebuild_is_a_hit_with_the_same_bytes_report_and_page_map(tmp_path, builder, copy):
    manifest = copy(tmp_path / "desk")
    build = builder(tmp_path / "desk")
    rel = manifest.relative_to(tmp_path / "desk")
    pdf = tmp_path / "desk" / "build" / f"{manifest.stem}.pdf"
    page_map = tmp_path / "desk" / "build" / f"{manifest.stem}.pagemap.json"

    full = build(rel)
    assert full.returncode == 0 and full.laid_out, full.stderr
    assert "warning" in full.stderr
    made, made_map = pdf.read_bytes(), page_map.read_bytes()
    [entry] = build.entries

    hit = build(rel)
    assert not hit.laid_out, "an unchanged issue was laid out again"
    assert hit.report() == full.report()
    assert pdf.read_bytes() == made

    shutil.rmtree(tmp_path / "desk" / "build")  # the hit writes the PDF and the page map again
    again = build(rel)
    assert not again.laid_out and again.report() == full.report()
    assert pdf.read_bytes() == made and page_map.read_bytes() == made_map

    as_json = build(rel, "--format", "json")
    assert not as_json.laid_out
    full_json = build(rel, "--format", "json", "--no-build-cache")
    assert full_json.laid_out  # the option bypasses the cache...
    assert as_json.json() == full_json.json() and as_json.returncode == full_json.returncode == 0
    assert pdf.read_bytes() == made

    shutil.rmtree(tmp_path / "cache" / "newsletter" / "builds")  # deleting the cache: a full build, same bytes
    pdf.unlink()
    after = build(rel)
    assert after.laid_out and after.report() == full.report() and pdf.read_bytes() == made
    assert [p.name for p in build.entries] == [entry.name]


def test_a_hit_prints_the_warnings_and_preflight_findings_of_the_full_build(tmp_path, builder):
    manifest = _photo_issue(tmp_path)
    build = builder(manifest.parent)
    out = tmp_path / "out" / "001.pdf"
    full = build(manifest.name, "-o", out)
    assert full.returncode == 0 and full.laid_out, full.stderr
    assert "preflight: 1 low-resolution" in full.stdout and "001/01-first.md:7" in full.stdout
    assert "is not supplied" in full.stderr and "ppi" in full.stderr
    made = out.read_bytes()
    hit = build(manifest.name, "-o", out)
    assert not hit.laid_out and hit.report() == full.report() and out.read_bytes() == made
    hit_json, full_json = build(manifest.name, "-o", out, "--format", "json"), \
        build(manifest.name, "-o", out, "--format", "json", "--no-build-cache")
    assert not hit_json.laid_out and full_json.laid_out
    assert hit_json.json() == full_json.json()
    assert hit_json.json()["preflight"]["findings"] and hit_json.json()["warnings"]

    # --strict: the warnings fail it, with the cache as without it
    strict = build(manifest.name, "-o", tmp_path / "strict.pdf", "--strict")
    assert strict.returncode == 1 and not (tmp_path / "strict.pdf").exists()
    shutil.rmtree(tmp_path / "cache" / "newsletter" / "builds")
    assert build(manifest.name, "-o", tmp_path / "strict.pdf", "--strict").report() == strict.report()


def test_a_hit_is_taken_before_typer_parses_a_plain_command_line_and_after_it_otherwise(tmp_path, builder):
    manifest = _photo_issue(tmp_path)
    build = builder(manifest.parent)
    out = tmp_path / "001.pdf"
    full = build(manifest.name, "--output", out, "--format", "json")
    assert full.returncode == 0 and full.laid_out

    for args in ([manifest.name, "-o", out], ["--format=JSON", f"--output={out}", manifest.name]):
        hit = build(*args)
        assert not hit.laid_out and not hit.typer_parsed and hit.returncode == 0, args  # cli._plain_build
    assert build(manifest.name, "--format=JSON", f"--output={out}").json() == full.json()
    typer = build(manifest.name, f"-o{out}", "--format", "json")  # a form the fast path leaves to Typer
    assert not typer.laid_out and typer.typer_parsed and typer.json() == full.json()

    # what Typer refuses is refused with an entry there too
    for args, code in (([manifest.name, "-o", out, "--format", "xml"], 2), ([manifest.name, "-o", out, "--strict",
                       "--strict", "--oops"], 2), ([manifest.name, manifest.name, "-o", out], 2),
                       ([manifest.name, "-o", out, "--help"], 0)):
        run = build(*args)
        assert run.returncode == code and not run.laid_out and run.typer_parsed, (args, run.stderr)
    assert "Usage:" in build(manifest.name, "-o", out, "--help").stdout

    # NEWSLETTER_BUILD_CACHE=off: nothing read, nothing written
    [entry] = build.entries
    before = entry.read_bytes()
    off = {"NEWSLETTER_BUILD_CACHE": "off"}
    assert build(manifest.name, "-o", out, env=off).laid_out
    assert build(manifest.name, "-o", tmp_path / "other.pdf", env=off).laid_out
    assert build.entries == [entry] and entry.read_bytes() == before


# --- misses --------------------------------------------------------------------------------------

def _edit_article(manifest: Path) -> None:
    path = manifest.parent / "001" / "02-second.md"
    path.write_text(path.read_text() + "\nOne more sentence.\n")


def _edit_manifest(manifest: Path) -> None:
    manifest.write_text(manifest.read_text().replace("period: Spring 2024", "period: Summer 2024"))


def _edit_photo(manifest: Path) -> None:
    (manifest.parent / "001" / "photos" / "delegates.png").write_bytes(png(90, 60))


def _edit_photo_keeping_size_and_time(manifest: Path) -> None:
    """Other pixels in the same number of bytes, and the old mtime (as cp -p of another picture): only
    the ctime (and the bytes) tell."""
    path = manifest.parent / "001" / "photos" / "delegates.png"
    st = path.stat()
    data = _png(60, 40, b"\x90\x60\x30")
    assert len(data) == st.st_size and data != path.read_bytes()
    path.write_bytes(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _png(width: int, height: int, colour: bytes) -> bytes:
    """conftest.png in another colour."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + colour * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _supply_photo(manifest: Path) -> None:
    (manifest.parent / "001" / "photos" / "harbour.png").write_bytes(png(900, 600))


@pytest.mark.parametrize("edit", [_edit_article, _edit_manifest, _edit_photo, _edit_photo_keeping_size_and_time,
                                  _supply_photo])
def test_an_edit_of_what_the_build_read_is_a_full_build(tmp_path, builder, edit):
    manifest = _photo_issue(tmp_path)
    build = builder(manifest.parent)
    out = tmp_path / "001.pdf"
    first = build(manifest.name, "-o", out)
    assert first.returncode == 0 and first.laid_out and build.entries, first.stderr
    made = out.read_bytes()
    assert not build(manifest.name, "-o", out).laid_out

    edit(manifest)
    changed = build(manifest.name, "-o", out)
    assert changed.returncode == 0 and changed.laid_out, f"{edit.__name__}: the stale PDF was reused"
    assert out.read_bytes() != made
    shutil.rmtree(tmp_path / "cache" / "newsletter" / "builds")
    fresh = tmp_path / "fresh.pdf"
    assert build(manifest.name, "-o", fresh).report()[0] == 0
    assert fresh.read_bytes() == out.read_bytes()  # what a build without the cache gives


def test_another_output_standard_or_strictness_is_its_own_build(tmp_path, builder):
    manifest = _photo_issue(tmp_path)
    (manifest.parent / "001" / "photos" / "delegates.png").write_bytes(png(1200, 800))  # no warning...
    (manifest.parent / "001" / "01-first.md").write_text(article("A First Article", "A photo:\n\n"
                                                                 '![Delegates](photos/delegates.png){alt="Seated"}'))
    _age(manifest.parent)  # ...so --strict passes
    build = builder(manifest.parent)
    out = tmp_path / "a.pdf"
    assert build(manifest.name, "-o", out).laid_out
    made = out.read_bytes()
    other = build(manifest.name, "-o", tmp_path / "b.pdf")
    assert other.laid_out and (tmp_path / "b.pdf").read_bytes() == made
    none = build(manifest.name, "-o", out, "--pdf-standard", "none")
    assert none.laid_out and out.read_bytes() != made
    assert not build(manifest.name, "-o", out, "--pdf-standard", "none").laid_out
    strict = build(manifest.name, "-o", out, "--strict")
    assert strict.returncode == 0 and strict.laid_out and out.read_bytes() == made
    again = build(manifest.name, "-o", out, "--strict")
    assert not again.laid_out and again.report() == strict.report()


def test_theme_logo_and_font_edits_are_full_builds(tmp_path, builder):
    """A theme of the issue's own, with its own fonts and logo (copies of the shipped ones)."""
    manifest = _photo_issue(tmp_path)
    issue = manifest.parent
    theme = (ASSETS / "themes" / "rocb.yaml").read_text()
    (issue / "house.yaml").write_text(theme.replace("name: rocb", "name: house"))
    shutil.copytree(ASSETS / "fonts", issue / "fonts")
    shutil.copytree(ASSETS / "brand", issue / "brand")
    manifest.write_text(manifest.read_text() + "theme: house.yaml\n")
    _age(issue)
    build = builder(issue)
    out = tmp_path / "001.pdf"
    assert build(manifest.name, "-o", out).laid_out
    assert not build(manifest.name, "-o", out).laid_out
    made = out.read_bytes()

    (issue / "house.yaml").write_text(theme.replace("name: rocb", "name: house").replace("#0E3A5B", "#0E3A5C"))
    assert build(manifest.name, "-o", out).laid_out and out.read_bytes() != made
    made = out.read_bytes()
    _age(issue)
    assert build(manifest.name, "-o", out).laid_out  # (the edit was too recent to record)
    assert not build(manifest.name, "-o", out).laid_out

    shutil.copy(issue / "fonts" / "SourceSerifPro-Semibold.ttf", issue / "fonts" / "SourceSerifPro-Regular.ttf")
    assert build(manifest.name, "-o", out).laid_out and out.read_bytes() != made
    _age(issue)
    build(manifest.name, "-o", out)
    made = out.read_bytes()
    logo = issue / "brand" / "mark.svg"
    logo.write_text(logo.read_text().replace('fill="#17807E"', 'fill="#12706E"'))
    assert build(manifest.name, "-o", out).laid_out and out.read_bytes() != made


# --- damage --------------------------------------------------------------------------------------

def test_a_damaged_entry_or_cached_pdf_is_a_full_build_with_the_same_bytes(tmp_path, builder):
    manifest = _photo_issue(tmp_path)
    build = builder(manifest.parent)
    out = tmp_path / "001.pdf"
    full = build(manifest.name, "-o", out)
    made = out.read_bytes()
    [entry] = build.entries
    good = entry.read_text()
    data = json.loads(good)
    damage = ["{not json", good[: len(good) // 2], "", "[1, 2, 3]", "[" * 100_000,
              json.dumps({**data, "inputs": [[1, 2]]}), json.dumps({**data, "format": 0}),
              json.dumps({**data, "result": {**data["result"], "pages": "many"}}),
              json.dumps({**data, "pdf": ["0" * 64, data["pdf"][1]]})]
    for text in damage:
        entry.write_text(text)
        out.unlink()
        run = build(manifest.name, "-o", out)
        assert run.laid_out and run.report() == full.report() and out.read_bytes() == made, text[:80]
        assert not build(manifest.name, "-o", out).laid_out  # the full build made the entry anew
    [cached] = (tmp_path / "cache" / "newsletter" / "builds").glob("*.pdf")
    cached.write_bytes(cached.read_bytes().replace(b"/Type /Page", b"/Type /Pagf", 1))
    run = build(manifest.name, "-o", out)
    assert run.laid_out and out.read_bytes() == made and cached.read_bytes() == made


def test_a_hit_still_refuses_an_output_that_is_now_an_input(tmp_path, builder):
    manifest = _photo_issue(tmp_path)
    issue = manifest.parent
    build = builder(issue)
    out = issue / "001" / "proof.pdf"  # a PDF in the issue folder is allowed
    assert build(manifest.name, "-o", out).returncode == 0
    article_file = issue / "001" / "02-second.md"
    text = article_file.read_text()
    out.unlink()
    out.symlink_to(article_file)
    refused = build(manifest.name, "-o", out)
    assert refused.returncode == 1 and "a file the issue is built from" in refused.stderr
    assert article_file.read_text() == text


# --- the dependency list is complete -----------------------------------------------------------

def test_the_entry_records_every_file_the_build_opens_in_the_issue_and_the_assets(tmp_path, builder):
    """An issue that uses every kind of input: articles, the manifest, an inline article, a supplied and a
    missing photo, a lead image, its own theme with its own fonts, fallback fonts and logo, and words
    the fallback fonts draw. Every regular file the full build opened for reading under the issue's
    folder or the assets must be among the entry's inputs."""
    manifest = _photo_issue(tmp_path)
    issue = manifest.parent
    (issue / "001" / "photos" / "lead.png").write_bytes(png(1200, 800))
    (issue / "001" / "03-third.md").write_text(article(
        "Third", "Words in Thai ภาษาไทย, Korean 한국어 and an emoji 🙂.",
        'image: { src: photos/lead.png, alt: "A lead picture", caption: "Lead" }\n'))
    theme = (ASSETS / "themes" / "rocb.yaml").read_text().replace("name: rocb", "name: house")
    (issue / "house.yaml").write_text(theme)
    shutil.copytree(ASSETS / "fonts", issue / "fonts")
    shutil.copytree(ASSETS / "brand", issue / "brand")
    text = manifest.read_text().replace("      - 001/02-second.md", "      - 001/02-second.md\n"
                                        "      - 001/03-third.md\n"
                                        "      - title: Inline\n        body: An inline article.\n")
    manifest.write_text(text + "theme: house.yaml\n")
    _age(issue)
    build = builder(issue)
    run = build(manifest.name, "-o", tmp_path / "001.pdf")
    assert run.returncode == 0 and run.laid_out, run.stderr
    [entry] = build.entries
    recorded = {item[1] for item in json.loads(entry.read_text())["inputs"]}
    roots = [os.path.realpath(issue), os.path.realpath(ASSETS)]
    opened = {os.path.realpath(p) for p in run.opened if os.path.isfile(p)}
    read = {p for p in opened if any(p.startswith(root + os.sep) for root in roots)}
    assert any("/fonts/" in p for p in read) and any(p.endswith(".png") for p in read)
    assert any("NotoSansThai" in p for p in read) and any(p.endswith(".svg") for p in read)
    assert read <= recorded, f"read but not recorded: {sorted(read - recorded)}"
    missing = json.loads(entry.read_text())["missing"]
    assert any(name.endswith("harbour.png") for name, _ in missing)


def _rewrite_keeping_stat(path: Path, at: int) -> None:
    """One byte at `at` changed, the size and mtime kept (as cp -p of another file): the ctime tells."""
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_fallback_font_no_character_needs_is_recorded_by_its_head_and_a_used_one_by_its_bytes(tmp_path, builder):
    """A fallback font that no character of the issue needs is read only as far as the theme check
    reads it (its first bytes and its size), so the entry records that of it, not a digest of 4 MB it
    did not read; a fallback font the text needs was read whole, and an edit of any of its bytes is a
    full build."""
    manifest = _photo_issue(tmp_path)
    issue = manifest.parent
    (issue / "001" / "03-third.md").write_text(article("Third", "Words in Thai ภาษาไทย."))
    (issue / "house.yaml").write_text((ASSETS / "themes" / "rocb.yaml").read_text().replace("name: rocb", "name: house"))
    shutil.copytree(ASSETS / "fonts", issue / "fonts")
    shutil.copytree(ASSETS / "brand", issue / "brand")
    manifest.write_text(manifest.read_text().replace("      - 001/02-second.md",
                                                     "      - 001/02-second.md\n      - 001/03-third.md\n")
                        + "theme: house.yaml\n")
    _age(issue)
    build = builder(issue)
    out = tmp_path / "001.pdf"
    assert build(manifest.name, "-o", out).laid_out
    made = out.read_bytes()
    digests = {os.path.basename(item[0]): item[6] for item in json.loads(build.entries[0].read_text())["inputs"]}
    assert digests["Symbola.ttf"].startswith("head:") and digests["DroidSansFallbackFull.ttf"].startswith("head:")
    assert re.fullmatch("[0-9a-f]{64}", digests["NotoSansThai-Regular.ttf"])  # drawn: read whole
    assert re.fullmatch("[0-9a-f]{64}", digests["SourceSerifPro-Regular.ttf"])

    unused = issue / "fonts" / "Symbola.ttf"
    _rewrite_keeping_stat(unused, unused.stat().st_size // 2)
    hit = build(manifest.name, "-o", out)
    assert not hit.laid_out and out.read_bytes() == made  # what the build read of it is the same
    used = issue / "fonts" / "NotoSansThai-Regular.ttf"
    _rewrite_keeping_stat(used, used.stat().st_size - 100)
    assert build(manifest.name, "-o", out).laid_out, "a PDF drawn with the font before its edit was reused"


# --- the folder stays bounded --------------------------------------------------------------------

def test_the_folder_keeps_the_entries_last_used_within_its_bounds(tmp_path, monkeypatch):
    from newsletter_cli import buildcache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    here = buildcache.folder()
    here.mkdir(parents=True)
    now = time.time_ns()
    for n in range(30):  # entry n was written n minutes ago; entries 0-9 share one PDF
        pdf = f"{n if n >= 10 else 0:064d}"
        (here / f"{pdf}.pdf").write_bytes(b"%PDF-" + b"x" * 1000)
        entry = here / f"entry{n:02d}.json"
        entry.write_text(json.dumps({"pdf": [pdf, 1005]}))
        os.utime(entry, ns=(now - n * 60_000_000_000,) * 2)
    (here / f"{'f' * 64}.pdf").write_bytes(b"%PDF-")  # named by no entry
    buildcache._touch(here / "entry29.json")  # hit now: the last to go
    buildcache._prune(here)
    kept = sorted(p.stem for p in here.glob("*.json"))
    assert kept == sorted([f"entry{n:02d}" for n in range(23)] + ["entry29"])
    assert sorted(p.stem for p in here.glob("*.pdf")) == sorted({f"{n if n >= 10 else 0:064d}" for n in range(23)}
                                                                | {f"{29:064d}"})

    monkeypatch.setattr(buildcache, "MAX_BYTES", 3500)  # and the bytes: three entries with their PDFs fit
    buildcache._prune(here)
    assert sorted(p.stem for p in here.glob("*.json")) == ["entry00", "entry01", "entry29"]
