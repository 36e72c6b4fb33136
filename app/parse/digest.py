"""The digest text format: title, dek, paragraphs and headings, References, boilerplate."""

from __future__ import annotations

import re

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
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 3:
        raise InputError(name, "no story body found (expected a title, a dek and paragraphs)")
    title = lines[content[0]].strip()
    dek = lines[content[1]].strip()

    body_lines: list[str] = []
    references: list[Reference] = []
    findings: list[Finding] = []
    boilerplate: list[str] = []
    in_references = False
    for position in content[2:]:
        line = lines[position]
        if boilerplate or BOILERPLATE_START.match(line):
            boilerplate.append(line)
        elif not in_references and REFERENCES_HEADING.match(line):
            in_references = True
        elif in_references:
            if REFERENCE_LINE.match(line) or line.lstrip().startswith("["):
                parsed = parse_reference_line(line)
                if parsed.reference:
                    references.append(parsed.reference)
                if parsed.finding:
                    findings.append(parsed.finding)
            else:
                # The first line after the references that is not one is page furniture.
                boilerplate.append(line)
        else:
            body_lines.append(line.strip())

    body = _markdown_body(body_lines)
    if not MARKER_RE.sub("", body).strip():
        raise InputError(name, "no story body found")
    if boilerplate:
        findings.append(boilerplate_finding(boilerplate))
    sections = tuple(line for line in body_lines if looks_like_heading(line))
    return Story(
        title=title,
        dek=dek,
        body=body,
        references=tuple(references),
        origin="digest",
        boilerplate="\n".join(boilerplate),
        parse_findings=tuple(findings),
        sections=sections,
    )


def _markdown_body(lines: list[str]) -> str:
    blocks = []
    for index, line in enumerate(lines):
        followed_by_text = index + 1 < len(lines)
        if followed_by_text and looks_like_heading(line):
            blocks.append("## " + re.sub(r"^#+\s*", "", line))
        else:
            blocks.append(line)
    return "\n\n".join(blocks)
