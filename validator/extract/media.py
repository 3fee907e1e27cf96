"""Media types as the page states them: a documented ``Content-Type`` header (httpdomain ``:reqheader`` /
``:resheader`` fields, header tables), form fields, and the Content-Type of example messages."""

from __future__ import annotations

import re

from validator.extract.fields import DocField
from validator.model import Example

MEDIA_TYPE = re.compile(r"(?<![\w/.+-])((?:application|text|multipart|image|audio|video|font|model|message)"
                        r"/[A-Za-z0-9](?:[\w.+-]*[\w+])?)((?:\s*;\s*[\w-]+=(?:\"[^\"]*\"|[\w.-]*[\w-]))*)",
                        re.IGNORECASE)
FORM = "application/x-www-form-urlencoded"


def media_types_in(text: str) -> tuple[str, ...]:
    """The media types a text names, in order: ``text/plain; charset=utf-8`` keeps its parameters."""
    found = []
    for match in MEDIA_TYPE.finditer(text):
        params = [p.strip() for p in match.group(2).split(";") if p.strip()]
        found.append("; ".join([match.group(1).lower(), *params]))
    return tuple(dict.fromkeys(found))


def split_content_type(fields: list[DocField]) -> tuple[list[DocField], tuple[str, ...]]:
    """Header fields without a ``Content-Type`` that names media types, and the types it names (a
    Content-Type header is the media type of the body in OpenAPI, never a parameter of its own)."""
    kept: list[DocField] = []
    types: list[str] = []
    for doc_field in fields:
        named = media_types_in(f"{doc_field.type_words} {doc_field.description}") \
            if doc_field.name.lower() == "content-type" else ()
        if named:
            types.extend(named)
        else:
            kept.append(doc_field)
    return kept, tuple(dict.fromkeys(types))


def request_media_types(stated: tuple[str, ...], flavour: str, examples: tuple[Example, ...]) -> tuple[str, ...]:
    """The request body's media types: the documented Content-Type, form fields' encoding, then the
    types example requests show; () when nothing states one (JSON by convention)."""
    types = list(stated)
    if not types and flavour == "form":
        types.append(FORM)
    shown = [e.content_type for e in examples if e.role == "request" and e.has_body and e.content_type]
    types.extend(t for t in shown if not any(_same(t, known) for known in types))
    return tuple(types)


def _same(a: str, b: str) -> bool:
    return a.split(";")[0].strip().lower() == b.split(";")[0].strip().lower()
