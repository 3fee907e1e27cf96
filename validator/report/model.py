"""The one result model every command returns and every writer renders: a Report of Diagnostics (plus,
for a contract run, the per-operation × per-check table), and the one function that decides the exit code."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from validator.diagnostics import Diagnostic, Severity
from validator.model import Location

__all__ = ["EXIT_CODE_HELP", "CheckRow", "ContractRun", "Exit", "OperationRow", "Report"]


class Exit(enum.IntEnum):
    """The process exit codes (see Report.exit_code for the rule)."""

    CLEAN = 0
    FINDINGS = 1
    USAGE = 2
    UNREACHABLE = 3
    NOTHING_EXERCISED = 4
    INTERNAL = 5


EXIT_CODE_HELP = """exit codes (every subcommand):
  0  clean: no finding at or above --fail-on
  1  findings at or above --fail-on (for test: server deviations; --fail-on doc-defect adds doc defects)
  2  usage, spec or configuration error (test: the credentials were refused everywhere), or an
     input/output that cannot be read or written
  3  server unreachable, or it stopped answering during the run
  4  nothing exercised: no request to the server succeeded
  5  internal error (a bug of doccontract; --debug prints the traceback)"""

# Run-level conditions are diagnostics too; the first row whose codes occur decides (else findings vs --fail-on).
_CONDITIONS: tuple[tuple[Exit, frozenset[str]], ...] = (
    (Exit.INTERNAL, frozenset({"internal.crash"})),
    (Exit.USAGE, frozenset({"usage.error", "contract.identity-refused"})),
    (Exit.UNREACHABLE, frozenset({"contract.unreachable", "contract.server-died"})),
    (Exit.NOTHING_EXERCISED, frozenset({"contract.nothing-exercised"})),
)


@dataclass(frozen=True)
class CheckRow:
    """One check on one operation: passed / failed / not_applicable / not_exercised, and its counts."""

    name: str
    status: str
    passed: int = 0
    failed: int = 0
    location: Location | None = None
    description: str = ""
    reason: str = ""  # why it is not_applicable or not_exercised (the precondition that did not hold)


@dataclass(frozen=True)
class OperationRow:
    """One operation of a contract run with its checks."""

    method: str
    path: str
    operation_id: str = ""
    status: str = "skipped"  # passed / failed / skipped / error
    location: Location | None = None
    error: str = ""
    checks: tuple[CheckRow, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class ContractRun:
    """What a contract run exercised (the findings themselves are the Report's diagnostics)."""

    base_url: str
    spec_title: str = ""
    requests: int = 0
    operations: tuple[OperationRow, ...] = ()

    def not_exercised(self, op: OperationRow | None = None) -> list[tuple[OperationRow, CheckRow]]:
        """(operation, check) of every check not exercised with a stated reason (of ``op`` alone if given)."""
        return [(row, check) for row in (self.operations if op is None else (op,)) for check in row.checks
                if check.status == "not_exercised" and check.reason]


@dataclass
class Report:
    """The result of one command, rendered by every writer, and the only owner of the exit code.

    Exit code rule (in this order, the first that applies):
    5 an internal error occurred (``internal.crash``);
    2 usage, spec or configuration error (``usage.error``; ``contract.identity-refused``: the run's
      credentials were answered 401 everywhere);
    3 the server was unreachable or stopped answering (``contract.unreachable``, ``contract.server-died``);
    4 nothing was exercised (``contract.nothing-exercised``);
    1 a finding reaches ``fail_on``;
    0 otherwise.
    """

    command: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    fail_on: Severity = Severity.ERROR
    run: ContractRun | None = None
    secrets: tuple[str, ...] = ()  # masked in every rendered format

    def __post_init__(self) -> None:
        self.diagnostics = sorted(self.diagnostics, key=Diagnostic.sort_key)

    @property
    def exit_code(self) -> int:
        """The process exit code, by the rule in the class docstring."""
        codes = {d.code for d in self.diagnostics}
        for code, members in _CONDITIONS:
            if codes & members:
                return int(code)
        if any(d.level >= self.fail_on for d in self.diagnostics):
            return int(Exit.FINDINGS)
        return int(Exit.CLEAN)

    def summary(self) -> dict[str, int]:
        """Counts by level."""
        levels = [d.level for d in self.diagnostics]
        return {s.label: levels.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}

    def verdict(self) -> str:
        """One line saying what the run found."""
        counts = self.summary()
        counted = f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} infos"
        if self.run is None:
            return f"{self.files} files checked: {counted}"
        run_level = _CONDITIONS[2][1] | _CONDITIONS[3][1] | {"contract.identity-refused"}
        condition = next((d for d in self.diagnostics if d.code in run_level), None)
        if condition is not None:
            return condition.message
        failed = sum(op.status == "failed" for op in self.run.operations)
        total = len(self.run.operations)
        noun = "operation" if total == 1 else "operations"
        head = (f"{failed} of {total} {noun} " + ("violates its" if failed == 1 else "violate their")
                + " documented contract" if failed
                else "the operation keeps its documented contract" if total == 1
                else f"all {total} operations keep their documented contract")
        return f"{head} ({self.run.requests} requests): {counted}"
