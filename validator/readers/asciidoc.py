"""AsciiDoc reader (Elasticsearch reference conventions of every era) → neutral Document.

Two passes, as Asciidoctor does: a line preprocessor (includes with tag regions, attribute entries,
conditionals, comments) that keeps every line's origin, then a block parser (sections, paragraphs,
delimited blocks, lists, definition lists with nesting by colon count, tables).
"""

from __future__ import annotations

import re
from pathlib import Path

from validator.diagnostics import Diagnostics
from validator.document import (
    Block,
    Cell,
    CodeBlock,
    Comment,
    DefinitionItem,
    DefinitionList,
    Document,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    Table,
)
from validator.model import Location
from validator.readers import ReadOptions
from validator.readers.adoc_preprocess import Preprocessor
from validator.readers.attributes import DEFAULT_ATTRIBUTES
from validator.readers.unsquash import looks_squashed, unsquash
from validator.sourcemap import SourceLine, SourceText

NAME = "asciidoc"

HEADING = re.compile(r"^(={1,6})\s+(\S.*?)\s*=*\s*$")
ANCHOR = re.compile(r"^\[\[([^\]]+)\]\]\s*$")
BLOCK_ATTRS = re.compile(r"^\[([^\[\]]*)\]\s*$")
DELIMITER = re.compile(r"^(-{4,}|\.{4,}|\+{4,}|={4,}|\*{4,}|_{4,}|--|\|===|/{4,})\s*$")
BULLET = re.compile(r"^(\*{1,5}|-|\.{1,5}|\d+\.)\s+(.*)$")
DEF_TERM = re.compile(r"^(.*?[^:\s])\s*(:{2,4}|;;)(?:\s+(.*))?$")
BLOCK_TITLE = re.compile(r"^\.([^\s.].*)$")


def sniff(text: str, path: Path) -> int:
    """AsciiDoc: .asciidoc/.adoc files, or `==` headings, `::` terms, `[[anchors]]`, `[source,...]`."""
    if path.suffix.lower() in (".asciidoc", ".adoc", ".asc"):
        return 10
    score = 0
    score += 3 * bool(re.search(r"(?m)^\[\[[\w.-]+\]\]|\[\[[\w.-]+\]\]\s*=", text))
    score += 3 * bool(re.search(r"(?m)^={1,4} \S|\]\]\s*={1,4} \S", text))
    score += 2 * bool(re.search(r"`[^`\n]*`(?: \([^)]*\))?::", text))
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
    pre = Preprocessor(path, options, attributes, diagnostics)
    lines = pre.run(source.lines, path, depth=0, stack=((path.resolve(), ()),))
    blocks, title = _Parser(lines, diagnostics).parse()
    return Document(shown, tuple(blocks), NAME, title=title, degraded=degraded)


# --------------------------------------------------------------------------- block parsing

