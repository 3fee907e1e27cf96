"""The one adapter around schemathesis' engine (4.32, Python API): conformance checks plus the
doc-derived ``documented_status`` check, folded into per-operation CheckResults."""

from __future__ import annotations

import copy
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis import engine, openapi
from schemathesis.engine import Status, events

from validator.contract.deadline import engine_deadline
from validator.contract.http import MISSES
from validator.contract.leftovers import Created
from validator.contract.lenient import tolerated
from validator.contract.lifecycle import lifecycle_pairs
from validator.contract.outcome import (
    DOC_DEFECT,
    NOT_EXERCISED,
    SERVER_DEVIATION,
    Finding,
    OperationResult,
    doc_location,
)
from validator.contract.prereq import path_params, producers, resource_prefixes
from validator.contract.safety import keep_on_host
from validator.contract.shownanswers import shown_by_docs
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
    responses = case.operation.definition.raw.get("responses", {})
    documented = {str(key).upper() for key, value in responses.items()
                  if not (isinstance(value, dict) and value.get("x-assumed"))}  # assumed: nobody is held to it
    explicit_success = any(key.startswith("2") for key in documented)
    assumed_success = any(str(key).startswith("2") for key in responses)
    if str(status) in documented or "2XX" in documented or (
            not explicit_success and ("DEFAULT" in documented or assumed_success)):
        return True
    raise AssertionError(f"undocumented success status {status} (documented: {', '.join(sorted(documented))})")


@dataclass
class EngineRun:
    requests: int = 0
    statuses: set[int] = field(default_factory=set)
    gone: str = ""  # "the server stopped answering after …" when a liveness probe failed
    misses: int = 0  # requests in a row without a complete answer
    last: str = ""  # curl of the last answered request
    created: Created = field(default_factory=Created)  # what its requests created, to remove afterwards


def engine_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the engine gets it: a success status the extractor only assumed (x-assumed) becomes the
    range 2XX — the server is held to the documented body, not to a status the docs never stated."""
    spec = copy.deepcopy(spec)
    for methods in spec.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.get("responses") if isinstance(operation, dict) else None
            if not isinstance(responses, dict):
                continue
            assumed = [k for k, v in responses.items() if str(k).startswith("2") and isinstance(v, dict)
                       and v.get("x-assumed")]
            stated = [k for k in responses if str(k).startswith("2") and k not in assumed]
            if len(assumed) == 1 and not stated and "2XX" not in responses:
                responses["2XX"] = responses.pop(assumed[0])
    add_producer_links(spec)
    return spec


def add_producer_links(spec: dict[str, Any]) -> None:
    """Links from each documented producer to the operations on what it creates (PUT /a/{x} → GET, DELETE,
    PUT /a/{x}/b/{y} …; POST /a → the same with the identifier from the answer), so schemathesis' stateful
    phase reaches resources that exist. Links the docs declared stay as they are."""
    paths = spec.get("paths", {})
    for (do_path, do_method), (undo_path, undo_method) in lifecycle_pairs(spec):
        if undo_method == "delete":
            continue
        for path, method, other, other_method in ((do_path, do_method, undo_path, undo_method),
                                                  (undo_path, undo_method, do_path, do_method)):
            parameters = {n: f"$request.path.{n}" for n in path_params(other) if n in path_params(path)}
            for status, response in (paths[path][method].get("responses") or {}).items():
                if str(status).startswith("2") and isinstance(response, dict):
                    response.setdefault("links", {}).setdefault(f"doccontract-{other_method}-{other}", {
                        "operationRef": f"#/paths/{_pointer(other)}/{other_method}", "parameters": parameters})
    for resource, found in producers(spec).items():
        for producer in found:
            path, method = producer.create
            operation = paths[path][method]
            names = path_params(path)
            for status, response in (operation.get("responses") or {}).items():
                if not str(status).startswith("2") or not isinstance(response, dict):
                    continue
                source = _created_id_expression(response) if method == "post" else f"$request.path.{names[-1]}"
                if source is None:
                    continue
                links = response.setdefault("links", {})
                for target, target_method, parameters in _consumers(paths, resource, names, source):
                    links.setdefault(f"doccontract-{target_method}-{target}", {
                        "operationRef": f"#/paths/{_pointer(target)}/{target_method}", "parameters": parameters})


def _consumers(paths: dict, resource: str, producer_names: list[str], last: str) -> list[tuple[str, str, dict]]:
    """(path, method, link parameters) of the operations on ``resource`` or under it."""
    depth = len(resource_prefixes(resource))
    out = []
    for path, methods in paths.items():
        prefixes = resource_prefixes(path)
        if len(prefixes) < depth or prefixes[depth - 1] != resource:
            continue
        names = path_params(path)
        parameters = {names[i]: f"$request.path.{producer_names[i]}" for i in range(depth - 1)
                      if i < len(producer_names)}
        parameters[names[depth - 1]] = last
        for method, operation in methods.items():
            if isinstance(operation, dict) and method in ("get", "put", "post", "patch", "delete", "head"):
                out.append((path, method, dict(parameters)))
    return out


def _created_id_expression(response: dict) -> str | None:
    """A runtime expression for the identifier in a creation answer (`$response.body#/id`, `…#/data/id`)."""
    for media in (response.get("content") or {}).values():
        schema = media.get("schema") if isinstance(media, dict) else None
        properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
        if "id" in properties:
            return "$response.body#/id"
        for name, member in properties.items():
            if isinstance(member, dict) and "id" in member.get("properties", {}):
                return f"$response.body#/{name}/id"
    return None


def _pointer(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def run_engine(spec: dict[str, Any], base_url: str, headers: dict[str, str], results: dict[str, OperationResult],
               *, max_examples: int, workers: int, seed: int, timeout: float,
               progress: Callable[[str, int], None], mask: Callable[[str], str] = str,
               alive: Callable[[], bool] = lambda: True) -> EngineRun:
    """Run schemathesis over ``spec``; fold its check results into ``results`` (by "METHOD /path"). Every
    request ends within ``timeout`` seconds; when one gets no answer and ``alive()`` says the server is
    gone, the run stops. ``progress`` gets a message and the engine's request count so far."""
    config = schemathesis.Config.from_dict({
        "base-url": base_url,
        "headers": headers,
        "generation": {"max-examples": max_examples, "mode": "all", "database": "none"},
        "seed": seed,
        "workers": workers,
        "request-timeout": timeout,
        "output": {"sanitization": {"enabled": True}},
        # any client error is a rejection (a documented 412 before the body is read, a 413 …)
        "checks": {"negative_data_rejection": {"expected-statuses": ["4XX", "5XX"]}},
    })
    schema = openapi.from_dict(engine_spec(spec), config=config)
    schema.config.checks.update(included_check_names=list(CONFORMANCE_CHECKS))
    statuses: dict[str, set[int]] = {label: set() for label in results}
    run = EngineRun()
    with engine_deadline(timeout), keep_on_host(base_url):
        stream = engine.from_schema(schema).execute()
        for event in stream:
            if isinstance(event, events.ScenarioFinished):
                run.requests += _fold(event.recorder, results, statuses, spec, mask, run)
                progress(f"schemathesis: {_scenario_label(event.recorder)}", run.requests)
            elif isinstance(event, events.PhaseFinished):
                progress(f"schemathesis phase {event.phase.name.value}: {event.status.value}", run.requests)
            elif isinstance(event, events.NonFatalError) and not run.gone:
                _error(event, run, results, mask, alive, stream)
    for label, seen in statuses.items():
        result = results[label]
        for name in CONFORMANCE_CHECKS:
            check = result.check(name)
            if not any(200 <= s < 300 for s in seen) and name in NEEDS_SUCCESS and not check.failed:
                # what passed was about error answers: nothing was checked
                check.status, check.reason = NOT_EXERCISED, "no request reached a documented success"
            elif not seen:
                check.skip(NOT_EXERCISED, "the engine got no answer for this operation")
            elif check.status == NOT_EXERCISED and not check.reason:
                check.reason = "none of the engine's answers was one this check applies to"
    run.statuses = set().union(*statuses.values()) if statuses else set()
    return run


