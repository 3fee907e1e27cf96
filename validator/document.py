"""Format-neutral document blocks that every reader produces and extraction consumes.

Inline markup is normalised by readers: inline code is written as `code`, links keep their label,
emphasis markers are dropped. Every block carries the Location of its first line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from validator.model import Location


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    location: Location
    # Locations of the paragraph's further lines (squashed pages join several original lines).
    line_locations: tuple[Location, ...] = ()
    # the source lines as written, one per line_locations entry (to locate a word on its own line)
    raw_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """Literal text. ``language`` as declared ('console', 'js', 'json', 'http', ''); ``location`` is
    the first CONTENT line, and ``line_locations`` the origin of every content line."""

    text: str
    location: Location
    language: str = ""
    role: str = ""  # 'request' | 'response' | '' when the markup says so ([source,console-result])
    line_locations: tuple[Location, ...] = ()
    title: str = ""  # the block title the markup gives it (AsciiDoc `.Request body`)


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[ListItem, ...]
    location: Location
    ordered: bool = False
    title: str = ""


@dataclass(frozen=True, slots=True)
class DefinitionItem:
    """``term`` is the raw term text (e.g. "`name` (Required)"); ``blocks`` the definition."""

    term: str
    blocks: tuple[Block, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class DefinitionList:
    items: tuple[DefinitionItem, ...]
    location: Location
    title: str = ""


@dataclass(frozen=True, slots=True)
class Cell:
    blocks: tuple[Block, ...]
    location: Location
    links: tuple[str, ...] = ()  # targets of the cross references in the cell (normalised labels)

    @property
    def text(self) -> str:
        return plain_text(self.blocks)


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    location: Location
    caption: str = ""
    anchor: str = ""  # the labels naming the table (space-separated), which cross references target


@dataclass(frozen=True, slots=True)
class Field:
    """A typed field of a declared endpoint (Sphinx httpdomain ``:<json string name: text``).
    ``kind`` is the field name as written ('param', 'query', '<json', 'statuscode', ...)."""

    kind: str
    name: str
    type: str
    blocks: tuple[Block, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class Endpoint:
    """An endpoint declared by markup (``.. http:get:: /path``), with its fields and body."""

    method: str
    path: str
    fields: tuple[Field, ...]
    blocks: tuple[Block, ...]
    location: Location
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Comment:
    """A markup comment kept for directives such as ``doccontract-ignore``."""

    text: str
    location: Location


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    level: int
    blocks: tuple[Block, ...]
    location: Location
    anchor: str = ""


Block = Paragraph | CodeBlock | ListBlock | DefinitionList | Table | Endpoint | Comment | Section


@dataclass(frozen=True, slots=True)
class Document:
    """One source file, read. ``blocks`` hold top-level sections and blocks in order."""

    path: str
    blocks: tuple[Block, ...]
    syntax: str  # 'asciidoc' | 'rst' | 'text'
    title: str = ""
    degraded: tuple[str, ...] = field(default_factory=tuple)  # what recovery was applied
    includes: tuple[str, ...] = ()  # the source files the page's text took in (resolved paths)


def plain_text(blocks: tuple[Block, ...] | list[Block]) -> str:
    """The text of blocks joined by blank lines (lists as '- ' lines), for prose rules."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, ListBlock):
            parts.append("\n".join("- " + plain_text(item.blocks) for item in block.items))
        elif isinstance(block, DefinitionList):
            parts.append("\n".join(f"{i.term}: {plain_text(i.blocks)}" for i in block.items))
        elif isinstance(block, Section):
            parts.append(plain_text(block.blocks))
    return "\n\n".join(p for p in parts if p)


def walk(blocks: tuple[Block, ...] | list[Block]):
    """Every block, depth first, in document order."""
    for block in blocks:
        yield block
        if isinstance(block, Section | Endpoint):
            yield from walk(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item.blocks)
        elif isinstance(block, DefinitionList):
            for item in block.items:
                yield from walk(item.blocks)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield from walk(cell.blocks)
