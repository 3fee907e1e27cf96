"""Negative cases whose acceptance breaks no promise of the docs, so schemathesis' negative_data_rejection
does not count them: an undocumented query, header or cookie parameter (servers ignore what they do not
know, and the docs never say it is refused), and null for a body member the docs make optional (read as
the member being absent) with the rest of the body valid."""

from __future__ import annotations

from typing import Any

import jsonschema
from schemathesis.generation.meta import CoveragePhaseData

from validator.contract.calls import resolve

NON_BODY = {"query", "header", "cookie"}


def _location(data: Any) -> str:
    location = getattr(data, "parameter_location", None)
    return str(getattr(location, "value", location or "")).lower()


def tolerated(case: Any, spec: dict) -> bool:
    """Is the negative ``case`` only an unknown non-body parameter or a null optional body member?"""
    data = getattr(getattr(case.meta, "phase", None), "data", None) if case.meta else None
    description = str(getattr(data, "description", "") or "").lower()
    if "unexpected propert" in description and _location(data) in NON_BODY:
        return True
    negative = {str(getattr(k, "value", k)).lower() for k, v in (case.meta.components if case.meta else {}).items()
                if v.mode.is_negative}
    if isinstance(data, CoveragePhaseData) and _location(data) not in ("", "body"):
        return False
    return negative <= {"body"} and null_optional_only(case.body, _body_schema(case, spec), spec)


def _body_schema(case: Any, spec: dict) -> dict:
    content = (case.operation.definition.raw.get("requestBody") or {}).get("content", {})
    media = content.get(case.media_type or "", next(iter(content.values()), {}))
    return resolve(spec, media.get("schema") if isinstance(media, dict) else None)


def null_optional_only(body: Any, schema: dict, spec: dict) -> bool:
    """A body whose optional members set to null are its only departure from the schema."""
    if not isinstance(body, dict) or not schema:
        return False
    required = set(schema.get("required", []))
    nulls = {k for k, v in body.items() if v is None and k not in required and k in schema.get("properties", {})}
    if not nulls:
        return False
    rest = {k: v for k, v in body.items() if k not in nulls}
    try:
        return jsonschema.Draft202012Validator({**schema, "components": spec.get("components", {})}).is_valid(rest)
    except (jsonschema.exceptions.SchemaError, jsonschema.exceptions.RefResolutionError, TypeError):
        return False
