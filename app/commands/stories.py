"""``check``, ``import``, ``list`` and ``open``: stories in and out of the library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.commands.common import EXIT_BAD_INPUT, EXIT_BLOCKERS, EXIT_OK, fail, open_library
from app.errors import CopydeskError, InputError
from app.library import (
    import_story,
    list_stories,
    load_overrides,
    load_story,
    resolve_story_id,
)
from app.library.stories import STATUSES

# Checking and parsing are imported by the commands that check or parse: ``list``
# answers without them.


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    check = sub.add_parser("check", help="report on a story file or a library story")
    check.add_argument("story", metavar="FILE|ID")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(func=cmd_check)

    imp = sub.add_parser("import", help="add story files to the library")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.set_defaults(func=cmd_import)

    ls = sub.add_parser("list", help="list the library's stories")
    ls.add_argument("--status", choices=STATUSES)
    ls.add_argument("--search", metavar="WORDS", help="full-text search over titles and bodies")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)

    op = sub.add_parser("open", help="open the review desk on a story file")
    op.add_argument("file", metavar="FILE", nargs="?")
    op.set_defaults(func=cmd_open)


def _looks_like_path(key: str) -> bool:
    return Path(key).exists() or "/" in key or "\\" in key or Path(key).suffix != ""


def cmd_check(args: argparse.Namespace) -> int:
    from app.check import check_story
    from app.parse import load_story_file
    from app.report_json import report_to_dict, report_to_text

    key = args.story
    try:
        if _looks_like_path(key):
            story = load_story_file(key)
            report = check_story(story)
        else:
            with open_library(args) as library:
                story_id = resolve_story_id(library, key)
                story = load_story(library, story_id)
                report = check_story(story, load_overrides(library, story_id, story.revision))
    except CopydeskError as error:
        return fail(str(error))
    for warning in story.warnings:
        print(f"copydesk: {key}: warning: {warning}", file=sys.stderr)
    if args.json:
        json.dump(report_to_dict(report), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(report_to_text(report))
    return EXIT_BLOCKERS if report.has_blockers else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from app.parse import load_story_file

    failed = False
    try:
        library = open_library(args)
    except CopydeskError as error:
        return fail(str(error))
    with library:
        for name in args.files:
            try:
                story = load_story_file(name)
                result = import_story(library, story, Path(name).name)
            except CopydeskError as error:
                failed = True
                fail(str(error))
                continue
            print(f"{result.story_id}\t{result.status}\t{result.title}")
            for warning in result.warnings:
                print(f"copydesk: {name}: warning: {warning}", file=sys.stderr)
    return EXIT_BAD_INPUT if failed else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    try:
        with open_library(args) as library:
            rows = list_stories(library, status=args.status, query=args.search)
    except CopydeskError as error:
        return fail(str(error))
    if args.json:
        json.dump(
            [
                {"id": r.id, "title": r.title, "status": r.status, "updated_at": r.updated_at,
                 "revision": r.revision, "summary": r.summary, "blockers": r.blockers}
                for r in rows
            ],
            sys.stdout, ensure_ascii=False, indent=2,
        )
        print()
        return EXIT_OK
    for r in rows:
        s = r.summary
        counts = (f"{s.get('supported', 0)}✓ {s.get('partial', 0)}~ "
                  f"{s.get('contradicted', 0)}≠ {s.get('unsupported', 0)}✗ "
                  f"{s.get('unavailable', 0)}? {s.get('dangling', 0)}!")
        print(f"{r.id}\t{r.status}\t{counts}\t{r.title}")
    return EXIT_OK


def cmd_open(args: argparse.Namespace) -> int:
    from app.parse import load_story_file

    if args.file:
        try:
            load_story_file(args.file)  # fail here with one line rather than in the window
        except InputError as error:
            return fail(str(error))
    from ui.main import run_desk  # the window is only imported when it is wanted

    return run_desk(args.db, args.file)
