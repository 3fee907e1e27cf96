"""AsciiDoc block parsing: located lines → blocks. Which block a line starts is decided by the ordered
rule list BLOCK_RULES (the first rule whose test accepts the line wins); each rule consumes its block,
looking ahead as far as it needs. A rule also says which running texts (a paragraph, a list item's
text, a definition) a line of its kind ends. Nesting is bounded (``read.too-deep``)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from validator.diagnostics import Diagnostics
from validator.document import Block, CodeBlock, Comment, DefinitionItem, DefinitionList, ListBlock, ListItem
from validator.document import Paragraph as Para
from validator.readers.asciidoc.inline import inline, source_language, table
from validator.readers.limits import MAX_DEPTH
from validator.sourcemap import SourceLine

HEADING = re.compile(r"^(={1,6})\s+(\S.*)$")
ANCHOR = re.compile(r"^\[\[([^\]]+)\]\]\s*$")
BLOCK_ATTRS = re.compile(r"^\[([^\[\]]*)\]\s*$")
DELIMITER = re.compile(r"^(-{4,}|\.{4,}|\+{4,}|={4,}|\*{4,}|_{4,}|--|\|={3,}|/{4,})\s*$")
BULLET = re.compile(r"^(\*{1,5}|-|\.{1,5}|\d+\.)\s+(.*)$")
DEF_TERM = re.compile(r"^(.*?[^:\s])\s*(:{2,4}|;;)(?:\s+(.*))?$")
BLOCK_TITLE = re.compile(r"^\.([^\s.].*)$")
PARAGRAPH, ITEM, DEFINITION = "paragraph", "item", "definition"  # the running texts a line may end


@dataclass
class Pending:
    """Block metadata waiting for the block it applies to: an ``[[anchor]]`` and ``[attributes]``."""

    anchor: str = ""
    attrs: str = ""


@dataclass(frozen=True)
class BlockRule:
    """A kind of line that starts a block. ``test`` sees the stripped line; ``parse`` consumes the block
    from the current line and returns its blocks (or heading markers); ``ends`` names the running texts
    that a line of this kind ends."""

    name: str
    test: Callable[[str], object]
    parse: Callable[[Parser, SourceLine, str, Pending], list]
    ends: frozenset[str] = frozenset()


def heading_title(text: str) -> str:
    """The title of a ``== Title ==`` heading line (trailing ``=`` and blanks removed)."""
    title = HEADING.match(text).group(2)
    return title[0] + title[1:].rstrip().rstrip("=").rstrip()


def is_term(text: str) -> bool:
    """A definition-list term line (``term::``, ``term;;``), not a URL, include or attribute entry."""
    match = DEF_TERM.match(text)
    if not match or text.startswith(("include::", "image::", "http", "//")):
        return False
    term = match.group(1)
    # a term is short and not a sentence; URLs and attribute entries are not terms
    return len(term) < 120 and "://" not in term and not term.startswith(":")


def term_depth(text: str) -> int:
    """The nesting level a term's marker states (``::`` 2, ``:::`` 3, ``::::`` 4, ``;;`` 2)."""
    match = DEF_TERM.match(text)
    return len(match.group(2)) if match and match.group(2) != ";;" else 2


