"""Refuse text that the theme's fonts cannot draw, instead of printing missing-glyph boxes."""

from __future__ import annotations

import unicodedata

from reportlab.pdfbase import pdfmetrics

from newsletter_cli import model
from newsletter_cli.errors import Report

_IGNORED = {"\n", "\r", "\t", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}  # see markup._CONTROL


def covered(font_names) -> set[int]:
    """Code points present in every one of the given registered TrueType fonts."""
    sets = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in font_names]
    return set.intersection(*sets) if sets else set()


def check_glyphs(issue: model.Issue, font_names, report: Report, sections=None) -> None:
    """Every character the layout will set (of `sections` only, when given) must have a glyph."""
    cmap = covered(font_names)

    def look(text: str | None, file: str, line: int | None) -> None:
        if not text:
            return
        missing = sorted({ch for ch in text if ord(ch) not in cmap and ch not in _IGNORED})
        if missing:
            names = ", ".join(f"'{ch}' U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip() for ch in missing[:5])
            report.error(file, f"the theme's fonts have no glyph for {names}", line, None, code="glyph",
                         hint="replace the character or use a theme whose fonts cover it")

    chosen = issue.sections if sections is None else sections
    for value in (issue.publication, issue.tagline, issue.period, *(s.title for s in chosen),
                  *((issue.headline, *issue.highlights, issue.publisher.name, issue.publisher.website,
                     issue.publisher.email) if sections is None else ())):
        look(value, issue.manifest_file, None)
    for article in (a for s in chosen for a in s.articles):
        for value in (article.title, article.subtitle, article.source, article.dateline,
                      *(f"{a.name} {a.role or ''} {a.email or ''}" for a in article.authors)):
            look(value, article.source_file, None)
        if article.signature:
            look(f"{article.signature.closing or ''} {article.signature.name} {article.signature.title or ''}",
                 article.source_file, None)
        for block, text in model.block_texts(article.blocks):
            look(text, article.source_file, block.line)
