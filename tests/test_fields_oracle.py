"""The plain validator (newsletter_cli.source.fields, with schema.py's and theme.py's field tables) against
the pydantic models it replaced (tests/pydantic_oracle.py): on random manifests, front matter,
article entries and theme files, valid and broken (wrong types, unknown and misspelt keys, keys
left out, bad lengths, dates and numbers, errors deep in lists and mappings), both give the same
error records, the same located problems and the same validated values.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pydantic = pytest.importorskip("pydantic")

import pydantic_oracle as oracle  # noqa: E402

from newsletter_cli.source import fields, schema  # noqa: E402
from newsletter_cli.source.yamlsafe import LocatedDict, LocatedList  # noqa: E402
from newsletter_cli.theme import brand as theme

SETTINGS = settings(max_examples=250, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- values as the YAML loader gives them ------------------------------------------------------------

CHARS = "aZé5 0._-%:#@/\u200b\u00a0\x85\x1c\t\n\u3000\u0301"
TEXT = st.text(alphabet=CHARS, max_size=8)
NUMERIC = st.sampled_from(["6", " 7 ", "9.5", "1e1", "1_0", "_1", "1__0", "1_.5", "+_1", "inf", "-Infinity", "NaN",
                           "6.0", "6.00", "1.", ".5", "0x10", "", " ", "١٢", "\u00a012\u3000", "\x1c7", "1e400",
                           "99999999999999999999", "-0", "2.5", "+3", "12 pt", "10mm", "-1mm", "2%", "50%", "0.5 in",
                           "3cm", "1000pt", "1001pt", "200", "201pt", "nan mm",
                           "9" * 4301, "+" + "9" * 4301, "0" * 4301 + "5", "9" * 4301 + ".0", " " + "9" * 4301])
NUMBERS = st.one_of(st.integers(-3, 130), st.sampled_from([0, 1, 2, 3, 40, 41, 99999, 100000, 2**63, 10**400, -2**64]),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([2.0, 1.0, 5.5, 1e20, 2.0**63, -0.0, 0.01, 0.02, 0.2, 0.06]))
DATES = st.one_of(st.dates(dt.date(1800, 1, 1), dt.date(3100, 1, 1)),
                  st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)),
                  st.sampled_from(["2024-03-31", " 2024-03-31 ", "2024-02-30", "2024-3-31", "1899-12-31",
                                   "31.03.2024", "٢٠٢٤-٠٣-٣١", "3000-01-01", "2024-13-01", "\u00a02024-01-01"]))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT, NUMERIC, DATES)
JUNK = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(TEXT, inner, max_size=3)), max_leaves=6)
KEYS = st.one_of(TEXT, st.integers(-2, 3), st.none(), st.booleans(), st.dates(dt.date(2020, 1, 1)))
SPECIAL_TEXT = st.sampled_from(["a@b.org", " x@y.org ", "x@", "@y", "https://example.org", "http://x", "ftp://x.org",
                                "https://", "en", "en-GB", " fr ", "EN", "english", "#1b3a5c", "#ABCDEF", "#abc", "red",
                                "100%", " 45% ", "5%", "101%", "3:2", " 4:3 ", "0:1", "10:1", "3:2:1", "x",
                                "\u200b", "\u200b\u200d", "   ", "A4", "Letter", "a4", " A4", "page", "none",
                                "serif", "sans", "mono", "Serif", "display", "features", "Features", "foreword",
                                "essays ", "reports", "feature"])


def _misspelt(draw, name: str) -> str:
    how = draw(st.sampled_from(["upper", "title", "drop", "swap", "double", "space"]))
    if how == "upper":
        return name.upper()
    if how == "title":
        return name.title()
    if how == "space":
        return f" {name}"
    at = draw(st.integers(0, max(len(name) - 2, 0)))
    if how == "drop":
        return name[:at] + name[at + 1:]
    if how == "swap" and len(name) > 1:
        return name[:at] + name[at + 1] + name[at] + name[at + 2:]
    return name[:at] + name[at] + name[at:]


# --- documents drawn after the field tables (then broken at random) ----------------------------------

def _value(draw, kind: fields.Type, depth: int = 0):
    if depth > 6 or draw(st.integers(0, 14)) == 0:
        return draw(JUNK)
    if isinstance(kind, fields.Nullable):
        return None if draw(st.integers(0, 3)) == 0 else _value(draw, kind.inner, depth)
    if isinstance(kind, fields.Str):
        size = draw(st.sampled_from([kind.min_length, kind.max_length, None]))
        if size is not None and draw(st.booleans()):
            return draw(st.sampled_from([" ", "x", "\u200b"])) * (size + draw(st.integers(-1, 1)))
        return draw(st.one_of(TEXT, SPECIAL_TEXT, NUMERIC))
    if isinstance(kind, (fields.Int, fields.Float, fields.FloatOrStr)):
        return draw(st.one_of(NUMBERS, NUMERIC, st.booleans()))
    if isinstance(kind, fields.OneOf):
        return draw(st.one_of(st.sampled_from(kind.choices), SPECIAL_TEXT, NUMBERS))
    if isinstance(kind, fields.Before):
        return draw(DATES)
    if isinstance(kind, fields.ListOf):
        return [_value(draw, kind.item, depth + 1) for _ in range(draw(st.integers(0, 3)))]
    if isinstance(kind, fields.DictOf):
        out = {}
        for _ in range(draw(st.integers(0, 4))):
            if isinstance(kind.key, fields.OneOf) and draw(st.integers(0, 3)):
                key = draw(st.sampled_from(kind.key.choices))
            else:
                key = draw(st.one_of(KEYS, SPECIAL_TEXT))
            out[key] = _value(draw, kind.value, depth + 1)
        return out
    if isinstance(kind, fields.Tagged):
        tag = draw(st.sampled_from(list(kind.branches)))
        if tag == "PathArticle":
            return draw(st.one_of(TEXT, st.just(" a.md "), st.just("b.md")))
        return _value(draw, kind.branches[tag], depth)
    if isinstance(kind, fields.Model):
        return _record(draw, kind.model, depth + 1)
    raise AssertionError(kind)


def _record(draw, model: type[fields.Record], depth: int = 0) -> dict:
    out = {}
    for name, field in model.FIELDS.items():
        roll = draw(st.integers(0, 9))
        if roll == 0 or (roll == 1 and not field.required):
            continue  # left out
        key = _misspelt(draw, name) if roll == 2 else name
        out[key] = _value(draw, field.type, depth)
    for _ in range(draw(st.integers(0, 1))):
        out[draw(KEYS)] = draw(JUNK)
    return out


def _located(value, line: list):
    """Plain data as the loader gives it: mappings and lists that know where each item is."""
    line[0] += 1
    mark = (line[0], 1)
    if isinstance(value, dict):
        out = LocatedDict()
        out.mark, out.key_marks = mark, {}
        for key, item in value.items():
            out.key_marks[key] = (line[0] + 1, 3)
            out[key] = _located(item, line)
        return out
    if isinstance(value, list):
        out = LocatedList()
        out.mark, out.item_marks = mark, []
        for item in value:
            out.item_marks.append((line[0] + 1, 5))
            out.append(_located(item, line))
        return out
    return value


# --- the comparison -----------------------------------------------------------------------------------

def _records(errors) -> list:
    def ctx(error):
        found = error.get("ctx")
        return None if found is None else {k: str(v) if k == "error" else v for k, v in found.items()}

    return [repr((e["type"], tuple(e["loc"]), e["msg"], e["input"], ctx(e))) for e in errors]


def _same(plain_call, pydantic_call, model, old_model, data, problems: bool = True) -> None:
    try:
        ours, our_errors = plain_call(data), None
    except fields.Invalid as exc:
        ours, our_errors = None, exc
    try:
        theirs, their_errors = pydantic_call(data), None
    except pydantic.ValidationError as exc:
        theirs, their_errors = None, exc
    assert (our_errors is None) == (their_errors is None), (our_errors and our_errors.errors(), their_errors)
    if our_errors is None:
        assert repr(ours) == repr(theirs)
        return
    assert _records(our_errors.errors()) == _records(their_errors.errors())
    if problems:
        mine = [p.as_dict() for p in schema.problems_from(our_errors, model, data, "x.yaml", 2)]
        old = [p.as_dict() for p in schema.problems_from(their_errors, old_model, data, "x.yaml", 2,
                                                         fields=oracle._fields)]
        assert mine == old


@SETTINGS
@given(st.data())
def test_manifest_as_pydantic(data):
    doc = _located(_record(data.draw, schema.Manifest), [0])
    _same(schema.Manifest.validate, oracle.Manifest.model_validate, schema.Manifest, oracle.Manifest, doc)


@SETTINGS
@given(st.data())
def test_front_matter_as_pydantic(data):
    doc = _located(_record(data.draw, schema.FrontMatter), [0])
    _same(schema.FrontMatter.validate, oracle.FrontMatter.model_validate, schema.FrontMatter, oracle.FrontMatter, doc)


@SETTINGS
@given(st.data())
def test_article_entry_as_pydantic(data):
    """An entry of `articles` on its own (manifest.read_issue): a path as written, {file:}, inline."""
    adapter = pydantic.TypeAdapter(oracle.ArticleRef)
    raw = _located(_value(data.draw, schema.Section.FIELDS["articles"].type.item), [0])
    _same(schema.article_ref, adapter.validate_python, None, None, raw, problems=False)


@SETTINGS
@given(st.data())
def test_theme_file_as_pydantic(data):
    doc = _located(_record(data.draw, theme.ThemeFile), [0])
    _same(theme.ThemeFile.validate, oracle.ThemeFile.model_validate, theme.ThemeFile, oracle.ThemeFile, doc)


# --- real documents (issue 076, the shipped theme), a few of their values changed -----------------

def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _real():
    from pathlib import Path

    from newsletter_cli.paths import assets_dir
    from newsletter_cli.source.frontmatter import split_front_matter
    from newsletter_cli.source.yamlsafe import load_yaml

    issues = Path(__file__).resolve().parent.parent / "issues"
    found = {"manifest": [], "front": [], "theme": []}
    for path in sorted(issues.glob("*.yaml")):
        found["manifest"].append(_plain(load_yaml(path.read_text(encoding="utf-8"), str(path))))
    for path in sorted(issues.glob("*/*.md")):
        found["front"].append(_plain(split_front_matter(path.read_text(encoding="utf-8"), str(path))[0]))
    for path in sorted((assets_dir() / "themes").glob("*.yaml")):
        found["theme"].append(_plain(load_yaml(path.read_text(encoding="utf-8"), str(path))))
    return found


REAL = _real()


def _like(draw, old):
    """A value in place of `old`: mostly of its kind (text for text, a number for a number)."""
    if draw(st.integers(0, 4)) == 0:
        return draw(JUNK)
    if isinstance(old, str):
        return draw(st.one_of(TEXT, SPECIAL_TEXT, NUMERIC, st.sampled_from([f" {old} ", old.upper(), old[:1], old * 2,
                                                                           old + "\u200b", "\u200b" + old[1:]])))
    if isinstance(old, bool) or not isinstance(old, (int, float, dt.date)):
        return draw(JUNK)
    if isinstance(old, dt.date):
        return draw(DATES)
    return draw(st.one_of(NUMBERS, NUMERIC, st.sampled_from([old + 1, old - 1, -old, float(old), str(old)])))


PADDING = st.text(alphabet=" \t\u00a0\u3000\u2009\x85\x1c\u200b\n", max_size=3)


def _restated(draw, old):
    if isinstance(old, str):
        return draw(PADDING) + old + draw(PADDING)
    if isinstance(old, bool):
        return old
    if isinstance(old, (int, float)):
        forms = [old, str(old), f" {old} ", f"{old}pt"]
        if math.isfinite(old) and abs(old) < 2 ** 53:  # (a value changed before may be nan, inf or huge)
            forms += [float(old), int(old)]
        return draw(st.sampled_from(forms))
    return old


def _mutated(draw, doc):
    """`doc` with up to three changes: a value replaced, a key left out, misspelt or added."""
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 3]))):
        node, path = doc, []
        while isinstance(node, (dict, list)) and node and (not path or draw(st.integers(0, 4))):
            key = draw(st.sampled_from(list(node) if isinstance(node, dict) else list(range(len(node)))))
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        how = draw(st.sampled_from(["same", "same", "value", "value", "drop", "misspell", "extra"]))
        if how == "same":  # most often still valid: text padded with white space, a number written another way
            parent[key] = _restated(draw, parent[key])
        elif how == "value" or isinstance(parent, list):
            parent[key] = _like(draw, parent[key])
        elif how == "drop":
            del parent[key]
        elif how == "misspell" and isinstance(key, str) and key:
            parent[_misspelt(draw, key)] = parent.pop(key)
        elif how == "extra" and isinstance(key, str) and draw(st.booleans()):
            parent[_misspelt(draw, key)] = _like(draw, parent[key])  # beside the right key
        else:
            parent[draw(KEYS)] = draw(JUNK)
    return doc


@settings(SETTINGS, max_examples=400)
@given(st.data())
def test_real_documents_changed_as_pydantic(data):
    import copy

    kind = data.draw(st.sampled_from(["manifest", "front", "theme"]))
    doc = _located(_mutated(data.draw, copy.deepcopy(data.draw(st.sampled_from(REAL[kind])))), [0])
    ours, old = {"manifest": (schema.Manifest, oracle.Manifest), "front": (schema.FrontMatter, oracle.FrontMatter),
                 "theme": (theme.ThemeFile, oracle.ThemeFile)}[kind]
    _same(ours.validate, old.model_validate, ours, old, doc)


def test_shipped_themes_as_pydantic():
    from newsletter_cli.paths import assets_dir
    from newsletter_cli.source.yamlsafe import load_yaml

    for path in sorted((assets_dir() / "themes").glob("*.yaml")):
        doc = load_yaml(path.read_text(encoding="utf-8"), str(path))
        _same(theme.ThemeFile.validate, oracle.ThemeFile.model_validate, theme.ThemeFile, oracle.ThemeFile, doc)


def test_defaults_as_pydantic():
    for name in ("Cover", "Hyphenation", "Justification"):
        module = schema if hasattr(schema, name) else theme
        assert repr(getattr(module, name)()) == repr(getattr(oracle, name)())
    assert math.isclose(theme.Justification().letter_stretch, 0.02)


def test_reading_an_issue_and_its_theme_imports_no_pydantic():
    """What a build runs before the layout (the manifest, the articles, the theme) needs no pydantic
    (Typer may still import it to parse a command line)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    issue = Path(__file__).resolve().parent.parent / "issues" / "076.yaml"
    probe = ("import sys\n"
             "from pathlib import Path\n"
             "import newsletter_cli.build\n"
             "from newsletter_cli.source.manifest import load_issue\n"
             "from newsletter_cli.theme.brand import find_theme, load_theme\n"
             f"issue, _ = load_issue(Path({str(issue)!r}))\n"
             "load_theme(find_theme(issue.theme, issue.base_dir, issue.manifest_file))\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
