"""PDFs built by hand that cost a reader far more than their size (issue 15).

Each is a few kilobytes: a stream that inflates to hundreds of megabytes, arrays
nested thirty thousand deep, content streams of millions of operators, one form drawn
again and again. ``extract_pdf`` must refuse each quickly, in bounded memory.
"""

from __future__ import annotations

import zlib

from .helpers import pdf_file

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream(data: bytes, *, flate: bool = False, extra: bytes = b"") -> bytes:
    if flate:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def inflating_stream(size: int, head: bytes = b"") -> bytes:
    """A Flate stream that expands to ``size`` bytes, built without holding them."""
    packer = zlib.compressobj(9)
    parts = [packer.compress(head)]
    chunk = b" " * 1_000_000
    for _ in range(size // len(chunk)):
        parts.append(packer.compress(chunk))
    data = b"".join(parts) + packer.flush()
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"


def pages_pdf(contents: list[bytes], *, xobjects: bytes = b"",
              extra_objects: tuple[bytes, ...] = ()) -> bytes:
    """One page per content stream (object form: a whole ``stream`` object)."""
    count = len(contents)
    font = 3 + 2 * count
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> %s >> >>" % (4 + 2 * i, font, xobjects))
        objects.append(content)
    objects.append(FONT)
    objects.extend(extra_objects)
    return pdf_file(objects)


def text_ops(line: str) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (" + line.encode("latin-1") + b") Tj ET"


def readable(line: str = "Ferries run daily from the harbour.") -> bytes:
    return pages_pdf([stream(text_ops(line))])


def decompression_bomb(size: int = 200_000_000) -> bytes:
    """A page whose content stream inflates to ``size`` bytes (200 MB by default)."""
    return pages_pdf([inflating_stream(size, text_ops("Hi") + b"\n")])


def nested_arrays(depth: int = 30_000) -> bytes:
    """A content stream holding ``depth`` nested arrays."""
    content = b"BT /F1 12 Tf " + b"[" * depth + b"]" * depth + b" TJ ET"
    return pages_pdf([stream(content, flate=True)])


def nested_object(depth: int = 30_000) -> bytes:
    """A page dictionary with an entry ``depth`` arrays deep."""
    page = pages_pdf([stream(text_ops("Hi"))])
    return page.replace(b"/MediaBox", b"/Junk " + b"[" * depth + b"]" * depth + b" /MediaBox", 1)


def many_operators(pages: int = 5, tokens: int = 1_900_000) -> bytes:
    """``pages`` pages sharing one content stream of ``tokens`` tokens (the 37 s, 398 MB
    file of issue 15: each page is just under pypdf's own per-stream token limit)."""
    content = stream(b"BT /F1 12 Tf 72 720 Td " + b"(a) Tj " * (tokens // 2) + b"ET", flate=True)
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages), content]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + pages)] * pages
    objects.append(FONT)
    return pdf_file(objects)


def repeated_form(invocations: int = 400, tokens: int = 100_000) -> bytes:
    """One page drawing the same form XObject (``tokens`` tokens) ``invocations`` times:
    each drawing is parsed again, so reading it costs invocations x tokens."""
    form_content = zlib.compress(
        b"BT /F1 12 Tf 72 720 Td " + b"(a) Tj " * (tokens // 2) + b"ET", 9)
    form = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Length %d /Filter /FlateDecode >>\n"
            b"stream\n" % len(form_content) + form_content + b"\nendstream")
    return pages_pdf([stream(b"/X1 Do " * invocations, flate=True)],
                     xobjects=b"/XObject << /X1 6 0 R >>", extra_objects=(form,))


def truncations(pdf: bytes, cuts: int = 8) -> list[bytes]:
    """``pdf`` cut short at evenly spaced lengths (a download that broke off)."""
    return [pdf[: len(pdf) * i // cuts] for i in range(1, cuts)]
