"""reStructuredText reader: docutils' doctree → neutral Document. The only module importing docutils.

docutils parses; nothing here reads RST with regexes. What Sphinx adds (``:ref:``, ``:doc:``, ``toctree``,
``only``, ``code-block``, the httpdomain directives and roles, substitutions defined in ``conf.py``) gets
tolerant stand-ins, looked up only for documents this reader parses: an unknown directive keeps its
content as ordinary text, an unknown role its text, an undefined substitution its name. Every message
docutils' Reporter emits becomes a ``read.markup`` diagnostic at its file and line; includes are
confined to the allowed roots, with loops reported.

Only the parser runs, not docutils' transforms: the raw doctree keeps sections nested as written and the
reader resolves what it needs itself (substitutions, targets preceding tables and sections).
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import docutils.nodes as nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive, DirectiveError, Parser, directives, roles
from docutils.parsers.rst.directives.misc import Include, adapt_path
from docutils.parsers.rst.directives.tables import CSVTable
from docutils.utils import DependencyList, new_document

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
from validator.files import display_path, read_source, within_roots
from validator.model import Location
from validator.readers import ReadOptions

NAME = "rst"
HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace", "connect", "copy", "any")
LINE_LENGTH_LIMIT = 100_000  # OTC grid tables have very long lines
CODE_LANGUAGES = {".json": "json", ".http": "http", ".req": "http", ".resp": "http", ".yaml": "yaml",
                  ".yml": "yaml", ".sh": "console", ".xml": "xml"}


def sniff(text: str, path: Path) -> int:
    """RST: .rst files, or section underlines and ``.. directive::`` lines."""
    if path.suffix.lower() in (".rst", ".rest"):
        return 10
    score = 4 * bool(re.search(r"(?m)^\.\. [\w:-]+::", text))
    score += 3 * bool(re.search(r"(?m)^\S.*\n[=\-~^\"'`#*+]{3,}\s*$", text))
    return score


# --------------------------------------------------------------------------- reading context


@dataclass
class _Context:
    """What the stand-ins of one read need: where includes may come from and where problems go."""

    shown: str
    source: str
    roots: tuple[Path, ...]
    diagnostics: Diagnostics
    sources: dict[str, list[str]] = field(default_factory=dict)  # source → its lines (section underlines)
    search: tuple[Path, ...] = ()  # further directories an include target may be found in

    def where(self, source: str | None, line: int | None) -> Location:
        """The Location of ``line`` in ``source`` (the page itself or a file it includes)."""
        if not source or source == self.source:
            return Location(self.shown, max(int(line or 1), 1))
        return Location(display_path(Path(source)), max(int(line or 1), 1))


def _context(directive: Directive) -> _Context | None:
    return getattr(directive.state.document, "doccontract", None)


def _directive_location(directive: Directive) -> Location:
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    return _context(directive).where(source, line)


# --------------------------------------------------------------------------- stand-ins


class _AnyOptions(dict):
    """An option_spec accepting every option (Sphinx directives have many we do not need)."""

    def __missing__(self, key):
        return directives.unchanged

    def __bool__(self) -> bool:
        return True  # docutils parses a directive's options only when its option_spec is truthy


def _text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Sphinx roles (``:ref:``, ``:doc:``, ``:http:statuscode:``, ``:mailheader:`` …): their visible text.
    A cross reference remembers its target so tables can follow ``:ref:`JobParam <label>``` links."""
    target = ""
    match = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", text)
    title = text
    if match and match.group(1).strip():
        title, target = match.group(1).strip(), match.group(2).strip()
    elif match:
        title = target = match.group(2).strip()
    else:
        target = text.strip()
    title = title.lstrip("~!")
    node = nodes.literal(rawtext, title) if name in ("command", "file", "samp", "kbd", "code") else \
        nodes.inline(rawtext, title)
    node["reftarget"] = nodes.fully_normalize_name(target.lstrip("~!"))
    node["explicit_title"] = bool(match and match.group(1).strip())
    return [node], []


