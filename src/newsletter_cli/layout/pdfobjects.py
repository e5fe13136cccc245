"""The PDF objects of a tagged, archival PDF, added to ReportLab's document before it is saved.

From the tagger's record (`tagging.Tagger`): the StructTreeRoot with its elements, the
ParentTree (each page's MCIDs, each annotation's Link element), /StructParents and /Tabs /S
on the pages, /StructParent, /Contents and the Print flag on the annotations, MarkInfo and
RoleMap. For PDF/A: the XMP metadata (`pdf.xmp`, matching the Info dictionary), an sRGB
output intent, a transparency group with a colour space on the pages that use transparency,
and ToUnicode maps without codes mapped to U+0000. The stream end-of-line markers are fixed
in the saved bytes (`pdf.fixup`).
"""

from __future__ import annotations

import re
import struct
from functools import lru_cache

from reportlab.pdfbase.pdfdoc import (PDFArray, PDFDictionary, PDFName, PDFObject, PDFObjectReference, PDFPage,
                                      PDFStream, PDFString, format as pdf_format, pdfdocEnc)

from newsletter_cli.layout.tagging import Elem, Tagger
from newsletter_cli.paths import assets_dir
from newsletter_cli.pdf import xmp

STANDARDS = ("PDF/UA-1", "PDF/A-2a")
PAGE_KEYS = PDFPage.__NoDefault__ + ["StructParents", "Tabs", "Group"]
BAD_UNICODE = re.compile(r"^<[0-9A-F]{2}> <(0000|FEFF|FFFE)>\n", re.M)
# ReportLab writes a character beyond the BMP (an emoji) as its code point, "<1F389>": five hex
# digits, which readers refuse or read as another character; ToUnicode wants UTF-16BE
ASTRAL = re.compile(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", re.M)


def write(canv, meta: dict, claims: bool = True) -> None:
    """Add the structure tree and the metadata to `canv`'s document (before `canv.save()`)."""
    doc = canv._doc
    tagger: Tagger = canv._tags
    doc._pdfVersion = max(doc._pdfVersion, (1, 7))
    pages = doc.Pages.pages
    cat = doc.Catalog
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    refs: dict[int, object] = {}

    def build(elem: Elem, parent_ref):
        d = _StructElem(elem.role, parent_ref)
        ref = doc.Reference(d)
        refs[id(elem)] = ref
        d.alt, d.title = elem.alt, elem.title
        if elem.attrs:
            d.attrs = PDFDictionary({k: PDFName(v) if isinstance(v, str) else v for k, v in elem.attrs.items()})
        kids = d.kids
        first_page = None
        for kid in elem.kids:
            if isinstance(kid, Elem):
                if _empty(kid):
                    continue
                kids.append(build(kid, ref))
            elif kid[0] == "annot":
                annot = tagger.annots[kid[1]]
                kids.append(PDFDictionary({"Type": PDFName("OBJR"), "Obj": doc.Reference(annot.obj),
                                           "Pg": doc.Reference(pages[annot.page])}))
            else:
                page, mcid = kid
                if first_page is None:
                    first_page = page
                if page == first_page:
                    kids.append(mcid)
                else:
                    kids.append(PDFDictionary({"Type": PDFName("MCR"), "Pg": doc.Reference(pages[page]),
                                               "MCID": mcid}))
        if first_page is not None:
            d.page = doc.Reference(pages[first_page])
        return ref

    for n, annot in enumerate(tagger.annots):
        _describe(annot, len(pages) + n, tagger.titles)
    doc_ref = build(tagger.root, root_ref)
    nums = []
    for index, page in enumerate(pages):
        elems = tagger.mcids[index] if index < len(tagger.mcids) else []
        page.__NoDefault__ = PAGE_KEYS
        page.StructParents = index
        nums += [index, PDFArray([refs[id(e)] for e in elems])]
        if page.Annots:
            page.Tabs = PDFName("S")
        if _transparent(page):
            page.Group = PDFDictionary({"Type": PDFName("Group"), "S": PDFName("Transparency"),
                                        "CS": PDFName("DeviceRGB")})
    key = len(pages)
    for annot in tagger.annots:
        nums += [key, refs[id(annot.elem)]]
        key += 1
    root["K"] = PDFArray([doc_ref])
    root["ParentTree"] = doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
    root["ParentTreeNextKey"] = key
    cat.StructTreeRoot = root_ref
    cat.MarkInfo = PDFDictionary({"Marked": "true"})
    cat.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
    cat.Metadata = _metadata(doc, meta, claims)
    cat.__NoDefault__ = cat.__NoDefault__ + ["OutputIntents"] if "OutputIntents" not in cat.__NoDefault__ \
        else cat.__NoDefault__
    cat.OutputIntents = PDFArray([_output_intent(doc)])
    for font in doc.delayedFonts:
        _fix_advances(getattr(font, "face", None))
    doc.delayedFonts.append(_UnicodeFix())  # runs after the fonts have written their maps


class _StructElem(PDFObject):
    """A structure element, written as ReportLab writes the same dictionary (keys sorted, a line
    break after every six entries and every ten kids), in a fraction of the time: a tagged issue
    has hundreds of them, most of the document's objects."""

    def __init__(self, role: str, parent):
        self.role, self.parent, self.kids = role, parent, []
        self.alt = self.title = self.attrs = self.page = None

    def format(self, document):
        ids = document.idToObjectNumberAndVersion

        def value(item) -> bytes:
            if type(item) is int:
                return b"%d" % item
            if type(item) is PDFObjectReference:
                return b"%d %d R" % ids[item.name]
            return pdf_format(item, document)

        kids = [value(kid) for kid in self.kids]
        for i in reversed(range(10, len(kids), 10)):
            kids.insert(i, b"\n ")
        entries = []
        if self.attrs is not None:
            entries.append(b"/A " + pdf_format(self.attrs, document))
        if self.alt:
            entries.append(b"/Alt " + pdf_format(PDFString(self.alt), document))
        entries += [b"/K [ " + b" ".join(kids) + b" ]", b"/P " + value(self.parent)]
        if self.page is not None:
            entries.append(b"/Pg " + value(self.page))
        entries.append(b"/S " + _name(self.role))
        if self.title:
            entries.append(b"/T " + pdf_format(PDFString(self.title), document))
        entries.append(b"/Type /StructElem")
        for i in reversed(range(6, len(entries), 6)):
            entries.insert(i, b"\n ")
        return b"<<\n" + b" ".join(entries) + b"\n>>"


@lru_cache(maxsize=None)
def _name(role: str) -> bytes:
    return pdfdocEnc(PDFName(role))


def _fix_advances(face) -> None:
    """The advance widths of a font whose hmtx ends in a run of glyphs sharing one (monospace
    faces): ReportLab's parser keeps them scaled to 1000 units instead of the font's own, so the
    embedded subset's widths would disagree with /Widths (PDF/UA and PDF/A check they agree)."""
    if face is None or not getattr(face, "hmetrics", None):
        return
    try:
        hhea = face.get_table("hhea")
    except Exception:  # noqa: BLE001 - a face without its tables: nothing to mend
        return
    full = struct.unpack(">H", hhea[34:36])[0]
    if 0 < full < len(face.hmetrics):
        advance = face.hmetrics[full - 1][0]
        face.hmetrics[full:] = [(advance, lsb) for _, lsb in face.hmetrics[full:]]


def _empty(elem: Elem) -> bool:
    if elem.role in ("TD", "TH", "TR"):  # a table's grid is kept whole, with its empty cells
        return False
    return not elem.kids or all(isinstance(k, Elem) and _empty(k) for k in elem.kids)


def _transparent(page) -> bool:
    state = page.ExtGState
    return bool(state) and any(k in ("CA", "ca", "SMask") for v in getattr(state, "dict", {}).values()
                               for k in getattr(v, "dict", {}))


def _describe(annot, key: int, titles: dict[str, str]) -> None:
    """/Contents (what the link does), the Print flag and /StructParent of an annotation."""
    kind, _, target = annot.target.partition(":")
    if kind == "uri":
        text = f"Mail to {target[7:]}" if target.startswith("mailto:") else f"Link to {target}"
    else:
        name = target.strip("/").strip()
        text = f"Go to {titles.get(name, name)}"
    annot.elem.alt = text
    obj = annot.obj
    if isinstance(obj, PDFDictionary):
        obj["Contents"] = PDFString(text)
        obj["F"] = 4
        obj["StructParent"] = key
    else:  # a LinkAnnotation
        obj.Contents = text
        obj.permitted = tuple(obj.permitted) + ("StructParent",)
        obj.otherkw["F"] = 4
        obj.otherkw["StructParent"] = key


def _metadata(doc, meta: dict, claims: bool):
    packet = xmp.packet(meta, claims)
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                       packet.encode("utf-8"))
    return doc.Reference(stream)


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The sRGB ICC profile the output intent embeds (assets/color/sRGB.icc: see its README)."""
    return (assets_dir() / "color" / "sRGB.icc").read_bytes()


def _output_intent(doc):
    icc = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
    return PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"), "Info": PDFString("sRGB IEC61966-2.1"),
        "RegistryName": PDFString("http://www.color.org"), "DestOutputProfile": doc.Reference(icc),
    })


def _utf16(match) -> str:
    code = int(match.group(2), 16)
    if code > 0x10FFFF:
        return match.group(1) + "<FFFD>"
    return match.group(1) + "<" + chr(code).encode("utf-16-be").hex().upper() + ">"


class _UnicodeFix:
    """Takes the unused codes (mapped to U+0000) out of the fonts' ToUnicode maps."""

    def addObjects(self, doc):
        for name, obj in list(doc.idToObject.items()):
            if not name.startswith("toUnicodeCMap:") or not isinstance(obj.content, str):
                continue
            content, n = BAD_UNICODE.subn("", obj.content)
            if n:
                count = int(re.search(r"(\d+) beginbfchar", content).group(1)) - n
                content = re.sub(r"\d+ beginbfchar", f"{count} beginbfchar", content, count=1)
            obj.content = ASTRAL.sub(_utf16, content)
