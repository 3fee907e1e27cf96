"""Type words → schemas: how docs write types ("string", "array of strings", "List<JobParam>",
"Map<String,String>", "time units", "X data structure") and the schema each one means."""

from __future__ import annotations

import dataclasses
import re

from validator.model import Schema

TIME_UNITS_PATTERN = r"^(?:-1|0|[0-9]+(?:\.[0-9]+)?(?:d|h|m|s|ms|micros|nanos))$"
TIME_UNIT_WORDS = {
    "day": "d", "days": "d", "hour": "h", "hours": "h", "minute": "m", "minutes": "m",
    "second": "s", "seconds": "s", "millisecond": "ms", "milliseconds": "ms",
}

_SCALARS: dict[str, tuple[str, str | None]] = {
    "string": ("string", None), "str": ("string", None), "text": ("string", None),
    "keyword": ("string", None), "char": ("string", None), "uuid": ("string", "uuid"),
    "boolean": ("boolean", None), "bool": ("boolean", None),
    "integer": ("integer", None), "int": ("integer", "int32"), "int32": ("integer", "int32"),
    "long": ("integer", "int64"), "int64": ("integer", "int64"), "short": ("integer", None),
    "byte": ("integer", None), "unsigned_long": ("integer", None), "unsigned integer": ("integer", None),
    "unsigned long": ("integer", None), "positive integer": ("integer", None), "non-negative integer":
    ("integer", None),
    "double": ("number", "double"), "float": ("number", "float"), "number": ("number", None),
    "decimal": ("number", None), "bigdecimal": ("number", None), "numeric": ("number", None),
    "object": ("object", None), "dict": ("object", None), "json": ("object", None),
    "map": ("object", None), "hash": ("object", None), "jsonobject": ("object", None),
    "json object": ("object", None), "struct": ("object", None),
    "array": ("array", None), "list": ("array", None), "set": ("array", None),
    # dates are ISO 8601 strings or epoch milliseconds in most APIs
    "date": ("string|integer", None), "datetime": ("string", "date-time"), "timestamp": ("string|integer", None),
    "file": ("string", "binary"), "binary": ("string", "binary"), "any": ("", None),
    "null": ("null", None), "enum": ("string", None), "enumeration": ("string", None),
}
_TIME_WORDS = {"time units", "time value", "time unit", "duration", "time"}
_STRINGISH_WORDS = {"byte value", "byte units", "byte size", "date math", "expression", "ip",
                    "percentage", "unit", "url", "uri", "email"}


def parse_type(words: str, prose: str = "") -> Schema | None:
    """A Schema for a type as docs write it ("string", "array of strings", "List<JobParam>",
    "Map<String,String>", "time units", "Array of X objects"); None when the words are unknown.
    Named structures come back as ``Schema(name=X)`` placeholders for the caller to resolve. A
    format-only word ("json", "any") takes its kind from the prose that opens the description
    ("(json) – JSON array of strings" is an array)."""
    stated = _type_of_prose(words, prose)
    return stated if stated is not None else _parse_words(words)


FORMAT_WORDS = {"json", "any", "value", "data"}
PROSE_KIND = re.compile(r"^\W*(?:an?\s+|the\s+)?(?:json\s+)?((?:array|list)(?:\s+of\s+\w+)?|object|map|dictionary|"
                        r"string|integer|number|boolean)\b", re.IGNORECASE)


def _type_of_prose(words: str, prose: str) -> Schema | None:
    if words.strip().strip("`*_ ").lower() not in FORMAT_WORDS or not prose:
        return None
    kind = PROSE_KIND.match(prose)
    parsed = _parse_words(kind.group(1)) if kind else None
    return dataclasses.replace(parsed, type_words=words) if parsed is not None else None


STATED_TYPE = re.compile(
    r"\bType\s*[:：]\s*`?(\w[\w ]*?)`?\s*(?:[.,;(]|$)"  # "Type: integer."
    r"|(?:^\W*(?:an?\s+)?|[,;(]\s*an?\s+)(integer|number|boolean|string)\b(?!\s+of\b)"  # "An integer …", "X, an int"
    r"|\b(?:is|must be|should be)\s+(?:always\s+)?an?\s+(integer|number|boolean|string)\b(?!\s+of\b)"
    r"|^\W*(?:either\s+)?`?(true)`?\s+or\s+`?false`?\b", re.IGNORECASE | re.MULTILINE)