class _CodeBlock(Directive):
    """``code-block`` / ``sourcecode`` / ``code`` / ``code-tab``: a literal block with its language."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def run(self):
        text = "\n".join(self.content)
        node = nodes.literal_block(text, text)
        node["language"] = (self.arguments[0] if self.arguments else self.options.get("language", "")).strip()
        # the first content line, in its own file (included files too)
        node.source, node.line = self.state_machine.get_source_and_line(self.content_offset + 1)
        return [node]


class _Transparent(Directive):
    """Directives whose content is ordinary text (``only``, ``versionadded``, ``tabs``, unknown ones …)."""

    optional_arguments = 10
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def run(self):
        container = nodes.container()
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, container)
        return [container]


class _VersionNote(_Transparent):
    """``versionadded``/``versionchanged``/``deprecated``: a version, then text (on the directive's
    own lines or as content)."""

    def run(self):
        out = []
        words = " ".join(self.arguments).split(None, 1)
        if len(words) > 1:
            paragraph = nodes.paragraph(words[1], words[1])
            on_first_line = words[1].split()[0] in self.block_text.split("\n")[0]
            paragraph.source, paragraph.line = self.state_machine.get_source_and_line(
                self.lineno + (0 if on_first_line else 1))
            out.append(paragraph)
        return out + super().run()


class _Ignored(_Transparent):
    """Directives that carry no API content (``toctree``, ``autoflask``, ``index`` …)."""

    def run(self):
        return []


class endpoint_node(nodes.Element):  # noqa: N801 - docutils' node naming
    """A parsed ``.. http:<method>:: /path`` directive (method and path attributes)."""


class _HttpDirective(Directive):
    """Sphinx httpdomain's ``.. http:get:: /path`` with its field list and prose. Several signature lines
    (``/users/(id)`` and ``/users/(id)/posts`` under one directive) declare one endpoint each."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def run(self):
        node = endpoint_node()
        node["method"] = self.name.split(":", 1)[1].lower()
        node["options"] = tuple(sorted((k, str(v if v is not None else "")) for k, v in self.options.items()))
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        self.state.nested_parse(self.content, self.content_offset, node)
        out = []
        for signature in (s.strip() for s in self.arguments[0].split("\n")):
            if signature and not signature.startswith(":"):
                copy = node.deepcopy()
                copy["path"] = " ".join(signature.split())
                copy.source, copy.line = node.source, node.line
                out.append(copy)
        return out


def _clip(text: str, options: dict, directive: Directive) -> str:
    """``start-line``/``end-line``/``start-after``/``end-before`` (and literalinclude's ``lines``) of
    include-like directives. What is cut off before the clip is kept as empty lines, so that every
    included line keeps its number in the included file."""
    lines = text.split("\n")
    start, end = options.get("start-line"), options.get("end-line")
    if start or end is not None:
        first = int(start or 0)
        lines = [""] * first + lines[first:int(end) if end is not None else None]
    wanted = _line_numbers(str(options.get("lines") or ""))
    if wanted:  # literalinclude's "3-5,8": the lines between the chosen ones are dropped
        first = wanted[0]
        lines = [""] * (first - 1) + [lines[i - 1] for i in wanted if 0 < i <= len(lines)]
    text = "\n".join(lines)
    after, before = options.get("start-after"), options.get("end-before")
    if after:
        if after not in text:
            raise directive.warning(f'"start-after" text of "{directive.name}" not found: {after!r}')
        head, text = text.split(after, 1)
        text = "\n" * head.count("\n") + text
    if before:
        if before not in text:
            raise directive.warning(f'"end-before" text of "{directive.name}" not found: {before!r}')
        text = text.split(before, 1)[0]
    return text


def _line_numbers(spec: str) -> list[int]:
    wanted: list[int] = []
    for part in spec.split(","):
        low, _, high = part.strip().partition("-")
        if low.strip().isdigit():
            wanted.extend(range(int(low), int(high) + 1 if high.strip().isdigit() else int(low) + 1))
    return wanted


