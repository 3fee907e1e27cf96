"""Documented fields (parameters, body and response members) from definition lists and prose,
as syntax-neutral DocFields, and their conversion to Schemas."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from validator.diagnostics import Diagnostics
from validator.document import Block, DefinitionList, ListBlock, Paragraph, plain_text
from validator.extract.constraints import apply_prose
from validator.extract.sentences import mined
from validator.extract.typewords import looks_like_structure_name, parse_type, stated_type
from validator.model import MAX_MINED_PROSE, Location, Property, Schema

# "(Required, string)", "(Optional, time units)", "(Boolean)", "(Required^*^, object)", "(Optional)"
HEAD = re.compile(r"^\(\s*(?:((?:conditionally )?required|optional)\b\s*[,;]?\s*)?"
                  r"([^()]*(?:\([^()]*\)[^()]*)?)\)\s*", re.IGNORECASE)
TERM = re.compile(r"^`?<?([^`<>()]*?)>?`?\s*$")
# a field name with its type and requiredness in the term, either order (RST ``:limit (integer, optional):``)
TYPED_TERM = re.compile(r"^`?<?([^`<>()]*?)>?`?\s*(\([^()]*\))\s*$")
# requiredness written after the type ("(string, required)")
FLAG_LAST = re.compile(r"^(.*?)\s*[,;]\s*((?:conditionally )?required|optional)$", re.IGNORECASE)


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
    where: str = ""  # where a table's "In" column puts it: path, query, header, body ('' when unstated)
    min_version: str = ""  # the API version that introduced it (os-api-ref's min_version)


def split_head(text: str) -> tuple[bool | None, str, str]:
    """``(Required, string) Text`` → (True, 'string', 'Text')."""
    match = HEAD.match(text)
    if not match:
        return None, "", text
    flag, words = match.group(1), match.group(2).strip()
    if not flag and re.fullmatch(r"required|optional", words, re.IGNORECASE):
        flag, words = words, ""
    elif not flag and FLAG_LAST.match(words):
        words, flag = FLAG_LAST.match(words).groups()
    required = None if not flag or flag.lower().startswith("conditionally") else flag.lower() == "required"
    return required, words, text[match.end():].strip()


def fields_from_definitions(dlist: DefinitionList) -> list[DocField]:
    """DocFields from an AsciiDoc-style definition list (nested lists → children)."""
    out: list[DocField] = []
    for item in dlist.items:
        name, required, term_words = _term(item.term.strip())
        text_blocks = [b for b in item.blocks if not isinstance(b, DefinitionList)]
        children: list[DocField] = []
        for block in item.blocks:
            if isinstance(block, DefinitionList):
                children.extend(fields_from_definitions(block))
        first = next((b for b in text_blocks if isinstance(b, Paragraph)), None)
        text = plain_text(text_blocks)
        head_required, words, rest = split_head(text)
        out.append(DocField(name, required if required is not None else head_required, words or term_words, rest,
                            item.location, tuple(children), first.location if first else item.location))
    return out


def _term(term: str) -> tuple[str, bool | None, str]:
    """(name, requiredness, type words) of a definition term: "`name` (Required)", or a name with its
    type and requiredness in parentheses ("limit (integer, optional)", "id (Required, string)"); words
    that name no type ("(Deprecated)") are not taken as one."""
    typed = TYPED_TERM.match(term)
    if typed:
        required, words, _ = split_head(typed.group(2))
        return typed.group(1).strip(), required, words if words and parse_type(words) else ""
    plain = TERM.match(term)
    return (plain.group(1).strip(), None, "") if plain else (term.strip("` "), None, "")


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


def field_schema(field: DocField, diagnostics: Diagnostics, structures: dict[str, list[DocField]] | None = None,
                 seen: frozenset[str] = frozenset()) -> Schema:
    """The Schema a DocField states: its type words (named structures resolved from ``structures``),
    nested fields and prose constraints."""
    if len(field.description) > MAX_MINED_PROSE:
        diagnostics.add("extract.prose-limit", f"the description of {field.name or 'a field'} has "
                        f"{len(field.description):,} characters: its first {MAX_MINED_PROSE:,} are read for types, "
                        "defaults and constraints, and written", field.description_location or field.location,
                        expected=f"at most {MAX_MINED_PROSE:,} characters", found=f"{len(field.description):,}")
    prose = mined(field.description)
    base = parse_type(field.type_words, prose) if field.type_words else stated_type(prose)
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
    if base.name and not base.properties and base.name == base.name.lower() and base.name not in (structures or {}):
        diagnostics.add("extract.unknown-type", f"unknown type {field.type_words!r} for {field.name or 'a field'}",
                        field.description_location or field.location, expected="a type word (string, integer, "
                        "boolean, object, array of X, time units, …) or a documented structure", found=field.type_words)
        base = Schema()
    if field.children:
        props, keyed = _map_keys(tuple(_property(child, diagnostics, structures, seen) for child in field.children))
        if base.type == "array" or (base.items is not None):
            items = base.items or Schema(type="object")
            base = dataclasses.replace(base, items=dataclasses.replace(
                items, type=items.type or "object", properties=props,
                additional_properties=keyed or items.additional_properties))
        else:
            base = dataclasses.replace(base, type=base.type or "object", properties=props,
                                       additional_properties=keyed or base.additional_properties)
    if structures is not None:
        base = resolve_structures(base, structures, diagnostics, seen, field.location)
    schema = dataclasses.replace(base, description=field.description, location=field.location,
                                 type_words=field.type_words, min_version=field.min_version)
    return apply_prose(schema, field.description, field.description_location or field.location)


def resolve_structures(schema: Schema, structures: dict[str, list[DocField]], diagnostics: Diagnostics,
                       seen: frozenset[str], location: Location) -> Schema:
    """Fill named structure references (``JobParam``, ``List<JobParam>``, ``Map<String,X>``) with the
    properties their tables document; a structure inside itself stays a reference."""
    if schema.items is not None:
        schema = dataclasses.replace(schema, items=resolve_structures(schema.items, structures, diagnostics,
                                                                      seen, location))
    if schema.additional_properties is not None:
        schema = dataclasses.replace(schema, additional_properties=resolve_structures(
            schema.additional_properties, structures, diagnostics, seen, location))
    if not schema.name or schema.properties or schema.name in seen:
        return schema
    members = structures.get(schema.name)
    if members is None:
        diagnostics.add("extract.unresolved-type", f"type {schema.name!r} names no documented structure",
                        location, expected=f"a table or list documenting {schema.name}", found="none")
        return schema
    props = tuple(_property(f, diagnostics, structures, seen | {schema.name}) for f in members)
    return dataclasses.replace(schema, type="object", properties=props)


def referenced_structures(fields: list[DocField]) -> set[str]:
    """Names of the structures the type words of ``fields`` refer to."""
    names: set[str] = set()
    for doc_field in fields:
        schema = parse_type(doc_field.type_words) if doc_field.type_words else None
        if schema is None and doc_field.type_words and looks_like_structure_name(doc_field.type_words):
            names.add(doc_field.type_words.strip())
        for part in (schema, schema and schema.items, schema and schema.additional_properties):
            if part is not None and part.name:
                names.add(part.name)
        names |= referenced_structures(list(doc_field.children))
    return names


SCALARS = ("string", "integer", "number", "boolean")


def _map_keys(props: tuple[Property, ...]) -> tuple[tuple[Property, ...], Schema | None]:
    """A member documented as a scalar that has members of its own (``usages.consumer_type`` a string,
    ``usages.consumer_type.consumer_count`` an integer) names the keys of a map, not a member: the
    object's values (additional properties) are the objects its members describe."""
    keys = [p for p in props if p.schema.type in SCALARS and p.schema.properties]
    if len(keys) != 1:
        return props, None
    key = keys[0].schema
    values = Schema(type="object", properties=key.properties, additional_properties=key.additional_properties,
                    description=f"keyed by {keys[0].name}: {key.description}".strip(), location=key.location,
                    min_version=key.min_version)
    return tuple(p for p in props if p is not keys[0]), values


