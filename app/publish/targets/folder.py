"""The folder target: Markdown, a standalone HTML page and the manifest, per story.

Files land in ``<root>/<slug>/``. Each is written to a temporary name, flushed to disk
and renamed into place, and the manifest goes last: a folder with a manifest is a
complete export. Writing the same story again overwrites the same folder, so a
repeated delivery cannot leave a second copy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from app.publish.targets.base import Delivery, DeliveryError, TargetConfig


def folder_root(url: str) -> Path:
    path = url[len("file://"):] if url.startswith("file://") else url
    return Path(path).expanduser()


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class FolderTarget:
    def __init__(self, config: TargetConfig) -> None:
        self.config = config
        self.root = folder_root(config.url)

    def deliver(self, payload: dict[str, Any], known_remote_id: str = "") -> Delivery:
        folder = self.root / payload["slug"]
        existed = (folder / "manifest.json").exists()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(folder / "story.md", payload["story_markdown"])
            _write_atomically(folder / "story.html", payload["page"])
            _write_atomically(
                folder / "manifest.json",
                json.dumps(payload["manifest"], ensure_ascii=False, indent=2) + "\n",
            )
            directory = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        except OSError as error:
            # A full disk or a missing mount: the reviewer has to act, retrying won't help.
            raise DeliveryError(
                "rejected", f"could not write to {folder}: {error.strerror or error}"
            ) from None
        return Delivery(str(folder), (folder / "story.html").resolve().as_uri(),
                        "updated" if existed else "created")

    def test(self) -> str:
        root = self.root
        if root.exists() and not root.is_dir():
            raise DeliveryError("rejected", f"{root} is a file, not a folder")
        try:
            root.mkdir(parents=True, exist_ok=True)
            probe = root / ".copydesk-write-test"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
        except OSError as error:
            raise DeliveryError("rejected",
                                f"cannot write to {root}: {error.strerror or error}") from None
        return f"folder {root} is writable"
