"""Publishing: approved stories leave through a durable outbox to their sites.

The calls the window and the command line use:

- targets: ``list_targets``, ``get_target``, ``save_target``, ``remove_target``,
  ``test_target``; secrets through a ``SecretStore`` (``default_secret_store()`` is the
  OS keyring);
- exports: ``enqueue_export`` (refuses what is not approved or not through the gate),
  ``send_pending`` (progress and cancel callbacks), ``outbox_rows``, ``retry_export``,
  ``cancel_export``, ``resume_target``, ``recover_interrupted``;
- the gate: ``check_gate``, ``waive_finding`` / ``waive_items`` (findings and
  citations), under the library's policy (``app.policy``);
- the fact-check report: ``report_html`` (HTML; the desk prints it to PDF).
"""

from app.publish.gate import (
    GateRefused,
    GateResult,
    OpenItem,
    check_gate,
    waive_finding,
    waive_items,
)
from app.publish.outbox import (
    Backoff,
    EnqueueResult,
    ExportRefused,
    OutboxRow,
    SendReport,
    cancel_export,
    enqueue_export,
    outbox_counts,
    outbox_rows,
    recover_interrupted,
    resume_target,
    retry_export,
    send_pending,
)
from app.publish.report import report_html
from app.publish.secrets import (
    KeyringSecretStore,
    MemorySecretStore,
    SecretStore,
    SecretStoreError,
    default_secret_store,
)
from app.publish.targets import DeliveryError, TargetConfig
from app.publish.targets_store import (
    TargetInputError,
    get_target,
    list_targets,
    remove_target,
    save_target,
    test_target,
)

__all__ = [
    "Backoff", "DeliveryError", "EnqueueResult", "ExportRefused", "GateRefused", "GateResult",
    "KeyringSecretStore", "MemorySecretStore", "OpenItem", "OutboxRow", "SecretStore",
    "SecretStoreError", "SendReport", "TargetConfig", "TargetInputError", "cancel_export",
    "check_gate", "default_secret_store", "enqueue_export", "get_target", "list_targets",
    "outbox_counts", "outbox_rows", "recover_interrupted", "report_html", "remove_target",
    "resume_target", "retry_export",
    "save_target", "send_pending", "test_target", "waive_finding", "waive_items",
]
