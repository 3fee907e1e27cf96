"""Producer → consumer prerequisites (RESTler's idea, from the docs instead of code): before an operation on
a concrete resource is exercised, the resources its path nests under are created through the documented
operations — `PUT /{bucket}` before `PUT /{bucket}/{item}`, a job before `POST /jobs/{id}/_start` — with
fresh run-unique names, and deleted again in reverse order where a documented delete exists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

PARAM = re.compile(r"^\{([^{}]+)\}$")
SAFE_METHODS = ("get", "head", "options", "trace")


def shape(path: str) -> str:
    """The path template with parameter names erased (`/jobs/{id}` and `/jobs/{job_id}` are one resource)."""
    return "/".join("{}" if PARAM.match(s) else s for s in path.split("/"))


def resource_prefixes(path: str) -> list[str]:
    """The shapes of the resources ``path`` nests under or names, outermost first: `/a/{x}/b/{y}/_start`
    → [`/a/{}`, `/a/{}/b/{}`]."""
    segments = shape(path).split("/")
    return ["/".join(segments[:i + 1]) for i, s in enumerate(segments) if s == "{}"]


def path_params(path: str) -> list[str]:
    """Names of the whole-segment parameters of ``path`` in order."""
    return [m.group(1) for s in path.split("/") if (m := PARAM.match(s))]


@dataclass
class Producer:
    """How a resource of one shape is created: PUT on its own path (the client names it) or POST on its
    collection (the server may name it); and how it is deleted."""
    shape: str
    create: tuple[str, str]  # (path template, method)
    delete: tuple[str, str] | None


def producers(spec: dict[str, Any]) -> dict[str, list[Producer]]:
    """Per resource shape, its documented producers (PUT on the resource first, then POST on the parent)."""
    by_shape: dict[str, dict[str, str]] = {}
    for path, methods in spec.get("paths", {}).items():
        for method in methods:
            by_shape.setdefault(shape(path), {}).setdefault(method, path)
    out: dict[str, list[Producer]] = {}
    for resource, methods in by_shape.items():
        if not resource.endswith("/{}"):
            continue
        delete = (methods["delete"], "delete") if "delete" in methods else None
        found = []
        if "put" in methods and not replaces(spec, methods["put"]):
            found.append(Producer(resource, (methods["put"], "put"), delete))
        parent = by_shape.get(resource[: -len("/{}")], {})
        if "post" in parent:
            found.append(Producer(resource, (parent["post"], "post"), delete))
        if found:
            out[resource] = found
    return out


def creates_itself(spec: dict[str, Any], path: str, method: str) -> bool:
    """A PUT on a path ending in a parameter creates the resource it names (each call gets a fresh name) —
    unless the docs make it a replacement: it requires an If-Match entity tag, or it states 404 and no 201
    while a POST on the collection creates."""
    return method == "put" and shape(path).endswith("/{}") and not replaces(spec, path)


def replaces(spec: dict[str, Any], path: str) -> bool:
    """Does the documented PUT on ``path`` only replace what exists?"""
    operation = spec.get("paths", {}).get(path, {}).get("put")
    if not isinstance(operation, dict):
        return False
    if any(isinstance(p, dict) and p.get("in") == "header" and p.get("required")
           and str(p.get("name", "")).lower() == "if-match" for p in operation.get("parameters", [])):
        return True
    statuses = {str(s) for s in operation.get("responses", {})}
    collection = shape(path)[: -len("/{}")]
    posts = any(shape(p) == collection and "post" in m for p, m in spec.get("paths", {}).items())
    return posts and "404" in statuses and "201" not in statuses


@dataclass
class Created:
    shape: str
    values: list[str]  # one per parameter of the shape
    request: str  # "curl … → 201"
    body: Any = None  # what was sent to create it
    anonymous: bool = False  # created without credentials


@dataclass
class Chain:
    """Concrete values for the resources a path nests under, and what this run created to get them."""
    values: dict[str, str] = field(default_factory=dict)  # shape prefix → the value of its last parameter
    created: list[Created] = field(default_factory=list)
    failed: str = ""  # why a prerequisite could not be created ("" when all exist)
    anonymous: bool = False  # a resource was created without credentials: --auth may not own it

    def how(self) -> list[str]:
        return [c.request for c in self.created if c.request]


def find_id(body: Any, names: tuple[str, ...], depth: int = 0) -> str | None:
    """The server-chosen identifier in a creation answer: a top-level or nested (data, result, item…)
    member named like the path parameter or `id`."""
    if not isinstance(body, dict) or depth > 2:
        return None
    for name in names:
        value = body.get(name)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
            return str(value)
    for value in body.values():
        found = find_id(value, names, depth + 1) if isinstance(value, dict) else None
        if found:
            return found
    return None


def id_from_location(location: str) -> str | None:
    """The last path segment of a Location header."""
    segment = location.split("?")[0].rstrip("/").rpartition("/")[2]
    return segment or None


def fill(path: str, values: dict[str, str]) -> dict[str, str]:
    """Path parameter values of ``path`` taken from a chain (by position in the resource hierarchy)."""
    out: dict[str, str] = {}
    names = iter(path_params(path))
    for prefix in resource_prefixes(path):
        name = next(names, None)
        if name is not None and prefix in values:
            out[name] = values[prefix]
    return out


def substitute(value: Any, mapping: dict[str, str]) -> Any:
    """``value`` with the docs' concrete identifiers replaced by the ones this run created: exact strings
    and whole path segments."""
    if not mapping:
        return value
    if isinstance(value, str):
        if value in mapping:
            return mapping[value]
        if "/" in value:
            return "/".join(mapping.get(s, s) for s in value.split("/"))
        return value
    if isinstance(value, list):
        return [substitute(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, mapping) for k, v in value.items()}
    return value
