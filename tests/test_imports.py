"""A build imports only what it uses (tracker issue 16): each module below costs a first build
tens of milliseconds and is needed by none.

- uharfbuzz: ReportLab imports it for text shaping, which no style of the layout turns on
  (layout/rlconfig.py imports ReportLab's TrueType module as if it were not installed);
- urllib.request, http.client, ssl: xml.sax.saxutils imports them, for one escape function
  (pdf/xmp.py has its own);
- typer and pydantic: a plain `build` command line is run without Typer (entry.py, buildcmd.py),
  whose import and parsing (a pydantic TypeAdapter per parameter) cost 0.07-0.09 s;
- Pillow's Image module, which ReportLab imports: it is a lazy module (layout/rlconfig.py), run
  only by an issue with a picture, and the sRGB profile of the output intent is shipped
  (assets/color), no longer made by Pillow's colour module;
- and ReportLab's paragraph module compiles its web-address pattern (23 ms) only when a word it
  is tried on holds "://" (layout/rlconfig.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from xml.sax.saxutils import escape

from conftest import make_issue
from newsletter_cli.pdf import xmp

UNUSED = ("uharfbuzz", "emoji", "urllib.request", "http.client", "ssl", "typer", "pydantic", "PIL.ImageCms")
# imported, but as a lazy module that is never run (it is a plain module once run)
LAZY = "PIL.Image"


def _build_imports(manifest, tmp_path, name) -> list[str]:
    probe = ("import atexit, json, sys, types\n"
             f"ran = lambda: type(sys.modules.get({LAZY!r})) is types.ModuleType and [{LAZY!r}] or []\n"
             f"atexit.register(lambda: print(json.dumps([m for m in {UNUSED!r} if m in sys.modules] + ran())))\n"
             f"sys.argv = ['newsletter', 'build', {str(manifest)!r}, '-o', {str(tmp_path / name)!r}]\n"
             "from newsletter_cli.entry import main\nmain()\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run([sys.executable, "-c", probe], cwd=manifest.parent, capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / name).read_bytes().startswith(b"%PDF")
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_first_and_a_second_build_import_no_module_they_do_not_use(tmp_path):
    manifest = make_issue(tmp_path / "issue")
    assert _build_imports(manifest, tmp_path, "first.pdf") == []
    assert _build_imports(manifest, tmp_path, "second.pdf") == []
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()


def test_an_issue_with_a_photo_runs_pillow_and_draws_it(tmp_path):
    # the lazy module is the real one when used: the photo is drawn, not a placeholder
    from PIL import Image
    from pypdf import PdfReader

    manifest = make_issue(tmp_path / "issue")
    article = next((tmp_path / "issue").rglob("*.md"))
    Image.new("RGB", (60, 40), (200, 30, 30)).save(article.parent / "red.png")
    article.write_text(article.read_text(encoding="utf-8") + "\n\n![A red square](red.png)\n", encoding="utf-8")
    assert _build_imports(manifest, tmp_path, "photo.pdf") == [LAZY]
    pages = PdfReader(tmp_path / "photo.pdf").pages
    assert any(page.images for page in pages)


def test_the_xmp_escape_is_saxutils_escape():
    text = "Customs & <Excise> \"quoted\" 'single' &amp; ]]> \u00e9"
    assert xmp._escape(text) == escape(text)


def test_reportlabs_url_pattern_is_compiled_only_for_text_it_can_match():
    # 23 ms at every build's import of ReportLab's paragraph module; ReportLab tries it on every
    # word too wide for its line, and it can match only text with "://"
    probe = ("import re, newsletter_cli.layout.document\n"
             "from reportlab.platypus import paragraph as p\n"
             "real = re.compile(p.uri_pat.pattern, p.uri_pat.flags)\n"
             "words = ['Transformationsprozesse', 'example.org/a/b', 'HTTP:/x', 'a:b//c']\n"
             "print(all(p.uri_pat.match(w) is None and real.match(w) is None for w in words), "
             "p.uri_pat._compiled is None)\n"
             "url = 'HTTPS://Example.org/a/b/c?d=1'\n"
             "print(p._uri_split_pairs(url) == p._uri_split_pairs(url) and real.match(url).groups() == "
             "p.uri_pat.match(url).groups(), p.uri_pat._compiled is not None)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True"] * 4, done.stdout + done.stderr
