"""AsciiDoc inline text and tables: cross references and links to their labels, emphasis removed,
``|===`` tables to Table blocks. Every pattern here is linear in the length of the line."""

from __future__ import annotations

import re

from validator.diagnostics import Diagnostics
from validator.document import Cell, Paragraph, Table
from validator.model import Location
from validator.readers.limits import MAX_TABLE_CELLS
from validator.sourcemap import SourceLine

XREF_LABELLED = re.compile(r"<<[^,<>]+,([^<>]+)>>")
XREF = re.compile(r"<<([^<>]+)>>")
TOKEN = re.compile(r"[^\s`\[\]]+")  # a macro target or URL: what may stand before [label]
LINK_MARK = re.compile(r"[/:.]")
MARKERS = re.compile(r"\b(?:experimental|beta|deprecated)\[\]\s*")
STRONG = re.compile(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])")


def inline(text: str) -> str:
    """Normalise inline markup: cross references to their labels, links to their text."""
    text = XREF_LABELLED.sub(lambda m: m.group(1).lstrip(), text)
    text = XREF.sub(r"\1", text)
    text = _labelled_links(text)  # macros and links with a label (url[label], {attr}/page.html[label])
    text = MARKERS.sub("", text)
    text = STRONG.sub(r"\1", text)
    text = re.sub(r"\b[Rr]equired\^\\?\*\^", "Conditionally required", text)  # the "^*^" footnote: one of
    text = re.sub(r"\^\\?\*\^", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _labelled_links(text: str) -> str:
    """``target[label]`` → ``label`` where target contains ``/``, ``:`` or ``.`` and does not continue a
    word or a literal; one pass over the text (the next ``]`` is remembered, never searched twice)."""
    out: list[str] = []
    done = 0
    close = -1
    for token in TOKEN.finditer(text):
        end = token.end()
        if end >= len(text) or text[end] != "[" or token.start() < done:
            continue
        if close <= end:
            close = text.find("]", end + 1)
            if close < 0:
                break
        if close == end + 1:
            continue
        start = _link_start(text, token.start(), end)
        if start is None:
            continue
        out.append(text[done:start])
        out.append(text[end + 1:close])
        done = close + 1
    out.append(text[done:])
    return "".join(out)


def _link_start(text: str, start: int, end: int) -> int | None:
    """The leftmost position in ``text[start:end]`` that is not preceded by a word character or a
    backtick and from which a ``/``, ``:`` or ``.`` follows within the token; None if there is none."""
    last_mark = max(text.rfind("/", start, end), text.rfind(":", start, end), text.rfind(".", start, end))
    if last_mark < 0:
        return None
    for position in range(start, last_mark + 1):
        before = text[position - 1] if position else " "
        if not (before.isalnum() or before == "_" or before == "`"):
            return position
    return None


def table(lines: list[SourceLine], attrs: str, location: Location, caption: str, diagnostics: Diagnostics) -> Table:
    """A `|===` table: cells start with `|`; the first row is the header when a blank line follows it or
    the block attributes say `options="header"` / `%header`. Cells past MAX_TABLE_CELLS are not read
    (``read.markup-limit``)."""
    cells: list[tuple[str, Location]] = []
    first_row_width = 0
    header_gap = False
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            if cells and not header_gap and index and first_row_width == len(cells):
                header_gap = True
            continue
        if text.startswith("|"):
            for match in re.finditer(r"\|([^|]*)", text):
                if len(cells) == MAX_TABLE_CELLS:
                    diagnostics.add("read.markup-limit", f"a table of more than {MAX_TABLE_CELLS} cells; the "
                                    "rest of it is not read", line.at(match.start()),
                                    expected=f"at most {MAX_TABLE_CELLS} cells", found=text[:80])
                    break
                cells.append((match.group(1).strip(), line.at(match.start() + 1)))
            if index == 0:
                first_row_width = len(cells)
            if len(cells) == MAX_TABLE_CELLS:
                break
        elif cells:  # a cell continued on the next line
            value, where = cells[-1]
            cells[-1] = (f"{value} {text}".strip(), where)
    width = columns(attrs) or first_row_width or 1
    rows = [tuple(Cell((Paragraph(inline(v), loc),) if v else (), loc) for v, loc in cells[i:i + width])
            for i in range(0, len(cells), width)]
    has_header = header_gap or "header" in attrs
    header = rows[0] if rows and has_header else ()
    return Table(header, tuple(rows[1:] if has_header else rows), location, caption)


def columns(attrs: str) -> int:
    """The column count a `cols="1,2,4"` (or `cols="3*"`) attribute states."""
    match = re.search(r'cols="?([^"\]]+)"?', attrs)
    if not match:
        return 0
    spec = match.group(1)
    repeat = re.fullmatch(r"(\d+)\*.*", spec.strip())
    return int(repeat.group(1)) if repeat else len([c for c in spec.split(",") if c.strip()])


def source_language(attrs: str) -> tuple[str, str]:
    """('console', 'request') for [source,console]; role 'response' for *-result / TESTRESPONSE."""
    parts = [p.strip().strip('"') for p in attrs.split(",")] if attrs else []
    language = parts[1] if len(parts) > 1 and parts[0] in ("source", "") else (parts[0] if parts else "")
    role = "response" if language.endswith("-result") else ("request" if language == "console" else "")
    return language, role
