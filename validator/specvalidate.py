"""A spec against the OpenAPI standard (openapi-spec-validator), each error mapped back to the doc
line that made the promise through the nearest ``x-source``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.diagnostics import Diagnostic
from validator.model import Location


def location_of(spec: dict[str, Any], json_path: list, spec_file: str) -> Location:
    """The doc location behind ``json_path`` (x-source of it or its nearest ancestor), else the spec."""
    source = source_at(spec, json_path)
    if source:
        return Location(source["file"], source["line"], source.get("column", 1))
    return Location(spec_file, 1)


def load_spec_validator() -> None:
    """Import openapi-spec-validator, the slowest import of `extract` (extract_spec does it while worker
    processes read the pages, so the two overlap)."""
    import openapi_spec_validator  # noqa: F401


def iter_spec_errors(spec: dict[str, Any], spec_file: str) -> Iterator[Diagnostic]:
    """Every way ``spec`` violates OpenAPI 3.0 or 3.1 (by its ``openapi`` field)."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(spec.get("openapi", ""))
    validator = OpenAPIV30SpecValidator if version.startswith("3.0") else OpenAPIV31SpecValidator
    try:
        errors = list(validator(spec).iter_errors())
    except Exception as exc:  # noqa: BLE001 - the validator itself fails on some malformed documents
        yield Diagnostic("validate.spec", f"the spec is too malformed to validate: {type(exc).__name__}: {exc}",
                         Location(spec_file, 1), expected=f"OpenAPI {version or '3.x'}", found=type(exc).__name__)
        return
    for error in errors:
        path = list(getattr(error, "absolute_path", []) or getattr(error, "path", []))
        pointer = "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)
        message = str(error.message).split("\n")[0]
        instance = getattr(error, "instance", None)
        found = repr(instance) if not isinstance(instance, dict | list) else type(instance).__name__
        yield Diagnostic("validate.spec", f"{pointer}: {message}", location_of(spec, path, spec_file),
                         expected=f"OpenAPI {version or '3.x'}", found=found[:60])


def source_at(spec: dict[str, Any], json_path: list[str | int]) -> dict[str, Any] | None:
    """The ``x-source`` of the element at ``json_path`` or of its nearest ancestor that has one."""
    nodes: list[Any] = [spec]
    node: Any = spec
    for part in json_path:
        if isinstance(node, dict) and part not in node and str(part) in node:
            part = str(part)  # status codes: validators report 204 for the key '204'
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        nodes.append(node)
    for node in reversed(nodes):
        if isinstance(node, dict) and isinstance(node.get("x-source"), dict):
            return node["x-source"]
    return None
