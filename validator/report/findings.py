"""Findings (diagnostics) as text grouped by file with a summary line, or as JSON
(schema: validator/report/findings.schema.json)."""

from __future__ import annotations

import json
from itertools import groupby

from validator.diagnostics import RULES, Diagnostic, Severity

FORMAT_VERSION = 1


def summary(diagnostics: list[Diagnostic]) -> dict[str, int]:
    """Counts by level."""
    levels = [d.level for d in diagnostics]
    return {s.label: levels.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}


def render_text(diagnostics: list[Diagnostic], files: int) -> str:
    """`file:line:col: level: message [code]` lines grouped under each file, then a summary line."""
    lines: list[str] = []
    for path, group in groupby(diagnostics, key=lambda d: d.location.path if d.location else "<input>"):
        lines.append(path)
        for diagnostic in group:
            lines.append("  " + diagnostic.format())
    counts = summary(diagnostics)
    lines.append(f"{files} files checked: {counts['error']} errors, {counts['warning']} warnings, "
                 f"{counts['info']} infos")
    return "\n".join(lines) + "\n"


def to_dict(diagnostic: Diagnostic) -> dict:
    loc = diagnostic.location
    return {
        "code": diagnostic.code,
        "title": RULES[diagnostic.code].title,
        "severity": diagnostic.level.label,
        "message": diagnostic.message,
        "file": loc.path if loc else None,
        "line": loc.line if loc else None,
        "column": loc.column if loc else None,
        "expected": diagnostic.expected,
        "found": diagnostic.found,
        "related": [{"file": r.path, "line": r.line, "column": r.column} for r in diagnostic.related],
    }


def render_json(diagnostics: list[Diagnostic], files: int) -> str:
    """The findings as one JSON document (stable key order, no timestamps)."""
    document = {"version": FORMAT_VERSION, "tool": "doccontract", "files": files,
                "summary": summary(diagnostics), "findings": [to_dict(d) for d in diagnostics]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
