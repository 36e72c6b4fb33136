"""Story texts the tests build, so each test states the exact input it is about."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIGEST = REPO / "resources" / "samples" / "muse-spark-digest.txt"


def digest_text() -> str:
    return SAMPLE_DIGEST.read_text(encoding="utf-8")


def bundle(**overrides: object) -> dict:
    data: dict = {
        "format": "copydesk.story/1",
        "id": "harbour-bridge",
        "title": "Harbour bridge reopens after repairs",
        "dek": "The city's main bridge is open again.",
        "body": (
            "## What happened\n\n"
            "The harbour bridge reopened on Monday after six weeks of repairs [1]. "
            "The work cost $14.3 million, the council said [1][2].\n\n"
            "Traffic is expected to return to normal by Friday [2]."
        ),
        "references": [
            {"n": 1, "publisher": "City Council", "title": "Bridge works complete",
             "url": "https://council.example.org/bridge"},
            {"n": 2, "publisher": "Harbour Times", "title": "Bridge reopens",
             "url": "https://times.example.org/bridge"},
        ],
    }
    data.update(overrides)
    return data


def write_bundle(path: Path, **overrides: object) -> Path:
    path.write_text(json.dumps(bundle(**overrides)), encoding="utf-8")
    return path


def tiny_pdf(lines: list[str], title: str = "", author: str = "") -> bytes:
    """A valid one-page PDF with a text layer, written by hand (no PDF library)."""
    content = "BT /F1 12 Tf 72 720 Td " + " ".join(
        f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /Author ({author}) /CreationDate (D:20240102120000Z) >>"
        .encode("latin-1"),
    ]
    return pdf_file(objects, info=6)


def pdf_file(objects: list[bytes], root: int = 1, info: int | None = None) -> bytes:
    """Objects 1..n, an xref table with their offsets and a trailer naming the catalog
    (``root``) and, if given, the document information object."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    info_entry = b" /Info %d 0 R" % info if info is not None else b""
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, info_entry, xref)
    return bytes(out)


def cli(capsys: Any, *args: object) -> tuple[int, str, str]:
    """The subcommands in-process (fast): exit code, stdout, stderr. Tests of the real
    entry point run ``python -m app.cli`` in a subprocess instead.

    ``app.cli`` itself is not imported here: with ``tests/app/__init__.py`` the test
    package is also named ``app`` and shadows ``from app import __version__``.
    """
    from app.commands import COMMAND_MODULES

    parser = argparse.ArgumentParser(prog="copydesk")
    parser.add_argument("--db", default=None)
    sub = parser.add_subparsers(dest="command")
    for module in COMMAND_MODULES:
        module.register(sub)
    try:
        parsed = parser.parse_args([*map(str, args)])
        code = int(parsed.func(parsed))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err
