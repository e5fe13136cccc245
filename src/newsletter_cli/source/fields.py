"""A small declarative validator for the manifest, front-matter and theme schemas.

A model is a `Record` subclass whose class attributes are `Field`s, each with a type (`Str`,
`Int`, `Float`, `FloatOrStr`, `OneOf`, `Nullable`, `ListOf`, `DictOf`, `Model`, `Tagged`,
`Before`, `Date`) and its checks (lengths, bounds, functions run on the validated value). Unknown
keys are always refused. Validation collects every error as a record shaped like pydantic's
(`type`, `loc`, `msg`, `input`, `ctx`), with pydantic's texts, in pydantic's order, so that the
schema's error messages did not change when pydantic left the build path (its import and model
building cost about 0.09 s per build). tests/test_fields_oracle.py checks this against the old
pydantic models on random documents. Inputs are what the YAML loader gives: None, booleans,
numbers, text, dates and times, mappings and lists.
"""

from __future__ import annotations

import datetime as dt
import re

_FAIL = object()  # a value that did not validate (its errors are recorded)
REQUIRED = object()
# what pydantic's `str_strip_whitespace` removes: Unicode White_Space (Rust's `trim`), which is
# not Python's `str.strip()` (that also removes U+001C..U+001F)
WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
             "\u200a\u2028\u2029\u202f\u205f\u3000"
_FLOAT = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)", re.ASCII | re.IGNORECASE)
_INT = re.compile(r"([+-]?\d+(?:_\d+)*)(?:\.0+)?", re.ASCII)


