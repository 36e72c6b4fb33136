"""``review``, ``whoami`` and ``rules``: decisions on stories and who makes them."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.commands.common import EXIT_OK, EXIT_REFUSED, fail, open_library, refuse
from app.errors import CopydeskError
from app.identity import configured_name, reviewer_name, set_reviewer_name
from app.library import Library, resolve_story_id
from app.workflow import (
    LibraryBusyError,
    WorkflowError,
    allowed_actions,
    approvals_required,
    decide,
    set_approvals_required,
    story_state,
)

if TYPE_CHECKING:  # the gate loads the checker: imported only when approving
    from app.publish.gate import GateResult


_DECISION_FLAGS = (
    ("--approve", "approve", "approve the story's current revision"),
    ("--request-changes", "request_changes", "send it back to the writer (needs --note)"),
    ("--reject", "reject", "kill the story (needs --note)"),
    ("--reopen", "reopen", "review a rejected or sent-back story again (needs --note)"),
    ("--start", "start_review", "take a new story into review"),
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    review = sub.add_parser(
        "review", help="decide on a story: approve, request changes, reject",
        description="Record a decision on the story's current revision. Exit 0 when "
        "recorded, 1 when refused (not allowed in its state, or another desk changed it "
        "first), 2 on bad input.",
    )
    review.add_argument("story", metavar="STORY", help="story id (or a unique prefix)")
    group = review.add_mutually_exclusive_group(required=True)
    for flag, action, text in _DECISION_FLAGS:
        group.add_argument(flag, dest="action", action="store_const", const=action, help=text)
    review.add_argument("--note", metavar="TEXT", default=None,
                        help="why (required to request changes, reject or reopen)")
    review.add_argument("--as", dest="actor", metavar="NAME", default=None,
                        help="reviewer name (default: configured name, else the OS user)")
    review.add_argument("--despite-open", action="store_true",
                        help="with --approve: approve although the pre-publish gate lists "
                        "open items (they still stop the export until settled); without "
                        "it, a terminal asks and anything else is refused")
    review.set_defaults(func=cmd_review)

    whoami = sub.add_parser("whoami", help="show or set the reviewer name on your decisions")
    whoami.add_argument("--set", dest="name", metavar="NAME", default=None)
    whoami.set_defaults(func=cmd_whoami)

    rules = sub.add_parser("rules", help="show or set the library's review rules")
    rules.add_argument("--approvals-required", type=int, metavar="N", default=None,
                       help="distinct reviewers who must approve the same revision")
    rules.add_argument("--as", dest="actor", metavar="NAME", default=None)
    rules.set_defaults(func=cmd_rules)


def cmd_review(args: argparse.Namespace) -> int:
    try:
        actor = reviewer_name(args.actor)
        library = open_library(args)
    except CopydeskError as error:
        return fail(str(error))
    if args.despite_open and args.action != "approve":
        return fail("--despite-open goes with --approve")
    with library:
        try:
            story_id = resolve_story_id(library, args.story)
            # The version this desk starts from: if another desk decides first, we are told.
            before = story_state(library, story_id)
            left = ""  # what the gate found open, when approved despite it
            details = None
            if args.action == "approve" and "approve" in allowed_actions(before.status):
                go_on, gate = _approve_despite_open(library, story_id, args.despite_open)
                if not go_on:
                    return EXIT_REFUSED
                if gate is not None and not gate.passed:
                    # the approval event keeps what its reviewer knowingly approved
                    details = {"open_items": dict(gate.counts())}
                    left = gate.summary() if args.despite_open else ""
            decision = decide(library, story_id, args.action, actor, args.note,
                              expected_version=before.version, details=details)
        except (WorkflowError, LibraryBusyError) as error:
            return refuse(str(error))
        except CopydeskError as error:
            return fail(str(error))
    approvals = f"approvals {len(decision.approvals)}/{decision.approvals_required}"
    print(f"{decision.story_id}\t{decision.status}\t{decision.revision[:12]}\t{approvals}\t"
          f"{decision.action.replace('_', ' ')} by {decision.actor}")
    if decision.warning:
        print(f"copydesk: warning: {decision.warning}", file=sys.stderr)
    if left:
        print(f"copydesk: warning: approved with open items that still stop the export: "
              f"{left}", file=sys.stderr)
    if decision.action == "approve" and decision.status != "approved":
        needed = decision.approvals_required - len(decision.approvals)
        print(f"copydesk: approval recorded; {needed} more from other reviewers needed",
              file=sys.stderr)
    return EXIT_OK


def _approve_despite_open(library: Library, story_id: str,
                          despite_open: bool) -> tuple[bool, GateResult | None]:
    """Whether to go on with the approval, and what the gate finds open.

    Open items do not stop an approval (they stop the export), but nobody approves them
    unseen: without ``--despite-open`` they are listed, a terminal asks, else refused.
    """
    from app.publish.gate import check_gate

    gate = check_gate(library, story_id)
    if gate.passed or despite_open:
        return True, gate
    print(f"copydesk: story {story_id} has {len(gate.open)} open item(s) that stop its "
          f"export: {gate.summary()}", file=sys.stderr)
    for item in gate.open:
        print(f"  {item.describe()}", file=sys.stderr)
    if sys.stdin.isatty() and sys.stderr.isatty():
        try:
            answer = input("Approve it anyway? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() in ("y", "yes"):
            return True, gate
    print(f"copydesk: not approved: settle the open items first (copydesk gate {story_id}), "
          "or approve with --despite-open", file=sys.stderr)
    return False, gate


def cmd_whoami(args: argparse.Namespace) -> int:
    try:
        if args.name is not None:
            name = set_reviewer_name(args.name)
            print(name)
            return EXIT_OK
        name = reviewer_name()
    except (CopydeskError, OSError) as error:
        return fail(str(error))
    source = "configured" if configured_name() == name else "default"
    print(f"{name}\t({source})")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    try:
        with open_library(args) as library:
            if args.approvals_required is not None:
                set_approvals_required(library, args.approvals_required,
                                       reviewer_name(args.actor))
            count = approvals_required(library)
    except LibraryBusyError as error:
        return refuse(str(error))
    except CopydeskError as error:
        return fail(str(error))
    print(f"approvals_required\t{count}")
    return EXIT_OK
