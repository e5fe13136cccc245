"""PyYAML, made safe and located: the loader behind `yamlsafe.load_yaml`.

Imported only when a text is not in the cache of parsed sources (`sources.py`): a build whose
YAML has not changed never loads PyYAML.

When PyYAML has libyaml (`yaml.__with_libyaml__`), its C parser reads the text into events
(`yaml.CParser`: check_event, peek_event, get_event), several times quicker than PyYAML's
scanner and parser in Python; the composer and constructor above them are PyYAML's Python
ones with the checks below, as without libyaml. A text the C parser or a check refuses is
parsed again by the pure-Python loader, whose message and line:col are the ones reported
(libyaml's error texts and marks differ from PyYAML's), so every error reads as it did. So is
a text where libyaml 0.2 would read otherwise than PyYAML (a tab in a plain scalar, a '?' in a
flow scalar, the "!" tag, the mark of an empty key or item...: `_PYTHON_ONLY` and `_Differs`,
found by tests/test_yamlparse.py, which compares both loaders on thousands of edited texts).
"""

from __future__ import annotations

import re

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from newsletter_cli.errors import NewsletterError
from newsletter_cli.source.yamlsafe import MAX_DEPTH, LocatedDict, LocatedList


_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
# where libyaml reads a text otherwise than PyYAML: a tab in a plain scalar (PyYAML refuses it),
# a byte order mark inside the text (PyYAML does not count it in the column), a comment right
# after a block scalar's header (`key: >#`, refused by PyYAML)
_PYTHON_ONLY = re.compile("[\t\ufeff]|[|>][-+0-9]*#")


class _Differs(Exception):
    """libyaml has read the text otherwise than PyYAML would."""


class _Checks:
    """The checks of the composer and constructor, over either parser's events."""

    filename: str
    line_offset: int
    depth: int

    def pos(self, node_or_event) -> tuple[int, int]:
        mark = node_or_event.start_mark
        return mark.line + 1 + self.line_offset, mark.column + 1

    def _fail(self, message: str, at) -> None:
        line, col = self.pos(at)
        raise NewsletterError.at(self.filename, message, line, col, code="yaml")

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self._fail("YAML aliases (*name) are not allowed in newsletter files", event)
        if isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent)) and event.anchor:
            self._fail("YAML anchors (&name) are not allowed in newsletter files", event)
        if isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent)) and event.tag \
                and event.tag != "!":
            # no explicit tags at all: !!python/… would construct objects, and !!binary, !!set,
            # !!timestamp… only give values the schema cannot use
            self._fail(f"invalid YAML: YAML tags such as !!python/object are not allowed "
                       f"(found '{_short_tag(event.tag)}')", event)
        control = _CONTROL.search(event.value) if isinstance(event, ScalarEvent) else None
        if control:  # written as an escape ("\x9b", "\0"): refused as the reader refuses it typed
            line, col = self.pos(event)
            raise NewsletterError.at(self.filename, f"invalid YAML: control character "
                                     f"U+{ord(control.group(0)):04X} is not allowed", line, col, code="yaml",
                                     hint="remove it (often pasted from another program, or a stray escape)")
        if isinstance(event, ScalarEvent) and _SURROGATE.search(event.value):
            # "\ud83d" escapes half of a UTF-16 pair: no character at all, and no encoder writes it
            char = _SURROGATE.search(event.value).group(0)
            line, col = self.pos(event)
            raise NewsletterError.at(self.filename, f"invalid YAML: the escape \\u{ord(char):04x} is half of a "
                                     "UTF-16 surrogate pair, not a character", line, col, code="yaml",
                                     hint="write the character itself, or one escape of its code point "
                                     "such as \\U0001F600")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._fail(f"nesting deeper than {MAX_DEPTH} levels", event)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, MappingNode):
            self._fail("expected a mapping", node)
        result = LocatedDict()
        result.mark = self.pos(node)
        result.key_marks = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail("YAML merge keys (<<) are not allowed", key_node)
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                self._fail("mapping keys must be plain text", key_node)
            if key in result:
                line, _ = result.key_marks[key]
                self._fail(f"duplicate key '{key}' (first given on line {line})", key_node)
            result[key] = self.construct_object(value_node, deep=True)
            result.key_marks[key] = self.pos(key_node)
        return result

    def construct_sequence(self, node, deep=False):
        if not isinstance(node, SequenceNode):
            self._fail("expected a list", node)
        result = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        result.mark = self.pos(node)
        result.item_marks = [self.pos(child) for child in node.value]
        return result


def _short_tag(tag: str) -> str:
    tag = tag.replace("tag:yaml.org,2002:", "!!")
    return tag if len(tag) <= 40 else tag[:40] + "…"


def _located_mapping(loader, node):
    return loader.construct_mapping(node)


