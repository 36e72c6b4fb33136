"""Subcommands of ``copydesk``. Each module has ``register(subparsers)``.

``COMMANDS`` names the module of each command, so that ``copydesk list`` imports the
stories module alone; ``command_modules()`` imports them all (for ``--help``). To
add a command, add it to ``COMMANDS`` and its module to ``command_modules``, whose
import statements are explicit so a frozen build (PyInstaller) sees every module.
"""

from __future__ import annotations

import importlib
from types import ModuleType

COMMANDS = {
    "check": "stories", "import": "stories", "list": "stories", "open": "stories",
    "fetch": "sources", "attach": "sources",
    "review": "review", "whoami": "review", "rules": "review", "edit": "edit",
    "audit": "audit", "reviewer": "audit",
    "target": "publish", "export": "publish", "outbox": "publish", "gate": "publish",
    "report": "publish",
    "policy": "policy",
    "newsroom": "newsroom", "sync": "newsroom", "assign": "newsroom", "assigned": "newsroom",
    "comment": "newsroom", "comments": "newsroom", "lock": "newsroom",
}


def command_modules(command: str | None = None) -> list[ModuleType]:
    """The module that registers ``command``; every command module when ``command``
    is None or names no command (argparse then lists the commands)."""
    if command in COMMANDS:
        return [importlib.import_module(f"app.commands.{COMMANDS[command]}")]
    from app.commands import audit, edit, newsroom, policy, publish, review, sources, stories

    return [stories, sources, review, edit, audit, publish, policy, newsroom]


def __getattr__(name: str) -> list[ModuleType]:
    if name == "COMMAND_MODULES":  # every command module, imported on first use
        return command_modules()
    raise AttributeError(name)
