"""Theme -> registered TrueType fonts and ReportLab paragraph styles."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from newsletter_cli.errors import NewsletterError
from newsletter_cli.layout import fallback, fontcache
from newsletter_cli.layout.hyphenate import hyphenator
from newsletter_cli.theme.brand import Theme
from newsletter_cli.theme.fontcheck import FontError, font_info

_REGISTERED: dict[str, str] = {}  # font name -> file it was registered from


def register_fonts(theme: Theme) -> dict[str, str]:
    """Register every family of the theme; return role -> family (regular face) name.

    The code family ("mono") and the fallback faces are only named here: they are registered
    when a build first sets a character in them (`fallback.face`)."""
    names = {}
    chains: dict[str, list[tuple[str, str]]] = {}
    lazy: dict[str, str] = {}
    families: dict[str, tuple] = {}
    common = None
    for role, faces in theme.fonts.items():
        chain = [(f"{theme.name}-{path.stem}", str(path)) for path in theme.fallback.get(role, [])]
        lazy.update(chain)
        face_names = {}
        for style, path in faces.items():
            name = f"{theme.name}-{path.stem}"  # one registration per file, shared by families
            if role == "mono":
                lazy[name] = str(path)
            elif _REGISTERED.get(name) != str(path):
                try:
                    pdfmetrics.registerFont(fontcache.ttfont(name, str(path)))
                except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:
                    raise NewsletterError.at(theme.file, f"font '{path.name}' cannot be used: {exc}",
                                             code="font") from None
                _REGISTERED[name] = str(path)
            face_names[style] = name
            chains[name] = chain
            if role != "mono":
                cmap = pdfmetrics.getFont(name).face.charToGlyph.keys()
                common = set(cmap) if common is None else common & cmap
        family = (face_names["regular"], face_names["bold"], face_names["italic"], face_names["bold_italic"])
        if role == "mono":
            families.update({name: family for name in family})
        else:
            pdfmetrics.registerFontFamily(family[0], normal=family[0], bold=family[1], italic=family[2],
                                          boldItalic=family[3])
        names[role] = face_names["regular"]
        names[role + "-bold"] = face_names["bold"]
        names[role + "-italic"] = face_names["italic"]
    chains[fallback.COMMON] = [(f"{theme.name}-{path.stem}", str(path)) for path in theme.fallback.get("sans", [])]
    scales = _inline_code(theme, names, lazy, families, chains)
    fallback.configure(chains, lazy, common or set(), families, scales, names.get("code"))
    names.setdefault("mono", names["sans"])  # a theme without a code face sets code in its sans
    names.setdefault("mono-bold", names["sans-bold"])
    names.setdefault("mono-italic", names["sans-italic"])
    names.setdefault("code", names["mono"])
    return names


CODE_SCALE = (0.8, 1.0)  # inline code is drawn at least this much and at most this much of the text's size


def _inline_code(theme: Theme, names: dict, lazy: dict, families: dict, chains: dict) -> dict[str, float]:
    """Inline code's faces: the code family drawn smaller where its lower-case letters stand
    taller than the body's (DejaVu Sans Mono's x-height is 0.55 of its em, Source Serif's 0.47),
    so that `code` in a sentence is of its letters' height; the family itself elsewhere. Adds
    names["code"] and returns each of those faces' scale."""
    if "mono" not in theme.fonts or "serif" not in theme.fonts and "sans" not in theme.fonts:
        return {}
    try:
        body = font_info(theme.fonts["serif" if "serif" in theme.fonts else "sans"]["regular"]).x_height
        code = font_info(theme.fonts["mono"]["regular"]).x_height
    except FontError:
        body = code = None  # (the theme check says what is wrong with the file)
    scale = min(CODE_SCALE[1], max(CODE_SCALE[0], body / code)) if body and code else 1.0
    if scale > 0.98:
        names["code"] = names["mono"]
        return {}
    family = tuple(f"{name}@code" for name in families[names["mono"]])
    for alias, name in zip(family, families[names["mono"]]):
        lazy[alias], chains[alias] = lazy[name], chains[name]
        families[alias] = family
    names["code"] = family[0]
    return dict.fromkeys(family, round(scale, 3))


@dataclass
class Palette:
    primary: Color
    secondary: Color
    accent: Color
    ink: Color
    muted: Color
    rule: Color
    tint: Color
    paper: Color
    accent_text: Color  # the accent as text on paper (falls back to accent)
    highlight: Color  # text on the primary colour (falls back to accent)
    hex: dict


def palette(theme: Theme) -> Palette:
    c = {k: HexColor(v) for k, v in theme.colours.items()}
    return Palette(c["primary"], c["secondary"], c["accent"], c["ink"], c["muted"], c["rule"], c["tint"],
                   c["paper"], c.get("accent_text", c["accent"]), c.get("highlight", c["accent"]),
                   dict(theme.colours))