class Parser:
    """Consumes located lines; ``blocks()`` returns Blocks and ("heading", level, title, location,
    anchor) markers that the caller nests into sections."""

    def __init__(self, lines: list[SourceLine], diagnostics: Diagnostics) -> None:
        self.lines = lines
        self.diagnostics = diagnostics
        self.i = 0
        self.closers: list[str] = []  # closing delimiters of the compound blocks being parsed
        self.last_title = ""  # a `.Title` line: the title of the next block (a table's caption)
        self.last_attrs = ""  # the attributes of a block attached by a continuation
        self.depth = 0
        self.too_deep = False

    def text(self, offset: int = 0) -> str | None:
        """The stripped line ``offset`` lines ahead, or None past the end (the parser's look-ahead)."""
        index = self.i + offset
        return self.lines[index].text.strip() if index < len(self.lines) else None

    def blocks(self, until: str | None) -> list:
        """Blocks up to the line ``until`` (consumed) or the end of the lines."""
        out: list = []
        pending = Pending()
        while self.i < len(self.lines):
            line = self.lines[self.i]
            stripped = line.text.strip()
            if until is not None and stripped == until:
                self.i += 1
                return out
            if not stripped:
                self.i += 1
                continue
            rule = next(r for r in BLOCK_RULES if r.test(stripped))
            out.extend(rule.parse(self, line, stripped, pending))
        if until is not None:
            self.diagnostics.add("read.unclosed-block", f"block delimited by {until!r} is never closed",
                                 self.lines[-1].location if self.lines else None,
                                 expected=f"a closing {until!r}", found="end of file")
        return out

    def deeper(self, line: SourceLine) -> bool:
        """Enter one nesting level; False (and ``read.too-deep`` once per page) past MAX_DEPTH."""
        if self.depth >= MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                self.diagnostics.add("read.too-deep", f"blocks nested more than {MAX_DEPTH} deep; the deeper "
                                     "content is not read", line.location, expected=f"at most {MAX_DEPTH} "
                                     "nested blocks", found="deeper nesting")
            return False
        self.depth += 1
        return True

    def delimited(self, delim: str, attrs: str, opening: SourceLine) -> list:
        """A delimited block: listing/literal content as a CodeBlock, a table, or (example, open, sidebar,
        quote blocks) content that joins the surrounding flow."""
        self.i += 1
        if delim != "--" and delim[0] in "-.+/|":  # a table: |=== with any number of '=', closed alike
            content = self.verbatim(delim, opening)
            if delim.startswith("|"):
                caption, self.last_title = self.last_title, ""
                return [table(content, attrs, opening.location, caption, self.diagnostics)]
            if delim.startswith(("+", "/")):
                return []  # passthrough and comment blocks carry no API content
            language, role = source_language(attrs)
            text = "\n".join(ln.text for ln in content)
            location = content[0].location if content else opening.location
            title, self.last_title = self.last_title, ""
            return [CodeBlock(text, location, language, role, tuple(ln.location for ln in content), title)]
        if not self.deeper(opening):
            self.verbatim(delim, opening)
            return []
        self.closers.append(delim)
        try:
            return self.blocks(until=delim)
        finally:
            self.closers.pop()
            self.depth -= 1

    def verbatim(self, delim: str, opening: SourceLine) -> list[SourceLine]:
        """The lines up to the closing ``delim`` (consumed), unparsed."""
        content: list[SourceLine] = []
        while self.i < len(self.lines) and self.lines[self.i].text.strip() != delim:
            content.append(self.lines[self.i])
            self.i += 1
        if self.i >= len(self.lines) and not delim.startswith("|"):
            self.diagnostics.add("read.unclosed-block", f"block opened with {delim!r} is never closed",
                                 opening.location, expected=f"a closing {delim!r}", found="end of file")
        self.i += 1
        return content

    def running_text(self, kind: str, parts: list[str], skip_comments: bool = False) -> list[SourceLine]:
        """Lines continuing a paragraph, item text or definition up to a line that ends ``kind``."""
        taken: list[SourceLine] = []
        while self.i < len(self.lines):
            text = self.lines[self.i].text.strip()
            if not text or text == "+" or ends(kind, text):
                break
            if not (skip_comments and text.startswith("//")):
                parts.append(text)
                taken.append(self.lines[self.i])
            self.i += 1
        return taken

    def paragraph(self) -> Para:
        """Lines up to a blank line or a line that starts another block (the first line always belongs to
        the paragraph, so the parser makes progress)."""
        start = self.lines[self.i]
        parts = [start.text.strip()]
        self.i += 1
        taken = self.running_text(PARAGRAPH, parts)
        return Para(inline(" ".join(parts)), start.location, (start.location, *(ln.location for ln in taken)),
                    tuple(parts) if len(parts) == len(taken) + 1 else ())

    def list_block(self) -> ListBlock | Para:
        """Items with the same marker; each item's text, then blocks attached by continuations."""
        first = self.lines[self.i]
        if not self.deeper(first):
            return self.paragraph()
        marker = BULLET.match(first.text.strip()).group(1)
        items: list[ListItem] = []
        while self.i < len(self.lines):
            bullet = BULLET.match(self.lines[self.i].text.strip())
            if not bullet or bullet.group(1) != marker:
                break
            location = self.lines[self.i].location
            parts = [bullet.group(2)]
            self.i += 1
            self.running_text(ITEM, parts)
            blocks: list[Block] = [Para(inline(" ".join(parts)), location)]
            blocks.extend(self.continuations())
            items.append(ListItem(tuple(blocks), location))
            self.skip_blank()
        self.depth -= 1
        return ListBlock(tuple(items), first.location, ordered=marker[0] in ".0123456789")

    def definition_list(self) -> DefinitionList | Para:
        """Items of one colon depth; deeper items nest under the previous item."""
        first = self.lines[self.i]
        if not self.deeper(first):
            return self.paragraph()
        depth = term_depth(first.text.strip())
        items: list[DefinitionItem] = []
        while self.i < len(self.lines):
            text = self.lines[self.i].text.strip()
            if not is_term(text) or term_depth(text) != depth:
                break
            items.append(self.definition_item(self.lines[self.i], depth))
            if self.title_follows():
                break  # a `.Title` starts another block (`.Request body` after `.Query parameters`)
            self.skip_blank_and_markers()
        self.depth -= 1
        return DefinitionList(tuple(items), first.location)

    def definition_item(self, line: SourceLine, depth: int) -> DefinitionItem:
        """A term, its definition text, its continuations and the deeper terms that follow it."""
        term_match = DEF_TERM.match(line.text.strip())
        self.i += 1
        blocks: list[Block] = []
        parts: list[str] = [term_match.group(3)] if term_match.group(3) else []
        taken = self.running_text(DEFINITION, parts, skip_comments=True)
        if parts:
            blocks.append(Para(inline(" ".join(parts)), line.location if term_match.group(3) else taken[0].location))
        blocks.extend(self.continuations())
        while self.deeper_term_follows(depth):  # deeper terms, possibly inside open blocks, belong here
            self.skip_blank_and_markers()
            blocks.append(self.definition_list())
        return DefinitionItem(inline(term_match.group(1).strip()), tuple(blocks), line.location)

    def title_follows(self) -> bool:
        """Look ahead past blank lines: is the next line a block title?"""
        index = self.i
        while index < len(self.lines) and not self.lines[index].text.strip():
            index += 1
        text = self.lines[index].text.strip() if index < len(self.lines) else ""
        return bool(BLOCK_TITLE.match(text)) and not BULLET.match(text)

    def deeper_term_follows(self, depth: int) -> bool:
        """Look ahead past blank lines and markers: does a term deeper than ``depth`` come next?"""
        save = self.i
        self.skip_blank_and_markers()
        text = self.text()
        self.i = save
        return text is not None and is_term(text) and term_depth(text) > depth

    def continuations(self) -> list[Block]:
        """Blocks attached to a list item or definition by '+' lines."""
        blocks: list[Block] = []
        while self.i < len(self.lines):
            text = self.lines[self.i].text.strip()
            if not (text == "+" or text.startswith("+ ")):
                break
            if text.startswith("+ "):  # '+ text': the text on the continuation line is the block
                self.lines[self.i] = SourceLine(text[2:], self.lines[self.i].location)
            else:
                self.i += 1
            self.skip_attrs_and_titles()
            if self.i >= len(self.lines):
                break
            nxt = self.lines[self.i].text.strip()
            rule = next(r for r in BLOCK_RULES if r.name in CONTINUED and r.test(nxt))
            made = rule.parse(self, self.lines[self.i], nxt, Pending(attrs=self.last_attrs))
            blocks.extend(b for b in made if not isinstance(b, tuple))
        return blocks

    def skip_attrs_and_titles(self) -> None:
        """Block attributes (remembered in ``last_attrs``), titles and anchors before a continued block."""
        self.last_attrs = ""
        while self.i < len(self.lines):
            text = self.lines[self.i].text.strip()
            if BLOCK_ATTRS.match(text) and not text.startswith("[["):
                self.last_attrs = BLOCK_ATTRS.match(text).group(1)
            elif not (BLOCK_TITLE.match(text) and not BULLET.match(text)) and not ANCHOR.match(text):
                return
            self.i += 1

    def skip_blank(self) -> None:
        while self.i < len(self.lines) and not self.lines[self.i].text.strip():
            self.i += 1

    def skip_blank_and_markers(self) -> None:
        """Blank lines, comments, block titles/attributes and open-block delimiters between terms."""
        while self.i < len(self.lines):
            text = self.lines[self.i].text.strip()
            if self.closers and text == self.closers[-1]:
                return  # the end of the enclosing block is not ours to skip
            if not text or text == "+" or text.startswith("//") or re.fullmatch(r"={4,}|--", text) \
                    or (BLOCK_ATTRS.match(text) and not text.startswith("[[")) \
                    or (BLOCK_TITLE.match(text) and not BULLET.match(text)) or ANCHOR.match(text):
                self.i += 1
                continue
            return


