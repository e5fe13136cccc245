"""Hyphenation: the shipped parsed patterns, the cache folder's, and the word cache. Each is used
when sound, made again when not, and never required: the points are always pyphen's."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyphen
import pytest

from newsletter_cli.layout import hyphdata
from newsletter_cli.layout.hyphenate import shipped_patterns

ROOT = Path(__file__).resolve().parents[1]
CODE = ("import sys; sys.path.insert(0, 'src'); from newsletter_cli.layout.hyphenate import hyphenator; "
        "import pyphen; h = hyphenator(sys.argv[1], 5); print(h(sys.argv[2]), sorted(map(str, pyphen.hdcache)))")


def run(cache_home, language="en", word="organization"):
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    return subprocess.run([sys.executable, "-c", CODE, language, word], capture_output=True, text=True,
                          env=env, cwd=str(ROOT))


def patterns_files(tmp_path, stem="hyph_fr"):
    return sorted((tmp_path / "newsletter").glob(f"{stem}-*.patterns"))


def words_file(tmp_path, stem="hyph_en_GB"):
    return next((tmp_path / "newsletter").glob(f"{stem}-*-words-5.json"))


def words_of_076() -> list[str]:
    text = (ROOT / "tests" / "data" / "seed-076.txt").read_text(encoding="utf-8")
    for path in sorted((ROOT / "issues" / "076").glob("*.md")):
        text += path.read_text(encoding="utf-8")
    return sorted(set(re.findall(r"[^\W\d_]+", text)))


def many_words(hd) -> list[str]:
    """A large word list without a word list: 076's words, every pattern with its dots taken off,
    and each pattern with the letters of 076's words around it (the points at its edges)."""
    words = words_of_076()
    out = set(words)
    cores = [p.strip(".") for p in hd.patterns if p.strip(".")]
    out.update(cores)
    for n, core in enumerate(cores):
        a, b = words[n % len(words)], words[(n * 7 + 3) % len(words)]
        out.add(a[:4] + core + b[-4:])
    return sorted(out)


@pytest.mark.parametrize("language", ["en_GB", "en_US", "de_AT", "de_DE"])
def test_shipped_patterns_are_pyphens_own_and_give_its_points(language):
    dictionary = pyphen.LANGUAGES[language]
    key = hyphdata.source_key(pyphen, dictionary)
    found = hyphdata.read(shipped_patterns(dictionary), key)
    assert found is not None, "the shipped file is stale: run tools/hyphenation_data.py"
    parsed = pyphen.HyphDict(dictionary)
    assert found.maxlen == parsed.maxlen
    assert {k: (o, tuple(v)) for k, (o, v) in found.patterns.items()} == parsed.patterns
    # the same points as pyphen's own algorithm, on 076's words and on a large list of words
    # built from the patterns (as typed: capitals, and pyphen's left and right limits)
    words = many_words(parsed)
    assert len(words) > 20_000
    assert [found.positions(w.lower()) for w in words] == [list(map(int, parsed.positions(w))) for w in words]
    theirs = pyphen.Pyphen(lang=language, left=2, right=2)
    assert [found.pairs(w) for w in words] == [tuple(theirs.iterate(w)) for w in words]
    assert sum(1 for w in words if found.pairs(w)) > 10_000  # (not a comparison of empty results)


def test_the_cache_folders_patterns_give_pyphens_points_for_another_language(tmp_path):
    dictionary = pyphen.LANGUAGES["fr"]
    parsed = pyphen.HyphDict(dictionary)
    key = hyphdata.source_key(pyphen, dictionary)
    found = hyphdata.decode(hyphdata.encode(parsed.patterns, key), key)
    words = many_words(parsed)
    assert [found.positions(w.lower()) for w in words] == [list(map(int, parsed.positions(w))) for w in words]


