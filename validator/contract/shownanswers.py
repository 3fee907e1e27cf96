"""Answers the docs themselves show: when a server's answer breaks the documented response schema the same
way the docs' own response example does — the operation's example for that status fails the same keyword
at the same place of the schema, or an example anywhere shows the member with a value of the same JSON type
(``"parent_provider_uuid": null`` where the table says string) — the docs contradict themselves, and the
failure is a documentation defect, not the server's deviation."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from validator.contract.outcome import doc_location
from validator.contract.shown import METHODS
from validator.extract.inferred import json_type


def _response(spec: dict, path: str, method: str, status: int | None) -> dict:
    responses = ((spec.get("paths", {}).get(path) or {}).get(method) or {}).get("responses") or {}
    for key in (str(status), f"{str(status)[:1]}XX", "default"):
        if isinstance(responses.get(key), dict):
            return responses[key]
    return {}


def _examples(response: dict) -> Iterator[tuple[Any, dict, dict]]:
    """(value, schema, example node) of each JSON example of a response."""
    for media_type, media in (response.get("content") or {}).items():
        if "json" not in media_type or not isinstance(media, dict):
            continue
        for example in (media.get("examples") or {}).values():
            if isinstance(example, dict) and "value" in example:
                yield example["value"], media.get("schema") or {}, example


def _what(keyword: str, instance: Any, message: str) -> Any:
    """What breaks the schema, comparable between the server's answer and an example: the JSON type of a
    wrongly typed value, the missing member of a required list, else the value itself."""
    if keyword == "type":
        return json_type(instance)
    if keyword == "required":
        missing = re.match(r"""\s*["'](.+?)["'] is a required property""", message or "")
        return missing.group(1) if missing else None
    return json.dumps(instance, sort_keys=True, default=str)


def _same_error(spec: dict, path: str, method: str, status: int | None, schema_path: list, what: Any) \
        -> str | None:
    """Where the operation's own example for ``status`` breaks the schema at ``schema_path`` by ``what``
    (None if it does not)."""
    keyword = str(schema_path[-1])
    for value, schema, node in _examples(_response(spec, path, method, status)):
        try:
            validator = Draft202012Validator({**schema, "components": spec.get("components", {})})
            errors = list(validator.iter_errors(value))
        except (SchemaError, RecursionError, ValueError, LookupError):
            continue
        if any(list(e.absolute_schema_path) == schema_path and _what(keyword, e.instance, e.message) == what
               for e in errors):
            return _where(node)
    return None


def _shown_member(spec: dict, member: str, kind: str) -> str | None:
    """Where a response example of the spec shows ``member`` with a value of JSON type ``kind``."""
    for methods in spec.get("paths", {}).values():
        for method, operation in (methods or {}).items() if isinstance(methods, dict) else ():
            if method not in METHODS or not isinstance(operation, dict):
                continue
            for response in (operation.get("responses") or {}).values():
                for value, _, node in _examples(response if isinstance(response, dict) else {}):
                    if _has(value, member, kind, 0):
                        return _where(node)
    return None


def _has(value: Any, member: str, kind: str, depth: int) -> bool:
    if depth > 30:
        return False
    if isinstance(value, dict):
        return (member in value and json_type(value[member]) == kind) or \
            any(_has(v, member, kind, depth + 1) for v in value.values())
    return isinstance(value, list) and any(_has(v, member, kind, depth + 1) for v in value)


def _where(node: dict) -> str:
    location = doc_location(node)
    return f"{location.path}:{location.line}" if location else "the docs"


def shown_by_docs(spec: dict, path: str, method: str, status: int | None, failure: Any) -> str | None:
    """The evidence that the docs' own examples break the schema as ``failure`` (a schemathesis schema
    error of the answer of (``path``, ``method``) with ``status``) does; None when they do not."""
    schema_path = list(getattr(failure, "schema_path", None) or [])
    if not schema_path:
        return None
    keyword = str(schema_path[-1])
    what = _what(keyword, getattr(failure, "instance", None), str(getattr(failure, "message", "") or ""))
    where = _same_error(spec, path, method, status, schema_path, what) if what is not None else None
    if where:
        return f"doc evidence: the docs' own example ({where}) breaks the documented schema the same way ({keyword})"
    instance_path = [p for p in getattr(failure, "instance_path", None) or [] if isinstance(p, str)]
    if keyword == "type" and instance_path:
        member, kind = instance_path[-1], json_type(getattr(failure, "instance", None))
        where = _shown_member(spec, member, kind)
        if where:
            return f"doc evidence: the docs' own example ({where}) shows {member!r} as {kind}, as the server " \
                   "answered, while the documented schema does not allow it"
    return None
