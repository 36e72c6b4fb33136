"""Read a story file into text: size limit, binary sniffing, encoding fallbacks."""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.errors import InputError
from app.markers import fold_zero_width

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# C0 controls other than tab and newline, DEL, and the C1 block: never text a reader
# sees, and a NUL that reaches an exported page or a CMS truncates or breaks it.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def max_input_bytes() -> int:
    """The input size limit: ``COPYDESK_MAX_INPUT_MB`` or 20 MB."""
    value = os.environ.get("COPYDESK_MAX_INPUT_MB", "").strip()
    try:
        limit = int(float(value) * 1024 * 1024) if value else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES
    return limit if limit > 0 else DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def read_text_file(path: str | os.PathLike[str], max_bytes: int | None = None) -> DecodedText:
    """Read ``path`` as text, or raise ``InputError`` naming the file and the reason."""
    limit = max_input_bytes() if max_bytes is None else max_bytes
    name = str(path)
    file = Path(path)
    try:
        if not file.exists():
            raise InputError(name, "no such file")
        if file.is_dir():
            raise InputError(name, "is a directory, not a story file")
        if not file.is_file():  # a pipe would wait for a writer forever
            raise InputError(name, "is not a regular file (a pipe, socket or device)")
        size = file.stat().st_size
        if size > limit:
            raise InputError(
                name, f"file is {size / 1048576:.1f} MB, over the {limit / 1048576:.0f} MB limit"
            )
        with file.open("rb") as handle:
            # Read one byte past the limit: a file growing while we read is still capped.
            data = handle.read(limit + 1)
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as error:
        raise InputError(name, error.strerror or "cannot be read") from None
    if len(data) > limit:
        raise InputError(name, f"file is over the {limit / 1048576:.0f} MB limit")
    return decode_bytes(data, name)


def decode_bytes(data: bytes, name: str) -> DecodedText:
    """UTF-8 (with or without BOM), UTF-16 with BOM, then cp1252 with a warning."""
    if not data.strip():
        raise InputError(name, "file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_decode(data[3:], "utf-8", name), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(_decode(data, "utf-16", name), "utf-16")
    if b"\x00" in data:
        raise InputError(name, "looks like a binary file, not text")
    try:
        return DecodedText(_check_text(data.decode("utf-8"), name), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(name, "cannot be decoded as UTF-8, UTF-16 or cp1252 text") from None
    return DecodedText(
        _check_text(text, name),
        "cp1252",
        ("not valid UTF-8; read as Windows-1252 (cp1252), check the quotes and accents",),
    )


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return _check_text(data.decode(encoding), name)
    except UnicodeDecodeError:
        raise InputError(name, f"invalid {encoding.upper()} despite its byte-order mark") from None


def _check_text(text: str, name: str) -> str:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(name, "file is empty")
    control = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > max(8, len(text[:65536]) // 100):
        raise InputError(name, "looks like a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_controls(text: str) -> tuple[str, int]:
    """``text`` without control characters, and how many were removed.

    Line endings become ``\\n``; form feeds and vertical tabs (page breaks) become line
    breaks; tabs stay. Everything else below U+0020, DEL and U+0080-U+009F goes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\v", "\n")
    return _CONTROL.subn("", text)


def clean_text(text: str) -> tuple[str, int]:
    """Story text as it is kept: ``strip_controls``, then zero-width characters folded
    out of ``[n]`` markers; returns the text and how many control characters went."""
    text, removed = strip_controls(text)
    return fold_zero_width(text), removed


def control_warning(removed: int) -> str:
    """The input warning for ``removed`` stripped control characters."""
    plural = "s" if removed != 1 else ""
    return f"removed {removed:,} control character{plural} (invisible codes such as NUL)"
