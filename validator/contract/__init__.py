"""Contract testing: a server against the spec its docs gave — schemathesis' engine for conformance,
doc-derived explicit cases for examples, constraints, privileges and lifecycles.

Exit codes: 0 every check passed; 1 a contract was violated; 2 usage, spec or config error (raised as
ContractError); 3 server unreachable; 4 nothing was exercised (no request ever succeeded)."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from validator.contract import cases
from validator.contract.engine import run_engine
from validator.contract.http import Client
from validator.contract.outcome import NOT_APPLICABLE, ContractResult, OperationResult, doc_location
from validator.model import Location

EXIT_PASSED, EXIT_VIOLATED, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_NOTHING = 0, 1, 2, 3, 4
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class ContractError(Exception):
    """The spec or the options cannot be tested (exit 2)."""


@dataclass
class ContractOptions:
    base_url: str
    auth: tuple[str, str] | None = None
    unprivileged_auth: tuple[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    max_examples: int = 25
    workers: int = 1
    seed: int = 1
    operation: str = ""  # regex over "METHOD /path" or operationId
    request_timeout: float = 10.0


def basic(credentials: tuple[str, str] | None) -> dict[str, str]:
    """An Authorization header for USER:PASS (empty without credentials)."""
    if credentials is None:
        return {}
    token = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def select(spec: dict[str, Any], pattern: str) -> dict[str, Any]:
    """The spec with only the operations matching ``pattern`` (all when empty)."""
    if not pattern:
        return spec
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        raise ContractError(f"--operation is not a regular expression: {exc}") from exc
    paths = {}
    for path, methods in spec.get("paths", {}).items():
        kept = {m: op for m, op in methods.items() if m not in METHODS or regex.search(f"{m.upper()} {path}")
                or regex.search(str(op.get("operationId", "")))}
        if any(m in METHODS for m in kept):
            paths[path] = kept
    if not paths:
        raise ContractError(f"no operation matches --operation {pattern!r}")
    return {**spec, "paths": paths}


def narrative_order(operations) -> list[OperationResult]:
    """The order the docs tell their story in (file, line), deletions last: examples build on each other."""
    def key(op: OperationResult) -> tuple:
        where = op.source or Location("", 0)
        return (op.method == "delete", where.path, where.line, op.label)

    return sorted(operations, key=key)


def run_contract(spec: dict[str, Any], options: ContractOptions,
                 progress: Callable[[str], None] = lambda message: None) -> ContractResult:
    """Test the server at ``options.base_url`` against ``spec``."""
    if not isinstance(spec, dict) or not spec.get("paths"):
        raise ContractError("the spec has no paths")
    spec = select(spec, options.operation)
    started = time.monotonic()
    result = ContractResult(options.base_url, [], spec_title=spec.get("info", {}).get("title", ""))
    results: dict[str, OperationResult] = {}
    for path, methods in sorted(spec["paths"].items()):
        for method, operation in methods.items():
            if method in METHODS:
                results[f"{method.upper()} {path}"] = OperationResult(
                    method, path, operation.get("operationId", ""), doc_location(operation))
    result.operations = list(results.values())
    client = Client(options.request_timeout)
    try:
        requests.request("HEAD", options.base_url, timeout=options.request_timeout)
    except requests.RequestException as exc:
        result.exit_code, result.reason = EXIT_UNREACHABLE, f"server unreachable at {options.base_url}: " \
                                                            f"{type(exc).__name__}"
        return result
    context = cases.Context(spec, options.base_url, basic(options.auth),
                            basic(options.unprivileged_auth) if options.unprivileged_auth else None,
                            dict(options.headers), client)
    for op_result in narrative_order(results.values()):  # the docs' own examples first, on fresh state
        label = op_result.label
        operation = spec["paths"][op_result.path][op_result.method]
        progress(f"doc examples: {label}")
        cases.check_examples(context, op_result.path, op_result.method, operation, op_result)
    pairs = cases.lifecycle_pairs(spec)
    for pair in pairs:
        progress(f"lifecycle: {pair[0][1].upper()} {pair[0][0]} ⇄ {pair[1][1].upper()} {pair[1][0]}")
        cases.check_lifecycle(context, pair, results)
    for label, op_result in results.items():
        operation = spec["paths"][op_result.path][op_result.method]
        progress(f"constraints and privileges: {label}")
        cases.check_constraints(context, op_result.path, op_result.method, operation, op_result)
        cases.check_privileges(context, op_result.path, op_result.method, operation, op_result)
        if "lifecycle" not in op_result.checks:
            op_result.check("lifecycle").status = NOT_APPLICABLE
    engine_requests, statuses = run_engine(
        spec, options.base_url, {**options.headers, **basic(options.auth)}, results,
        max_examples=options.max_examples, workers=options.workers, seed=options.seed,
        timeout=options.request_timeout, progress=progress)
    result.requests = client.count + engine_requests
    result.seconds = time.monotonic() - started
    seen = statuses | client.statuses
    if not any(200 <= s < 400 for s in seen):
        result.exit_code = EXIT_NOTHING
        result.reason = f"nothing was exercised: no request succeeded (statuses seen: {sorted(seen) or 'none'})"
    elif any(op.status == "failed" for op in result.operations):
        failed = sum(op.status == "failed" for op in result.operations)
        result.exit_code, result.reason = EXIT_VIOLATED, f"{failed} of {len(result.operations)} operations " \
                                                          "violate their documented contract"
    else:
        result.reason = f"all {len(result.operations)} operations keep their documented contract"
    return result
