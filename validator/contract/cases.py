"""Doc-derived checks run as explicit cases: the docs' examples replayed (status, shape, defaults
echoed), values outside documented constraints rejected, privileges enforced, lifecycles repeatable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import requests

from validator.contract.http import Call, Client, curl
from validator.contract.outcome import (
    NOT_APPLICABLE,
    NOT_EXERCISED,
    CheckResult,
    Finding,
    OperationResult,
    doc_location,
)
from validator.model import Location

JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object",
              type(None): "null"}


@dataclass
class Context:
    spec: dict[str, Any]
    base_url: str
    auth: dict[str, str]  # headers that carry --auth (may be empty)
    unprivileged: dict[str, str] | None
    headers: dict[str, str]
    client: Client


def _source(node: dict, fallback: Location | None) -> Location | None:
    return doc_location(node) or fallback


def resolve(spec: dict, schema: dict | None) -> dict:
    """A schema with its top-level $ref followed."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        node: Any = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node.get(part, {})
        schema, seen = node, seen + 1
    return schema or {}


def valid_value(spec: dict, schema: dict | None, depth: int = 0) -> Any:
    """A value the schema accepts (enum, default, or a minimal value of its type)."""
    schema = resolve(spec, schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1) if schema.get("maximum", 2) >= 1 else schema.get("minimum", 0)
    if kind == "number":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        props = schema.get("properties", {})
        return {name: valid_value(spec, props.get(name), depth + 1) for name in schema.get("required", [])}
    pattern = schema.get("pattern")
    for candidate in ("doccontract-1", "a1", "a", "1", "x"):
        if (not pattern or re.search(pattern, candidate)) and len(candidate) <= schema.get("maxLength", 99):
            return candidate
    return "a"


def invalid_values(spec: dict, schema: dict | None) -> list[tuple[str, Any]]:
    """(keyword, value) pairs that each violate one documented constraint of ``schema``."""
    schema = resolve(spec, schema)
    out: list[tuple[str, Any]] = []
    pattern = schema.get("pattern")
    if pattern:
        bad = next((c for c in ("Not Valid!", "-", "_", "A B", "--", "x" * 300) if not re.search(pattern, c)), None)
        if bad is not None:
            out.append(("pattern", bad))
    if "maxLength" in schema:
        filler = next((c for c in ("a", "0", "x", "A") if not pattern or re.search(pattern, c * 3)), "a")
        out.append(("maxLength", filler * (schema["maxLength"] + 1)))
    if schema.get("minLength", 0) > 0:
        out.append(("minLength", ""))
    if "minimum" in schema:
        out.append(("minimum", schema["minimum"] - 1))
    if "maximum" in schema:
        out.append(("maximum", schema["maximum"] + 1))
    if "enum" in schema and all(isinstance(v, str) for v in schema["enum"]):
        out.append(("enum", "doccontract-not-a-documented-value"))
    if schema.get("type") in ("integer", "number", "boolean"):
        out.append(("type", "not-a-" + schema["type"]))
    return out


def build_call(ctx: Context, path: str, method: str, operation: dict, headers: dict[str, str],
               body: Any = None, has_body: bool | None = None, overrides: dict[tuple[str, str], Any] | None = None) \
        -> Call:
    """A valid request for the operation: the doc example's values, else values the schema accepts;
    ``overrides`` replace (where, name) values."""
    overrides = overrides or {}
    url_path, query, extra = path, {}, dict(headers)
    for param in operation.get("parameters", []):
        key = (param["in"], param["name"])
        if key in overrides:
            value = overrides[key]
        elif "example" in param:
            value = param["example"]
        elif param.get("required") or param["in"] == "path":
            value = valid_value(ctx.spec, param.get("schema"))
        else:
            continue
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if param["in"] == "path":
            url_path = url_path.replace("{" + param["name"] + "}", quote(text, safe=""))
        elif param["in"] == "query":
            query[param["name"]] = text
        elif param["in"] == "header" and (key in overrides or param["name"].lower() not in
                                          {name.lower() for name in headers}):
            extra[param["name"]] = text  # headers given with --header/--auth win over generated values
    content = (operation.get("requestBody") or {}).get("content", {})
    media_type = next(iter(content), "application/json")
    if has_body is None:
        media = content.get(media_type, {})
        examples = media.get("examples", {})
        if examples:
            body, has_body = next(iter(examples.values())).get("value"), True
        elif (operation.get("requestBody") or {}).get("required"):
            body, has_body = valid_value(ctx.spec, media.get("schema")), True
        else:
            has_body = False
    url = ctx.base_url.rstrip("/") + url_path + (("?" + urlencode(query)) if query else "")
    return Call(method, url, extra, body, bool(has_body), media_type)


def send(ctx: Context, call: Call, check: CheckResult, source: Location | None) -> requests.Response | None:
    try:
        return ctx.client.send(call)
    except requests.RequestException as exc:
        check.record(False, Finding(f"no answer: {type(exc).__name__}", curl(call), source))
        return None


