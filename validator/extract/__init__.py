"""Document → Operations: walks sections by their role, gathers request lines, fields, examples,
privileges and prose, and assembles one Operation per documented request form."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from validator.diagnostics import Diagnostics
from validator.document import (
    Block,
    CodeBlock,
    DefinitionList,
    Document,
    Endpoint,
    ListBlock,
    Paragraph,
    Section,
    Table,
)
from validator.extract import httpdomain, tables, urls
from validator.extract.examples import parse_example
from validator.extract.fields import DocField, fields_from_definitions, fields_from_paragraphs
from validator.extract.operations import assemble
from validator.extract.privileges import authentication_required, privileges_from
from validator.extract.sections import role_of
from validator.extract.statuses import status_from_line, statuses_from_definitions, statuses_in_prose
from validator.model import Example, Location, Operation, Privilege

EXAMPLE_CUE = re.compile(r"^\W*(?:example|sample) (?:request|response|call|usage)s?\b|"
                         r"^(?:the following|this|here is an?|for example,? the following|an?)\b[^.]*"
                         r"\b(?:example|request)\b|\b(?:you (?:receive|get)|returns?) the following\b|"
                         r"\bfollowing (?:results|response)\b", re.IGNORECASE)
PRIVILEGE_CUE = re.compile(r"\brequires? the following (?:privileges|roles|permissions)|\byou must have\b.*"
                           r"\b(?:privileges?|roles?|permissions?)\b", re.IGNORECASE)
FAILURE_CUE = re.compile(r"\bon failure\b|\bif (?:the request|it) fails\b|\ban? (?:exception|error) is "
                         r"returned\b", re.IGNORECASE)


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
    pending_method: str = ""  # a legacy "Method: POST" line waiting for its "PATH:" line
    pending_status: str = ""  # a status an example's prose stated ("HTTP status code 400") for its body
    example_role: str = ""  # 'request'/'response' when the example cue or heading in force names one
    other_pages: tuple[Section, ...] = ()  # sections that are pages of their own: not ours to read

    @property
    def stated_request_lines(self) -> list[urls.RequestLine]:
        """Request lines of the request section; elsewhere only when no request section states any."""
        return self.request_lines or self.stray_request_lines

    def add_fields(self, role: str, found: list[DocField]) -> None:
        self.fields.setdefault(role, []).extend(found)


def extract_document(document: Document, diagnostics: Diagnostics) -> tuple[Operation, ...]:
    """The operations a document states (none for pages that document no endpoint). A document that
    holds several API pages (an index including them) is cut into one Page per API section."""
    sections = api_sections(list(document.blocks))
    operations: list[Operation] = []
    if len(sections) <= 1:
        page = Page(document, title=document.title)
        _visit(page, list(document.blocks), role="", diagnostics=diagnostics, examples=False)
        operations.extend(_assemble_page(page, diagnostics))
        sections = []
    for section in sections:
        page = Page(document, title=section.title, other_pages=tuple(s for s in sections if s is not section))
        _visit(page, list(section.blocks), role="", diagnostics=diagnostics, examples=False)
        operations.extend(_assemble_page(page, diagnostics))
    if not operations and document.blocks:
        diagnostics.add("extract.no-operation", "no request line (METHOD /path) found: the page documents no "
                        "endpoint", Location(document.path, 1), expected="a request line such as `GET /path`",
                        found="none")
    return tuple(operations)


def _assemble_page(page: Page, diagnostics: Diagnostics) -> tuple[Operation, ...]:
    """A page's operations: one per declared endpoint (httpdomain) when it declares any, else one per
    request form stated in its prose."""
    if not page.endpoints:
        return assemble(page, diagnostics)
    operations: list[Operation] = []
    for endpoint in page.endpoints:
        sub = Page(page.document, title=httpdomain.synopsis(endpoint) or page.title)
        sub.request_lines.append(httpdomain.request_line(endpoint))
        fields, flavours, statuses = httpdomain.fields_by_role(endpoint)
        for role, found in fields.items():
            sub.add_fields(role, found)
        sub.flavours.update(flavours)
        sub.statuses.extend(statuses)
        _visit(sub, list(endpoint.blocks), role="", diagnostics=diagnostics, examples=False)
        if len(page.endpoints) == 1:  # the prose around a page's only endpoint is about it
            sub.statuses.extend(page.statuses)
            sub.examples.extend(page.examples)
            sub.privileges.extend(page.privileges)
            sub.description[:0] = page.description
            for role, found in page.fields.items():
                sub.add_fields(role, [f for f in found if f.name])
        operations.extend(assemble(sub, diagnostics))
    return tuple(operations)


def api_sections(blocks: list[Block]) -> list[Section]:
    """Sections that document one API each: those with a request (or path-parameter) subsection, or
    that declare endpoints (httpdomain directives)."""
    found: list[Section] = []
    for block in blocks:
        if isinstance(block, Section):
            children = [b for b in block.blocks if isinstance(b, Section)]
            if any(role_of(c.title) in ("request", "path") for c in children) \
                    or any(isinstance(b, Endpoint) for b in block.blocks):
                found.append(block)
            found.extend(api_sections(list(block.blocks)))
    return found


def _visit(page: Page, blocks: list[Block], role: str, diagnostics: Diagnostics, examples: bool) -> None:
    in_examples = examples or role == "examples"
    for index, block in enumerate(blocks):
        if isinstance(block, Section):
            if any(block is other for other in page.other_pages):
                continue
            sub = role_of(block.title)
            if not page.title:
                page.title = block.title
            if sub == "privileges":
                page.privileges.extend(privileges_from(list(block.blocks)))
            page.pending_status = ""  # a "Status code: NNN" line speaks for its own section only
            page.example_role = _cue_role(block.title) if sub == "examples" else ""
            _visit(page, list(block.blocks), sub or (role if block.level > 1 else ""), diagnostics,
                   in_examples if not sub else False)
            continue
        if isinstance(block, Paragraph):
            text = block.text
            if role not in ("examples",) and not in_examples and PRIVILEGE_CUE.search(text) \
                    and role != "privileges":
                page.privileges.extend(privileges_from(blocks[index:index + 2]))
            if not in_examples and authentication_required(text, block.location):
                page.privileges.append(authentication_required(text, block.location))
            method = re.fullmatch(r"(?:http )?method\s*[:：]\s*(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)", text.strip(),
                                  re.IGNORECASE)
            if method:  # legacy pages: "Method: POST" then "PATH: /v1/..." as separate lines
                page.pending_method = method.group(1).upper()
                continue
            lines = urls.find_request_lines(text, block.location, block.line_locations)
            legacy_path = re.fullmatch(r"(?:path|uri|url)\s*[:：]\s*(\S+)", text.strip(), re.IGNORECASE)
            if page.pending_method and legacy_path:
                lines = [urls.make(page.pending_method, legacy_path.group(1), block.location)]
                page.pending_method = ""
            if lines and not in_examples and role == "request":
                page.request_lines.extend(lines)
                continue
            if lines and not in_examples and role in ("", "description"):
                page.stray_request_lines.extend(lines)  # used only when no request section states any
                continue
            if lines and in_examples:
                page.examples.extend(Example("request", r.method, r.raw_path, location=r.location)
                                     for r in lines)
                continue
            if (in_examples or role in ("response", "response-codes")) and statuses_in_prose(text, block.location):
                stated = statuses_in_prose(text, block.location)
                page.statuses.extend(stated)
                page.pending_status = stated[0][0]
                continue
            if EXAMPLE_CUE.search(text):
                in_examples = True
                page.example_role = _cue_role(text)  # "Example request" before a bare JSON body
                continue
            if role == "description" or (role == "" and not page.description and not in_examples):
                page.description.append(text)  # without a Description section: the lead paragraph
            if role in ("path", "query", "header", "body", "response"):
                page.add_fields(role, fields_from_paragraphs([block]))
            if role == "response-codes":
                status = status_from_line(text, block.location)
                if status:
                    page.statuses.append(status)
            if role == "response" and FAILURE_CUE.search(text) and page.failure is None:
                page.failure = (text, block.location)
            continue
        if isinstance(block, DefinitionList):
            if role == "response-codes":
                page.statuses.extend(statuses_from_definitions(block))
            if role in ("path", "query", "header", "body", "response", "properties"):
                found = fields_from_definitions(block)
                page.add_fields(role, found)
                if role == "response":
                    _note_failure(page, found)
            continue
        if isinstance(block, ListBlock):
            for item in block.items:
                _visit(page, list(item.blocks), role, diagnostics, in_examples)
            continue
        if isinstance(block, CodeBlock):
            _code(page, block, role, in_examples, diagnostics)
            continue
        if isinstance(block, Endpoint):
            page.endpoints.append(block)
            continue
        if isinstance(block, Table):
            _table(page, tables.with_lead_caption(block, blocks[index - 1] if index else None), role)


def _table(page: Page, table: Table, role: str) -> None:
    """Status tables state responses; parameter tables wait for assembly, where the types they define
    are known (a table captioned with a referenced type name is that type's structure)."""
    if tables.is_status_table(table):
        page.statuses.extend(tables.statuses(table))
    elif tables.columns(table):
        page.tables.append((table, role, page.pending_status))


def _code(page: Page, block: CodeBlock, role: str, in_examples: bool, diagnostics: Diagnostics) -> None:
    lines = urls.find_request_lines(block.text.split("\n")[0], block.location, block.line_locations[:1])
    if lines and not in_examples and role == "request" and lines[0].has_placeholder:
        page.request_lines.extend(lines)
        return
    if not (in_examples or block.role or role in ("request", "response", "body") or block.language == "http"):
        return
    hint = block.role or ("response" if role == "response" else "") or page.example_role
    example = parse_example(block.text, block.location, block.line_locations, hint, diagnostics)
    if example is None:
        return
    if example.method:
        page.pending_status = ""
    elif not example.status and page.pending_status:
        example = dataclasses.replace(example, role="response", status=page.pending_status)
    page.examples.append(example)


def _cue_role(text: str) -> str:
    """'request' or 'response' when an example cue or heading names exactly one of them."""
    request, response = re.search(r"\brequests?\b", text, re.I), re.search(r"\bresponses?\b", text, re.I)
    return "request" if request and not response else ("response" if response and not request else "")


def _note_failure(page: Page, found: list[DocField]) -> None:
    for doc_field in found:
        if page.failure is None and FAILURE_CUE.search(doc_field.description):
            page.failure = (doc_field.description, doc_field.description_location or doc_field.location)
