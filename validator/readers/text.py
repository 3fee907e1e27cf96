"""Rendered documentation text (a web page saved as text) → Document.

Headings are recognised by the "edit" link text renderers append, or as short title-like lines
followed by a blank line; bullets (•, -, *) become lists; JSON-looking runs become code blocks; runs of
lines whose cells are separated by TAB characters (an HTML table copied as text) become tables, and so
do fields written as stacked lines (name, type, "Required", text: a rendered parameter list); a curl
command (with its continuation lines) is a code block.
"""

from __future__ import annotations

import re
from pathlib import Path

from validator.diagnostics import Diagnostics
from validator.document import Block, Cell, CodeBlock, Document, ListBlock, ListItem, Paragraph, Section, Table
from validator.model import Location
from validator.readers import ReadOptions

NAME = "text"
EDIT_HEADING = re.compile(r"^(\S.*?\S)\s*edit$")
BULLET = re.compile(r"^\s*[•\-*‣◦]\s+(.*)$")
JSONISH = re.compile(r'^\s*(?:[{\[\]}]|"[^"]*"\s*:)')
# a field written as stacked lines (a rendered parameter list): its name, its type, "Required", its text
FIELD_NAME = re.compile(r"^[A-Za-z_$@][\w.$@\[\]-]{0,63}$")
_TYPE_WORD = r"(?:array of )?(?:strings?|integers?|numbers?|booleans?|objects?|arrays?|null|files?)"
FIELD_TYPE = re.compile(rf"^{_TYPE_WORD}(?:\s*(?:,|\bor\b|\band\b)\s*{_TYPE_WORD})*$", re.IGNORECASE)
FIELD_FLAG = re.compile(r"^(?:required|optional)$", re.IGNORECASE)
# a command line: curl, with its continuation lines (ending in a backslash)
COMMAND = re.compile(r"^\s*(?:\$\s*)?curl\s")


def sniff(text: str, path: Path) -> int:
    """Rendered pages: headings ending in 'edit', bullets, no markup."""
    return 1 + 2 * bool(re.search(r"(?m)^\S.*\Sedit$", text))


def read(text: str, path: Path, shown: str, options: ReadOptions, diagnostics: Diagnostics) -> Document:
    """Parse rendered text into sections and blocks, line by line."""
    lines = text.split("\n")
    flat: list = []
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        location = Location(shown, i + 1)
        if not line.strip():
            i += 1
            continue
        table_end = _table_end(lines, i)
        if table_end > i:
            flat.append(_tab_table(lines[i:table_end], i, shown))
            i = table_end
            continue
        stacked = _stacked_fields(lines, i, shown)
        if stacked is not None:
            i, table = stacked
            flat.append(table)
            continue
        if COMMAND.match(line):
            start = i
            while i < len(lines) and lines[i].rstrip().endswith("\\") and lines[i + 1:i + 2] != [""]:
                i += 1
            i += 1
            block = [ln.rstrip() for ln in lines[start:i]]
            flat.append(CodeBlock("\n".join(block), location, "shell", "",
                                  tuple(Location(shown, start + k + 1) for k in range(len(block)))))
            continue
        heading = EDIT_HEADING.match(line.strip())
        if heading and len(line) < 120:
            flat.append(("heading", heading.group(1), location))
            i += 1
            continue
        if _plain_heading(lines, i):
            flat.append(("heading", line.strip(), location))
            i += 1
            continue
        if BULLET.match(line):
            items = []
            while i < len(lines) and BULLET.match(lines[i]):
                items.append(ListItem((Paragraph(BULLET.match(lines[i]).group(1).strip(),
                                                 Location(shown, i + 1)),), Location(shown, i + 1)))
                i += 1
            flat.append(ListBlock(tuple(items), location))
            continue
        if JSONISH.match(line):
            start = i
            while i < len(lines) and lines[i].strip() and (JSONISH.match(lines[i]) or lines[i].startswith(" ")):
                i += 1
            block = lines[start:i]
            flat.append(CodeBlock("\n".join(block), location, "", "",
                                  tuple(Location(shown, start + k + 1) for k in range(len(block)))))
            continue
        # rendered pages are not hard-wrapped: every line is a block of its own
        flat.append(Paragraph(line.strip(), location, (location,)))
        i += 1
    return Document(shown, tuple(_nest(flat)), NAME, title=next((h[1] for h in flat if isinstance(h, tuple)), ""))


def _is_row(line: str) -> bool:
    """A line of TAB-separated cells: a tab between text, the first cell not indentation or JSON."""
    cells = line.rstrip().lstrip(" ").split("\t")
    return len(cells) > 1 and bool(cells[0].strip()) and not JSONISH.match(cells[0])


