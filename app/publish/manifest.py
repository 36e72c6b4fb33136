"""The manifest that travels beside every export: what was approved, by whom, and why.

It carries the story id and revision hash, the approvals that count for that revision
(reviewer and time, each pointing at its audit event), the story's segment of the
hash-chained audit log (checkable on its own with ``app.audit.verify_segment``) with
each event's Ed25519 signature and the public keys of its signers, the head of the
library's whole log when it was queued (``chain``: count, head hash, time), the
verdict summary, and the gate's outcome with every override and waiver. It never
carries a secret, a private key or a target's credentials.
"""

from __future__ import annotations

import hashlib
from typing import Any

from app import reviewers, workflow
from app.library import Library
from app.publish.gate import GateResult

FORMAT = "copydesk.manifest/1"


def build_manifest(
    library: Library,
    story_id: str,
    *,
    revision: str,
    summary: dict[str, int],
    gate: GateResult,
    overrides: list[dict[str, Any]],
    references: list[dict[str, Any]],
    target: str,
    idempotency_key: str,
    slug: str,
    files: dict[str, str] | None = None,
    queued_at: str,
    queued_by: str,
) -> dict[str, Any]:
    record = workflow.export_record(library, story_id)
    if record["revision"] != revision:
        raise workflow.WorkflowError(
            f"story {story_id} is no longer at revision {revision[:12]}", story_id,
            record["status"])
    if len(record["approvals"]) < record["approvals_required"]:
        # the status says approved, the signed log does not: an edited file
        state = workflow.story_state(library, story_id)
        raise workflow.WorkflowError(
            f"cannot export story {story_id}: it is {record['status']} in the library, but "
            f"only {len(record['approvals'])} of the {record['approvals_required']} "
            "approvals it needs carry a valid signature"
            + "".join(f"; ignored: {why}" for why in state.ignored)
            + " (run `copydesk audit verify`)", story_id, record["status"])
    return {
        "format": FORMAT,
        "story_id": story_id,
        "revision": revision,
        "idempotency_key": idempotency_key,
        "target": target,
        "slug": slug,
        "queued_at": queued_at,
        "queued_by": queued_by,
        "approvals_required": record["approvals_required"],
        "approvals": record["approvals"],
        "verdict_summary": summary,
        "overrides": overrides,
        "waivers": [{"finding": k, "by": a, "note": n} for k, a, n in gate.waived],
        "references": references,
        "files": files or {},
        "audit": record["audit"],
        "audit_head": record["audit"][-1]["hash"] if record["audit"] else "",
        # the whole library's log as it stood: a later `audit verify` that finds it
        # shorter, or different at that event, reports the truncation or rewrite
        "chain": chain_head(library),
        # what makes the approvals checkable without the library: each event's
        # signature and the registered keys of those who signed (app/signing.py)
        "signatures": story_signatures(library, story_id),
        "reviewers": signer_keys(library, story_id),
    }


def chain_head(library: Library) -> dict[str, Any]:
    row = library.conn.execute(
        "SELECT seq, hash, at FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    if row is None:
        return {"count": 0, "head": "", "at": ""}
    return {"count": int(row[0]), "head": str(row[1]), "at": str(row[2])}


def story_signatures(library: Library, story_id: str) -> dict[str, dict[str, str]]:
    if not reviewers.has_schema(library.conn):
        return {}
    rows = library.conn.execute(
        "SELECT s.seq, s.key_id, s.signature FROM event_signatures s JOIN events e "
        "ON e.seq = s.seq WHERE e.story_id = ? ORDER BY s.seq", [story_id])
    return {str(seq): {"key_id": kid, "signature": sig} for seq, kid, sig in rows}


def signer_keys(library: Library, story_id: str) -> dict[str, dict[str, str]]:
    registry = reviewers.registry(library)
    names = {str(r[0]) for r in library.conn.execute(
        "SELECT DISTINCT actor FROM events WHERE story_id = ?", [story_id])}
    found = (registry.get(name) for name in sorted(names))
    return {r.name: {"role": r.role, "key_id": r.key_id, "public_key": r.public_key}
            for r in found if r is not None}


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
