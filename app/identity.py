"""Who is deciding: the reviewer's name on every audit event.

The name belongs to the person, not to the library (two people may share one library
file), so it is kept in the user's config directory where the window and the command
line both read it. Order of precedence: an explicit name (``--as NAME``), then
``$COPYDESK_REVIEWER``, then the configured name, then the OS user name.

The name alone is identification, not authentication: anyone can type another name.
Authentication is the reviewer's key (app/reviewers.py, docs/audit.md): a decision is
signed with the key registered for the name, which lives in one desk's keyring, so a
name typed on another desk is refused. The audit log also records the OS account each
event was made from.
"""

from __future__ import annotations

import getpass
import json
import os
import unicodedata
from pathlib import Path

import platformdirs

from app.errors import CopydeskError

MAX_NAME_LENGTH = 80


class IdentityError(CopydeskError):
    """A reviewer name that cannot be used."""


def config_path() -> Path:
    return Path(platformdirs.user_config_dir("copydesk", appauthor=False)) / "reviewer.json"


def os_user() -> str:
    """The OS account running Copydesk: from the user database where there is one
    (``$USER`` and ``$LOGNAME`` are set to anything in one line), else the login name."""
    try:
        import pwd  # POSIX only

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers and services
        return "unknown"


def clean_name(name: str) -> str:
    """A name as recorded: trimmed, inner whitespace collapsed, no control characters."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise IdentityError("a reviewer name cannot be empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise IdentityError(f"a reviewer name is at most {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise IdentityError("a reviewer name cannot contain control characters")
    return cleaned


def same_reviewer(a: str, b: str) -> bool:
    """``Alice`` and ``alice`` are one person for the four-eyes rule."""
    return clean_name(a).casefold() == clean_name(b).casefold()


def configured_name(path: Path | None = None) -> str | None:
    """The name saved with ``set_reviewer_name``, or None when none was saved yet.

    The window asks once when this is None.
    """
    path = path or config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return clean_name(data["name"])
    except (OSError, ValueError, KeyError, TypeError, IdentityError):
        return None


def set_reviewer_name(name: str, path: Path | None = None) -> str:
    """Save the reviewer's name for this OS user; returns the name as recorded."""
    cleaned = clean_name(name)
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"name": cleaned}, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)  # never leave a half-written name behind
    return cleaned


def reviewer_name(explicit: str | None = None, path: Path | None = None) -> str:
    """The name to record on an event."""
    if explicit is not None:
        return clean_name(explicit)
    env = os.environ.get("COPYDESK_REVIEWER", "")
    if env.strip():
        return clean_name(env)
    return configured_name(path) or clean_name(os_user())
