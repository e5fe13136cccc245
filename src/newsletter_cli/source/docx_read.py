"""Open a .docx safely: the zip is checked before any library reads it.

A .docx is a zip of XML parts. Before python-docx sees the file this module checks that it
is a regular file of at most `MAX_FILE_BYTES`, a zip that is neither encrypted nor damaged,
with at most `MAX_MEMBERS` members whose names stay inside the archive, whose declared and
actual sizes stay under the zip-bomb limits, with no macros (.docm, vbaProject parts, macro
content types) and no DTDs in its XML. Every member is read once, through a bounded stream,
and the checked bytes (not the file again) are what python-docx opens.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from newsletter_cli.errors import NewsletterError

MAX_FILE_BYTES = 50_000_000       # the .docx itself
MAX_TOTAL_BYTES = 250_000_000     # all members, uncompressed
MAX_MEMBER_BYTES = 100_000_000    # one member, uncompressed
MAX_RATIO = 200                   # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1_000_000
MAX_MEMBERS = 5_000
MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata", "ms-office.activex")
MAIN_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")
STRICT = b"purl.oclc.org/ooxml/"
# Strict Open XML's namespaces (ISO/IEC 29500 Strict, Word's "Strict Open XML Document") and the
# transitional ones python-docx and the converter read; relationship types follow the same prefix
STRICT_NAMESPACES = [(f"http://purl.oclc.org/ooxml/{strict}".encode(),
                      f"http://schemas.openxmlformats.org/{transitional}".encode()) for strict, transitional in (
    ("wordprocessingml/main", "wordprocessingml/2006/main"),
    ("officeDocument/relationships", "officeDocument/2006/relationships"),
    ("officeDocument/math", "officeDocument/2006/math"),
    ("officeDocument/extendedProperties", "officeDocument/2006/extended-properties"),
    ("officeDocument/customProperties", "officeDocument/2006/custom-properties"),
    ("officeDocument/docPropsVTypes", "officeDocument/2006/docPropsVTypes"),
    ("officeDocument/sharedTypes", "officeDocument/2006/sharedTypes"),
    ("officeDocument/bibliography", "officeDocument/2006/bibliography"),
    ("drawingml/wordprocessingDrawing", "drawingml/2006/wordprocessingDrawing"),
    ("drawingml/main", "drawingml/2006/main"),
    ("drawingml/picture", "drawingml/2006/picture"),
    ("drawingml/chart", "drawingml/2006/chart"),
    ("drawingml/diagram", "drawingml/2006/diagram"),
)]
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


@dataclass
class Package:
    """The checked bytes of every member, and the python-docx Document opened from them."""

    file: str
    members: dict[str, bytes]
    document: object  # docx.document.Document
    repaired: list[str] = field(default_factory=list)  # what was mended for python-docx, said plainly


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def fail(file: str, message: str, hint: str | None = None) -> NewsletterError:
    return NewsletterError.at(file, message, code="docx", hint=hint)


def open_package(path: Path, shown: str) -> Package:
    raw = read_checked_file(path, shown)
    members = read_members(raw, shown)
    check_content_types(members, shown)
    members, repaired = mended(members)
    template = MAIN_TYPES[1].encode() in members["[Content_Types].xml"]
    if template:  # a template (.dotx): its main part is a document, but python-docx opens documents only
        members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
            MAIN_TYPES[1].encode(), MAIN_TYPES[0].encode())
    if repaired or template:
        raw = _zipped(members)
    if any(STRICT in data[:4096] for name, data in members.items() if name.lower().endswith((".xml", ".rels"))):
        members = {name: transitional(data) if name.lower().endswith((".xml", ".rels")) else data
                   for name, data in members.items()}
        raw = _zipped(members)
    try:
        import docx
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises many kinds on damaged packages
        raise fail(shown, f"is not a Word document python-docx can read ({type(exc).__name__}: "
                   f"{str(exc)[:120]})") from None
    return Package(shown, members, document, repaired)


def read_checked_file(path: Path, shown: str) -> bytes:
    if path.suffix.lower() in (".docm", ".dotm"):
        raise fail(shown, f"is a macro-enabled Word document ({path.suffix.lower()}): refused",
                   hint="save it as a Word Document (.docx) without macros")
    if path.suffix.lower() not in (".docx", ".dotx"):  # a template (.dotx) holds a document like any other
        raise fail(shown, "is not a .docx file", hint="save the document as Word Document (.docx)")
    try:
        info = os.stat(path)
    except OSError as exc:
        raise fail(shown, f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise fail(shown, "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise fail(shown, f"is {info.st_size / 1e6:.0f} MB; the limit for a Word document is "
                   f"{MAX_FILE_BYTES // 1_000_000} MB", hint="compress its pictures in Word, or split it")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in must not block the open
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise fail(shown, "is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise fail(shown, f"is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    if not raw.startswith(b"PK\x03\x04"):
        kind = _sniff(raw)
        raise fail(shown, f"is not a .docx (a Word document is a zip archive; this is {kind})",
                   hint="save the document as Word Document (.docx)")
    return raw


def _sniff(raw: bytes) -> str:
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Word .doc or an encrypted document"
    if raw.startswith(b"%PDF"):
        return "a PDF"
    if raw.startswith(b"{\\rtf"):
        return "an RTF document"
    if not raw:
        return "an empty file"
    return "not a zip archive"


def read_members(raw: bytes, shown: str) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise fail(shown, f"is a corrupt zip archive ({exc})") from None
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise fail(shown, f"holds {len(infos)} files; a Word document has far fewer (limit {MAX_MEMBERS})")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise fail(shown, f"holds the member '{twice[:80]}' twice: refused (readers disagree on which one counts)")
    total = 0
    for info in infos:
        name = info.filename
        if info.flag_bits & 0x1:
            raise fail(shown, f"is encrypted (member '{name[:80]}'): it cannot be read",
                       hint="remove the password in Word (File > Info > Protect Document) and save again")
        if _unsafe_name(name):
            raise fail(shown, f"holds a member with an unsafe path '{name[:80]}' (path traversal): refused")
        if info.file_size > MAX_MEMBER_BYTES:
            raise fail(shown, f"member '{name[:80]}' unpacks to {info.file_size / 1e6:.0f} MB: refused "
                       "(a zip bomb?)")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise fail(shown, f"member '{name[:80]}' is compressed {info.file_size // max(info.compress_size, 1)}"
                       " times: refused (a zip bomb?)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise fail(shown, f"unpacks to more than {MAX_TOTAL_BYTES // 1_000_000} MB: refused (a zip bomb?)")
        if re.search(r"(^|/)vba[^/]*$", name.lower()):
            raise fail(shown, f"contains macros ('{name[:80]}'): refused",
                       hint="save it as a Word Document (.docx) without macros")
    members: dict[str, bytes] = {}
    for info in infos:
        if info.is_dir():
            continue
        try:
            with archive.open(info) as stream:  # stops at the declared size and checks the CRC
                data = stream.read(info.file_size + 1)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError,
                RuntimeError) as exc:
            raise fail(shown, f"is a corrupt zip archive: member '{info.filename[:80]}' cannot be read "
                       f"({exc})") from None
        if len(data) > info.file_size:
            raise fail(shown, f"member '{info.filename[:80]}' is larger than it declares: refused")
        if info.filename.lower().endswith((".xml", ".rels")) and DOCTYPE.search(data[:65536]):
            raise fail(shown, f"member '{info.filename[:80]}' declares a DTD or entities, which Word never "
                       "writes: refused")
        members[info.filename] = data
    return members


def _unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in name.split("/"))


def check_content_types(members: dict[str, bytes], shown: str) -> None:
    types = members.get("[Content_Types].xml")
    if types is None or "word/document.xml" not in members and not _main_part(types):
        raise fail(shown, "is a zip archive but not a Word document (no [Content_Types].xml or "
                   "word/document.xml)", hint="save the document as Word Document (.docx)")
    lowered = types.lower().decode("utf-8", "replace")
    for marker in MACRO_TYPES:
        if marker in lowered:
            raise fail(shown, "is a macro-enabled Word document (its content types declare macros): refused",
                       hint="save it as a Word Document (.docx) without macros")
    if not any(t in lowered for t in MAIN_TYPES):
        raise fail(shown, "is not a Word document (its main part is not a wordprocessing document)")


def mended(members: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """The package with what Word reads past and python-docx refuses mended: a relationship to a
    part that is not in the zip is dropped (its picture is then "missing", as Word shows it), a
    target written in other capitals or %-escaped points at the member it names (part names are
    compared without regard to case), and a part without a content type gets a neutral one.
    Returns the members and what was mended; nothing is rewritten when nothing needs it."""
    from urllib.parse import unquote

    from lxml import etree

    lower = {name.lower(): name for name in members}
    types_xml = members.get("[Content_Types].xml", b"")
    said: list[str] = []
    untyped: set[str] = set()
    out = dict(members)
    parser = _parser()
    try:
        types = etree.fromstring(types_xml, parser)
    except etree.XMLSyntaxError:
        return members, []  # (python-docx says so, in the refusal)
    defaults = {(el.get("Extension") or "").lower() for el in types if str(el.tag).endswith("Default")}
    overrides = {(el.get("PartName") or "").lower().lstrip("/") for el in types if str(el.tag).endswith("Override")}
    for rels_name in [n for n in members if n.endswith(".rels")]:
        folder, _, base = rels_name.rpartition("/")
        source_dir = posixpath.dirname(folder)  # word/_rels/document.xml.rels -> word
        try:
            root = etree.fromstring(members[rels_name], parser)
        except etree.XMLSyntaxError:
            continue
        changed = False
        for rel in list(root):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                continue
            if re.match(r"^[A-Za-z][A-Za-z0-9+.-]{1,}:", target):  # a web address, not a part (C: is a drive)
                rel.set("TargetMode", "External")
                said.append(f"'{rels_name}' points at '{target[:80]}' as if it were a part of the document")
                changed = True
                continue
            joined = posixpath.normpath(posixpath.join("/" + source_dir, target)).lstrip("/")
            if joined in members:
                found = joined
            else:
                found = lower.get(joined.lower()) or lower.get(unquote(joined).lower())
                if found is None:
                    root.remove(rel)
                    said.append(f"'{rels_name}' points at '{joined[:80]}', which is not in the document")
                    changed = True
                    continue
                rel.set("Target", "/" + found)
                changed = True
            ext = found.rpartition(".")[2].lower() if "." in found.rpartition("/")[2] else ""
            if found.lower() not in overrides and ext not in defaults:
                untyped.add(found)
        if changed:
            out[rels_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if untyped:
        for name in sorted(untyped):
            el = etree.SubElement(types, f"{{{etree.QName(types).namespace or TYPES_NS}}}Override")
            el.set("PartName", "/" + name)
            el.set("ContentType", "application/octet-stream")
            said.append(f"the part '{name[:80]}' has no content type")
        out["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    return (out, said) if said or out != members else (members, [])


def transitional(data: bytes) -> bytes:
    """An XML part of a Strict Open XML document with the transitional namespaces (the elements
    and attributes are the same; the few values Strict writes otherwise, such as "50%" widths,
    the converter reads as unknown)."""
    for strict, usual in STRICT_NAMESPACES:
        data = data.replace(strict, usual)
    return data


def _zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _main_part(types: bytes) -> bool:
    return any(t.encode() in types for t in MAIN_TYPES)
