"""AsciiDoc reader (Elasticsearch reference conventions of every era) → neutral Document.

Two passes, as Asciidoctor does: a line preprocessor (``preprocess``: includes with tag regions,
attribute entries, conditionals, comments) that keeps every line's origin, then a block parser
(``blocks``: an ordered list of block rules for sections, paragraphs, delimited blocks, lists, definition
lists with nesting by colon count, tables) whose inline text is normalised by ``inline``.
"""

from __future__ import annotations

import re
from pathlib import Path

from validator.diagnostics import Diagnostics
from validator.document import Block, Document, Section
from validator.readers import ReadOptions
from validator.readers.asciidoc.blocks import Parser
from validator.readers.asciidoc.preprocess import Preprocessor
from validator.readers.attributes import DEFAULT_ATTRIBUTES
from validator.readers.unsquash import looks_squashed, unsquash
from validator.sourcemap import SourceText

__all__ = ["NAME", "read", "sniff"]
NAME = "asciidoc"


def sniff(text: str, path: Path) -> int:
    """AsciiDoc: .asciidoc/.adoc files, or `==` headings, `::` terms, `[[anchors]]`, `[source,...]`."""
    if path.suffix.lower() in (".asciidoc", ".adoc", ".asc"):
        return 10
    score = 0
    score += 3 * bool(re.search(r"(?m)^\[\[[\w.-]+\]\]|\[\[[\w.-]+\]\]\s*=", text))
    score += 3 * bool(re.search(r"(?m)^={1,4} \S|\]\]\s*={1,4} \S", text))
    score += 2 * bool(re.search(r"`[^`\n]*`(?: \([^)\n]*\))?::", text))
    score += 2 * bool(re.search(r"\[source,\w+", text))
    score -= 5 * bool(re.search(r"(?m)^\.\. [\w:-]+::|^[=~-]{4,}\n", text))
    return max(score, 0)


def read(text: str, path: Path, shown: str, options: ReadOptions, diagnostics: Diagnostics) -> Document:
    """Parse AsciiDoc ``text`` into a Document; squashed pages are un-squashed first."""
    source = SourceText.from_text(shown, text)
    degraded: tuple[str, ...] = ()
    if looks_squashed(text):
        source, notes = unsquash(source)
        degraded = tuple(notes)
        diagnostics.add("read.recovered", "page had lost its newlines; " + "; ".join(notes),
                        source.lines[0].location if source.lines else None,
                        expected="one AsciiDoc construct per line", found="a squashed page")
    attributes = {**DEFAULT_ATTRIBUTES, **options.attributes}
    pre = Preprocessor(path, options, attributes, diagnostics, shown)
    lines = pre.run(source.lines, path, depth=0, stack=((path.resolve(), ()),))
    blocks, title = nest_sections(Parser(lines, diagnostics).blocks(until=None))
    return Document(shown, tuple(blocks), NAME, title=title, degraded=degraded)


def nest_sections(flat: list) -> tuple[list[Block], str]:
    """Turn heading markers into nested Sections; the first level-0/1 heading is the title."""
    title = ""
    root: list = []
    stack: list[tuple[int, list, tuple]] = []

    def close_to(level: int) -> None:
        while stack and stack[-1][0] >= level:
            lvl, blocks, head = stack.pop()
            section = Section(head[2], lvl, tuple(blocks), head[3], head[4])
            (stack[-1][1] if stack else root).append(section)

    for item in flat:
        if isinstance(item, tuple):
            level = item[1]
            if not title:
                title = item[2]
            close_to(level)
            stack.append((level, [], item))
        else:
            (stack[-1][1] if stack else root).append(item)
    close_to(0)
    return root, title
