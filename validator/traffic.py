"""Recorded traffic (HAR 1.2, or JSON lines of {request, response}) validated with openapi-core: the
operation each exchange matched, every violation with its JSON path and the doc line that promised
otherwise; exchanges that match no operation are reported, not dropped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from openapi_core import OpenAPI
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound, ServerNotFound
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.testing import MockRequest, MockResponse

from validator.diagnostics import Diagnostic
from validator.model import Location
from validator.specvalidate import location_of


@dataclass(frozen=True)
class Exchange:
    """One recorded request/response pair and where it was recorded (file:line or HAR entry index)."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str | None
    status: int
    response_headers: dict[str, str]
    response_body: str | None
    origin: Location


@dataclass
class TrafficResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    per_operation: dict[str, dict[str, int]] = field(default_factory=dict)  # label → {exchanges, violations}


def read_exchanges(path: Path, shown: str) -> tuple[list[Exchange], list[Diagnostic]]:
    """Exchanges from a HAR file or a JSON-lines file; unreadable records become diagnostics."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Diagnostic("validate.bad-traffic", f"cannot read traffic: {exc}", Location(shown, 1))]
    stripped = text.lstrip()
    if stripped.startswith("{") and '"log"' in stripped[:2000]:
        try:
            return _har(json.loads(text), shown), []
        except (ValueError, KeyError, TypeError) as exc:
            return [], [Diagnostic("validate.bad-traffic", f"not a HAR 1.2 document: {exc}", Location(shown, 1),
                                   expected="HAR 1.2 (log.entries)", found=type(exc).__name__)]
    exchanges, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            exchanges.append(_jsonl(json.loads(line), Location(shown, number)))
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(Diagnostic("validate.bad-traffic", f"unreadable exchange: {exc}", Location(shown, number),
                                       expected='{"request": {...}, "response": {...}}', found=line[:60]))
    return exchanges, problems


def _headers(items: Any) -> dict[str, str]:
    if isinstance(items, dict):
        return {str(k).lower(): str(v) for k, v in items.items()}
    return {str(h["name"]).lower(): str(h["value"]) for h in items or []}


def _body(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


def _har(document: dict, shown: str) -> list[Exchange]:
    out = []
    for index, entry in enumerate(document["log"]["entries"]):
        request, response = entry["request"], entry["response"]
        post = request.get("postData") or {}
        content = response.get("content") or {}
        out.append(Exchange(request["method"].lower(), request["url"], _headers(request.get("headers")),
                            post.get("text"), int(response["status"]), _headers(response.get("headers")),
                            content.get("text"), Location(shown, 1, index + 1)))
    return out


def _jsonl(record: dict, origin: Location) -> Exchange:
    request, response = record["request"], record["response"]
    return Exchange(request["method"].lower(), request["url"], _headers(request.get("headers")),
                    _body(request.get("body")), int(response["status"]), _headers(response.get("headers")),
                    _body(response.get("body")), origin)


def validate_traffic(spec: dict[str, Any], exchanges: list[Exchange], spec_file: str) -> TrafficResult:
    """Validate each exchange; findings carry the doc location, the message the exchange and JSON path."""
    api = OpenAPI.from_dict({**spec, "servers": [{"url": "/"}]})
    result = TrafficResult()
    for number, exchange in enumerate(exchanges, start=1):
        label, findings = _validate(api, spec, exchange, number, spec_file)
        stats = result.per_operation.setdefault(label, {"exchanges": 0, "violations": 0})
        stats["exchanges"] += 1
        stats["violations"] += len(findings)
        result.diagnostics.extend(findings)
    return result


def _validate(api: OpenAPI, spec: dict, exchange: Exchange, number: int, spec_file: str) -> tuple[str, list]:
    parts = urlsplit(exchange.url)
    host = f"{parts.scheme or 'http'}://{parts.netloc or 'localhost'}"
    content_type = exchange.request_headers.get("content-type", "application/json")
    request = MockRequest(host, exchange.method, parts.path or "/", args=_query(parts.query),
                          headers=exchange.request_headers, data=exchange.request_body,
                          content_type=content_type.split(";")[0] if exchange.request_body else None)
    what = f"exchange {number} ({exchange.method.upper()} {parts.path}, recorded at {exchange.origin})"
    try:
        template = api.request_validator._find_path(request).path_result.pattern  # the matched template
    except (PathNotFound, OperationNotFound, ServerNotFound) as exc:
        return "(no operation)", [Diagnostic("validate.no-operation", f"{what} matches no documented operation: "
                                             f"{exc}", Location(spec_file, 1), expected="a documented operation",
                                             found=f"{exchange.method.upper()} {parts.path}")]
    label = f"{exchange.method.upper()} {template}"
    base = ["paths", template, exchange.method]
    findings: list[Diagnostic] = []
    for error in api.unmarshal_request(request).errors:
        findings.extend(_errors(spec, error, base + ["requestBody", "content", content_type.split(";")[0], "schema"],
                                "validate.request", f"{what}: request", base, spec_file))
    media_type = exchange.response_headers.get("content-type", "application/json").split(";")[0]
    response = MockResponse((exchange.response_body or "").encode(), status_code=exchange.status,
                            headers=exchange.response_headers, content_type=media_type)
    status_key = _status_key(spec, template, exchange.method, exchange.status)
    for error in api.unmarshal_response(request, response).errors:
        schema_base = base + ["responses", status_key, "content",
                              response.content_type or "application/json", "schema"]
        findings.extend(_errors(spec, error, schema_base, "validate.response", f"{what}: response {exchange.status}",
                                base, spec_file))
    return label, findings


def _query(query: str) -> dict[str, str]:
    return dict(parse_qsl(query, keep_blank_values=True))


def _status_key(spec: dict, template: str, method: str, status: int) -> str:
    responses = spec["paths"][template][method].get("responses", {})
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            return key
    return str(status)


def _errors(spec: dict, error: Exception, schema_path: list, code: str, what: str, op_path: list,
            spec_file: str) -> Iterator[Diagnostic]:
    if isinstance(error, ResponseNotFound):
        yield Diagnostic(code, f"{what}: the status is not documented", location_of(spec, op_path, spec_file),
                         expected="a documented status", found=str(error).split(":")[-1].strip())
        return
    schema_errors = getattr(error, "schema_errors", None) or getattr(error.__cause__, "schema_errors", None) or ()
    for schema_error in schema_errors:
        pointer = "".join(f"/{p}" for p in schema_error.absolute_path) or "/"
        promised = _schema_location(spec, schema_path, list(schema_error.absolute_path), spec_file)
        yield Diagnostic(code, f"{what} body at {pointer}: {schema_error.message}", promised,
                         expected=f"{schema_error.validator} {_short(schema_error.validator_value)}",
                         found=_short(schema_error.instance))
    if not schema_errors:
        cause = error.__cause__ or error
        yield Diagnostic(code, f"{what}: {cause}", location_of(spec, op_path, spec_file),
                         expected="what the spec documents", found=type(cause).__name__)


def _short(value: Any) -> str:
    return json.dumps(value, default=str)[:60]


def _schema_location(spec: dict, schema_path: list, instance_path: list, spec_file: str) -> Location:
    """The doc line of the schema element an instance path leads to (through properties and items)."""
    path = list(schema_path)
    node = _walk(spec, path)
    for part in instance_path:
        if isinstance(node, dict) and "$ref" in node:
            path = node["$ref"].lstrip("#/").split("/")
            node = _walk(spec, path)
        if isinstance(part, int) and isinstance(node, dict) and "items" in node:
            path, node = path + ["items"], node["items"]
        elif isinstance(node, dict) and part in node.get("properties", {}):
            path, node = path + ["properties", part], node["properties"][part]
        else:
            break
    return location_of(spec, path, spec_file)


def _walk(spec: dict, path: list) -> Any:
    node: Any = spec
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node