class Invalid(Exception):
    """The errors of one validation, in the order pydantic would give them."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} validation error(s)")
        self._errors = errors

    def errors(self) -> list[dict]:
        return self._errors


def _at(key):
    """A key as an error's loc holds it (pydantic's): text, an integer, or else its repr."""
    if isinstance(key, str):
        return key
    if isinstance(key, int) and -2 ** 63 <= key < 2 ** 63:
        return int(key)
    return repr(key)


def _error(errors: list, kind: str, loc: tuple, msg: str, value, ctx: dict | None = None):
    record = {"type": kind, "loc": loc, "msg": msg, "input": value}
    if ctx is not None:
        record["ctx"] = ctx
    errors.append(record)
    return _FAIL


class Type:
    """A type of value; `after` functions run on the validated value (a ValueError is an error)."""

    model: type[Record] | None = None  # the model this type holds, for the list of known keys
    is_dict = False

    def __init__(self, after=()):
        self.after = tuple(after)

    def check(self, value, loc: tuple, errors: list):
        result = self._check(value, loc, errors)
        if result is _FAIL:
            return _FAIL
        for func in self.after:
            try:
                result = func(result)
            except ValueError as exc:
                return _error(errors, "value_error", loc, f"Value error, {exc}", value, {"error": exc})
        return result

    def _check(self, value, loc, errors):
        raise NotImplementedError


class Str(Type):
    def __init__(self, strip: bool = False, min_length: int | None = None, max_length: int | None = None,
                 after=()):
        super().__init__(after)
        self.strip, self.min_length, self.max_length = strip, min_length, max_length

    def _check(self, value, loc, errors):
        if not isinstance(value, str):
            return _error(errors, "string_type", loc, "Input should be a valid string", value)
        text = value.strip(WHITESPACE) if self.strip else value
        low, high = self.min_length, self.max_length
        if low is not None and len(text) < low:
            return _error(errors, "string_too_short", loc,
                          f"String should have at least {low} character{'' if low == 1 else 's'}", value,
                          {"min_length": low})
        if high is not None and len(text) > high:
            return _error(errors, "string_too_long", loc,
                          f"String should have at most {high} character{'' if high == 1 else 's'}", value,
                          {"max_length": high})
        return text


def _number(value):
    """A float from a number, true/false or text (as pydantic's float reads them), or None."""
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:
            return None
    if isinstance(value, str):
        text = value.strip(WHITESPACE)
        if not _FLOAT.fullmatch(text) and text[:1] != "_" and text[-1:] != "_" and "__" not in text:
            text = text.replace("_", "")  # 1_000.5 (not _1, 1_ or 1__0)
        return float(text) if _FLOAT.fullmatch(text) else None
    return None


class Float(Type):
    def _check(self, value, loc, errors):
        number = _number(value)
        if number is None:
            if isinstance(value, str):
                return _error(errors, "float_parsing", loc,
                              "Input should be a valid number, unable to parse string as a number", value)
            return _error(errors, "float_type", loc, "Input should be a valid number", value)
        return number


class FloatOrStr(Type):
    """`float | str`: text as it is, a number as a float; errors of both branches otherwise."""

    def _check(self, value, loc, errors):
        if isinstance(value, str):
            return value
        number = _number(value)
        if number is None:
            _error(errors, "float_type", loc + ("float",), "Input should be a valid number", value)
            return _error(errors, "string_type", loc + ("str",), "Input should be a valid string", value)
        return number


class Int(Type):
    def __init__(self, strict: bool = False, ge: int | None = None, le: int | None = None, after=()):
        super().__init__(after)
        self.strict, self.ge, self.le = strict, ge, le

    def _check(self, value, loc, errors):
        number = self._int(value, loc, errors)
        if number is _FAIL:
            return _FAIL
        if self.ge is not None and not number >= self.ge:
            return _error(errors, "greater_than_equal", loc, f"Input should be greater than or equal to {self.ge}",
                          value, {"ge": self.ge})
        if self.le is not None and not number <= self.le:
            return _error(errors, "less_than_equal", loc, f"Input should be less than or equal to {self.le}",
                          value, {"le": self.le})
        return number

    def _int(self, value, loc, errors):
        if isinstance(value, int) and not (self.strict and isinstance(value, bool)):
            return int(value)
        if not self.strict and isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                return _error(errors, "finite_number", loc, "Input should be a finite number", value)
            if not value.is_integer():
                return _error(errors, "int_from_float", loc,
                              "Input should be a valid integer, got a number with a fractional part", value)
            if not -2.0 ** 63 <= value < 2.0 ** 63:
                return _error(errors, "int_parsing_size", loc,
                              "Unable to parse input string as an integer, exceeded maximum size", value)
            return int(value)
        if not self.strict and isinstance(value, str):
            match = _INT.fullmatch(value.strip(WHITESPACE))
            if match is None:
                return _error(errors, "int_parsing", loc,
                              "Input should be a valid integer, unable to parse string as an integer", value)
            digits = match.group(1).replace("_", "")
            sign, body = (digits[0], digits[1:]) if digits[0] in "+-" else ("", digits)
            try:
                return int(sign + (body.lstrip("0") or "0"))
            except ValueError:  # more than the 4300 digits Python converts: pydantic's two answers
                if value == match.group(0) and "_" not in value and sign != "+" and body[0] != "0":
                    return _error(errors, "int_parsing_size", loc,
                                  "Unable to parse input string as an integer, exceeded maximum size", value)
                return _error(errors, "int_parsing", loc,
                              "Input should be a valid integer, unable to parse string as an integer", value)
        return _error(errors, "int_type", loc, "Input should be a valid integer", value)


class OneOf(Type):
    """A literal: one of `choices` (text exactly; a number also from an equal float or true/false)."""

    def __init__(self, *choices, after=()):
        super().__init__(after)
        self.choices = choices
        shown = [repr(c) for c in choices]
        self.expected = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"

    def _check(self, value, loc, errors):
        key = value
        if isinstance(value, int) and not isinstance(value, bool) and not -2 ** 63 <= value < 2 ** 63 \
                and any(type(c) is int for c in self.choices):
            return _error(errors, "int_parsing_size", loc,
                          "Unable to parse input string as an integer, exceeded maximum size", value)
        if isinstance(value, bool) or (isinstance(value, float) and value.is_integer()):
            key = int(value)
        for choice in self.choices:
            if type(choice) is type(key) and choice == key:
                return choice
        return _error(errors, "literal_error", loc, f"Input should be {self.expected}", value,
                      {"expected": self.expected})


class Nullable(Type):
    def __init__(self, inner: Type, after=()):
        super().__init__(after)
        self.inner, self.model = inner, inner.model

    def _check(self, value, loc, errors):
        return None if value is None else self.inner.check(value, loc, errors)


class ListOf(Type):
    def __init__(self, item: Type, min_length: int | None = None, after=()):
        super().__init__(after)
        self.item, self.min_length, self.model = item, min_length, item.model

    def _check(self, value, loc, errors):
        if not isinstance(value, (list, tuple)):
            return _error(errors, "list_type", loc, "Input should be a valid list", value)
        items = [self.item.check(v, loc + (i,), errors) for i, v in enumerate(value)]
        if any(item is _FAIL for item in items):
            return _FAIL
        low = self.min_length
        if low is not None and len(items) < low:
            return _error(errors, "too_short", loc, f"List should have at least {low} item{'' if low == 1 else 's'} "
                          f"after validation, not {len(items)}", value,
                          {"field_type": "List", "min_length": low, "actual_length": len(items)})
        return items


class DictOf(Type):
    is_dict = True

    def __init__(self, key: Type, value: Type, after=()):
        super().__init__(after)
        self.key, self.value, self.model = key, value, value.model

    def _check(self, value, loc, errors):
        if not isinstance(value, dict):
            return _error(errors, "dict_type", loc, "Input should be a valid dictionary", value)
        result, failed = {}, False
        for k, v in value.items():
            key = self.key.check(k, loc + (_at(k), "[key]"), errors)
            item = self.value.check(v, loc + (_at(k),), errors)
            failed = failed or key is _FAIL or item is _FAIL
            if not failed:
                result[key] = item
        return _FAIL if failed else result


class Date(Type):
    def _check(self, value, loc, errors):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        return _error(errors, "date_type", loc, "Input should be a valid date", value)


class Before(Type):
    """`func` on the raw value first (a ValueError is an error), then `inner` on its result."""

    def __init__(self, func, inner: Type, after=()):
        super().__init__(after)
        self.func, self.inner, self.model = func, inner, inner.model

    def _check(self, value, loc, errors):
        try:
            made = self.func(value)
        except ValueError as exc:
            return _error(errors, "value_error", loc, f"Value error, {exc}", value, {"error": exc})
        return self.inner.check(made, loc, errors)


class Tagged(Type):
    """One of several forms, picked by `pick(value)` (a tag); errors are located under the tag."""

    def __init__(self, pick, branches: dict[str, Type], after=()):
        super().__init__(after)
        self.pick, self.branches = pick, branches
        self.model = next((b.model for b in branches.values() if b.model is not None), None)

    def _check(self, value, loc, errors):
        tag = self.pick(value)
        return self.branches[tag].check(value, loc + (tag,), errors)


class Model(Type):
    def __init__(self, record: type[Record], after=()):
        super().__init__(after)
        self.model = record

    def _check(self, value, loc, errors):
        return self.model.check_data(value, loc, errors)


class Field:
    """A key of a model: its type, and its default if it may be left out."""

    def __init__(self, kind: Type, default=REQUIRED, validate_default: bool = False):
        self.type, self.default, self.validate_default = kind, default, validate_default

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


class Record:
    """A validated mapping with attribute access; its `Field`s (class attributes) say what it holds.

    `Model(**keys)` validates keys (raising Invalid); `Model.validate(data)` validates a mapping.
    """

    FIELDS: dict[str, Field] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        fields = dict(cls.FIELDS)
        for name, value in list(vars(cls).items()):
            if isinstance(value, Field):
                fields[name] = value
                delattr(cls, name)
        cls.FIELDS = fields

    def __init__(self, **data):
        errors: list = []
        made = type(self).check_data(data, (), errors)
        if errors:
            raise Invalid(errors)
        self.__dict__.update(made.__dict__)

    @classmethod
    def validate(cls, data):
        errors: list = []
        made = cls.check_data(data, (), errors)
        if errors:
            raise Invalid(errors)
        return made

    @classmethod
    def check_data(cls, data, loc: tuple, errors: list):
        if isinstance(data, cls):
            return data
        if not isinstance(data, dict):
            return _error(errors, "model_type", loc, f"Input should be a valid dictionary or instance of {cls.__name__}",
                          data, {"class_name": cls.__name__})
        values, failed = {}, False
        for name, field in cls.FIELDS.items():
            if name in data:
                value = field.type.check(data[name], loc + (name,), errors)
            elif field.required:
                _error(errors, "missing", loc + (name,), "Field required", data)
                failed = True
                continue
            else:
                value = field.default
                value = list(value) if type(value) is list else value
                if field.validate_default:
                    value = field.type.check(value, loc + (name,), errors)
            failed = failed or value is _FAIL
            values[name] = value
        for key, value in data.items():
            if not isinstance(key, str):
                _error(errors, "invalid_key", loc + (_at(key),), "Keys should be strings", key)
                failed = True
            elif key not in cls.FIELDS:
                _error(errors, "extra_forbidden", loc + (key,), "Extra inputs are not permitted", value)
                failed = True
        if failed:
            return _FAIL
        made = cls.__new__(cls)
        made.__dict__.update(values)
        return made

    def as_dict(self, exclude=()) -> dict:
        """The fields and their values, in the order of the model (nested models as they are)."""
        return {name: value for name, value in self.__dict__.items() if name not in exclude}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, as pydantic's models
