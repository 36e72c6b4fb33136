"""The outbox: exports wait here until their site has them, exactly once.

``enqueue_export`` freezes the approved revision into a payload (the text exactly as
approved, rendered, with its manifest) and queues it in the same transaction as the
workflow's ``queue`` step. ``send_pending`` delivers what is due, one row at a time,
exactly once however often it runs or crashes (how: ``sender``'s docstring).

The idempotency key is one per story revision and target; the slug (and so the post
on the site) is one per story and target, so a corrected revision updates the post.

The package, by job: ``rows`` (the table as read: rows, counts, frozen payloads),
``queueing`` (enqueue, retry, cancel, resume) and ``sender`` (claims, delivery,
backoff, recovery after a crash). Everything is importable from here as before.
"""

from app.publish.outbox.queueing import (
    EnqueueResult,
    build_payload,
    cancel_export,
    enqueue_export,
    resume_target,
    retry_export,
)
from app.publish.outbox.rows import (
    ACTIVE,
    ExportRefused,
    OutboxRow,
    frozen_payload,
    idempotency_key,
    outbox_counts,
    outbox_row,
    outbox_rows,
    publication_key,
)
from app.publish.outbox.sender import (
    LEASE_SECONDS,
    MAX_ATTEMPTS,
    MAX_RETRY_AFTER,
    SENDER_ACTOR,
    Backoff,
    Cancelled,
    Progress,
    SendReport,
    recover_interrupted,
    send_pending,
)

__all__ = [
    "ACTIVE", "LEASE_SECONDS", "MAX_ATTEMPTS", "MAX_RETRY_AFTER", "SENDER_ACTOR", "Backoff",
    "Cancelled", "EnqueueResult", "ExportRefused", "OutboxRow", "Progress", "SendReport",
    "build_payload", "cancel_export", "enqueue_export", "frozen_payload", "idempotency_key",
    "outbox_counts", "outbox_row", "outbox_rows", "publication_key", "recover_interrupted",
    "resume_target", "retry_export", "send_pending",
]
