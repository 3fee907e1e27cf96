"""Why a refused request is the tester's doing, not the server's: a value the docs never gave, resources
the docs' example names that this run did not create, a documented conflict with the resource's current
state, a resource made by another identity, credentials the docs state no privilege for. Such a refusal is
inconclusive (the precondition was not established), never a server deviation."""

from __future__ import annotations

from typing import Any

import requests

from validator.contract.calls import Context, docs_valued, foreign_references, invented
from validator.contract.http import Call
from validator.contract.scope import Scope

STATE_CONFLICT = ("409", "412")  # Conflict, Precondition Failed: about the resource's current state (RFC 9110)
CONFLICT_REASON = "the server reports a conflict with the resource's current state, an answer the docs give for " \
    "this operation: the docs' example assumes a state (a generation, a version, a lock) this run did not establish"


def state_conflict(operation: dict, response: Any) -> bool:
    """The answer is a documented 409 or 412: the resource's current state is not what the request assumed,
    which on a replayed example is the tester's precondition, not the server's deviation."""
    code = str(getattr(response, "status_code", ""))
    return code in STATE_CONFLICT and code in (operation.get("responses") or {})


NOT_OURS = "a prerequisite was created without credentials (as the docs show it), so --auth need not own it"


def not_ours(scope: Scope, response: requests.Response | None) -> bool:
    """Refused to --auth on a resource created anonymously: the tester lacks the identity, not the server."""
    return scope.chain.anonymous and response is not None and response.status_code in (401, 403)


def testers_part(ctx: Context, operation: dict, path: str, call: Call, response: requests.Response | None,
                 values: dict[str, str], ours: set[str], not_ours_refused: bool, identity_fits: bool) -> str:
    """Why a refused (4xx) request is the tester's doing, not the server's ("" when it is not): a value the
    docs never gave, resources the path or the example's body names that this run did not create (a path
    answered 404 or 410), a documented conflict with
    the resource's state, a resource made by another identity, credentials the docs state no privilege for."""
    if response is None or not 400 <= response.status_code < 500:
        return ""
    got = response.status_code
    if made_up := invented(operation, values):
        return f"the docs give no value for {', '.join(made_up)}; the request with a made-up one got {got}"
    if got in (404, 410) and (named := docs_valued(operation, values, path, call.method.lower())):
        return f"the request names resources this run did not create ({', '.join(named[:3])}: the docs' " \
               f"example values); it got {got}"
    if foreign := foreign_references(call.body, ours, ctx.collections):
        return f"the docs' example names resources this run did not create ({', '.join(foreign[:3])}); the " \
               f"request got {got}"
    if state_conflict(operation, response):
        return f"got {got}: {CONFLICT_REASON}"
    if not_ours_refused:
        return f"refused ({got}): {NOT_OURS}"
    if got in (401, 403) and not identity_fits and not operation.get("x-privileges"):
        return f"--auth was refused ({got}); the docs state no privilege for this operation, so the run lacks an " \
               "identity that may do it"
    return ""
