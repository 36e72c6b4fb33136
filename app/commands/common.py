"""What every subcommand shares: the library it works on and how it reports errors."""

from __future__ import annotations

import argparse
import sys

from app.library import Library

EXIT_OK, EXIT_BLOCKERS, EXIT_BAD_INPUT = 0, 1, 2
EXIT_REFUSED = 1  # the input was fine, but the library's state or rules say no


def open_library(args: argparse.Namespace) -> Library:
    return Library(args.db)


def fail(message: str) -> int:
    """Print ``copydesk: message`` on stderr and return the bad-input exit code."""
    print(f"copydesk: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def refuse(message: str) -> int:
    """Print ``copydesk: message`` on stderr and return the refused exit code."""
    print(f"copydesk: {message}", file=sys.stderr)
    return EXIT_REFUSED
