"""Bounded memos of short texts: what the tokenizer and the number reader have read."""

from __future__ import annotations

#: Short texts (claims, source sentences) whose tokens and numbers are kept: the same
#: sentences are read for many claims. Bounded in count and length.
KEPT_TEXTS = 4096
KEPT_TEXT_CHARS = 1000


def _keep(kept: dict, key: object, value: object) -> None:
    if len(kept) >= KEPT_TEXTS:
        kept.clear()
    kept[key] = value
