"""Prose split into sentences, the unit every prose rule reads."""

from __future__ import annotations

import re

from validator.model import MAX_MINED_PROSE

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*(\"'])|\n+")


def sentences(text: str) -> list[str]:
    """Split prose (its first MAX_MINED_PROSE characters) into sentences; a sentence ending in ':' keeps
    the list lines that follow it."""
    out: list[str] = []
    for part in (s.strip() for s in SENTENCE.split(mined(text))):
        if not part:
            continue
        if out and (out[-1].endswith((":", "：")) or "\n" in out[-1] or out[-1].startswith("- ")) \
                and part.startswith("- "):  # consecutive list lines stay together (enums from bullet lists)
            out[-1] += "\n" + part
            continue
        out.append(part)
    return out


def mined(text: str) -> str:
    """The part of ``text`` the prose rules read: its first MAX_MINED_PROSE characters."""
    return text[:MAX_MINED_PROSE]
