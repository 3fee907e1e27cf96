"""Readers turn source text into a neutral Document; READERS is the registry, detect() picks one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from validator.diagnostics import Diagnostics
from validator.document import Document


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may consult besides the text: attributes and where includes may come from."""

    attributes: dict[str, str] = field(default_factory=dict)
    include_paths: tuple[Path, ...] = ()  # extra directories searched for include targets
    roots: tuple[Path, ...] = ()  # includes must resolve inside one of these


class Reader(Protocol):
    NAME: str

    def sniff(self, text: str, path: Path) -> int:
        """A confidence score (0 = not this syntax) that ``text`` is written in this syntax."""

    def read(self, text: str, path: Path, shown: str, options: ReadOptions,
             diagnostics: Diagnostics) -> Document:
        """Parse ``text`` (from ``path``, shown as ``shown``) into a Document. Total: never raises
        on bad input; what it cannot understand becomes a diagnostic."""


def _registry() -> tuple[Reader, ...]:
    from validator.readers import asciidoc, rst, text

    return (asciidoc, rst, text)


def reader_named(name: str) -> Reader:
    """The reader whose NAME is ``name``."""
    for reader in _registry():
        if reader.NAME == name:
            return reader
    raise KeyError(name)


def detect(text: str, path: Path) -> Reader:
    """The reader most confident about ``text``; rendered text is the fallback."""
    scored = [(reader.sniff(text, path), -i, reader) for i, reader in enumerate(_registry())]
    best = max(scored, key=lambda t: (t[0], t[1]))
    return best[2] if best[0] > 0 else reader_named("text")