def _table_end(lines: list[str], i: int) -> int:
    """The end of the run of TAB-separated lines at ``i`` (a header and at least one row), else ``i``."""
    end = i
    while end < len(lines) and _is_row(lines[end]):
        end += 1
    return end if end - i >= 2 else i


def _tab_table(rows: list[str], first: int, shown: str) -> Table:
    """The first line is the header; a row with more cells than the header joins the rest into its
    last cell, a row with fewer gets empty cells. Each cell is located at its own column."""
    width = len(rows[0].strip().split("\t"))
    cells_of: list[tuple[Cell, ...]] = []
    for number, line in enumerate(rows, start=first + 1):
        raw = line.rstrip().lstrip(" ").split("\t")
        columns = [len(line) - len(line.lstrip(" ")) + 1 + sum(len(r) + 1 for r in raw[:k]) for k in range(len(raw))]
        texts = [t.strip() for t in raw[:width - 1]] + [" ".join(t.strip() for t in raw[width - 1:] if t.strip())]
        texts += [""] * (width - len(texts))
        cells = []
        for k, text in enumerate(texts):
            where = Location(shown, number, columns[min(k, len(columns) - 1)])
            cells.append(Cell((Paragraph(text, where, (where,)),) if text else (), where))
        cells_of.append(tuple(cells))
    return Table(cells_of[0], tuple(cells_of[1:]), Location(shown, first + 1))


def _field_group(lines: list[str], i: int) -> int:
    """The end of the stacked field starting at ``i`` (a name line, then a type line), else ``i``."""
    if i + 1 >= len(lines) or not FIELD_NAME.match(lines[i].strip()) or not FIELD_TYPE.match(lines[i + 1].strip()):
        return i
    end = i + 2
    while end < len(lines) and lines[end].strip():
        end += 1
    return end


def _stacked_fields(lines: list[str], i: int, shown: str) -> tuple[int, Table] | None:
    """Fields written as stacked lines, one group per field, groups apart by blank lines: (the end, a
    table of Name, Type, Required, Description) or None. A group without "Required" is optional when
    another group of the run has a Required or Optional line, else its requiredness is unstated."""
    groups = []
    at = i
    while (end := _field_group(lines, at)) > at:
        groups.append((at, [ln.strip() for ln in lines[at:end]]))
        at = end
        while at < len(lines) and not lines[at].strip():
            at += 1
    if not groups:
        return None
    flagged = any(len(g) > 2 and FIELD_FLAG.match(g[2]) for _, g in groups)

    def cell(text: str, number: int) -> Cell:
        where = Location(shown, number)
        return Cell((Paragraph(text, where, (where,)),) if text else (), where)
    rows = []
    for start, group in groups:
        flag = group[2] if len(group) > 2 and FIELD_FLAG.match(group[2]) else ""
        text = group[3:] if flag else group[2:]
        required = "Yes" if flag.lower() == "required" else "No" if flagged else ""
        described = start + (4 if flag else 3)
        rows.append((cell(group[0], start + 1), cell(group[1], start + 2),
                     cell(required, start + 3 if flag else start + 1), cell(" ".join(text), described)))
    header = tuple(cell(name, i + 1) for name in ("Name", "Type", "Required", "Description"))
    end = groups[-1][0] + len(groups[-1][1])
    return end, Table(header, tuple(rows), Location(shown, i + 1))


def _plain_heading(lines: list[str], i: int) -> bool:
    """A short title-like line standing alone between blank lines (renderers without "edit" links)."""
    text = lines[i].strip()
    alone = (i == 0 or not lines[i - 1].strip()) and (i + 1 >= len(lines) or not lines[i + 1].strip())
    return alone and 0 < len(text.split()) <= 6 and text[0].isupper() and not re.search(r"[.:;,!?/{}()<>\"`]", text) \
        and not re.match(r"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\b", text)


def _nest(flat: list) -> list[Block]:
    """The first heading is the page title (level 1); later headings are its sections (level 2)."""
    root: list[Block] = []
    title: tuple | None = None
    title_blocks: list[Block] = []
    current: tuple | None = None
    current_blocks: list[Block] = []

    def close_current() -> None:
        if current is not None:
            title_blocks.append(Section(current[1], 2, tuple(current_blocks), current[2]))

    for item in flat:
        if isinstance(item, tuple):
            if title is None:
                title = item
                continue
            close_current()
            current, current_blocks = item, []
        elif current is not None:
            current_blocks.append(item)
        elif title is not None:
            title_blocks.append(item)
        else:
            root.append(item)
    close_current()
    if title is not None:
        root.append(Section(title[1], 1, tuple(title_blocks), title[2]))
    return root
