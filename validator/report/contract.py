"""Contract outcomes → the one result model: each failure becomes a Diagnostic of its check's RULES code
(``contract.<check>``) at the doc line that made the promise, with the request as curl, the verdict class
and how it was reached; run-level facts (unreachable, died, nothing exercised) become diagnostics too."""

from __future__ import annotations

from validator.diagnostics import RULES, VERDICTS, Diagnostic, Severity
from validator.model import Location
from validator.report.model import CheckRow, ContractRun, OperationRow, Report

__all__ = ["check_code", "contract_report"]

_RUN_CODES = {"unreachable": "contract.unreachable", "died": "contract.server-died"}


def check_code(name: str) -> str:
    """The RULES code of a contract check (``documented_status`` → ``contract.documented-status``)."""
    code = "contract." + name.replace("_", "-")
    return code if code in RULES else "contract.check"


def _location(source: object) -> Location | None:
    return source if isinstance(source, Location) else None


def _verdict(finding) -> str:
    return finding.verdict if finding.verdict in VERDICTS else "inconclusive"


def _findings(op, check, where: Location | None) -> list[Diagnostic]:
    out = []
    for finding in check.findings:
        verdict = _verdict(finding)
        out.append(Diagnostic(check_code(check.name), finding.message, _location(finding.source) or where,
                              VERDICTS[verdict], subject=op.label, request=finding.request, verdict=verdict,
                              how="; ".join(finding.how)))  # the steps that led to it ("curl … → 201; …")
    return out


def _run_condition(result) -> Diagnostic | None:
    if result.server_gone:
        return Diagnostic("contract.server-died", result.server_gone, request=result.last_request)
    if result.liveness in _RUN_CODES:
        reason = result.reason or f"server {result.liveness} at {result.base_url}"
        return Diagnostic(_RUN_CODES[result.liveness], reason, request=result.last_request)
    if not result.exercised:
        return Diagnostic("contract.nothing-exercised", result.reason or "nothing was exercised")
    return None


def contract_report(result, fail_on: Severity = Severity.ERROR, secrets: tuple[str, ...] = ()) -> Report:
    """The Report of a ContractResult (validator.contract.outcome)."""
    diagnostics: list[Diagnostic] = []
    rows = []
    for op in result.operations:
        where = _location(op.source)
        checks = sorted(op.checks.values(), key=lambda c: c.name)
        for check in checks:
            diagnostics += _findings(op, check, _location(check.source) or where)
        if op.error:
            diagnostics.append(Diagnostic("contract.operation-error", op.error, where, subject=op.label))
        rows.append(OperationRow(op.method, op.path, op.operation_id, op.status, where, op.error, tuple(
            CheckRow(c.name, c.status, c.passed, c.failed, _location(c.source) or where, _describe(c.name),
                     c.reason if c.status in ("not_applicable", "not_exercised") else "") for c in checks)))
    for excluded in result.excluded:
        diagnostics.append(Diagnostic("contract.excluded", f"not tested: {excluded.reason}",
                                      _location(excluded.source), subject=excluded.label))
    for url in result.left_behind:
        diagnostics.append(Diagnostic("contract.left-behind", f"created by the run and not deleted: {url}"))
    if result.identity_refused:
        diagnostics.append(Diagnostic("contract.identity-refused", result.identity_refused))
    condition = _run_condition(result)
    if condition is not None:
        diagnostics.append(condition)
    run = ContractRun(result.base_url, result.spec_title, result.requests, tuple(rows))
    return Report("test", diagnostics, 1, fail_on, run, secrets)


def _describe(name: str) -> str:
    from validator.contract.outcome import CHECK_HELP

    return CHECK_HELP.get(name, "")
