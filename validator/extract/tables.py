"""Parameter, structure and status-code tables (Open Telekom Cloud / Huawei style), whatever the syntax:
columns recognised by their header words in any order, the table's role from its caption, section
and the URL, and data-structure tables named after the types that reference them."""

from __future__ import annotations

import dataclasses
import re

from validator.document import Block, Cell, Paragraph, Table
from validator.extract import urls
from validator.extract.fields import DocField, referenced_structures
from validator.model import Location

COLUMNS: dict[str, re.Pattern[str]] = {
    "name": re.compile(r"^(?:parameter(?: name)?|name|field(?: name)?|attribute|key|property|element|"
                       r"header(?: name)?|param)$", re.I),
    "required": re.compile(r"^(?:(?:is )?(?:mandatory|required)(?: or not|\s*/\s*optional| \(m\)/optional "
                           r"\(o\))?|optional|m/o|necessity)$", re.I),
    "type": re.compile(r"^(?:type|data type|value type|parameter type|field type|format)$", re.I),
    "description": re.compile(r"^(?:description|desc|remarks?|meaning|explanation|value description|"
                              r"description and value range|details?|comment)$", re.I),
    "in": re.compile(r"^in$", re.I),  # where the parameter goes: path, query, header, body
    "min_version": re.compile(r"^min(?:imum)?[ _-]?(?:micro)?version$", re.I),
    "status": re.compile(r"^(?:(?:http )?status(?: codes?)?|return(?:ed)? (?:code|values?)|response code|"
                         r"error code|code)$", re.I),
}
ROLE_CAPTIONS = (
    ("response-header", re.compile(r"\bresponse headers?\b", re.I)),
    ("path", re.compile(r"\b(?:uri|path|url|route) param", re.I)),
    ("query", re.compile(r"\bquery\b", re.I)),
    ("header", re.compile(r"\bheaders?\b", re.I)),
    ("response", re.compile(r"\bresponse\b|\breturn(?:ed)? (?:value|param)", re.I)),
    ("body", re.compile(r"\brequest\b|\bbody\b", re.I)),
    ("structure", re.compile(r"\bdata structure\b|\bstructure\b|\bobject\b|\bdefinition\b|\bfield description\b",
                             re.I)),
)
YES = re.compile(r"^(?:yes|y|true|mandatory|required|m)\b", re.I)
NO = re.compile(r"^(?:no|n|false|optional|o)\b", re.I)


def columns(table: Table) -> dict[str, int]:
    """Column indices by meaning ('name', 'required', 'type', 'description', 'status'); empty when the
    header is not that of a parameter or status table."""
    return _columns(_headed(table).header)


def _headed(table: Table) -> Table:
    """A table whose markup declared no header row (a list-table without ``:header-rows:``) is headed by
    its first row when that row reads like a header."""
    if table.header or not table.rows or not _columns(table.rows[0]):
        return table
    return dataclasses.replace(table, header=table.rows[0], rows=table.rows[1:])


