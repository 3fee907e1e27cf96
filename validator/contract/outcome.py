"""The contract-test outcome model: per operation, per check, passed / failed / not applicable / not
exercised, with the failing requests (as curl, credentials masked) and the doc line each check rests on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validator.model import Location

PASSED, FAILED, NOT_APPLICABLE, NOT_EXERCISED = "passed", "failed", "not_applicable", "not_exercised"
# verdict classes of a finding: the server contradicts the docs; the docs contradict themselves; the tester
# could not establish the precondition (such a finding never fails a check)
SERVER_DEVIATION, DOC_DEFECT, INCONCLUSIVE = "server-deviation", "doc-defect", "inconclusive"

CHECK_HELP = {
    "not_a_server_error": "no 5xx answer to any request (schemathesis)",
    "documented_status": "every 2xx answer is a documented status (undocumented 4xx to invalid input are allowed)",
    "content_type_conformance": "documented Content-Type of documented responses (schemathesis)",
    "response_schema_conformance": "documented responses match their documented schema (schemathesis)",
    "response_headers_conformance": "documented response headers are present and valid (schemathesis), and a "
                                    "429 carries the Retry-After the docs promise",
    "negative_data_rejection": "schemathesis' invalid requests are rejected with 4xx (schemathesis)",
    "doc_examples": "the docs' example requests succeed; their documented responses' status, shape and "
                    "defaults are what the server answers",
    "doc_story": "the page's examples replayed in page order as one story on resources this run created: "
                 "each succeeds and sees the state the earlier ones left",
    "doc_constraints": "values outside a documented pattern, length, range, enum or time unit, and absent "
                       "required members (parameters and body members at any depth) are rejected with 4xx",
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
    verdict: str = SERVER_DEVIATION
    how: list[str] = field(default_factory=list)  # how it was reached: prerequisites, baseline ("curl … → 201")
    status: int | None = None  # the status of the answer it rests on, where the run's identity matters (401)


@dataclass
class CheckResult:
    name: str
    status: str = NOT_EXERCISED
    passed: int = 0
    failed: int = 0
    findings: list[Finding] = field(default_factory=list)
    source: Location | None = None
    reason: str = ""  # why the check is not_exercised or not_applicable
    doc_defects: int = 0

    def record(self, ok: bool, finding: Finding | None = None) -> None:
        """Count one application of the check (and keep the first few findings). A doc-defect finding does
        not fail the check; an inconclusive one leaves it not exercised unless something else ran."""
        verdict = finding.verdict if finding is not None else SERVER_DEVIATION
        if ok:
            self.passed += 1
        elif verdict == SERVER_DEVIATION:
            self.failed += 1
        elif verdict == DOC_DEFECT:
            self.doc_defects += 1
        if not ok and finding is not None and len(self.findings) < 5 and finding not in self.findings:
            self.findings.append(finding)
        if not ok and verdict != SERVER_DEVIATION and not self.reason:
            self.reason = finding.message if finding is not None else "precondition not established"
        self.status = FAILED if self.failed else PASSED if self.passed else NOT_EXERCISED

    def reclassify(self, verdict: str, evidence: str) -> None:
        """The server-deviation failures were reached through a statement the docs contradict themselves
        (``evidence`` says how): they become ``verdict`` findings and no longer fail the check."""
        if not self.failed:
            return
        for finding in self.findings:
            if finding.verdict == SERVER_DEVIATION:
                finding.verdict, finding.how = verdict, [evidence, *finding.how]
        if verdict == DOC_DEFECT:
            self.doc_defects += self.failed
        self.failed = 0
        self.reason = self.reason or evidence
        self.status = PASSED if self.passed else NOT_EXERCISED

    def skip(self, status: str, reason: str) -> None:
        """Mark the check not_applicable / not_exercised (when nothing else was recorded)."""
        if not (self.passed or self.failed or self.doc_defects):
            self.status, self.reason = status, reason


# checks that pass on refused requests too: an operation only they passed was not exercised
ON_REFUSALS = frozenset({"not_a_server_error", "negative_data_rejection", "documented_status"})


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
        """failed when a check failed; error when it could not be tested; skipped when nothing applied or
        only the checks that hold on refusals passed (no request reached the operation's success)."""
        if any(c.status == FAILED for c in self.checks.values()):
            return "failed"
        if self.error:
            return "error"
        if not any(c.status == PASSED and c.name not in ON_REFUSALS for c in self.checks.values()):
            return "skipped"
        return "passed"

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class Progress:
    """What a contract run has done so far, for a progress display: the latest step, the requests sent
    and the operations failing until now."""

    message: str
    requests: int = 0
    failures: int = 0


@dataclass
class Excluded:
    label: str
    reason: str  # "disruptive: …" or "--exclude-operation …"
    source: Location | None = None


@dataclass
class ContractResult:
    base_url: str  # user info masked
    operations: list[OperationResult]
    reason: str = ""  # why the run could not judge (unreachable, died, nothing exercised)
    requests: int = 0
    seconds: float = 0.0
    spec_title: str = ""
    excluded: list[Excluded] = field(default_factory=list)
    server_gone: str = ""  # "the server stopped answering after <curl>" (exit 3)
    liveness: str = "ok"  # "ok" | "unreachable" (never answered) | "died" (stopped answering)
    last_request: str = ""  # when died: the curl of the last request the server answered, or the unanswered one
    exercised: bool = True  # some request succeeded
    prerequisite_requests: int = 0  # requests spent creating and cleaning up prerequisites
    identity_refused: str = ""  # why the run's own credentials count as not accepted ("" when they were)
    left_behind: list[str] = field(default_factory=list)  # what the run created and could not delete (and why)

    def findings(self, verdict: str) -> list[tuple[OperationResult, CheckResult, Finding]]:
        """Every finding of one verdict class, in operation order."""
        return [(op, check, finding) for op in self.operations for check in op.checks.values()
                for finding in check.findings if finding.verdict == verdict]