# --------------------------------------------------------------------------- the rules, in order


def _comment(parser: Parser, line: SourceLine, text: str, pending: Pending) -> list:
    parser.i += 1
    return [Comment(text[2:].strip(), line.location)]


def _anchor(parser: Parser, line: SourceLine, text: str, pending: Pending) -> list:
    pending.anchor = ANCHOR.match(text).group(1).split(",")[0]
    parser.i += 1
    return []


def _attributes(parser: Parser, line: SourceLine, text: str, pending: Pending) -> list:
    pending.attrs = BLOCK_ATTRS.match(text).group(1)
    parser.i += 1
    return []


def _title(parser: Parser, line: SourceLine, text: str, pending: Pending) -> list:
    parser.last_title = BLOCK_TITLE.match(text).group(1)  # the title of the next block
    parser.i += 1
    return []


def _heading(parser: Parser, line: SourceLine, text: str, pending: Pending) -> list:
    marker = ("heading", len(HEADING.match(text).group(1)), inline(heading_title(text)), line.location,
              pending.anchor)
    pending.anchor = pending.attrs = ""
    parser.i += 1
    return [marker]


def _delimited(parser: Parser, line: SourceLine, text: str, pending: Pending) -> list:
    attrs, pending.attrs = pending.attrs, ""
    return parser.delimited(DELIMITER.match(text).group(1), attrs, line)


