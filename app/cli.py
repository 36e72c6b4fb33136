"""``copydesk``: the command line, on the same core as the window.

A command imports only its own module (and, when it runs, what it needs): the
answer to ``copydesk --version`` or ``copydesk list`` should not wait for the HTTP
client, the scorer or the publishing code.
"""

from __future__ import annotations

import argparse
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


def _command_in(argv: list[str]) -> str | None:
    """The subcommand ``argv`` names (its first word that is not an option), if any."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: with only the module of the command it names, or with
    every command (for ``--help``, or a word that is no command, to list them)."""
    from app.commands import command_modules

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
    if argv is None:
        modules = command_modules()
    else:
        command = _command_in(argv)
        asks_help = "-h" in argv or "--help" in argv
        modules = command_modules(command) if command or asks_help else []
    for module in modules:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    desk_library = _desk_only(argv)
    if desk_library is not False:
        from ui.main import run_desk

        return run_desk(desk_library or None, None)  # type: ignore[arg-type]
    parser = build_parser(argv)
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
    except Exception as error:
        import logging

        sqlite3 = sys.modules.get("sqlite3")  # imported by the commands that use it
        if not (isinstance(error, OSError)
                or (sqlite3 is not None and isinstance(error, sqlite3.Error))):
            # a bug of ours: still one line for the user (each write is one transaction,
            # so none is left half-done), the traceback for whoever debugs it
            logging.getLogger("copydesk").debug("command failed", exc_info=True)
            print(f"copydesk: internal error ({type(error).__name__}: {error})",
                  file=sys.stderr)
            return 2
        # Last resort for the file system or the database failing under a command:
        # one line for the user, the traceback in the log for whoever debugs it.
        logging.getLogger("copydesk").debug("command failed", exc_info=True)
        where = getattr(error, "filename", None)
        reason = getattr(error, "strerror", None) or str(error)
        print(f"copydesk: {where + ': ' if where else ''}{reason}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
