"""Sphinx httpdomain endpoints (``.. http:get:: /path/(int:id)`` and their typed fields) → the
request line, parameters, body and response fields and status codes of a Page."""

from __future__ import annotations

import re

from validator.document import Endpoint, Field, Paragraph, plain_text, walk
from validator.extract import urls
from validator.extract.fields import DocField, nest_dotted, split_head
from validator.extract.statuses import stated_statuses
from validator.model import Location

# field kind → (role, flavour); httpdomain's aliases all listed
KINDS: dict[str, tuple[str, str]] = {}
for _names, _role in (
    (("param", "parameter", "arg", "argument"), ("path", "")),
    (("query", "queryparameter", "queryparam", "qparam"), ("query", "")),
    (("reqheader", "requestheader", "<header"), ("header", "")),
    (("resheader", "responseheader", ">header"), ("response-header", "")),
    (("<json", "reqjson", "reqjsonobj", "json", "jsonparameter", "jsonparam"), ("body", "")),
    (("<jsonarr", "reqjsonarr"), ("body", "array")),
    ((">json", "resjson", "resjsonobj"), ("response", "")),
    ((">jsonarr", "resjsonarr"), ("response", "array")),
    (("form", "formparameter", "formparam"), ("body", "form")),
    (("statuscode", "status", "code"), ("response-codes", "")),
):
    for _name in _names:
        KINDS[_name] = _role


def request_line(endpoint: Endpoint) -> urls.RequestLine:
    """The endpoint's method and path as a RequestLine ('(int:id)' and '{id}' both become '{id}')."""
    return urls.make(endpoint.method.upper(), endpoint.path, endpoint.location)


def synopsis(endpoint: Endpoint) -> str:
    """The ``:synopsis:`` of an endpoint, given as a directive option or as a field of its body."""
    stated = dict(endpoint.options).get("synopsis", "")
    field = next((f for f in endpoint.fields if f.kind.lower() == "synopsis"), None)
    return stated or (plain_text(field.blocks) if field else "")


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph (all of it when no sentence ends inside it)."""
    end = re.search(r"[.!?](?=\s+[A-Z`(\"'])", text)
    return (text[:end.end()] if end else text).strip()


def path_types(endpoint: Endpoint) -> dict[str, str]:
    """Types the path's converters state: ``(int:user_id)`` → {'user_id': 'int'}."""
    return {name: kind for kind, name in re.findall(r"[(<{](\w+):(\w+)[)>}]", endpoint.path)}


def fields_by_role(endpoint: Endpoint) -> tuple[dict[str, list[DocField]], dict[str, str],
                                                   list[tuple[str, str, Location]]]:
    """(fields by role, flavours by role ('array' bodies, 'form' bodies), statuses) of an endpoint."""
    by_role: dict[str, list[DocField]] = {}
    flavours: dict[str, str] = {}
    statuses: list[tuple[str, str, Location]] = []
    converters = path_types(endpoint)
    declared_types = {f.name: plain_text(f.blocks).strip() for f in endpoint.fields if f.kind.lower() == "type"}
    for field in endpoint.fields:
        role, flavour = KINDS.get(field.kind.lower(), ("", ""))
        text = plain_text(field.blocks)
        if role == "response-codes":
            code = re.search(r"[1-5]\d\d", field.name or field.type)
            if code:
                statuses.append((code.group(0), text, field.location))
            continue
        if not role or not field.name:
            continue
        if flavour:
            flavours[role] = flavour
        required, words, rest = split_head(text)
        words = field.type or words or declared_types.get(field.name) or converters.get(field.name, "")
        if not words and role == "response-header" or flavour == "form":
            words = words or "string"  # header and form values are strings unless typed (parameters: _add)
        doc_field = DocField(field.name, _required(field, required, role), words, rest, field.location,
                             (), field.location)
        by_role.setdefault(role, []).append(doc_field)
    if not statuses:  # no status fields: the codes its prose states ("returns 404 Not Found when …")
        statuses = prose_statuses(endpoint)
    documented = {f.name for f in by_role.get("path", [])}
    for name, kind in converters.items():  # "(int:id)" types a placeholder no :param describes
        if name not in documented:
            by_role.setdefault("path", []).append(DocField(name, True, kind, "", endpoint.location))
    return {role: nest_dotted(fields) for role, fields in by_role.items()}, flavours, statuses


def prose_statuses(endpoint: Endpoint) -> list[tuple[str, str, Location]]:
    """Status codes the sentences of an endpoint's description state as its answers (examples excluded)."""
    found: dict[str, tuple[str, str, Location]] = {}
    for block in walk(endpoint.blocks):
        if isinstance(block, Paragraph):
            for status in stated_statuses(block.text, block.location, block.line_locations, block.raw_lines):
                found.setdefault(status[0], status)
    return list(found.values())


def _required(field: Field, stated: bool | None, role: str) -> bool | None:
    if stated is not None:
        return stated
    text = plain_text(field.blocks).lower()
    if re.search(r"\boptional\b", text):
        return False
    if re.search(r"\b(?:required|mandatory)\b", text):
        return True
    return True if role == "path" else None