def _property(field: DocField, diagnostics: Diagnostics, structures: dict | None,
              seen: frozenset[str] = frozenset()) -> Property:
    return Property(field.name, field_schema(field, diagnostics, structures, seen), bool(field.required),
                    field.location)


def page_properties(structures: dict[str, list[DocField]], diagnostics: Diagnostics):
    """A function giving the Property of one of a page's fields, its schema built once per page: every
    request form of a page shares its fields, and a page of many forms must not rebuild them for each."""
    built: dict[DocField, Schema] = {}

    def prop(doc_field: DocField) -> Property:
        schema = built.get(doc_field)
        if schema is None:
            schema = built[doc_field] = field_schema(doc_field, diagnostics, structures)
        return Property(doc_field.name, schema, bool(doc_field.required), doc_field.location)
    return prop


def nest_dotted(fields: list[DocField]) -> list[DocField]:
    """``data.id`` and ``data.title`` become children of ``data`` (created when undocumented)."""
    top: list[DocField] = []
    for doc_field in fields:
        parts = doc_field.name.split(".")
        if len(parts) == 1 or not all(parts):
            top = _merge_child(top, doc_field)
            continue
        top = _insert(top, parts, doc_field)
    return top


def _merge_child(siblings: list[DocField], doc_field: DocField) -> list[DocField]:
    existing = next((f for f in siblings if f.name == doc_field.name), None)
    if existing is None:
        return siblings + [doc_field]
    merged = DocField(doc_field.name, doc_field.required, doc_field.type_words or existing.type_words,
                      doc_field.description or existing.description, doc_field.location,
                      existing.children, doc_field.description_location)
    return [merged if f is existing else f for f in siblings]


def _insert(siblings: list[DocField], parts: list[str], doc_field: DocField) -> list[DocField]:
    head, rest = parts[0], parts[1:]
    if not rest:
        return _merge_child(siblings, DocField(head, doc_field.required, doc_field.type_words,
                                               doc_field.description, doc_field.location, (),
                                               doc_field.description_location))
    parent = next((f for f in siblings if f.name == head), None)
    if parent is None:
        parent = DocField(head, None, "object", "", doc_field.location)
        siblings = siblings + [parent]
    children = _insert(list(parent.children), rest, doc_field)
    updated = DocField(parent.name, parent.required, parent.type_words or "object", parent.description,
                       parent.location, tuple(children), parent.description_location)
    return [updated if f is parent else f for f in siblings]
