"""What each piece of a fenced code block is, for its colours: keywords, strings, comments,
numbers, the rest plain, read by Pygments' lexer for the fence's language (```python).

The layout colours them (layout/codeblock.py); the text, and so what a reader copies or
hears, is the code as written. A language Pygments does not know, a block without one, and a
block too large to read quickly are plain. Pygments lexes with regular expressions, and a
hostile block could make one slow: lexing stops after BUDGET seconds and the block is plain.
Pygments is a dependency of Rich, so it is always there; it is imported by a build only when
one of its code blocks names a language.
"""

from __future__ import annotations

import time

MAX_CHARS = 50_000  # a longer block is printed plain
BUDGET = 0.25  # seconds of lexing, at most, for one block

# Pygments' token types (by their first two parts), as the roles the theme colours
_ROLES = (("Comment", "comment"), ("Literal.String", "string"), ("Literal.Number", "number"),
          ("Keyword", "keyword"), ("Name.Builtin", "keyword"), ("Name.Decorator", "keyword"),
          ("Operator.Word", "keyword"), ("Generic.Deleted", "deleted"), ("Generic.Inserted", "inserted"),
          ("Generic.Heading", "keyword"), ("Generic.Subheading", "keyword"))


def _role(token_type) -> str:
    name = str(token_type)[len("Token."):]
    for prefix, role in _ROLES:
        if name == prefix or name.startswith(prefix + "."):
            return role
    return "plain"


def roles(lines: list[str], language: str) -> list[list[tuple[int, int, str]]] | None:
    """For each of `lines` (the block's lines as it is drawn), its pieces (start, end, role) of
    any role but "plain"; None when the block is printed plain."""
    language = language.strip().lower()
    text = "\n".join(lines)
    if not language or len(text) > MAX_CHARS or not text.strip():
        return None
    try:
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound
    except ImportError:  # (Rich brings it; without it, plain)
        return None
    try:
        lexer = get_lexer_by_name(language, stripnl=False, stripall=False, ensurenl=True, tabsize=0)
    except (ClassNotFound, ValueError):
        return None
    out: list[list[tuple[int, int, str]]] = [[] for _ in lines]
    row, column, started = 0, 0, time.perf_counter()
    try:
        for count, (kind, value) in enumerate(lexer.get_tokens(text)):
            if count % 256 == 0 and time.perf_counter() - started > BUDGET:
                return None
            role = _role(kind)
            for n, part in enumerate(value.split("\n")):
                if n:
                    row, column = row + 1, 0
                if part and role != "plain" and row < len(out):
                    out[row].append((column, column + len(part), role))
                column += len(part)
    except Exception:  # noqa: BLE001 - a lexer's own failure on odd input: the block is printed plain
        return None
    return out
