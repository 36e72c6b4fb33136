"""``edit``: save changed text as a new revision, with a note saying why.

The same core call as the desk's Edit tab (``workflow.save_edit``): approvals given to
earlier revisions stop counting, and the note goes into the revision and the audit
log's edit event. Exit 0 saved (or nothing changed), 1 refused (not editable in its
state, or another desk changed it first), 2 bad input.
"""

from __future__ import annotations

import argparse
import sys

from app.commands.common import EXIT_OK, fail, open_library, refuse
from app.errors import CopydeskError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    edit = sub.add_parser(
        "edit", help="save a story's changed title, dek or body as a new revision",
        description="Save a new revision of the story: its body from a file (or - for "
        "standard input), and/or a new title or dek; what is not given stays as it is. "
        "--note says why, in the revision and the audit log. Approvals of earlier "
        "revisions stop counting.")
    edit.add_argument("story", metavar="STORY", help="story id (or a unique prefix)")
    edit.add_argument("--body-file", metavar="FILE", default=None,
                      help="the new body (Markdown with [n] markers); - reads standard input")
    edit.add_argument("--title", default=None)
    edit.add_argument("--dek", default=None)
    edit.add_argument("--note", metavar="TEXT", default=None, help="why the text changed")
    edit.add_argument("--as", dest="actor", metavar="NAME", default=None)
    edit.set_defaults(func=cmd_edit)


def _new_body(source: str) -> str:
    from app.textio import decode_bytes, max_input_bytes, read_text_file

    if source != "-":
        return read_text_file(source).text
    limit = max_input_bytes()
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise CopydeskError(f"standard input: over the {limit / 1048576:.0f} MB limit")
    return decode_bytes(data, "standard input").text


def cmd_edit(args: argparse.Namespace) -> int:
    from app.identity import reviewer_name
    from app.library import load_story, resolve_story_id
    from app.workflow import LibraryBusyError, WorkflowError, save_edit, story_state

    if args.body_file is None and args.title is None and args.dek is None:
        return fail("say what changes: --body-file FILE, --title TEXT and/or --dek TEXT")
    try:
        actor = reviewer_name(args.actor)
        body = _new_body(args.body_file) if args.body_file is not None else None
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            before = story_state(library, story_id)
            current = load_story(library, story_id)
            try:
                decision = save_edit(
                    library, story_id,
                    current.title if args.title is None else args.title,
                    current.dek if args.dek is None else args.dek,
                    current.body if body is None else body,
                    actor, before.version, note=args.note)
            except (WorkflowError, LibraryBusyError) as error:
                return refuse(str(error))
    except CopydeskError as error:
        return fail(str(error))
    if not decision.changed:
        print(f"{decision.story_id}\t{decision.status}\t{decision.revision[:12]}\t"
              "unchanged: the text is the same as the current revision")
        return EXIT_OK
    print(f"{decision.story_id}\t{decision.status}\t{decision.revision[:12]}\t"
          f"edited by {decision.actor}")
    if decision.voided:
        print(f"copydesk: approvals of the earlier revision no longer count: "
              f"{', '.join(decision.voided)}", file=sys.stderr)
    return EXIT_OK
