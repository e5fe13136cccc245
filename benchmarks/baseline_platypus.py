#!/usr/bin/env python
"""The baseline of tracker issue 6: a minimal ReportLab platypus script for the same text.

    python benchmarks/baseline_platypus.py issues/076.yaml -o /tmp/baseline-076.pdf

It reads the manifest's sections and article files (YAML front matter + Markdown), renders
the Markdown with markdown-it-py into a flat list of Paragraph and heading flowables (all
user text escaped for ReportLab's paragraph markup), registers the brand's TrueType fonts
from assets/fonts, and lays out an A4 document: a cover page, a contents page filled by a
TableOfContents through multiBuild (two passes), a footer with the page number, each article
on a new page, and a PDF outline (sections, then articles). No hyphenation, images, columns
or other design: it is the floor that `newsletter build` is compared with, in the same run,
by benchmarks/run.py. Only the project's own dependencies are used (reportlab, pyyaml,
markdown-it-py).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from markdown_it import MarkdownIt
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.I)


# --- fonts ----------------------------------------------------------------------------------------

def register_fonts() -> None:
    faces = {
        "Serif": "SourceSerifPro-Regular", "Serif-Bold": "SourceSerifPro-Bold",
        "Serif-Italic": "SourceSerifPro-It", "Serif-BoldItalic": "SourceSerifPro-BoldIt",
        "Sans": "SourceSansPro-Regular", "Sans-Bold": "SourceSansPro-Bold", "Sans-Italic": "SourceSansPro-It",
    }
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{file}.ttf")))
    pdfmetrics.registerFontFamily("Serif", normal="Serif", bold="Serif-Bold", italic="Serif-Italic",
                                  boldItalic="Serif-BoldItalic")
    pdfmetrics.registerFontFamily("Sans", normal="Sans", bold="Sans-Bold", italic="Sans-Italic",
                                  boldItalic="Sans-Bold")


def make_styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="Serif", fontSize=10, leading=14, alignment=TA_JUSTIFY, spaceAfter=6)
    return {
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=4),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, alignment=0),
        "section": ParagraphStyle("section", fontName="Sans-Bold", fontSize=22, leading=26, spaceAfter=12),
        "title": ParagraphStyle("title", fontName="Sans-Bold", fontSize=17, leading=21, spaceAfter=10),
        "h2": ParagraphStyle("h2", fontName="Sans-Bold", fontSize=13, leading=16, spaceBefore=8, spaceAfter=4),
        "h3": ParagraphStyle("h3", fontName="Sans-Bold", fontSize=11, leading=14, spaceBefore=6, spaceAfter=3),
        "meta": ParagraphStyle("meta", fontName="Sans-Italic", fontSize=9, leading=12, spaceAfter=8),
        "cover": ParagraphStyle("cover", fontName="Sans-Bold", fontSize=30, leading=36, spaceAfter=16),
        "cover-sub": ParagraphStyle("cover-sub", fontName="Sans", fontSize=14, leading=20, spaceAfter=8),
        "toc0": ParagraphStyle("toc0", fontName="Sans-Bold", fontSize=11, leading=15, spaceBefore=6),
        "toc1": ParagraphStyle("toc1", fontName="Serif", fontSize=9.5, leading=12, leftIndent=14, firstLineIndent=0),
    }


# --- Markdown -> flowables ------------------------------------------------------------------------

def read_article(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    meta: dict = {}
    if text.startswith("---\n"):
        end = text.index("\n---", 4)
        meta = yaml.safe_load(text[4:end]) or {}
        text = text[end + 4:]
    # the project's extensions, reduced to plain Markdown: `{width=…}` after an image, `:::` fences
    text = re.sub(r"(!\[[^\]]*\]\([^)]*\))\{[^}]*\}", r"\1", text)
    text = re.sub(r"(?m)^:::[ \t]*(?:callout|caption|pullquote)?[ \t]*(.*)$", r"\n\1\n", text)
    return meta, text


def inline_markup(children) -> str:
    out: list[str] = []
    links: list[bool] = []
    for tok in children or []:
        kind = tok.type
        if kind == "text":
            out.append(escape(tok.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" " if kind == "softbreak" else "<br/>")
        elif kind in ("strong_open", "strong_close"):
            out.append("<b>" if kind.endswith("open") else "</b>")
        elif kind in ("em_open", "em_close"):
            out.append("<i>" if kind.endswith("open") else "</i>")
        elif kind == "code_inline":
            out.append(f'<font face="Courier">{escape(tok.content)}</font>')
        elif kind == "link_open":
            href = str(tok.attrs.get("href", ""))
            ok = bool(SAFE_LINK.match(href))
            links.append(ok)
            if ok:
                out.append(f'<a href="{escape(href, {chr(34): "&quot;"})}" color="#1f4e79">')
        elif kind == "link_close":
            if links and links.pop():
                out.append("</a>")
        elif kind == "image":
            out.append(f"<i>[Figure: {escape(tok.content)}]</i>")
        else:  # anything else (raw HTML is off): its text, escaped
            out.append(escape(tok.content))
    return "".join(out)


def markdown_flowables(md: MarkdownIt, text: str, styles) -> list:
    flow: list = []
    lists: list[list] = []  # [ordered, counter]
    row: list[str] | None = None
    tokens = md.parse(text)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            level = int(tok.tag[1])
            flow.append(Paragraph(inline_markup(tokens[i + 1].children), styles["h2" if level <= 2 else "h3"]))
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([kind == "ordered_list_open", int(tok.attrs.get("start", 1) or 1) - 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            lists[-1][1] += 1
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open"):
            if row is not None:
                row.append(inline_markup(tokens[i + 1].children))
        elif kind == "tr_close":
            if row:
                flow.append(Paragraph(" | ".join(row), styles["cell"]))
            row = None
        elif kind == "inline" and tokens[i - 1].type == "paragraph_open":
            if row is None:
                markup = inline_markup(tok.children)
                if lists:
                    ordered, n = lists[-1]
                    flow.append(Paragraph(markup, styles["bullet"], bulletText=f"{n}." if ordered else "•"))
                elif markup.strip():
                    flow.append(Paragraph(markup, styles["body"]))
        elif kind in ("fence", "code_block"):
            flow.append(Paragraph(escape(tok.content).replace("\n", "<br/>"), styles["cell"]))
        i += 1
    return flow


class Heading(Paragraph):
    """A heading that goes into the contents and the outline at `level`."""

    def __init__(self, text: str, style, level: int):
        super().__init__(escape(text), style)
        self.toc_level, self.toc_text = level, text


# --- the document ---------------------------------------------------------------------------------

class Doc(BaseDocTemplate):
    def __init__(self, filename: str, running_head: str, **kw):
        super().__init__(filename, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                         bottomMargin=22 * mm, **kw)
        self.running_head = running_head
        self.last_page = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate("cover", [frame], onPage=self.count),
                               PageTemplate("body", [frame], onPage=self.footer)])
        self.heading_no = 0

    def count(self, canv, doc) -> None:
        self.last_page = max(self.last_page, doc.page)

    def footer(self, canv, doc) -> None:
        self.count(canv, doc)
        canv.saveState()
        canv.setFont("Sans", 8)
        canv.drawString(self.leftMargin, 12 * mm, self.running_head)
        canv.drawRightString(A4[0] - self.rightMargin, 12 * mm, str(doc.page))
        canv.restoreState()

    def beforeDocument(self) -> None:
        self.heading_no = 0

    def afterFlowable(self, flowable) -> None:
        level = getattr(flowable, "toc_level", None)
        if level is None:
            return
        self.heading_no += 1
        key = f"h{self.heading_no}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.toc_text, key, level=level, closed=level == 0)
        self.notify("TOCEntry", (level, escape(flowable.toc_text), self.page, key))


def story_for(manifest: Path, styles) -> tuple[list, str]:
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    number = f"No. {data['number']}"
    head = f"{data['publication']} · {number} · {data['period']}"
    story: list = [Spacer(1, 60 * mm), Paragraph(escape(data["publication"]), styles["cover"]),
                   Paragraph(escape(f"{number} · {data['period']}"), styles["cover-sub"])]
    cover = data.get("cover") or {}
    if cover.get("headline"):
        story.append(Paragraph(escape(cover["headline"]), styles["title"]))
    for line in cover.get("highlights") or []:
        story.append(Paragraph(escape(str(line)), styles["bullet"], bulletText="•"))
    toc = TableOfContents(levelStyles=[styles["toc0"], styles["toc1"]], dotsMinLevel=0)
    story += [NextPageTemplate("body"), PageBreak(), Paragraph("Contents", styles["section"]), toc]
    for section in data["sections"]:
        first = True
        for entry in section["articles"]:
            path = manifest.parent / (entry if isinstance(entry, str) else entry["file"])
            meta, body = read_article(path)
            story.append(PageBreak())
            if first:
                story.append(Heading(section["title"], styles["section"], 0))
                first = False
            story.append(Heading(str(meta.get("title", path.stem)), styles["title"], 1))
            byline = [a.get("name", "") for a in meta.get("authors") or []] + [meta.get("dateline") or "",
                                                                                meta.get("source") or ""]
            if any(byline):
                story.append(Paragraph(escape(" · ".join(b for b in byline if b)), styles["meta"]))
            story += markdown_flowables(md, body, styles)
    return story, head


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    register_fonts()
    styles = make_styles()
    story, head = story_for(args.manifest, styles)
    doc = Doc(str(args.output), head, title="baseline", author="benchmarks/baseline_platypus.py")
    doc.multiBuild(story)
    print(f"baseline: wrote {args.output}: {doc.last_page} pages in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
