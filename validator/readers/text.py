"""Rendered documentation text (a web page saved as text) → Document.

Headings are recognised by the "edit" link text renderers append, or as short title-like lines
followed by a blank line; bullets (•, -, *) become lists; JSON-looking runs become code blocks.
"""

from __future__ import annotations

import re
from pathlib import Path

from validator.diagnostics import Diagnostics
from validator.document import Block, CodeBlock, Document, ListBlock, ListItem, Paragraph, Section
from validator.model import Location
from validator.readers import ReadOptions

NAME = "text"
EDIT_HEADING = re.compile(r"^(\S.*?\S)\s*edit$")
BULLET = re.compile(r"^\s*[•\-*‣◦]\s+(.*)$")
JSONISH = re.compile(r'^\s*(?:[{\[\]}]|"[^"]*"\s*:)')


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