def check_examples(ctx: Context, path: str, method: str, operation: dict, result: OperationResult) -> None:
    """Replay the doc's example request; compare status, the documented example's shape and defaults."""
    content = (operation.get("requestBody") or {}).get("content", {})
    has_example = any(m.get("examples") for m in content.values()) or any(
        "example" in p for p in operation.get("parameters", []))
    check = result.check("doc_examples")
    if not has_example:
        check.status = NOT_APPLICABLE
        return
    call = build_call(ctx, path, method, operation, {**ctx.headers, **ctx.auth})
    source = _source(next(iter(next(iter(content.values()), {}).get("examples", {}).values()), {}), result.source) \
        if content else result.source
    response = send(ctx, call, check, source)
    if response is None:
        return
    responses = operation.get("responses", {})
    successes = [s for s in responses if s.startswith("2")]
    if response.status_code == 409 and "409" not in responses:
        check.status = NOT_EXERCISED  # the example's resource exists from an earlier run: reset the server
        check.findings.append(Finding("the doc's example got 409 Conflict: its resource already exists; test a "
                                      "freshly started server", curl(call), source))
        return
    if not 200 <= response.status_code < 300 or (successes and str(response.status_code) not in successes):
        check.record(False, Finding(f"the doc's example request got {response.status_code} (documented: "
                                    f"{', '.join(successes) or 'a success'})", curl(call), source))
        return
    problems = _shape_problems(responses.get(str(response.status_code), {}), response)
    problems += _default_problems(ctx.spec, content, call, response)
    check.record(not problems, Finding("; ".join(problems)[:300], curl(call), source) if problems else None)


def _shape_problems(documented: dict, response: requests.Response) -> list[str]:
    examples = [e.get("value") for media in documented.get("content", {}).values()
                for e in media.get("examples", {}).values()]
    shown = next((e for e in examples if isinstance(e, dict)), None)
    if shown is None:
        return []
    try:
        actual = response.json()
    except ValueError:
        return ["the answer is not JSON, the documented example is"]
    if not isinstance(actual, dict):
        return [f"the answer is a JSON {JSON_TYPES.get(type(actual), '?')}, the documented example an object"]
    problems = []
    for key, value in shown.items():
        if key not in actual:
            problems.append(f"member {key!r} of the documented example is missing")
        elif JSON_TYPES.get(type(actual[key])) != JSON_TYPES.get(type(value)) and \
                {JSON_TYPES.get(type(actual[key])), JSON_TYPES.get(type(value))} != {"integer", "number"}:
            problems.append(f"member {key!r} is a {JSON_TYPES.get(type(actual[key]))}, the documented example's a "
                            f"{JSON_TYPES.get(type(value))}")
    return problems


def _default_problems(spec: dict, content: dict, call: Call, response: requests.Response) -> list[str]:
    """Documented defaults of request members the example omits must be what the answer echoes."""
    schema = resolve(spec, next(iter(content.values()), {}).get("schema"))
    sent = call.body if isinstance(call.body, dict) else {}
    try:
        answer = response.json()
    except ValueError:
        return []
    if not isinstance(answer, dict):
        return []
    problems = []
    for name, prop in schema.get("properties", {}).items():
        prop = resolve(spec, prop)
        if "default" in prop and name not in sent and name in answer and answer[name] != prop["default"]:
            problems.append(f"{name!r} defaults to {prop['default']!r} in the docs, the server used {answer[name]!r}")
    return problems


def check_constraints(ctx: Context, path: str, method: str, operation: dict, result: OperationResult) -> None:
    """Each documented constraint, violated alone in an otherwise valid request, must give a 4xx."""
    check = result.check("doc_constraints")
    cases: list[tuple[str, Call, str]] = []
    headers = {**ctx.headers, **ctx.auth}
    for param in operation.get("parameters", []):
        for keyword, value in invalid_values(ctx.spec, param.get("schema")):
            call = build_call(ctx, path, method, operation, headers, overrides={(param["in"], param["name"]): value})
            cases.append((f"{param['in']} parameter {param['name']!r} violating {keyword}", call,
                          _source(param, result.source)))
    content = (operation.get("requestBody") or {}).get("content", {})
    for media_type, media in content.items():
        schema = resolve(ctx.spec, media.get("schema"))
        base = build_call(ctx, path, method, operation, headers)
        body = base.body if isinstance(base.body, dict) else valid_value(ctx.spec, schema)
        for name, prop in schema.get("properties", {}).items():
            for keyword, value, where in _member_violations(ctx.spec, prop, name):
                broken = _set(dict(body), where, value, ctx.spec, prop)
                call = Call(method, base.url, base.headers, broken, True, media_type)
                cases.append((f"body member {'/'.join(map(str, where))} violating {keyword}", call,
                              _source(resolve(ctx.spec, prop) if "$ref" in prop else prop, result.source)))
        break
    if not cases:
        check.status = NOT_APPLICABLE
        return
    for what, call, source in cases:
        response = send(ctx, call, check, source)
        if response is None:
            continue
        ok = 400 <= response.status_code < 500
        check.record(ok, None if ok else Finding(f"{what} was answered {response.status_code}, not 4xx",
                                                 curl(call), source))


