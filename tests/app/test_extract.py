"""Extraction without the network: charsets, kinds of file, PDFs, and what cannot be read."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from app.extract import (
    ExtractError,
    decode,
    extract,
    extract_file,
    extract_pdf,
    header_charset,
    sniff_charset,
    sniff_kind,
)

from .helpers import tiny_pdf


def pdf_with(lines: list[str]) -> bytes:
    return tiny_pdf(lines)


ARTICLE = ("<html><head><title>Ferry timetable changes</title></head><body>"
           "<nav><a href='/'>Home</a> <a href='/travel'>Travel</a></nav><article>"
           "<h1>Ferry timetable changes</h1>"
           "<p>From 1 June the morning ferry to the islands leaves at 7:15 instead of 7:40, "
           "the operator said, to connect with the first train to the city.</p>"
           "<p>Evening sailings are unchanged, and fares stay at 4.50 euros for adults and "
           "2.20 euros for children under twelve.</p></article>"
           "<footer>© Island Post — all rights reserved</footer></body></html>")


# --- charsets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "codec"),
    [("text/html; charset=UTF-8", "utf-8"), ("text/html; charset=\"iso-8859-1\"", "cp1252"),
     ("text/html;charset=windows-1251", "cp1251"), ("text/html; charset=nonsense", None),
     ("text/html", None), ("", None)],
)
def test_header_charset(header: str, codec: str | None) -> None:
    assert header_charset(header) == codec


def test_meta_charset_forms() -> None:
    assert sniff_charset(b'<html><head><meta charset="windows-1250">') == "cp1250"
    assert sniff_charset(b"<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>") \
        == "koi8-r"
    assert sniff_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><html>') == "cp1252"
    # A page read as bytes cannot be UTF-16 after an ASCII meta tag: treat as UTF-8.
    assert sniff_charset(b'<meta charset="utf-16">') == "utf-8"
    assert sniff_charset(b"<html><p>no declaration</p>") is None


def test_decode_order_bom_then_header_then_meta_then_guess() -> None:
    text = "naïve “quotes”"
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8"), "text/html; charset=cp1252") == (
        text, "utf-8-sig")
    assert decode(text.encode("cp1252"), "text/html; charset=windows-1252")[0] == text
    meta = b'<meta charset="cp1252">' + text.encode("cp1252")
    assert decode(meta, "text/html")[0].endswith(text)
    assert decode(text.encode("utf-8"), "") == (text, "utf-8")
    assert decode(text.encode("cp1252"), "") == (text, "cp1252")
    # Served as UTF-8 but really Windows-1252: no replacement characters.
    assert decode(text.encode("cp1252"), "text/html; charset=utf-8") == (text, "cp1252")


def test_iso_8859_1_label_means_windows_1252() -> None:
    # Byte 0x93 is a curly quote in cp1252 and a control character in real latin-1.
    assert decode(b"\x93quoted\x94", "text/plain; charset=ISO-8859-1")[0] == "“quoted”"


def test_utf16_with_bom() -> None:
    body = "Zürich".encode("utf-16")
    assert decode(body, "")[0] == "Zürich"


def test_undecodable_bytes_do_not_fail_the_snapshot() -> None:
    text, codec = decode(b"ok \x81\x8d\x8f\x90\x9d end", "")
    assert codec == "cp1252" and text.startswith("ok ") and text.endswith(" end")


# --- kinds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "name", "kind"),
    [(b"%PDF-1.7 ...", "text/html", "", "pdf"),  # the magic number beats the header
     (b"<html><body>x</body></html>", "application/pdf", "a.pdf", "html"),  # an error page
     (b"<!doctype html><p>x", "", "", "html"),
     (b"<!doctype html><p>x", "text/plain", "", "text"),  # a declared type wins
     (b"plain words", "application/octet-stream", "notes.txt", "text"),
     (b"<p>x</p>", "", "saved.htm", "html"),
     (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "", None),
     (b"\x00\x01\x02binary", "", "", None),
     (b"# Title\n\nMarkdown text", "text/markdown", "", "text")],
)
def test_sniff_kind(body: bytes, content_type: str, name: str, kind: str | None) -> None:
    assert sniff_kind(body, content_type, name) == kind


# --- HTML -----------------------------------------------------------------------------------


def test_html_article_without_furniture() -> None:
    page = extract(ARTICLE.encode("utf-8"), "text/html", "https://islandpost.example/ferry")
    assert page.kind == "html" and page.title == "Ferry timetable changes"
    assert "leaves at 7:15 instead of 7:40" in page.text
    assert "4.50 euros" in page.text
    assert "Travel" not in page.text and "all rights reserved" not in page.text
    assert page.html.startswith("<html>")


def test_short_page_is_still_read() -> None:
    # Below trafilatura's usual thresholds: the recall pass keeps it.
    page = extract(b"<html><body><p>Statement: the bridge opens on 4 May.</p></body></html>",
                   "text/html", "")
    assert "the bridge opens on 4 May" in page.text


def test_scripts_are_never_text() -> None:
    page = extract(b"<html><head><script>alert('x')</script></head><body><article><p>"
                   + b"The council met on Monday and agreed the plan for the new school. " * 3
                   + b"</p></article><script>document.write('evil')</script></body></html>",
                   "text/html", "")
    assert "alert" not in page.text and "evil" not in page.text


def test_page_with_no_text_is_an_error() -> None:
    with pytest.raises(ExtractError, match="no readable text"):
        extract(b"<html><body><img src='a.png'></body></html>", "text/html", "")


def test_unknown_type_is_named() -> None:
    with pytest.raises(ExtractError, match=r"not a page Copydesk can read \(video/mp4\)"):
        extract(b"\x00\x00\x00\x18ftypmp42", "video/mp4", "")


# --- PDF -----------------------------------------------------------------------------------


def test_pdf_text_layer() -> None:
    page = extract_pdf(pdf_with(["Budget 2025", "Spending rises 4 percent."]))
    assert page.kind == "pdf"
    assert "Budget 2025" in page.text and "Spending rises 4 percent." in page.text


def test_damaged_pdf_is_named() -> None:
    with pytest.raises(ExtractError, match="PDF could not be read"):
        extract_pdf(b"%PDF-1.4\nthis is not really a pdf at all")


def test_pdf_without_text_layer_is_named() -> None:
    with pytest.raises(ExtractError, match="no text layer"):
        extract_pdf(pdf_with([]))


def test_encrypted_pdf_is_named() -> None:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractError, match="password-protected"):
        extract_pdf(buffer.getvalue())


# --- files attached by hand ----------------------------------------------------------------


def test_extract_file_by_suffix_and_by_sniffing(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(ARTICLE, encoding="utf-8")
    assert "7:15" in extract_file(tmp_path / "page.html").text
    (tmp_path / "page-without-suffix").write_text(ARTICLE, encoding="cp1252")
    assert extract_file(tmp_path / "page-without-suffix").kind == "html"
    (tmp_path / "doc").write_bytes(pdf_with(["Scanned? No, typed."]))
    assert extract_file(tmp_path / "doc").kind == "pdf"
    (tmp_path / "notes.md").write_text("# Notes\n\nCall with the press office.\n", "utf-8")
    assert extract_file(tmp_path / "notes.md").text == "# Notes\n\nCall with the press office."


def test_extract_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="does not exist"):
        extract_file(tmp_path / "missing.html")
    with pytest.raises(ExtractError, match="is a folder"):
        extract_file(tmp_path)
    (tmp_path / "picture.bin").write_bytes(b"\x00\x01\x02\x03")
    with pytest.raises(ExtractError, match="^is not HTML, PDF or text$"):
        extract_file(tmp_path / "picture.bin")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(ExtractError, match="empty"):
        extract_file(tmp_path / "empty.txt")
