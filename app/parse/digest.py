"""The digest text format: title, dek, paragraphs and headings, References, boilerplate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.errors import InputError
from app.markers import MARKER_RE
from app.model import Finding, Reference, Story
from app.parse.references import (
    BOILERPLATE_START,
    REFERENCE_LINE,
    REFERENCES_HEADING,
    boilerplate_finding,
    parse_reference_line,
)

_HEADING_MAX_WORDS = 8


def looks_like_heading(line: str) -> bool:
    """A short line without markers or closing punctuation: a section heading."""
    text = line.strip()
    if not text or MARKER_RE.search(text) or text[-1] in ".!?:;,\"”’)":
        return False
    words = text.split()
    return len(words) <= _HEADING_MAX_WORDS and (text[0].isupper() or text[0].isdigit())


def parse_digest(text: str, name: str) -> Story:
    """Title on the first line, an optional dek on the second, then the body.

    The second line is the dek unless it cites (a line with a ``[n]`` marker is a claim
    to check, not a summary) or the story would have no body without it.
    """
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 2:
        raise InputError(name, "no story body found (expected a title, then paragraphs)")
    title = lines[content[0]].strip()
    dek = lines[content[1]].strip()
    if MARKER_RE.search(dek):
        dek = ""
    parts = _parts(lines, content[2:] if dek else content[1:])
    if dek and not _has_text(_markdown_body(parts.body_lines)):
        dek = ""
        parts = _parts(lines, content[1:])
    body = _markdown_body(parts.body_lines)
    if not _has_text(body):
        raise InputError(name, "no story body found")
    findings = list(parts.findings)
    if parts.boilerplate:
        findings.append(boilerplate_finding(parts.boilerplate))
    sections = tuple(line for line in parts.body_lines if looks_like_heading(line))
    return Story(
        title=title,
        dek=dek,
        body=body,
        references=tuple(parts.references),
        origin="digest",
        boilerplate="\n".join(parts.boilerplate),
        parse_findings=tuple(findings),
        sections=sections,
    )


@dataclass(frozen=True)
class _Parts:
    body_lines: list[str]
    references: list[Reference]
    findings: list[Finding]
    boilerplate: list[str]


def _parts(lines: list[str], positions: list[int]) -> _Parts:
    """Body lines, references and trailing boilerplate from the given lines on."""
    parts = _Parts([], [], [], [])
    in_references = False
    for position in positions:
        line = lines[position]
        if parts.boilerplate or BOILERPLATE_START.match(line):
            parts.boilerplate.append(line)
        elif not in_references and REFERENCES_HEADING.match(line):
            in_references = True
        elif in_references:
            if REFERENCE_LINE.match(line) or line.lstrip().startswith("["):
                parsed = parse_reference_line(line)
                if parsed.reference:
                    parts.references.append(parsed.reference)
                if parsed.finding:
                    parts.findings.append(parsed.finding)
            else:
                # The first line after the references that is not one is page furniture.
                parts.boilerplate.append(line)
        else:
            parts.body_lines.append(line.strip())
    return parts


def _has_text(body: str) -> bool:
    return bool(MARKER_RE.sub("", body).strip())


def _markdown_body(lines: list[str]) -> str:
    blocks = []
    for index, line in enumerate(lines):
        followed_by_text = index + 1 < len(lines)
        if followed_by_text and looks_like_heading(line):
            blocks.append("## " + re.sub(r"^#+\s*", "", line))
        else:
            blocks.append(line)
    return "\n\n".join(blocks)