def _columns(header: tuple[Cell, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = re.sub(r"[*`]", "", cell.text).strip()
        for meaning, pattern in COLUMNS.items():
            if meaning not in found and pattern.match(text):
                found[meaning] = index
                break
    if "name" in found and ("type" in found or "description" in found or "required" in found):
        return found
    if "status" in found and "description" in found:
        return {"status": found["status"], "description": found["description"]}
    return {}


def is_status_table(table: Table) -> bool:
    return set(columns(table)) == {"status", "description"}


def statuses(table: Table) -> list[tuple[str, str, Location]]:
    """(status, description, location) for each row of a status-code table."""
    table = _headed(table)
    cols = columns(table)
    out = []
    for row in table.rows:
        code = re.search(r"\b([1-5]\d\d)\b", _cell(row, cols["status"]).text)
        if code:
            out.append((code.group(1), _cell(row, cols["description"]).text, _cell(row, cols["status"]).location))
    return out


def fields(table: Table) -> list[DocField]:
    """DocFields for the rows of a parameter table."""
    return [doc_field for doc_field, _ in _field_rows(table)]


def _field_rows(table: Table) -> list[tuple[DocField, tuple[str, ...]]]:
    """(DocField, cross-reference targets of the row's cells) for each named row."""
    table = _headed(table)
    cols = columns(table)
    out = []
    for row in table.rows:
        name_cell = _cell(row, cols["name"])
        name = re.sub(r"[*`\\]", "", name_cell.text).strip().split("\n")[0].strip()
        if not name or name.lower() in ("none", "-", "n/a"):
            continue
        required = None
        if "required" in cols:
            flag = _cell(row, cols["required"]).text.strip()
            required = True if YES.match(flag) else (False if NO.match(flag) else None)
        words = re.sub(r"[*`]", "", _cell(row, cols["type"]).text).strip() if "type" in cols else ""
        # a narrow column wraps type words anywhere: "Map<String,Stri" + "ng>" is one word
        words = re.sub(r"<[^<>]*>", lambda m: re.sub(r"\s+", "", m.group(0)), words)
        description_cell = _cell(row, cols["description"]) if "description" in cols else None
        description = description_cell.text if description_cell else ""
        marked = re.match(r"^\(\s*(required|optional)\b", description, re.IGNORECASE)
        if required is None and marked:  # no Required column: "(Required) The index …" in the description
            required = marked.group(1).lower() == "required"
        stated = {key: _cell(row, cols[key]).text.strip() if key in cols else "" for key in ("in", "min_version")}
        out.append((DocField(name, required, re.sub(r"\s+", " ", words), description, name_cell.location, (),
                             description_cell.location if description_cell else None, stated["in"].lower(),
                             stated["min_version"]),
                    tuple(link for cell in row for link in cell.links)))
    return out


def role(table: Table, section_role: str, url_names: frozenset[str] | set[str] = frozenset()) -> str:
    """What a parameter table documents: path / query / header / response-header / body / response /
    structure (from its caption, else from the section it sits in). A request table whose parameters
    the URL names documents the URL ("Table 1 Parameter description" under "URI"): 'path', whose
    members that are no placeholders are query parameters."""
    caption = re.sub(r"^\W*table\s*\d+\W*", "", table.caption, flags=re.I)
    names = {f.name for f in fields(table)} if url_names else set()
    for name, pattern in ROLE_CAPTIONS:
        if pattern.search(caption):
            if name == "body" and section_role == "response":
                return "response"
            if name in ("body", "response") and re.search(r"\bparam\w*\b.*\bof\b|\bstructure\b", caption, re.I):
                return "structure"
            if name == "body" and names and names <= set(url_names):
                return "path"
            return name
    if section_role in ("request", "", "description") and names & set(url_names):
        return "path"
    return section_fallback(section_role, caption)


IN_RESPONSE = {"body": "response", "header": "response-header"}


def placed_by_column(found: list[DocField], section_role: str, kind: str) -> list[tuple[str, DocField]]:
    """(role, field) for each row of a table with an "In" column: path, query and header rows are those
    parameters (headers under a response section are response headers), body rows are request-body
    members, or response members under a response section; a row without a known place takes ``kind``."""
    response = section_role in ("response", "response-codes") or kind == "response"
    out = []
    for doc_field in found:
        where = doc_field.where if doc_field.where in ("path", "query", "header", "body") else ""
        placed = (IN_RESPONSE.get(where, where) if response else where) or kind
        out.append((placed, doc_field))
    return out


def url_names(request_lines: list[urls.RequestLine]) -> set[str]:
    """The placeholders and query parameters that the page's request lines name."""
    names: set[str] = set()
    for line in request_lines:
        names.update(n for n in urls.placeholders(line.template) if n)
        names.update(re.findall(r"(?:^|&)([\w.-]+)(?==|&|$)", line.query))
    return names


def named_by_caption(table: Table) -> bool:
    """True when the caption itself says what the table documents."""
    caption = re.sub(r"^\W*table\s*\d+\W*", "", table.caption, flags=re.I)
    return any(pattern.search(caption) for _, pattern in ROLE_CAPTIONS)


def section_fallback(section_role: str, caption: str) -> str:
    if section_role in ("path", "query", "header", "body", "response"):
        return section_role
    if section_role == "request":
        return "body"
    return "structure" if caption else ""


def number(table: Table) -> str:
    """The N of a "Table N ..." caption ('' when unnumbered)."""
    match = re.match(r"^\W*table\s*(\d+)\b", table.caption, re.I)
    return match.group(1) if match else ""


def names_type(table: Table, referenced: set[str]) -> str:
    """The referenced type a table's caption names outright ("Table 5 ConfigValues", "Job"), or ''."""
    caption = re.sub(r"^\W*table\s*\d+\W*", "", table.caption, flags=re.I).strip()
    caption = re.sub(r"\s+(?:data structures?(?: description)?|structures?|objects?|parameters?|"
                     r"(?:field )?descriptions?)$", "", caption, flags=re.I).strip(" *`")
    squeezed = re.sub(r"\W", "", caption).lower()
    forms = (squeezed, squeezed[:-1] if squeezed.endswith("s") else squeezed)  # "configs" names "config"
    for form in forms:  # the exact name first: "counters" is not "counter" when both are types
        found = next((name for name in sorted(referenced) if re.sub(r"\W", "", name).lower() == form), "")
        if found:
            return found
    return ""


def structure_name(table: Table, referenced: set[str]) -> str:
    """The type a data-structure table describes: a referenced type named in its caption, else the
    caption's words ("Table 4 JobParam data structure description" → "JobParam")."""
    caption = re.sub(r"^\W*table\s*\d+\W*", "", table.caption, flags=re.I).strip()
    squeezed = re.sub(r"\W", "", caption).lower()
    for name in sorted(referenced, key=len, reverse=True):
        if re.sub(r"\W", "", name).lower() in squeezed:
            return name
    words = re.sub(r"\b(?:data structures?|structures?|descriptions?|parameters?|fields?|objects?|definitions?|"
                   r"of|the|field)\b", " ", caption, flags=re.I)
    parts = [w for w in re.split(r"\W+", words) if w]
    return "".join(w[:1].upper() + w[1:] for w in parts)


def _cell(row: tuple[Cell, ...], index: int) -> Cell:
    if index < len(row):
        return row[index]
    anchor = row[-1].location if row else Location("", 1)
    return Cell((), anchor)


def with_lead_caption(table: Table, previous: Block | None) -> Table:
    """A caption-less table introduced by a label-like paragraph ("Params connection parameters") takes
    that paragraph as its caption."""
    if table.caption or not isinstance(previous, Paragraph):
        return table
    text = re.sub(r"[*`]", "", previous.text).strip()
    label = len(text.split()) <= 8 and not re.search(r"[.:;!?,]$|/|\b[1-5]\d\d\b", text)
    return dataclasses.replace(table, caption=text) if text and label else table


def follow_links(found: list[Table], fields_of: list[list[DocField]], names: dict[int, str]) -> list[list[DocField]]:
    """Follow cross references from rows to the tables they target (``:ref:`Datastore <label>` object``
    where ``.. _label:`` precedes a table): the target is a structure, named after the type the row
    states (else after its caption), and the row's type names it. ``names`` (table index → structure
    name) is updated; two tables that would share a name but document different members get distinct
    names. Returns the fields with their type words pointing at the named structures."""
    anchors: dict[str, int] = {}
    for index, table in enumerate(found):
        for label in table.anchor.split():
            anchors.setdefault(label, index)
    if not anchors:
        return fields_of
    targets: list[list[int | None]] = []
    for index, table in enumerate(found):
        links = [links for _, links in _field_rows(table)]
        targets.append([next((anchors[t] for t in row if anchors.get(t, index) != index), None) for row in links])

    def members(index: int) -> tuple:
        return tuple((f.name, f.type_words.lower()) for f in fields_of[index])

    linked = {t for rows in targets for t in rows if t is not None}
    for index in sorted(names):  # request and response tables both captioned "Datastore", differing
        first = min(i for i, n in names.items() if n == names[index])
        if index != first and index in linked and members(index) != members(first):
            names[index] = _numbered(names[index], set(names.values()))
    for index, rows in enumerate(targets):
        for doc_field, target in zip(fields_of[index], rows, strict=False):
            if target is None or target in names:
                continue
            stated = sorted(referenced_structures([doc_field]))
            own = structure_name(found[target], set())  # the name the target's caption gives
            name = stated[0] if stated else own
            taken = {n: i for i, n in names.items()}
            if name in taken and members(taken[name]) != members(target):
                name = own if own and own not in taken else _numbered(name, set(taken))
            names[target] = referenced_name(_typed(doc_field, name)) or name
    out = []
    for index, rows in enumerate(targets):
        out.append([_typed(f, names[t]) if t is not None and t in names else f
                    for f, t in zip(fields_of[index], rows, strict=False)] + fields_of[index][len(rows):])
    return out


def referenced_name(doc_field: DocField) -> str:
    """The structure name the field's type words refer to, as the type parser reads them
    ("List<Servers>" refers to "Server")."""
    return next(iter(sorted(referenced_structures([doc_field]))), "")


def _numbered(name: str, taken: set[str]) -> str:
    number = 2
    while f"{name}{number}" in taken:
        number += 1
    return f"{name}{number}"


def _typed(doc_field: DocField, name: str) -> DocField:
    """``doc_field`` with its type words naming structure ``name`` (keeping List<…>/Array of … forms)."""
    stated = sorted(referenced_structures([doc_field]))
    if name in stated:
        return doc_field
    words = doc_field.type_words
    if stated:
        words = re.sub(rf"\b{re.escape(stated[0])}\b", name, words)
    else:
        words = f"List<{name}>" if re.search(r"\b(?:list|array)\b", words, re.IGNORECASE) else name
    return dataclasses.replace(doc_field, type_words=words)
