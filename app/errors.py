"""Errors the core raises for a person to read, never a traceback."""

from __future__ import annotations


class CopydeskError(Exception):
    """Base of errors whose message is meant for the user as is."""


class InputError(CopydeskError):
    """A story file that cannot be read: names the file and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotFoundError(CopydeskError):
    """A story id or reference that the library does not hold."""