class Styles(dict):
    """Named ParagraphStyles plus the fonts and palette they were made from."""

    fonts: dict[str, str]
    colours: Palette
    leading: float
    hyphenate: object  # word -> hyphenation pairs, or None
    tracking: tuple[float, float]  # letter spacing justified lines may take: (stretch, shrink) in ems
    space: float  # the unit of the spaces between blocks: the body's leading (less in `squeezed`)


def make_styles(theme: Theme, language: str) -> Styles:
    fonts = register_fonts(theme)
    col = palette(theme)
    hyph = hyphenator(language, theme.hyphen_min) or ""
    t = theme.type

    def style(name, spec, **kw) -> ParagraphStyle:
        ts = t[spec]
        # spaces close up only in justified text (below); elsewhere a line would overrun
        base = dict(fontName=fonts[ts.font], fontSize=ts.size, leading=ts.leading, textColor=col.ink,
                    allowWidows=0, allowOrphans=0, splitLongWords=1, spaceShrinkage=0)
        base.update(kw)
        return ParagraphStyle(name, **base)

    body = t["body"].leading
    s = Styles()
    s.fonts, s.colours, s.leading, s.hyphenate = fonts, col, body, hyph or None
    s.space = body
    s.tracking = tuple(theme.tracking)
    # embeddedHyphenation stays off: ReportLab 5.1 drops the hyphen of "e-learning" when a
    # paragraph broken at it is wrapped again.
    # spaces may close up to 80% of their width (as in most layout programs) before a word
    # is pushed to the next line: fewer loose lines in justified text
    text = dict(alignment=TA_JUSTIFY, hyphenationLang=hyph, embeddedHyphenation=0, uriWasteReduce=0.3,
                spaceShrinkage=0.2)
    # the rhythm: paragraphs follow each other without space, the next one indented by 1 em;
    # headings take whole lines of the body's leading
    s["body"] = style("body", "body", firstLineIndent=0, **text)
    s["body_indent"] = style("body_indent", "body", firstLineIndent=t["body"].size, **text)
    # a paragraph all in bold (**Tooling**, a link round-up's title line): flush left, held to what follows
    s["lead_in"] = style("lead_in", "body", firstLineIndent=0, spaceBefore=body * 0.5, keepWithNext=1, **text)
    s["lead"] = style("lead", "lead", textColor=col.primary, spaceAfter=body, alignment=TA_LEFT)
    report = t["report_body"].leading
    s["report_body"] = style("report_body", "report_body", **text)
    s["report_body_indent"] = style("report_body_indent", "report_body", firstLineIndent=t["report_body"].size,
                                    **text)
    s["report_lead_in"] = style("report_lead_in", "report_body", spaceBefore=report * 0.5, keepWithNext=1, **text)
    s["list"] = style("list", "body", **text)
    s["report_list"] = style("report_list", "report_body", **text)
    s["title"] = style("title", "title", textColor=col.primary, spaceAfter=body * 0.5, keepWithNext=1)
    s["report_title"] = style("report_title", "report_title", fontName=fonts["sans-bold"],
                              textColor=col.primary, spaceBefore=body * 0.5, spaceAfter=2, keepWithNext=1)
    s["subtitle"] = style("subtitle", "subtitle", textColor=col.secondary, spaceAfter=body * 0.5, keepWithNext=1)
    s["h2"] = style("h2", "h2", fontName=fonts["sans-bold"], textColor=col.primary, leading=body,
                    spaceBefore=body, keepWithNext=1)
    s["h3"] = style("h3", "h3", textColor=col.secondary, leading=body, spaceBefore=body, keepWithNext=1)
    # '####': the third level, in the body's size, italic and in ink (the theme's type style
    # 'h4', or else 'h3' at the body's size)
    h4 = "h4" if "h4" in t else "h3"
    s["h4"] = style("h4", h4, fontName=fonts[t[h4].font + "-italic"], fontSize=min(t[h4].size, t["body"].size),
                    textColor=col.ink, leading=body, spaceBefore=body, keepWithNext=1)
    # reports: the same three levels, in the report body's size and grid
    s["report_h2"] = style("report_h2", "h3", fontName=fonts["sans-bold"], fontSize=t["report_body"].size + 1,
                           leading=report, textColor=col.primary, spaceBefore=report, keepWithNext=1)
    s["report_h"] = style("report_h", "h3", fontSize=t["report_body"].size, leading=report,
                          textColor=col.secondary, spaceBefore=report, keepWithNext=1)
    s["report_h4"] = style("report_h4", h4, fontName=fonts[t[h4].font + "-italic"], fontSize=t["report_body"].size,
                           leading=report, textColor=col.ink, spaceBefore=report, keepWithNext=1)
    s["kicker"] = style("kicker", "kicker", fontName=fonts["sans-bold"], textColor=col.accent_text,
                        spaceAfter=body * 0.35, keepWithNext=1)
    s["dateline"] = style("dateline", "meta", fontName=fonts["sans-italic"], textColor=col.muted,
                          spaceAfter=body * 0.75, keepWithNext=1)
    s["report_title_kicked"] = style("report_title_kicked", "report_title", fontName=fonts["sans-bold"],
                                     textColor=col.primary, spaceAfter=2, keepWithNext=1)  # (under a kicker)
    s["report_subtitle"] = style("report_subtitle", "report_body", fontName=fonts["sans"],
                                 fontSize=t["report_body"].size + 0.5, textColor=col.secondary, spaceAfter=2,
                                 keepWithNext=1)
    s["report_dateline"] = style("report_dateline", "meta", fontName=fonts["sans-italic"],
                                 fontSize=t["meta"].size - 0.6, textColor=col.secondary,
                                 spaceAfter=t["report_body"].leading * 0.4, keepWithNext=1)
    s["byline_name"] = style("byline_name", "meta", fontName=fonts["sans-bold"], textColor=col.primary)
    s["byline_role"] = style("byline_role", "meta", textColor=col.muted)
    s["caption"] = style("caption", "caption", textColor=col.muted, alignment=TA_LEFT)
    s["placeholder"] = style("placeholder", "caption", fontName=fonts["sans-bold"], textColor=col.muted,
                             alignment=TA_CENTER)
    s["table"] = style("table", "table", hyphenationLang=hyph, alignment=TA_LEFT)
    s["table_head"] = style("table_head", "table", fontName=fonts["sans-bold"], textColor=col.paper)
    for name in ("table", "table_head"):  # the columns the source aligns, or that hold numbers
        s[name + "_right"] = ParagraphStyle(name + "_right", parent=s[name], alignment=TA_RIGHT)
        s[name + "_center"] = ParagraphStyle(name + "_center", parent=s[name], alignment=TA_CENTER)
    s["table_group"] = style("table_group", "table", fontName=fonts["sans-bold"], textColor=col.primary)
    s["callout_title"] = style("callout_title", "kicker", fontName=fonts["sans-bold"],
                               textColor=col.secondary, spaceAfter=4)
    s["callout"] = style("callout", "meta", fontName=fonts["sans"], textColor=col.ink, alignment=TA_LEFT,
                         spaceAfter=4)
    s["quote"] = style("quote", "body", fontName=fonts["serif-italic"], textColor=col.ink,
                       alignment=TA_LEFT, spaceAfter=body * 0.5)
    s["pullquote"] = style("pullquote", "lead", fontName=fonts["serif-italic"], textColor=col.secondary,
                           fontSize=t["lead"].size + 1.5, leading=t["lead"].leading + 2, alignment=TA_LEFT)
    s["code"] = style("code", "table", fontName=fonts["mono"], fontSize=t["table"].size - 0.4, textColor=col.ink,
                      alignment=TA_LEFT)
    s["signature"] = style("signature", "body", alignment=TA_LEFT, spaceAfter=0)
    s["signature_name"] = style("signature_name", "body", fontName=fonts["sans-bold"],
                                textColor=col.primary, alignment=TA_LEFT)
    s["signature_title"] = style("signature_title", "meta", textColor=col.muted)
    s["toc_section"] = style("toc_section", "h3", fontName=fonts["sans-bold"], textColor=col.secondary,
                             spaceBefore=body * 0.75, spaceAfter=body * 0.25, keepWithNext=1)
    s["toc_entry"] = style("toc_entry", "body", fontName=fonts["serif"], fontSize=t["body"].size + 0.6,
                           alignment=TA_LEFT, textColor=col.ink)
    s["toc_compact"] = style("toc_compact", "meta", fontName=fonts["serif"], fontSize=t["body"].size - 0.4,
                             leading=t["body"].leading - 2, alignment=TA_LEFT)
    s["toc_sub"] = style("toc_sub", "caption", textColor=col.muted)
    s["toc_title"] = style("toc_title", "title", fontSize=t["title"].size + 5, leading=t["title"].leading + 5,
                           spaceAfter=body)
    return s


def squeezed(styles: Styles, factor: float) -> Styles:
    """`styles` with the spaces above and below each block `factor` as high: an article that
    would end with a few lines alone on a page is set so (copyfitting, layout/document.py)."""
    out = Styles({name: style.clone(style.name, spaceBefore=style.spaceBefore * factor,
                                    spaceAfter=style.spaceAfter * factor) for name, style in styles.items()})
    out.__dict__.update(styles.__dict__)
    out.space = styles.space * factor
    return out


_RTL_STYLES: dict[int, tuple] = {}


def directed(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """`style` for `text`: as it is, or, for text that reads right to left (a heading, a title, a
    cell or a caption in Arabic or Hebrew), flush right where it was flush left or justified,
    its lines in right-to-left order (`rtl`, read by layout.shaping)."""
    from newsletter_cli.layout.bidi import direction

    if direction(text) != "R":
        return style
    found = _RTL_STYLES.get(id(style))
    if found is None or found[0] is not style:
        align = TA_RIGHT if style.alignment in (TA_LEFT, TA_JUSTIFY) else style.alignment
        rtl = style.clone(f"{style.name}_rtl", alignment=align)
        rtl.rtl = True
        found = _RTL_STYLES[id(style)] = (style, rtl)
    return found[1]
