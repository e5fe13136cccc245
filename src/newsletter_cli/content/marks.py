"""Inline marks of other tools, as markdown-it rules: Pandoc's `H~2~O` and `x^2^` (mdit-py-plugins'
subscript and superscript rules, opened only after a character, as in a formula: `a ~b~ c`, `~5-~10`
and `^_^` after a space stay text, as does a footnote's `[^1]`) and `==highlight==` (Obsidian's, pymdownx's, markdown-it-mark's).

`==` opens a highlight where it starts a word and closes it where one ends, like `_`: `a==b` and
`x == y` are text, and so is `==` beside `<` or `>` (the arrows `==>`, `<==`) and a run of three or
more (`===`). The highlight becomes `mark_open`/`mark_close` tokens, its text set plain, as `<mark>` is.
"""

from __future__ import annotations


def use_marks(md) -> None:
    from mdit_py_plugins.subscript import sub_plugin
    from mdit_py_plugins.superscript import superscript_plugin

    md.use(sub_plugin)
    md.use(superscript_plugin)
    for name in ("sub", "sup"):
        md.inline.ruler.at(name, _after_a_character(_rule(md, name)))
    md.inline.ruler.before("emphasis", "mark", _mark)
    md.inline.ruler2.before("emphasis", "mark", _mark_pairs)


def _rule(md, name: str):
    ruler = md.inline.ruler
    return ruler.__rules__[ruler.__find__(name)].fn


def _after_a_character(rule):
    def tokenize(state, silent: bool) -> bool:
        if state.pos == 0 or state.src[state.pos - 1].isspace() or state.src[state.pos - 1] == "[":
            return False  # (`[^1]`: a footnote's mark, with its note or not)
        return rule(state, silent)
    return tokenize


def _mark(state, silent: bool) -> bool:
    start = state.pos
    if silent or state.src[start] != "=":
        return False
    end = start
    while end < state.posMax and state.src[end] == "=":
        end += 1
    before = state.src[start - 1] if start > 0 else " "
    after = state.src[end] if end < state.posMax else " "
    token = state.push("text", "", 0)
    token.content = state.src[start:end]
    state.pos = end
    if end - start != 2 or before in "<>" or after in "<>":
        return True  # text: `===`, an arrow
    from markdown_it.rules_inline.state_inline import Delimiter

    opens = not after.isspace() and not before.isalnum()
    closes = not before.isspace() and not after.isalnum()
    if opens or closes:
        state.delimiters.append(Delimiter(marker=ord("="), length=0, token=len(state.tokens) - 1, end=-1,
                                          open=opens, close=closes))
    return True


def _mark_pairs(state) -> None:
    lists = [state.delimiters] + [meta["delimiters"] for meta in state.tokens_meta if meta and "delimiters" in meta]
    for delimiters in lists:
        for delim in delimiters:
            if delim.marker != ord("=") or delim.end == -1:
                continue
            for index, (kind, nesting) in ((delim.token, ("mark_open", 1)),
                                           (delimiters[delim.end].token, ("mark_close", -1))):
                token = state.tokens[index]
                token.type, token.tag, token.nesting, token.markup, token.content = kind, "mark", nesting, "==", ""
