"""The text format of every command: diagnostics grouped by file, one line each, the operations of a
contract run, and a verdict line."""

from __future__ import annotations

from itertools import groupby

from validator.report.model import Report

__all__ = ["render_text"]


def render_text(report: Report) -> str:
    """`file:line:col: level: message [code]` lines grouped under each file, then the verdict line."""
    lines: list[str] = []
    if report.run is not None:
        for op in report.run.operations:
            lines.append(f"{op.status:>8}  {op.label}")
            lines += [f"          {c.name} not exercised: {c.reason}" for _, c in report.run.not_exercised(op)]
    for path, group in groupby(report.diagnostics, key=lambda d: d.location.path if d.location else "<input>"):
        lines.append(path)
        for diagnostic in group:
            lines.append("  " + diagnostic.format())
            if diagnostic.request:
                lines.append("    " + diagnostic.request.replace("\n", " "))
    lines.append(report.verdict())
    return "\n".join(lines) + "\n"