def _error(event: Any, run: EngineRun, results: dict[str, OperationResult], mask: Callable[[str], str],
           alive: Callable[[], bool], stream: Any) -> None:
    """A request without a complete answer: the server is gone (stop the run), or it broke this answer."""
    label = getattr(event, "label", "")
    text = " ".join(event.info.format().split())[:300]
    run.misses += 1
    if run.misses >= MISSES or not alive():
        run.gone = f"the server stopped answering after {run.last or 'the start'} ({label}: {text})"
        stream.stop()
    elif label in results:
        results[label].check("not_a_server_error").record(False, Finding(
            mask(f"no complete answer (connection broken, or longer than the request timeout): {text}"),
            "", results[label].source))


def _scenario_label(recorder: Any) -> str:
    """The operation a finished scenario exercised ("METHOD /path"), or "" when it recorded no case."""
    cases = list(recorder.cases.values())
    return cases[0].value.operation.label if cases else ""


def _fold(recorder: Any, results: dict[str, OperationResult], statuses: dict[str, set[int]], spec: dict,
          mask: Callable[[str], str], run: EngineRun) -> int:
    count = 0
    for case_id, interaction in recorder.interactions.items():
        case = recorder.cases[case_id].value
        label = case.operation.label
        same_method = case.method.upper() == case.operation.method.upper()
        if interaction.response is not None:
            count += 1
            run.created.note(interaction.request.method, interaction.request.uri, interaction.response.status_code,
                             interaction.response.headers)
            run.misses = 0
            run.last = mask(_curl(interaction.request))
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
            if node.status == Status.FAILURE and node.name == "negative_data_rejection" and tolerated(case, spec):
                continue  # accepting it breaks no documented promise (lenient.py)
            if node.status == Status.FAILURE:
                info = node.failure_info
                message = " ".join(f"{info.failure.title}: {info.failure.message}".split())[:300]
                shown = shown_by_docs(spec, result.path, result.method, status, info.failure) \
                    if node.name == "response_schema_conformance" else None  # the docs' examples answer so
                check.record(False, Finding(mask(message), mask(_mask(info.code_sample)), _source(spec, result, status),
                                            DOC_DEFECT if shown else SERVER_DEVIATION, [shown] if shown else []))
            elif node.status == Status.SUCCESS:
                check.record(True)
    return count


def _mask(curl: str) -> str:
    return curl.replace("[Filtered]", "[masked]")


def _curl(request: Any) -> str:
    """A short curl of a recorded request (method and URL; credentials never shown)."""
    return f"curl -X {request.method} {shlex.quote(request.uri)}"


def _source(spec: dict, result: OperationResult, status: int | None) -> Location | None:
    """The doc line of the documented response for ``status`` (else the operation's)."""
    operation = spec["paths"].get(result.path, {}).get(result.method, {})
    response = operation.get("responses", {}).get(str(status)) if status else None
    return doc_location(response) or doc_location(operation) or result.source
