"""The core calls the desk makes, in one place.

Decisions, edits, overrides and history go through ``app.workflow`` and ``app.audit``;
fetching and attaching sources through ``app.sources``; the outbox, targets and exports
through ``app.publish``. Functions named with ``db_path`` run on a worker and open
their own ``Library``. Modules that are slow to import (httpx, trafilatura, the
publishing targets) are imported inside the functions that use them. The Changes
tab reads revisions through ``app.library.stories`` (``list_revisions``,
``compare_revisions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import audit, workflow
from app.audit import Event
from app.errors import CopydeskError
from app.library import Library, import_story
from app.library.stories import ImportResult
from app.parse import load_story_file


def import_file(db_path: str, path: str, progress=None, cancelled=None) -> ImportResult:
    """Parse and import one story file on a worker; all-or-nothing in the core."""
    if progress:
        progress(0, 1)
    story = load_story_file(path)
    with Library(db_path) as library:
        result = import_story(library, story, Path(path).name)
    if progress:
        progress(1, 1)
    return result


def save_override(library: Library, story_id: str, revision: str, claim_index: int, n: int,
                  verdict: str, note: str, actor: str,
                  expected_version: int | None = None) -> workflow.Decision:
    return workflow.override_verdict(library, story_id, revision, claim_index, n, verdict,
                                     note, actor, expected_version=expected_version)


def save_edit(library: Library, story_id: str, title: str, dek: str, body: str,
              actor: str, expected_version: int | None = None,
              note: str | None = None) -> workflow.Decision:
    """One check of the new revision, in the core; its report comes back on the
    decision for the desk to show (``Decision.report``)."""
    return workflow.save_edit(library, story_id, title, dek, body, actor,
                              expected_version, note=note or "edited in the desk")


def decide(library: Library, story_id: str, decision: str, note: str, actor: str,
           expected_version: int | None = None,
           details: dict[str, Any] | None = None) -> workflow.Decision:
    return workflow.decide(library, story_id, decision, actor, note or None,
                           expected_version=expected_version, details=details)


def history(library: Library, story_id: str) -> list[Event]:
    """The story's audit events, oldest first."""
    return audit.story_events(library, story_id)


def fetch_story_sources(db_path: str, story_id: str, *, only: tuple[int, ...] | None = None,
                        allow_private: bool = False, actor: str | None = None,
                        progress=None, cancelled=None):
    """Snapshot the story's sources that have none yet, or only references ``only``
    (``app.sources``); each snapshot is saved as it lands, so a cancel keeps what
    finished."""
    from app.sources import fetch_story_sources as fetch  # httpx and trafilatura: on use

    with Library(db_path) as library:
        return fetch(library, story_id, only=only, allow_private=allow_private,
                     progress=progress, cancelled=cancelled, actor=actor or None)


def attach_file(db_path: str, story_id: str, n: int, path: str, *, actor: str | None = None,
                progress=None, cancelled=None):
    """Make the file the snapshot of reference [n] (``app.sources.attach_source``)."""
    from app.sources import attach_source

    with Library(db_path) as library:
        return attach_source(library, story_id, n, path, actor=actor or None)


def secret_store(secrets: Any = None) -> Any:
    """The store the desk was given, or the OS keyring (``default_secret_store``)."""
    if secrets is not None:
        return secrets
    from app.publish import default_secret_store

    return default_secret_store()


@dataclass(frozen=True)
class OutboxSnapshot:
    """What the status bar and the Outbox view show, read on a worker."""

    waiting: int  # pending or sending
    attention: int  # failed or needing credentials
    rows: tuple[Any, ...] = ()  # the core's OutboxRow, newest first (when asked for)
    recovered: int = 0
    total: int = 0  # rows in the outbox; ``rows`` holds at most OUTBOX_ROWS_SHOWN


OUTBOX_ROWS_SHOWN = 500


def outbox_snapshot(db_path: str, with_rows: bool = False, recover: bool = False,
                    progress=None, cancelled=None) -> OutboxSnapshot:
    """Counts of the export outbox, and its rows when the Outbox view is open. With
    ``recover``, rows left ``sending`` by a sender that died go back to ``pending``
    first (``recover_interrupted``), as at start-up."""
    from app.publish import outbox_counts, outbox_rows, recover_interrupted  # on a worker

    with Library(db_path) as library:
        recovered = recover_interrupted(library) if recover else 0
        counts = outbox_counts(library)
        rows: tuple[Any, ...] = ()
        if with_rows:
            rows = tuple(outbox_rows(library, limit=OUTBOX_ROWS_SHOWN))
    return OutboxSnapshot(counts.get("pending", 0) + counts.get("sending", 0),
                          counts.get("failed", 0) + counts.get("needs_credentials", 0),
                          rows, recovered, sum(counts.values()))


