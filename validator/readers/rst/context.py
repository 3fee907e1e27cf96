"""What the docutils stand-ins of one parse need: where includes may come from and where problems go."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils.parsers.rst import Directive

from validator.diagnostics import Diagnostics
from validator.model import Location
from validator.readers.confine import shown_beside
from validator.readers.limits import MAX_INLINE_FAILURES, MAX_INLINE_STARTS, MAX_NESTED_PARSES, Budget


@dataclass
class Context:
    """The state of one read, attached to the docutils document as ``document.doccontract``."""

    shown: str
    source: str
    roots: tuple[Path, ...]
    diagnostics: Diagnostics
    sources: dict[str, list[str]] = field(default_factory=dict)  # source → its lines (section underlines)
    search: tuple[Path, ...] = ()  # further directories an include target may be found in
    loaded: dict[str, Any] = field(default_factory=dict)  # data files read once per page (parameters.yaml)
    included: list[str] = field(default_factory=list)  # the files included as text (resolved paths)
    inline_starts: Budget = field(default_factory=lambda: Budget(MAX_INLINE_STARTS))  # see inline.py
    inline_failures: Budget = field(default_factory=lambda: Budget(MAX_INLINE_FAILURES))  # see inline.py
    nested_parses: Budget = field(default_factory=lambda: Budget(MAX_NESTED_PARSES))  # see hooks.py
    limits_reported: set[str] = field(default_factory=set)  # why the page's read.markup-limit was reported

    def where(self, source: str | None, line: int | None) -> Location:
        """The Location of ``line`` in ``source`` (the page itself or a file it includes)."""
        if not source or source == self.source:
            return Location(self.shown, max(int(line or 1), 1))
        return Location(shown_beside(self.shown, self.source, source), max(int(line or 1), 1))


def context_of(directive: Directive) -> Context | None:
    """The read a directive runs in (None for documents other code parses with docutils)."""
    return getattr(directive.state.document, "doccontract", None)


def directive_location(directive: Directive) -> Location:
    """Where a directive starts, in its own file."""
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    return context_of(directive).where(source, line)
