"""Flat pages into sections: a rendered page keeps no heading levels (its title, then every heading one
level below), so a page of several operations ("Create a widget", "Delete a widget", each with its own
request line and its own "Path parameters") is regrouped: each operation heading owns the headings that
follow it up to the next operation heading. A page whose title states a request line itself is one
operation, whatever its headings say."""

from __future__ import annotations

import dataclasses

from validator.document import Block, Document, Paragraph, Section
from validator.extract import urls
from validator.extract.sections import role_of


def operation_sections(document: Document) -> tuple[list[Block], list[Section]]:
    """The document's blocks, regrouped, and its operation sections; the blocks as they are and no
    sections when the page is not a flat page of two or more operation headings."""
    blocks = list(document.blocks)
    if document.syntax != "text":
        return blocks, []
    out: list[Block] = []
    found: list[Section] = []
    for block in blocks:
        if isinstance(block, Section) and block.level == 1 and not _states_request(block.blocks):
            children, sections = _regrouped(list(block.blocks))
            if len(sections) >= 2:
                block = dataclasses.replace(block, blocks=tuple(children))
                found.extend(sections)
        out.append(block)
    return (out, found) if found else (blocks, [])


def _regrouped(blocks: list[Block]) -> tuple[list[Block], list[Section]]:
    """Blocks under the title with every heading after an operation heading nested under it."""
    out: list[Block] = []
    sections: list[Section] = []
    for block in blocks:
        if isinstance(block, Section) and _states_operation(block):
            sections.append(block)
            out.append(block)
        elif isinstance(block, Section) and sections:
            nested = dataclasses.replace(block, level=block.level + 1)
            owner = dataclasses.replace(sections[-1], blocks=sections[-1].blocks + (nested,))
            sections[-1] = out[-1] = owner
        else:
            out.append(block)
    return out, sections


def _states_operation(section: Section) -> bool:
    """A heading outside the section vocabulary whose own lines (or title) state a request line."""
    if role_of(section.title):
        return False
    return bool(urls.find_request_lines(section.title, section.location)) or _states_request(section.blocks)


def _states_request(blocks: tuple[Block, ...]) -> bool:
    """Does a paragraph among ``blocks`` (not inside their sections) state a request line?"""
    return any(isinstance(b, Paragraph) and urls.find_request_lines(b.text, b.location) for b in blocks)