def send_outbox(db_path: str, secrets: Any, progress=None, cancelled=None):
    """Deliver every due export (``send_pending``), each row tried at most once, so an
    offline site does not keep the worker busy. Returns the core's ``SendReport``."""
    from app.publish import recover_interrupted, send_pending

    with Library(db_path) as library:
        recover_interrupted(library)
        return send_pending(library, secret_store(secrets), progress=progress,
                            cancelled=cancelled)


def retry_export(db_path: str, row_id: int, actor: str, progress=None, cancelled=None):
    from app.publish import retry_export as retry

    with Library(db_path) as library:
        return retry(library, row_id, actor)


def cancel_export(db_path: str, row_id: int, actor: str, progress=None, cancelled=None):
    from app.publish import cancel_export as cancel

    with Library(db_path) as library:
        return cancel(library, row_id, actor, "cancelled in the desk")


# -- publishing targets --------------------------------------------------------------------


def target_configs(db_path: str, progress=None, cancelled=None) -> list[Any]:
    """The configured targets (``TargetConfig``: no secrets in them)."""
    from app.publish import list_targets

    with Library(db_path) as library:
        return list_targets(library)


def target_form_choices() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Target kinds and the post statuses each kind allows (empty: none to choose)."""
    from app.publish.targets import KINDS
    from app.publish.targets_store import STATUS_OPTIONS

    return tuple(KINDS), {k: tuple(v) for k, v in STATUS_OPTIONS.items()}


@dataclass(frozen=True)
class TargetSaved:
    config: Any  # TargetConfig
    secret_saved: bool
    resumed: int  # exports that were waiting for credentials and are queued again


def save_target(db_path: str, secrets: Any, name: str, kind: str, url: str, user: str,
                options: dict[str, Any], secret: str, actor: str,
                progress=None, cancelled=None) -> TargetSaved:
    """Check the settings, put the secret in the store, save the target, resume its
    parked exports. The secret goes to ``secrets`` only, before the target is saved,
    so a keyring that cannot be used leaves nothing half-saved (as the CLI does)."""
    from app.publish import TargetConfig, TargetInputError, get_target, resume_target
    from app.publish.targets_store import save_target_with_credentials, validate_target

    config = validate_target(TargetConfig(name, kind, url, user, dict(options)))
    with Library(db_path) as library:
        try:
            existing = get_target(library, config.name)
        except CopydeskError:
            existing = None
        if config.needs_secret and not secret.strip():
            same_kind = existing is not None and existing.kind == config.kind
            if not same_kind:
                raise TargetInputError(
                    f"a {config.kind} target needs its password or key; it is kept in the "
                    "system keyring, not in the library")
        # SecretStoreError when there is no usable keyring: nothing is saved then.
        config = save_target_with_credentials(library, secret_store(secrets), config,
                                              secret.strip() and secret)
        resumed = resume_target(library, config.name, actor) if secret.strip() else []
    return TargetSaved(config, bool(secret.strip()) and config.needs_secret, len(resumed))


def remove_target(db_path: str, secrets: Any, name: str, progress=None,
                  cancelled=None) -> str:
    """Remove the target, then its keyring entry; a warning if the entry stayed."""
    from app.publish import SecretStoreError, credentials, get_target
    from app.publish import remove_target as remove

    with Library(db_path) as library:
        config = get_target(library, name)
        remove(library, name)
    try:  # also for a folder: it may have been a webhook once (forget() is best effort)
        credentials.forget(secret_store(secrets), config)
    except SecretStoreError as error:
        return f"target removed; its keyring entry was not: {error}"
    return ""


def test_target(db_path: str, secrets: Any, name: str, progress=None, cancelled=None) -> str:
    """A line saying what was found; raises ``DeliveryError`` with the site's message."""
    from app.publish import test_target as probe

    with Library(db_path) as library:
        return probe(library, name, secret_store(secrets))


test_target.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


# -- the gate and the report -----------------------------------------------------------------


