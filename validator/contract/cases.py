"""Doc-derived checks run as explicit cases in a fresh scope per operation: the docs' example replayed on
resources this run created (the baseline), privileges refused to others, and each documented constraint
violated alone in the baseline request — differential: a failing baseline makes the case not exercised."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jsonschema
import requests

from validator.contract.calls import (
    Context,
    build_call,
    example_body,
    invalid_values,
    may_be_left_out,
    resolve,
    valid_value,
)
from validator.contract.conditional import precondition_cases
from validator.contract.http import Call, OffHost, curl
from validator.contract.identity import NO_CREDENTIALS
from validator.contract.outcome import (
    DOC_DEFECT,
    INCONCLUSIVE,
    NOT_APPLICABLE,
    NOT_EXERCISED,
    Finding,
    OperationResult,
    doc_location,
)
from validator.contract.owner import as_owner
from validator.contract.prereq import substitute
from validator.contract.scope import Scope, send_as_documented, step, without_references
from validator.contract.testers import NOT_OURS, not_ours, testers_part
from validator.contract.violations import ABSENT, member_violations, with_member
from validator.extract.presence import CONDITIONAL
from validator.model import Location

JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object",
              type(None): "null"}
UNSAFE = ("put", "post", "patch", "delete")


def _source(node: Any, fallback: Location | None) -> Location | None:
    return doc_location(node) or fallback


def successes(operation: dict) -> list[str]:
    """The documented success statuses the server can be held to (assumed ones are not)."""
    return [str(s) for s, r in operation.get("responses", {}).items()
            if str(s).startswith("2") and not (isinstance(r, dict) and r.get("x-assumed"))]


@dataclass
class Baseline:
    call: Call | None = None
    response: requests.Response | None = None
    how: list[str] = field(default_factory=list)
    problem: str = ""  # why the baseline does not hold ("" when it succeeded)
    identity: dict[str, str] = field(default_factory=dict)  # the headers it succeeded with
    anonymous_chain: bool = False  # a prerequisite was created without credentials

    @property
    def ok(self) -> bool:
        return not self.problem


def send(ctx: Context, call: Call) -> requests.Response | None:
    """Send a case's request; None when it got no complete answer (the server still being alive)."""
    try:
        return ctx.client.send(call)
    except (requests.RequestException, OffHost):
        return None


def exercise(ctx: Context, path: str, method: str, operation: dict, result: OperationResult) -> None:
    """All explicit cases of one operation in one fresh scope."""
    with Scope(ctx, path, method) as scope:
        attempts = privilege_attempts(ctx, scope, path, method, operation)
        if method in UNSAFE and any(r is not None and r.status_code < 300 for _, _, r, _ in attempts):
            scope.rebuild()  # a wrongly accepted request changed the state the baseline needs
        baseline = replay(ctx, scope, path, method, operation, result)
        judge_privileges(ctx, operation, result, attempts, baseline)
        if method in UNSAFE and baseline.response is not None and baseline.response.status_code < 300:
            scope.rebuild()
        check_constraints(ctx, scope, path, method, operation, result, baseline)


