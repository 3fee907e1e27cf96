"""`doccontract report merge`: shard reports (report.json) combined into one report with one exit code."""

from __future__ import annotations

from validator.diagnostics import Severity
from validator.report.model import ContractRun, Report

__all__ = ["merge_reports"]


def merge_reports(reports: list[Report], fail_on: Severity = Severity.ERROR) -> Report:
    """Every finding and every operation of ``reports``; the exit code follows from the merged findings."""
    runs = [r.run for r in reports if r.run is not None]
    run = None
    if runs:
        operations = sorted((op for r in runs for op in r.operations), key=lambda op: (op.path, op.method))
        run = ContractRun(", ".join(sorted({r.base_url for r in runs})),
                          ", ".join(sorted({r.spec_title for r in runs if r.spec_title})),
                          sum(r.requests for r in runs), tuple(operations))
    commands = {r.command for r in reports}
    command = commands.pop() if len(commands) == 1 else "merge"
    return Report(command, [d for r in reports for d in r.diagnostics], sum(r.files for r in reports), fail_on, run)
