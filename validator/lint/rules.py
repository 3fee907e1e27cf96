"""Structural findings: path placeholders versus path parameters, parameters under the wrong heading,
operations without a stated success response or description."""

from __future__ import annotations

from collections.abc import Iterator

from validator.diagnostics import Diagnostic
from validator.extract.urls import placeholders
from validator.model import Operation


def iter_parameter_findings(operations: tuple[Operation, ...]) -> Iterator[Diagnostic]:
    """Undocumented placeholders, path parameters absent from the URL, parameters under another heading."""
    for op in operations:
        in_url = set(placeholders(op.path))
        for param in op.parameters:
            if param.where == "path" and param.section == "":
                yield Diagnostic("lint.undocumented-placeholder", f"placeholder {{{param.name}}} of "
                                 f"{op.method.upper()} {op.path} is not documented as a path parameter",
                                 op.location, expected=f"a path parameter {param.name!r}", found="none")
            elif param.section == "path" and param.where != "path":
                if param.required:
                    yield Diagnostic("lint.path-parameter-not-in-url", f"path parameter {param.name!r} does not "
                                     f"appear in the URL {op.path}", param.location,
                                     expected="one of " + (", ".join(sorted(in_url)) or "no placeholders"),
                                     found=param.name)
                else:
                    yield Diagnostic("lint.wrong-heading", f"{param.name!r} is documented under the path "
                                     "parameters heading but is not in the URL: it is a query parameter",
                                     param.location, expected="a 'Query parameters' heading",
                                     found="'Path parameters'")


def iter_operation_findings(operations: tuple[Operation, ...]) -> Iterator[Diagnostic]:
    """Operations that state no success response or no description."""
    for op in operations:
        if not any(r.stated and r.status[0] in "23" for r in op.responses):
            yield Diagnostic("lint.no-success-response", f"{op.method.upper()} {op.path} documents no success "
                             "response (no 2xx status, response fields or response example)", op.location,
                             expected="a documented 2xx response", found="none")
        if not op.description:
            yield Diagnostic("lint.no-description", f"{op.method.upper()} {op.path} has no description",
                             op.location, expected="a description", found="none")
