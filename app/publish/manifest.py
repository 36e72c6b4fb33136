"""The manifest that travels beside every export: what was approved, by whom, and why.

It carries the story id and revision hash, the approvals that count for that revision
(reviewer and time, each pointing at its audit event), the story's segment of the
hash-chained audit log (checkable on its own with ``app.audit.verify_segment``), the
verdict summary, and the gate's outcome with every override and waiver. It never
carries a secret or a target's credentials.
"""

from __future__ import annotations

import hashlib
from typing import Any

from app import workflow
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
    }


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
