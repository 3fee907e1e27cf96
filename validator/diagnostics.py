"""Diagnostics: the RULES catalogue (declared once), Diagnostic records and their collector. Every
finding of every command — a doc page, a spec, recorded traffic, a live server — is a Diagnostic."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from validator.model import Location

__all__ = ["RULES", "Diagnostic", "Diagnostics", "Rule", "Severity", "VERDICTS", "one_line"]


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= fail_on`` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """'error', 'warning', 'info' (and 'doc-defect', the level of documentation defects: warning)."""
        text = text.strip().upper()
        return cls.WARNING if text == "DOC-DEFECT" else cls[text]


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of finding: its stable code, default level, title and help text."""

    code: str
    severity: Severity
    title: str
    help: str


def _rules(*rows: tuple[str, Severity, str, str]) -> dict[str, Rule]:
    return {code: Rule(code, sev, title, help_) for code, sev, title, help_ in rows}


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

RULES: dict[str, Rule] = _rules(
    # reading
    ("read.unreadable", E, "Unreadable input", "The file could not be read or decoded."),
    ("read.encoding", W, "Invalid text encoding", "Bytes that are not UTF-8 were replaced."),
    ("read.too-large", E, "Input too large", "The file exceeds the size limit and was skipped."),
    ("read.binary", E, "Binary input", "The file looks binary and was skipped."),
    ("read.recovered", W, "Degraded page recovered",
     "The page had lost its newlines or layout (web scrape); the structure was reconstructed."),
    ("read.unclosed-block", W, "Unclosed block", "A delimited block or fence is never closed."),
    ("read.markup", W, "Markup problem", "The markup parser reported a problem."),
    ("read.unresolved-include", W, "Unresolved include", "An include target could not be found."),
    ("read.unresolved-parameter", W, "Unresolved parameter reference",
     "A parameter list (os-api-ref rest_parameters) names a key its parameters file does not define."),
    ("read.include-outside-root", E, "Include outside allowed roots",
     "An include points outside the allowed include roots and was not followed."),
    ("read.include-loop", E, "Include loop", "A file includes itself, directly or indirectly."),
    ("read.too-deep", W, "Nesting too deep",
     "Blocks, lists or examples are nested deeper than the reader's limit; the deeper content is not read."),
    ("read.expansion-limit", W, "Expansion limit",
     "Attribute or substitution expansion loops or grows past its size limit; the reference is kept as written."),
    ("read.markup-limit", W, "Markup past a limit",
     "Inline markup failed to parse more often than the reader allows, a page has more inline markup or "
     "blocks (or nested blocks, such as table cells), or a table more cells than it allows, or a paragraph is "
     "too long for its markup; past the limit the text is read as plain text (table cells, nested blocks and "
     "the rest of a page past its blocks are not read)."),
    ("read.not-a-file", E, "Not a regular file", "The input is a FIFO, device or socket and was not read."),
    ("read.over-budget", E, "Page over budget",
     "Reading the page took more time or memory than its budget; the page was skipped."),
    # extraction
    ("extract.no-operation", I, "No operation", "The page documents no HTTP endpoint."),
    ("extract.nothing-found", W, "Nothing extracted",
     "Every page was read but none documents an HTTP operation: the spec is empty."),
    ("extract.unknown-type", W, "Unknown type word", "The documented type is not a known type word."),
    ("extract.stripped-placeholder", W, "Stripped path placeholder",
     "A path placeholder was lost (e.g. '<id>' stripped by a scrape); its name was recovered or made up."),
    ("extract.path-repaired", W, "Repaired path template",
     "The documented path was not a clean template (doubled slashes, a placeholder name with spaces or "
     "markup, a stray brace); the diagnostic says what was found and what was written."),
    ("extract.recovered-name", W, "Recovered parameter name",
     "A description had lost its name (rendered page); the name was recovered from the URL or example."),
    ("extract.unnamed-field", W, "Unnamed field", "A description whose name could not be recovered."),
    ("extract.older-version", I, "Section of an older version",
     "A heading qualified by a version range that a later section of the same name supersedes; the spec "
     "describes the newest version and leaves the older section out."),
    ("extract.duplicate-parameter", W, "Duplicate parameter", "The same parameter is documented twice."),
    ("extract.additional-operation", I, "Method without an OpenAPI 3.1 field",
     "The method (COPY, ANY, …) is kept in x-additional-operations, the shape of OpenAPI 3.2's "
     "additionalOperations."),
    ("extract.assumed-status", I, "Assumed success status",
     "The page states no success status code; the one written carries x-assumed: true."),
    ("extract.invalid-spec", E, "Invalid spec written",
     "The extracted spec is not valid OpenAPI 3.1 (a defect of doccontract: please report it)."),
    ("extract.bad-example", W, "Unparseable example", "An example body is not valid JSON."),
    ("extract.example-limit", W, "Example command past its limit",
     "An example written as a curl command is longer than the 16 kB a command line is parsed to; it is not read "
     "as an example request."),
    ("extract.prose-limit", W, "Description past the mining limit",
     "A description is longer than the prose rules read: types, defaults and constraints stated past its "
     "first 20,000 characters are not mined, and the spec carries those 20,000 characters."),
    ("extract.unresolved-type", W, "Unresolved structure",
     "A type names a data structure that is not documented."),
    # merging
    ("merge.conflict", W, "Sources disagree",
     "Two sources document the same operation differently; the first source wins."),
    # lint
    ("lint.example-mismatch", E, "Example contradicts the tables",
     "An example does not validate against the page's own tables."),
    ("lint.undocumented-field", W, "Undocumented example field", "An example shows a field the tables omit."),
    ("lint.example-not-checked", I, "Example not checked",
     "openapi-core failed on an example (a construct of the spec it cannot handle); the example is not checked."),
    ("lint.missing-required-field", W, "Required field missing from example",
     "A documented required response field does not appear in the example."),
    ("lint.undocumented-status", W, "Undocumented status code", "An example shows an undocumented status."),
    ("lint.example-url-mismatch", E, "Example URL does not match",
     "An example's request line does not match the documented request line."),
    ("lint.undocumented-placeholder", W, "Undocumented path placeholder",
     "The URL has a placeholder no path parameter documents (a gap, not a contradiction: in httpdomain the "
     "placeholder itself declares the parameter)."),
    ("lint.path-parameter-not-in-url", E, "Path parameter not in URL",
     "A documented path parameter does not appear in the URL."),
    ("lint.wrong-heading", W, "Parameter under the wrong heading",
     "A parameter is documented under a heading of another kind."),
    ("lint.no-success-response", W, "No success response", "No 2xx response is documented."),
    ("lint.no-description", I, "No description", "The operation has no description."),
    # spec and traffic validation
    ("validate.spec", E, "Spec violates OpenAPI", "openapi-spec-validator rejected the spec."),
    ("validate.request", E, "Request violates the spec", "A recorded request does not match the spec."),
    ("validate.response", E, "Response violates the spec", "A recorded response does not match the spec."),
    ("validate.no-operation", W, "Exchange matches no operation",
     "A recorded exchange matches no documented operation."),
    ("validate.bad-traffic", E, "Unreadable traffic record", "A traffic record could not be parsed."),
    # contract testing: one code per check (CHECK_HELP in validator.contract.outcome), then the run
    ("contract.not-a-server-error", E, "Server error", "The server answered 5xx."),
    ("contract.documented-status", E, "Undocumented status", "A 2xx answer with a status the docs do not state."),
    ("contract.content-type-conformance", E, "Undocumented Content-Type",
     "A documented response came with a Content-Type the docs do not state."),
    ("contract.response-schema-conformance", E, "Response contradicts its schema",
     "A documented response does not match its documented schema."),
    ("contract.response-headers-conformance", E, "Response header missing or invalid",
     "A documented response header is absent or invalid."),
    ("contract.negative-data-rejection", E, "Invalid request accepted",
     "A request that violates the spec was not rejected with 4xx."),
    ("contract.doc-examples", E, "Doc example fails",
     "A documented example request did not get the documented answer."),
    ("contract.doc-story", E, "Doc story broken",
     "An example of the page, replayed in page order after the earlier ones, failed or did not see their state."),
    ("contract.doc-constraints", E, "Documented constraint not enforced",
     "A request violating one documented constraint was accepted."),
    ("contract.privileges", E, "Documented privileges not enforced",
     "The operation answered without the documented credentials or privileges."),
    ("contract.lifecycle", E, "Lifecycle broken", "Linked operations could not be run through and repeated."),
    ("contract.operation-error", W, "Operation not testable", "The operation could not be tested."),
    ("contract.excluded", I, "Operation excluded",
     "The operation was not tested (disruptive, or excluded on the command line)."),
    ("contract.check", E, "Contract check failed", "A contract check without a rule of its own failed."),
    ("contract.unreachable", E, "Server unreachable", "The server did not answer at the base URL."),
    ("contract.server-died", E, "Server stopped answering",
     "The server stopped answering during the run; the remaining operations were not exercised."),
    ("contract.nothing-exercised", E, "Nothing exercised", "No request succeeded, so nothing was tested."),
    ("contract.left-behind", I, "Left behind",
     "The run created this resource and could not delete it: its documented DELETE failed, the docs document "
     "none, or it was created without credentials and the docs show no way for it to delete itself."),
    ("contract.identity-refused", E, "Credentials not accepted",
     "No request carrying the run's credentials succeeded and they were answered 401: check --auth and --header."),
    # infrastructure
    ("internal.crash", E, "Internal error", "An unexpected error (a bug of doccontract); run with --debug for the "
     "traceback."),
    ("usage.error", E, "Usage error", "The command line or configuration is invalid."),
)


