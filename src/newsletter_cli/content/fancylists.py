"""Pandoc's fancy_lists for markdown-it: ordered lists numbered `a)`, `iv.`, `(C)`, `(3)`.

A block rule tried before markdown-it's own list rule (which keeps `1.` and `1)`). It reads a
list as CommonMark reads one (items, their indent, nesting, lazy lines: the same walk as
markdown-it's `list` rule) whose markers are letters, Roman numerals or numbers in
parentheses (`numbering.marker`), and writes the same tokens, with the numbering in the
`ordered_list_open` token's attributes: `type` (1, a, A, i, I), `delim` and `start`.

Prose must never become a list, so a list of these is taken only when
- its first marker is followed by text, and a capital letter with a period by two spaces
  (`A. Smith wrote`, `I. M. Pei` stay text: Pandoc's rule), and not `p. 12` (a page);
- it has a second item numbered after the first (`c)` then `d)`), or it goes on from an
  earlier list of the same numbering (`d)` after a list that ended at `c)`), or its first
  marker is followed by two spaces (`v.  ` is meant; `v. the state` is not);
- it does not interrupt a paragraph at the top level (a blank line comes before it). Inside a
  list item, one whose first marker is the first number (`a)`, `i.`, `(1)`) may follow the
  item's text line without a blank line, as a nested `1.` list may, and the next item of the
  list around it ends the text of an item nested in it.
Everything else is the paragraph text it was. The rule looks at each line a bounded number of
times (the look-ahead for a second item stops after SCAN lines), so it is linear in the text.
"""

from __future__ import annotations

from newsletter_cli.content.numbering import Marker, marker

TYPES = {"decimal": "1", "lower-alpha": "a", "upper-alpha": "A", "lower-roman": "i", "upper-roman": "I"}
STYLE_OF = {code: style for style, code in TYPES.items()}
NEXT = "fancy_lists_next"  # env: (style, delim) -> the number the last such list would go on with
STACK = "fancy_lists_open"  # env: the (style, delim) of the fancy lists being read, innermost last
SCAN = 40  # lines looked at, at most, for a second item before a list is allowed to interrupt text


def use_fancy_lists(md) -> None:
    md.block.ruler.before("list", "fancy_list", fancy_list, {"alt": ["paragraph"]})
    md.core.ruler.after("block", "list_delim", _decimal_delims)


def _decimal_delims(state) -> None:
    """markdown-it's own `1.` and `1)` lists: their delimiter as an attribute, as the fancy lists have it."""
    for token in state.tokens:
        if token.type == "ordered_list_open" and not (token.attrs and "delim" in token.attrs):
            token.attrSet("delim", "paren" if token.markup == ")" else "period")


def _first(state, line: int) -> Marker | None:
    """The first marker of a list starting at `line` (`i` goes on a letter list that ended at h)."""
    src, pos, end = state.src, state.bMarks[line] + state.tShift[line], state.eMarks[line]
    found = marker(src, pos, end)
    if found is None:
        return None
    nexts = state.env.get(NEXT) or {}
    if found.single and found.value == 1 and found.style.endswith("roman"):
        case = found.style.split("-")[0]
        if nexts.get((f"{case}-alpha", found.delim)) == 9:
            found = marker(src, pos, end, f"{case}-alpha", found.delim)
    if found.style == "lower-alpha" and found.value == 16 and found.delim == "period":
        rest = src[found.end:end].lstrip(" \t")
        if rest[:1].isdigit():
            return None  # `p. 12`: a page
    if found.spaces == 0:
        return None  # nothing after it: no list starts with an empty item here
    if found.delim == "period" and found.style.startswith("upper") and found.single and found.spaces < 2:
        return None  # `A. Smith`, `I. M. Pei`: initials
    return found


def _goes_on(state, first: Marker) -> bool:
    nexts = state.env.get(NEXT) or {}
    return first.spaces >= 2 or nexts.get((first.style, first.delim)) == first.value


def _second_item_ahead(state, line: int, end_line: int, first: Marker) -> bool:
    """Whether a line after `line` (within SCAN lines, past the item's indented or lazy lines)
    is the list's second item, numbered after the first."""
    column = state.sCount[line]
    content = column + (first.end - state.bMarks[line] - state.tShift[line]) + 1
    blank = False
    for k in range(line + 1, min(end_line, line + 1 + SCAN)):
        if state.isEmpty(k):
            blank = True
            continue
        if state.sCount[k] >= content:
            blank = False
            continue
        pos = state.bMarks[k] + state.tShift[k]
        found = marker(state.src, pos, state.eMarks[k], first.style, first.delim)
        if found is not None:
            return found.value == first.value + 1 and state.sCount[k] < content
        if blank:
            return False  # a line less indented after a blank line: the item has ended
    return False


