"""A documented rate limit's promise: where the docs say a 429 carries Retry-After (a declared header, or
the 429's description naming it — on the operation, else on any operation: a rate limit stands in front of
the whole API), a 429 without it is the server's deviation, recorded on the operation that got it as
``response_headers_conformance`` (the run backed off and went on; polite.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from validator.contract.outcome import Finding, OperationResult, doc_location
from validator.contract.shown import fit

HEADER = "retry-after"


def promises_retry_after(operation: dict) -> dict | None:
    """The documented 429 answer of ``operation`` when it promises a Retry-After header."""
    response = operation.get("responses", {}).get("429")
    if not isinstance(response, dict):
        return None
    declared = any(str(name).lower() == HEADER for name in response.get("headers", {}) or {})
    return response if declared or HEADER in str(response.get("description", "")).lower() else None


def _promise(spec: dict, operation: dict) -> dict | None:
    """The operation's own documented 429 when it has one; else the API's (the first operation whose 429
    promises Retry-After: a rate limit is one mechanism in front of every operation)."""
    if "429" in operation.get("responses", {}):
        return promises_retry_after(operation)
    for methods in spec.get("paths", {}).values():
        for other in methods.values() if isinstance(methods, dict) else ():
            found = promises_retry_after(other) if isinstance(other, dict) else None
            if found is not None:
                return found
    return None


def _operation(spec: dict, method: str, url: str, base_path: str) -> tuple[str, str] | None:
    path = urlsplit(url).path
    if base_path and path.startswith(base_path):
        path = path[len(base_path):] or "/"
    for template, methods in spec.get("paths", {}).items():
        fitted = fit(template, path) if method.lower() in methods else None
        if fitted is not None and not fitted[0]:
            return template, method.lower()
    return None


def judge(spec: dict, results: dict[str, OperationResult], unasked: list[tuple[str, str]], base_url: str) -> None:
    """Record each operation answered 429 without the Retry-After its docs promise (once per operation)."""
    base_path = urlsplit(base_url).path.rstrip("/")
    judged: set[str] = set()
    for method, url in unasked:
        found = _operation(spec, method, url, base_path)
        label = f"{found[1].upper()} {found[0]}" if found else ""
        response = _promise(spec, spec["paths"][found[0]][found[1]]) if found else None
        if response is None or label in judged or label not in results:
            continue
        judged.add(label)
        result = results[label]
        result.check("response_headers_conformance").record(False, Finding(
            "answered 429 without the Retry-After header the docs promise (the run backed off and sent again)",
            f"curl -X {method.upper()} {url}", doc_location(response) or result.source))
