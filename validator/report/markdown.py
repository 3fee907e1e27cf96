"""Markdown for a pull-request comment. Nothing from servers or docs is raw: inline text is escaped like
HTML (entities) plus Markdown syntax, requests sit in HTML <pre> blocks with escaped content."""

from __future__ import annotations

from validator.diagnostics import VERDICTS, Diagnostic
from validator.report.escape import block_markdown
from validator.report.escape import inline_markdown as md
from validator.report.model import Report

__all__ = ["render_markdown"]

CLASS_TITLES = {"server-deviation": "Server deviations", "doc-defect": "Documentation defects",
                "inconclusive": "Inconclusive", "": "Findings"}


def _where(diagnostic: Diagnostic) -> str:
    return md(str(diagnostic.location)) if diagnostic.location else "–"


def _item(diagnostic: Diagnostic) -> list[str]:
    head = f"- **{md(diagnostic.subject)}** · " if diagnostic.subject else "- "
    lines = [f"{head}{md(diagnostic.code)} · {diagnostic.level.label} · at {_where(diagnostic)}: "
             f"{md(diagnostic.message)}"]
    if diagnostic.expected or diagnostic.found:
        lines[0] += f" (expected {md(diagnostic.expected or '?')}; found {md(diagnostic.found or '?')})"
    if diagnostic.how:
        lines.append(f"  <br>how: {md(diagnostic.how)}")
    if diagnostic.request:
        lines += ["", block_markdown(diagnostic.request), ""]
    return lines


def _operations(report: Report) -> list[str]:
    lines = ["| Operation | Status | Failed checks | Documented at |", "|---|---|---|---|"]
    for op in report.run.operations:
        failed = ", ".join(md(c.name) for c in op.checks if c.status == "failed") or "–"
        where = md(str(op.location)) if op.location else "–"
        lines.append(f"| {md(op.label)} | {md(op.status)} | {failed} | {where} |")
    unexercised = [f"- {md(op.label)} · {md(c.name)}: {md(c.reason)}" for op, c in report.run.not_exercised()]
    return lines + (["", "### Not exercised", "", *unexercised] if unexercised else [])


def render_markdown(report: Report) -> str:
    """A summary, the operation table of a contract run, then the findings grouped by verdict class."""
    lines = [f"## doccontract {md(report.command)}: {md(report.verdict())}", ""]
    if report.run is not None:
        lines += [f"Server {md(report.run.base_url)} against *{md(report.run.spec_title)}*; "
                  f"{report.run.requests} requests.", ""] + _operations(report)
    for verdict in (*VERDICTS, ""):
        group = [d for d in report.diagnostics if d.verdict == verdict]
        if group:
            lines += ["", f"### {CLASS_TITLES[verdict]}", ""]
            for diagnostic in group:
                lines += _item(diagnostic)
    return "\n".join(lines).rstrip() + "\n"
