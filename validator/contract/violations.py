"""Request bodies that break one documented constraint of one member, at any depth: APIs that wrap their
members in one object (``{"snapshot": {"name": …}}``) or in arrays of objects document most constraints
below the top level. Each body is the example's (or a minimal valid one) with only that member changed."""

from __future__ import annotations

import copy
from typing import Any

from validator.contract.calls import invalid_values, resolve, valid_value

MAX_MEMBER_DEPTH = 5  # levels of objects and arrays below the body (deeper members are not varied)
ABSENT = object()  # the "value" of a required member left out


def member_violations(spec: dict, schema: dict) -> list[tuple[list, str, Any, dict]]:
    """(path, keyword, invalid value, member schema) for each documented constraint of each member of the
    object ``schema`` (a required member's is "required" and ABSENT), shallowest members first; an array's
    elements are at index 0 of the path."""
    out: list[tuple[list, str, Any, dict]] = []
    level = [([], resolve(spec, schema))]
    for _ in range(MAX_MEMBER_DEPTH):
        deeper = []
        for where, parent in level:
            for name, prop in parent.get("properties", {}).items():
                member, path = resolve(spec, prop), [*where, name]
                out += [(path, keyword, value, member) for keyword, value in invalid_values(spec, member)]
                if name in parent.get("required", ()):
                    out.append((path, "required", ABSENT, member))
                items = resolve(spec, member.get("items")) if member.get("type") == "array" else {}
                if member.get("properties"):
                    deeper.append((path, member))
                elif items.get("properties"):
                    deeper.append(([*path, 0], items))
        level = deeper
    return out


def with_member(spec: dict, schema: dict, body: dict, path: list, value: Any) -> dict:
    """A copy of ``body`` with the member at ``path`` set to ``value``; the objects on the way are the body's
    own (an array cut to its first element), or minimal valid ones where it has none."""
    result = copy.deepcopy(body)
    container, schema = result, resolve(spec, schema)
    for key, following in zip(path, path[1:], strict=False):
        inner = resolve(spec, schema.get("items") if key == 0 else schema.get("properties", {}).get(key))
        current = container[key] if key == 0 else container.get(key)
        if following == 0:
            first = current[0] if isinstance(current, list) and current else None
            current = [first if isinstance(first, dict) else _object(spec, inner.get("items"))]
        elif not isinstance(current, dict):
            current = _object(spec, inner)
        container[key] = current
        container, schema = current, inner
    if value is ABSENT:
        container.pop(path[-1], None)
    else:
        container[path[-1]] = value
    return result


def _object(spec: dict, schema: dict | None) -> dict:
    """A valid value of the object ``schema`` (its required members), or an empty object."""
    value = valid_value(spec, schema)
    return value if isinstance(value, dict) else {}
