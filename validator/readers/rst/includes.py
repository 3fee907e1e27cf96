"""Include-like directives, confined to the allowed roots (validator.readers.confine): ``include``,
Sphinx ``literalinclude``, ``csv-table`` with a file, and sphinxcontrib-httpexample's ``http:example``."""

from __future__ import annotations

import os
import re
from pathlib import Path

import docutils.nodes as nodes
from docutils.parsers.rst import Directive, DirectiveError, directives
from docutils.parsers.rst.directives.misc import Include, adapt_path
from docutils.parsers.rst.directives.tables import CSVTable

from validator.readers.confine import outside_roots, read_included
from validator.readers.rst.context import context_of, directive_location
from validator.readers.rst.standins import AnyOptions

CODE_LANGUAGES = {".json": "json", ".http": "http", ".req": "http", ".resp": "http", ".yaml": "yaml",
                  ".yml": "yaml", ".sh": "console", ".xml": "xml"}


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
    context = context_of(directive)
    document = directive.state.document
    path = Path(adapt_path(directives.path(target), document.current_source, document.settings.root_prefix))
    if not path.is_file():  # the include paths the user named
        path = next((base / target for base in context.search if (base / target).is_file()), path)
    location = directive_location(directive)
    if outside_roots(path, target, context.roots, location, context.diagnostics, "a file under the allowed roots"):
        return None
    if not path.is_file():
        context.diagnostics.add("read.unresolved-include", f"include target not found: {target}", location,
                                expected="an existing file", found=target)
        return None
    return path


def _read_included(directive: Directive, path: Path) -> str | None:
    return read_included(path, context_of(directive).diagnostics)


class IncludeDirective(Include):
    """``.. include::`` confined to the allowed roots; docutils itself clips, inserts the lines (they keep
    their file and line) and detects circular inclusion, which becomes ``read.include-loop``."""

    option_spec = AnyOptions(Include.option_spec)

    def run(self):
        target = self.arguments[0].strip()
        if context_of(self) is None or re.fullmatch(r"<[\w.-]+>", target):  # docutils' own <isonum.txt> …
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
            context_of(self).diagnostics.add("read.include-loop", f"include loop through {self.arguments[0]}",
                                           directive_location(self), expected="an include chain without cycles",
                                           found=" > ".join(re.findall(r"(?m)^> (.+)$", error.msg))[:200])
            return []

    def read_file(self, path) -> str:
        text = _read_included(self, Path(path))
        return "" if text is None else _clip(text, self.options, self)


class LiteralInclude(Directive):
    """Sphinx ``literalinclude`` (an example kept in a file): a code block from a confined file."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = AnyOptions()

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


class HttpExample(Directive):
    """sphinxcontrib-httpexample's ``.. http:example::``: a request and its response, written inline
    (the response starts at its ``HTTP/1.1 200 OK`` line) or kept in ``:request:``/``:response:`` files."""

    optional_arguments = 10
    final_argument_whitespace = True
    has_content = True
    option_spec = AnyOptions()

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


class CsvTable(CSVTable):
    """``csv-table``: docutils numbers its cells from 1; each row gets the line its record starts on.
    Data from a URL is never fetched; data from a file must lie inside the allowed roots."""

    option_spec = AnyOptions(CSVTable.option_spec)

    def run(self):
        if self.options.get("url"):
            context_of(self).diagnostics.add("read.include-outside-root", "csv-table data from a URL is not fetched",
                                           directive_location(self), expected="inline CSV or a local file",
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


