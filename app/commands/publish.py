"""``target``, ``export``, ``outbox``, ``gate`` and ``report``: publishing from the shell.

A secret is read from a hidden prompt or, with ``--password-stdin``, from standard
input (as ``docker login`` does); never from an argument. Exit 0 done, 1 refused or
not delivered (the message says why), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from app.commands.common import EXIT_OK, EXIT_REFUSED, fail, open_library, refuse
from app.errors import CopydeskError
from app.identity import reviewer_name
from app.library import resolve_story_id
from app.publish import credentials
from app.publish import outbox as ob
from app.publish.gate import GateRefused, check_gate, waive_items
from app.publish.secrets import SecretStoreError, default_secret_store, read_secret
from app.publish.targets import KINDS, DeliveryError, TargetConfig
from app.publish.targets_store import (
    TargetInputError,
    get_target,
    list_targets,
    remove_target,
    save_target_with_credentials,
    test_target,
    validate_target,
)
from app.workflow import LibraryBusyError, WorkflowError

SECRET_NAMES = {"wordpress": "application password", "ghost": "Admin API key (ID:SECRET)",
                "webhook": "signing secret"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    target = sub.add_parser("target", help="publishing targets: add, list, test, remove")
    tsub = target.add_subparsers(dest="target_command", metavar="ACTION", required=True)
    add = tsub.add_parser("add", help="add (or change) a target; asks for its secret",
                          description="Add a target. WordPress, Ghost and webhook targets "
                          "need a secret: it is asked for with a hidden prompt, or read from "
                          "standard input with --password-stdin, and kept only in the OS "
                          "keyring.")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--kind", required=True, choices=KINDS)
    add.add_argument("--url", required=True, help="site URL, webhook URL, or folder path")
    add.add_argument("--user", default="", help="WordPress login of the application password")
    add.add_argument("--status", default=None,
                     help="post status: wordpress draft|publish|pending|private, "
                     "ghost draft|published (default draft)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the secret from standard input instead of a hidden prompt")
    add.set_defaults(func=cmd_target_add)
    secret = tsub.add_parser("secret", help="replace a target's secret (then resume its exports)")
    secret.add_argument("name", metavar="NAME")
    secret.add_argument("--password-stdin", action="store_true")
    secret.add_argument("--as", dest="actor", default=None)
    secret.set_defaults(func=cmd_target_secret)
    lst = tsub.add_parser("list", help="list targets")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_target_list)
    test = tsub.add_parser("test", help="check a target's connection and credentials")
    test.add_argument("name", metavar="NAME")
    test.set_defaults(func=cmd_target_test)
    remove = tsub.add_parser("remove", help="remove a target and its keyring entry")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=cmd_target_remove)

    export = sub.add_parser("export", help="queue a story's approved revision for a target",
                            description="Queue the approved revision in the outbox. Refused "
                            "(exit 1) when the story is not approved or the pre-publish gate "
                            "finds items open under the library's policy (copydesk policy "
                            "show), which it lists by kind and key.")
    export.add_argument("story", metavar="STORY")
    export.add_argument("--target", required=True, metavar="NAME")
    export.add_argument("--send", action="store_true", help="try to deliver it right away")
    export.add_argument("--as", dest="actor", default=None)
    export.set_defaults(func=cmd_export)

    outbox = sub.add_parser("outbox", help="show the outbox; --send delivers what is due")
    outbox.add_argument("--send", action="store_true", help="deliver every due export")
    outbox.add_argument("--wait", action="store_true",
                        help="with --send: also wait out retry delays (up to --max-wait)")
    outbox.add_argument("--max-wait", type=float, default=300.0, metavar="SECONDS")
    outbox.add_argument("--retry", type=int, metavar="ROW", help="queue a failed export again")
    outbox.add_argument("--cancel", type=int, metavar="ROW", help="take an export out")
    outbox.add_argument("--story", default=None, metavar="STORY")
    outbox.add_argument("--json", action="store_true")
    outbox.add_argument("--as", dest="actor", default=None)
    outbox.set_defaults(func=cmd_outbox)

    gate = sub.add_parser("gate", help="what stops a story's export; waive an open item",
                          description="List what the pre-publish policy finds open on the "
                          "story's current revision, by kind and count, then each item with "
                          "its key; exit 1 when any is open or when the story's workflow "
                          "state stops the export (not approved, or short of approvals), "
                          "which it names. --waive KEY --note TEXT accepts one: a finding "
                          "(f:…) or a citation (c:CLAIM:N, its verdict and quotations).")
    gate.add_argument("story", metavar="STORY")
    gate.add_argument("--waive", metavar="KEY", action="append", default=[],
                      help="waive this open item (repeat for several; one note for all)")
    gate.add_argument("--waive-kind", metavar="KIND", action="append", default=[],
                      help="waive every open item of this kind, e.g. unchecked_citation")
    gate.add_argument("--note", default=None)
    gate.add_argument("--as", dest="actor", default=None)
    gate.set_defaults(func=cmd_gate)

    report = sub.add_parser("report", help="write a story's fact-check report (HTML, PDF)")
    report.add_argument("story", metavar="STORY")
    report.add_argument("--html", metavar="FILE", default=None)
    report.add_argument("--pdf", metavar="FILE", default=None)
    report.set_defaults(func=cmd_report)


def cmd_target_add(args: argparse.Namespace) -> int:
    options = {"status": args.status} if args.status else {}
    try:
        config = validate_target(TargetConfig(args.name, args.kind, args.url, args.user,
                                              options))
    except TargetInputError as error:
        return fail(str(error))
    secret: str | None = None
    if config.needs_secret:
        try:
            secret = read_secret(f"{SECRET_NAMES[config.kind]} for {config.name}: ",
                                 args.password_stdin)
        except CopydeskError as error:
            return fail(str(error))
    try:
        with open_library(args) as library:
            config = save_target_with_credentials(library, default_secret_store(), config,
                                                  secret)
    except SecretStoreError as error:
        return refuse(f"target {config.name} not saved: {error}")
    except CopydeskError as error:
        return fail(str(error))
    where = " (secret in the keyring)" if config.needs_secret else ""
    print(f"{config.name}\t{config.kind}\t{config.url}{where}")
    return EXIT_OK


def cmd_target_secret(args: argparse.Namespace) -> int:
    try:
        actor = reviewer_name(args.actor)
        with open_library(args) as library:
            config = get_target(library, args.name)
            if not config.needs_secret:
                return fail(f"a {config.kind} target has no secret")
            secret = read_secret(f"{SECRET_NAMES[config.kind]} for {config.name}: ",
                                 args.password_stdin)
            default_secret_store().set(config.name, secret)
            resumed = ob.resume_target(library, config.name, actor)
    except SecretStoreError as error:
        return refuse(str(error))
    except CopydeskError as error:
        return fail(str(error))
    print(f"secret of {args.name} saved in the keyring; {len(resumed)} export(s) resumed")
    return EXIT_OK


def cmd_target_list(args: argparse.Namespace) -> int:
    try:
        with open_library(args) as library:
            targets = list_targets(library)
    except CopydeskError as error:
        return fail(str(error))
    if args.json:
        print(json.dumps([asdict(t) for t in targets], indent=2))
    else:
        for t in targets:
            extra = f"\tuser {t.user}" if t.user else ""
            status = f"\tstatus {t.options['status']}" if t.options.get("status") else ""
            print(f"{t.name}\t{t.kind}\t{t.url}{extra}{status}")
    return EXIT_OK


def cmd_target_test(args: argparse.Namespace) -> int:
    try:
        with open_library(args) as library:
            message = test_target(library, args.name, default_secret_store())
    except DeliveryError as error:
        return refuse(f"{args.name}: {error}")
    except CopydeskError as error:
        return fail(str(error))
    print(f"{args.name}: {message}")
    return EXIT_OK


def cmd_target_remove(args: argparse.Namespace) -> int:
    try:
        with open_library(args) as library:
            config = get_target(library, args.name)
            remove_target(library, args.name)
        try:  # every kind: a folder may have been a webhook once
            credentials.forget(default_secret_store(), config)
        except SecretStoreError as error:
            print(f"copydesk: target removed; its keyring entry was not: {error}",
                  file=sys.stderr)
    except TargetInputError as error:
        return refuse(str(error))
    except CopydeskError as error:
        return fail(str(error))
    print(f"removed {args.name}")
    return EXIT_OK


def _row_line(row: ob.OutboxRow) -> str:
    where = row.remote_url or row.last_error
    return (f"{row.id}\t{row.story_id}\t{row.target}\t{row.state}\t{row.attempts}"
            + (f"\t{where}" if where else ""))


def cmd_export(args: argparse.Namespace) -> int:
    try:
        actor = reviewer_name(args.actor)
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            try:
                result = ob.enqueue_export(library, story_id, args.target, actor)
            except (GateRefused, ob.ExportRefused, WorkflowError, LibraryBusyError) as error:
                return refuse(str(error))
            print(f"{_row_line(result.row)}\t{result.message}")
            if args.send and result.row.state == "pending":
                report = ob.send_pending(library, default_secret_store(), story_id=story_id)
                for row in report.rows:
                    print(_row_line(row))
                return EXIT_OK if report.failed + report.needs_credentials == 0 else EXIT_REFUSED
    except CopydeskError as error:
        return fail(str(error))
    return EXIT_OK


def cmd_outbox(args: argparse.Namespace) -> int:
    try:
        actor = reviewer_name(args.actor)
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story) if args.story else None
            try:
                if args.retry is not None:
                    row = ob.retry_export(library, args.retry, actor)
                    print(_row_line(row))
                if args.cancel is not None:
                    row = ob.cancel_export(library, args.cancel, actor)
                    print(_row_line(row))
            except (ob.ExportRefused, WorkflowError) as error:
                return refuse(str(error))
            if args.send:
                def progress(done: int, total: int) -> None:
                    print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

                report = ob.send_pending(
                    library, default_secret_store(), story_id=story_id,
                    wait_for_retries=args.wait, max_wait=args.max_wait,
                    progress=progress if sys.stderr.isatty() else None)
                if sys.stderr.isatty():
                    print(file=sys.stderr)
                print(f"outbox: {report.describe()}", file=sys.stderr)
            rows = ob.outbox_rows(library, story_id)
            if args.json:
                print(json.dumps([asdict(r) for r in rows], indent=2))
            else:
                for row in rows:
                    print(_row_line(row))
            # Exit 1 only for what this run could not deliver, not for old failures.
            attention = [r for r in report.rows if r.needs_attention] if args.send else []
    except CopydeskError as error:
        return fail(str(error))
    return EXIT_REFUSED if attention else EXIT_OK


def cmd_gate(args: argparse.Namespace) -> int:
    try:
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            if args.waive or args.waive_kind:
                keys = list(args.waive)
                if args.waive_kind:
                    from app.publish.gate import ITEM_KINDS

                    unknown = [k for k in args.waive_kind if k not in ITEM_KINDS]
                    if unknown:
                        return fail(f"no kind of open item {unknown[0]!r} (one of: "
                                    f"{', '.join(ITEM_KINDS)})")
                    keys += [i.key for i in check_gate(library, story_id).open
                             if i.kind in args.waive_kind]
                    if not keys:
                        return fail(f"story {story_id} has no open item of kind "
                                    f"{', '.join(args.waive_kind)}")
                try:
                    result = waive_items(library, story_id, keys, args.note or "",
                                         reviewer_name(args.actor))
                except WorkflowError as error:
                    return refuse(str(error))
                shown = ", ".join(keys) if len(keys) <= 5 else \
                    f"{', '.join(keys[:3])} and {len(keys) - 3} more"
                print(f"waived {len(keys)} open item{'s' if len(keys) != 1 else ''} "
                      f"({shown}): {args.note.strip()}")
            else:
                result = check_gate(library, story_id)
    except CopydeskError as error:
        return fail(str(error))
    print(result.describe())
    return EXIT_OK if result.exportable else EXIT_REFUSED


def cmd_report(args: argparse.Namespace) -> int:
    from app.publish.report import report_html

    if not args.html and not args.pdf:
        return fail("say where: --html FILE and/or --pdf FILE")
    try:
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            document = report_html(library, story_id)
    except CopydeskError as error:
        return fail(str(error))
    try:
        if args.html:
            Path(args.html).write_text(document, encoding="utf-8")
            print(args.html)
        if args.pdf:
            try:
                from ui.report_pdf import write_report_pdf  # Qt only here, never in the core
            except ImportError as error:
                return fail(f"PDF needs the desk's Qt libraries ({error})")
            print(write_report_pdf(document, args.pdf))
    except OSError as error:
        return fail(f"{error.filename or args.html or args.pdf}: {error.strerror or error}")
    return EXIT_OK
