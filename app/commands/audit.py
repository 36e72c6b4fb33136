"""``audit verify`` and ``audit show``: the hash-chained, signed record of every decision;
``reviewer add|list|key``: who may sign it (docs/audit.md)."""

from __future__ import annotations

import argparse
import json
import sys

from app import audit as audit_log
from app.commands.common import EXIT_OK, fail, open_library
from app.errors import CopydeskError
from app.identity import reviewer_name
from app.library import Library, resolve_story_id
from app.workflow import story_state

EXIT_BROKEN = 1


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("audit", help="verify the audit log or show a story's history")
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)

    verify = actions.add_parser(
        "verify", help="recompute the hash chain; exit 0 sound, 1 broken",
        description="Recompute every event's hash and its links; name the first broken one.",
    )
    verify.add_argument("--json", action="store_true")
    verify.add_argument("--full", action="store_true",
                        help="check every signature again, also those verified before")
    verify.add_argument("--manifest", metavar="FILE", action="append", default=[],
                        help="also check a published export manifest (manifest.json): "
                             "its own signatures, and the log head it recorded")
    verify.set_defaults(func=cmd_verify)

    _register_reviewer(sub)

    show = actions.add_parser("show", help="print a story's history")
    show.add_argument("story", metavar="STORY")
    show.add_argument("--json", action="store_true",
                      help="the story's chain segment as JSON (as export manifests carry it)")
    show.set_defaults(func=cmd_show)


def cmd_verify(args: argparse.Namespace) -> int:
    try:
        with open_library(args) as library:
            report = audit_log.verify_chain(library, full=args.full)
            manifest_problems = _check_manifests(library, report.count, args.manifest)
            if report.ok and not manifest_problems:  # seen this far: anchor it there
                from app import trust

                trust.record_verified(library, report.count, report.head)
    except CopydeskError as error:
        return fail(str(error))
    if report.missing_triggers:
        print(f"copydesk: warning: the library no longer refuses changes to events "
              f"(missing triggers: {', '.join(report.missing_triggers)})", file=sys.stderr)
    if args.json:
        json.dump({"ok": report.ok, "events": report.count, "head": report.head,
                   "signed": report.signed, "unsigned": report.unsigned,
                   "legacy": report.legacy, "anchor": report.anchor,
                   "previously_verified": report.previously_verified,
                   "manifest_problems": manifest_problems,
                   "missing_triggers": list(report.missing_triggers),
                   "broken": None if report.broken is None else {
                       "seq": report.broken.seq, "story_id": report.broken.story_id,
                       "reason": report.broken.reason}},
                  sys.stdout, indent=2)
        print()
    elif report.ok:
        print(f"audit log sound: {report.count} events, head {report.head}")
        earlier = (f" after events 1..{report.previously_verified}, verified before on this "
                   "desk and unchanged since (--full checks them again)"
                   if report.previously_verified else "")
        print(f"signatures: {report.signed} signed and valid, {report.unsigned} unsigned "
              f"(not decisions), {report.legacy} legacy (before signing began){earlier}; "
              f"{report.anchor}", file=sys.stderr)
    else:
        assert report.broken is not None
        print(f"audit log broken at {report.broken.describe()}")
        print(f"({report.count} events before it are sound)", file=sys.stderr)
    for problem in [] if args.json else manifest_problems:
        print(f"manifest broken: {problem}")
    return EXIT_OK if report.ok and not manifest_problems else EXIT_BROKEN


def _check_manifests(library: Library, count: int, files: list[str]) -> list[str]:
    """Problems found in published manifests given with --manifest (bad files raise)."""
    from pathlib import Path

    from app import trust

    problems: list[str] = []
    for name in files:
        try:
            manifest = json.loads(Path(name).read_text(encoding="utf-8"))
            if not isinstance(manifest, dict) or "audit" not in manifest:
                raise ValueError("not a Copydesk export manifest")
        except (OSError, ValueError) as error:
            raise CopydeskError(f"{name}: {getattr(error, 'strerror', None) or error}") from None
        problems += [f"{name}: {why}" for why in trust.verify_manifest(manifest)]
        failure = trust.check_head(library, count, manifest.get("chain") or {}, f"in {name}")
        if failure is not None:
            problems.append(f"{name}: event {failure.seq}: {failure.reason}")
    return problems