def _member_violations(spec: dict, prop: dict, name: str) -> list[tuple[str, Any, list]]:
    out = [(keyword, value, [name]) for keyword, value in invalid_values(spec, prop)]
    target = resolve(spec, prop)
    items = resolve(spec, target.get("items")) if target.get("type") == "array" else None
    if items and items.get("properties"):
        for member, member_schema in items["properties"].items():
            for keyword, value in invalid_values(spec, member_schema):
                out.append((keyword, value, [name, 0, member]))
    return out


def _set(body: dict, where: list, value: Any, spec: dict, prop: dict) -> dict:
    if len(where) == 1:
        body[where[0]] = value
        return body
    items = resolve(spec, resolve(spec, prop).get("items"))
    element = valid_value(spec, items)
    element[where[2]] = value
    body[where[0]] = [element]
    return body


def check_privileges(ctx: Context, path: str, method: str, operation: dict, result: OperationResult) -> None:
    """Operations with x-privileges: no credentials → 401/403, unprivileged → 403, --auth → neither."""
    check = result.check("privileges")
    privileges = operation.get("x-privileges")
    if not privileges:
        check.status = NOT_APPLICABLE
        return
    source = result.source
    named = ", ".join(f"{scope}: {', '.join(names)}" for scope, names in privileges.items())
    attempts = [("without credentials", ctx.headers, (401, 403))]
    if ctx.unprivileged is not None and set(privileges) != {"authentication"}:  # authenticated suffices there
        attempts.append(("as the unprivileged user", {**ctx.headers, **ctx.unprivileged}, (403,)))
    for what, headers, expected in attempts:
        call = build_call(ctx, path, method, operation, headers)
        response = send(ctx, call, check, source)
        if response is not None:
            ok = response.status_code in expected
            check.record(ok, None if ok else Finding(
                f"{what} the server answered {response.status_code}, expected {'/'.join(map(str, expected))} "
                f"(documented privileges: {named})", curl(call), source))
    if ctx.auth:
        call = build_call(ctx, path, method, operation, {**ctx.headers, **ctx.auth})
        response = send(ctx, call, check, source)
        if response is not None:
            ok = response.status_code not in (401, 403)
            check.record(ok, None if ok else Finding(f"the privileged user was refused ({response.status_code})",
                                                     curl(call), source))


def lifecycle_pairs(spec: dict) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Operation pairs whose success responses link to each other (start ⇄ stop)."""
    by_id = {op.get("operationId"): (path, method) for path, methods in spec.get("paths", {}).items()
             for method, op in methods.items() if isinstance(op, dict)}
    links: dict[tuple[str, str], set[str]] = {}
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            for response in op.get("responses", {}).values():
                for link in (response.get("links") or {}).values():
                    links.setdefault((path, method), set()).add(link.get("operationId"))
    pairs = []
    for source, targets in sorted(links.items()):
        for target_id in sorted(t for t in targets if t in by_id):
            target = by_id[target_id]
            back = spec["paths"][source[0]][source[1]].get("operationId")
            if back in links.get(target, set()) and (target, source) not in pairs:
                pairs.append((source, target))
    return pairs


def check_lifecycle(ctx: Context, pair: tuple, results: dict[str, OperationResult]) -> None:
    """Run B, A, B, A with the doc's example values: after the first call (which sets a known state),
    every step must succeed — the docs say the lifecycle can be repeated."""
    (a_path, a_method), (b_path, b_method) = pair
    label = f"{a_method.upper()} {a_path}"
    other = f"{b_method.upper()} {b_path}"
    check = results[label].check("lifecycle")
    ops = ctx.spec["paths"]
    sequence = [(b_path, b_method), (a_path, a_method), (b_path, b_method), (a_path, a_method)]
    steps = []
    for index, (path, method) in enumerate(sequence):
        call = build_call(ctx, path, method, ops[path][method], {**ctx.headers, **ctx.auth})
        response = send(ctx, call, check, results[label].source)
        if response is None:
            return
        steps.append(f"{method.upper()} {path} → {response.status_code}")
        if index and not 200 <= response.status_code < 300:
            check.record(False, Finding(f"lifecycle {label} ⇄ {other} broke: " + ", ".join(steps), curl(call),
                                        results[label].source))
            results[other].check("lifecycle").record(False, Finding(
                f"lifecycle {label} ⇄ {other} broke: " + ", ".join(steps), curl(call), results[other].source))
            return
    check.record(True)
    results[other].check("lifecycle").record(True)