def _confined(directive: Directive, target: str) -> Path | None:
    """The file an include-like directive names, when it exists inside the allowed roots; otherwise
    None and a diagnostic at the directive."""
    context = _context(directive)
    document = directive.state.document
    path = Path(adapt_path(directives.path(target), document.current_source, document.settings.root_prefix))
    if not path.is_file():  # the include paths the user named
        path = next((base / target for base in context.search if (base / target).is_file()), path)
    location = _directive_location(directive)
    if not within_roots(path, context.roots):
        context.diagnostics.add("read.include-outside-root", f"include escapes the allowed roots: {target}",
                                location, expected="a file under the allowed roots", found=target)
        return None
    if not path.is_file():
        context.diagnostics.add("read.unresolved-include", f"include target not found: {target}", location,
                                expected="an existing file", found=target)
        return None
    return path


def _read_included(directive: Directive, path: Path) -> str | None:
    context = _context(directive)
    return read_source(path, display_path(path), context.diagnostics)


class _Include(Include):
    """``.. include::`` confined to the allowed roots; docutils itself clips, inserts the lines (they keep
    their file and line) and detects circular inclusion, which becomes ``read.include-loop``."""

    option_spec = _AnyOptions(Include.option_spec)

    def run(self):
        target = self.arguments[0].strip()
        if _context(self) is None or re.fullmatch(r"<[\w.-]+>", target):  # docutils' own <isonum.txt> …
            return super().run()
        path = _confined(self, target)
        if path is None:
            return []
        source_dir = Path(self.state.document.current_source or ".").resolve().parent
        self.arguments[0] = os.path.relpath(path.resolve(), source_dir)  # found on an include path, maybe
        try:
            return super().run()
        except DirectiveError as error:
            if "circular inclusion" not in error.msg:
                raise
            _context(self).diagnostics.add("read.include-loop", f"include loop through {self.arguments[0]}",
                                           _directive_location(self), expected="an include chain without cycles",
                                           found=" > ".join(re.findall(r"(?m)^> (.+)$", error.msg))[:200])
            return []

    def read_file(self, path) -> str:
        text = _read_included(self, Path(path))
        return "" if text is None else _clip(text, self.options, self)


class _LiteralInclude(Directive):
    """Sphinx ``literalinclude`` (an example kept in a file): a code block from a confined file."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOptions()

    def run(self):
        path = _confined(self, self.arguments[0])
        text = _read_included(self, path) if path else None
        if text is None:
            return []
        clipped = _clip(text, self.options, self)
        text = clipped.lstrip("\n")
        node = nodes.literal_block(text, text)
        node["language"] = self.options.get("language") or CODE_LANGUAGES.get(path.suffix.lower(), "")
        node.source, node.line = str(path), clipped.count("\n") - text.count("\n") + 1
        return [node]


class _HttpExample(Directive):
    """sphinxcontrib-httpexample's ``.. http:example::``: a request and its response, written inline
    (the response starts at its ``HTTP/1.1 200 OK`` line) or kept in ``:request:``/``:response:`` files."""

    optional_arguments = 10
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def run(self):
        lines = list(self.content)
        split = next((i for i, line in enumerate(lines) if re.match(r"HTTP/\d", line.strip())), len(lines))
        out = []
        for role, start, end in (("request", 0, split), ("response", split, len(lines))):
            path = _confined(self, self.options[role]) if self.options.get(role) else None
            text = _read_included(self, path) if path else None
            if text is not None:  # the message kept in a file
                node = nodes.literal_block(text, text)
                node.source, node.line = str(path), 1
            else:  # the message written inline
                while start < end and not lines[start].strip():
                    start += 1
                while end > start and not lines[end - 1].strip():
                    end -= 1
                if start == end:
                    continue
                text = "\n".join(lines[start:end])
                node = nodes.literal_block(text, text)
                node.source, node.line = self.state_machine.get_source_and_line(self.content_offset + start + 1)
            node["language"], node["role"] = "http", role
            out.append(node)
        return out


class _CsvTable(CSVTable):
    """``csv-table``: docutils numbers its cells from 1; each row gets the line its record starts on.
    Data from a URL is never fetched; data from a file must lie inside the allowed roots."""

    option_spec = _AnyOptions(CSVTable.option_spec)

    def run(self):
        if self.options.get("url"):
            _context(self).diagnostics.add("read.include-outside-root", "csv-table data from a URL is not fetched",
                                           _directive_location(self), expected="inline CSV or a local file",
                                           found=self.options["url"])
            return []
        if self.options.get("file") and _confined(self, self.options["file"]) is None:
            return []
        made = super().run()
        table = next((n for n in made if isinstance(n, nodes.table)), None)
        if table is None or self.options.get("file"):
            return made
        starts, quoted = [], False
        for index, line in enumerate(self.content):
            if line.strip() and not quoted:
                starts.append(index)
            quoted ^= line.count('"') % 2 == 1  # a quoted field continues on the next line
        rows = [row for row in table.findall(nodes.row)]
        if "header" in self.options:  # the header given as an option: that option's line
            rows = rows[1:]
            option = next((i for i, line in enumerate(self.block_text.split("\n")) if ":header:" in line), 0)
            self._place(table.next_node(nodes.row), self.lineno + option)
        for row, start in zip(rows, starts, strict=False):
            self._place(row, self.content_offset + start + 1)
        return made

    def _place(self, row, absolute_line: int) -> None:
        source, line = self.state_machine.get_source_and_line(absolute_line)
        for node in row.findall(nodes.Element):
            if getattr(node, "line", None):
                node.source, node.line = source, line


STAND_INS: dict[str, type[Directive]] = {
    **{name: _CodeBlock for name in ("code-block", "sourcecode", "code", "code-tab")},
    **{name: _Transparent for name in (
        "only", "ifconfig", "seealso", "tabs", "tab", "group-tab",
        "centered", "hlist", "rst-class", "glossary", "rst:directive", "rst:role", "rst:directive:option",
        "http:jsonparameters")},
    **{name: _Ignored for name in (
        "toctree", "index", "highlight", "autoflask", "autoqrefs", "qrefflask", "autotornado", "autobottle",
        "autoclass", "automodule", "autofunction", "automethod", "autodata", "autoattribute", "autoexception",
        "module", "currentmodule", "graphviz", "sectionauthor", "codeauthor", "moduleauthor", "productionlist",
        "tabularcolumns", "openapi", "mermaid", "uml", "autosummary", "raw")},
    **{name: _VersionNote for name in ("versionadded", "versionchanged", "deprecated", "versionremoved")},
    **{f"http:{method}": _HttpDirective for method in HTTP_METHODS},
    "http:example": _HttpExample,
    "csv-table": _CsvTable,
    "include": _Include,
    "literalinclude": _LiteralInclude,
}
_ORIGINAL_DIRECTIVE = directives.directive
_ORIGINAL_ROLE = roles.role


def _lookup_directive(directive_name, language_module, document):
    """docutils' directive lookup, with our stand-ins and a transparent fallback for documents this
    reader parses (other users of docutils in the process see docutils unchanged)."""
    if getattr(document, "doccontract", None) is None:
        return _ORIGINAL_DIRECTIVE(directive_name, language_module, document)
    key = directive_name.lower()
    if key in STAND_INS:
        return STAND_INS[key], []
    found, messages = _ORIGINAL_DIRECTIVE(directive_name, language_module, document)
    return (found, messages) if found is not None else (_Transparent, [])


def _lookup_role(role_name, language_module, lineno, reporter):
    """docutils' role lookup; unknown roles (Sphinx's and its extensions') give their text."""
    if not getattr(reporter, "doccontract", False):
        return _ORIGINAL_ROLE(role_name, language_module, lineno, reporter)
    if role_name.lower() in ("ref", "doc", "numref", "term", "any", "keyword", "option", "envvar", "token"):
        return _text_role, []
    found, messages = _ORIGINAL_ROLE(role_name, language_module, lineno, reporter)
    return (found, messages) if found is not None else (_text_role, [])


directives.directive = _lookup_directive
roles.role = _lookup_role
_PARSER = Parser()
_SETTINGS = None


def _settings(root_prefix: str):
    global _SETTINGS
    if _SETTINGS is None:
        _SETTINGS = get_default_settings(Parser)
        for key, value in {"report_level": 2, "halt_level": 5, "warning_stream": False, "traceback": True,
                           "file_insertion_enabled": True, "raw_enabled": False, "input_encoding": "utf-8",
                           "input_encoding_error_handler": "replace", "line_length_limit": LINE_LENGTH_LIMIT,
                           "syntax_highlight": "none", "character_level_inline_markup": False}.items():
            setattr(_SETTINGS, key, value)
    settings = copy.copy(_SETTINGS)  # documents must not share mutable settings
    settings.record_dependencies = DependencyList()  # one per document: the cached one would grow
    settings.root_prefix = root_prefix
    return settings


# --------------------------------------------------------------------------- reading


def read(text: str, path: Path, shown: str, options: ReadOptions, diagnostics: Diagnostics) -> Document:
    """Parse RST with docutils' parser and convert the doctree; docutils' messages become diagnostics."""
    roots = options.roots or (path.resolve().parent,)
    context = _Context(shown, str(path), roots, diagnostics, {str(path): text.split("\n")}, options.include_paths)
    document = new_document(str(path), _settings(str(_docs_root(path, roots))))
    document.doccontract = context
    document.reporter.doccontract = True
    document.reporter.attach_observer(lambda message: _report(message, context))
    try:
        _PARSER.parse(text, document)
    except (RecursionError, DirectiveError, ValueError, IndexError, KeyError) as exc:  # docutils giving up
        diagnostics.add("read.markup", f"reStructuredText parser gave up: {type(exc).__name__}: {exc}"[:300],
                        Location(shown, 1), expected="valid reStructuredText", found=type(exc).__name__)
        return Document(shown, (), NAME)
    converter = _Converter(context, document)
    blocks = converter.blocks(document.children, top=True)
    title = next((b.title for b in blocks if isinstance(b, Section)), "")
    return Document(shown, tuple(blocks), NAME, title=title)


def _docs_root(path: Path, roots: tuple[Path, ...]) -> Path:
    """Where Sphinx resolves ``/absolute`` include paths: the nearest folder with a conf.py, else the
    first allowed root."""
    for parent in path.resolve().parents:
        if (parent / "conf.py").is_file() and within_roots(parent, roots):
            return parent
    return roots[0].resolve()


def _report(message: nodes.system_message, context: _Context) -> None:
    """One diagnostic per docutils message of WARNING level or above, at its file and line."""
    if message.get("level", 0) < 2:
        return
    text = message.children[0].astext() if message.children else message.astext()
    first = " ".join(text.split("\n")[:2]).strip()  # 'Error in "x" directive:' and what the error is
    context.diagnostics.add("read.markup", first, context.where(message.get("source"), message.get("line")),
                            expected="valid reStructuredText", found=first[:80])


class _Converter:
    """doctree nodes → Document blocks, lines taken from the nodes (or, for table cells, their first
    paragraph); targets before a table or section become its anchor."""

    def __init__(self, context: _Context, document: nodes.document) -> None:
        self.context = context
        self.document = document
        self.substitutions = {name: node for name, node in document.substitution_defs.items()}
        self._titles: dict[str, str] | None = None

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
            return [Paragraph(self.inline(node), self.location(node, _first_line(node)))]
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
        text = node.astext()
        return CodeBlock(text, location, language, node.get("role", ""),
                         tuple(Location(location.path, location.line + i) for i in range(text.count("\n") + 1)))

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
        name = node.get("refname", "") or node.astext()
        definition = self.substitutions.get(name) or self.substitutions.get(nodes.fully_normalize_name(name))
        if definition is None:
            return node.astext()  # defined elsewhere (a Sphinx rst_epilog): its name
        return "".join(self._inline_parts(definition)) or node.astext()

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