def waived_findings(library: Library, story_id: str, revision: str,
                    findings: tuple[Any, ...], claims: Any = ()) -> set[int]:
    """Indices of ``findings`` a reviewer waived on ``revision``: the finding itself, or
    (for what a citation's check raised) its citation (read from the audit log, as the
    gate reads them). Imports the gate only when a waiver exists."""
    events = [e for e in audit.story_events(library, story_id)
              if e.action in ("waive_finding", "waive_citation") and e.revision == revision]
    if not events:
        return set()
    from app.publish.gate import settling_key

    keys = {str(e.details.get("finding") or e.details.get("citation") or "") for e in events}
    return {i for i, f in enumerate(findings) if settling_key(f, tuple(claims)) in keys}


def reviewer_names(library: Library) -> tuple[str, ...]:
    """The reviewers the library's signed log registers, by name (none: a library that
    does not sign decisions, where any name is taken)."""
    from app.reviewers import registry

    return tuple(sorted(r.name for r in registry(library).by_name.values()))


def citation_waivers(library: Library, story_id: str,
                     revision: str) -> dict[tuple[int, int], tuple[str, str]]:
    """Citations a reviewer waived on ``revision`` (``copydesk gate --waive c:I:N`` or the
    desk's waiver of what a citation's check raised): (claim index, n) -> (actor, note),
    the latest waiver of each, as the gate reads them."""
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for event in audit.story_events(library, story_id):
        if event.action != "waive_citation" or event.revision != revision:
            continue
        parts = str(event.details.get("citation", "")).split(":")
        if len(parts) == 3 and parts[0] == "c" and parts[1].isdigit() and parts[2].isdigit():
            found[(int(parts[1]), int(parts[2]))] = (event.actor, event.note)
    return found


def waive_finding(library: Library, story_id: str, finding: Any, note: str, actor: str):
    """Waive one blocker finding of the current revision with a note: the finding, or
    the citation whose check raised it (``app.publish.gate.waive_finding_of``)."""
    from app.publish.gate import waive_finding_of

    return waive_finding_of(library, story_id, finding, note, actor)


def fact_check_report(db_path: str, story_id: str, progress=None, cancelled=None) -> str:
    """The story's fact-check report as one HTML document (``report_html``)."""
    from app.publish import report_html

    with Library(db_path) as library:
        return report_html(library, story_id)


def publishing_targets(db_path: str, progress=None, cancelled=None) -> list[tuple[str, str, str]]:
    """(name, kind, address) of each configured publishing target."""
    from app.publish import list_targets

    with Library(db_path) as library:
        return [(t.name, t.kind, t.url) for t in list_targets(library)]


def export_story(db_path: str, story_id: str, target: str, actor: str,
                 progress=None, cancelled=None):
    """Queue the story's approved revision for ``target``; raises ``GateRefused`` or
    ``ExportRefused`` (both ``CopydeskError``) with what stops it."""
    from app.publish import enqueue_export

    with Library(db_path) as library:
        return enqueue_export(library, story_id, target, actor)


# -- the pre-publish policy and the gate's open items ------------------------------------------


def open_items(library: Library, story_id: str, report: Any) -> Any:
    """The gate's ``GateResult`` on the story's current revision, from the desk's own
    check of it (``check_gate`` with that report: the same call the command line and
    the export make). None while there is no report yet."""
    if report is None:
        return None
    from app.publish.gate import check_gate

    return check_gate(library, story_id, report)


def with_policy(library: Library, report: Any) -> Any:
    """The report with its findings at the severities the library's policy sets."""
    from app.policy import load_policy

    return load_policy(library).apply(report)


@dataclass(frozen=True)
class PolicyShown:
    values: dict[str, Any]  # Policy.as_dict()
    is_default: bool
    changed: tuple[str, str] | None  # (actor, time) of the last change
    kinds: tuple[str, ...]  # finding kinds a severity can be set for (not a citation's)


def load_policy(db_path: str, progress=None, cancelled=None) -> PolicyShown:
    from app.policy import CITATION_FINDING_KINDS, FINDING_KINDS, last_change
    from app.policy import load_policy as load

    with Library(db_path) as library:
        policy = load(library)
        # a citation's findings follow the check boxes: no severity of their own
        kinds = tuple(k for k in FINDING_KINDS if k not in CITATION_FINDING_KINDS)
        return PolicyShown(policy.as_dict(), policy.is_default, last_change(library), kinds)


def save_policy(db_path: str, values: dict[str, Any], actor: str, progress=None,
                cancelled=None) -> PolicyShown:
    """Make the form's values the library's policy (an audit event when it changes)."""
    from app.policy import Policy, set_policy

    wanted = Policy.from_dict(values)  # the form offers only values the policy knows
    with Library(db_path) as library:
        set_policy(library, wanted, actor)
    return load_policy(db_path)
