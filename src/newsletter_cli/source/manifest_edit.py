"""Add articles to a section of a manifest by editing its text, not by rewriting the YAML.

The new entries are inserted after the last line of the section's `articles:` list (a block
list) or before its closing `]` (a flow list), with the indentation of the list's own items;
every other character of the file, comments included, stays as it was. The edited text is
parsed again to check that the list now ends with exactly the new entries.
"""

from __future__ import annotations

import re

from newsletter_cli.errors import NewsletterError


def _yaml():
    import yaml

    return yaml


def find_articles(text: str, section: str, shown: str):
    """The `articles` sequence node of the section named by its kind or its title."""
    return find_section(text, section, shown)[1]


def find_section(text: str, section: str, shown: str):
    """(the section's mapping node, its `articles` sequence node), by kind or title."""
    yaml = _yaml()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise NewsletterError.at(shown, f"the manifest is not valid YAML ({str(exc).splitlines()[0]})",
                                 code="yaml") from None
    sections = _value(root, "sections")
    if sections is None or not isinstance(sections, yaml.SequenceNode):
        raise NewsletterError.at(shown, "the manifest has no 'sections' list", code="import-section")
    described = []
    by_title, by_kind = [], []
    for node in sections.value:
        if not isinstance(node, yaml.MappingNode):
            continue
        kind = _scalar(_value(node, "kind"))
        title = _scalar(_value(node, "title"))
        described.append(f"{kind} ({title})")
        if title.strip().lower() == section.strip().lower():
            by_title.append(node)
        if kind.strip().lower() == section.strip().lower():
            by_kind.append(node)
    chosen = by_title or by_kind
    if not chosen:
        raise NewsletterError.at(shown, f"no section '{section}' in the manifest", code="import-section",
                                 hint="the sections are: " + ", ".join(described))
    if len(chosen) > 1:
        raise NewsletterError.at(shown, f"{len(chosen)} sections are '{section}': name one by its title",
                                 code="import-section", hint="the sections are: " + ", ".join(described))
    articles = _value(chosen[0], "articles")
    if articles is None or not isinstance(articles, yaml.SequenceNode):
        line = chosen[0].start_mark.line + 1
        raise NewsletterError.at(shown, f"section '{section}' has no 'articles' list", line,
                                 code="import-section")
    return chosen[0], articles


def section_kind(text: str, section: str, shown: str) -> str:
    """The kind (features, essays, reports…) of the section `add_articles` would add to."""
    return _scalar(_value(find_section(text, section, shown)[0], "kind"))


def add_articles(text: str, section: str, entries: list[str], shown: str) -> str:
    articles = find_articles(text, section, shown)
    before = len(articles.value)
    for entry in entries:
        if not re.fullmatch(r"[A-Za-z0-9_./-]+", entry):
            raise ValueError(f"not a plain manifest path: {entry!r}")
    newline = "\r\n" if "\r\n" in text else "\n"
    if articles.flow_style or not articles.value:
        joined = ", ".join(entries)
        if articles.value:  # right after the last entry: `[a.md, b.md` + `, new.md`
            at = articles.value[-1].end_mark.index
            new = text[:at] + ", " + joined + text[at:]
        else:
            close = text.rfind("]", 0, articles.end_mark.index)
            if close < 0:
                raise NewsletterError.at(shown, "the section's articles list cannot be edited",
                                         code="import-section")
            new = text[:close] + joined + text[close:]
    else:
        dash_col = articles.start_mark.column
        last = _last_line(articles.value[-1])
        lines = text.splitlines(keepends=True)
        if last >= len(lines):
            last = len(lines) - 1
        if not lines[last].endswith(("\n", "\r")):
            lines[last] += newline
        added = "".join(f"{' ' * dash_col}- {entry}{newline}" for entry in entries)
        new = "".join(lines[:last + 1]) + added + "".join(lines[last + 1:])
    check = find_articles(new, section, shown)
    got = [_scalar(n) for n in check.value[before:]]
    if len(check.value) != before + len(entries) or got != entries:
        raise NewsletterError.at(shown, "the manifest's articles list has a layout this command cannot edit "
                                 "safely: add the article by hand", code="import-section",
                                 hint="new entries: " + ", ".join(entries))
    return new


def _last_line(node) -> int:
    """The 0-based line of the last character of `node`'s own text."""
    yaml = _yaml()
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    mark = node.end_mark
    line = mark.line
    if mark.column == 0 and line > node.start_mark.line:
        line -= 1  # a block scalar ends at the start of the next line
    return line


def _value(mapping, key: str):
    yaml = _yaml()
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _scalar(node) -> str:
    yaml = _yaml()
    return node.value if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) else ""
