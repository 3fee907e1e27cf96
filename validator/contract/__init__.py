"""Contract testing: a server against the spec its docs gave — schemathesis' engine for conformance,
doc-derived explicit cases for examples, constraints, privileges and lifecycles.

run_contract returns the facts (per-operation checks, findings with their verdict class, liveness, whether
anything was exercised); the exit code is decided from them by validator.report (Report.exit_code) only.
A spec or options that cannot be tested raise ContractError."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from validator.contract import cases, polite, ratelimit
from validator.contract.calls import Context, doc_value_prefixes
from validator.contract.docdefects import classify as classify_doc_defects
from validator.contract.engine import EngineRun, run_engine
from validator.contract.http import MASK, Client, Masker, ServerGone, strip_userinfo
from validator.contract.identity import settle as settle_identity
from validator.contract.identity import split_credentials
from validator.contract.leftovers import remove_leftovers
from validator.contract.lifecycle import check_lifecycle, lifecycle_pairs
from validator.contract.outcome import (
    NOT_APPLICABLE,
    NOT_EXERCISED,
    ContractResult,
    Excluded,
    OperationResult,
    Progress,
    doc_location,
)
from validator.contract.prereq import producers
from validator.contract.safety import disruptive_reason, rewrite_foreign_urls
from validator.contract.story import run_stories
from validator.model import Location

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
    exclude_operation: str = ""  # the same, for operations to leave out
    include_disruptive: bool = False  # run operations the docs describe as disruptive (restart, flush …)
    request_timeout: float = 10.0  # total per request: connect and every read
    run_id: str = ""  # token in the names of the resources the run creates (default: from the clock)


def basic(credentials: tuple[str, str] | None) -> dict[str, str]:
    """An Authorization header for USER:PASS (empty without credentials)."""
    if credentials is None:
        return {}
    token = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _matcher(pattern: str, option: str) -> Callable[[str, str, dict], bool]:
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        raise ContractError(f"{option} is not a regular expression: {exc}") from exc
    return lambda path, method, op: bool(regex.search(f"{method.upper()} {path}")
                                         or regex.search(str(op.get("operationId", ""))))


def _keep(spec: dict[str, Any], keep: Callable[[str, str, dict], bool]) -> dict[str, Any]:
    paths = {}
    for path, methods in spec.get("paths", {}).items():
        if not isinstance(methods, dict):
            continue
        kept = {m: op for m, op in methods.items() if m not in METHODS or (isinstance(op, dict) and keep(path, m, op))}
        if any(m in METHODS for m in kept):
            paths[path] = kept
    return {**spec, "paths": paths}


def select(spec: dict[str, Any], pattern: str) -> dict[str, Any]:
    """The spec with only the operations matching ``pattern`` (all when empty)."""
    if not pattern:
        return spec
    matches = _matcher(pattern, "--operation")
    selected = _keep(spec, matches)
    if not selected["paths"]:
        raise ContractError(f"no operation matches --operation {pattern!r}")
    return selected


def exclude(spec: dict[str, Any], options: ContractOptions) -> tuple[dict[str, Any], list[Excluded]]:
    """The spec without --exclude-operation matches and (unless --include-disruptive) the operations the docs
    describe as disruptive; and what was left out, with why."""
    matches = _matcher(options.exclude_operation, "--exclude-operation") if options.exclude_operation else None
    excluded: list[Excluded] = []

    def keep(path: str, method: str, op: dict) -> bool:
        reason = f"--exclude-operation {options.exclude_operation}" if matches and matches(path, method, op) else ""
        if not reason and not options.include_disruptive:
            reason = disruptive_reason(path, method, op)
            reason = reason and reason + " (run it with --include-disruptive)"
        if reason:
            excluded.append(Excluded(f"{method.upper()} {path}", reason, _where(op)))
        return not reason

    kept = _keep(spec, keep)
    if not kept["paths"]:
        raise ContractError("every operation is excluded: " + "; ".join(f"{e.label}: {e.reason}" for e in excluded))
    return kept, excluded


def _where(operation: dict) -> Location | None:
    return doc_location(operation)


def narrative_order(operations) -> list[OperationResult]:
    """The order the docs tell their story in (file, line), deletions last: examples build on each other."""
    def key(op: OperationResult) -> tuple:
        where = op.source or Location("", 0)
        return (op.method == "delete", where.path, where.line, op.label)

    return sorted(operations, key=key)


def _target(options: ContractOptions) -> tuple[str, tuple[str, str] | None, Masker]:
    """(base URL without user info, the credentials to use, the run's masker)."""
    parts = urlsplit(options.base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ContractError(f"--base-url must be an http(s) URL with a host, not {options.base_url!r}")
    auth = options.auth
    if parts.username is not None and auth is None:
        auth = (unquote(parts.username), unquote(parts.password or ""))
    mask = Masker.for_run(options.base_url, [options.auth, options.unprivileged_auth], options.headers)
    return strip_userinfo(options.base_url), auth, mask


def _operations(spec: dict[str, Any]) -> dict[str, OperationResult]:
    results: dict[str, OperationResult] = {}
    for path, methods in sorted(spec["paths"].items()):
        for method, operation in methods.items():
            if method in METHODS and isinstance(operation, dict):
                results[f"{method.upper()} {path}"] = OperationResult(
                    method, path, operation.get("operationId", ""), _where(operation))
    return results


def run_contract(spec: dict[str, Any], options: ContractOptions,
                 progress: Callable[[Progress], None] = lambda update: None) -> ContractResult:
    """Test the server at ``options.base_url`` against ``spec``; ``progress`` gets a Progress after each step."""
    if not isinstance(spec, dict) or not isinstance(spec.get("paths"), dict) or not spec["paths"]:
        raise ContractError("the spec has no paths")
    base_url, auth, mask = _target(options)
    spec, excluded = exclude(select(spec, options.operation), options)
    spec, rewritten = rewrite_foreign_urls(spec, base_url)
    started = time.monotonic()
    results = _operations(spec)
    identity = basic(auth) or dict(options.headers)  # what carries the run's own credentials
    client = Client(base_url, options.request_timeout, mask, identity)

    def tell(message: str, engine_requests: int = 0) -> None:
        failing = sum(op.status == "failed" for op in results.values())
        progress(Progress(message, client.count + engine_requests, failing))

    for note in rewritten:
        tell(f"example URL naming another host pointed at the server under test: {note}")
    result = ContractResult(mask(_shown_url(options.base_url)), list(results.values()),
                            spec_title=spec.get("info", {}).get("title", ""), excluded=excluded)
    if not client.alive():
        result.reason = f"server unreachable at {result.base_url}"
        result.liveness, result.exercised = "unreachable", False
        _not_exercised(result, result.reason)
        return result
    actions = [(do, undo) for do, undo in lifecycle_pairs(spec) if undo[1] != "delete"]
    credentials, plain_headers = split_credentials(dict(options.headers))
    context = Context(spec, base_url, {**credentials, **basic(auth)}, basic(options.unprivileged_auth)
                      if options.unprivileged_auth else None, plain_headers, client, mask,
                      options.run_id or _run_token(), producers(spec), doc_value_prefixes(spec),
                      {undo: do for do, undo in actions}, dict(actions))
    engine = EngineRun()
    with polite.watch() as unasked:
        try:
            _explicit_cases(spec, context, results, tell)
            engine = run_engine(spec, base_url, {**options.headers, **basic(auth)}, results,
                                max_examples=options.max_examples, workers=options.workers, seed=options.seed,
                                timeout=options.request_timeout, progress=tell, mask=mask, alive=client.alive)
            result.left_behind = remove_leftovers(client, spec, engine.created, {**options.headers, **basic(auth)})
        except ServerGone as exc:
            engine.gone, engine.last = str(exc), exc.request
    ratelimit.judge(spec, results, [(m, mask(u)) for m, u in unasked], base_url)
    result.requests = client.count + engine.requests
    result.prerequisite_requests = context.prerequisite_requests
    result.left_behind = sorted({mask(why) for _, why in context.left_behind}) + result.left_behind
    result.seconds = time.monotonic() - started
    classify_doc_defects(spec, results)
    settle_identity(result, results.values(), client.identity_statuses | (engine.statuses if identity else set()))
    _liveness(result, engine, client.statuses | engine.statuses)
    return result


def _explicit_cases(spec: dict, context: Context, results: dict[str, OperationResult],
                    progress: Callable[[str], None]) -> None:
    for op_result in narrative_order(results.values()):
        progress(f"doc examples, privileges, constraints: {op_result.label}")
        cases.exercise(context, op_result.path, op_result.method, spec["paths"][op_result.path][op_result.method],
                       op_result)
    run_stories(context, results, progress)
    for pair in lifecycle_pairs(spec):
        progress(f"lifecycle: {pair[0][1].upper()} {pair[0][0]} ⇄ {pair[1][1].upper()} {pair[1][0]}")
        check_lifecycle(context, pair, results)
    for op_result in results.values():
        if "lifecycle" not in op_result.checks:
            op_result.check("lifecycle").skip(NOT_APPLICABLE, "no operation undoes this one on the same resource")


def _liveness(result: ContractResult, engine: EngineRun, seen: set[int]) -> None:
    """Record whether the server stayed up and whether any request succeeded (facts, not the exit code)."""
    result.exercised = any(200 <= s < 400 for s in seen)
    if engine.gone:
        result.server_gone, result.reason = engine.gone, engine.gone
        result.liveness, result.last_request = "died", engine.last
        _not_exercised(result, "not exercised: the server stopped answering")
    elif not result.exercised:
        result.reason = f"nothing was exercised: no request succeeded (statuses seen: {sorted(seen) or 'none'})"


def _not_exercised(result: ContractResult, reason: str) -> None:
    for op in result.operations:
        for check in op.checks.values():
            if check.status == NOT_EXERCISED and not check.reason:
                check.reason = reason
        if not op.checks:
            op.error = reason


def _shown_url(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=MASK + "@" + parts.netloc.rpartition("@")[2]).geturl()


def _run_token() -> str:
    """A short token unique to this run (base 36 of the clock in tenths of seconds)."""
    value, digits = int(time.time() * 10), ""
    while value:
        value, digit = divmod(value, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    return digits[-6:]
