"""Documentation self-consistency: runs every rule family over extracted operations and the spec the
pipeline built from them, then applies inline suppressions and the configured severities."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from validator.config import Config
from validator.diagnostics import Diagnostic, Diagnostics
from validator.document import Comment, Document, Section, walk
from validator.lint.examples import iter_example_findings
from validator.lint.rules import iter_operation_findings, iter_parameter_findings

__all__ = ["inline_suppressions", "lint"]

IGNORE = re.compile(r"^\.?\.?\s*doccontract-ignore:?\s+(.*)$")


def lint(extraction: Any, spec: dict[str, Any], config: Config) -> Diagnostics:
    """Extraction diagnostics plus every lint finding, suppressed and re-levelled as configured.
    ``extraction`` is the pipeline's Extraction (operations, documents, diagnostics); ``spec`` the
    OpenAPI document the pipeline built from its operations."""
    found: list[Diagnostic] = list(extraction.diagnostics.items)
    found.extend(iter_parameter_findings(extraction.operations))
    found.extend(iter_operation_findings(extraction.operations))
    found.extend(iter_example_findings(extraction.operations, spec))
    suppressed = inline_suppressions(extraction.documents)
    out = Diagnostics()
    for diagnostic in found:
        if _suppressed(diagnostic, suppressed):
            continue
        kept = config.apply(diagnostic)
        if kept is not None:
            out.items.append(kept)
    return out


def inline_suppressions(documents: Iterable[Document]) -> list[tuple[str, int, int, set[str]]]:
    """(path, first line, last line, codes): a `doccontract-ignore CODE` comment covers the next block."""
    out = []
    for document in documents:
        blocks = [b for b in walk(document.blocks) if not isinstance(b, Section)]
        for index, block in enumerate(blocks):
            match = IGNORE.match(block.text.strip()) if isinstance(block, Comment) else None
            if not match:
                continue
            following = [b for b in blocks[index + 1:] if b.location.path == block.location.path]
            start = following[0].location.line if following else block.location.line
            end = following[1].location.line - 1 if len(following) > 1 else 10**9
            out.append((block.location.path, start, max(start, end), set(re.split(r"[\s,]+", match.group(1).strip()))))
    return out


def _suppressed(diagnostic: Diagnostic, suppressions: list) -> bool:
    loc = diagnostic.location
    return loc is not None and any(path == loc.path and start <= loc.line <= end and diagnostic.code in codes
                                   for path, start, end, codes in suppressions)
