"""Acting as a resource this run created without credentials (an account). The docs show such a resource
acting on itself when an operation's example carries basic credentials whose user is the resource the
example names; the password is the one their creation example sends. For that operation the run sends the
request as the resource — this run's name with the password it sent — since --auth need not own it."""

from __future__ import annotations

import base64
from typing import Any

from validator.contract.calls import Context, example_body
from validator.contract.prereq import path_params
from validator.contract.shown import Shown, examples

MISSING = object()


def self_credentials(item: Shown) -> tuple[str, str] | None:
    """(user, password) of the basic credentials ``item`` shows when the user is the resource it names."""
    names = path_params(item.path)
    if item.basic and names and item.values.get(names[-1]) == item.basic[0]:
        return item.basic
    return None


def shown_owner(spec: dict, operation: tuple[str, str]) -> tuple[str, str] | None:
    """The self credentials of the first example of ``operation`` (path, method) that shows some."""
    for item in examples(spec):
        if (item.path, item.method) == operation and (credentials := self_credentials(item)):
            return credentials
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


def _password_at(ctx: Context, create: tuple[str, str], shown: tuple[str, str]) -> tuple | None:
    """Where the creation example's body has the ``shown`` password (None when it has not)."""
    _, shown_body, has_body, _ = example_body(ctx.spec["paths"][create[0]][create[1]])
    return _where(shown_body, shown[1]) if has_body else None


def owner_headers(ctx: Context, create: tuple[str, str], shown: tuple[str, str], name: str,
                  sent: Any) -> dict[str, str] | None:
    """Basic credentials of the resource ``name`` created by ``create`` with body ``sent``: the password
    sits where the creation example has the ``shown`` password (None when it has not)."""
    pointer = _password_at(ctx, create, shown)
    password = _at(sent, pointer) if pointer is not None else MISSING
    if not isinstance(password, str):
        return None
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {**ctx.headers, "Authorization": f"Basic {token}"}


def _named(path: str, values: dict[str, str]) -> str:
    """The resource a request's values name: its last path parameter's value ("" for none)."""
    names = path_params(path)
    return values.get(names[-1], "") if names else ""


def note_made_anonymously(ctx: Context, path: str, method: str, values: dict[str, str], body: Any, answer: Any,
                          anonymous: bool) -> None:
    """Track the resources created without credentials: a PUT creating one at its URL without credentials
    (answered 2xx) notes it with the body sent; a later PUT or PATCH of it answered 2xx whose body sets the
    password anew (a password change) is noted as the body in effect; a DELETE answered 2xx notes it gone."""
    name = _named(path, values)
    if not name or answer is None or not 200 <= answer.status_code < 300:
        return
    made = ctx.made_anonymously.get(name)
    if anonymous and method == "put":
        ctx.made_anonymously[name] = ((path, method), body)
    elif method in ("put", "patch") and made is not None:
        shown = shown_owner(ctx.spec, (path, method))
        pointer = _password_at(ctx, made[0], shown) if shown else None
        if pointer is not None and isinstance(_at(body, pointer), str):
            ctx.made_anonymously[name] = (made[0], body)
    elif method == "delete" and name in ctx.made_anonymously:
        ctx.made_anonymously[name] = None


def deleted_by_run(ctx: Context, name: str) -> bool:
    """Was the resource ``name``, created without credentials, deleted by one of the run's requests?"""
    return name in ctx.made_anonymously and ctx.made_anonymously[name] is None


def as_owner(ctx: Context, path: str, method: str, values: dict[str, str],
             shown: tuple[str, str] | None = None) -> dict[str, str] | None:
    """The headers to send (path, method) with as the resource its values name, when this run created
    that resource without credentials and the docs show the operation (or ``shown``, one example's self
    credentials) acting as it; else None."""
    name = _named(path, values)
    made = ctx.made_anonymously.get(name)
    shown = shown or (shown_owner(ctx.spec, (path, method)) if made else None)
    return owner_headers(ctx, made[0], shown, name, made[1]) if made and shown else None
