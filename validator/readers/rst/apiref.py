"""os-api-ref (the Sphinx extension OpenStack's API references use): ``.. rest_method:: GET /v2/x/{id}``
declares an endpoint; ``.. rest_parameters:: parameters.yaml`` with a list ``- name: key`` becomes a
parameter table (Name | In | Required | Type | Min version | Description) whose rows come from the named
entries of that YAML file (confined like every include, composed with yaml's safe composer)."""

from __future__ import annotations

from pathlib import Path

import docutils.nodes as nodes
import yaml
from docutils.statemachine import StringList

from validator.readers.rst.context import context_of
from validator.readers.rst.includes import confined, read_confined
from validator.readers.rst.standins import Tolerant, endpoint_node

COLUMNS = ("Name", "In", "Required", "Type", "Min version", "Description")
ATTRIBUTES = ("in", "required", "type", "min_version")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RestMethod(Tolerant):
    """``.. rest_method:: GET /v2/widgets/{widget_id}``: an endpoint, summarised by the section title above
    it (its synopsis)."""

    required_arguments = 1

    def run(self):
        words = " ".join(self.arguments).split()
        if len(words) != 2 or not words[1].startswith("/"):
            raise self.warning(f'"{self.name}" expects "METHOD /path"; found {" ".join(words)!r}')
        node = endpoint_node()
        title = self.state.parent.next_node(nodes.title) if isinstance(self.state.parent, nodes.section) else None
        node["method"], node["path"] = words[0].lower(), words[1]
        node["options"] = (("synopsis", " ".join(title.astext().split())),) if title is not None else ()
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        return [node]


class RestParameters(Tolerant):
    """``.. rest_parameters:: parameters.yaml`` and its list ``- widget_id: widget_id_path``: a parameter
    table. An absent file is one diagnostic at the directive; an undefined key one at its list item."""

    required_arguments = 1

    def run(self):
        context = context_of(self)
        if context is None:
            return []
        path = confined(self, self.arguments[0].strip())
        definitions = load_definitions(self, path) if path is not None else None
        if definitions is None:
            return []
        table = _header_table(self.lineno, self.state_machine.get_source_and_line(self.lineno))
        body = nodes.tbody()
        for name, key, where in self._entries():
            found = definitions.get(key)
            if found is None:
                context.diagnostics.add("read.unresolved-parameter", f"parameter {key!r} is not defined in "
                                        f"{self.arguments[0].strip()}", context.where(*where),
                                        expected=f"an entry {key!r} in the parameters file", found="none")
                continue
            body += self._row(name, where, found, path)
        table[0] += body
        return [table] if body.children else []

    def _entries(self) -> list[tuple[str, str, tuple[str | None, int]]]:
        """(name, key, (source, line)) of each list item ``- name: key`` (a bare ``- name`` is its own key)."""
        holder = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, holder)
        out = []
        for item in holder.findall(nodes.list_item):
            paragraph = item.next_node(nodes.paragraph)
            if paragraph is None:
                continue
            name, _, key = paragraph.astext().partition(":")
            if name.strip():
                out.append((name.strip(), key.strip() or name.strip(), (paragraph.source, paragraph.line)))
        return out

    def _row(self, name: str, where: tuple[str | None, int], found: tuple[dict, int], path: Path) -> nodes.row:
        """One table row: the name at its list item, each attribute at its line in the parameters file."""
        attributes, line = found
        row = nodes.row()
        cells = [(name, where)] + [(attributes[key][0], (str(path), attributes[key][1])) if key in attributes
                                   else ("", (str(path), line)) for key in ATTRIBUTES]
        for text, (source, at) in cells:
            paragraph = nodes.paragraph(text, text)
            paragraph.source, paragraph.line = source, at
            row += nodes.entry("", paragraph)
        entry = nodes.entry()
        text, at = attributes.get("description", ("", line))
        if text.strip():
            lines = text.rstrip("\n").split("\n")
            self.state.nested_parse(StringList(lines, items=[(str(path), at - 1 + i) for i in range(len(lines))]),
                                    0, entry)
        row += entry
        return row


def _header_table(line: int, where: tuple[str | None, int]) -> nodes.table:
    table = nodes.table()
    group = nodes.tgroup(cols=len(COLUMNS))
    table += group
    for _ in COLUMNS:
        group += nodes.colspec(colwidth=1)
    head_row = nodes.row()
    for title in COLUMNS:
        paragraph = nodes.paragraph(title, title)
        paragraph.source, paragraph.line = where[0], where[1] or line
        head_row += nodes.entry("", paragraph)
    group += nodes.thead("", head_row)
    return table


def load_definitions(directive: Tolerant, path: Path) -> dict[str, tuple[dict, int]] | None:
    """The parameter definitions of a YAML file: key → ({attribute: (text, line)}, line); read once per
    page. Not YAML, or not a mapping of mappings: one diagnostic at the file, and None."""
    context = context_of(directive)
    key = str(path.resolve())
    if key not in context.loaded:
        text = read_confined(directive, path, directive.arguments[0].strip())
        context.loaded[key] = _compose(text, path, context) if text is not None else None
    return context.loaded[key]


def _compose(text: str, path: Path, context) -> dict[str, tuple[dict, int]] | None:
    try:
        root = yaml.compose(text, Loader=LOADER)
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or type(exc).__name__
        context.diagnostics.add("read.markup", f"parameters file is not YAML: {problem}",
                                context.where(str(path), mark.line + 1 if mark else 1),
                                expected="a YAML mapping of parameter definitions", found=str(problem)[:80])
        return None
    if not isinstance(root, yaml.MappingNode):
        context.diagnostics.add("read.markup", "parameters file is not a mapping of parameter definitions",
                                context.where(str(path), root.start_mark.line + 1 if root else 1),
                                expected="a YAML mapping of parameter definitions",
                                found=type(root).__name__ if root else "an empty file")
        return None
    out: dict[str, tuple[dict, int]] = {}
    memo: dict = {}  # every definition's attributes, read once however many others merge it
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode) and isinstance(value_node, yaml.MappingNode):
            try:
                attributes = _attributes(value_node, memo)
            except RecursionError:  # merge keys nested deeper than Python's stack
                context.diagnostics.add("read.too-deep", "parameter definition nested too deep to read",
                                        context.where(str(path), key_node.start_mark.line + 1),
                                        expected="merge keys nested a few levels", found="deeper nesting")
                continue
            out.setdefault(str(key_node.value), (attributes, key_node.start_mark.line + 1))
    return out


READ_ATTRIBUTES = frozenset((*ATTRIBUTES, "description"))  # what a definition gives; the rest is not kept


def _attributes(node: yaml.MappingNode, memo: dict | None = None) -> dict[str, tuple[str, int]]:
    """The attributes read of one definition: name → (text, the line its text starts on). A merge key
    (``<<: *base``, or a list of bases) gives the attributes of the definitions it names, overridden by
    the definition's own; each node is read once (``memo``), so shared bases cost nothing more."""
    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = out = {}
    own = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.tag == "tag:yaml.org,2002:merge":
            bases = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for base in reversed(bases):  # the first base listed wins over later ones
                if isinstance(base, yaml.MappingNode):
                    out.update(_attributes(base, memo))
        elif isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode) and \
                key.value in READ_ATTRIBUTES:
            block = value.style in ("|", ">")  # a block scalar's text starts on the line below its key
            own[str(key.value)] = (str(value.value), value.start_mark.line + 1 + block)
    out.update(own)
    return out


DIRECTIVES = {"rest_method": RestMethod, "rest_parameters": RestParameters}
