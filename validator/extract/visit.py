"""Walking a page's blocks: a dispatch by block type, and for paragraphs an ordered list of rules
(the first rule that consumes a paragraph ends its reading). Each rule files what the paragraph
states on the Page (request lines, statuses, privileges, example cues, description, fields)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from validator.diagnostics import Diagnostics
from validator.document import (
    Block,
    CodeBlock,
    Comment,
    DefinitionList,
    Endpoint,
    ListBlock,
    Paragraph,
    Section,
    Table,
)
from validator.extract import tables, urls, versions
from validator.extract.examples import parse_example
from validator.extract.fields import DocField, fields_from_definitions, fields_from_paragraphs
from validator.extract.privileges import authentication_required, privileges_from
from validator.extract.sections import role_of
from validator.extract.statuses import (
    STATUS_STATEMENT,
    labelled_statuses,
    response_code_line,
    returned_statuses,
    statuses_from_definitions,
    statuses_in_prose,
    statuses_of_statement,
    terms_are_codes,
)
from validator.model import Example

if TYPE_CHECKING:
    from validator.extract import Page

EXAMPLE_CUE = re.compile(r"^\W*(?:example|sample) (?:request|response|call|usage)s?\b|"
                         r"^(?:the following|this|here is an?|for example,? the following|an?)\b[^.]*"
                         r"\b(?:example|request)\b|\b(?:you (?:receive|get)|returns?) the following\b|"
                         r"\bfollowing (?:results|response)\b|"
                         r"^\W*(?:example|sample)\b[^.]{0,80}?\b(?:request|response)s?\W*$", re.IGNORECASE)
PRIVILEGE_CUE = re.compile(r"\brequires? the following (?:privileges|roles|permissions)|\byou must have\b.*"
                           r"\b(?:privileges?|roles?|permissions?)\b", re.IGNORECASE)
FAILURE_CUE = re.compile(r"\bon failure\b|\bif (?:the request|it) fails\b|\ban? (?:exception|error) is "
                         r"returned\b", re.IGNORECASE)
LEGACY_METHOD = re.compile(r"(?:request |http )?method\s*[:：]\s*(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)",
                           re.IGNORECASE)
SNIPPET_IS_MESSAGE = re.compile(r"\b(?:request|response|returns?|result|output|body|status|example|sample)s?\b",
                                re.IGNORECASE)
BLOCK_MACRO = re.compile(r"[a-z]+::[^\s\[]*\[[^\]]*\]")  # "beta::[]": markup left on a line of its own
CALLOUT_LIST = re.compile(r"^<\d+>\s")
LEGACY_PATH = re.compile(r"(?:request )?(?:path|uri|url)(?: format)?\s*[:：]\s*(\S+)", re.IGNORECASE)
FIELD_ROLES = ("path", "query", "header", "body", "response")


@dataclass
class Walk:
    """Where the walk is: the page, the role of the enclosing section, whether an example cue or an
    examples section is in force, and the sibling blocks (rules may look ahead)."""

    page: Page
    role: str
    diagnostics: Diagnostics
    in_examples: bool
    blocks: list[Block]
    index: int = 0
    read_ahead: set[int] = dataclasses.field(default_factory=set)  # sibling blocks a rule has already read


def visit(page: Page, blocks: list[Block], role: str, diagnostics: Diagnostics, examples: bool) -> None:
    """Read ``blocks`` (under a section of role ``role``) into ``page``."""
    walk = Walk(page, role, diagnostics, examples or role == "examples", blocks)
    for index, block in enumerate(blocks):
        if index in walk.read_ahead:
            continue
        walk.index = index
        if not isinstance(block, Paragraph | ListBlock | Comment | Section | Endpoint):
            page.lead_closed = True  # the lead: the run of paragraphs and lists under the page's title
        handler = BLOCK_HANDLERS.get(type(block))
        if isinstance(block, TITLED) and role_of(block.title):  # `.Query parameters`: a one-block section
            _section(walk, Section(block.title, 0, (dataclasses.replace(block, title=""),), block.location))
        elif handler is not None:
            handler(walk, block)


def _section(walk: Walk, block: Section) -> None:
    page = walk.page
    if any(block is other for other in page.other_pages):
        return
    newer = versions.superseding(block.title, [b.title for b in walk.blocks if isinstance(b, Section)])
    if newer is not None:
        versions.note_older(walk.diagnostics, block.title, newer, block.location)
        return
    sub = role_of(block.title)
    if sub == "changelog":  # what changed between versions mentions endpoints and statuses; it documents none
        page.lead_closed = page.title_entered = True
        return
    if not page.title and block.level:  # (level 0: a block's own title)
        page.title = block.title
    if not walk.in_examples and not page.request_lines:
        page.request_lines.extend(urls.find_request_lines(block.title, block.location))  # "POST /batch" heading
    if sub == "privileges":
        page.privileges.extend(privileges_from(list(block.blocks)))
    page.body_heading = page.body_heading or sub == "body"
    if block is page.operation_section:
        page.lead_closed = False  # the only operation's section: its own lead adds to the page's
    elif page.title_entered or block.title not in (page.title, page.document.title):
        page.lead_closed = True  # any section but the one that titles the page ends the lead
    page.title_entered = True
    page.pending_status = ""  # a "Status code: NNN" line speaks for its own section only
    page.example_role = _cue_role(block.title) if sub == "examples" else ""
    visit(page, list(block.blocks), sub or (walk.role if block.level > 1 else ""), walk.diagnostics,
          walk.in_examples if not sub else False)


def _paragraph(walk: Walk, block: Paragraph) -> None:
    for rule in PARAGRAPH_RULES:
        if rule(walk, block):
            return


def _definitions(walk: Walk, block: DefinitionList) -> None:
    codes = walk.role == "response" and terms_are_codes(block)  # "Responses" listing ":200: OK, the widget"
    if walk.role == "response-codes" or codes:
        walk.page.statuses.extend(statuses_from_definitions(block))
    if codes:
        return
    if walk.role in (*FIELD_ROLES, "properties"):
        found = fields_from_definitions(block)
        walk.page.add_fields(walk.role, found)
        if walk.role == "response":
            _note_failure(walk.page, found)


def _list(walk: Walk, block: ListBlock) -> None:
    """A list in the description (or the lead) is one description paragraph, its items as text; what
    the items state besides (fields, statuses, examples) is read as elsewhere."""
    page = walk.page
    described = walk.role == "description" or (walk.role == "" and not page.lead_closed and not walk.in_examples)
    text = list_text(block) if described else ""
    if text:
        page.description.append(text)
    closed, page.lead_closed = page.lead_closed, True  # the items' paragraphs are in the text already
    for item in block.items:
        visit(page, list(item.blocks), "" if described else walk.role, walk.diagnostics, walk.in_examples)
    page.lead_closed = closed


def list_text(block: ListBlock, indent: str = "") -> str:
    """A list as Markdown lines ('- item', '1. item'; nested lists indented), its paragraphs only."""
    lines = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}. " if block.ordered else "- "
        words = " ".join(b.text.strip() for b in item.blocks if isinstance(b, Paragraph) and b.text.strip())
        if words:
            lines.append(f"{indent}{marker}{words}")
        lines.extend(list_text(b, indent + " " * len(marker)) for b in item.blocks if isinstance(b, ListBlock))
    return "\n".join(line for line in lines if line)


def _endpoint(walk: Walk, block: Endpoint) -> None:
    walk.page.endpoints.append(block)


def _table(walk: Walk, block: Table) -> None:
    """Status tables state responses; parameter tables wait for assembly, where the types they define
    are known (a table captioned with a referenced type name is that type's structure)."""
    page = walk.page
    table = tables.with_lead_caption(block, walk.blocks[walk.index - 1] if walk.index else None)
    if tables.is_status_table(table):
        page.statuses.extend(tables.statuses(table))
    elif tables.columns(table):
        page.tables.append((table, walk.role, page.pending_status))


def _code(walk: Walk, block: CodeBlock) -> None:
    page, role, in_examples = walk.page, walk.role, walk.in_examples
    lines = urls.find_request_lines(block.text.split("\n")[0], block.location, block.line_locations[:1])
    forms = _request_forms(block) if not in_examples and role == "request" else []
    if not forms and lines and not in_examples and role == "request" and lines[0].has_placeholder:
        forms = lines
    if forms:
        page.request_lines.extend(forms)
        return
    if not (in_examples or block.role or role in ("request", "response", "body") or block.language == "http"):
        return
    hint = block.role or ("response" if role == "response" else "") or page.example_role
    example = parse_example(block.text, block.location, block.line_locations, hint, walk.diagnostics)
    if example is None or _fragment(walk, block, example):
        return
    if example.method:
        page.pending_status = ""
    elif not example.status and page.pending_status:
        example = dataclasses.replace(example, role="response", status=page.pending_status,
                                      status_location=example.status_location or page.pending_status_at)
    last = page.examples[-1] if page.examples else None
    previous = walk.blocks[walk.index - 1] if walk.index else None
    if last is not None and isinstance(previous, Paragraph) and last.location is not None \
            and previous.location.line == last.location.line and _body_of(last, example, hint):
        page.examples[-1] = dataclasses.replace(example, role="request", method=last.method, path=last.path,
                                                headers=last.headers + example.headers)
        return
    page.examples.append(example)


def _request_forms(block: CodeBlock) -> list[urls.RequestLine]:
    """The request lines of a code block that holds nothing else (``GET /_widgets/<id>`` and ``GET
    /_widgets`` on lines of their own): the request forms a request section lists."""
    texts = block.text.split("\n")
    locations = block.line_locations if len(block.line_locations) == len(texts) else (block.location,) * len(texts)
    found = [(text, urls.find_request_lines(text, where)) for text, where in zip(texts, locations, strict=True)]
    if not any(text.strip() for text, _ in found) or any(text.strip() and not lines for text, lines in found):
        return []
    return [line for _, lines in found for line in lines]


def _fragment(walk: Walk, block: CodeBlock, example: Example) -> bool:
    """A code block that shows a piece of a message in prose, not a message: a bare value (a selector,
    a string), members without their object outside rendered pages, or a block that a paragraph
    introduces as something other than an example or a response ("use a selector like this:") where no
    example request waits for its response."""
    if example.method or example.status or block.role:
        return False
    if example.has_body and not isinstance(example.body, dict | list):
        return True
    if block.text.lstrip().startswith('"') and walk.page.document.syntax != "text":
        return True
    previous = walk.blocks[walk.index - 1] if walk.index else None
    answered = not walk.page.examples or walk.page.examples[-1].role != "request"  # else: its response
    return answered and isinstance(previous, Paragraph) and previous.text.rstrip().endswith(":") \
        and not EXAMPLE_CUE.search(previous.text) and not SNIPPET_IS_MESSAGE.search(previous.text)


def _body_of(request: Example, example: Example, hint: str) -> bool:
    """True when ``example`` is the body of the example request line in the paragraph just before it
    ("POST https://…" written as prose, then the body in a code block)."""
    return (request.role == "request" and bool(request.method) and not request.has_body and not request.raw
            and not example.method and not example.status and example.has_body and hint != "response")


TITLED = (CodeBlock, ListBlock, DefinitionList)  # blocks the markup may give a title of their own
BLOCK_HANDLERS: dict[type, Callable[[Walk, Block], None]] = {
    Section: _section,
    Paragraph: _paragraph,
    DefinitionList: _definitions,
    ListBlock: _list,
    CodeBlock: _code,
    Endpoint: _endpoint,
    Table: _table,
}


# --------------------------------------------------------------------------- paragraph rules
# Each rule returns True when it consumed the paragraph (later rules do not see it).

def rule_callout_list(walk: Walk, block: Paragraph) -> bool:
    """A callout list right after an example ("<1> When the snapshot is taken"): it documents the
    members its numbers point at, and is neither description nor fields."""
    previous = walk.blocks[walk.index - 1] if walk.index else None
    if not isinstance(previous, CodeBlock) or not CALLOUT_LIST.match(block.text):
        return False
    notes = dict(re.findall(r"<(\d+)>\s*((?:(?!<\d+>).)*)", block.text))
    example = walk.page.examples[-1] if walk.page.examples else None
    if example is not None and example.callouts:
        callouts = tuple((number, pointer, notes.get(number, "").strip()) for number, pointer, _ in example.callouts)
        walk.page.examples[-1] = dataclasses.replace(example, callouts=callouts)
    return True


def rule_privileges(walk: Walk, block: Paragraph) -> bool:
    """Privilege cues ("you must have the X privilege") and authentication markers."""
    if walk.in_examples:
        return False
    marker = authentication_required(block.text, block.location)
    if marker:
        walk.page.privileges.append(marker)
        return True  # "**Requires authentication**" is a marker, not description
    if walk.role in ("examples", "privileges") or not PRIVILEGE_CUE.search(block.text):
        return False
    walk.page.privileges.extend(privileges_from(walk.blocks[walk.index:walk.index + 2]))
    if walk.index + 1 < len(walk.blocks) and isinstance(walk.blocks[walk.index + 1], ListBlock):
        walk.read_ahead.add(walk.index + 1)  # the list of privileges the cue introduced
    return True


def rule_legacy_labels(walk: Walk, block: Paragraph) -> bool:
    """Legacy pages state method and path as labelled lines of their own, in either order ("Method:
    POST" and "URI: /v1/..."): the second one completes the request line."""
    page, text = walk.page, block.text.strip()
    method, path = LEGACY_METHOD.fullmatch(text), LEGACY_PATH.fullmatch(text)
    if method:
        page.pending_method = method.group(1).upper()
    elif path and re.match(r"/|https?://|\{", path.group(1)):
        page.pending_path = (path.group(1), block.location)
    else:
        return False
    if page.pending_method and page.pending_path:
        raw, location = page.pending_path
        _file_request_lines(walk, [urls.make(page.pending_method, raw, location)])
        page.pending_method, page.pending_path = "", None
    return True


def rule_request_lines(walk: Walk, block: Paragraph) -> bool:
    """Request lines: the request section's, stray ones elsewhere, and example requests."""
    lines = urls.find_request_lines(block.text, block.location, block.line_locations)
    return bool(lines) and _file_request_lines(walk, lines)


def _file_request_lines(walk: Walk, lines: list[urls.RequestLine]) -> bool:
    page = walk.page
    if not walk.in_examples and walk.role == "request":
        page.request_lines.extend(lines)
    elif not walk.in_examples and walk.role in ("", "description"):
        page.stray_request_lines.extend(lines)  # used only when no request section states any
    elif walk.in_examples:
        page.examples.extend(Example("request", r.method, r.raw_path, location=r.location) for r in lines)
    else:
        return False
    return True


def rule_prose_statuses(walk: Walk, block: Paragraph) -> bool:
    """ "HTTP status code 400" in a response section documents a status; in an example's prose it is
    the status of the example body that follows (lint holds it against the documented ones)."""
    if not (walk.in_examples or walk.role in ("response", "response-codes")):
        return False
    read = statuses_in_prose if walk.in_examples else statuses_of_statement
    stated = read(block.text, block.location, block.line_locations, block.raw_lines)
    # an example's prose states the example's status; it documents statuses only where nothing else does
    (walk.page.example_statuses if walk.in_examples else walk.page.statuses).extend(stated)
    if stated:
        walk.page.pending_status, walk.page.pending_status_at = stated[0][0], stated[0][2]
    return bool(stated)


def rule_response_code_lines(walk: Walk, block: Paragraph) -> bool:
    """ "Normal response codes: 200, 202", "Error response codes: badRequest(400), …": documented statuses."""
    stated = response_code_line(block.text, block.location)  # a labelled statement, even after an example
    walk.page.statuses.extend(stated)
    return bool(stated)


def rule_example_cue(walk: Walk, block: Paragraph) -> bool:
    """ "The following request …", "Example response": the code blocks that follow are examples."""
    if not EXAMPLE_CUE.search(block.text):
        return False
    walk.in_examples = True
    walk.page.example_role = _cue_role(block.text)  # "Example request" before a bare JSON body
    return True


def rule_prose(walk: Walk, block: Paragraph) -> bool:
    """Description paragraphs, fields written as paragraphs, status lines and failure sentences."""
    page, role, text = walk.page, walk.role, block.text
    prose = text.strip() and not BLOCK_MACRO.fullmatch(text.strip())
    if prose and (role == "description" or (role == "" and not page.lead_closed and not walk.in_examples)):
        page.description.append(text)  # the lead paragraphs, in order
    if role in FIELD_ROLES:
        page.add_fields(role, fields_from_paragraphs([block]))
    if role == "response-codes":
        page.statuses.extend(labelled_statuses(block))
    if role in ("", "description", "response") and not walk.in_examples:
        page.statuses.extend(returned_statuses(block))
    if role in ("", "description") and not walk.in_examples and STATUS_STATEMENT.match(text):
        # "Status code 204 on success. 404 if …"; not a status mentioned about something else
        page.statuses.extend(statuses_of_statement(text, block.location, block.line_locations, block.raw_lines))
    if role == "response" and FAILURE_CUE.search(text) and page.failure is None:
        page.failure = (text, block.location)
    return True


PARAGRAPH_RULES: tuple[Callable[[Walk, Paragraph], bool], ...] = (
    rule_callout_list, rule_privileges, rule_legacy_labels, rule_request_lines, rule_prose_statuses,
    rule_response_code_lines, rule_example_cue, rule_prose,
)


def _cue_role(text: str) -> str:
    """'request' or 'response' when an example cue or heading names exactly one of them."""
    request, response = re.search(r"\brequests?\b", text, re.I), re.search(r"\bresponses?\b", text, re.I)
    return "request" if request and not response else ("response" if response and not request else "")


def _note_failure(page: Page, found: list[DocField]) -> None:
    for doc_field in found:
        if page.failure is None and FAILURE_CUE.search(doc_field.description):
            page.failure = (doc_field.description, doc_field.description_location or doc_field.location)