def cmd_show(args: argparse.Namespace) -> int:
    try:
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            state = story_state(library, story_id)
            title = library.conn.execute(
                "SELECT title FROM stories WHERE id = ?", [story_id]).fetchone()[0]
            events = audit_log.story_events(library, story_id)
    except CopydeskError as error:
        return fail(str(error))
    if args.json:
        json.dump({"story_id": story_id, "status": state.status, "revision": state.revision,
                   "events": [e.as_dict() for e in events]},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    print(f"{story_id}\t{title}")
    print(f"now: {state.describe()}")
    broken = audit_log.verify_segment(e.as_dict() for e in events)
    if broken is not None:
        print(f"copydesk: warning: this history does not verify: {broken.describe()}",
              file=sys.stderr)
    for e in events:
        details = e.details
        move = ""
        if "to" in details:
            move = (f"{details['from']} -> " if "from" in details else "-> ") + details["to"]
        extra = ""
        if e.action == "override":
            claim = details.get("claim")  # stored from 0; people count from 1
            shown = claim + 1 if isinstance(claim, int) else claim
            extra = f"  claim {shown} [{details.get('n')}] = {details.get('verdict')}"
        elif e.action == "approve":
            extra = f"  ({details.get('approvals')}/{details.get('required')})"
        if details.get("voided"):
            extra += f"  voids approval of {', '.join(details['voided'])}"
        print(f"{e.seq:>6}  {e.at}  {e.actor:<16} {e.action:<16} {e.revision[:12]}  "
              f"{move}{extra}")
        if e.note:
            print(f"{'':8}note: {e.note}")
    return EXIT_OK


# --- reviewers ------------------------------------------------------------------------


def _register_reviewer(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.reviewers import ROLES

    parser = sub.add_parser("reviewer", help="the reviewers who sign decisions, and their keys")
    actions = parser.add_subparsers(dest="reviewer_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help="register a reviewer (an admin does this)",
        description="Register NAME with a role. Without --public-key, NAME's key pair is "
                    "made on this desk and the private key kept in this desk's keyring.")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=ROLES, default="checker")
    add.add_argument("--public-key", metavar="KEY", default=None,
                     help="NAME's public key, printed by `copydesk reviewer key` on their desk")
    add.add_argument("--as", dest="actor", metavar="ADMIN", default=None)
    add.set_defaults(func=cmd_reviewer_add)
    listing = actions.add_parser("list", help="the reviewers the signed log registers")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_reviewer_list)
    key = actions.add_parser("key", help="print your public key (made on first use)")
    key.add_argument("--as", dest="actor", metavar="NAME", default=None)
    key.set_defaults(func=cmd_reviewer_key)


def cmd_reviewer_add(args: argparse.Namespace) -> int:
    from app import reviewers

    try:
        with open_library(args) as library:
            added = reviewers.add_reviewer(library, args.name, args.role,
                                           reviewer_name(args.actor), args.public_key)
    except CopydeskError as error:
        return fail(str(error))
    print(f"{added.name}\t{added.role}\tkey {added.key_id}\tregistered by {added.registered_by}")
    return EXIT_OK


def cmd_reviewer_list(args: argparse.Namespace) -> int:
    from app import keys, reviewers

    try:
        with open_library(args) as library:
            registry = reviewers.registry(library)
            disagreements = reviewers.table_disagreements(library)
    except CopydeskError as error:
        return fail(str(error))
    rows = []
    for r in sorted(registry.by_name.values(), key=lambda r: r.seq):
        try:
            here = keys.private_key(r.name) is not None
        except keys.KeyringUnavailable:
            here = False
        rows.append({"name": r.name, "role": r.role, "key_id": r.key_id,
                     "public_key": r.public_key, "registered_at": r.registered_at,
                     "registered_by": r.registered_by, "event": r.seq, "key_on_this_desk": here})
    if args.json:
        json.dump({"reviewers": rows, "problems": [
            {"event": seq, "reason": why} for seq, why in registry.problems]},
            sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for row in rows:
            print(f"{row['name']}\t{row['role']}\tkey {row['key_id']}\t"
                  f"registered {row['registered_at']} by {row['registered_by']}"
                  + ("\t(key on this desk)" if row["key_on_this_desk"] else ""))
        if not rows:
            print("no reviewers yet: the first decision on this library registers its "
                  "reviewer as admin", file=sys.stderr)
    for seq, why in registry.problems:
        print(f"copydesk: warning: event {seq}: {why} (not registered)", file=sys.stderr)
    for line in disagreements:
        print(f"copydesk: warning: {line}", file=sys.stderr)
    return EXIT_OK


def cmd_reviewer_key(args: argparse.Namespace) -> int:
    from app import keys, signing

    try:
        name = reviewer_name(args.actor)
        key = keys.create_private_key(name)
    except CopydeskError as error:
        return fail(str(error))
    public = signing.public_key_text(key)
    print(f"{name}\t{public}\tkey {signing.key_id(public)}")
    return EXIT_OK
