"""The JSON format of every command (schema: validator/report/report.schema.json), and its inverse for
`doccontract report merge`."""

from __future__ import annotations

import json
from typing import Any

from validator.diagnostics import RULES, Diagnostic, Severity
from validator.model import Location
from validator.report.model import CheckRow, ContractRun, OperationRow, Report

__all__ = ["FORMAT_VERSION", "from_dict", "render_json", "to_dict"]

FORMAT_VERSION = 2


def _where(location: Location | None) -> dict[str, Any]:
    return {"file": location.path if location else None, "line": location.line if location else None,
            "column": location.column if location else None}


def _finding(diagnostic: Diagnostic) -> dict[str, Any]:
    return {"code": diagnostic.code, "title": RULES[diagnostic.code].title, "severity": diagnostic.level.label,
            "message": diagnostic.message, **_where(diagnostic.location), "expected": diagnostic.expected,
            "found": diagnostic.found,
            "related": [{"file": r.path, "line": r.line, "column": r.column} for r in diagnostic.related],
            "operation": diagnostic.subject, "request": diagnostic.request, "verdict": diagnostic.verdict,
            "how": diagnostic.how}


def _operation(op: OperationRow) -> dict[str, Any]:
    return {"method": op.method.upper(), "path": op.path, "operationId": op.operation_id, "status": op.status,
            **_where(op.location), "error": op.error,
            "checks": [{"name": c.name, "status": c.status, "description": c.description, "passed": c.passed,
                        "failed": c.failed, **_where(c.location), "reason": c.reason} for c in op.checks]}


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain data: one shape for lint, validate and test."""
    run = report.run
    return {"version": FORMAT_VERSION, "tool": "doccontract", "command": report.command,
            "exit_code": report.exit_code, "fail_on": report.fail_on.label, "verdict": report.verdict(),
            "files": report.files, "summary": report.summary(),
            "findings": [_finding(d) for d in report.diagnostics],
            "server": {"base_url": run.base_url, "spec": run.spec_title, "requests": run.requests} if run else None,
            "operations": [_operation(op) for op in run.operations] if run else []}


def render_json(report: Report) -> str:
    """One JSON document (stable key order, no timestamps)."""
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


def _location(data: dict[str, Any]) -> Location | None:
    return Location(data["file"], data["line"] or 1, data.get("column") or 1) if data.get("file") else None


def _diagnostic(data: dict[str, Any]) -> Diagnostic:
    return Diagnostic(data["code"], data["message"], _location(data), Severity.parse(data["severity"]),
                      data["expected"], data["found"],
                      tuple(Location(r["file"], r["line"], r["column"]) for r in data["related"]),
                      data["operation"], data["request"], data["verdict"], data["how"])


def from_dict(data: dict[str, Any]) -> Report:
    """The Report a to_dict() document describes (raises KeyError/TypeError/ValueError on other data)."""
    if data.get("tool") != "doccontract" or data.get("version") != FORMAT_VERSION:
        raise ValueError(f"not a doccontract report of format version {FORMAT_VERSION}")
    run = None
    if data["server"] is not None:
        operations = tuple(
            OperationRow(op["method"], op["path"], op["operationId"], op["status"], _location(op), op["error"],
                         tuple(CheckRow(c["name"], c["status"], c["passed"], c["failed"], _location(c),
                                        c["description"], c.get("reason", "")) for c in op["checks"]))
            for op in data["operations"])
        run = ContractRun(data["server"]["base_url"], data["server"]["spec"], data["server"]["requests"], operations)
    return Report(data["command"], [_diagnostic(f) for f in data["findings"]], data["files"],
                  Severity.parse(data["fail_on"]), run)