def _located_sequence(loader, node):
    return loader.construct_sequence(node)


def _timestamp(loader, node):
    """A date such as 2024-02-30 matches YAML's date pattern but does not exist: keep it as text,
    so that the schema reports it at its place, together with every other mistake."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):
        return str(node.value)


class _Loader(_Checks, yaml.SafeLoader):
    def __init__(self, stream, filename: str, line_offset: int = 0):
        yaml.SafeLoader.__init__(self, stream)
        self.filename = filename
        self.line_offset = line_offset
        self.depth = 0


_LOADERS = [_Loader]
if yaml.__with_libyaml__:
    from yaml._yaml import CParser
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    class _CLoader(_Checks, Composer, SafeConstructor, Resolver, CParser):
        """libyaml's events under PyYAML's Python composer (its get_single_node, not CParser's)."""

        def __init__(self, stream, filename: str, line_offset: int = 0):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self.filename = filename
            self.line_offset = line_offset
            self.depth = 0
            self.flow = 0  # how deep in [...] and {...} the composer is

        def compose_node(self, parent, index):
            event = self.peek_event()
            if parent is not None and not isinstance(index, Node) and isinstance(event, ScalarEvent) \
                    and not event.value and not event.style:
                # an empty key or item: its mark is kept, and PyYAML's is where the token before
                # it ends, libyaml's where the next one begins
                raise _Differs
            if getattr(event, "tag", None) == "!":
                # PyYAML reads `!,` in [...] as a tag "!," (refused), and an empty node tagged "!"
                # as None; libyaml as "!" and ''
                raise _Differs
            return super().compose_node(parent, index)

        def compose_scalar_node(self, anchor):
            event = self.peek_event()
            if self.flow and not event.style and "?" in event.value:  # plain: style None or ""
                raise _Differs  # PyYAML ends a plain scalar in [...] or {...} at '?', libyaml 0.2 not
            return super().compose_scalar_node(anchor)

        def compose_sequence_node(self, anchor):
            return self._flow_node(super().compose_sequence_node, anchor)

        def compose_mapping_node(self, anchor):
            return self._flow_node(super().compose_mapping_node, anchor)

        def _flow_node(self, compose, anchor):
            flow = bool(self.peek_event().flow_style)
            self.flow += flow
            try:
                return compose(anchor)
            finally:
                self.flow -= flow

    _LOADERS.insert(0, _CLoader)

for _class in _LOADERS:
    _class.add_constructor("tag:yaml.org,2002:map", _located_mapping)
    _class.add_constructor("tag:yaml.org,2002:seq", _located_sequence)
    _class.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def parse(text: str, filename: str, line_offset: int = 0):
    """The YAML document in `text`, or a located NewsletterError."""
    if len(_LOADERS) > 1 and not _PYTHON_ONLY.search(text):
        loader = None
        try:
            loader = _LOADERS[0](text, filename, line_offset)
            return loader.get_single_data()
        except Exception:  # noqa: BLE001 - every refusal is reported as the Python parser reports it
            pass
        finally:
            if loader is not None:
                loader.dispose()
    return python_parse(text, filename, line_offset)


def python_parse(text: str, filename: str, line_offset: int = 0):
    """`parse` with PyYAML's pure-Python parser: the one whose errors are reported."""
    loader = None
    try:
        loader = _Loader(text, filename, line_offset)  # its reader refuses control characters at once
        return loader.get_single_data()
    except NewsletterError:
        raise
    except yaml.reader.ReaderError as exc:
        before = text[:exc.position]
        line = before.count("\n") + 1 + line_offset
        col = len(before) - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise NewsletterError.at(filename, f"invalid YAML: control character U+{char:04X} is not "
                                 "allowed", line, col, code="yaml",
                                 hint="remove it (often pasted from another program)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        hint = None
        if "mapping values are not allowed" in problem:
            hint = ("a value that contains a colon and a space must be quoted, "
                    "e.g. title: \"Customs: the year in review\"")
        if "could not determine a constructor" in str(exc):
            problem = "YAML tags such as !!python/object are not allowed"
        elif "expected a single document" in str(exc):
            problem = "file holds more than one YAML document (a second '---')"
        raise NewsletterError.at(filename, f"invalid YAML: {problem}", line, col, code="yaml",
                                 hint=hint) from None
    except yaml.YAMLError as exc:
        raise NewsletterError.at(filename, f"invalid YAML: {exc}", code="yaml") from None
    except RecursionError:
        raise NewsletterError.at(filename, "YAML nested too deeply", code="yaml") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value PyYAML cannot construct
        raise NewsletterError.at(filename, f"invalid YAML value: {exc}", code="yaml") from None
    finally:
        if loader is not None:
            loader.dispose()