# the verdict classes of contract findings, and the level each class has
VERDICTS = {"server-deviation": Severity.ERROR, "doc-defect": Severity.WARNING, "inconclusive": Severity.INFO}


def one_line(text: str) -> str:
    """``text`` on one line: newlines and other control characters escaped."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a RULES code, where, and what was expected versus found. Contract findings also carry
    the operation (``subject``), the request as curl, the verdict class and how it was reached."""

    code: str
    message: str
    location: Location | None = None
    severity: Severity | None = None  # None: the rule's default
    expected: str = ""
    found: str = ""
    related: tuple[Location, ...] = ()
    subject: str = ""  # e.g. "GET /_ml/anomaly_detectors/{job_id}"
    request: str = ""  # the request as curl, credentials masked
    verdict: str = ""  # one of VERDICTS (contract findings)
    how: str = ""  # how the verdict was reached

    @property
    def level(self) -> Severity:
        return self.severity if self.severity is not None else RULES[self.code].severity

    def sort_key(self) -> tuple:
        loc = self.location or Location("", 0, 0)
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def format(self) -> str:
        """``file:line:col: level: message [code]`` (with expected/found when known), on one line."""
        where = str(self.location) if self.location else "<input>"
        subject = f"{self.subject}: " if self.subject else ""
        text = f"{where}: {self.level.label}: {subject}{self.message} [{self.code}]"
        if self.expected or self.found:
            text += f" (expected {self.expected or '?'}; found {self.found or '?'})"
        return one_line(text)


@dataclass
class Diagnostics:
    """Collects diagnostics for a run; deep code takes it as its last argument."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, code: str, message: str, location: Location | None = None, **kw) -> Diagnostic:
        if code not in RULES:
            raise KeyError(f"undeclared diagnostic code {code!r}")
        diag = Diagnostic(code, message, location, **kw)
        self.items.append(diag)
        return diag

    def extend(self, diags: Iterable[Diagnostic]) -> None:
        for d in diags:
            if d.code not in RULES:
                raise KeyError(f"undeclared diagnostic code {d.code!r}")
            self.items.append(d)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Diagnostic]:
        unique = {(d.sort_key(), d.expected, d.found): d for d in self.items}
        return [unique[k] for k in sorted(unique)]

    def worst(self) -> Severity | None:
        return max((d.level for d in self.items), default=None)