class _Parser:
    def __init__(self, lines: list[SourceLine], diagnostics: Diagnostics) -> None:
        self.lines = lines
        self.diagnostics = diagnostics
        self.i = 0
        self.closers: list[str] = []  # closing delimiters of the compound blocks being parsed
        self.last_title = ""

    def parse(self) -> tuple[list[Block], str]:
        flat = self.blocks(until=None)
        return _nest_sections(flat)

    # Each entry of the flat list is a Block or a ("heading", level, title, location, anchor) tuple.
    def blocks(self, until: str | None) -> list:
        out: list = []
        anchor = ""
        attrs = ""
        while self.i < len(self.lines):
            line = self.lines[self.i]
            text = line.text.rstrip()
            stripped = text.strip()
            if until is not None and stripped == until:
                self.i += 1
                return out
            if not stripped:
                self.i += 1
                continue
            if stripped.startswith("//"):
                out.append(Comment(stripped[2:].strip(), line.location))
                self.i += 1
                continue
            if ANCHOR.match(stripped):
                anchor = ANCHOR.match(stripped).group(1).split(",")[0]
                self.i += 1
                continue
            if BLOCK_ATTRS.match(stripped) and not stripped.startswith("[["):
                attrs = BLOCK_ATTRS.match(stripped).group(1)
                self.i += 1
                continue
            if BLOCK_TITLE.match(stripped) and not BULLET.match(stripped):
                self.last_title = BLOCK_TITLE.match(stripped).group(1)  # a caption for the next block
                self.i += 1
                continue
            heading = HEADING.match(stripped)
            if heading and not DELIMITER.match(stripped):
                out.append(("heading", len(heading.group(1)), _inline(heading.group(2)), line.location,
                            anchor))
                anchor, attrs = "", ""
                self.i += 1
                continue
            delimiter = DELIMITER.match(stripped)
            if delimiter:
                out.extend(self.delimited(delimiter.group(1), attrs, line))
                attrs = ""
                continue
            if BULLET.match(stripped):
                out.append(self.list_block())
                attrs = ""
                continue
            if _is_term(stripped):
                out.append(self.definition_list())
                attrs = ""
                continue
            out.append(self.paragraph())
            attrs = ""
        if until is not None:
            self.diagnostics.add("read.unclosed-block", f"block delimited by {until!r} is never closed",
                                 self.lines[-1].location if self.lines else None,
                                 expected=f"a closing {until!r}", found="end of file")
        return out

    def delimited(self, delim: str, attrs: str, opening: SourceLine) -> list:
        self.i += 1
        if delim != "--" and delim[0] in "-.+/":  # listing, literal, passthrough, comment blocks
            content: list[SourceLine] = []
            while self.i < len(self.lines) and self.lines[self.i].text.strip() != delim:
                content.append(self.lines[self.i])
                self.i += 1
            if self.i >= len(self.lines):
                self.diagnostics.add("read.unclosed-block", f"block opened with {delim!r} is never closed",
                                     opening.location, expected=f"a closing {delim!r}", found="end of file")
            self.i += 1
            if delim.startswith(("+", "/")):
                return []  # passthrough and comment blocks carry no API content
            language, role = _source_language(attrs)
            text = "\n".join(ln.text for ln in content)
            location = content[0].location if content else opening.location
            return [CodeBlock(text, location, language, role, tuple(ln.location for ln in content))]
        if delim == "|===":
            content = []
            while self.i < len(self.lines) and self.lines[self.i].text.strip() != "|===":
                content.append(self.lines[self.i])
                self.i += 1
            self.i += 1
            caption, self.last_title = self.last_title, ""
            return [_table(content, attrs, opening.location, caption)]
        # example / open / sidebar / quote blocks: their content joins the surrounding flow
        self.closers.append(delim)
        try:
            return self.blocks(until=delim)
        finally:
            self.closers.pop()

    def paragraph(self) -> Paragraph:
        start = self.lines[self.i]
        parts, locations = [], []
        while self.i < len(self.lines):
            text = self.lines[self.i].text.strip()
            if parts and (not text or text == "+" or DELIMITER.match(text) or HEADING.match(text)
                          or ANCHOR.match(text) or BULLET.match(text) or _is_term(text)
                          or BLOCK_ATTRS.match(text) or text.startswith("//")):
                break  # (the first line always belongs to the paragraph: the parser makes progress)
            parts.append(text)
            locations.append(self.lines[self.i].location)
            self.i += 1
        return Paragraph(_inline(" ".join(parts)), start.location, tuple(locations))

    def list_block(self) -> ListBlock:
        first = self.lines[self.i]
        marker = BULLET.match(first.text.strip()).group(1)
        items: list[ListItem] = []
        while self.i < len(self.lines):
            text = self.lines[self.i].text.strip()
            bullet = BULLET.match(text)
            if not bullet or bullet.group(1) != marker:
                break
            location = self.lines[self.i].location
            parts = [bullet.group(2)]
            self.i += 1
            while self.i < len(self.lines):
                nxt = self.lines[self.i].text.strip()
                if not nxt or BULLET.match(nxt) or DELIMITER.match(nxt) or _is_term(nxt) or nxt == "+" \
                        or HEADING.match(nxt) or ANCHOR.match(nxt):
                    break
                parts.append(nxt)
                self.i += 1
            blocks: list[Block] = [Paragraph(_inline(" ".join(parts)), location)]
            blocks.extend(self.continuations())
            items.append(ListItem(tuple(blocks), location))
            self.skip_blank()
        return ListBlock(tuple(items), first.location, ordered=marker[0] in ".0123456789")

    def definition_list(self) -> DefinitionList:
        """Items of one colon depth; deeper items nest under the previous item."""
        first = self.lines[self.i]
        depth = _term_depth(first.text.strip())
        items: list[DefinitionItem] = []
        while self.i < len(self.lines):
            text = self.lines[self.i].text.strip()
            if not _is_term(text) or _term_depth(text) != depth:
                break
            location = self.lines[self.i].location
            term_match = DEF_TERM.match(text)
            term = _inline(term_match.group(1).strip(), keep_code=True)
            self.i += 1
            blocks: list[Block] = []
            parts: list[str] = [term_match.group(3)] if term_match.group(3) else []
            part_locations = [location] if parts else []
            while self.i < len(self.lines):
                nxt = self.lines[self.i].text.strip()
                if not nxt or nxt == "+" or _is_term(nxt) or DELIMITER.match(nxt) or HEADING.match(nxt) \
                        or ANCHOR.match(nxt) or BULLET.match(nxt) or BLOCK_ATTRS.match(nxt):
                    break
                if nxt.startswith("//"):
                    self.i += 1
                    continue
                if not part_locations:
                    part_locations.append(self.lines[self.i].location)
                parts.append(nxt)
                self.i += 1
            if parts:
                blocks.append(Paragraph(_inline(" ".join(parts)), part_locations[0]))
            blocks.extend(self.continuations())
            # deeper terms (more colons), possibly inside open blocks, belong to this item
            while True:
                save = self.i
                self.skip_blank_and_markers()
                if self.i < len(self.lines) and _is_term(self.lines[self.i].text.strip()) \
                        and _term_depth(self.lines[self.i].text.strip()) > depth:
                    blocks.append(self.definition_list())
                    continue
                self.i = save
                break
            items.append(DefinitionItem(term, tuple(blocks), location))
            self.skip_blank_and_markers()
        return DefinitionList(tuple(items), first.location)

    def continuations(self) -> list[Block]:
        """Blocks attached to a list item or definition by '+' lines or an immediately following
        open/example block."""
        blocks: list[Block] = []
        while self.i < len(self.lines):
            text = self.lines[self.i].text.strip()
            if text == "+" or text.startswith("+ "):
                self.i += 1
                if text.startswith("+ "):
                    self.lines[self.i - 1] = SourceLine(text[2:], self.lines[self.i - 1].location)
                    self.i -= 1
                self.skip_attrs_and_titles()
                if self.i >= len(self.lines):
                    break
                nxt = self.lines[self.i].text.strip()
                delimiter = DELIMITER.match(nxt)
                if delimiter:
                    attrs = self.last_attrs
                    blocks.extend(b for b in self.delimited(delimiter.group(1), attrs, self.lines[self.i])
                                  if not isinstance(b, tuple))
                elif BULLET.match(nxt):
                    blocks.append(self.list_block())
                elif _is_term(nxt):
                    blocks.append(self.definition_list())
                else:
                    blocks.append(self.paragraph())
                continue
            break
        return blocks

    last_attrs = ""

    def skip_attrs_and_titles(self) -> None:
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


