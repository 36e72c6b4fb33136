"""Story bundles (JSON, ``copydesk.story/1``): what pipelines emit and Copydesk exports."""

from __future__ import annotations

import json
import re
from typing import Any

from app.errors import InputError
from app.markers import MARKER_RE
from app.model import Reference, Snapshot, SnapshotHow, Story
from app.textio import clean_text, control_warning

FORMAT = "copydesk.story/1"
MAX_REFERENCE = 9999  # markers are [1] to [9999]
STORY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")


def parse_bundle(text: str, name: str) -> Story:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            name, f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise InputError(name, "not a story bundle: its JSON is nested too deeply") from None
    except ValueError:  # a number of thousands of digits (Python's int limit)
        raise InputError(name, "not a story bundle: its JSON holds a number too long to read"
                         ) from None
    if not isinstance(data, dict):
        raise InputError(name, "a story bundle must be a JSON object")
    fmt = data.get("format")
    if fmt != FORMAT:
        raise InputError(name, f"field 'format' must be \"{FORMAT}\", got {json.dumps(fmt)}")
    removed = _clean_fields(data)
    title = _text(data, "title", name, required=True)
    body = _text(data, "body", name, required=True)
    if not MARKER_RE.sub("", body).strip():
        raise InputError(name, "field 'body' is empty")
    dek = _text(data, "dek", name)
    story_id = _text(data, "id", name).strip()
    if story_id and not STORY_ID.fullmatch(story_id):
        raise InputError(
            name, "field 'id' must be 1-80 letters, digits, '.', '_' or '-', "
            f"starting with a letter or digit, got {json.dumps(story_id)}"
        )
    raw_references = data.get("references", [])
    if not isinstance(raw_references, list):
        raise InputError(name, "field 'references' must be a list")
    references = tuple(
        _reference(item, f"references[{i}]", name) for i, item in enumerate(raw_references)
    )
    return Story(
        title=title.strip(),
        dek=dek.strip(),
        body=body.replace("\r\n", "\n").strip("\n"),
        references=references,
        origin="bundle",
        id=story_id.strip(),
        warnings=(control_warning(removed),) if removed else (),
    )


def _clean_fields(data: dict[str, Any]) -> int:
    """Clean, in place, the text fields the bundle is read from (JSON escapes such as
    ``\\u0000`` only become characters once parsed); returns how many controls went."""
    removed = 0

    def clean(obj: dict[str, Any], fields: tuple[str, ...]) -> None:
        nonlocal removed
        for field in fields:
            if isinstance(obj.get(field), str):
                obj[field], count = clean_text(obj[field])
                removed += count

    clean(data, ("title", "dek", "body", "id"))
    references = data.get("references")
    for item in references if isinstance(references, list) else ():
        if isinstance(item, dict):
            clean(item, ("url", "publisher", "title"))
            if isinstance(item.get("snapshot"), dict):
                clean(item["snapshot"], ("text", "html", "title", "fetched_at", "sha256"))
    return removed


def _text(data: dict[str, Any], field: str, name: str, required: bool = False) -> str:
    value = data.get(field)
    if value is None:
        if required:
            raise InputError(name, f"field '{field}' is missing")
        return ""
    if not isinstance(value, str):
        raise InputError(name, f"field '{field}' must be text, got {type(value).__name__}")
    if required and not value.strip():
        raise InputError(name, f"field '{field}' is empty")
    return value


def _reference(item: Any, where: str, name: str) -> Reference:
    if not isinstance(item, dict):
        raise InputError(name, f"field '{where}' must be an object")
    n = item.get("n")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_REFERENCE:
        raise InputError(
            name, f"field '{where}.n' must be a whole number from 1 to {MAX_REFERENCE}, got {n!r}"
        )
    url = _text(item, "url", name) if item.get("url") is not None else ""
    for field in ("url", "publisher", "title"):
        if item.get(field) is not None and not isinstance(item[field], str):
            raise InputError(name, f"field '{where}.{field}' must be text")
    snapshot = _snapshot(item.get("snapshot"), url, f"{where}.snapshot", name)
    return Reference(
        n=n,
        publisher=str(item.get("publisher") or ""),
        title=str(item.get("title") or ""),
        url=url,
        snapshot=snapshot,
    )


def _snapshot(raw: Any, url: str, where: str, name: str) -> Snapshot | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InputError(name, f"field '{where}' must be an object")
    text = raw.get("text")
    if not isinstance(text, str):
        raise InputError(name, f"field '{where}.text' must be text")
    for field in ("html", "fetched_at", "sha256", "title", "how"):
        if raw.get(field) is not None and not isinstance(raw[field], str):
            raise InputError(name, f"field '{where}.{field}' must be text")
    # Whatever the bundle says, this text came with the story, not from the page.
    how: SnapshotHow = "bundled"
    return Snapshot(
        url=url,
        status="ok" if text.strip() else "unavailable",
        how=how,
        text=text,
        html=raw.get("html") or "",
        title=raw.get("title") or "",
        fetched_at=raw.get("fetched_at") or "",
        sha256=raw.get("sha256") or "",
        reason="" if text.strip() else "the bundle's snapshot is empty",
    )
