"""``newsroom``, ``sync``, ``assign``, ``assigned``, ``comment``, ``comments``, ``lock``:
a desk in a newsroom. Without ``newsroom join`` none of them is needed."""

from __future__ import annotations

import argparse
import json
import sys

from app.commands.common import EXIT_OK, fail, open_library
from app.errors import CopydeskError
from app.identity import reviewer_name

EXIT_REFUSED = 1


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    newsroom = sub.add_parser("newsroom", help="join a shared newsroom (PostgreSQL) or see it")
    verbs = newsroom.add_subparsers(dest="verb", metavar="VERB", required=True)
    for verb, text in (("init", "create the newsroom on its server; you become its admin"),
                       ("join", "connect this desk to a newsroom")):
        p = verbs.add_parser(verb, help=text)
        p.add_argument("url", metavar="URL", help="postgresql://login@host[:port]/database "
                       "(no password in it)")
        p.add_argument("--as", dest="actor", metavar="NAME", required=True,
                       help="your reviewer name in the newsroom")
        p.add_argument("--password-stdin", action="store_true",
                       help="read the login's password from standard input")
        p.set_defaults(func=cmd_join, create=verb == "init")
    upgrade = verbs.add_parser("upgrade", help="(admin) bring a newsroom made by an older "
                               "Copydesk up to date")
    upgrade.add_argument("url", metavar="URL", help="postgresql://login@host[:port]/database "
                         "(no password in it)")
    upgrade.add_argument("--as", dest="actor", metavar="NAME", required=True,
                         help="your reviewer name in the newsroom (an admin)")
    upgrade.add_argument("--password-stdin", action="store_true",
                         help="read the login's password from standard input")
    upgrade.set_defaults(func=cmd_upgrade)
    status = verbs.add_parser("status", help="who is connected, what is pending, last sync")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)
    add = verbs.add_parser("add-reviewer", help="(admin) give a reviewer a login and a role")
    add.add_argument("login", metavar="LOGIN")
    add.add_argument("--name", required=True, help="the reviewer's name on decisions")
    add.add_argument("--role", required=True, choices=("checker", "editor", "admin"))
    add.add_argument("--password-stdin", action="store_true",
                     help="read the new login's password from standard input")
    add.add_argument("--existing-login", action="store_true",
                     help="the login exists on the server already: no password")
    add.set_defaults(func=cmd_add_reviewer)
    choose = verbs.add_parser("choose", help="(editor) settle an edit conflict")
    choose.add_argument("story", metavar="STORY")
    choose.add_argument("revision", metavar="REVISION", help="the revision to keep (a prefix)")
    choose.add_argument("--as", dest="actor", metavar="NAME", default=None)
    choose.set_defaults(func=cmd_choose)

    sync = sub.add_parser("sync", help="push this desk's decisions and pull the newsroom's")
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(func=cmd_sync)

    assign = sub.add_parser("assign", help="give a story to a reviewer")
    assign.add_argument("story", metavar="STORY")
    assign.add_argument("assignee", metavar="NAME")
    assign.add_argument("--as", dest="actor", metavar="NAME", default=None)
    assign.set_defaults(func=cmd_assign)
    assigned = sub.add_parser("assigned", help="the stories assigned to you (or to --to)")
    assigned.add_argument("--to", metavar="NAME", default=None)
    assigned.set_defaults(func=cmd_assigned)

    comment = sub.add_parser("comment", help="comment on a claim, or resolve a comment")
    comment.add_argument("story", metavar="STORY")
    comment.add_argument("text", metavar="TEXT", nargs="?", default=None)
    comment.add_argument("--claim", type=int, metavar="N", default=None,
                         help="the claim's number (from check --json, first is 0)")
    comment.add_argument("--reply-to", metavar="COMMENT", default="")
    comment.add_argument("--resolve", metavar="COMMENT", default=None)
    comment.add_argument("--as", dest="actor", metavar="NAME", default=None)
    comment.set_defaults(func=cmd_comment)
    comments = sub.add_parser("comments", help="a story's comment threads")
    comments.add_argument("story", metavar="STORY")
    comments.add_argument("--json", action="store_true")
    comments.set_defaults(func=cmd_comments)

    lock = sub.add_parser("lock", help="say you have a story open; see who else has")
    lock.add_argument("story", metavar="STORY")
    lock.add_argument("--edit", action="store_true", help="you mean to edit it")
    lock.add_argument("--release", action="store_true", help="you closed it")
    lock.add_argument("--minutes", type=float, default=15.0, help="how long (default 15)")
    lock.set_defaults(func=cmd_lock)


