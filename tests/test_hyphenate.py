"""The hyphenation dictionary cache: used when sound, rebuilt when not, never required."""

import json
import subprocess
import sys

CODE = ("import sys; sys.path.insert(0, 'src'); from newsletter_cli.hyphenate import hyphenator; "
        "print(hyphenator('en', 5)('organization'))")


def run(tmp_path, env_extra):
    import os

    env = dict(os.environ, **env_extra)
    return subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env,
                          cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]))


def patterns_file(tmp_path):
    return next(f for f in (tmp_path / "newsletter").glob("hyph_*.json") if "-words-" not in f.name)


def words_file(tmp_path):
    return next((tmp_path / "newsletter").glob("hyph_*-words-5.json"))


def test_cache_is_written_then_used(tmp_path):
    first = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    assert first.returncode == 0 and len(list((tmp_path / "newsletter").glob("hyph_*.json"))) == 2
    data = json.loads(patterns_file(tmp_path).read_text())
    assert data["maxlen"] > 0 and data["patterns"]
    words = json.loads(words_file(tmp_path).read_text())
    assert words["organization"] and all(0 < n < len("organization") for n in words["organization"])
    second = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    assert second.stdout == first.stdout and "organ" in first.stdout


def test_a_known_word_needs_no_dictionary(tmp_path):
    first = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    patterns_file(tmp_path).unlink()
    second = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    assert second.stdout == first.stdout
    assert not [f for f in (tmp_path / "newsletter").glob("hyph_*.json") if "-words-" not in f.name]


def test_corrupt_word_cache_is_ignored_and_rewritten(tmp_path):
    first = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    words_file(tmp_path).write_text('{"organization": [99, "x"], "broken": ')
    second = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    assert second.returncode == 0 and second.stdout == first.stdout
    assert json.loads(words_file(tmp_path).read_text())["organization"]


def test_corrupt_cache_is_rebuilt(tmp_path):
    run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    cache = patterns_file(tmp_path)
    cache.write_text("{not json")
    words_file(tmp_path).unlink()  # so that the dictionary is needed again
    result = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 0 and "organ" in result.stdout
    json.loads(cache.read_text())  # rewritten


def test_files_of_an_earlier_install_of_the_dictionary_are_removed(tmp_path):
    folder = tmp_path / "newsletter"
    folder.mkdir()
    old = [folder / "hyph_en_GB-0.17.0-1-2.json", folder / "hyph_en_GB-0.17.0-1-2-words-5.json"]
    other = folder / "hyph_de_AT-0.18.1-1-2.json"  # another language stays
    for f in old + [other]:
        f.write_text("{}")
    result = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 0 and "organ" in result.stdout
    assert not any(f.exists() for f in old) and other.exists()
    assert len(list(folder.glob("hyph_en_GB-*.json"))) == 2  # this install's patterns and words


def test_unwritable_cache_folder_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run(tmp_path, {"XDG_CACHE_HOME": str(blocker)})
    assert result.returncode == 0 and "organ" in result.stdout
