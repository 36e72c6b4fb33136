"""Reference lines, reference headings and trailing site boilerplate, shared by parsers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.model import Finding, Reference

REFERENCES_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*)?(?:references|sources|citations|notes)(?:\*\*)?\s*:?\s*$",
    re.IGNORECASE,
)
# "[3] VentureBeat — Title — https://...", "3. ...", "- [3] ...", "[^3]: ..."
REFERENCE_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\[\^?(?P<a>\d{1,4})\]:?|(?P<b>\d{1,4})[.)])\s*(?P<rest>.*)$"
)
URL_RE = re.compile(r"<?(?P<url>https?://[^\s<>\"]+)>?", re.IGNORECASE)
SEPARATOR = re.compile(r"\s+[—–]\s+|\s+-{1,2}\s+|\s+\|\s+")
BOILERPLATE_START = re.compile(
    r"^\s*(?:was this (?:article|story|page) helpful|related (?:articles|stories|posts)"
    r"|let us know|share this|subscribe (?:to|now)|sign up for|advertisement|"
    r"more from|you may also like|recommended for you|read next|comments?\s*$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedReference:
    reference: Reference | None
    finding: Finding | None


def parse_reference_line(line: str) -> ParsedReference:
    """One reference line, or a finding saying why it is malformed."""
    match = REFERENCE_LINE.match(line)
    if not match:
        return ParsedReference(None, _malformed(line, "it does not start with a number like [3]"))
    n = int(match.group("a") or match.group("b"))
    rest = match.group("rest").strip()
    url_match = URL_RE.search(rest)
    url = url_match.group("url").rstrip(".,);") if url_match else ""
    without_url = (rest[: url_match.start()] + rest[url_match.end():]) if url_match else rest
    # Markdown links "[Title](url)" keep the title text.
    without_url = re.sub(r"\[([^\]]*)\]\(\s*\)", r"\1", without_url)
    parts = [p.strip(" \"'“”*_") for p in SEPARATOR.split(without_url.strip(" —–-|()"))]
    parts = [p for p in parts if p]
    publisher = parts[0] if parts else ""
    title = " — ".join(parts[1:]) if len(parts) > 1 else ""
    reference = Reference(n=n, publisher=publisher, title=title, url=url)
    if not url:
        return ParsedReference(reference, _malformed(line, "it has no http(s) URL"))
    if not publisher:
        return ParsedReference(reference, _malformed(line, "it names no publisher or title"))
    return ParsedReference(reference, None)


def _malformed(line: str, why: str) -> Finding:
    shown = line.strip()
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return Finding("malformed_reference", "warning", f"Reference line “{shown}”: {why}.")


def boilerplate_finding(lines: list[str]) -> Finding:
    kept = [line.strip() for line in lines if line.strip()]
    first = kept[0] if kept else ""
    if len(first) > 60:
        first = first[:57] + "..."
    return Finding(
        "trailing_boilerplate",
        "info",
        f"Removed {len(kept)} line{'s' if len(kept) != 1 else ''} of site boilerplate "
        f"after the story, starting “{first}”.",
    )