def _password(from_stdin: bool, prompt: str) -> str:
    from app.publish.secrets import read_secret

    return read_secret(prompt, from_stdin)


def cmd_join(args: argparse.Namespace) -> int:
    from app.newsroom.connection import check_url
    from app.newsroom.desk import join_newsroom

    try:
        url = check_url(args.url)
        password = _password(args.password_stdin, f"Password for {url.split('//')[-1]}: ")
        with open_library(args) as library:
            result = join_newsroom(library, url, password, args.actor, create=args.create)
    except CopydeskError as error:
        return fail(str(error))
    verb = "created and joined" if result.created else "joined"
    print(f"{verb} {result.url}\tas {result.reviewer} ({result.role}, login {result.login})\t"
          f"{result.queued} event(s) queued; run copydesk sync")
    return EXIT_OK


def cmd_upgrade(args: argparse.Namespace) -> int:
    from app.newsroom.connection import check_url, connect
    from app.newsroom.upgrade import upgrade_newsroom

    try:
        url = check_url(args.url)
        password = _password(args.password_stdin, f"Password for {url.split('//')[-1]}: ")
        with connect(url, password, autocommit=True) as conn:
            added = upgrade_newsroom(conn, args.actor)
    except CopydeskError as error:
        return fail(str(error))
    print(f"{url}\tupgraded: added " + ", ".join(f"copydesk.{t}" for t in added)
          if added else f"{url}\talready up to date; nothing changed")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from app.newsroom.status import newsroom_status

    try:
        with open_library(args) as library:
            status = newsroom_status(library)
    except CopydeskError as error:
        return fail(str(error))
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=1, default=str))
        return EXIT_OK
    print(f"newsroom\t{status['url']}")
    print(f"you\t{status['reviewer']} ({status['role']}, login {status['login']})")
    print(f"pending\t{status['pending']} event(s) to push")
    print(f"last sync\t{status['last_sync_at'] or 'never'}\t{status['last_sync_result']}")
    print(f"newsroom log\tevent {status['head_seq']} ({status['head'][:12]}) on this desk; "
          + (f"BROKEN: {status['log_problem']}" if status["log_problem"]
             else f"{status['log_checked']} event(s) checked"))
    if status["server"] == "online":
        print(f"server\tonline\tevent {status['server_seq']}\t"
              f"approvals required {status['approvals_required']}")
        for desk in status["desks"]:
            print(f"desk\t{desk['name']}\t{desk['role']}\tlast seen {desk['last_seen']}")
    else:
        print(f"server\t{status['server']}")
    if status["schema"]:
        print(f"schema\tolder: {status['schema']}")
    for outcome in status["not_applied"]:
        print(f"not applied\t{outcome}")
    return EXIT_OK


def cmd_add_reviewer(args: argparse.Namespace) -> int:
    from app.newsroom.connection import connect, load_password
    from app.newsroom.desk import require_desk
    from app.newsroom.server import add_reviewer

    try:
        if args.existing_login == args.password_stdin and args.existing_login:
            return fail("--existing-login takes no password")
        password = None if args.existing_login else _password(
            args.password_stdin, f"Password for the new login {args.login}: ")
        with open_library(args) as library:
            config = require_desk(library)
            with connect(config.url, load_password(config.url), autocommit=True) as conn:
                add_reviewer(conn, args.login, password, args.name, args.role)
    except CopydeskError as error:
        return fail(str(error))
    print(f"{args.login}\t{args.name}\t{args.role}")
    return EXIT_OK