def _list(parser: Parser, line: SourceLine, text: str, pending: Pending) -> list:
    pending.attrs = ""
    title, parser.last_title = parser.last_title, ""  # taken before the items' blocks can take it
    return [_titled(parser.list_block(), title)]


def _definitions(parser: Parser, line: SourceLine, text: str, pending: Pending) -> list:
    pending.attrs = ""
    title, parser.last_title = parser.last_title, ""
    return [_titled(parser.definition_list(), title)]


def _paragraph(parser: Parser, line: SourceLine, text: str, pending: Pending) -> list:
    pending.attrs = ""
    parser.last_title = ""  # a title names the block right after it only
    return [parser.paragraph()]


def _titled(block: Block, title: str) -> Block:
    """A list given its `.Title` (a paragraph made of a too-deep list takes none)."""
    return dataclasses.replace(block, title=title) if title and isinstance(block, ListBlock | DefinitionList) else block


ALL = frozenset((PARAGRAPH, ITEM, DEFINITION))
BLOCK_RULES: tuple[BlockRule, ...] = (
    BlockRule("comment", lambda s: s.startswith("//"), _comment, frozenset((PARAGRAPH,))),
    BlockRule("anchor", ANCHOR.match, _anchor, ALL),
    BlockRule("attributes", lambda s: BLOCK_ATTRS.match(s) and not s.startswith("[["), _attributes,
              frozenset((PARAGRAPH, DEFINITION))),
    BlockRule("title", lambda s: BLOCK_TITLE.match(s) and not BULLET.match(s), _title),
    BlockRule("heading", lambda s: HEADING.match(s) and not DELIMITER.match(s), _heading, ALL),
    BlockRule("delimited", DELIMITER.match, _delimited, ALL),
    BlockRule("list", BULLET.match, _list, ALL),
    BlockRule("definitions", is_term, _definitions, ALL),
    BlockRule("paragraph", lambda s: True, _paragraph),
)
CONTINUED = frozenset(("delimited", "list", "definitions", "paragraph"))  # what a '+' line may attach


def ends(kind: str, text: str) -> bool:
    """Does ``text`` (a stripped line) start a block that ends the running text ``kind``?"""
    return any(rule.test(text) for rule in BLOCK_RULES if kind in rule.ends)
