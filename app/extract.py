"""Turn the bytes of a cited page (HTML, PDF or plain text) into the text a reviewer reads.

HTML goes through trafilatura, which keeps the article and leaves out navigation,
adverts, related links, comments and footers; PDF through pypdf; plain text is kept as
it is. Nothing in a page is executed: HTML is parsed by lxml, never rendered, and the
original markup is kept only as inert text for provenance.

Character sets are decided the way browsers do, in this order: a byte-order mark, the
``charset`` of the Content-Type header, a ``<meta charset>`` or ``http-equiv`` tag in the
first bytes, then UTF-8 if the bytes are valid UTF-8, else Windows-1252 (what
"iso-8859-1" and unlabelled Western pages are in practice).
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from app.extracted import Extracted, ExtractError, tidy, tidy_line
from app.pdf_text import extract_pdf

__all__ = ["Extracted", "ExtractError", "extract", "extract_file", "extract_html",
           "extract_named", "extract_pdf", "extract_text", "read_file", "sniff_kind"]

log = logging.getLogger(__name__)

# Attaching by hand reads the whole file; refuse what cannot be a web page.
MAX_FILE_BYTES = 50_000_000
# Below this many characters of article text, extraction tries harder (see extract_html).
THIN_TEXT = 500
# trafilatura's cost and memory grow faster than the page: 600,000 table cells took
# 110 s and 900 MB. A page with more tags than this is read as plain text instead
# (linear, in C), furniture and all; the largest real article pages stay well below.
HTML_MAX_TAGS = 200_000
_TAG = re.compile(r"<[A-Za-z]")


HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
PDF_TYPES = ("application/pdf", "application/x-pdf")
TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|article|p|div|title)[\s>]", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG: these labels mean windows-1252 on the web.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
              "iso_8859-1", "cp819", "ibm819", "windows-1252", "cp1252", "x-cp1252"}


def media_type(content_type: str) -> str:
    """``text/html; charset=utf-8`` → ``text/html``."""
    return content_type.split(";", 1)[0].strip().lower()


def header_charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, if it names a known codec."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return _known_codec(value.strip().strip("\"'"))
    return None


def _known_codec(label: str) -> str | None:
    label = label.strip().lower()
    if not label:
        return None
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_charset(body: bytes) -> str | None:
    """The charset a document declares about itself (BOM aside): meta tag or XML prolog."""
    head = body[:4096]
    for pattern in (_META_CHARSET, _XML_DECL):
        found = pattern.search(head)
        if found:
            codec = _known_codec(found.group(1).decode("ascii", "replace"))
            # A page that is being read as bytes cannot really be UTF-16 after an
            # ASCII-compatible meta tag; browsers treat that label as UTF-8.
            if codec and codec.startswith("utf-16"):
                return "utf-8"
            if codec:
                return codec
    return None


def decode(body: bytes, content_type: str = "", *, markup: bool = True) -> tuple[str, str]:
    """Decode ``body`` to text; returns (text, codec used).

    Order: byte-order mark, header charset, in-document declaration (when ``markup``),
    valid UTF-8, Windows-1252. A declared charset that the bytes contradict (a page
    served as UTF-8 that is really Windows-1252) falls through to the next candidate
    instead of filling the snapshot with replacement characters.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace"), codec
    candidates: list[str] = []
    declared = header_charset(content_type)
    if declared:
        candidates.append(declared)
    if markup:
        sniffed = sniff_charset(body)
        if sniffed:
            candidates.append(sniffed)
    candidates += ["utf-8", "cp1252"]
    for codec in dict.fromkeys(candidates):
        try:
            return body.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    # cp1252 leaves five bytes undefined; keep going rather than fail the snapshot.
    return body.decode("cp1252", errors="replace"), "cp1252"


def sniff_kind(body: bytes, content_type: str = "", name: str = "") -> str | None:
    """"html", "pdf" or "text": from the first bytes, then the media type, then the name.

    A PDF announces itself with ``%PDF-`` whatever the server says; otherwise a
    declared media type wins over the file name, and a name wins over guessing.
    """
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    mtype = media_type(content_type)
    suffix = Path(name).suffix.lower() if name else ""
    if mtype in HTML_TYPES:
        return "html"
    if mtype in TEXT_TYPES:
        return "text"
    if mtype in PDF_TYPES:
        return "html" if _HTML_SNIFF.search(head) else "pdf"
    generic = mtype in ("", "application/octet-stream", "binary/octet-stream")
    if not (generic or mtype.startswith("text/")):
        return None
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".txt", ".text", ".md", ".markdown"):
        return "text"
    if _HTML_SNIFF.search(head):
        return "html"
    if b"\x00" not in head:
        return "text"
    return None


def extract(body: bytes, content_type: str, url: str = "") -> Extracted:
    """The main text and metadata of a page received from ``url``.

    Raises ``ExtractError`` when the bytes are not something Copydesk can read
    (an image, a damaged or password-protected PDF) or hold no readable text.
    """
    kind = sniff_kind(body, content_type, name=_path_of(url))
    if kind == "html":
        return extract_html(body, content_type, url)
    if kind == "pdf":
        return extract_pdf(body)
    if kind == "text":
        return extract_text(body, content_type)
    shown = media_type(content_type) or "unknown type"
    raise ExtractError(f"not a page Copydesk can read ({shown})")


