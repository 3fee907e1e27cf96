"""A fresh context for one operation's cases: the prerequisite chain created through the documented
producers, the operation's own creations tracked, and everything deleted again in reverse order."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import requests

from validator.contract.calls import Context, anonymous_may_help, build_call, fresh_name, without_optional_references
from validator.contract.cleanup import delete_created
from validator.contract.http import Call, ServerGone, curl
from validator.contract.owner import as_owner, note_made_anonymously
from validator.contract.prereq import (
    Chain,
    Created,
    creates_itself,
    fill,
    find_id,
    id_from_location,
    path_params,
    resource_prefixes,
    shape,
)
from validator.contract.shown import anonymous_operations


def step(ctx: Context, call: Call, response: requests.Response | None) -> str:
    """One line of a "how": the curl and what it got."""
    return f"{curl(call, ctx.mask)} → {response.status_code if response is not None else 'no answer'}"


def _param_schema(ctx: Context, path: str, method: str, name: str) -> dict:
    for param in ctx.spec["paths"][path][method].get("parameters", []):
        if isinstance(param, dict) and param.get("in") == "path" and param.get("name") == name:
            return param.get("schema") or {}
    return {}


def send_as_documented(ctx: Context, path: str, method: str, values: dict[str, str], mapping: dict[str, str],
                       send: Any) -> tuple[Call, requests.Response | None, bool]:
    """Send without credentials when the docs show the example so; as the resource itself when this run
    created it without credentials and the docs show the operation acting as it (owner.py); else with
    --auth, and when refused and the docs do not restrict the operation, again without credentials (the
    docs' example may be anonymous, like creating an account). Returns (call, answer, anonymous)."""
    operation = ctx.spec["paths"][path][method]
    if ctx.anonymous is None:
        ctx.anonymous = anonymous_operations(ctx.spec)
    if (path, method) in ctx.anonymous:  # the docs show the example without credentials: so it is sent
        call = build_call(ctx, path, method, operation, ctx.headers, values=values, mapping=mapping)
        answer = send(call)
        note_made_anonymously(ctx, path, method, values, call.body, answer, True)
        return call, answer, True
    owner = as_owner(ctx, path, method, values)
    call = build_call(ctx, path, method, operation, owner or ctx.identity(), values=values, mapping=mapping)
    response = send(call)
    note_made_anonymously(ctx, path, method, values, call.body, response, False)
    if owner is not None or not anonymous_may_help(ctx, operation, response):
        return call, response, False
    anonymous = build_call(ctx, path, method, operation, ctx.headers, values=values, mapping=mapping)
    answer = send(anonymous)
    if answer is not None and 200 <= answer.status_code < 300:
        note_made_anonymously(ctx, path, method, values, anonymous.body, answer, True)
        return anonymous, answer, True
    return call, response, False


def without_references(ctx: Context, call: Call, response: requests.Response | None, path: str, method: str,
                       ours: set[str], send: Any) -> tuple[Call, requests.Response | None] | None:
    """A request refused with a 4xx sent again without the optional body members naming resources this run
    did not create (``ours`` are its values): the example's parent, mirror or owner. (call, answer) of the
    retry; None when the request was not refused or its body names no such member."""
    if response is None or not 400 <= response.status_code < 500:
        return None
    trimmed = without_optional_references(ctx.spec, ctx.spec["paths"][path][method], call.body, ours)
    if trimmed is call.body:
        return None
    retry = dataclasses.replace(call, body=trimmed)
    return retry, send(retry)


class Scope:
    """``with Scope(ctx, path, method) as scope:`` — the resources ``path`` needs exist inside the block."""

    def __init__(self, ctx: Context, path: str, method: str) -> None:
        self.ctx, self.path, self.method = ctx, path, method
        self.chain = Chain()

    def __enter__(self) -> Scope:
        self.build()
        return self

    def __exit__(self, kind: type | None, *exc: Any) -> None:
        if kind is None or not issubclass(kind, ServerGone):  # a dead server cannot be cleaned up
            self.cleanup()

    # ------------------------------------------------------------------ the chain

    def needed(self) -> list[str]:
        prefixes = resource_prefixes(self.path)
        if creates_itself(self.ctx.spec, self.path, self.method):
            prefixes = prefixes[:-1]  # the operation creates the last one itself, under a fresh name
        return prefixes

    def build(self) -> None:
        """Create what the operation's path needs, outermost first (stop at the first that fails); for the
        undoing side of an action pair (stop, close …), do the action first (start, open …)."""
        self.chain = Chain()
        for prefix in self.needed():
            if prefix not in self.ctx.producers:
                if prefix in self.ctx.doc_values:
                    self.chain.values[prefix] = self.ctx.doc_values[prefix]  # not creatable: the docs' value
                continue
            if not self.create(prefix):
                return
        setup = self.ctx.setups.get((self.path, self.method))
        if setup is not None:
            path, method = setup
            values = fill(path, self.chain.values)
            call = build_call(self.ctx, path, method, self.ctx.spec["paths"][path][method], self.ctx.identity(),
                              values=values, mapping=self.mapping())
            response = self.send(call)
            line = step(self.ctx, call, response)
            if response is None or not 200 <= response.status_code < 300:
                self.chain.failed = f"could not establish the state {method.upper()} {path} leads to: {line}"
            else:
                self.chain.created.append(Created("", [], line))  # shown in "how", nothing to delete

    def create(self, prefix: str) -> bool:
        """Create a resource of shape ``prefix`` under the chain's values through its documented producers."""
        attempts = []
        for producer in self.ctx.producers[prefix]:
            path, method = producer.create
            value = fresh_name(self.ctx, self._prefix_schema(prefix))
            values = {**self.chain.values, prefix: value}
            mapping = self.mapping({prefix: value})
            call, response, anonymous = send_as_documented(self.ctx, path, method, fill(path, values), mapping,
                                                           self.send)
            self.chain.anonymous |= anonymous
            attempts.append(step(self.ctx, call, response) + (" (without credentials)" if anonymous else ""))
            retried = without_references(self.ctx, call, response, path, method, set(values.values()), self.send)
            if retried:
                call, response = retried
                attempts[-1] += f"; without the resources the example names: {step(self.ctx, call, response)}"
            if response is None or not 200 <= response.status_code < 300:
                continue
            if method == "post":
                value = self.created_id(response, prefix) or ""
                if not value:
                    attempts[-1] += " (no identifier in the answer)"
                    continue
            self.chain.values[prefix] = value
            self.chain.created.append(Created(prefix, [value], attempts[-1], call.body, anonymous))
            return True
        self.chain.failed = f"could not create the prerequisite {prefix}: " + "; ".join(attempts)
        return False

    def created_id(self, response: requests.Response, prefix: str) -> str | None:
        names = tuple(n for n in (self._last_name(prefix), "id", "name", "uuid") if n)
        try:
            found = find_id(response.json(), names)
        except ValueError:
            found = None
        return found or (id_from_location(response.headers.get("Location", "")) if response.headers.get(
            "Location") else None)

    def _last_name(self, prefix: str) -> str:
        for path in self.ctx.spec["paths"]:
            if shape(path) == prefix:
                return path_params(path)[-1]
        return ""

    def _prefix_schema(self, prefix: str) -> dict:
        """The documented schema of the last parameter of a resource prefix (the first operation stating one)."""
        for path, methods in self.ctx.spec["paths"].items():
            if shape(path) == prefix:
                for method in methods:
                    schema = _param_schema(self.ctx, path, method, path_params(path)[-1])
                    if schema:
                        return schema
        return {}

    def send(self, call: Call) -> requests.Response | None:
        self.ctx.prerequisite_requests += 1
        try:
            return self.ctx.client.send(call)
        except requests.RequestException:
            return None

    # ------------------------------------------------------------------ the operation's requests

    def mapping(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The docs' concrete identifiers → this run's resources."""
        values = {**self.chain.values, **(extra or {})}
        return {self.ctx.doc_values[p]: v for p, v in values.items()
                if p in self.ctx.doc_values and self.ctx.doc_values[p] != v}

    def values(self) -> tuple[dict[str, str], dict[str, str]]:
        """(path parameter values, doc-identifier mapping) for one request of the operation; a creating PUT
        gets a fresh name for the resource it creates each time."""
        values = dict(self.chain.values)
        if creates_itself(self.ctx.spec, self.path, self.method):
            own = resource_prefixes(self.path)[-1]
            values[own] = fresh_name(self.ctx, _param_schema(self.ctx, self.path, self.method,
                                                                path_params(self.path)[-1]))
        return fill(self.path, values), self.mapping(values)

    def adopt(self, call_values: dict[str, str], response: requests.Response | None) -> None:
        """Track what a successful request of the operation itself created, for the cleanup."""
        if response is None or not 200 <= response.status_code < 300:
            return
        body, anonymous = self.sent(response)
        if creates_itself(self.ctx.spec, self.path, self.method):
            prefix = resource_prefixes(self.path)[-1]
            self.chain.created.append(Created(prefix, [call_values.get(path_params(self.path)[-1], "")], "",
                                              body, anonymous))
        elif self.method == "post" and shape(self.path) + "/{}" in self.ctx.producers:
            prefix = shape(self.path) + "/{}"
            value = self.created_id(response, prefix)
            if value:
                self.chain.created.append(Created(prefix, [value], "", body, anonymous))

    def sent(self, response: requests.Response) -> tuple[Any, bool]:
        """(the JSON body of the request ``response`` answers, whether it went without the run's credentials)."""
        request = response.request
        try:
            body = json.loads(request.body) if request is not None and request.body else None
        except (ValueError, TypeError):
            body = None
        headers = request.headers if request is not None else {}
        return body, bool(self.ctx.auth) and any(headers.get(k) != v for k, v in self.ctx.auth.items())

    def rebuild(self) -> None:
        """Back to a fresh state: undo what the operation did (its lifecycle partner: stop after start),
        clean up, create the chain again."""
        undo = self.ctx.undos.get((self.path, self.method))
        if undo is not None and not self.chain.failed:
            path, method = undo
            self.send(build_call(self.ctx, path, method, self.ctx.spec["paths"][path][method], self.ctx.identity(),
                                  values=fill(path, self.chain.values), mapping=self.mapping()))
        self.cleanup()
        self.build()

    def cleanup(self) -> None:
        """Delete what this scope created, innermost first, where a documented delete exists."""
        created, self.chain.created = self.chain.created, []
        values = dict(self.chain.values)
        for item in reversed(created):
            if item.shape:
                values[item.shape] = item.values[0]
                delete_created(self.ctx, self.send, item.shape, values, (item.body, item.anonymous))
