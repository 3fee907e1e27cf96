"""Deleting what a run created, never silently leaving it: through the documented delete with --auth; for a
resource created without credentials (an account), as the resource itself when the docs show it deleting
itself — their delete example carries basic credentials whose user is the resource the example names and
whose password their creation example sends — with this run's name and the password it sent; what still
cannot be deleted is listed as left behind."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import requests

from validator.contract.calls import Context, build_call, example_body
from validator.contract.http import Call
from validator.contract.prereq import fill, path_params
from validator.contract.shown import examples

MISSING = object()


def shown_owner(spec: dict, delete: tuple[str, str]) -> tuple[str, str] | None:
    """(user, password) of basic credentials the docs' delete example shows, when the user is the resource
    that example deletes (its last path value)."""
    path, method = delete
    for item in examples(spec):
        if (item.path, item.method) != (path, method) or not item.basic:
            continue
        user, password = item.basic
        if path_params(path) and item.values.get(path_params(path)[-1]) == user:
            return user, password
    return None


def _where(value: Any, wanted: str, at: tuple = ()) -> tuple | None:
    """The member path of the first string ``wanted`` inside ``value``."""
    if value == wanted:
        return at
    members = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, member in members:
        found = _where(member, wanted, (*at, key))
        if found is not None:
            return found
    return None


def _at(value: Any, pointer: tuple) -> Any:
    for key in pointer:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return MISSING
    return value


def owner_headers(ctx: Context, create: tuple[str, str], delete: tuple[str, str], name: str,
                  sent: Any) -> dict[str, str] | None:
    """Basic credentials of the resource ``name`` this run created with body ``sent``, when the docs show
    such a resource deleting itself (else None)."""
    owner = shown_owner(ctx.spec, delete)
    if owner is None:
        return None
    _, shown_body, has_body, _ = example_body(ctx.spec["paths"][create[0]][create[1]])
    pointer = _where(shown_body, owner[1]) if has_body else None
    password = _at(sent, pointer) if pointer is not None else MISSING
    if not isinstance(password, str):
        return None
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {**ctx.headers, "Authorization": f"Basic {token}"}


def delete_created(ctx: Context, send: Callable[[Call], requests.Response | None], shape: str,
                   values: dict[str, str], created: tuple[Any, bool]) -> None:
    """Delete the resource of ``shape`` named by ``values`` (by shape prefix); ``created`` is (the body
    sent to create it, whether without credentials). Lists it in ``ctx.left_behind`` when it stays."""
    producer = (ctx.producers.get(shape) or [None])[0]
    name, where = values.get(shape, ""), concrete(shape, values)
    if producer is None or producer.delete is None:
        ctx.left_behind.append((where, f"{where}: the docs document no delete for it"))
        return
    path, method = producer.delete
    operation = ctx.spec["paths"][path][method]
    call = build_call(ctx, path, method, operation, ctx.identity(), values=fill(path, values), has_body=False)
    response = send(call)
    sent, anonymous = created
    owner = owner_headers(ctx, producer.create, producer.delete, name, sent) if anonymous else None
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