def _path_of(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]


def extract_html(body: bytes, content_type: str = "", url: str = "") -> Extracted:
    html, codec = decode(body, content_type, markup=True)
    if _count_tags(html) > HTML_MAX_TAGS:
        return _extract_plain(html, codec)
    # The main extractor alone ("fast") is right on ordinary article pages and takes
    # two thirds of the time; a thin result gets the full run with trafilatura's
    # readability/jusText fallbacks, then a recall-oriented run.
    doc = _trafilatura(html, url, fast=True)
    if len(_text_of(doc)) < THIN_TEXT:
        full = _trafilatura(html, url)
        if len(_text_of(full)) > len(_text_of(doc)):
            doc = full
    if not _text_of(doc).strip():
        doc = _trafilatura(html, url, favor_recall=True) or doc
    text = tidy(_text_of(doc))
    if not text:
        raise ExtractError("no readable text found in the page")
    return Extracted(
        text=text,
        title=tidy_line(_field(doc, "title") or _html_title(html)),
        author=tidy_line(_field(doc, "author")),
        published=tidy_line(_field(doc, "date")),
        html=html,
        kind="html",
        encoding=codec,
    )


def _count_tags(html: str) -> int:
    count = 0
    for _ in _TAG.finditer(html):
        count += 1
        if count > HTML_MAX_TAGS:
            break
    return count


# Elements that start a new line when a page is read as plain text.
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split())
_SKIPPED = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")


def _extract_plain(html: str, codec: str) -> Extracted:
    """A page too big for article extraction, as the text of its elements, a line per
    block; scripts, styles and the head left out."""
    from lxml import etree
    from lxml import html as lxml_html

    log.info("page has more than %d tags: read as plain text", HTML_MAX_TAGS)
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError("no readable text found in the page") from exc
    etree.strip_elements(root, *_SKIPPED, with_tail=False)
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        is_element = isinstance(element.tag, str)  # comments and processing instructions
        block = is_element and element.tag in _BLOCKS
        if event == "start":
            if block:
                parts.append("\n")
            if is_element and element.text:
                parts.append(element.text)
        else:
            if block:
                parts.append("\n")
            if element.tail:
                parts.append(element.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    text = tidy("\n".join(line for line in lines if line))
    if not text:
        raise ExtractError("no readable text found in the page")
    return Extracted(text=text, title=tidy_line(_html_title(html)), html=html, kind="html",
                     encoding=codec)


def _trafilatura(html: str, url: str, *, fast: bool = False,
                 favor_recall: bool = False) -> object:
    import trafilatura  # imported late: it costs ~0.15 s and only fetching needs it

    return trafilatura.bare_extraction(
        html, url=url or None, fast=fast, favor_recall=favor_recall, include_comments=False,
        include_tables=True, with_metadata=True, deduplicate=False,
    )


def _field(doc: object, name: str) -> str:
    return str(getattr(doc, name, "") or "") if doc is not None else ""


def _text_of(doc: object) -> str:
    return _field(doc, "text")


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def _html_title(html: str) -> str:
    import html as htmllib

    found = _TITLE.search(html[:200_000])
    return htmllib.unescape(" ".join(found.group(1).split())) if found else ""


def extract_text(body: bytes, content_type: str = "") -> Extracted:
    text, codec = decode(body, content_type, markup=False)
    text = tidy(text)
    if not text:
        raise ExtractError("no text in it (empty)")
    return Extracted(text=text, kind="text", encoding=codec)


def extract_file(path: str | Path) -> Extracted:
    """Extract a file attached by hand: HTML, PDF or text, by suffix or by its first bytes.

    ``ExtractError.reason`` does not repeat the file name ("is not HTML, PDF or text",
    "the PDF is password-protected"): the caller puts the name in front.
    """
    return extract_named(read_file(path), Path(path).name)


def extract_named(body: bytes, name: str) -> Extracted:
    """Extract bytes that came from a file called ``name`` (no media type known)."""
    kind = sniff_kind(body, "", name=name)
    if kind == "html":
        return extract_html(body, "", "")
    if kind == "pdf":
        return extract_pdf(body)
    if kind == "text":
        return extract_text(body, "")
    raise ExtractError("is not HTML, PDF or text")


def read_file(path: str | Path) -> bytes:
    """The bytes of a file to attach; ``ExtractError`` says what is wrong with it."""
    p = Path(path)
    try:
        if p.is_dir():
            raise ExtractError("is a folder, not a file")
        size = p.stat().st_size
        if not p.is_file():
            raise ExtractError("is not a regular file")
        if size > MAX_FILE_BYTES:
            raise ExtractError(f"is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise ExtractError("does not exist") from exc
    except PermissionError as exc:
        raise ExtractError("cannot be read (permission denied)") from exc
    except OSError as exc:
        raise ExtractError(f"cannot be read ({exc.strerror or exc})") from exc


