"""`doccontract test --shard K/N`: a deterministic partition of a spec's operations, the same on every
machine and every run. Operations that must be tested together stay together: all methods of one path,
a path and the paths nested under it (parents are created before children), and operations joined by
OpenAPI links (lifecycles)."""

from __future__ import annotations

import hashlib
from typing import Any

__all__ = ["parse_shard", "shard_spec", "units"]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` → (K, N) with 1 ≤ K ≤ N; ValueError-free: a UsageError for anything else."""
    from validator.cli import UsageError

    k, sep, n = text.partition("/")
    if not (sep and k.strip().isdigit() and n.strip().isdigit()) or not 1 <= int(k) <= int(n):
        raise UsageError(f"--shard expects K/N with 1 <= K <= N, got '{text}'")
    return int(k), int(n)


def _operation_ids(spec: dict[str, Any]) -> dict[str, str]:
    return {str(op["operationId"]): path for path, methods in spec.get("paths", {}).items()
            if isinstance(methods, dict) for method, op in methods.items()
            if method in METHODS and isinstance(op, dict) and op.get("operationId")}


def units(spec: dict[str, Any]) -> list[list[str]]:
    """The paths of the spec grouped into units that are never split, each unit sorted, units sorted."""
    paths = sorted(p for p, methods in spec.get("paths", {}).items() if isinstance(methods, dict))
    parent = {p: p for p in paths}

    def find(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for path in paths:
        ancestors = [q for q in paths if q != path and q.rstrip("/") and path.startswith(q.rstrip("/") + "/")]
        for ancestor in ancestors:
            join(path, ancestor)
    by_id = _operation_ids(spec)
    for path in paths:
        for method, op in spec["paths"][path].items():
            if method not in METHODS or not isinstance(op, dict):
                continue
            for response in (op.get("responses") or {}).values():
                for link in ((response or {}).get("links") or {}).values() if isinstance(response, dict) else ():
                    target = by_id.get(str((link or {}).get("operationId", "")))
                    if target:
                        join(path, target)
    groups: dict[str, list[str]] = {}
    for path in paths:
        groups.setdefault(find(path), []).append(path)
    return sorted(sorted(group) for group in groups.values())


def _bucket(unit: list[str], n: int) -> int:
    digest = hashlib.sha256(unit[0].encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n


def shard_spec(spec: dict[str, Any], k: int, n: int) -> dict[str, Any]:
    """The spec with only the paths of shard ``k`` of ``n`` (1-based)."""
    keep = {path for unit in units(spec) if _bucket(unit, n) == k - 1 for path in unit}
    return {**spec, "paths": {p: v for p, v in spec.get("paths", {}).items() if p in keep}}
