"""Markdown stories: ``# Title``, an optional dek, ``##`` sections, a References list
or footnote definitions ``[^n]: ...``."""

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

_FOOTNOTE_DEF = re.compile(r"^\s*\[\^(\d{1,4})\]:\s*(.*)$")
_DEK = re.compile(r"^\s*(?:>\s*(?P<quote>.+)|[*_](?P<italic>[^*_].*?)[*_])\s*$")


def parse_markdown(text: str, name: str) -> Story:
    lines = text.split("\n")
    title = ""
    start = 0
    for index, line in enumerate(lines):
        if line.strip():
            if line.lstrip().startswith("# "):
                title = line.strip()[2:].strip()
                start = index + 1
            break
    if not title:
        raise InputError(name, "Markdown story has no '# Title' line at the top")

    dek, start = _dek(lines, start)
    body_lines: list[str] = []
    references: list[Reference] = []
    findings: list[Finding] = []
    boilerplate: list[str] = []
    in_references = False
    for line in lines[start:]:
        footnote = _FOOTNOTE_DEF.match(line)
        if boilerplate:
            boilerplate.append(line)
        elif footnote:
            _add_reference(line, references, findings)
        elif in_references:
            if not line.strip():
                continue
            if REFERENCE_LINE.match(line):
                _add_reference(line, references, findings)
            else:
                boilerplate.append(line)
        elif REFERENCES_HEADING.match(line):
            in_references = True
        elif BOILERPLATE_START.match(line):
            boilerplate.append(line)
        else:
            body_lines.append(line.rstrip())

    body = "\n".join(body_lines).strip("\n")
    body = re.sub(r"\n{3,}", "\n\n", body)
    if not MARKER_RE.sub("", re.sub(r"(?m)^#.*$", "", body)).strip():
        raise InputError(name, "no story body found under the title")
    if boilerplate:
        findings.append(boilerplate_finding(boilerplate))
    sections = tuple(
        line.lstrip("#").strip() for line in body.split("\n") if re.match(r"^#{2,6}\s", line)
    )
    return Story(
        title=title,
        dek=dek,
        body=body,
        references=tuple(references),
        origin="markdown",
        boilerplate="\n".join(boilerplate),
        parse_findings=tuple(findings),
        sections=sections,
    )


def _dek(lines: list[str], start: int) -> tuple[str, int]:
    """A blockquote or italic line straight after the title is the dek."""
    for index in range(start, len(lines)):
        if not lines[index].strip():
            continue
        match = _DEK.match(lines[index])
        if match and not MARKER_RE.search(lines[index]):
            return (match.group("quote") or match.group("italic")).strip(), index + 1
        return "", start
    return "", start


def _add_reference(line: str, references: list[Reference], findings: list[Finding]) -> None:
    parsed = parse_reference_line(line)
    if parsed.reference:
        references.append(parsed.reference)
    if parsed.finding:
        findings.append(parsed.finding)
