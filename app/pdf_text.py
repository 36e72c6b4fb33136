"""The text layer of a PDF, read by pypdf within bounds of time, memory and pages."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
import time
from collections.abc import Callable
from typing import Any

from app.extracted import Extracted, ExtractError, tidy, tidy_line

log = logging.getLogger(__name__)

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
    text = tidy("\n\n".join(pages))[:PDF_MAX_CHARS]
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
        title = tidy_line(str(meta.title or ""))
        author = tidy_line(str(meta.author or ""))
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
