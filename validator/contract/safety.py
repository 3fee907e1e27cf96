"""Safety on real servers: operations the docs describe as disruptive are excluded unless asked for, and
URLs in the docs' examples that name another host are pointed at the server under test, so the server is
never asked to contact anyone else (replication targets, webhooks, callbacks)."""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import schemathesis

# what an operation does to the whole server, read from its summary, description, operationId and path
DISRUPTIVE = re.compile(
    r"\b(?:restart|reboot|shut\s*down|shutdown|halt|power\s*off|flush|wipe|purge|truncate|factory[\s_-]*reset)"
    r"(?:s|es|ed|ing)?\b"
    r"|\b(?:delete|drop|remove|erase|clear|reset|destroy)(?:s|es|ed|ing)?\s+(?:all|every(?:thing)?|the\s+(?:whole|"
    r"entire))\b"
    r"|\b(?:delete|drop|remove|reset|change|update|modify)(?:s|es|ed|ing)?\s+(?:the\s+)?(?:server|cluster|node|"
    r"global|system)(?:'s)?\s+(?:settings|configuration|config)\b"
    r"|\b(?:delete|remove|drop)(?:s|es|ed|ing)?\s+(?:the\s+)?(?:server\s+)?configuration\b",
    re.IGNORECASE)
EXAMPLE_KEYS = ("example", "examples", "default", "enum", "const")
URL = re.compile(r"\b(?:https?|wss?|ftp)://[^\s\"'<>]+", re.IGNORECASE)


def _words(path: str) -> str:
    """Path segments as words (`/__flush__` → "flush", `/_cluster/settings` → "cluster settings")."""
    return " ".join(w for w in re.split(r"[/_{}\-.]+", path) if w)


def disruptive_reason(path: str, method: str, operation: dict[str, Any]) -> str:
    """Why the docs make this operation disruptive for the whole server ("" when they do not)."""
    texts = [str(operation.get(key) or "") for key in ("summary", "description")]
    texts.append(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(operation.get("operationId") or "")))
    if method.lower() not in ("get", "head", "options"):
        texts.append(_words(path))
    for text in texts:
        match = DISRUPTIVE.search(text)
        if match:
            return f"disruptive: the docs say {match.group(0).strip()!r}"
    return ""


def origin(url: str) -> str:
    """scheme://host:port of ``url`` (default ports made explicit)."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme in ("https", "wss") else 80)
    except ValueError:
        port = 0
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{port}"


def rewrite_foreign_urls(spec: dict[str, Any], base_url: str) -> tuple[dict[str, Any], list[str]]:
    """A copy of ``spec`` whose request examples name no other host than ``base_url``'s (each foreign URL's
    origin replaced by the base URL's, path kept), and what was rewritten ("METHOD /path: old → new")."""
    spec = copy.deepcopy(spec)
    base = urlsplit(base_url)
    own = origin(base_url)
    notes: list[str] = []

    def fix(text: str, where: str) -> str:
        def replace(match: re.Match[str]) -> str:
            url = match.group(0)
            if origin(url) == own:
                return url
            parts = urlsplit(url)
            new = parts._replace(scheme=base.scheme, netloc=base.netloc.rpartition("@")[2]).geturl()
            notes.append(f"{where}: {url} → {new}")
            return new
        return URL.sub(replace, text)

    def values(node: Any, where: str) -> Any:
        if isinstance(node, str):
            return fix(node, where)
        if isinstance(node, list):
            return [values(item, where) for item in node]
        if isinstance(node, dict):
            return {key: values(value, where) for key, value in node.items()}
        return node

    def schemas(node: Any, where: str) -> None:
        """Rewrite the example-like values (not the descriptions) anywhere below ``node``."""
        if isinstance(node, list):
            for item in node:
                schemas(item, where)
        elif isinstance(node, dict):
            for key in list(node):
                if key in EXAMPLE_KEYS:
                    node[key] = values(node[key], where)
                elif key not in ("responses", "description", "summary"):
                    schemas(node[key], where)

    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items():
            if isinstance(operation, dict):
                schemas(operation, f"{method.upper()} {path}")
    schemas(spec.get("components", {}).get("schemas", {}), "components")
    return spec, notes


def on_host(value: Any, base_url: str) -> Any:
    """``value`` with every URL that names another host than ``base_url``'s pointed at it (scheme and
    authority replaced, path kept): whole values with an authority (`scheme://host…`, `//host…`) and URLs
    inside text; dicts and lists member by member."""
    if isinstance(value, dict):
        return {key: on_host(member, base_url) for key, member in value.items()}
    if isinstance(value, list):
        return [on_host(member, base_url) for member in value]
    if not isinstance(value, str) or "//" not in value:
        return value
    base, own = urlsplit(base_url), origin(base_url)
    netloc = base.netloc.rpartition("@")[2]
    try:
        parts = urlsplit(value)
        foreign = parts.netloc and origin(value if parts.scheme else f"{base.scheme}:{value}") != own
    except ValueError:
        return base_url  # no parser agrees on what it names: the server's own URL instead
    if foreign:
        value = parts._replace(scheme=base.scheme if parts.scheme else "", netloc=netloc).geturl()
    return URL.sub(lambda m: m.group(0) if origin(m.group(0)) == own else
                   urlsplit(m.group(0))._replace(scheme=base.scheme, netloc=netloc).geturl(), value)


_RUNS: list[str] = []  # base URL of the engine run in progress


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Values schemathesis generated (a `format: uri` member, a query parameter) never name another host
    than the one under test: the server is never asked to contact anyone else."""
    if not _RUNS:
        return
    for name in ("body", "query", "path_parameters", "cookies"):
        value = getattr(case, name, None)
        if isinstance(value, (dict, list, str)):
            changed = on_host(value, _RUNS[-1])
            if changed != value:
                setattr(case, name, changed)


@contextlib.contextmanager
def keep_on_host(base_url: str) -> Iterator[None]:
    """Within the block, every request of schemathesis' engine names only ``base_url``'s host."""
    _RUNS.append(base_url)
    try:
        yield
    finally:
        _RUNS.pop()