def replay(ctx: Context, scope: Scope, path: str, method: str, operation: dict, result: OperationResult) \
        -> Baseline:
    """Send the docs' example (else a request the schemas accept) with --auth on the scope's resources; judge
    it as ``doc_examples`` when there is an example. Returns the baseline for the other cases."""
    check = result.check("doc_examples")
    media_type, example, has_body_example, node = example_body(operation)
    has_example = has_body_example or any(isinstance(p, dict) and "example" in p
                                          for p in operation.get("parameters", []))
    source = _source(node, result.source)
    if not has_example:
        check.skip(NOT_APPLICABLE, "the docs show no example request")
    if scope.chain.failed:
        finding = Finding(scope.chain.failed, "", source, INCONCLUSIVE, scope.chain.how())
        if has_example:
            check.record(False, finding)
        return Baseline(None, None, scope.chain.how(), scope.chain.failed)
    values, mapping = scope.values()
    prior = scope.chain.anonymous  # a prerequisite was created without credentials (not this request)
    owner = as_owner(ctx, path, method, values)  # sent as the resource itself, as the docs show it
    call, response, anonymous = send_as_documented(ctx, path, method, values, mapping, lambda c: send(ctx, c))
    scope.chain.anonymous |= anonymous
    identity = ctx.headers if anonymous else owner or ctx.identity()
    # the resource's own credentials accepted, its request refused: the server's answer, not our identity's
    refused_as_owner = owner is not None and not anonymous and response is not None and response.status_code == 403
    how = scope.chain.how() + [step(ctx, call, response) + (" (without credentials)" if anonymous else "")]
    scope.adopt(values, response)
    documented = successes(operation)
    if response is not None and 200 <= response.status_code < 300 and \
            (not documented or str(response.status_code) in documented):
        if has_example:
            problems = _shape_problems(operation.get("responses", {}).get(str(response.status_code), {}), response)
            problems += _default_problems(ctx.spec, operation, call, response)
            problems += [response.unsettled] if getattr(response, "unsettled", "") else []
            check.record(not problems, Finding("; ".join(problems)[:300], curl(call, ctx.mask), source,
                                               how=how) if problems else None)
        return Baseline(call, response, how, identity=identity, anonymous_chain=scope.chain.anonymous)
    got = "no answer" if response is None else str(response.status_code)
    problem = f"the baseline request got {got} (documented: {', '.join(documented) or 'a success'})"
    ours = set(scope.chain.values.values()) | set(values.values())
    reason = testers_part(ctx, operation, path, call, response, values, ours,
                           prior and not_ours(scope, response) and not refused_as_owner, anonymous or refused_as_owner)
    if has_example and reason:
        check.record(False, Finding(reason, curl(call, ctx.mask), source, INCONCLUSIVE, how))
    elif has_example:
        verdict, why = _example_verdict(ctx, operation, media_type, example, has_body_example)
        check.record(False, Finding(f"the doc's example request got {got} (documented: "
                                    f"{', '.join(documented) or 'a success'}){why}", curl(call, ctx.mask),
                                    source, verdict, how, response.status_code if response is not None else None))
    retried = without_references(ctx, call, response, path, method, ours, lambda c: send(ctx, c)) if reason else None
    if retried and retried[1] is not None and 200 <= retried[1].status_code < 300:  # a baseline without them
        scope.adopt(values, retried[1])
        return Baseline(retried[0], retried[1], how + [step(ctx, *retried)], identity=identity,
                        anonymous_chain=scope.chain.anonymous)
    return Baseline(call, response, how, problem, identity, scope.chain.anonymous)


def _example_verdict(ctx: Context, operation: dict, media_type: str, example: Any, has_body: bool) -> tuple[str, str]:
    """A failing example that breaks the page's own schema is a doc defect, else the server's deviation."""
    if has_body:
        schema = (operation.get("requestBody") or {}).get("content", {}).get(media_type, {}).get("schema")
        if isinstance(schema, dict) and schema:
            try:
                validator = jsonschema.Draft202012Validator({**schema, "components": ctx.spec.get("components", {})})
                error = next(iter(validator.iter_errors(example)), None)
            except (jsonschema.exceptions.SchemaError, jsonschema.exceptions.RefResolutionError, TypeError):
                error = None
            if error is not None:
                return DOC_DEFECT, f"; the example breaks the page's own table: {error.message[:120]}"
    return "server-deviation", ""


def _shape_problems(documented: dict, response: requests.Response) -> list[str]:
    examples = [e.get("value") for media in documented.get("content", {}).values()
                for e in (media.get("examples") or {}).values() if isinstance(e, dict)]
    shown = next((e for e in examples if isinstance(e, dict)), None)
    if shown is None or "json" not in response.headers.get("Content-Type", "json"):
        return []  # another documented media type: its shape is content_type_conformance's business
    try:
        actual = response.json()
    except ValueError:
        return ["the answer is not JSON, the documented example is"]
    if not isinstance(actual, dict):
        return [f"the answer is {_a('JSON ' + JSON_TYPES.get(type(actual), '?'))}, the documented example an object"]
    problems = []
    for key, value in shown.items():
        if key not in actual:
            if not conditional(documented, key):
                problems.append(f"member {key!r} of the documented example is missing")
        elif JSON_TYPES.get(type(actual[key])) != JSON_TYPES.get(type(value)) and value is not None and \
                {JSON_TYPES.get(type(actual[key])), JSON_TYPES.get(type(value))} != {"integer", "number"}:
            problems.append(f"member {key!r} is {_a(JSON_TYPES.get(type(actual[key])))}, the documented example's "
                            f"{_a(JSON_TYPES.get(type(value)))}")
    return problems