def fancy_list(state, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    if (state.listIndent >= 0 and state.sCount[start_line] - state.listIndent >= 4
            and state.sCount[start_line] < state.blkIndent):
        return False  # (markdown-it's: a paragraph's continuation, indented too far for an item)
    outdented = state.sCount[start_line] < state.blkIndent
    if silent:  # may this line end the paragraph above it?
        if state.listIndent < 0 and not outdented:
            return False  # never at the top level: a line in a paragraph stays in it
        stack = state.env.get(STACK) or []
        if outdented:  # the next item of a list around the item this text is in
            pos = state.bMarks[start_line] + state.tShift[start_line]
            for numbering in reversed(stack):
                found = marker(state.src, pos, state.eMarks[start_line], *numbering)
                if found is not None and found.spaces:
                    return True
        first = _first(state, start_line)
        return (first is not None and first.value == 1
                and (_goes_on(state, first) or _second_item_ahead(state, start_line, end_line, first)))
    first = _first(state, start_line)
    if first is None:
        return False
    return _read(state, start_line, end_line, first)


def _read(state, start_line: int, end_line: int, first: Marker) -> bool:
    """The list from `start_line`, as markdown-it's list rule reads one; False (and nothing
    written) when it is not taken after all (one item, going on from nothing)."""
    env = state.env
    saved_tokens, saved_next, saved_defs = len(state.tokens), dict(env.get(NEXT) or {}), _definitions(env)
    stack = env.setdefault(STACK, [])
    stack.append((first.style, first.delim))
    old_parent = state.parentType
    try:
        items, second, next_line = _items(state, start_line, end_line, first)
    finally:
        stack.pop()
        state.parentType = old_parent
    if not (_goes_on(state, first) or (items >= 2 and second == first.value + 1)):
        del state.tokens[saved_tokens:]  # prose after all: read as the paragraph it is
        env[NEXT] = saved_next
        _forget_definitions(env, saved_defs)
        state.line = start_line
        return False
    env.setdefault(NEXT, {})[(first.style, first.delim)] = first.value + items
    return True


def _labels(env) -> list[dict]:
    """The maps of link references and footnote labels the parse fills in (it only adds to them)."""
    footnotes = env.get("footnotes")
    maps = [env.get("references"), footnotes.get("refs") if isinstance(footnotes, dict) else None]
    return [m for m in maps if isinstance(m, dict)]


def _definitions(env) -> list[tuple[dict, int]]:
    return [(m, len(m)) for m in _labels(env)]


def _forget_definitions(env, saved: list[tuple[dict, int]]) -> None:
    """Take out the definitions made inside a list that was not taken (the newest keys)."""
    sizes = {id(m): n for m, n in saved}
    for labels in _labels(env):
        while len(labels) > sizes.get(id(labels), 0):
            labels.popitem()


def _items(state, start_line: int, end_line: int, first: Marker):
    token = state.push("ordered_list_open", "ol", 1)
    token.attrs = {"type": TYPES[first.style], "delim": first.delim}
    if first.value != 1:
        token.attrs["start"] = first.value
    token.map = list_lines = [start_line, 0]
    token.markup = ")" if first.delim != "period" else "."
    list_index = len(state.tokens) - 1
    terminators = state.md.block.ruler.getRules("list")
    state.parentType = "list"
    tight, prev_empty_end = True, False
    items, second = 0, None
    current, line = first, start_line
    while line < end_line:
        begin = state.bMarks[line] + state.tShift[line]
        pos, maximum = current.end, state.eMarks[line]
        initial = offset = state.sCount[line] + current.end - begin
        while pos < maximum and state.src[pos] in " \t":
            offset += 4 - (offset + state.bsCount[line]) % 4 if state.src[pos] == "\t" else 1
            pos += 1
        content_start = pos
        after = 1 if content_start >= maximum else offset - initial
        if after > 4:
            after = 1  # more than four spaces: the rest is an indented code block
        indent = initial + after

        item = state.push("list_item_open", "li", 1)
        item.markup = token.markup
        item.map = item_lines = [line, 0]
        item.info = state.src[begin:current.end]
        old = (state.tight, state.tShift[line], state.sCount[line], state.listIndent)
        state.listIndent = state.blkIndent
        state.blkIndent = indent
        state.tight = True
        state.tShift[line] = content_start - state.bMarks[line]
        state.sCount[line] = offset
        state.md.block.tokenize(state, line, end_line)
        if not state.tight or prev_empty_end:
            tight = False
        prev_empty_end = (state.line - line) > 1 and state.isEmpty(state.line - 1)
        state.blkIndent = state.listIndent
        state.tight, state.tShift[line], state.sCount[line], state.listIndent = old
        close = state.push("list_item_close", "li", -1)
        close.markup = token.markup
        items += 1

        line = state.line
        item_lines[1] = line
        if line >= end_line or state.sCount[line] < state.blkIndent or state.is_code_block(line):
            break
        if any(rule(state, line, end_line, True) for rule in terminators):
            break
        pos = state.bMarks[line] + state.tShift[line]
        found = marker(state.src, pos, state.eMarks[line], first.style, first.delim)
        if found is None or not found.spaces:
            break
        if second is None:
            second = found.value
        current = found

    close = state.push("ordered_list_close", "ol", -1)
    close.markup = token.markup
    list_lines[1] = line
    state.line = line
    if tight:  # (markdown-it's markTightParagraphs)
        level = state.level + 2
        for i in range(list_index + 2, len(state.tokens) - 2):
            if state.tokens[i].level == level and state.tokens[i].type == "paragraph_open":
                state.tokens[i].hidden = state.tokens[i + 2].hidden = True
    return items, second, line
