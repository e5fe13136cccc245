"""Parsed sources remembered between builds (sources.py): YAML documents and Markdown tokens.

A build that reads them back must say and make exactly what a build that parses says and makes:
the same warnings at the same places, the same PDF bytes, and a changed or broken text is
parsed (and reported) again."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, article, make_issue, run_cli

from newsletter_cli.source.yamlsafe import LocatedDict, LocatedList, from_json, load_yaml, to_json

BODY = """Text with a [link](https://www.wcoomd.org/) and **bold *italic* words**.

![A photo that is not supplied](photos/missing.jpg){width=50% ratio=3:2}

| Principle | Group |
|:--|--:|
| Integrity | A |

::: callout Green Customs
- one
- two
:::

1. first
2. second

::: callout Never closed
The rest of the article is in the box.
"""

FRONT = 'authors:\n  - name: "Ms A. Writer"\n    role: Programme Manager\ndateline: "Bangkok, 31 March 2022"\n'


def _issue(tmp_path):
    return make_issue(tmp_path / "issue", articles={"01-a.md": article("Remembered", BODY, FRONT)})


def _env(tmp_path):
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"}


def _build(manifest, tmp_path, name):
    out = tmp_path / f"{name}.pdf"
    result = run_cli("build", manifest, "-o", out, cwd=manifest.parent, env=_env(tmp_path))
    assert result.returncode == 0, result.output
    return out.read_bytes(), result.stderr


def test_yaml_to_json_and_back_keeps_values_types_and_places():
    text = ("title: Issue\nnumber: 76\nratio: 1.5\nflag: true\nnothing:\ndate: 2022-03-31\n"
            "stamp: 2001-12-14t21:59:43.10-05:00\nbad_date: 2024-02-30\n"
            "list:\n  - a\n  - {b: 1, 2: two}\n  - [x, y]\n")
    parsed = load_yaml(text, "x.yaml", line_offset=4)
    again = from_json(json.loads(json.dumps(to_json(parsed))))
    assert again == parsed
    assert [type(v) for v in again.values()] == [type(v) for v in parsed.values()]

    def marks(node):
        if isinstance(node, LocatedDict):
            return [node.mark, node.key_marks, [marks(v) for v in node.values()]]
        if isinstance(node, LocatedList):
            return [node.mark, node.item_marks, [marks(v) for v in node]]
        return None

    assert marks(again) == marks(parsed)
    assert again.where("list") == (13, 1) and again["list"][1].where(2) == (15, 12)


def test_a_warm_build_gives_the_same_bytes_and_warnings_without_importing_the_parsers(tmp_path):
    manifest = _issue(tmp_path)
    first, said = _build(manifest, tmp_path, "first")
    assert "is not supplied" in said and "is never closed" in said
    [store] = (tmp_path / "cache" / "newsletter").glob("sources-*.json")  # one file for this issue
    assert len(json.loads(store.read_text())["entries"]) >= 3  # manifest, front matter, body (+ theme)

    second, said_again = _build(manifest, tmp_path, "second")
    assert second == first and said_again == said

    assert _imports_parsers(manifest, tmp_path) == []  # every text came from the cache


def _imports_parsers(manifest, tmp_path) -> list[str]:
    """Which parsers a check of `manifest` imports, in a fresh process with the test's cache."""
    probe = ("import sys\nfrom pathlib import Path\nfrom newsletter_cli.build import inspect\n"
             f"inspect(Path({str(manifest)!r}))\n"
             "print(sorted(m for m in ('yaml', 'markdown_it') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=manifest.parent, capture_output=True, text=True,
                            env={**_env(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                 "PYTHONPATH": os.environ.get("PYTHONPATH", "")})  # the code under test
    assert loaded.returncode == 0, loaded.stderr
    return json.loads(loaded.stdout.strip().replace("'", '"'))


def test_validating_several_issues_keeps_the_shared_theme_in_each_issue_file(tmp_path):
    """`validate` checks every manifest in one process: the theme, parsed once, must still be
    kept in the file of each issue, or the next build of the second issue parses it again."""
    make_issue(tmp_path / "issues", number=76)
    second = make_issue(tmp_path / "issues", number=77)
    result = run_cli("validate", cwd=tmp_path, env=_env(tmp_path))
    assert result.returncode == 0, result.output
    assert len(list((tmp_path / "cache" / "newsletter").glob("sources-*.json"))) == 2
    assert _imports_parsers(second, tmp_path) == []


def test_a_bad_cache_is_parsed_again_and_a_changed_text_is_never_served_stale(tmp_path):
    manifest = _issue(tmp_path)
    first, said = _build(manifest, tmp_path, "first")
    [store] = (tmp_path / "cache" / "newsletter").glob("sources-*.json")
    data = json.loads(store.read_text())

    # entries of the wrong shape, then a file that is not JSON: parsed again, the same result
    wrong = [[{"keys": [[["a", "list"], [1, 1], 1]], "at": [1, 1]}], [[["text", 5, None, "", "", {}, None]], False],
             [{"at": [1], "keys": []}], "a string", [[["paragraph_open", "p", [0, "1"], "", "", {}, None]], False]]
    data["entries"] = {k: wrong[n % len(wrong)] for n, k in enumerate(data["entries"])}
    store.write_text(json.dumps(data))
    assert _build(manifest, tmp_path, "tampered") == (first, said)
    store.write_text("{not json")
    assert _build(manifest, tmp_path, "garbage") == (first, said)

    source = manifest.parent / manifest.stem / "01-a.md"
    source.write_text(source.read_text().replace("Integrity", "Probity").replace("Ms A. Writer", "Mr B. Writer"))
    changed, _ = _build(manifest, tmp_path, "changed")
    assert changed != first
    result = run_cli("validate", manifest, "--format", "json", cwd=manifest.parent, env=_env(tmp_path))
    assert result.returncode == 0, result.output

    # a text that fails to parse is not remembered: the error is told on every run
    source.write_text(source.read_text().replace("dateline:", "dateline: [unclosed\nsource:"))
    for _ in range(2):
        broken = run_cli("build", manifest, "-o", tmp_path / "x.pdf", cwd=manifest.parent, env=_env(tmp_path))
        assert broken.returncode == 1 and "01-a.md:" in broken.stderr and "invalid YAML" in broken.stderr


def test_the_issue_076_sources_come_back_as_they_were_parsed(tmp_path, monkeypatch):
    """Every article of 076: the blocks made from cached tokens equal those made from a parse."""
    from newsletter_cli import sources
    from newsletter_cli.errors import Report
    from newsletter_cli.source.manifest import read_issue

    def read():
        report = Report()
        loaded = read_issue(ROOT / "issues" / "076.yaml", report)
        return [(a.slug, a.title, repr(a.blocks)) for a in loaded.issue.articles], \
            [str(p) for p in report.problems]

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(sources, "STORE", sources.cache.Store("sources"))
    parsed = read()
    sources.STORE.save()
    monkeypatch.setattr(sources, "STORE", sources.cache.Store("sources"))  # a new process, as it were
    monkeypatch.setattr("newsletter_cli.source.yamlsafe._PARSED", {})
    assert read() == parsed
    assert sources.STORE.used  # the entries were read back


def test_a_cache_file_of_brackets_nested_too_deep_is_ignored(tmp_path, monkeypatch):
    from newsletter_cli import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    store = cache.Store("sources")
    store.use(str(tmp_path / "076.yaml"))
    store._path().parent.mkdir(parents=True)
    store._path().write_text("[" * 200_000)  # json raises RecursionError, not ValueError
    assert store.get("anything") is None
    store.put("key", [1])
    store.save()
    assert cache.read_json(store._path())["entries"] == {"key": [1]}


def test_the_cache_files_keep_only_the_current_texts_after_a_whole_build(tmp_path):
    """Each edit makes new entries; a build of the whole issue drops those of the texts since
    edited (the files would otherwise grow with every save), a preview of one section does not
    drop the other sections' paragraphs."""
    manifest = make_issue(tmp_path / "issue", articles={
        "01-a.md": article("First", "One paragraph of the first article, long enough to be set as text. " * 6),
        "02-b.md": article("Second", "One paragraph of the second article, long enough to be set as text. " * 6)})
    folder = tmp_path / "cache" / "newsletter"

    def entries(prefix):
        [store] = folder.glob(f"{prefix}-*.json")
        return set(json.loads(store.read_text())["entries"])

    first = run_cli("build", manifest, cwd=manifest.parent, env=_env(tmp_path))  # and its page map
    assert first.returncode == 0, first.output
    texts, paragraphs = entries("sources"), entries("paragraphs")
    source = manifest.parent / manifest.stem / "02-b.md"
    original = source.read_text()
    source.write_text(original.replace("second article", "second article, edited,"))
    _build(manifest, tmp_path, "edited")
    assert len(entries("sources")) == len(texts) and entries("sources") != texts
    assert len(entries("paragraphs")) == len(paragraphs) and entries("paragraphs") != paragraphs
    edited = entries("paragraphs")

    source.write_text(original)  # back to the first text, seen through a preview of that article only
    result = run_cli("preview", "--article", "second", manifest, cwd=manifest.parent, env=_env(tmp_path))
    assert result.returncode == 0, result.output
    assert "page numbers from build/001.pagemap.json" in result.stdout  # not a whole layout first
    assert paragraphs | edited == entries("paragraphs")  # nothing dropped by a preview
