"""Linear pre-scans that bound what docutils builds: docutils parses every indented block (block quote,
list item, field body, definition, directive content) with a nested state machine over a copy of its
lines, so a page indented hundreds of levels deep costs it quadratic memory and its recursion, and every
block a millisecond or more. Lines nested deeper than the bound, and the rest of a page past its budget
of blocks, are blanked before docutils sees them (line numbers stay as written)."""

from __future__ import annotations

import re

from validator.readers.limits import MAX_BLOCKS, MAX_DEPTH

# what opens a nested body on the same line: a bullet, an enumerator, an explicit markup start
_MARKER = re.compile(r"(?:[-*+\u2022\u2023\u2043]|\(?(?:\d+|#|[a-zA-Z])[.)]|\.\.)(?: +|$)")
# what opens a block docutils parses on its own: a marker, a field of a field list, a row of a grid table
# (its cells are parsed one by one) or a border of a simple table
_BLOCK = re.compile(rf"{_MARKER.pattern}|:[^:\s][^:]*:(?: |$)|\+[-=]|=+ +=")


def cut_deep(text: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """``text`` with every line nested more than ``limit`` levels deep blanked, and the line number
    (1-based) of the first such line (0 and ``text`` itself when none is).

    A level is an indentation deeper than the enclosing one, or a list or markup marker followed by
    more text on the same line (``- - item`` is two levels). Linear: each level is pushed and popped once."""
    lines = text.split("\n")
    stack = [0]  # the columns of the enclosing levels
    first = 0
    for number, line in enumerate(lines):
        body = line.lstrip()
        if not body:
            continue
        indent = len(line[:len(line) - len(body)].expandtabs(8))
        while stack[-1] > indent:
            stack.pop()
        if indent > stack[-1]:
            stack.append(indent)
        column, at = indent, 0
        while len(stack) <= limit + 1 and (marker := _MARKER.match(body, at)) and marker.end() < len(body):
            column += marker.end() - at
            at = marker.end()
            stack.append(column)
        if len(stack) > limit + 1:
            lines[number] = ""
            first = first or number + 1
    return ("\n".join(lines), first) if first else (text, 0)


def cut_dense(text: str, limit: int = MAX_BLOCKS) -> tuple[str, int]:
    """``text`` with every line from the one opening its ``limit`` + 1-th block (a directive, comment,
    target, list item, field, table row or table border) on blanked, and the line number (1-based) of
    that line (0 and ``text`` itself when the page opens no more than ``limit`` blocks)."""
    lines = text.split("\n")
    count = 0
    for number, line in enumerate(lines):
        if _BLOCK.match(line.lstrip()):
            count += 1
            if count > limit:
                return "\n".join(lines[:number] + [""] * (len(lines) - number)), number + 1
    return text, 0
