"""Readers turn source text into a neutral Document; READERS is the registry, detect() picks one."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from validator.diagnostics import Diagnostics
from validator.document import Document
from validator.requirements import DependencyError, check_floor, upgrade_hint


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


READERS = ("asciidoc", "rst", "text")  # module names under validator.readers, in detection order
NEEDS = {"rst": ("docutils", "the reStructuredText reader")}  # reader → (package, what)
_LOADED: tuple[Reader, ...] = ()


def load_readers() -> tuple[Reader, ...]:
    """Every reader, imported; DependencyError (naming the package and version to install) when one
    cannot start."""
    global _LOADED
    if not _LOADED:
        _LOADED = tuple(_load(name) for name in READERS)
    return _LOADED


def _load(name: str) -> Reader:
    package, what = NEEDS.get(name, ("", f"the {name} reader"))
    if package:
        check_floor(package, what)
    try:
        return importlib.import_module(f"validator.readers.{name}")
    except ImportError as exc:
        if not package:
            raise
        raise DependencyError(upgrade_hint(package, what, f"{type(exc).__name__}: {exc}")) from exc


def _registry() -> tuple[Reader, ...]:
    return load_readers()


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