def conditional(documented: dict, key: str) -> bool:
    """Does the documented response say member ``key`` may be absent: a schema whose required list leaves it
    out, or a description in conditional words ("absent on the last page", "only when …")?"""
    for media in documented.get("content", {}).values():
        schema = media.get("schema") if isinstance(media, dict) else None
        if not isinstance(schema, dict):
            continue
        member = schema.get("properties", {}).get(key)
        if isinstance(schema.get("required"), list) and key not in schema["required"]:
            return True
        if isinstance(member, dict) and CONDITIONAL.search(str(member.get("description", ""))):
            return True
    return False


def _a(noun: str | None) -> str:
    """``noun`` with its indefinite article: "an integer", "an object", "a string"."""
    noun = noun or "?"
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _default_problems(spec: dict, operation: dict, call: Call, response: requests.Response) -> list[str]:
    """Documented defaults of request members the example omits must be what the answer echoes."""
    content = (operation.get("requestBody") or {}).get("content", {})
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


def privilege_attempts(ctx: Context, scope: Scope, path: str, method: str, operation: dict) -> list[tuple]:
    """Without credentials, then as the unprivileged user: (what, call, response, expected statuses)."""
    privileges = operation.get("x-privileges")
    if not privileges or scope.chain.failed or not ctx.auth:
        return []
    attempts = [("without credentials", ctx.headers, (401, 403))]
    if ctx.unprivileged is not None and set(privileges) != {"authentication"}:  # authenticated suffices there
        attempts.append(("as the unprivileged user", {**ctx.headers, **ctx.unprivileged}, (403,)))
    out = []
    for what, headers, expected in attempts:
        values, mapping = scope.values()
        call = build_call(ctx, path, method, operation, headers, values=values, mapping=mapping)
        response = send(ctx, call)
        scope.adopt(values, response)
        out.append((what, call, response, expected))
    return out


def judge_privileges(ctx: Context, operation: dict, result: OperationResult, attempts: list[tuple],
                     baseline: Baseline) -> None:
    """Refusals count only when the privileged baseline succeeded (else they prove nothing)."""
    check = result.check("privileges")
    privileges = operation.get("x-privileges")
    if not privileges:
        check.skip(NOT_APPLICABLE, "the docs state no privileges")
        return
    if not ctx.auth:
        check.skip(NOT_EXERCISED, NO_CREDENTIALS)
        return
    named = ", ".join(f"{scope}: {', '.join(names)}" for scope, names in privileges.items())
    status = baseline.response.status_code if baseline.response is not None else None
    if status in (401, 403) and baseline.anonymous_chain:
        check.record(False, Finding(f"the privileged user was refused ({status}): {NOT_OURS}",
                                    curl(baseline.call, ctx.mask), result.source, INCONCLUSIVE, baseline.how))
        return
    if status in (401, 403):
        check.record(False, Finding(f"the privileged user was refused ({status})", curl(baseline.call, ctx.mask),
                                    result.source, how=baseline.how, status=status))
        return
    for what, call, response, expected in attempts:
        if response is None:
            continue
        accepted = response.status_code < 300
        if not accepted and not baseline.ok:
            check.record(False, Finding(f"{what} the server answered {response.status_code}, but the privileged "
                                        f"request failed too ({baseline.problem}): the refusal proves nothing",
                                        curl(call, ctx.mask), result.source, INCONCLUSIVE, baseline.how))
            continue
        check.record(not accepted, None if not accepted else Finding(
            f"{what} the server answered {response.status_code}, expected {'/'.join(map(str, expected))} "
            f"(documented privileges: {named})", curl(call, ctx.mask), result.source, how=baseline.how))
    if baseline.ok:
        check.record(True)
    elif not check.reason:
        check.skip(NOT_EXERCISED, f"the privileged request did not succeed: {baseline.problem}")


