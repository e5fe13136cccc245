"""Fixes to a saved PDF's bytes: an end-of-line marker before every `endstream`.

ReportLab writes `…data endstream` with no EOL when the data does not end with one; PDF/A
requires it (and it is not counted in /Length). The objects are found by the file's own
cross-reference table, so stream data is never searched; the table is written anew with the
shifted offsets.
"""

from __future__ import annotations

import re

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")


def stream_eols(pdf: bytes) -> bytes:
    """`pdf` (one classic xref section, objects in order, as ReportLab writes) with EOL markers."""
    found = _STARTXREF.search(pdf)
    if not found:
        return pdf
    xref_at = int(found.group(1))
    head = pdf[xref_at:]
    if not head.startswith(b"xref"):
        return pdf
    lines = head.split(b"\n")
    first, count = (int(x) for x in lines[1].split())
    entries = [_ENTRY.match(line) for line in lines[2:2 + count]]
    if first != 0 or any(m is None for m in entries):
        return pdf
    offsets = [int(m.group(1)) for m in entries[1:]]
    if offsets != sorted(offsets):
        return pdf
    bounds = offsets + [xref_at]
    out = [pdf[:offsets[0]]] if offsets else [pdf[:xref_at]]
    new_offsets = []
    size = len(out[0])
    for start, end in zip(bounds, bounds[1:]):
        chunk = pdf[start:end]
        tail = b"endstream\nendobj\n"
        if chunk.endswith(tail) and chunk[-len(tail) - 1:-len(tail)] not in (b"\n", b"\r"):
            chunk = chunk[:-len(tail)] + b"\n" + tail
        new_offsets.append(size)
        out.append(chunk)
        size += len(chunk)
    table = [b"xref", b"0 %d" % count, lines[2]]
    table += [b"%010d %s n " % (off, m.group(2)) for off, m in zip(new_offsets, entries[1:])]
    rest = b"\n".join(lines[2 + count:])
    trailer = rest[:rest.rfind(b"startxref")]
    out.append(b"\n".join(table) + b"\n" + trailer + b"startxref\n%d\n%%%%EOF\n" % size)
    return b"".join(out)
