"""The one adapter around schemathesis' engine (4.32, Python API): conformance checks plus the
doc-derived ``documented_status`` check, folded into per-operation CheckResults."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from schemathesis import engine, openapi
from schemathesis.engine import Status, events

from validator.contract.outcome import NOT_EXERCISED, Finding, OperationResult, doc_location
from validator.model import Location

CONFORMANCE_CHECKS = ("not_a_server_error", "content_type_conformance", "response_schema_conformance",
                      "response_headers_conformance", "negative_data_rejection", "documented_status")
NEEDS_SUCCESS = ("content_type_conformance", "response_schema_conformance", "response_headers_conformance")


@schemathesis.check
def documented_status(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 2xx answer must be a documented status; 4xx to invalid input is not a violation (5xx is
    not_a_server_error's)."""
    if case.method.upper() != case.operation.method.upper():
        return None  # coverage-phase probes with other methods
    status = response.status_code
    if not 200 <= status < 300:
        return None
    documented = {str(key).upper() for key in case.operation.definition.raw.get("responses", {})}
    explicit_success = any(key.startswith("2") for key in documented)
    if str(status) in documented or "2XX" in documented or ("DEFAULT" in documented and not explicit_success):
        return True
    raise AssertionError(f"undocumented success status {status} (documented: {', '.join(sorted(documented))})")


def run_engine(spec: dict[str, Any], base_url: str, headers: dict[str, str], results: dict[str, OperationResult],
               *, max_examples: int, workers: int, seed: int, timeout: float,
               progress: Callable[[str], None]) -> tuple[int, set[int]]:
    """Run schemathesis over ``spec``; fold its check results into ``results`` (by "METHOD /path");
    return the number of requests made and the statuses seen."""
    config = schemathesis.Config.from_dict({
        "base-url": base_url,
        "headers": headers,
        "generation": {"max-examples": max_examples, "mode": "all", "database": "none"},
        "seed": seed,
        "workers": workers,
        "request-timeout": timeout,
        "output": {"sanitization": {"enabled": True}},
    })
    schema = openapi.from_dict(spec, config=config)
    schema.config.checks.update(included_check_names=list(CONFORMANCE_CHECKS))
    statuses: dict[str, set[int]] = {label: set() for label in results}
    requests = 0
    for event in engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            requests += _fold(event.recorder, results, statuses, spec)
        elif isinstance(event, events.PhaseFinished):
            progress(f"schemathesis phase {event.phase.name.value}: {event.status.value}")
        elif isinstance(event, events.NonFatalError):
            label = getattr(event, "label", "")
            if label in results:
                results[label].error = event.info.format().splitlines()[0][:200]
    for label, seen in statuses.items():
        result = results[label]
        for name in CONFORMANCE_CHECKS:
            check = result.check(name)
            if not any(200 <= s < 300 for s in seen) and name in NEEDS_SUCCESS and not check.failed:
                check.status = NOT_EXERCISED  # no documented success was ever reached: nothing was checked
            elif not seen:
                check.status = NOT_EXERCISED
    return requests, set().union(*statuses.values()) if statuses else set()


def _fold(recorder: Any, results: dict[str, OperationResult], statuses: dict[str, set[int]], spec: dict) -> int:
    count = 0
    for case_id, interaction in recorder.interactions.items():
        case = recorder.cases[case_id].value
        label = case.operation.label
        same_method = case.method.upper() == case.operation.method.upper()
        if interaction.response is not None:
            count += 1
            if label in statuses and same_method:  # what the documented operation itself answered
                statuses[label].add(interaction.response.status_code)
    for case_id, nodes in recorder.checks.items():
        case = recorder.cases[case_id].value
        result = results.get(case.operation.label)
        if result is None or case.method.upper() != case.operation.method.upper():
            continue  # probes with undeclared methods (TRACE, QUERY …): the docs promise nothing about them
        interaction = recorder.interactions.get(case_id)
        status = interaction.response.status_code if interaction and interaction.response else None
        for node in nodes:
            if node.name not in CONFORMANCE_CHECKS:
                continue
            check = result.check(node.name, _source(spec, result, status))
            if node.status == Status.FAILURE:
                info = node.failure_info
                check.record(False, Finding(f"{info.failure.title}: {info.failure.message}".strip()[:300],
                                            _mask(info.code_sample), _source(spec, result, status)))
            elif node.status == Status.SUCCESS:
                check.record(True)
    return count


def _mask(curl: str) -> str:
    return curl.replace("[Filtered]", "[masked]")


def _source(spec: dict, result: OperationResult, status: int | None) -> Location | None:
    """The doc line of the documented response for ``status`` (else the operation's)."""
    operation = spec["paths"].get(result.path, {}).get(result.method, {})
    response = operation.get("responses", {}).get(str(status)) if status else None
    return doc_location(response) or doc_location(operation) or result.source
