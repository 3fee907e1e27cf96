"""Documented fields (parameters, body and response members) from definition lists and prose,
as syntax-neutral DocFields, and their conversion to Schemas."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from validator.diagnostics import Diagnostics
from validator.document import Block, DefinitionList, ListBlock, Paragraph, plain_text
from validator.extract.constraints import apply_prose, looks_like_structure_name, parse_type
from validator.model import Location, Property, Schema

# "(Required, string)", "(Optional, time units)", "(Boolean)", "(Required^*^, object)", "(Optional)"
HEAD = re.compile(r"^\(\s*(?:((?:conditionally )?required|optional)\b\s*[,;]?\s*)?"
                  r"([^()]*(?:\([^()]*\)[^()]*)?)\)\s*", re.IGNORECASE)
TERM = re.compile(r"^`?<?([^`<>()]*?)>?`?\s*(?:\((required|optional)[^)]*\))?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DocField:
    """One documented field: a name (may be '' when a rendered page lost it), requiredness
    (None: unstated), the type as written, its prose and nested fields."""

    name: str
    required: bool | None
    type_words: str
    description: str
    location: Location
    children: tuple[DocField, ...] = ()
    description_location: Location | None = None


def split_head(text: str) -> tuple[bool | None, str, str]:
    """``(Required, string) Text`` → (True, 'string', 'Text')."""
    match = HEAD.match(text)
    if not match:
        return None, "", text
    flag, words = match.group(1), match.group(2).strip()
    if not flag and re.fullmatch(r"required|optional", words, re.IGNORECASE):
        flag, words = words, ""
    required = None if not flag or flag.lower().startswith("conditionally") else flag.lower() == "required"
    return required, words, text[match.end():].strip()


def fields_from_definitions(dlist: DefinitionList) -> list[DocField]:
    """DocFields from an AsciiDoc-style definition list (nested lists → children)."""
    out: list[DocField] = []
    for item in dlist.items:
        term = TERM.match(item.term.strip())
        name = term.group(1).strip() if term else item.term.strip("` ")
        required = None if not term or not term.group(2) else term.group(2).lower() == "required"
        text_blocks = [b for b in item.blocks if not isinstance(b, DefinitionList)]
        children: list[DocField] = []
        for block in item.blocks:
            if isinstance(block, DefinitionList):
                children.extend(fields_from_definitions(block))
        first = next((b for b in text_blocks if isinstance(b, Paragraph)), None)
        text = plain_text(text_blocks)
        head_required, words, rest = split_head(text)
        out.append(DocField(name, required if required is not None else head_required, words, rest,
                            item.location, tuple(children), first.location if first else item.location))
    return out


def fields_from_paragraphs(blocks: list[Block]) -> list[DocField]:
    """Unnamed fields of rendered pages: paragraphs that start with "(Required, string) …"."""
    out: list[DocField] = []
    for block in blocks:
        if isinstance(block, Paragraph) and HEAD.match(block.text):
            required, words, rest = split_head(block.text)
            if words and (parse_type(words) or re.fullmatch(r"[\w <>,]+", words)):
                out.append(DocField("", required, words, rest, block.location, (), block.location))
        elif isinstance(block, ListBlock):
            for item in block.items:
                out.extend(fields_from_paragraphs(list(item.blocks)))
    return out


def field_schema(field: DocField, diagnostics: Diagnostics, structures: dict | None = None) -> Schema:
    """The Schema a DocField states: its type words, nested fields and prose constraints."""
    base = parse_type(field.type_words) if field.type_words else None
    if base is None:
        if field.type_words and looks_like_structure_name(field.type_words):
            base = Schema(name=field.type_words.strip())
        else:
            if field.type_words:
                diagnostics.add("extract.unknown-type", f"unknown type {field.type_words!r} for "
                                f"{field.name or 'an unnamed field'}", field.description_location or
                                field.location, expected="a type word (string, integer, boolean, object, "
                                "array of X, time units, …)", found=field.type_words)
            base = Schema()
    if field.children:
        props = tuple(_property(child, diagnostics, structures) for child in field.children)
        if base.type == "array" or (base.items is not None):
            items = base.items or Schema(type="object")
            base = dataclasses.replace(base, items=dataclasses.replace(
                items, type=items.type or "object", properties=props))
        else:
            base = dataclasses.replace(base, type=base.type or "object", properties=props)
    description = field.description
    schema = dataclasses.replace(base, description=description, location=field.location,
                                 type_words=field.type_words)
    return apply_prose(schema, description, field.description_location or field.location)


def _property(field: DocField, diagnostics: Diagnostics, structures: dict | None) -> Property:
    return Property(field.name, field_schema(field, diagnostics, structures), bool(field.required),
                    field.location)


def object_schema(fields: list[DocField], diagnostics: Diagnostics, location: Location | None) -> Schema:
    """An object schema whose properties are ``fields``."""
    props = tuple(_property(f, diagnostics, None) for f in fields if f.name)
    return Schema(type="object", properties=props, location=location)
