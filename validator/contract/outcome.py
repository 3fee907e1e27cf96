"""The contract-test outcome model: per operation, per check, passed / failed / not applicable / not
exercised, with the failing requests (as curl, credentials masked) and the doc line each check rests on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validator.model import Location

PASSED, FAILED, NOT_APPLICABLE, NOT_EXERCISED = "passed", "failed", "not_applicable", "not_exercised"

CHECK_HELP = {
    "not_a_server_error": "no 5xx answer to any request (schemathesis)",
    "documented_status": "every 2xx answer is a documented status (undocumented 4xx to invalid input are allowed)",
    "content_type_conformance": "documented Content-Type of documented responses (schemathesis)",
    "response_schema_conformance": "documented responses match their documented schema (schemathesis)",
    "response_headers_conformance": "documented response headers are present and valid (schemathesis)",
    "negative_data_rejection": "schemathesis' invalid requests are rejected with 4xx (schemathesis)",
    "doc_examples": "the docs' example requests succeed; their documented responses' status, shape and "
                    "defaults are what the server answers",
    "doc_constraints": "values outside a documented pattern, length, range, enum or time unit are rejected "
                       "with 4xx",
    "privileges": "without credentials 401/403, with an unprivileged user 403, with --auth neither",
    "lifecycle": "the documented lifecycle (linked operations) can be run through and repeated",
}


def doc_location(node: Any) -> Location | None:
    """The doc line (``x-source``) of a spec node, if it has one."""
    source = node.get("x-source") if isinstance(node, dict) else None
    if not isinstance(source, dict) or "file" not in source:
        return None
    return Location(str(source["file"]), int(source.get("line", 1)), int(source.get("column", 1)))


@dataclass
class Finding:
    message: str
    request: str = ""  # curl command, credentials masked
    source: Location | None = None  # the doc line of the statement checked


@dataclass
class CheckResult:
    name: str
    status: str = NOT_EXERCISED
    passed: int = 0
    failed: int = 0
    findings: list[Finding] = field(default_factory=list)
    source: Location | None = None

    def record(self, ok: bool, finding: Finding | None = None) -> None:
        """Count one application of the check (and keep the first few failures)."""
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            if finding is not None and len(self.findings) < 5 and finding not in self.findings:
                self.findings.append(finding)
        self.status = FAILED if self.failed else PASSED


@dataclass
class OperationResult:
    method: str
    path: str
    operation_id: str
    source: Location | None
    checks: dict[str, CheckResult] = field(default_factory=dict)
    error: str = ""

    def check(self, name: str, source: Location | None = None) -> CheckResult:
        result = self.checks.setdefault(name, CheckResult(name, source=source or self.source))
        return result

    @property
    def status(self) -> str:
        """failed when a check failed; error when it could not be tested; skipped when nothing applied."""
        if any(c.status == FAILED for c in self.checks.values()):
            return "failed"
        if self.error:
            return "error"
        if not any(c.status == PASSED for c in self.checks.values()):
            return "skipped"
        return "passed"

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass
class ContractResult:
    base_url: str
    operations: list[OperationResult]
    exit_code: int = 0
    reason: str = ""
    requests: int = 0
    seconds: float = 0.0
    spec_title: str = ""
