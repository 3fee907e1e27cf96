"""Diagnostics: the RULES catalogue (declared once), Diagnostic records and their collector."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from validator.model import Location


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
        return cls[text.strip().upper()]


@dataclass(frozen=True, slots=True)
class Rule:
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
    ("read.include-outside-root", E, "Include outside allowed roots",
     "An include points outside the allowed include roots and was not followed."),
    ("read.include-loop", E, "Include loop", "A file includes itself, directly or indirectly."),
    ("read.too-deep", W, "Nesting too deep",
     "Blocks, lists or examples are nested deeper than the reader's limit; the deeper content is not read."),
    ("read.expansion-limit", W, "Expansion limit",
     "Attribute or substitution expansion loops or grows past its size limit; the reference is kept as written."),
    ("read.not-a-file", E, "Not a regular file", "The input is a FIFO, device or socket and was not read."),
    ("read.over-budget", E, "Page over budget",
     "Reading the page took more time or memory than its budget; the page was skipped."),
    # extraction
    ("extract.no-operation", I, "No operation", "The page documents no HTTP endpoint."),
    ("extract.unknown-type", W, "Unknown type word", "The documented type is not a known type word."),
    ("extract.stripped-placeholder", W, "Stripped path placeholder",
     "A path placeholder was lost (e.g. '<id>' stripped by a scrape); its name was recovered or made up."),
    ("extract.recovered-name", W, "Recovered parameter name",
     "A description had lost its name (rendered page); the name was recovered from the URL or example."),
    ("extract.unnamed-field", W, "Unnamed field", "A description whose name could not be recovered."),
    ("extract.duplicate-parameter", W, "Duplicate parameter", "The same parameter is documented twice."),
    ("extract.bad-example", W, "Unparseable example", "An example body is not valid JSON."),
    ("extract.unresolved-type", W, "Unresolved structure",
     "A type names a data structure that is not documented."),
    # merging
    ("merge.conflict", W, "Sources disagree",
     "Two sources document the same operation differently; the first source wins."),
    # lint
    ("lint.example-mismatch", E, "Example contradicts the tables",
     "An example does not validate against the page's own tables."),
    ("lint.undocumented-field", W, "Undocumented example field", "An example shows a field the tables omit."),
    ("lint.missing-required-field", W, "Required field missing from example",
     "A documented required response field does not appear in the example."),
    ("lint.undocumented-status", W, "Undocumented status code", "An example shows an undocumented status."),
    ("lint.example-url-mismatch", E, "Example URL does not match",
     "An example's request line does not match the documented request line."),
    ("lint.undocumented-placeholder", E, "Undocumented path placeholder",
     "The URL has a placeholder no path parameter documents."),
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
    # infrastructure
    ("internal.crash", E, "Internal error", "An unexpected error; the rest of the input was processed."),
    ("usage.error", E, "Usage error", "The command line or configuration is invalid."),
)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a RULES code, where, and what was expected versus found."""

    code: str
    message: str
    location: Location | None = None
    severity: Severity | None = None  # None: the rule's default
    expected: str = ""
    found: str = ""
    related: tuple[Location, ...] = ()

    @property
    def level(self) -> Severity:
        return self.severity if self.severity is not None else RULES[self.code].severity

    def sort_key(self) -> tuple:
        loc = self.location or Location("", 0, 0)
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def format(self) -> str:
        """``file:line:col: level: message [code]`` (with expected/found when known)."""
        where = str(self.location) if self.location else "<input>"
        text = f"{where}: {self.level.label}: {self.message} [{self.code}]"
        if self.expected or self.found:
            text += f" (expected {self.expected or '?'}; found {self.found or '?'})"
        return text


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