def _table(lines: list[SourceLine], attrs: str, location: Location, caption: str) -> Table:
    """A `|===` table: cells start with `|`; the first row is the header when a blank line follows it or
    the block attributes say `options="header"` / `%header`."""
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
                cells.append((match.group(1).strip(), line.at(match.start() + 1)))
            if index == 0:
                first_row_width = len(cells)
        elif cells:  # a cell continued on the next line
            value, where = cells[-1]
            cells[-1] = (f"{value} {text}".strip(), where)
    width = _columns(attrs) or first_row_width or 1
    rows = [tuple(Cell((Paragraph(_inline(v), loc),) if v else (), loc) for v, loc in cells[i:i + width])
            for i in range(0, len(cells), width)]
    has_header = header_gap or "header" in attrs
    header = rows[0] if rows and has_header else ()
    return Table(header, tuple(rows[1:] if has_header else rows), location, caption)


def _columns(attrs: str) -> int:
    """The column count a `cols="1,2,4"` (or `cols="3*"`) attribute states."""
    match = re.search(r'cols="?([^"\]]+)"?', attrs)
    if not match:
        return 0
    spec = match.group(1)
    repeat = re.fullmatch(r"(\d+)\*.*", spec.strip())
    return int(repeat.group(1)) if repeat else len([c for c in spec.split(",") if c.strip()])


def _is_term(text: str) -> bool:
    match = DEF_TERM.match(text)
    if not match or text.startswith(("include::", "image::", "http", "//")):
        return False
    term = match.group(1)
    # a term is short and not a sentence; URLs and attribute entries are not terms
    return len(term) < 120 and "://" not in term and not term.startswith(":")


def _term_depth(text: str) -> int:
    match = DEF_TERM.match(text)
    return len(match.group(2)) if match and match.group(2) != ";;" else 2


def _source_language(attrs: str) -> tuple[str, str]:
    """('console', 'request') for [source,console]; role 'response' for *-result / TESTRESPONSE."""
    parts = [p.strip().strip('"') for p in attrs.split(",")] if attrs else []
    language = parts[1] if len(parts) > 1 and parts[0] in ("source", "") else (parts[0] if parts else "")
    role = "response" if language.endswith("-result") else ("request" if language == "console" else "")
    return language, role


def _inline(text: str, keep_code: bool = True) -> str:
    """Normalise inline markup: cross references to their labels, links to their text."""
    text = re.sub(r"<<[^,<>]+,\s*([^<>]+)>>", r"\1", text)
    text = re.sub(r"<<([^<>]+)>>", r"\1", text)
    # macros and links with a label (url[label], {attr}/page.html[label]) keep their label
    text = re.sub(r"(?<![`\w])(?=[^\s`\[\]]*[/:.])[^\s`\[\]]++\[([^\]]+)\]", r"\1", text)
    text = re.sub(r"\b(?:experimental|beta|deprecated)\[\]\s*", "", text)
    text = re.sub(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])", r"\1", text)
    text = re.sub(r"\b[Rr]equired\^\\?\*\^", "Conditionally required", text)  # the "^*^" footnote: one of
    text = re.sub(r"\^\\?\*\^", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _nest_sections(flat: list) -> tuple[list[Block], str]:
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
