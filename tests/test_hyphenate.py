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


def test_cache_is_written_then_used(tmp_path):
    first = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    files = list((tmp_path / "newsletter").glob("hyph_*.json"))
    assert first.returncode == 0 and len(files) == 1
    data = json.loads(files[0].read_text())
    assert data["maxlen"] > 0 and data["patterns"]
    second = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    assert second.stdout == first.stdout and "organ" in first.stdout


def test_corrupt_cache_is_rebuilt(tmp_path):
    run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    cache = next((tmp_path / "newsletter").glob("hyph_*.json"))
    cache.write_text("{not json")
    result = run(tmp_path, {"XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 0 and "organ" in result.stdout
    json.loads(cache.read_text())  # rewritten


def test_unwritable_cache_folder_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run(tmp_path, {"XDG_CACHE_HOME": str(blocker)})
    assert result.returncode == 0 and "organ" in result.stdout
