"""Examples against the page's own tables: each example is validated with openapi-core against the
extracted spec; undocumented fields, missing required fields, undocumented statuses and URLs that do
not match the request line are findings at the line of the offending member."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from validator.diagnostics import Diagnostic
from validator.extract.operations import matches
from validator.extract.urls import placeholder_values, to_template
from validator.model import Example, Operation, Schema
from validator.openapi import PATH_ITEM_METHODS

HOST = "http://doccontract.invalid"


def iter_example_findings(operations: tuple[Operation, ...], spec: dict[str, Any]) -> Iterator[Diagnostic]:
    """Findings for every example of every operation (none, and one finding that says why, when
    openapi-core rejects the spec)."""
    try:
        api = OpenAPI.from_dict(spec)
    except Exception as exc:  # noqa: BLE001 - openapi-core validates the spec first, raising on malformed ones
        yield Diagnostic("validate.spec", "examples were not checked: openapi-core rejects the spec extracted "
                         f"from these pages: {type(exc).__name__}: {str(exc).partition(chr(10))[0][:200]}",
                         operations[0].location if operations else None, expected="a valid OpenAPI 3.1 spec",
                         found=type(exc).__name__)
        return
    for op in operations:
        request: Example | None = None
        elsewhere = False  # the example request is another documented operation's: so are its responses
        for example in op.examples:
            if example.role == "request":
                request = example
                elsewhere = bool(example.method) and not _fits(op, example) \
                    and any(_fits(other, example) for other in operations if other is not op)
                if not elsewhere:
                    yield from _check_request(api, op, example)
            elif not elsewhere:
                yield from _check_response(api, op, example, request)


def _fits(op: Operation, example: Example) -> bool:
    """True when the example request's method and URL are those of ``op`` (any documented URL form)."""
    forms = (op.path, *(to_template(form) for form in op.alternate_paths))
    return example.method == op.method and any(matches(example.path, form) for form in forms)


def _concrete_path(op: Operation, example: Example | None) -> str:
    """The example's path when it fits the operation, else the template with placeholder values."""
    values = dict(placeholder_values(op.path, example.path)) if example is not None and example.path \
        and matches(example.path, op.path) else {}
    # the template filled in: a host ("https://{endpoint}") or base path the template omits stays out
    # (an example that writes a placeholder itself, "{project_id}", stands for a value)
    return re.sub(r"\{([^{}]*)\}", lambda m: re.sub(r"[{}<>]", "", values.get(m.group(1)) or "") or m.group(1),
                  op.path)


def _check_request(api: OpenAPI, op: Operation, example: Example) -> Iterator[Diagnostic]:
    if example.method and not _fits(op, example):
        yield Diagnostic("lint.example-url-mismatch", f"example request {example.method.upper()} {example.path} "
                         f"does not match the documented {op.method.upper()} {op.path}", example.location,
                         expected=f"{op.method.upper()} {op.path}", found=f"{example.method.upper()} {example.path}")
        return
    if not example.has_body or op.body is None or op.body_inferred or op.method not in PATH_ITEM_METHODS:
        return  # a body inferred from an example documents nothing to check examples against; openapi-core
        # addresses no method beyond OpenAPI 3.1's (those are kept in x-additional-operations)
    media_type = example.content_type or op.body_media_type
    request = MockRequest(HOST, op.method, _concrete_path(op, example), data=_wire(example.body, media_type).encode(),
                          content_type=media_type)
    for error in _errors(lambda: api.unmarshal_request(request), example):
        if "header parameter" in str(error) or "Security" in type(error).__name__:
            continue  # examples show the URL and body; credentials and headers are left out on purpose
        yield from _schema_errors(error, example, "request")
    yield from _undocumented(example.body, op.body, example, "")


