"""Schemas from what examples show: members inferred from an example body, documented fields placed
where the example nests them, and the descriptions a callout list gives the members it points at."""

from __future__ import annotations

import dataclasses
from typing import Any

from validator.model import Example, Location, Property, Schema

JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null",
              dict: "object", list: "array"}


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return JSON_TYPES.get(type(value), "")


def place_under_example(documented: Schema, body: Any, location: Location | None) -> Schema:
    """Documented fields describe the members of a collection when the example shows them there ("returns
    an array of resources, which have the following properties"): nest them where the example does. Such
    resource lists name every field a member may have, so none is promised to be present; neither is any
    field of a list the example mostly does not show."""
    documented = nest_as_shown(documented, body)
    names = {p.name for p in documented.properties}
    if not names or not isinstance(body, dict) or len(names & set(body)) * 2 >= len(names):
        return documented
    optional = dataclasses.replace(documented, properties=tuple(
        dataclasses.replace(p, required=False) for p in documented.properties))
    for key, value in body.items():
        member = value[0] if isinstance(value, list) and value else value
        if isinstance(member, dict) and len(names & set(member)) * 2 > len(names):
            placed = Schema(type="array", items=optional) if isinstance(value, list) else optional
            outer = infer_schema(body, location)
            return dataclasses.replace(outer, properties=tuple(
                dataclasses.replace(p, schema=placed) if p.name == key else p for p in outer.properties))
    return optional


def nest_as_shown(documented: Schema | None, body: Any) -> Schema | None:
    """Members documented side by side (``gizmo``, ``name``, ``size``) that the example nests (``{"gizmo":
    {"name": …, "size": …}}``) are nested as shown: a member the example shows only inside another
    documented member (at its shallowest place) becomes that member's property, or its items'."""
    if documented is None or not documented.properties or not isinstance(body, dict):
        return documented
    parents = _parents(body)
    names = {p.name for p in documented.properties}
    children: dict[str, list[Property]] = {}
    roots = []
    for prop in documented.properties:
        parent = parents.get(prop.name)
        if parent in names and parent != prop.name:
            children.setdefault(parent, []).append(prop)
        else:
            roots.append(prop)
    if not children:
        return documented
    return dataclasses.replace(documented, properties=tuple(_with_children(p, children) for p in roots))


def _parents(body: dict) -> dict[str, str | None]:
    """Member name → the name of the member holding it at its shallowest place (None: the top level).
    Breadth first, so every member's parent lies one level nearer the top than the member."""
    out: dict[str, str | None] = {}
    level: list[tuple[str | None, Any]] = [(None, body)]
    while level:
        deeper = []
        for parent, value in level:
            for member in value if isinstance(value, list) else [value]:
                if isinstance(member, dict):
                    for key, item in member.items():
                        out.setdefault(key, parent)
                        deeper.append((key, item))
        level = deeper
    return out


def _with_children(prop: Property, children: dict[str, list[Property]]) -> Property:
    kids = tuple(_with_children(c, children) for c in children.get(prop.name, ()))
    if not kids:
        return prop
    schema = prop.schema
    if schema.type == "array" or schema.items is not None:
        items = schema.items or Schema(type="object")
        items = dataclasses.replace(items, type=items.type or "object", properties=_added(items, kids))
        return dataclasses.replace(prop, schema=dataclasses.replace(schema, items=items))
    return dataclasses.replace(prop, schema=dataclasses.replace(schema, type=schema.type or "object",
                                                                properties=_added(schema, kids)))


def _added(schema: Schema, kids: tuple[Property, ...]) -> tuple[Property, ...]:
    have = {p.name for p in schema.properties}
    return schema.properties + tuple(k for k in kids if k.name not in have)


def infer_schema(value: Any, location: Location | None) -> Schema:
    """A schema describing an example value (objects, arrays by their first item, scalars)."""
    kind = json_type(value)
    if kind == "object":
        return Schema(type="object", properties=tuple(
            Property(key, infer_schema(item, None)) for key, item in value.items()), location=location)
    if kind == "array":
        return Schema(type="array", items=infer_schema(value[0], None) if value else None, location=location)
    if kind == "integer":
        return Schema(type="integer", location=location)
    return Schema(type=kind or None, location=location)


def infer_members(value: Any, location: Location | None) -> Schema:
    """The structure an example request body shows (objects and arrays, with their members) without
    claiming a type for its scalar values: one example shows a value a server accepts, not the only
    kind it accepts."""
    kind = json_type(value)
    if kind == "object":
        return Schema(type="object", properties=tuple(
            Property(key, infer_members(item, None)) for key, item in value.items()), location=location)
    if kind == "array":
        return Schema(type="array", items=infer_members(value[0], None) if value else None, location=location)
    return Schema(location=location)


def with_callouts(schema: Schema | None, examples: list[Example] | tuple[Example, ...]) -> Schema | None:
    """``schema`` with the callout lists of ``examples`` describing the members they point at (a
    description the tables state is kept)."""
    if schema is None:
        return None
    for example in examples:
        for _, pointer, text in example.callouts:
            if text:
                parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
                schema = _described(schema, parts, text)
    return schema


def _described(schema: Schema, parts: list[str], text: str) -> Schema:
    if not parts:
        return schema if schema.description else dataclasses.replace(schema, description=text)
    head, rest = parts[0], parts[1:]
    if schema.items is not None and head.isdigit():
        return dataclasses.replace(schema, items=_described(schema.items, rest, text))
    return dataclasses.replace(schema, properties=tuple(
        dataclasses.replace(p, schema=_described(p.schema, rest, text)) if p.name == head else p
        for p in schema.properties))
