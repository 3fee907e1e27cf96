"""Deleting what a run created, never silently leaving it: through the documented delete with --auth; for a
resource created without credentials (an account), as the resource itself when the docs show it deleting
itself (owner.py); what still cannot be deleted is listed as left behind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from validator.contract.calls import Context, build_call
from validator.contract.http import Call
from validator.contract.owner import deleted_by_run, owner_headers, shown_owner
from validator.contract.prereq import fill


def delete_created(ctx: Context, send: Callable[[Call], requests.Response | None], shape: str,
                   values: dict[str, str], created: tuple[Any, bool]) -> None:
    """Delete the resource of ``shape`` named by ``values`` (by shape prefix); ``created`` is (the body
    sent to create it, whether without credentials). Lists it in ``ctx.left_behind`` when it stays."""
    producer = (ctx.producers.get(shape) or [None])[0]
    name, where = values.get(shape, ""), concrete(shape, values)
    if producer is None or producer.delete is None:
        ctx.left_behind.append((where, f"{where}: the docs document no delete for it"))
        return
    sent, anonymous = created
    if deleted_by_run(ctx, name):  # a resource created without credentials that a request of the run deleted
        return
    path, method = producer.delete
    operation = ctx.spec["paths"][path][method]
    call = build_call(ctx, path, method, operation, ctx.identity(), values=fill(path, values), has_body=False)
    response = send(call)
    shown = shown_owner(ctx.spec, producer.delete) if anonymous else None
    owner = owner_headers(ctx, producer.create, shown, name, sent) if shown else None
    if owner is not None and (response is None or response.status_code in (401, 403)):
        call = build_call(ctx, path, method, operation, owner, values=fill(path, values), has_body=False)
        response = send(call)
    if response is None or not (200 <= response.status_code < 300 or response.status_code in (404, 410)):
        got = response.status_code if response is not None else "no answer"
        why = " (created without credentials; the docs show no way for it to delete itself)" if anonymous \
            and owner is None else ""
        ctx.left_behind.append((where, f"{where}: {method.upper()} {call.url} → {got}{why}"))
    else:  # what had no delete of its own under it went with it
        ctx.left_behind[:] = [(at, why) for at, why in ctx.left_behind if not at.startswith(where + "/")]


def concrete(shape: str, values: dict[str, str]) -> str:
    """The resource path of ``shape`` with this run's values (by shape prefix): `/stores/{}` → `/stores/x`."""
    parts, out = shape.split("/"), []
    for n, part in enumerate(parts):
        out.append(values.get("/".join(parts[: n + 1]), part) if part == "{}" else part)
    return "/".join(out)
