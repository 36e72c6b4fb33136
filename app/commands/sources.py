"""``fetch`` and ``attach``: snapshots of the pages a story cites."""

from __future__ import annotations

import argparse
import sys

from app.commands.common import EXIT_OK, fail, open_library
from app.errors import CopydeskError
from app.library import resolve_story_id
from app.sources import SourceOutcome, attach_source, fetch_story_sources

EXIT_SOME_UNAVAILABLE = 1


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    fetch = sub.add_parser(
        "fetch", help="snapshot a story's sources for offline review",
        description="Fetch every cited page that has no snapshot yet and keep its main "
        "text in the library. A page already snapshotted for another story is shared, "
        "not fetched again. Exit 0 when every reference with a URL has a usable "
        "snapshot, 1 when some are unavailable (the reason is printed), 2 on bad input.",
    )
    fetch.add_argument("story", metavar="STORY", help="story id (or a unique prefix)")
    fetch.add_argument("--allow-private", action="store_true",
                       help="also fetch from private, loopback and link-local addresses "
                       "(intranet sources); refused by default")
    fetch.add_argument("--refresh", action="store_true",
                       help="fetch again even where a usable snapshot exists (a failed "
                       "refresh keeps the old snapshot)")
    fetch.add_argument("--ref", dest="refs", metavar="N", type=int, action="append",
                       default=None, help="only reference [N] (repeat for several)")
    fetch.add_argument("--as", dest="actor", metavar="NAME", default=None,
                       help="name recorded in the audit log (default: the reviewer name)")
    fetch.set_defaults(func=cmd_fetch)

    attach = sub.add_parser(
        "attach", help="attach a saved page (HTML, PDF or text) to reference N by hand",
        description="For pages a fetch cannot reach (paywalls, logins): the file's main "
        "text becomes the snapshot of reference N, recorded as attached with the file's "
        "SHA-256.",
    )
    attach.add_argument("story", metavar="STORY", help="story id (or a unique prefix)")
    attach.add_argument("n", metavar="N", type=int, help="reference number, as in [N]")
    attach.add_argument("file", metavar="FILE", help="the saved page: .html, .pdf or .txt")
    attach.add_argument("--as", dest="actor", metavar="NAME", default=None)
    attach.set_defaults(func=cmd_attach)


def _line(outcome: SourceOutcome) -> str:
    snap = outcome.snapshot
    tag = f"[{outcome.n}]".ljust(5)
    where = outcome.url or "(no URL)"
    if outcome.action in ("fetched", "shared", "kept"):
        title = f" “{snap.title}”" if snap is not None and snap.title else ""
        size = f"{len(snap.text):,} characters" if snap is not None else ""
        label = {"fetched": "ok", "shared": "ok (shared)", "kept": "kept"}[outcome.action]
        return f"{tag}{label:<13} {where}{title} — {size}"
    if outcome.action == "kept after failure":
        when = f" from {snap.fetched_at}" if snap is not None and snap.fetched_at else ""
        return (f"{tag}{'kept':<13} {where} — refresh failed ({outcome.reason}); "
                f"the snapshot{when} stays")
    return f"{tag}{outcome.action:<13} {where} — {outcome.reason}"


def cmd_fetch(args: argparse.Namespace) -> int:
    def show(outcome: SourceOutcome) -> None:
        print(_line(outcome), flush=True)

    def counting(done: int, total: int) -> None:
        if done == 0 and total:
            print(f"fetching {total} page{'s' if total != 1 else ''}…", file=sys.stderr,
                  flush=True)

    try:
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            report = fetch_story_sources(
                library, story_id, allow_private=args.allow_private, refresh=args.refresh,
                only=args.refs, progress=counting, on_outcome=show, actor=args.actor,
            )
    except CopydeskError as error:
        return fail(str(error))
    parts = [f"{report.count(action)} {label}" for action, label in (
        ("fetched", "fetched"), ("shared", "shared from the library"), ("kept", "kept"),
        ("kept after failure", "kept after a failed refresh"),
        ("unavailable", "unavailable"), ("no url", "without URL"),
        ("not fetched", "not fetched")) if report.count(action)]
    print(f"{story_id}: " + ", ".join(parts or ["no references"]) + ".")
    if report.also_updated:
        print(f"also updated {len(report.also_updated)} other "
              f"stor{'ies' if len(report.also_updated) != 1 else 'y'} citing the same pages: "
              + ", ".join(report.also_updated))
    return EXIT_OK if report.all_usable else EXIT_SOME_UNAVAILABLE


def cmd_attach(args: argparse.Namespace) -> int:
    try:
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            result = attach_source(library, story_id, args.n, args.file, actor=args.actor)
    except CopydeskError as error:
        return fail(str(error))
    snap = result.snapshot
    title = f" “{snap.title}”" if snap.title else ""
    print(f"[{result.n}] attached {args.file}{title} to {story_id}: "
          f"{len(snap.text):,} characters, sha256 {snap.sha256}")
    if result.also_updated:
        print("also given to other stories citing the same URL: "
              + ", ".join(result.also_updated))
    return EXIT_OK