def constraint_cases(ctx: Context, operation: dict, source: Location | None) \
        -> list[tuple[str, dict, Location | None]]:
    """(what, build_call keyword arguments, doc line) for each documented constraint violated alone."""
    cases: list[tuple[str, dict, str]] = []
    for param in operation.get("parameters", []):
        if not isinstance(param, dict) or "name" not in param or "in" not in param:
            continue
        for keyword, value in invalid_values(ctx.spec, param.get("schema")):
            cases.append((f"{param['in']} parameter {param['name']!r} violating {keyword}",
                          {"overrides": {(param["in"], param["name"]): value}}, _source(param, source)))
        if param.get("required") and may_be_left_out(ctx, param):
            cases.append((f"required {param['in']} parameter {param['name']!r} absent",
                          {"omit": (param["in"], param["name"])}, _source(param, source)))
    cases += precondition_cases(operation, source)
    media_type, example, has_example, _ = example_body(operation)
    content = (operation.get("requestBody") or {}).get("content", {})
    if media_type not in content:
        return cases
    schema = resolve(ctx.spec, content[media_type].get("schema"))
    body = example if has_example and isinstance(example, dict) else valid_value(ctx.spec, schema)
    if not isinstance(body, dict):
        return cases
    for where, keyword, value, member in member_violations(ctx.spec, schema):
        named = "/".join(map(str, where))
        cases.append((f"required body member {named!r} absent" if value is ABSENT else
                      f"body member {named} violating {keyword}",
                      {"body": with_member(ctx.spec, schema, body, where, value), "has_body": True},
                      _source(member, source)))
    return cases


def check_constraints(ctx: Context, scope: Scope, path: str, method: str, operation: dict,
                      result: OperationResult, baseline: Baseline) -> None:
    """Each case must be refused with 4xx where the baseline request succeeded; 5xx fails
    not_a_server_error; a failing baseline leaves the cases not exercised."""
    check = result.check("doc_constraints")
    cases = constraint_cases(ctx, operation, result.source)
    if not cases:
        check.skip(NOT_APPLICABLE, "the docs state no constraint")
        return
    if not baseline.ok:
        check.record(False, Finding(f"{len(cases)} constraint cases not exercised: {baseline.problem}",
                                    curl(baseline.call, ctx.mask) if baseline.call else "", result.source,
                                    INCONCLUSIVE, baseline.how))
        return
    for what, kwargs, source in cases:
        values, mapping = scope.values()
        if "body" in kwargs:
            kwargs = {**kwargs, "body": substitute(kwargs["body"], mapping)}
        call = build_call(ctx, path, method, operation, baseline.identity, values=values, mapping=mapping, **kwargs)
        response = send(ctx, call)
        if response is None:
            continue
        how = baseline.how + [step(ctx, call, response)]
        if response.status_code >= 500:
            result.check("not_a_server_error").record(False, Finding(
                f"{what} was answered {response.status_code}", curl(call, ctx.mask), source, how=how))
            continue
        accepted = response.status_code < 300
        check.record(not accepted, None if not accepted else Finding(
            f"{what} was answered {response.status_code}, not 4xx (the baseline got "
            f"{baseline.response.status_code if baseline.response is not None else '?'})",
            curl(call, ctx.mask), source, how=how))
        refusal = operation.get("responses", {}).get(str(response.status_code))
        problems = [] if accepted or not isinstance(refusal, dict) else _shape_problems(refusal, response)
        if problems:  # the refusal lacks members the docs' example of that answer shows
            check.record(False, Finding(f"{what} was answered {response.status_code}: " + "; ".join(problems)[:240],
                                        curl(call, ctx.mask), _source(refusal, source), how=how))
        if accepted:
            scope.adopt(values, response)
            if method in UNSAFE:
                scope.rebuild()

