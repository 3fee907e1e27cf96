"""Merging: one operation documented in several sources becomes one, field by field; where the
sources disagree the first source wins and a merge.conflict diagnostic names both locations."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from validator.diagnostics import Diagnostics
from validator.extract import versions
from validator.model import Location, Operation, Parameter, Schema

COMPARED = ("type", "format", "default", "pattern", "minimum", "maximum", "min_length", "max_length", "enum",
            "min_version")


def merge_operations(operations: list[Operation], diagnostics: Diagnostics) -> tuple[Operation, ...]:
    """One Operation per (path, method), sources in a stable order, sorted by path then method."""
    groups: dict[tuple[str, str], list[Operation]] = {}
    for op in sorted(operations, key=lambda o: (o.path, o.method, o.location or Location("", 0))):
        groups.setdefault(op.key, []).append(op)
    merged = []
    for key in sorted(groups):
        first, *rest = _newest(groups[key], diagnostics)
        for other in rest:
            first = _merge_pair(first, other, diagnostics)
        merged.append(first)
    return tuple(merged)


def _newest(group: list[Operation], diagnostics: Diagnostics) -> list[Operation]:
    """The operations of one method+path without those a later version's section supersedes ("Update
    resource class (microversions 1.2 - 1.6)" beside "Update resource class")."""
    summaries = [op.summary for op in group]
    kept = []
    for op in group:
        newer = versions.superseding(op.summary, summaries, same_subject=False)
        if newer is None:
            kept.append(op)
        else:
            versions.note_older(diagnostics, op.summary, newer, op.location, f"{op.method.upper()} {op.path}: ")
    return kept


def _merge_pair(a: Operation, b: Operation, diagnostics: Diagnostics) -> Operation:
    if a.location == b.location:
        return a  # the same text reached twice (an index page including the page)
    where = f"{a.method.upper()} {a.path}"
    params = list(a.parameters)
    for param in b.parameters:
        mine = next((p for p in params if p.name == param.name and p.where == param.where), None)
        if mine is None:
            params.append(param)
        elif mine.template_only and not param.template_only:  # only the other source documents it
            params[params.index(mine)] = param
        elif not param.template_only:
            params[params.index(mine)] = _merge_parameter(mine, param, where, diagnostics)
    responses = {r.status: r for r in a.responses}
    for response in b.responses:
        mine = responses.get(response.status)
        if mine is None:
            responses[response.status] = response
        elif _assumed(mine) and not _assumed(response):
            responses[response.status] = dataclasses.replace(response, schema=response.schema or mine.schema)
        elif (mine.schema is None or mine.inferred_from_example) and response.schema is not None \
                and not response.inferred_from_example:
            responses[response.status] = dataclasses.replace(response, location=mine.location or response.location)
        elif mine.schema is not None and response.schema is not None and not response.inferred_from_example:
            responses[response.status] = dataclasses.replace(
                mine, schema=_merge_schema(mine.schema, response.schema, f"{where} response {response.status}",
                                           diagnostics))
    if any(not _assumed(r) and r.status[0] in "23" for r in responses.values()):  # one source states it
        responses = {k: r for k, r in responses.items() if r.stated or r.status[0] not in "23"}
    body = a.body
    if body is None:
        body = b.body
    elif b.body is not None:
        body = _merge_schema(a.body, b.body, f"{where} request body", diagnostics)
    return dataclasses.replace(
        a,
        summary=a.summary or b.summary,
        description=_longer(a.description, b.description),
        parameters=tuple(params),
        body=body,
        body_required=a.body_required or b.body_required,
        body_media_types=tuple(dict.fromkeys(a.body_media_types + b.body_media_types)),
        responses=tuple(sorted(responses.values(), key=lambda r: (r.status == "default", r.status))),
        privileges=_privileges(a, b),
        examples=a.examples + tuple(e for e in b.examples if e not in a.examples),
        sources=tuple(dict.fromkeys(a.sources + b.sources)),
        alternate_paths=tuple(dict.fromkeys(a.alternate_paths + b.alternate_paths)),
        first_success=a.first_success or b.first_success,
    )


def _assumed(response) -> bool:
    return not (response.stated and response.code_stated)


def _privileges(a: Operation, b: Operation) -> tuple:
    """The first source's privileges; authentication statements of both sources are kept together, so an
    operation one source calls anonymous is not made to require credentials by the other."""
    chosen = a.privileges or b.privileges
    stated = [p for p in a.privileges + b.privileges if p.scope == "authentication"]
    return tuple(dict.fromkeys(chosen + tuple(stated)))


def _longer(a: str, b: str) -> str:
    return a if len(a) >= len(b) else b


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _merge_parameter(a: Parameter, b: Parameter, where: str, diagnostics: Diagnostics) -> Parameter:
    label = f"{where} {a.where} parameter {a.name!r}"
    if a.required != b.required and a.where != "path":
        _conflict(diagnostics, label, "required", a.required, b.required, a.location, b.location)
    if a.description and b.description and _norm(a.description) != _norm(b.description):
        _conflict(diagnostics, label, "description", a.description, b.description, a.location, b.location)
    schema = _merge_schema(a.schema, b.schema, label, diagnostics, a.location, b.location)
    return dataclasses.replace(a, schema=schema, description=a.description or b.description)


def _merge_schema(a: Schema, b: Schema, label: str, diagnostics: Diagnostics,
                  loc_a: Location | None = None, loc_b: Location | None = None) -> Schema:
    """``a`` with its gaps filled from ``b``; differing stated values are conflicts."""
    changes: dict[str, Any] = {}
    loc_a, loc_b = loc_a or a.location, loc_b or b.location
    for name in COMPARED:
        mine, theirs = getattr(a, name), getattr(b, name)
        if name == "default":
            mine = mine if a.has_default else None
            theirs = theirs if b.has_default else None
        if theirs in (None, (), "") or mine == theirs:
            continue
        if mine in (None, (), ""):
            changes[name] = theirs
            if name == "default":
                changes["has_default"] = True
        else:
            _conflict(diagnostics, label, name, mine, theirs, loc_a, loc_b)
    if not a.description and b.description:
        changes["description"] = b.description
    if b.evidence:
        changes["evidence"] = a.evidence + tuple(e for e in b.evidence if e not in a.evidence)
    if b.properties:
        props = list(a.properties)
        for prop in b.properties:
            mine = next((p for p in props if p.name == prop.name), None)
            if mine is None:
                props.append(prop)
            else:
                props[props.index(mine)] = dataclasses.replace(
                    mine, required=mine.required or prop.required,
                    schema=_merge_schema(mine.schema, prop.schema, f"{label} property {prop.name!r}",
                                         diagnostics, mine.location, prop.location))
        changes["properties"] = tuple(props)
    if a.items is not None and b.items is not None:
        changes["items"] = _merge_schema(a.items, b.items, f"{label} items", diagnostics)
    elif a.items is None and b.items is not None:
        changes["items"] = b.items
    return dataclasses.replace(a, **changes) if changes else a


def _conflict(diagnostics: Diagnostics, label: str, aspect: str, mine: Any, theirs: Any,
              loc_a: Location | None, loc_b: Location | None) -> None:
    diagnostics.add("merge.conflict", f"{label}: sources disagree on {aspect}; keeping {_show(mine)} from "
                    f"{loc_a or 'the first source'}", loc_b, expected=_show(mine), found=_show(theirs),
                    related=tuple(loc for loc in (loc_a,) if loc))


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "..."


