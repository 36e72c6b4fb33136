"""``copydesk``: the command line, on the same core as the window."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys

from app import __version__
from app.errors import CopydeskError


def _desk_only(argv: list[str]) -> str | None | bool:
    """The library path when ``argv`` just opens the desk (``[--db PATH]``), else False.

    Opening the desk is the common start; it skips importing every command (and
    httpx with them) so the window paints sooner.
    """
    if not argv:
        return None
    if len(argv) == 2 and argv[0] == "--db":
        return argv[1]
    if len(argv) == 1 and argv[0].startswith("--db="):
        return argv[0].split("=", 1)[1]
    return False


def build_parser() -> argparse.ArgumentParser:
    from app.commands import COMMAND_MODULES

    parser = argparse.ArgumentParser(
        prog="copydesk",
        description="Review AI-generated stories against the sources they cite.",
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", default=None,
        help="library file (default: $COPYDESK_DB or the user data directory)",
    )
    parser.add_argument(
        "--self-test", action="store_true",
        help="check that this installation works (offscreen), then exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    desk_library = _desk_only(argv)
    if desk_library is not False:
        from ui.main import run_desk

        return run_desk(desk_library or None, None)  # type: ignore[arg-type]
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse's usage errors are bad input: exit 2
        return int(exit_.code or 0)
    if args.self_test:
        from ui.selftest import run_self_test

        return run_self_test()
    if not args.command:
        from ui.main import run_desk

        return run_desk(args.db, None)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("copydesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except CopydeskError as error:  # a command that let one through: still one line
        print(f"copydesk: {error}", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error) as error:
        # Last resort for the file system or the database failing under a command:
        # one line for the user, the traceback in the log for whoever debugs it.
        logging.getLogger("copydesk").debug("command failed", exc_info=True)
        where = getattr(error, "filename", None)
        reason = getattr(error, "strerror", None) or str(error)
        print(f"copydesk: {where + ': ' if where else ''}{reason}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