def stated_type(prose: str) -> Schema | None:
    """The type a field's prose states when nothing else types it ("Type: integer.", "An integer between
    1 and 10", "It is a number", "true or false"); None when the prose states none ("a number of",
    "the string to search" state no type)."""
    match = STATED_TYPE.search(prose)
    if match is None:
        return None
    words = next(g for g in match.groups() if g)
    return Schema(type="boolean") if words.lower() == "true" else _parse_words(words)


def _parse_words(words: str) -> Schema | None:
    text = re.sub(r"\s+", " ", words.strip().strip("`*_ ")).strip()
    text = re.sub(r",\s*(?:optional|required)$", "", text, flags=re.IGNORECASE)  # "Object, optional"
    low = text.lower()
    if not low:
        return None
    if low in _TIME_WORDS or "time unit" in low:
        return Schema(type="string", pattern=TIME_UNITS_PATTERN, type_words=words)
    if low in _STRINGISH_WORDS or re.match(r"key[- ]only\b", low):  # a flag ("?effective"): any value, even none
        return Schema(type="string", type_words=words)
    if low in ("data structure", "structure", "nested object", "embedded object"):
        return Schema(type="object", type_words=words)
    suffixed = re.fullmatch(r"(.+?)\s+(?:data structures?|structures?|objects?)", text, re.IGNORECASE)
    if suffixed and suffixed.group(1).lower() not in ("json", "an", "a", "the", "data", "nested", "embedded") \
            and not suffixed.group(1).lower().endswith(" of"):  # "Array of objects" is an array
        inner = parse_type(suffixed.group(1))
        if inner is not None and (inner.type in ("array", "object") or inner.name):
            return dataclasses.replace(inner, type_words=words)
        if inner is None or inner.type is None:
            return Schema(name=_component_name(suffixed.group(1)), type_words=words)
    generic = re.fullmatch(r"(list|array|set|collection)\s*<\s*(.+?)\s*>", text, re.IGNORECASE) \
        or re.fullmatch(r"(array|list|set) of (.+?)(?: objects?)?", text, re.IGNORECASE) \
        or re.fullmatch(r"()(.+?)\[\]", text)
    if generic:
        inner = _singular(generic.group(2))
        items = parse_type(inner) or Schema(name=_component_name(inner), type_words=inner)
        return Schema(type="array", items=items, type_words=words)
    mapping = re.fullmatch(r"(?:map|dict|hashmap|dictionary)\s*<\s*([^,>]+)\s*,\s*(.+?)\s*>", text,
                           re.IGNORECASE) \
        or re.fullmatch(r"(?:object )?map of ()(?:strings?\s*:\s*)?(.+?)", text, re.IGNORECASE)
    if mapping:
        values = parse_type(mapping.group(2)) or Schema(name=_component_name(mapping.group(2)))
        return Schema(type="object", additional_properties=values, type_words=words)
    union = re.split(r"\s+or\s+|\s*\|\s*", low)
    if len(union) > 1:
        parts = [parse_type(p) for p in union]
        if all(parts):
            kinds = []
            for part in parts:
                if part.type and part.type not in kinds:
                    kinds.append(part.type)
            items = next((p.items for p in parts if p.items), None)
            return Schema(type="|".join(kinds), items=items, type_words=words)
        return None
    scalar = _SCALARS.get(low) or _SCALARS.get(low.rstrip("s")) or _SCALARS.get(low.split(" ")[0]
                                                                               if " (" in low else "")
    if scalar:
        return Schema(type=scalar[0] or None, format=scalar[1], type_words=words)
    return None


def looks_like_structure_name(words: str) -> bool:
    """A type that names a documented data structure (``JobParam``, ``Job``, ``extended-configs`` …)."""
    return bool(re.fullmatch(r"[A-Za-z][\w-]*", words.strip()))


def _singular(word: str) -> str:
    word = word.strip()
    if word.lower().endswith("ies"):
        return word[:-3] + "y"
    if word.lower().endswith("s") and not word.lower().endswith("ss") and word.lower() != "bytes":
        return word[:-1]
    return word


def _component_name(words: str) -> str:
    return re.sub(r"[^\w-]", "", words.strip())
