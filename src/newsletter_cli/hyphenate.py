"""Hyphenation by the issue's language (pyphen), cached per word."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=16)
def hyphenator(language: str, min_length: int = 6):
    """A callable word -> [(head, tail), …] for ReportLab, or None if the language is unknown."""
    import pyphen

    lang = pyphen.language_fallback(language.replace("-", "_"))
    if lang is None:
        return None
    dic = pyphen.Pyphen(lang=lang, left=2, right=2)

    @lru_cache(maxsize=20000)
    def split(word: str):
        if len(word) < min_length or not word.isalpha():
            return ()
        return tuple(dic.iterate(word))

    return split
