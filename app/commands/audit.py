"""``audit verify`` and ``audit show``: the hash-chained record of every decision."""

from __future__ import annotations

import argparse
import json
import sys

from app import audit as audit_log
from app.commands.common import EXIT_OK, fail, open_library
from app.errors import CopydeskError
from app.library import resolve_story_id
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
    verify.set_defaults(func=cmd_verify)

    show = actions.add_parser("show", help="print a story's history")
    show.add_argument("story", metavar="STORY")
    show.add_argument("--json", action="store_true",
                      help="the story's chain segment as JSON (as export manifests carry it)")
    show.set_defaults(func=cmd_show)


def cmd_verify(args: argparse.Namespace) -> int:
    try:
        with open_library(args) as library:
            report = audit_log.verify_chain(library)
    except CopydeskError as error:
        return fail(str(error))
    if report.missing_triggers:
        print(f"copydesk: warning: the library no longer refuses changes to events "
              f"(missing triggers: {', '.join(report.missing_triggers)})", file=sys.stderr)
    if args.json:
        json.dump({"ok": report.ok, "events": report.count, "head": report.head,
                   "missing_triggers": list(report.missing_triggers),
                   "broken": None if report.broken is None else {
                       "seq": report.broken.seq, "story_id": report.broken.story_id,
                       "reason": report.broken.reason}},
                  sys.stdout, indent=2)
        print()
    elif report.ok:
        print(f"audit log sound: {report.count} events, head {report.head}")
    else:
        assert report.broken is not None
        print(f"audit log broken at {report.broken.describe()}")
        print(f"({report.count} events before it are sound)", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_BROKEN


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
            extra = (f"  claim {details.get('claim')} [{details.get('n')}] = "
                     f"{details.get('verdict')}")
        elif e.action == "approve":
            extra = f"  ({details.get('approvals')}/{details.get('required')})"
        if details.get("voided"):
            extra += f"  voids approval of {', '.join(details['voided'])}"
        print(f"{e.seq:>6}  {e.at}  {e.actor:<16} {e.action:<16} {e.revision[:12]}  "
              f"{move}{extra}")
        if e.note:
            print(f"{'':8}note: {e.note}")
    return EXIT_OK
