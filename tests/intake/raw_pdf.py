"""PDFs written byte by byte, for documents fpdf2 will not make: hostile ones, odd Unicode maps."""

PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
FONT = b"<< /Font << /F1 3 0 R >> >>"


def write_pdf(objects: list[bytes]) -> bytes:
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def pdf(contents: list[bytes], resources: list[bytes] | None = None, more: list[bytes] = ()) -> bytes:
    """One page per content stream (each a full object body); `more` objects follow them."""
    count = len(contents)
    first_page = 4
    first_content = first_page + count
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(count))
    pages = [PAGE % ((resources or [FONT] * count)[i], first_content + i) for i in range(count)]
    return write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *pages,
            *contents,
            *more,
        ]
    )


def text(words: bytes) -> bytes:
    return b"BT /F1 11 Tf 72 700 Td (" + words + b") Tj ET"


# A font whose Unicode map gives byte 1 as NUL and byte 2 as U+202E (right-to-left override).
CONTROLS_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Controls def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <20> <7E> <0020> endbfrange
2 beginbfchar <01> <0000> <02> <202E> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


def response_with_controls() -> bytes:
    """A two-recommendation response whose text, as its font maps it, holds NUL and U+202E."""
    lines = [
        b"Conclusions and recommendations", b"of the Committee", b"",
        b"1. The Department should publish its plan\x01 by the end", b"of the year. \\(Paragraph 17\\)", b"",
        b"The Government agrees.\x02 We will publish the", b"plan in Autumn 2020.", b"",
        b"2. The Department should review its funding", b"for schools. \\(Paragraph 18\\)", b"",
        b"The Government notes this", b"recommendation.",
    ]  # fmt: skip
    shown = b" ".join(b"(" + line + b") Tj T*" if line else b"T*" for line in lines)
    return write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            PAGE % (FONT, 5),
            stream(b"BT /F1 11 Tf 72 720 Td 14 TL " + shown + b" ET"),
            stream(CONTROLS_CMAP),
        ]
    )
