"""Realistic Word documents for the import tests, written with python-docx plus raw XML where
python-docx has no API (footnotes, tracked changes, text boxes, fields, smart tags, hyperlinks)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def png_bytes(width=60, height=40, rgb=(40, 90, 150)) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def image_bytes(fmt: str, width=80, height=50) -> bytes:
    from PIL import Image

    img = Image.new("RGB", (width, height), (200, 120, 40))
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()


def add_hyperlink(paragraph, url: str, text: str):
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
                     f'</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>')
    paragraph._p.append(link)


def add_raw(paragraph, xml: str):
    paragraph._p.append(parse_xml(xml))


def set_descr(run_or_shape, descr: str):
    inline = run_or_shape._inline
    inline.docPr.set("descr", descr)


def add_footnotes(document, notes: dict[int, str]):
    body = "".join(
        f'<w:footnote w:id="{nid}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
        f'<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}'
        f'</w:t></w:r></w:p></w:footnote>' for nid, text in notes.items())
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {W_NS}>'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
           f'</w:p></w:footnote>{body}</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def add_endnotes(document, notes: dict[int, str]):
    body = "".join(f'<w:endnote w:id="{nid}"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}'
                   '</w:t></w:r></w:p></w:endnote>' for nid, text in notes.items())
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:endnotes {W_NS}>'
           '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
           f'{body}</w:endnotes>')
    part = Part(PackURI("/word/endnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
                xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.ENDNOTES)


def footnote_ref(paragraph, nid: int, kind: str = "footnote"):
    if kind == "endnote":
        add_raw(paragraph, f'<w:r {nsdecls("w")}><w:endnoteReference w:id="{nid}"/></w:r>')
        return
    add_raw(paragraph, f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                       f'<w:footnoteReference w:id="{nid}"/></w:r>')


def text_box(paragraph, text: str):
    """A text box as Word writes it: a DrawingML shape with a VML fallback holding the same text."""
    inner = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    add_raw(paragraph, (
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="1828800" cy="914400"/>'
        '<wp:docPr id="90" name="Text Box 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        f'{inner}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape><v:textbox>{inner}</v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>'))


def realistic(path: Path, photo: bytes | None = None, gif: bytes | None = None) -> Path:
    """A training-centre report with everything a contributor puts in one."""
    d = docx.Document()
    d.core_properties.author = "python-docx"
    d.add_paragraph("Regional Training Centre opens its new e-learning hub", style="Title")
    d.add_paragraph("By Jane Doe, Programme Manager, ROCB A/P")
    d.add_paragraph("19 January 2022, Bangkok, Thailand")
    p = d.add_paragraph("The Regional Training Centre welcomed ")
    p.add_run("forty-two").bold = True
    p.add_run(" officers to its ")
    p.add_run("brand new").italic = True
    p.add_run(" hub. Literal marks stay as typed: 5 * 3 = 15, #hashtag, <b>not bold</b>, a [^1] label, "
              "pipe | bar, ~~tilde~~, back\\slash, <!-- not a comment --> and 2 > 1. See ")
    add_hyperlink(p, "https://www.rocbap.org/news?id=1&x=(2)", "the news page")
    p.add_run(" or ")
    add_hyperlink(p, "javascript:alert(1)", "this odd link")
    p.add_run(".")
    footnote_ref(p, 1)
    d.add_heading("Programme of the week", level=1)
    d.add_paragraph("Opening session on risk management", style="List Bullet")
    d.add_paragraph("Case studies from three administrations", style="List Bullet 2")
    d.add_paragraph("Group exercise on targeting", style="List Bullet 2")
    d.add_paragraph("Closing ceremony", style="List Bullet")
    d.add_heading("Steps to register", level=2)
    d.add_paragraph("Create an account on the platform", style="List Number")
    d.add_paragraph("Choose the module Integrity 101", style="List Number")
    d.add_paragraph("Ask your supervisor to approve it", style="List Number 2")
    d.add_paragraph("Complete the final quiz", style="List Number")
    t = d.add_table(rows=4, cols=3)
    cells = [["Module", "Participants", "Hours"], ["Risk | management", "18", "12"],
             ["Integrity", "24", "8"], ["Total across modules", "", "20"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(3, 0).merge(t.cell(3, 1))
    d.add_paragraph("Table 1: Modules of the first week", style="Caption")
    q = d.add_paragraph("Training is the first line of defence against corruption.", style="Quote")
    assert q
    if photo is not None:
        pic_par = d.add_paragraph()
        shape = pic_par.add_run().add_picture(io.BytesIO(photo), width=Cm(8))
        set_descr(shape, "Officers seated in the new training room")
        d.add_paragraph("Participants in the new e-learning hub", style="Caption")
    if gif is not None:
        d.add_paragraph().add_run().add_picture(io.BytesIO(gif), width=Cm(4))
    code_style = d.styles.add_style("Code", 1)
    code_style.font.name = "Courier New"
    code_style.font.size = Pt(9)
    d.add_paragraph("risk = likelihood * impact", style="Code")
    d.add_paragraph("if risk > 5: inspect()", style="Code")
    p = d.add_paragraph("Run the command ")
    mono = p.add_run("newsletter build")
    mono.font.name = "Consolas"
    p.add_run(" to check.")
    p = d.add_paragraph("The deadline is ")
    add_raw(p, f'<w:del {nsdecls("w")} w:id="1" w:author="Editor"><w:r><w:delText>Friday</w:delText></w:r></w:del>')
    add_raw(p, f'<w:ins {nsdecls("w")} w:id="2" w:author="Editor"><w:r><w:t>Monday</w:t></w:r></w:ins>')
    add_raw(p, f'<w:moveFrom {nsdecls("w")} w:id="3" w:author="Editor"><w:r><w:t> MOVEDAWAY</w:t></w:r></w:moveFrom>')
    p.add_run(" at noon, in room ")
    add_raw(p, f'<w:smartTag {nsdecls("w")} w:uri="urn:x" w:element="place"><w:r><w:t>Bangkok 3</w:t></w:r></w:smartTag>')
    p.add_run(", printed on ")
    add_raw(p, f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>')
    add_raw(p, f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> DATE \\@ "d MMMM yyyy" </w:instrText></w:r>')
    add_raw(p, f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>')
    add_raw(p, f'<w:r {nsdecls("w")}><w:t>3 March 2022</w:t></w:r>')
    add_raw(p, f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>')
    p.add_run(".")
    p = d.add_paragraph("A box says more: ")
    text_box(p, "Boxed reminder text")
    commented = d.add_paragraph("Registration closes soon.")
    d.add_comment(commented.runs, text="Check this date with Jane", author="Reviewer", initials="RV")
    add_footnotes(d, {1: "The hub was funded by the Korea Customs Service."})
    d.save(path)
    return path


def essay(path: Path, title: str = "How customs supports environmental goals") -> Path:
    """An essay: the title in the core properties and repeated as Heading 1, the author in the
    properties, lists numbered with explicit w:numPr levels, a table with a vertical merge."""
    d = docx.Document()
    d.core_properties.title = title
    d.core_properties.author = "Kim Lee"
    d.add_heading(title, level=1)
    d.add_paragraph("Customs administrations protect the environment at the border every day.")
    d.add_heading("Three roles", level=2)
    bullet = d.styles["List Bullet"].element.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0]
    for level, text in [(0, "Enforcement of trade rules"), (1, "Waste shipments"), (2, "Plastic scrap"),
                        (1, "Wildlife"), (0, "Facilitation of green goods")]:
        p = d.add_paragraph(text, style="List Paragraph")
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{bullet}"/></w:numPr>'))
    d.add_heading("Cases", level=3)
    t = d.add_table(rows=3, cols=2)
    for r, row in enumerate([["Region", "Seizures"], ["Asia", "120"], ["", "95"]]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(1, 0).merge(t.cell(2, 0))
    d.add_paragraph("Quoting a delegate, “green customs is smart customs”, the essay ends.")
    d.save(path)
    return path


def rewrite_zip(path: Path, renames: dict | None = None, replace: dict | None = None,
                add: dict | None = None, drop: set | None = None) -> Path:
    """Rewrite a .docx: rename, replace, add or drop members."""
    import zipfile

    renames, replace, add, drop = renames or {}, replace or {}, add or {}, drop or set()
    with zipfile.ZipFile(path) as src:
        items = [(i.filename, src.read(i.filename)) for i in src.infolist() if i.filename not in drop]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in items:
            name2 = renames.get(name, name)
            data = replace.get(name, data)
            info = zipfile.ZipInfo(name2, date_time=(2022, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)
        for name, data in add.items():
            out.writestr(name, data)
    return path


def set_encrypted_flag(path: Path) -> Path:
    """Set bit 0 (encrypted) of every member's flags, in the local and the central headers."""
    import zipfile

    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offsets = [info.header_offset for info in archive.infolist()]
    for off in offsets:
        data[off + 6] |= 0x1
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        data[pos + 8] |= 0x1
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))
    return path


def add_numbering(document, levels, start_override: dict | None = None) -> str:
    """A Word list of its own in the document's numbering part: `levels` is one (numFmt, lvlText,
    start) per level (start None: no w:start); `start_override` maps a level to a w:startOverride.
    Returns its numId, for `number_paragraph`."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    ids = [int(x) for x in numbering.xpath("./w:abstractNum/@w:abstractNumId | ./w:num/@w:numId")]
    aid = nid = max(ids + [0]) + 1
    lvls = "".join(f'<w:lvl w:ilvl="{i}">' + (f'<w:start w:val="{start}"/>' if start is not None else "")
                   + f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                   f'<w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
                   for i, (fmt, text, start) in enumerate(levels))
    overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                        for i, v in (start_override or {}).items())
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">{lvls}</w:abstractNum>')
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)  # (the schema's order: every abstractNum before the nums)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>'
                               f'{overrides}</w:num>'))
    return str(nid)


def number_paragraph(paragraph, num_id: str, ilvl: int = 0):
    """Make `paragraph` an item of the Word list `num_id` at level `ilvl`."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph
