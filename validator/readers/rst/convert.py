"""docutils doctree → neutral Document blocks. Lines come from the nodes (or, for table cells, their
first paragraph); targets before a table or section become its anchor; substitutions read as their
definition."""

from __future__ import annotations

import re
from pathlib import Path

import docutils.nodes as nodes

from validator.document import (
    Block,
    Cell,
    CodeBlock,
    Comment,
    DefinitionItem,
    DefinitionList,
    Endpoint,
    Field,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    Table,
)
from validator.model import Location
from validator.readers.limits import (
    MAX_DEPTH,
    MAX_EXPANDED_LINE,
    MAX_EXPANDED_TOTAL,
    MAX_EXPANSION_DEPTH,
    Budget,
)
from validator.readers.rst.context import Context
from validator.readers.rst.standins import endpoint_node


class Converter:
    """doctree nodes → Document blocks, lines taken from the nodes (or, for table cells, their first
    paragraph); targets before a table or section become its anchor."""

    def __init__(self, context: Context, document: nodes.document) -> None:
        self.context = context
        self.document = document
        self.substitutions = {name: node for name, node in document.substitution_defs.items()}
        self._titles: dict[str, str] | None = None
        self._expanded: dict[str, str] = {}  # substitution name → its text
        self._expanding: list[str] = []  # the substitutions being expanded (loop detection)
        self._budget = Budget(MAX_EXPANDED_TOTAL)
        self._depth = 0
        self._reported: set[str] = set()

    def limit(self, code: str, message: str, node, expected: str) -> None:
        """One diagnostic per page and kind of excess (``read.too-deep``, ``read.expansion-limit``)."""
        if message not in self._reported:
            self._reported.add(message)
            self.context.diagnostics.add(code, message, self.location(node), expected=expected,
                                         found=node.astext()[:80])

    # ---------------------------------------------------------------- locations

    def location(self, node, fallback: int = 0) -> Location:
        """Where ``node`` starts: its own line, else that of its first descendant that knows one (table
        rows and entries, list items and sections do not), in that descendant's file."""
        for descendant in node.findall(include_self=True):
            line = getattr(descendant, "line", None)
            if line:
                return self.context.where(_source_of(descendant), int(line))
        return self.context.where(_source_of(node), fallback)

    def section_location(self, node) -> Location:
        """docutils reports a section at its underline; the title is the line above."""
        title = node.next_node(nodes.title)
        location = self.location(title if title is not None else node)
        lines = self.lines(_source_of(title if title is not None else node))
        if 1 < location.line <= len(lines) and re.fullmatch(r"([=\-~^\"'`#*+.:_<>])\1{2,}\s*",
                                                             lines[location.line - 1]):
            return Location(location.path, location.line - 1, location.column)
        return location

    def lines(self, source: str | None) -> list[str]:
        key = source or self.context.source
        if key not in self.context.sources:
            try:
                self.context.sources[key] = Path(key).read_text(encoding="utf-8", errors="replace").split("\n")
            except OSError:
                self.context.sources[key] = []
        return self.context.sources[key]

    # ---------------------------------------------------------------- blocks

    def blocks(self, children, top: bool = False) -> list[Block]:
        """The blocks of ``children``; below MAX_DEPTH levels nothing (``read.too-deep``)."""
        if self._depth >= MAX_DEPTH:
            if children:
                self.limit("read.too-deep", f"blocks nested more than {MAX_DEPTH} deep; the deeper content is "
                           "not read", children[0], f"at most {MAX_DEPTH} nested blocks")
            return []
        self._depth += 1
        try:
            return self._blocks(children, top)
        finally:
            self._depth -= 1

    def _blocks(self, children, top: bool) -> list[Block]:
        out: list[Block] = []
        anchors: list[str] = []
        for child in children:
            if isinstance(child, nodes.target) and not child.get("refuri") and not child.children:
                anchors.extend(child.get("names", []))  # `.. _label:` names the block that follows
                continue
            if top and isinstance(child, nodes.field_list) and not out:
                continue  # bibliographic fields at the top of a page (`:original_name: x.html`)
            made = self.block(child, tuple(anchors))
            if made or isinstance(child, nodes.system_message):  # a label names the next block only
                anchors = []
            out.extend(made)
        return out

    def block(self, node, anchors: tuple[str, ...] = ()) -> list[Block]:
        if isinstance(node, nodes.section):
            title = node.next_node(nodes.title)
            body = [c for c in node.children if not isinstance(c, nodes.title)]
            names = tuple(anchors) + tuple(node.get("names", []))
            return [Section(self.inline(title) if title is not None else "", _depth(node),
                            tuple(self.blocks(body)), self.section_location(node), names[0] if names else "")]
        if isinstance(node, nodes.paragraph | nodes.rubric):
            location = self.location(node, _first_line(node))
            raw = tuple(node.rawsource.split("\n")) if isinstance(node, nodes.paragraph) and node.rawsource else ()
            lines = tuple(Location(location.path, location.line + i, location.column) for i in range(len(raw)))
            return [Paragraph(self.inline(node), location, lines, raw)]
        if isinstance(node, nodes.line_block):
            text = "\n".join(self.inline(line) for line in node.findall(nodes.line))
            return [Paragraph(text, self.location(node, _first_line(node)))]
        if isinstance(node, nodes.literal_block | nodes.doctest_block):
            return [self.code(node)]
        if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
            items = [ListItem(tuple(self.blocks(item.children)), self.location(item, _first_line(item)))
                     for item in node.children if isinstance(item, nodes.list_item)]
            return [ListBlock(tuple(items), self.location(node, _first_line(node)),
                              isinstance(node, nodes.enumerated_list))] if items else []
        if isinstance(node, nodes.definition_list):
            return [self.definitions(node)]
        if isinstance(node, nodes.table):
            return [self.table(node, anchors)]
        if isinstance(node, endpoint_node):
            return [self.endpoint(node)]
        if isinstance(node, nodes.comment):
            return [Comment(node.astext(), self.location(node))]
        if isinstance(node, nodes.field_list):
            return [self.field_list_as_definitions(node)]
        if isinstance(node, nodes.title | nodes.substitution_definition | nodes.target | nodes.raw | nodes.image
                      | nodes.docinfo | nodes.transition | nodes.system_message | nodes.pending):
            return []
        if isinstance(node, nodes.Element):  # admonitions, containers, block quotes, topics: their content
            return self.blocks([c for c in node.children if not isinstance(c, nodes.title)])
        return []

    def code(self, node) -> CodeBlock:
        location = self.location(node, _first_line(node))
        classes = [c for c in node.get("classes", []) if c not in ("code", "literal-block")]
        language = (node.get("language", "") or (classes[0] if classes else "")).lower()
        text = self.tabbed(node, node.astext(), _first_line(node))
        return CodeBlock(text, location, language, node.get("role", ""),
                         tuple(Location(location.path, location.line + i) for i in range(text.count("\n") + 1)))

    def tabbed(self, node, text: str, line: int) -> str:
        """``text`` of a literal block with the tabs its source lines have (docutils expands them before
        parsing: a TSV example would lose them): each source line, tabs expanded, must be the block's line
        under a common indentation, cut at that indentation; else the text as docutils gives it."""
        source = self.lines(_source_of(node))[max(line - 1, 0):] if line else []
        shown = text.split("\n")
        if len(source) < len(shown) or not any("\t" in raw for raw in source[:len(shown)]):
            return text
        width = self.document.settings.tab_width
        out = []
        for raw, want in zip(source, shown, strict=False):
            expanded = raw.expandtabs(width).rstrip()
            indent = len(expanded) - len(want)
            cut = _cut_at(raw, indent, width) if want and indent >= 0 and expanded[indent:] == want \
                and not expanded[:indent].strip() else (len(raw) if not want and not expanded else None)
            if cut is None:
                return text
            out.append(raw[cut:])
        return "\n".join(out)

    def definitions(self, node) -> DefinitionList:
        items = []
        for item in node.children:
            if not isinstance(item, nodes.definition_list_item):
                continue
            term = item.next_node(nodes.term)
            definition = item.next_node(nodes.definition)
            classifiers = [self.inline(c) for c in item.findall(nodes.classifier)]
            text = self.inline(term) + (f" ({', '.join(classifiers)})" if classifiers else "") if term else ""
            items.append(DefinitionItem(text, tuple(self.blocks(definition.children)) if definition else (),
                                        self.location(item, _first_line(item))))
        return DefinitionList(tuple(items), self.location(node, _first_line(node)))

    def table(self, node, anchors: tuple[str, ...]) -> Table:
        title = node.next_node(nodes.title)
        caption = self.inline(title) if title is not None and title.parent is node else ""
        header: tuple[Cell, ...] = ()
        rows: list[tuple[Cell, ...]] = []
        group = next(iter(node.findall(nodes.tgroup)), None)
        for part in group.children if group is not None else ():
            if not isinstance(part, nodes.thead | nodes.tbody):
                continue
            for row in part.children:
                cells = tuple(self.cell(entry, row) for entry in row.children if isinstance(entry, nodes.entry))
                if isinstance(part, nodes.thead) and not header:
                    header = cells
                else:
                    rows.append(cells)
        names = tuple(dict.fromkeys(anchors + tuple(node.get("names", []))))
        return Table(header, tuple(rows), self.location(node, _first_line(node)), caption, " ".join(names))

    def cell(self, entry, row) -> Cell:
        links = [n["reftarget"] if n.get("reftarget") else nodes.fully_normalize_name(n["refname"])
                 for n in entry.findall(nodes.Element)
                 if n.get("reftarget") or (isinstance(n, nodes.reference) and n.get("refname"))]
        location = self.location(entry, _first_line(entry) or _first_line(row))
        return Cell(tuple(self.blocks(entry.children)), location, tuple(dict.fromkeys(links)))

    def endpoint(self, node) -> Endpoint:
        fields: list[Field] = []
        body: list = []
        for child in node.children:
            if not isinstance(child, nodes.field_list):
                body.append(child)
                continue
            for item in child.children:
                name_node = item.next_node(nodes.field_name)
                parts = self.inline(name_node).replace("`", "").split() if name_node else []
                if not parts:
                    continue
                kind, rest = parts[0], parts[1:]
                field_body = item.next_node(nodes.field_body)
                fields.append(Field(kind, rest[-1] if rest else "", " ".join(rest[:-1]),
                                    tuple(self.blocks(field_body.children)) if field_body else (),
                                    self.location(item, _first_line(item))))
        return Endpoint(node["method"], node["path"], tuple(fields), tuple(self.blocks(body)), self.location(node),
                        node.get("options", ()))

    def field_list_as_definitions(self, node) -> DefinitionList:
        items = []
        for item in node.children:
            name = item.next_node(nodes.field_name)
            body = item.next_node(nodes.field_body)
            items.append(DefinitionItem(self.inline(name) if name else "", tuple(self.blocks(body.children)) if body
                                        else (), self.location(item, _first_line(item))))
        return DefinitionList(tuple(items), self.location(node, _first_line(node)))

    # ---------------------------------------------------------------- inline text

    def inline(self, node) -> str:
        """Text with inline literals as `x` and strong text as **x** (bold values are enum candidates);
        substitutions read as their definition, or as their name when defined elsewhere."""
        return re.sub(r"\s+", " ", "".join(self._inline_parts(node))).strip()

    def _inline_parts(self, node) -> list[str]:
        parts: list[str] = []
        for child in node.children:
            if isinstance(child, nodes.literal):
                parts.append(f"`{child.astext()}`")
            elif isinstance(child, nodes.strong):
                parts.append(f"**{child.astext()}**")
            elif isinstance(child, nodes.substitution_reference):
                parts.append(self.substitution(child))
            elif isinstance(child, nodes.inline) and child.get("reftarget") and not child.get("explicit_title"):
                parts.append(self.titles().get(child["reftarget"], child.astext()))
            elif isinstance(child, nodes.system_message | nodes.target | nodes.footnote_reference):
                continue
            elif isinstance(child, nodes.Text):
                parts.append(child.astext())
            elif isinstance(child, nodes.Element):
                parts.extend(self._inline_parts(child))
        return parts

    def substitution(self, node) -> str:
        """A substitution's text: expanded once per name, loops cut, total expansion bounded."""
        name = node.get("refname", "") or node.astext()
        definition = self.substitutions.get(name) or self.substitutions.get(nodes.fully_normalize_name(name))
        if definition is None:
            return node.astext()  # defined elsewhere (a Sphinx rst_epilog): its name
        if name in self._expanding or len(self._expanding) >= MAX_EXPANSION_DEPTH:
            self.limit("read.expansion-limit", f"substitution |{name}| refers to itself or nests deeper than "
                       f"{MAX_EXPANSION_DEPTH}; it is kept as written", node, "substitutions without loops")
            return node.astext()
        if name not in self._expanded:
            self._expanding.append(name)
            try:
                raw = any(isinstance(child, nodes.raw) for child in definition.children)  # |br| raw:: html
                self._expanded[name] = "".join(self._inline_parts(definition)) or (" " if raw else node.astext())
            finally:
                self._expanding.pop()
        text = self._expanded[name]
        if len(text) > MAX_EXPANDED_LINE or not self._budget.take(len(text)):
            self.limit("read.expansion-limit", "substitutions expand past their size limit; they are kept as "
                       "written", node, "bounded substitutions")
            return node.astext()
        return text

    def titles(self) -> dict[str, str]:
        """Label → title of the section or table it names (``:ref:`label``` shows that title)."""
        if self._titles is None:
            self._titles = {}
            pending: list[str] = []
            for node in self.document.findall(nodes.Element):
                if isinstance(node, nodes.target) and not node.get("refuri") and not node.children:
                    pending.extend(node.get("names", []))
                    continue
                if isinstance(node, nodes.section | nodes.table) and pending:
                    title = node.next_node(nodes.title)
                    text = self.inline(title).replace("**", "") if title is not None else ""
                    for name in pending:
                        self._titles.setdefault(name, text or name)
                    pending = []
                elif isinstance(node, nodes.section | nodes.table | nodes.paragraph | nodes.literal_block):
                    pending = []
        return self._titles


def _source_of(node) -> str | None:
    while node is not None:
        source = getattr(node, "source", None)
        if source:
            return source
        node = node.parent
    return None


def _first_line(node) -> int:
    """The line of the first descendant that knows its line (table rows and entries do not)."""
    for descendant in node.findall(include_self=True):
        line = getattr(descendant, "line", None)
        if line:
            return int(line)
    return 0


def _depth(section) -> int:
    depth, parent = 1, section.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return depth


def _cut_at(raw: str, column: int, width: int) -> int | None:
    """The index in ``raw`` where its tab-expanded column ``column`` starts; None when a tab spans it."""
    at = 0
    for index, char in enumerate(raw):
        if at == column:
            return index
        at = (at // width + 1) * width if char == "\t" else at + 1
        if at > column:
            return None
    return len(raw) if at == column else None
