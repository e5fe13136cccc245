"""YAML read by libyaml's C parser under the Python composer (yamlparse.py) reads as PyYAML reads it.

Where PyYAML has libyaml, `parse` takes libyaml's events; every text must come back as the
pure-Python loader gives it: the same values of the same types, the same line:col of every key
and item, and for a text either refuses, the same message at the same place. The corpus is every
YAML text of the repository, cases where the two parsers are known to differ, and a thousand and
more texts made from them by random edits.
"""

from __future__ import annotations

import random
import re

import pytest
import yaml

from conftest import ROOT
from newsletter_cli.errors import NewsletterError
from newsletter_cli.source import yamlparse
from newsletter_cli.source.yamlsafe import LocatedDict, LocatedList

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")

# where libyaml 0.2 and PyYAML read a text differently (found by the random edits below): the
# text is handed to the pure-Python loader
DIFFERENT = [
    "title: a\tb\n",  # PyYAML refuses a tab in a plain scalar
    "title: Chapter\tnews\nnumber: 1\n",
    "keywords: [what?, why]\n",  # PyYAML ends a plain scalar at '?' inside [...]
    "keywords: [a:, b]\n",
    "{a: b:}\n",
    "text: >#\n  folded\n",  # a comment right after the header
    "a: b\nc: d\ufeffe\nf: [g]\n",  # a byte order mark inside the text is not a column in PyYAML
    "{a: b, ?  }\n",  # the mark of an empty key
    "list:\n  -\n  - x\n  -   \n",  # ... and of empty items
    "[a, ?  ]\n",
    "key: !\nother: ! \n",  # a node tagged "!" and empty: None in PyYAML
    "a: {b: !, c: d}\n",  # a tag "!," in PyYAML
]


def _repository_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("issues/*.yaml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "assets" / "themes").glob("*.yaml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data").rglob("*.yaml"))]
    for path in sorted([*ROOT.glob("issues/**/*.md"), *(ROOT / "tests" / "data").rglob("*.md")]):
        found = re.match(r"---\n(.*?\n)---", path.read_text(encoding="utf-8"), re.S)
        if found:
            texts.append(found.group(1))
    return texts


def _texts() -> list[str]:
    return _repository_texts() + [
        "a: |\n  x\n  y\nb: >\n  folded\n  text\n\n  para\nc: 'it''s'\nd: \"esc \\n \\u00e9 \\x41\"\n",
        "e: [1, 2.5, .inf, -.nan, 0x1F, 0o17, 017, 1_000, +1, true, yes, No, ~, null, 2024-01-01, "
        "2024-01-01 10:00:00, 1:20, 190:20:30, -0, 0b101]\n",
        "f: {x: 1, y: [a, b], z: {q: r}}\n? complex key\n: value\ng: -\nmulti\n  line plain\n",
        "- a\n- - b\n  - c\n- k: v\n  l: w\n-\n- ''\n- \"\"\n",
        "%YAML 1.1\n---\nkey: value\n...\n",
        "x: |+\n  keep\n\ny: |-\n  strip\n\nz: >2\n    indented\n",
        "t: 2001-12-14t21:59:43.10-05:00\nu: 2001-12-14 21:59:43.10 -5\nv: 2002-12-14\nw: 2024-02-30\n",
        "'quoted key': 1\n\"dq key\": 2\n? [a, b]\n: flow key\n1: int key\n1.5: float\ntrue: bool\n~: null key\n",
        "k: [a, b c, d:e, 'q', \"r\", {x: y, z}, [n, m], http://x.org/a?b=c, -1, - 2]\nm: {a: [1, 2], b: c}\n",
        "[a, {b: c}, [d, [e, {f: g}]], h: i, ? j : k]\n",
        "{a: b, c: [d, e], ? f, g: }\n",
    ]


EDITS = list(":-[]{},#&*!|>'\"%@`\t\n \r?\\.~0x") + [
    "\n  ", ": ", "- ", "\n- ", "\"\\", "!!str ", "\ufeff", "\x85", "\u2028", "é", "😀", "...", "---",
    " #", "\r\n", "%YAML 1.1\n---\n", "&a ", "*a", "<<: ", "\n\n...\n", "\n---\n", "\"\\x85\"", "\"\\ud83d\"",
    "\x00", "\x1b", "\"\\x1b\"", "|\n  x\n", ">-\n  y\n", "|2\n   z\n", "? ", "!!binary ", "!foo ", "! ",
    "!<tag:yaml.org,2002:str> ", "!!python/object:os.system "]


def _edited(rng: random.Random, text: str) -> str:
    if len(text) > 800:
        start = rng.randrange(len(text) - 600)
        text = text[start:start + 600]
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        roll = rng.random()
        if roll < 0.5:
            text = text[:at] + rng.choice(EDITS) + text[at:]
        elif roll < 0.75:
            text = text[:at] + text[at + rng.randint(1, 5):]
        else:
            lines = text.split("\n")
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(lines))
            text = "\n".join(lines)
    return text


def _read(parse, text: str):
    """What a loader makes of `text`: every value with its type and every mark, or the error."""
    def plain(value):
        if isinstance(value, LocatedDict):
            return ("map", value.mark, [(plain(k), value.where(k), plain(v)) for k, v in value.items()])
        if isinstance(value, LocatedList):
            return ("list", value.mark, value.item_marks, [plain(v) for v in value])
        return (type(value).__name__, repr(value))
    try:
        return plain(parse(text, "f.yaml", 3))
    except NewsletterError as exc:
        return ("error", [(p.message, p.location.line, p.location.col, p.hint) for p in exc.problems])


@pytest.fixture
def fallbacks(monkeypatch):
    """The texts `parse` passes to the pure-Python loader."""
    seen = []
    python_parse = yamlparse.python_parse

    def counted(text, *args):
        seen.append(text)
        return python_parse(text, *args)
    monkeypatch.setattr(yamlparse, "python_parse", counted)
    return seen


def test_the_repositorys_yaml_is_read_by_libyaml_as_pyyaml_reads_it(fallbacks):
    texts = _texts()
    python = [_read(yamlparse.python_parse, text) for text in texts]
    fallbacks.clear()
    assert [_read(yamlparse.parse, text) for text in texts] == python
    repository = _repository_texts()
    assert len(repository) > 30
    assert not set(fallbacks) & set(repository)  # all of the repository's texts read by libyaml
    assert all(found[0] == "map" for found in python[:len(repository)])


@pytest.mark.parametrize("text", DIFFERENT)
def test_where_libyaml_differs_the_text_reads_as_pyyaml_reads_it(text, fallbacks):
    python = _read(yamlparse.python_parse, text)
    fallbacks.clear()
    assert _read(yamlparse.parse, text) == python
    assert fallbacks == [text]


def test_randomly_edited_texts_read_alike(fallbacks):
    rng = random.Random(16)
    texts = _texts() + DIFFERENT
    edited = [_edited(rng, rng.choice(texts)) for _ in range(1500)]
    python = [_read(yamlparse.python_parse, text) for text in edited]
    fallbacks.clear()
    ours = [_read(yamlparse.parse, text) for text in edited]
    for text, mine, theirs in zip(edited, ours, python, strict=True):
        assert mine == theirs, text
    read = [found for found in python if found[0] != "error"]
    assert len(read) > 300  # (not only errors)
    assert len(edited) - len(fallbacks) > 0.7 * len(read)  # libyaml read most of those
