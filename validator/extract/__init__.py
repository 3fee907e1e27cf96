"""Document → Operations: walks sections by their role, gathers request lines, fields, examples,
privileges and prose, and assembles one Operation per documented request form."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from validator.diagnostics import Diagnostics
from validator.document import Block, Document, Endpoint, Section, Table
from validator.extract import flat, httpdomain, urls
from validator.extract.fields import DocField
from validator.extract.operations import assemble
from validator.extract.privileges import page_authentication
from validator.extract.sections import role_of
from validator.extract.visit import visit
from validator.model import Example, Location, Operation, Privilege


@dataclass
class Page:
    """Everything one document states, before it is cut into operations."""

    document: Document
    title: str = ""
    request_lines: list[urls.RequestLine] = field(default_factory=list)
    stray_request_lines: list[urls.RequestLine] = field(default_factory=list)
    fields: dict[str, list[DocField]] = field(default_factory=dict)  # role → fields
    statuses: list[tuple[str, str, Location]] = field(default_factory=list)
    privileges: list[Privilege] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    failure: tuple[str, Location] | None = None
    endpoints: list[Endpoint] = field(default_factory=list)
    # parameter tables with their section role and the status a "**Status code: 400**" line put in force
    tables: list[tuple[Table, str, str]] = field(default_factory=list)
    flavours: dict[str, str] = field(default_factory=dict)  # 'body' → 'array' | 'form' (httpdomain fields)
    media_types: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 'request'/'response' → stated types
    pending_method: str = ""  # a legacy "Method: POST" line waiting for its "URI:" line
    pending_path: tuple[str, Location] | None = None  # a legacy "URI: /v1/..." line waiting for its method
    pending_status: str = ""  # a status an example's prose stated ("HTTP status code 400") for its body
    pending_status_at: Location | None = None  # the line that stated it
    example_statuses: list[tuple[str, str, Location]] = field(default_factory=list)  # stated by examples' prose
    lead_closed: bool = False  # a subsection or a non-paragraph block began: later prose is not the lead
    title_entered: bool = False  # the walk has entered the section that titles the page
    body_heading: bool = False  # a request-body section exists (its fields may live in an absent include)
    example_role: str = ""  # 'request'/'response' when the example cue or heading in force names one
    other_pages: tuple[Section, ...] = ()  # sections that are pages of their own: not ours to read
    operation_section: Section | None = None  # the page's only API section: its lead adds to the description

    @property
    def stated_request_lines(self) -> list[urls.RequestLine]:
        """Request lines of the request section; elsewhere only when no request section states any."""
        return self.request_lines or self.stray_request_lines

    def add_fields(self, role: str, found: list[DocField]) -> None:
        self.fields.setdefault(role, []).extend(found)


def extract_document(document: Document, diagnostics: Diagnostics) -> tuple[Operation, ...]:
    """The operations a document states (none for pages that document no endpoint). A document that
    holds several API pages (an index including them) is cut into one Page per API section."""
    blocks, sections = flat.operation_sections(document)  # a rendered page of several operations
    sections = sections or api_sections(blocks)
    operations: list[Operation] = []
    if len(sections) <= 1:
        page = Page(document, title=_single_title(document, sections), operation_section=next(iter(sections), None))
        visit(page, blocks, role="", diagnostics=diagnostics, examples=False)
        operations.extend(_assemble_page(page, diagnostics))
        sections = []
    stated = page_authentication(blocks, tuple(sections))  # outside the API sections
    for section in sections:
        page = Page(document, title=section.title, other_pages=tuple(s for s in sections if s is not section))
        page.request_lines.extend(titled_request(section))  # "POST /batch" as the section's title
        visit(page, list(section.blocks), role="", diagnostics=diagnostics, examples=False)
        own = page_authentication(list(section.blocks), tuple(s for s in sections if s is not section))
        operations.extend(_authenticated(_assemble_page(page, diagnostics), own or stated))
    if stated and not sections:
        operations[:] = _authenticated(tuple(operations), stated)
    if not operations and document.blocks:
        diagnostics.add("extract.no-operation", "no request line (METHOD /path) found: the page documents no "
                        "endpoint", Location(document.path, 1), expected="a request line such as `GET /path`",
                        found="none")
    return tuple(operations)


def _single_title(document: Document, sections: list[Section]) -> str:
    """The summary of a page's only operation: its section's own title, else (the section is titled by
    its request line or a heading of the section vocabulary, or there is none) the document's title."""
    section = sections[0] if sections else None
    if section is None or titled_request(section) or role_of(section.title):
        return document.title
    return section.title


def _authenticated(operations: tuple[Operation, ...], stated: Privilege | None) -> tuple[Operation, ...]:
    """A page's statement that every request carries credentials, on each operation that states no
    privilege of its own (an "Anonymous" marker or a named privilege speaks for itself)."""
    if stated is None:
        return operations
    return tuple(op if op.privileges else dataclasses.replace(op, privileges=(stated,)) for op in operations)


def _assemble_page(page: Page, diagnostics: Diagnostics) -> tuple[Operation, ...]:
    """A page's operations: one per declared endpoint (httpdomain) when it declares any, else one per
    request form stated in its prose."""
    if not page.endpoints:
        return assemble(page, diagnostics)
    operations: list[Operation] = []
    single = len(page.endpoints) == 1
    for endpoint in page.endpoints:
        sub = Page(page.document, title=httpdomain.synopsis(endpoint) or (page.title if single else ""))
        sub.request_lines.append(httpdomain.request_line(endpoint))
        fields, flavours, statuses = httpdomain.fields_by_role(endpoint)
        for role, found in fields.items():
            sub.add_fields(role, found)
        sub.flavours.update(flavours)
        sub.statuses.extend(statuses)
        visit(sub, list(endpoint.blocks), role="", diagnostics=diagnostics, examples=False)
        if not sub.title and sub.description:  # one of several: its own body's first sentence
            sub.title = httpdomain.first_sentence(sub.description[0])
        if single:  # the prose around a page's only endpoint is about it
            sub.statuses.extend(page.statuses)
            sub.example_statuses.extend(page.example_statuses)
            sub.examples.extend(page.examples)
            sub.privileges.extend(page.privileges)
            sub.tables.extend(page.tables)
            sub.description[:0] = page.description
            for role, found in page.fields.items():
                sub.add_fields(role, [f for f in found if f.name])
        operations.extend(assemble(sub, diagnostics))
    return tuple(operations)


def titled_request(section: Section) -> list[urls.RequestLine]:
    """The request line a section's title states (endpoints written as headings: "POST /batch")."""
    return urls.find_request_lines(section.title, section.location)


def api_sections(blocks: list[Block]) -> list[Section]:
    """Sections that document one API each: those with a request (or path-parameter) subsection, or
    that declare endpoints (httpdomain directives)."""
    found: list[Section] = []
    for block in blocks:
        if isinstance(block, Section):
            children = [b for b in block.blocks if isinstance(b, Section)]
            if any(role_of(c.title) in ("request", "path") for c in children) \
                    or any(isinstance(b, Endpoint) for b in block.blocks) or titled_request(block):
                found.append(block)
            found.extend(api_sections(list(block.blocks)))
    return found