def test_a_file_is_used_only_for_the_dictionary_and_pyphen_it_was_made_from():
    dictionary = pyphen.LANGUAGES["en_GB"]
    key = hyphdata.source_key(pyphen, dictionary)
    data = shipped_patterns(dictionary).read_bytes()
    assert hyphdata.decode(data, key) is not None
    for field, other in (("pyphen", "0.0.1"), ("sha256", "0" * 64), ("dictionary", "hyph_en_US.dic"),
                         ("format", 99)):
        assert hyphdata.decode(data, {**key, field: other}) is None, field
    damaged = data[:-40] + bytes(40)
    assert hyphdata.decode(damaged, key) is None
    assert hyphdata.decode(data[:len(data) // 2], key) is None
    assert hyphdata.decode(b"", key) is None


def test_english_needs_no_parse_and_no_patterns_in_the_cache_folder(tmp_path):
    first = run(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "('organ', 'ization')" in first.stdout and first.stdout.strip().endswith("[]")  # pyphen parsed nothing
    assert not list((tmp_path / "newsletter").glob("*.patterns"))
    words = json.loads(words_file(tmp_path).read_text())
    assert words["organization"] and all(0 < n < len("organization") for n in words["organization"])


def test_another_language_is_parsed_once_then_read_from_the_cache_folder(tmp_path):
    first = run(tmp_path, "fr", "anticonstitutionnellement")
    assert first.returncode == 0, first.stderr
    [stored] = patterns_files(tmp_path)
    assert hyphdata.read(stored, hyphdata.source_key(pyphen, pyphen.LANGUAGES["fr"])) is not None
    words_file(tmp_path, "hyph_fr").unlink()  # so that the patterns are needed again
    stamp = stored.stat().st_mtime_ns
    second = run(tmp_path, "fr", "anticonstitutionnellement")
    assert "hyph_fr.dic" in first.stdout and "anti" in first.stdout
    assert second.stdout.split(" [")[0] == first.stdout.split(" [")[0]
    assert second.stdout.strip().endswith("[]")  # pyphen parsed nothing the second time
    assert stored.stat().st_mtime_ns == stamp  # read, not written again


def test_a_damaged_patterns_file_is_rebuilt(tmp_path):
    first = run(tmp_path, "fr", "anticonstitutionnellement")
    [stored] = patterns_files(tmp_path)
    good = stored.read_bytes()
    stored.write_bytes(good[: len(good) // 2])
    words_file(tmp_path, "hyph_fr").unlink()
    second = run(tmp_path, "fr", "anticonstitutionnellement")
    assert second.returncode == 0 and second.stdout == first.stdout  # parsed again
    assert hyphdata.read(stored, hyphdata.source_key(pyphen, pyphen.LANGUAGES["fr"])) is not None


def test_a_known_word_needs_no_dictionary(tmp_path):
    first = run(tmp_path, "fr", "anticonstitutionnellement")
    patterns_files(tmp_path)[0].unlink()
    second = run(tmp_path, "fr", "anticonstitutionnellement")
    assert second.stdout.split(" [")[0] == first.stdout.split(" [")[0]
    assert "hyph_fr.dic" not in second.stdout  # pyphen never loaded the dictionary
    assert not patterns_files(tmp_path)


def test_corrupt_word_cache_is_ignored_and_rewritten(tmp_path):
    first = run(tmp_path)
    words_file(tmp_path).write_text('{"organization": [99, "x"], "broken": ')
    second = run(tmp_path)
    assert second.returncode == 0 and second.stdout == first.stdout
    assert json.loads(words_file(tmp_path).read_text())["organization"]


def test_files_of_an_earlier_install_of_the_dictionary_are_removed(tmp_path):
    folder = tmp_path / "newsletter"
    folder.mkdir()
    version = pyphen.VERSION
    stat = pyphen.LANGUAGES["en_GB"].stat()
    this = f"hyph_en_GB-{version}-{stat.st_size}-{int(stat.st_mtime)}"
    old = [folder / "hyph_en_GB-0.17.0-1-2.json", folder / "hyph_en_GB-0.17.0-1-2-words-5.json",
           folder / "hyph_en_GB-0.17.0-1-2.patterns",
           folder / f"{this}.json"]  # the JSON patterns of earlier versions of this program
    other = folder / "hyph_de_AT-0.18.1-1-2.json"  # another language stays
    for f in old + [other]:
        f.write_text("{}")
    result = run(tmp_path)
    assert result.returncode == 0 and "organ" in result.stdout
    assert not [f for f in old if f.exists()] and other.exists()
    assert [f.name for f in folder.glob("hyph_en_GB-*")] == [f"{this}-words-5.json"]


def test_unwritable_cache_folder_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for language, word in (("en", "organization"), ("fr", "anticonstitutionnellement")):
        result = run(blocker, language, word)
        assert result.returncode == 0 and "'" in result.stdout.split(" [")[0], result.stderr


def test_nonstandard_dictionaries_are_parsed_and_not_stored(tmp_path):
    result = run(tmp_path, "hu", "egészségügyi")
    assert result.returncode == 0, result.stderr
    assert not patterns_files(tmp_path, "hyph_hu_HU")


def test_a_run_longer_than_any_word_is_not_hyphenated(tmp_path):
    # its (head, tail) pairs would hold its length squared in characters: 990 kB would never finish
    long_run = run(tmp_path, "en", "organization" * 6)  # 72 letters
    assert long_run.stdout.startswith("() "), long_run.stdout
    assert "('or', 'ganization')" in run(tmp_path, "en", "organization").stdout