def cmd_choose(args: argparse.Namespace) -> int:
    from app.library import resolve_story_id
    from app.newsroom.collab import choose_revision

    try:
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            chosen = choose_revision(library, story_id, args.revision, reviewer_name(args.actor))
    except CopydeskError as error:
        return fail(str(error))
    print(f"{story_id}\tchose revision {chosen[:12]}; sync to tell the newsroom")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from app.newsroom.connection import NewsroomOffline
    from app.newsroom.sync import sync

    try:
        with open_library(args) as library:
            report = sync(library)
    except NewsroomOffline as error:
        print(f"copydesk: offline: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except CopydeskError as error:
        return fail(str(error))
    if args.json:
        print(json.dumps({"pushed": report.pushed, "duplicates": report.duplicates,
                          "pulled": report.pulled, "from_others": report.from_others,
                          "pending": report.pending, "head_seq": report.head_seq,
                          "head": report.head,
                          "snapshots_sent": report.snapshots_sent,
                          "snapshots_received": report.snapshots_received,
                          "schema": report.schema,
                          "not_applied": [o.__dict__ for o in report.outcomes]}))
    else:
        print(report.describe())
        for o in report.outcomes:
            print(f"copydesk: {o.action} on {o.story_id or 'the newsroom'}: {o.effect}",
                  file=sys.stderr)
        if report.schema:
            print(f"copydesk: warning: {report.schema}", file=sys.stderr)
    return EXIT_OK


def cmd_assign(args: argparse.Namespace) -> int:
    from app.library import resolve_story_id
    from app.newsroom.collab import assign

    try:
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            assign(library, story_id, args.assignee, reviewer_name(args.actor))
    except CopydeskError as error:
        return fail(str(error))
    print(f"{story_id}\tassigned to {args.assignee}")
    return EXIT_OK


def cmd_assigned(args: argparse.Namespace) -> int:
    from app.newsroom.collab import assigned_to

    try:
        name = args.to or reviewer_name()
        with open_library(args) as library:
            rows = assigned_to(library, name)
    except CopydeskError as error:
        return fail(str(error))
    for story_id, status, title in rows:
        print(f"{story_id}\t{status}\t{title}")
    return EXIT_OK


def cmd_comment(args: argparse.Namespace) -> int:
    from app.library import resolve_story_id
    from app.newsroom.collab import add_comment, resolve_comment

    try:
        actor = reviewer_name(args.actor)
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            if args.resolve:
                done = resolve_comment(library, args.resolve, actor)
                print(f"{done.id}\tresolved by {done.resolved_by}")
                return EXIT_OK
            if args.text is None or args.claim is None:
                return fail("a comment needs --claim N and its TEXT (or --resolve COMMENT)")
            made = add_comment(library, story_id, args.claim, args.text, actor, args.reply_to)
    except CopydeskError as error:
        return fail(str(error))
    print(f"{made.id}\tclaim {made.claim_index}\t{made.author}")
    return EXIT_OK


def cmd_comments(args: argparse.Namespace) -> int:
    from app.library import resolve_story_id
    from app.newsroom.collab import comments

    try:
        with open_library(args) as library:
            found = comments(library, resolve_story_id(library, args.story))
    except CopydeskError as error:
        return fail(str(error))
    if args.json:
        print(json.dumps([c.__dict__ for c in found], ensure_ascii=False))
        return EXIT_OK
    for c in found:
        state = f"resolved by {c.resolved_by}" if c.resolved_by else "open"
        reply = f" (reply to {c.parent_id[:8]})" if c.parent_id else ""
        print(f"{c.id}\tclaim {c.claim_index}\t{c.author}{reply}\t{state}\t{c.body}")
    return EXIT_OK


def cmd_lock(args: argparse.Namespace) -> int:
    from app.library import resolve_story_id
    from app.newsroom.collab import open_story
    from app.newsroom.connection import NewsroomOffline

    try:
        with open_library(args) as library:
            story_id = resolve_story_id(library, args.story)
            others = open_story(library, story_id, editing=args.edit,
                                minutes=0 if args.release else args.minutes)
    except NewsroomOffline as error:
        print(f"copydesk: offline: cannot tell who else has it open ({error})", file=sys.stderr)
        return EXIT_REFUSED
    except CopydeskError as error:
        return fail(str(error))
    for h in others:
        doing = "is editing it" if h.editing else "has it open"
        print(f"{h.name}\t{doing}\tuntil {h.expires_at:%H:%M} UTC")
    editors = [h.name for h in others if h.editing]
    if args.edit and editors:
        print(f"copydesk: warning: {' and '.join(editors)} is editing story {story_id} too; "
              "two edits of one revision end in a conflict an editor must settle",
              file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK
