"""reStructuredText reader: docutils' doctree → neutral Document. The only module importing docutils.

Sphinx markup unknown to docutils gets tolerant stand-ins registered before parsing (``:ref:``,
``:doc:``, ``toctree``, ``only``, ``code-block``, the httpdomain directives); docutils' own messages
become diagnostics with file and line; includes are confined to the allowed roots.
"""

from __future__ import annotations

import re
from pathlib import Path

import docutils.nodes as nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.directives.misc import Include
from docutils.utils import SystemMessage

from validator.diagnostics import Diagnostics
from validator.document import (
    Block,
    Cell,
    CodeBlock,
    Comment,
    DefinitionItem,
    DefinitionList,
    Document,
    Endpoint,
    Field,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    Table,
)
from validator.files import display_path, within_roots
from validator.model import Location
from validator.readers import ReadOptions

NAME = "rst"
HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace", "connect", "copy", "any")
SPHINX_ROLES = ("ref", "doc", "term", "numref", "abbr", "command", "file", "guilabel", "kbd", "menuselection",
                "program", "envvar", "option", "samp", "download", "any", "class", "func", "meth", "mod",
                "attr", "obj", "data", "const", "exc", "py:class", "py:func", "http:get", "http:post",
                "http:put", "http:patch", "http:delete", "http:head", "http:statuscode", "http:method",
                "http:header", "mailheader", "rfc", "pep")


def sniff(text: str, path: Path) -> int:
    """RST: .rst files, or section underlines and ``.. directive::`` lines."""
    if path.suffix.lower() in (".rst", ".rest"):
        return 10
    score = 4 * bool(re.search(r"(?m)^\.\. [\w:-]+::", text))
    score += 3 * bool(re.search(r"(?m)^\S.*\n[=\-~^\"'`#*+]{3,}\s*$", text))
    return score


# --------------------------------------------------------------------------- stand-ins


def _text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Sphinx cross-reference roles: keep the visible title ("Title <target>" → "Title")."""
    title = re.sub(r"\s*<[^<>]*>$", "", text).strip() or text
    return [nodes.literal(rawtext, title) if name in ("command", "file", "samp", "kbd") else
            nodes.inline(rawtext, title)], []


class _CodeBlock(Directive):
    """``code-block`` / ``sourcecode`` / ``code``: a literal block with its language."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"linenos": directives.flag, "emphasize-lines": directives.unchanged,
                   "caption": directives.unchanged, "name": directives.unchanged,
                   "dedent": directives.unchanged, "force": directives.flag, "lineno-start": directives.unchanged,
                   "class": directives.unchanged}

    def run(self):
        text = "\n".join(self.content)
        node = nodes.literal_block(text, text)
        node["language"] = (self.arguments[0] if self.arguments else "").strip()
        node.line = self.content_offset + 1
        return [node]


class _Transparent(Directive):
    """Directives whose content is ordinary text (``only``, ``versionadded``, ``tabs`` …)."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = None

    def run(self):
        container = nodes.container()
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, container)
        return [container]


class _Ignored(_Transparent):
    """Directives that carry no API content (``toctree``, ``autoclass`` …)."""

    optional_arguments = 10

    def run(self):
        return []


class endpoint_node(nodes.Element):
    """A parsed ``.. http:<method>:: /path`` directive (method and path attributes)."""


class _HttpDirective(Directive):
    """Sphinx httpdomain's ``.. http:get:: /path`` with its field list and prose."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"synopsis": directives.unchanged, "deprecated": directives.flag, "noindex": directives.flag}

    def run(self):
        node = endpoint_node()
        node["method"] = self.name.split(":", 1)[1]
        node["path"] = " ".join(self.arguments[0].split())
        node["options"] = tuple(sorted((k, str(v)) for k, v in self.options.items()))
        node.line = self.lineno
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class _Include(Include):
    """``.. include::`` confined to the allowed roots, with loop detection (docutils' own behaviour when
    docutils is used outside this reader in the same process)."""

    option_spec = {**Include.option_spec, "start-after": directives.unchanged, "end-before": directives.unchanged}

    def run(self):
        if not _CONTEXT:
            return super().run()
        context = _CONTEXT[-1]
        source = Path(self.state_machine.input_lines.source(self.lineno - self.state_machine.input_offset - 1))
        target = self.arguments[0].strip()
        base = context["root"] if target.startswith("/") else source.parent
        path = (base / target.lstrip("/")).resolve()
        location = Location(context["shown"], self.lineno)
        if not within_roots(path, context["roots"]):
            context["diagnostics"].add("read.include-outside-root", f"include escapes the allowed roots: {target}",
                                       location, expected="a file under the allowed roots", found=target)
            return []
        if path in context["stack"]:
            context["diagnostics"].add("read.include-loop", f"include loop through {target}", location,
                                       expected="an include chain without cycles", found=target)
            return []
        if not path.is_file():
            context["diagnostics"].add("read.unresolved-include", f"include target not found: {target}",
                                       location, expected="an existing file", found=target)
            return []
        text = path.read_text(encoding="utf-8", errors="replace")
        if "start-after" in self.options:
            text = text.split(self.options["start-after"], 1)[-1]
        if "end-before" in self.options:
            text = text.split(self.options["end-before"], 1)[0]
        if "literal" in self.options or "code" in self.options:
            node = nodes.literal_block(text, text)
            node["language"] = self.options.get("code", "")
            return [node]
        context["stack"].append(path)
        try:
            self.state_machine.insert_input(text.splitlines(), str(path))
        finally:
            context["stack"].pop()
        return []


_CONTEXT: list[dict] = []
_ENGLISH_DIRECTIVES = __import__("docutils.parsers.rst.languages.en", fromlist=["en"])
_REGISTERED = False


def _register() -> None:
    global _REGISTERED
    if _REGISTERED:
        return
    for name in SPHINX_ROLES:
        roles.register_local_role(name, _text_role)
    for name in ("code-block", "sourcecode", "code"):
        directives.register_directive(name, _CodeBlock)
    for name in ("only", "versionadded", "versionchanged", "deprecated", "seealso", "tabs", "tab",
                 "group-tab", "code-tab", "container", "ifconfig", "centered", "hlist", "rst-class"):
        directives.register_directive(name, _Transparent)
    for name in ("toctree", "autoclass", "automodule", "autofunction", "index", "highlight", "literalinclude",
                 "autoflask", "autoqrefs", "qrefflask", "autotornado", "autobottle", "graphviz", "sectionauthor",
                 "codeauthor", "glossary", "productionlist", "http:jsonparameters"):
        directives.register_directive(name, _Ignored)
    for method in HTTP_METHODS:
        directives.register_directive(f"http:{method}", _HttpDirective)
    directives.register_directive("include", _Include)
    _REGISTERED = True


# --------------------------------------------------------------------------- reading


def read(text: str, path: Path, shown: str, options: ReadOptions, diagnostics: Diagnostics) -> Document:
    """Parse RST with docutils and convert the doctree; docutils' messages become diagnostics."""
    _register()
    _tolerate_unknown_directives(text)
    lines = text.split("\n")
    settings = {"report_level": 2, "halt_level": 5, "warning_stream": False, "file_insertion_enabled": True,
                "raw_enabled": False, "input_encoding": "unicode", "traceback": True, "line_length_limit": 100000,
                "syntax_highlight": "none"}
    _CONTEXT.append({"shown": shown, "roots": options.roots or (path.resolve().parent,),
                     "root": (options.roots or (path.resolve().parent,))[0], "diagnostics": diagnostics,
                     "stack": [path.resolve()]})
    try:
        doctree = publish_doctree(_define_unknown_substitutions(text), source_path=str(path),
                                  settings_overrides=settings)
    except (SystemMessage, RecursionError, ValueError, IndexError, AttributeError, KeyError) as exc:
        diagnostics.add("read.markup", f"reStructuredText parser gave up: {exc}", Location(shown, 1),
                        expected="valid reStructuredText", found=type(exc).__name__)
        return Document(shown, (), NAME)
    finally:
        _CONTEXT.pop()
    converter = _Converter(shown, str(path), lines, diagnostics)
    blocks = converter.blocks(doctree.children)
    title = next((b.title for b in blocks if isinstance(b, Section)), "")
    return Document(shown, tuple(blocks), NAME, title=title)


def _tolerate_unknown_directives(text: str) -> None:
    """Directives of Sphinx extensions we do not know keep their content as ordinary text."""
    for name in sorted(set(re.findall(r"(?m)^\s*\.\. ([A-Za-z][\w:.-]*)::", text))):
        key = name.lower()
        if key not in directives._directives and key not in directives._directive_registry \
                and key not in _ENGLISH_DIRECTIVES.directives:
            directives.register_directive(name, _Transparent)


def _define_unknown_substitutions(text: str) -> str:
    """Substitutions defined elsewhere (a Sphinx rst_epilog) read as their own name, not as errors."""
    used = set(re.findall(r"(?<![\w|])\|([\w][\w .:-]*?)\|(?![\w|])", text))
    defined = set(re.findall(r"(?m)^\.\. \|([^|]+)\|", text))
    missing = sorted(used - defined)
    if not missing:
        return text
    return text + "\n\n" + "\n".join(f".. |{name}| replace:: {name}" for name in missing) + "\n"


class _Converter:
    """doctree nodes → Document blocks, with lines taken from the nodes (or their first paragraph)."""

    def __init__(self, shown: str, source: str, lines: list[str], diagnostics: Diagnostics) -> None:
        self.shown = shown
        self.source = source
        self.lines = lines
        self.diagnostics = diagnostics

    def location(self, node, fallback: int = 0) -> Location:
        line = _line_of(node) or fallback
        source = node.source if getattr(node, "source", None) else self.source
        shown = self.shown if source in (self.source, None) else _shown_include(self.shown, source)
        return Location(shown, max(line, 1))

    def blocks(self, children) -> list[Block]:
        out: list[Block] = []
        for child in children:
            out.extend(self.block(child))
        return out

    def block(self, node) -> list[Block]:
        if isinstance(node, nodes.system_message):
            self.message(node)
            return []
        if isinstance(node, nodes.section):
            title = node.next_node(nodes.title)
            location = self.location(title or node)
            if title is not None and location.path == self.shown and 1 < location.line <= len(self.lines) \
                    and re.fullmatch(r"([=\-~^\"'`#*+.:_])\1{2,}\s*", self.lines[location.line - 1]):
                location = Location(location.path, location.line - 1)  # docutils reports the underline
            body = [c for c in node.children if not isinstance(c, nodes.title)]
            return [Section(_inline(title) if title else "", _depth(node), tuple(self.blocks(body)), location,
                            " ".join(node.get("ids", [])[:1]))]
        if isinstance(node, nodes.paragraph):
            return [Paragraph(_inline(node), self.location(node))]
        if isinstance(node, nodes.literal_block | nodes.doctest_block):
            classes = [c for c in node.get("classes", []) if c not in ("code", "literal-block")]
            language = node.get("language", "") or (classes[0] if classes else "")
            return [CodeBlock(node.astext(), self.location(node), language.lower(), "",
                              tuple(Location(self.location(node).path, self.location(node).line + i)
                                    for i in range(node.astext().count("\n") + 1)))]
        if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
            items = [ListItem(tuple(self.blocks(item.children)), self.location(item, _first_line(item)))
                     for item in node.children if isinstance(item, nodes.list_item)]
            return [ListBlock(tuple(items), self.location(node, _first_line(node)),
                              isinstance(node, nodes.enumerated_list))] if items else []
        if isinstance(node, nodes.definition_list):
            items = []
            for item in node.children:
                term = item.next_node(nodes.term)
                definition = item.next_node(nodes.definition)
                classifiers = [c.astext() for c in item.findall(nodes.classifier)]
                text = _inline(term) + (f" ({', '.join(classifiers)})" if classifiers else "") if term else ""
                items.append(DefinitionItem(text, tuple(self.blocks(definition.children)) if definition else (),
                                            self.location(item, _first_line(item))))
            return [DefinitionList(tuple(items), self.location(node, _first_line(node)))]
        if isinstance(node, nodes.table):
            return [self.table(node)]
        if isinstance(node, endpoint_node):
            return [self.endpoint(node)]
        if isinstance(node, nodes.comment):
            return [Comment(node.astext(), self.location(node))]
        if isinstance(node, nodes.field_list):
            return [self.field_list_as_definitions(node)]
        if isinstance(node, nodes.title | nodes.substitution_definition | nodes.target | nodes.raw
                      | nodes.image | nodes.docinfo | nodes.transition):
            return []
        if isinstance(node, nodes.Element):  # admonitions, containers, block quotes, topics: their content
            return self.blocks([c for c in node.children if not isinstance(c, nodes.title)])
        return []

    def message(self, node) -> None:
        level = node.get("level", 1)
        if level < 2:
            return
        text = node.children[0].astext() if node.children else node.astext()
        if "Unknown interpreted text role" in text or "No role entry" in text:
            return
        line = node.get("line") or _first_line(node) or 1
        self.diagnostics.add("read.markup", text.split("\n")[0], Location(self.shown, line),
                             expected="valid reStructuredText", found=text.split("\n")[0][:80])

    def table(self, node) -> Table:
        title = node.next_node(nodes.title)
        caption = _inline(title) if title is not None else ""
        header: tuple[Cell, ...] = ()
        rows: list[tuple[Cell, ...]] = []
        for group in node.findall(nodes.tgroup):
            for part in group.children:
                if isinstance(part, nodes.thead | nodes.tbody):
                    for row in part.children:
                        cells = tuple(Cell(tuple(self.blocks(entry.children)),
                                           self.location(entry, _first_line(entry) or _first_line(row)))
                                      for entry in row.children if isinstance(entry, nodes.entry))
                        if isinstance(part, nodes.thead) and not header:
                            header = cells
                        else:
                            rows.append(cells)
            break
        return Table(header, tuple(rows), self.location(node, _first_line(node)), caption)

    def endpoint(self, node) -> Endpoint:
        fields: list[Field] = []
        body: list = []
        for child in node.children:
            if isinstance(child, nodes.field_list):
                for item in child.children:
                    name_node = item.next_node(nodes.field_name)
                    parts = name_node.astext().split() if name_node else []
                    if not parts:
                        continue
                    kind, rest = parts[0], parts[1:]
                    field_type = " ".join(rest[:-1]) if len(rest) > 1 else ""
                    field_body = item.next_node(nodes.field_body)
                    fields.append(Field(kind, rest[-1] if rest else "", field_type,
                                        tuple(self.blocks(field_body.children)) if field_body else (),
                                        self.location(item, _first_line(item))))
            else:
                body.append(child)
        return Endpoint(node["method"], node["path"], tuple(fields), tuple(self.blocks(body)), self.location(node),
                        node.get("options", ()))

    def field_list_as_definitions(self, node) -> DefinitionList:
        items = []
        for item in node.children:
            name = item.next_node(nodes.field_name)
            body = item.next_node(nodes.field_body)
            items.append(DefinitionItem(name.astext() if name else "", tuple(self.blocks(body.children)) if body
                                        else (), self.location(item, _first_line(item))))
        return DefinitionList(tuple(items), self.location(node, _first_line(node)))


def _shown_include(shown: str, source: str) -> str:
    return display_path(Path(source))


def _line_of(node) -> int:
    line = getattr(node, "line", None)
    return int(line) if line else 0


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


def _inline(node) -> str:
    """Text with inline literals as `x` and strong text as **x** (bold values are enum candidates)."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, nodes.literal):
            parts.append(f"`{child.astext()}`")
        elif isinstance(child, nodes.strong):
            parts.append(f"**{child.astext()}**")
        elif isinstance(child, nodes.system_message | nodes.target):
            continue
        elif isinstance(child, nodes.Text):
            parts.append(child.astext())
        elif isinstance(child, nodes.Element):
            parts.append(_inline(child))
    return re.sub(r"\s+", " ", "".join(parts)).strip()
