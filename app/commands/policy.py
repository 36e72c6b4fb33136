"""``policy show|set``: the library's pre-publish policy, what blocks an export."""

from __future__ import annotations

import argparse
import json
import sys

from app.commands.common import EXIT_OK, fail, open_library, refuse
from app.errors import CopydeskError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    policy = sub.add_parser(
        "policy", help="show or set what blocks an export (the pre-publish policy)",
        description="The library's pre-publish policy: which citation verdicts, missing "
        "quotations, misquotations and missing numbers block an export, and the severity "
        "of each kind of finding (every blocker finding blocks). `copydesk gate STORY` "
        "lists what it finds open.")
    psub = policy.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    show = psub.add_parser("show", help="print the policy")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_policy_show)
    change = psub.add_parser(
        "set", help="change the policy (an audit event)",
        description="Change the policy. Verdicts: contradicted, unsupported, unavailable "
        "(alias unchecked), dangling, partial; checks: missing_quotation, misquotation, "
        "missing_number. Severities: blocker, warning, info, or default (the kind's own; "
        "for a citation's kinds, contradiction, missing_quotation, misquotation and "
        "missing_number, the severity is the switch: blocker blocks, else it passes). "
        "--reset goes back to the defaults first. A bad value changes nothing (exit 2).")
    change.add_argument("--block", action="append", default=[], metavar="NAME[,NAME]",
                        help="make these verdicts or checks block")
    change.add_argument("--allow", action="append", default=[], metavar="NAME[,NAME]",
                        help="stop these verdicts or checks from blocking")
    change.add_argument("--severity", action="append", default=[], metavar="KIND=LEVEL",
                        help="the severity of a kind of finding, e.g. title_mismatch=warning")
    change.add_argument("--reset", action="store_true", help="start from the defaults")
    change.add_argument("--json", action="store_true", help="print the result as JSON")
    change.add_argument("--as", dest="actor", metavar="NAME", default=None)
    change.set_defaults(func=cmd_policy_set)


def _print(policy: object, changed: tuple[str, str] | None, as_json: bool) -> None:
    from app.policy import Policy

    assert isinstance(policy, Policy)
    if as_json:
        data = policy.as_dict()
        data["default"] = policy.is_default
        if changed:
            data["changed_by"], data["changed_at"] = changed
        print(json.dumps(data, indent=2, sort_keys=True))
        return
    origin = "the defaults" if policy.is_default else "set for this library"
    if changed:
        origin += f"; last changed by {changed[0]} at {changed[1]}"
    print(f"pre-publish policy ({origin}):")
    for line in policy.describe_lines():
        print(f"  {line}")
    print("  each open item stays open until a reviewer overrides the citation or waives "
          "it with a note")


def _bad(error: CopydeskError) -> int:
    return fail(f"policy: {error}")


def cmd_policy_show(args: argparse.Namespace) -> int:
    from app.policy import last_change, load_policy

    try:
        with open_library(args) as library:
            policy = load_policy(library)
            changed = last_change(library)
    except CopydeskError as error:
        return fail(str(error))
    _print(policy, changed, args.json)
    return EXIT_OK


def cmd_policy_set(args: argparse.Namespace) -> int:
    from app.identity import reviewer_name
    from app.library.db import LibraryBusyError
    from app.policy import (
        Policy,
        PolicyInputError,
        last_change,
        load_policy,
        parse_severity,
        set_policy,
        split_items,
    )

    if not (args.block or args.allow or args.severity or args.reset):
        return _bad(CopydeskError("say what to change: --block, --allow, --severity "
                                  "or --reset"))
    # Every value is checked before the library is opened: a bad one changes nothing.
    try:
        block = split_items(args.block)
        allow = split_items(args.allow)
        levels = dict(parse_severity(s) for s in args.severity)
    except PolicyInputError as error:
        return _bad(error)
    try:
        actor = reviewer_name(args.actor)
        with open_library(args) as library:
            start = Policy() if args.reset else load_policy(library)
            wanted = start.with_changes(block, allow, levels)
            before = load_policy(library)
            policy = set_policy(library, wanted, actor)
            changed = last_change(library)
    except PolicyInputError as error:
        return _bad(error)
    except LibraryBusyError as error:
        return refuse(str(error))
    except CopydeskError as error:
        return fail(str(error))
    if policy == before:
        print("copydesk: policy unchanged", file=sys.stderr)
    _print(policy, changed, args.json)
    return EXIT_OK
