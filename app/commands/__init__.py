"""Subcommands of ``copydesk``. Each module has ``register(subparsers)``.

To add a command, add its module to ``COMMAND_MODULES``; the list is explicit so a
frozen build (PyInstaller) sees every import.
"""

from app.commands import audit, policy, publish, review, sources, stories

COMMAND_MODULES = [stories, sources, review, audit, publish, policy]
