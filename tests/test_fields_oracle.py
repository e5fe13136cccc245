"""The plain validator (newsletter_cli.fields, with schema.py's and theme.py's field tables) against
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

from newsletter_cli import fields, schema, theme  # noqa: E402
from newsletter_cli.yamlsafe import LocatedDict, LocatedList  # noqa: E402

SETTINGS = settings(max_examples=250, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- values as the YAML loader gives them ------------------------------------------------------------

CHARS = "aZé5 0._-%:#@/\u200b\u00a0\x85\x1c\t\n\u3000\u0301"
TEXT = st.text(alphabet=CHARS, max_size=8)
NUMERIC = st.sampled_from(["6", " 7 ", "9.5", "1e1", "1_0", "_1", "1__0", "1_.5", "+_1", "inf", "-Infinity", "NaN",
                           "6.0", "6.00", "1.", ".5", "0x10", "", " ", "١٢", "\u00a012\u3000", "\x1c7", "1e400",
                           "99999999999999999999", "-0", "2.5", "+3", "12 pt", "10mm", "-1mm", "2%", "50%", "0.5 in",
                           "3cm", "1000pt", "1001pt", "200", "201pt", "nan mm"])
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
        old = [p.as_dict() for p in oracle.problems_from(their_errors, old_model, data, "x.yaml", 2)]
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


def test_shipped_themes_as_pydantic():
    from newsletter_cli.paths import assets_dir
    from newsletter_cli.yamlsafe import load_yaml

    for path in sorted((assets_dir() / "themes").glob("*.yaml")):
        doc = load_yaml(path.read_text(encoding="utf-8"), str(path))
        _same(theme.ThemeFile.validate, oracle.ThemeFile.model_validate, theme.ThemeFile, oracle.ThemeFile, doc)


def test_defaults_as_pydantic():
    for name in ("Cover", "Hyphenation", "Justification"):
        module = schema if hasattr(schema, name) else theme
        assert repr(getattr(module, name)()) == repr(getattr(oracle, name)())
    assert math.isclose(theme.Justification().letter_stretch, 0.02)