def _check_response(api: OpenAPI, op: Operation, example: Example, request: Example | None) -> Iterator[Diagnostic]:
    documented = {r.status: r for r in op.responses}
    status = example.status or op.example_status
    response = documented.get(status) or documented.get(status[0] + "XX") or documented.get("default")
    if response is None:
        yield Diagnostic("lint.undocumented-status", f"example shows status {status}, which "
                         f"{op.method.upper()} {op.path} does not document",
                         example.status_location or example.location,
                         expected="one of " + ", ".join(sorted(documented)), found=status)
        return
    if not example.has_body or response.schema is None or response.inferred_from_example \
            or op.method not in PATH_ITEM_METHODS:
        return
    media_type = example.content_type or (response.media_types or ("application/json",))[0]
    req = MockRequest(HOST, op.method, _concrete_path(op, request))
    resp = MockResponse(_wire(example.body, media_type).encode(), status_code=int(status) if status.isdigit()
                        else 200, content_type=media_type)
    for error in _errors(lambda: api.unmarshal_response(req, resp), example):
        yield from _schema_errors(error, example, f"{status} response", skip_top_required=True)
    yield from _undocumented(example.body, response.schema, example, "")
    if isinstance(example.body, dict):
        for name in response.schema.required:
            if name not in example.body:
                prop = response.schema.property(name)
                yield Diagnostic("lint.missing-required-field", f"the example omits {name!r}, which the "
                                 f"{status} response documents as always present", example.location,
                                 expected=f"a member {name!r}", found="none",
                                 related=(prop.location,) if prop and prop.location else ())


class NotChecked(Exception):  # noqa: N818 - yielded as an error, it becomes one diagnostic
    """openapi-core failed on one example (a construct of the spec it cannot handle)."""


def _errors(unmarshal: Callable[[], Any], example: Example) -> list[Exception]:
    """The errors openapi-core finds in one example; a failure of openapi-core itself is one NotChecked."""
    try:
        return list(unmarshal().errors)
    except Exception as exc:  # noqa: BLE001 - a third-party failure on one example must not end the lint
        return [NotChecked(f"{type(exc).__name__}: {str(exc).partition(chr(10))[0][:160]}")]


def _wire(body: Any, media_type: str) -> str:
    """The example body as it travels: form data encoded, text as shown, anything else as JSON."""
    if isinstance(body, str):
        return body
    if isinstance(body, dict) and media_type.startswith("application/x-www-form-urlencoded"):
        return urlencode(body)
    return json.dumps(body)


def _schema_errors(error: Exception, example: Example, what: str, skip_top_required: bool = False) \
        -> Iterator[Diagnostic]:
    """One finding per schema error, at the line of the offending member. Absent top-level response
    members are reported once, by the missing-required-field rule."""
    if isinstance(error, NotChecked):
        yield Diagnostic("lint.example-not-checked", f"example {what} not checked: openapi-core failed on it "
                         f"({error})", example.location, expected="a spec openapi-core can check it against",
                         found=str(error)[:80])
        return
    errors = getattr(error, "schema_errors", None) or getattr(error.__cause__, "schema_errors", None) or ()
    for schema_error in errors:
        if skip_top_required and schema_error.validator == "required" and not schema_error.absolute_path:
            continue
        pointer = "".join(f"/{part}" for part in schema_error.absolute_path)
        yield Diagnostic("lint.example-mismatch", f"example {what} contradicts the documented schema at body "
                         f"{pointer or '/'}: {schema_error.message}", example.location_of(pointer),
                         expected=_expected(schema_error), found=_short(schema_error.instance))
    if not errors:
        yield Diagnostic("lint.example-mismatch", f"example {what} does not validate: {error}", example.location,
                         expected="a value the tables allow", found=type(error).__name__)


def _expected(schema_error) -> str:
    return f"{schema_error.validator} {_short(schema_error.validator_value)}"


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _undocumented(value: Any, schema: Schema, example: Example, pointer: str) -> Iterator[Diagnostic]:
    """Members the tables do not document (only where the tables document members at all)."""
    if isinstance(value, list) and schema.items is not None:
        for index, item in enumerate(value):
            yield from _undocumented(item, schema.items, example, f"{pointer}/{index}")
        return
    if not isinstance(value, dict) or not schema.properties:
        return
    for key, member in value.items():
        prop = schema.property(key)
        where = f"{pointer}/{key}"
        if prop is None:
            yield Diagnostic("lint.undocumented-field", f"example member {where} is not documented",
                             example.location_of(where), expected="one of " + ", ".join(
                                 p.name for p in schema.properties), found=key)
        else:
            yield from _undocumented(member, prop.schema, example, where)
