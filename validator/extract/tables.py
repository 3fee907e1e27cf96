"""Parameter, structure and status-code tables (Open Telekom Cloud / Huawei style), whatever the syntax:
columns recognised by their header words in any order, the table's role from its caption, section
and the URL, and data-structure tables named after the types that reference them."""

from __future__ import annotations

import re

from validator.document import Cell, Table
from validator.extract.fields import DocField
from validator.model import Location

COLUMNS: dict[str, re.Pattern[str]] = {
    "name": re.compile(r"^(?:parameter(?: name)?|name|field(?: name)?|attribute|key|property|element|"
                       r"header(?: name)?|param)$", re.I),
    "required": re.compile(r"^(?:mandatory|required|is mandatory|mandatory or not|mandatory/optional|"
                           r"optional|m/o|necessity)$", re.I),
    "type": re.compile(r"^(?:type|data type|value type|parameter type|field type|format)$", re.I),
    "description": re.compile(r"^(?:description|desc|remarks?|meaning|explanation|value description|"
                              r"description and value range|details?|comment)$", re.I),
    "status": re.compile(r"^(?:(?:http )?status(?: code)?|return(?:ed)? code|response code|error code|code)$",
                         re.I),
}
ROLE_CAPTIONS = (
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
    found: dict[str, int] = {}
    for index, cell in enumerate(table.header):
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
    cols = columns(table)
    out = []
    for row in table.rows:
        code = re.search(r"\b([1-5]\d\d)\b", _cell(row, cols["status"]).text)
        if code:
            out.append((code.group(1), _cell(row, cols["description"]).text, _cell(row, cols["status"]).location))
    return out


def fields(table: Table) -> list[DocField]:
    """DocFields for the rows of a parameter table."""
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
        description_cell = _cell(row, cols["description"]) if "description" in cols else None
        description = description_cell.text if description_cell else ""
        out.append(DocField(name, required, re.sub(r"\s+", " ", words), description, name_cell.location, (),
                            description_cell.location if description_cell else None))
    return out


def role(table: Table, section_role: str) -> str:
    """What a parameter table documents: path / query / header / body / response / structure (from its
    caption, else from the section it sits in)."""
    caption = re.sub(r"^\W*table\s*\d+\W*", "", table.caption, flags=re.I)
    for name, pattern in ROLE_CAPTIONS:
        if pattern.search(caption):
            if name == "body" and section_role == "response":
                return "response"
            if name in ("body", "response") and re.search(r"\bparam\w*\b.*\bof\b|\bstructure\b", caption, re.I):
                return "structure"
            return name
    return section_fallback(section_role, caption)


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
    forms = {squeezed, squeezed[:-1] if squeezed.endswith("s") else squeezed}  # "configs" names "config"
    return next((name for name in sorted(referenced) if re.sub(r"\W", "", name).lower() in forms), "")


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
