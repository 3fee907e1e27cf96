"""The API model every reader's extraction fills and every writer reads: frozen, located data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# characters of one description the prose rules read and a spec carries: constraints are stated in a
# description's first sentences, and the corpora's longest description is a few thousand characters
MAX_MINED_PROSE = 20_000


def written(text: str) -> str:
    """``text`` as a spec carries it: at most MAX_MINED_PROSE characters, then a note of what was cut (YAML's
    pure-Python emitter, used for text with tabs or control characters, takes seconds per megabyte)."""
    if len(text) <= MAX_MINED_PROSE:
        return text
    return f"{text[:MAX_MINED_PROSE]} … [{len(text) - MAX_MINED_PROSE:,} more characters not written]"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in an ORIGINAL source file (after un-squashing, still the original line/column)."""

    path: str  # relative, '/'-separated
    line: int  # 1-based
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a schema keyword was mined from, so reports can quote the doc."""

    keyword: str
    sentence: str
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Schema:
    """A JSON-schema subset with provenance. ``name`` marks a named structure (a component)."""

    type: str | None = None
    format: str | None = None
    enum: tuple[Any, ...] = ()
    default: Any = None
    has_default: bool = False
    pattern: str | None = None
    minimum: float | int | None = None
    maximum: float | int | None = None
    min_length: int | None = None
    max_length: int | None = None
    items: Schema | None = None
    properties: tuple[Property, ...] = ()
    additional_properties: Schema | None = None
    name: str | None = None
    description: str = ""
    location: Location | None = None
    evidence: tuple[Evidence, ...] = ()
    type_words: str = ""  # the type as the doc wrote it ("List<JobParam>", "time units")
    min_version: str = ""  # the API version that introduced the element (x-min-version)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.name for p in self.properties if p.required))

    def property(self, name: str) -> Property | None:
        return next((p for p in self.properties if p.name == name), None)

    def default_fits(self) -> bool:
        """Does the default satisfy this schema's type, pattern, lengths and bounds? (Two statements of a
        page can contradict each other; a spec never carries both.)"""
        value = self.default
        if self.type and not set(self.type.split("|")) & set(_json_kinds(value)):
            return False
        if isinstance(value, str):
            try:
                if self.pattern and not re.search(self.pattern, value):
                    return False
            except re.error:
                return True
            return not ((self.min_length is not None and len(value) < self.min_length)
                        or (self.max_length is not None and len(value) > self.max_length))
        if isinstance(value, int | float) and not isinstance(value, bool):
            return not ((self.minimum is not None and value < self.minimum)
                        or (self.maximum is not None and value > self.maximum))
        return True


def _json_kinds(value: Any) -> tuple[str, ...]:
    """The JSON Schema types a Python value is an instance of (an integer is a number too)."""
    if isinstance(value, bool):
        return ("boolean",)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return ("integer", "number")
    kinds = {str: "string", float: "number", list: "array", dict: "object", type(None): "null"}
    return (kinds.get(type(value), ""),)


@dataclass(frozen=True, slots=True)
class Property:
    """A named member of an object schema."""

    name: str
    schema: Schema
    required: bool = False
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Parameter:
    """A path, query, header or cookie parameter."""

    name: str
    where: str  # 'path' | 'query' | 'header' | 'cookie'
    required: bool
    schema: Schema
    location: Location | None = None
    description: str = ""
    section: str = ""  # the role of the section it was documented under (lint: wrong heading)
    example: Any = None  # the value the doc's example request uses (typed as documented: '2' → 2)

    @property
    def template_only(self) -> bool:
        """A path parameter that only the URL template names: no statement documents it."""
        return self.where == "path" and self.section == ""


@dataclass(frozen=True, slots=True)
class Response:
    """One documented response (status is '200', '4XX' or 'default')."""

    status: str
    description: str = ""
    schema: Schema | None = None
    location: Location | None = None
    inferred_from_example: bool = False
    headers: tuple[Parameter, ...] = ()
    stated: bool = True  # False for the success response assumed where a page states none
    media_types: tuple[str, ...] = ()  # the Content-Types the page states for it (header fields, tables)
    code_stated: bool = True  # False when the page documents the response but states no code for it


@dataclass(frozen=True, slots=True)
class Privilege:
    """Privileges a page requires. ``alternatives``: any one of ``names`` suffices ("X, or Y")."""

    scope: str  # 'cluster' | 'index' | 'roles' | 'permissions' | ...
    names: tuple[str, ...]
    location: Location | None = None
    alternatives: bool = False
    resource: str = ""  # e.g. "source indices", "destination index"


@dataclass(frozen=True, slots=True)
class Example:
    """A request or response example shown in the docs. ``member_locations`` maps JSON pointers
    of body members to the line that shows them (lint points at the offending value)."""

    role: str  # 'request' | 'response'
    method: str = ""
    path: str = ""
    status: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = None
    has_body: bool = False
    raw: str = ""
    location: Location | None = None
    member_locations: tuple[tuple[str, Location], ...] = ()
    # AsciiDoc callouts: (number, JSON pointer of the member on the callout's line, the callout list's text)
    callouts: tuple[tuple[str, str, str], ...] = ()
    status_location: Location | None = None  # the line of the example's status line, when it shows one

    @property
    def content_type(self) -> str:
        """The media type the example's Content-Type header states ('' when it shows none)."""
        stated = next((v for k, v in self.headers if k.lower() == "content-type"), "")
        return re.sub(r"\s*;\s*", "; ", stated.strip())

    def location_of(self, pointer: str) -> Location | None:
        """The line of the JSON member at ``pointer`` (or of its nearest shown ancestor)."""
        found = dict(self.member_locations)
        while True:
            if pointer in found:
                return found[pointer]
            if not pointer:
                return self.location
            pointer = pointer.rsplit("/", 1)[0]


@dataclass(frozen=True, slots=True)
class Operation:
    """One documented HTTP operation, every element located."""

    method: str  # lower case
    path: str  # OpenAPI template, '/'-prefixed, {placeholders}
    summary: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    body: Schema | None = None
    body_required: bool = False
    body_media_types: tuple[str, ...] = ()  # the request Content-Types the page states (none: JSON)
    body_inferred: bool = False  # no table documents the body: its members are those an example request shows
    responses: tuple[Response, ...] = ()
    privileges: tuple[Privilege, ...] = ()
    examples: tuple[Example, ...] = ()
    location: Location | None = None
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    operation_id: str = ""
    alternate_paths: tuple[str, ...] = ()  # further documented URL forms (comma lists, _all)
    deprecated: bool = False
    first_success: str = ""  # the first 2xx the docs state, in their order ("Normal response codes: 202, 200")

    @property
    def example_status(self) -> str:
        """The status a response example without a status line belongs to: the first success the docs
        state, else the first 2xx (then 3xx) response, else 200."""
        statuses = [r.status for r in self.responses]
        if self.first_success in statuses:
            return self.first_success
        return next((s for s in statuses if s[0] == "2"), next((s for s in statuses if s[0] == "3"), "200"))

    @property
    def key(self) -> tuple[str, str]:
        return (self.path, self.method)

    @property
    def body_media_type(self) -> str:
        """The media type the body schema is stated for (the first documented one)."""
        return self.body_media_types[0] if self.body_media_types else "application/json"

    def parameter(self, name: str, where: str | None = None) -> Parameter | None:
        return next(
            (p for p in self.parameters if p.name == name and (where is None or p.where == where)), None
        )
