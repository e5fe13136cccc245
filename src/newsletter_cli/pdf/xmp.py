"""The XMP metadata packet of the PDF, matching its Info dictionary (PDF/A requires both agree).

It carries dc:title, dc:creator, dc:description, dc:language, the keywords, producer, creator
tool and dates and, when the PDF claims them, pdfaid (part 2, conformance A) and pdfuaid
(part 1), with the extension schema that PDF/A requires for the pdfuaid property.
"""

from __future__ import annotations

import time

_UA_SCHEMA = """<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
"""


def xmp_date(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(epoch))


def packet(meta: dict, claims: bool = True) -> str:
    """meta: title, author, subject, keywords, creator, producer, language, epoch."""
    e = lambda key: _escape(str(meta.get(key) or ""))  # noqa: E731
    date = xmp_date(meta["epoch"])
    parts = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
        ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
        ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
        ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
        "<dc:format>application/pdf</dc:format>",
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e("title")}</rdf:li></rdf:Alt></dc:title>',
        f"<dc:creator><rdf:Seq><rdf:li>{e('author')}</rdf:li></rdf:Seq></dc:creator>",
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e("subject")}</rdf:li></rdf:Alt></dc:description>',
        f"<dc:language><rdf:Bag><rdf:li>{e('language')}</rdf:li></rdf:Bag></dc:language>",
        f"<pdf:Keywords>{e('keywords')}</pdf:Keywords>",
        f"<pdf:Producer>{e('producer')}</pdf:Producer>",
        f"<xmp:CreatorTool>{e('creator')}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{date}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{date}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{date}</xmp:MetadataDate>",
    ]
    if claims:
        parts += ["<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>A</pdfaid:conformance>",
                  "<pdfuaid:part>1</pdfuaid:part>", _UA_SCHEMA]
    parts += ["</rdf:Description>", "</rdf:RDF>", "</x:xmpmeta>", " " * 200, '<?xpacket end="w"?>']
    return "\n".join(parts)


def _escape(text: str) -> str:
    """xml.sax.saxutils.escape, whose module imports urllib.request, http.client and ssl."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
