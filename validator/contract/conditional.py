"""Conditional requests (RFC 9110 §13, RFC 6585): an operation that documents an `If-Match` header is sent
with the target's current entity tag — the ETag of a GET of the same URL just before — since a made-up or
the docs' example tag is stale by design; and the preconditions it documents are constraints to violate
alone: a stale tag must be refused where the docs state 412, a missing one where they state 428."""

from __future__ import annotations

from typing import Any

import requests

from validator.contract.http import Call, OffHost
from validator.contract.outcome import doc_location

HEADER = "if-match"
STALE = '"doccontract-stale-tag"'


def precondition_param(operation: dict) -> dict | None:
    """The operation's documented If-Match header parameter, if any."""
    return next((p for p in operation.get("parameters", []) if isinstance(p, dict) and p.get("in") == "header"
                 and str(p.get("name", "")).lower() == HEADER), None)


def current_tag(ctx: Any, url: str, headers: dict[str, str]) -> str | None:
    """The ETag a GET of ``url`` answers with the same identity (None when it answers none)."""
    ctx.prerequisite_requests += 1
    keep = {k: v for k, v in headers.items() if k.lower() not in (HEADER, "accept", "content-type")}
    try:
        response = ctx.client.send(Call("get", url, keep))
    except (requests.RequestException, OffHost):
        return None
    return response.headers.get("ETag") if 200 <= response.status_code < 300 else None


def precondition_cases(operation: dict, source: Any) -> list[tuple[str, dict, Any]]:
    """(what, build_call keyword arguments, doc line): a stale tag where the docs state 412, no tag where
    they state 428 for a required If-Match."""
    param = precondition_param(operation)
    if param is None:
        return []
    responses = {str(status) for status in operation.get("responses", {})}
    key, where = ("header", param["name"]), _where(param, source)
    cases = []
    if "412" in responses:
        cases.append((f"header {param['name']!r} with a stale entity tag (documented: 412)",
                      {"overrides": {key: STALE}}, where))
    if "428" in responses and param.get("required"):
        cases.append((f"required header {param['name']!r} absent (documented: 428)", {"omit": key}, where))
    return cases


def _where(param: dict, fallback: Any) -> Any:
    return doc_location(param) or fallback
