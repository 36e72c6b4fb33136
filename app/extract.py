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
import contextlib
import dataclasses
import io
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.textio import strip_controls

log = logging.getLogger(__name__)

# Attaching by hand reads the whole file; refuse what cannot be a web page.
MAX_FILE_BYTES = 50_000_000
# Below this many characters of article text, extraction tries harder (see extract_html).
THIN_TEXT = 500


class ExtractError(Exception):
    """The bytes could not be turned into text; ``reason`` is the sentence to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Extracted:
    """What a page says, without its furniture.

    ``html`` is the page's markup decoded to text (empty for PDF and plain text), kept
    only for provenance; ``kind`` is "html", "pdf" or "text".
    """

    text: str
    title: str = ""
    author: str = ""
    published: str = ""
    html: str = ""
    kind: str = ""
    encoding: str = ""


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
    text = _tidy(_text_of(doc))
    if not text:
        raise ExtractError("no readable text found in the page")
    return Extracted(
        text=text,
        title=_tidy_line(_field(doc, "title") or _html_title(html)),
        author=_tidy_line(_field(doc, "author")),
        published=_tidy_line(_field(doc, "date")),
        html=html,
        kind="html",
        encoding=codec,
    )


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
    text = _tidy(text)
    if not text:
        raise ExtractError("no text in it (empty)")
    return Extracted(text=text, kind="text", encoding=codec)


# A PDF is a program for a page-description interpreter: a few kilobytes can ask for
# gigabytes of decompressed stream, millions of operators, or one big form drawn
# thousands of times. These bound what one PDF may cost (see docs/snapshots.md).
PDF_TIME_LIMIT = 20.0  # seconds for the whole document
PDF_MAX_PAGES = 1000  # pages read; the rest of a longer document is not
PDF_MAX_CHARS = 5_000_000  # characters of text kept
PDF_MAX_STREAM_BYTES = 20_000_000  # one stream, decompressed
PDF_MAX_STREAM_TOKENS = 500_000  # operands and operators in one content stream
PDF_MAX_FORMS_PER_PAGE = 500  # form XObjects drawn on one page
PDF_MAX_PAGES_OVER_LIMIT = 3  # pages over a limit before the document is given up
_PDF_CONFIGURATION = {  # pypdf's own limits, where this pypdf has them
    "maximum_declared_stream_length": PDF_MAX_STREAM_BYTES,
    "array_based_stream_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "jbig2_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "lzw_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "run_length_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "zlib_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "brotli_maximum_output_length": PDF_MAX_STREAM_BYTES,
    "image_maximum_buffer_size": PDF_MAX_STREAM_BYTES,
    "stream_decoding_work_maximum_length": 4 * PDF_MAX_STREAM_BYTES,
    "stream_parsing_work_maximum_count": PDF_MAX_STREAM_TOKENS,
    "xform_maximum_invocations_per_extraction": PDF_MAX_FORMS_PER_PAGE,
}
_UNREADABLE = "the PDF could not be read (damaged or not a PDF)"
_TOO_COMPLEX = "the PDF could not be read (too large or too complex inside)"
_TOO_DEEP = "the PDF could not be read (nested too deeply)"


class _OutOfTime(Exception):
    pass


def extract_pdf(body: bytes, *, time_limit: float = PDF_TIME_LIMIT) -> Extracted:
    """The text layer of a PDF, bounded in time and memory.

    Reads at most ``PDF_MAX_PAGES`` pages and ``PDF_MAX_CHARS`` characters; a page
    that is damaged or over a limit (a stream that expands past 20 MB, a content
    stream of more than half a million tokens) is skipped when other pages have text,
    and a document with more than ``PDF_MAX_PAGES_OVER_LIMIT`` such pages is given up.
    Raises ``ExtractError`` when nothing readable is left, when reading takes longer
    than ``time_limit`` seconds, or for anything pypdf raises on a hostile file.
    """
    try:
        import pypdf
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise ExtractError("PDF support is not installed (pypdf)") from exc
    # pypdf logs what it repairs ("EOF marker not found"); our error says it once.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    deadline = time.monotonic() + time_limit

    def check_time(*_: object) -> None:  # called before each operator, forms included
        if time.monotonic() > deadline:
            raise _OutOfTime

    try:
        with _pdf_limits(pypdf):
            reader = pypdf.PdfReader(io.BytesIO(body))
            _unlock(reader)
            pages, failures = _pdf_pages(reader, check_time)
            if _given_up(failures):
                raise ExtractError(failures[-1])
            meta = _pdf_metadata(reader)
    except ExtractError:
        raise
    except _OutOfTime:
        raise ExtractError(f"the PDF took longer than {time_limit:g} s to read") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on hostile files
        raise ExtractError(_pdf_reason(exc)) from exc
    text = _tidy("\n\n".join(pages))[:PDF_MAX_CHARS]
    if not text:
        if failures:
            raise ExtractError(failures[0])
        raise ExtractError("the PDF has no text layer (a scanned image?)")
    return Extracted(text=text, title=meta[0], author=meta[1], published=meta[2], kind="pdf")


def _pdf_limits(pypdf: Any) -> contextlib.AbstractContextManager[object]:
    apply = getattr(pypdf, "apply_configuration", None)
    configuration = getattr(pypdf, "Configuration", None)
    if apply is None or configuration is None:  # an older pypdf: its built-in limits
        return contextlib.nullcontext()
    known = {f.name for f in dataclasses.fields(configuration)}
    limits: contextlib.AbstractContextManager[object] = apply(
        **{k: v for k, v in _PDF_CONFIGURATION.items() if k in known})
    return limits


def _unlock(reader: Any) -> None:
    if reader.is_encrypted:
        try:
            unlocked = reader.decrypt("")
        except Exception as exc:  # noqa: BLE001 - pypdf raises several kinds here
            raise ExtractError("the PDF is password-protected") from exc
        if not unlocked:
            raise ExtractError("the PDF is password-protected")


def _pdf_pages(reader: Any, check_time: Callable[..., None]) -> tuple[list[str], list[str]]:
    """Text of each readable page, and the reason each other page could not be read.

    Stops early after too many pages over a limit: a bomb repeats its page.
    """
    pages: list[str] = []
    failures: list[str] = []
    size = 0
    for number, page in enumerate(reader.pages):
        if number >= PDF_MAX_PAGES or size >= PDF_MAX_CHARS:
            log.info("PDF read up to page %d of %d", number, len(reader.pages))
            break
        check_time()
        try:
            text = (page.extract_text(visitor_operand_before=check_time) or "").strip()
        except _OutOfTime:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad page need not sink the rest
            # Keep the reason, not the exception: its traceback holds the page's data.
            log.info("PDF page %d skipped: %r", number + 1, exc)
            failures.append(_pdf_reason(exc))
            if _given_up(failures):
                break
            continue
        if text:
            pages.append(text)
            size += len(text)
    return pages, failures


def _given_up(failures: list[str]) -> bool:
    return failures.count(_TOO_COMPLEX) + failures.count(_TOO_DEEP) > PDF_MAX_PAGES_OVER_LIMIT


def _pdf_metadata(reader: Any) -> tuple[str, str, str]:
    """Title, author and creation date; a damaged information dictionary gives blanks."""
    try:
        meta = reader.metadata
        if meta is None:
            return "", "", ""
        title = _tidy_line(str(meta.title or ""))
        author = _tidy_line(str(meta.author or ""))
    except Exception:  # noqa: BLE001 - the text is what matters; metadata is a nicety
        return "", "", ""
    try:
        created = meta.creation_date
    except Exception:  # noqa: BLE001 - dates in PDFs are free text in practice
        created = None
    published = created.date().isoformat() if created is not None else ""
    return title, author, published


def _pdf_reason(exc: BaseException) -> str:
    from pypdf import errors

    if isinstance(exc, RecursionError):
        return _TOO_DEEP
    if isinstance(exc, (MemoryError, getattr(errors, "LimitReachedError", MemoryError))):
        return _TOO_COMPLEX
    return _UNREADABLE


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


_BLANKS = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    # A PDF's text layer can hold any code point, NUL and escape codes included.
    text, _ = strip_controls(text)
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _tidy_line(text: str) -> str:
    """A title or a name: one line, no control characters."""
    return " ".join(strip_controls(text)[0].split())
