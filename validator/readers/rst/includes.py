"""Include-like directives, confined to the allowed roots (validator.readers.confine): ``include``,
Sphinx ``literalinclude``, ``csv-table`` with a file, and sphinxcontrib-httpexample's ``http:example``."""

from __future__ import annotations

import os
import re
from pathlib import Path

import docutils.nodes as nodes
from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst.directives.misc import Include, adapt_path
from docutils.parsers.rst.directives.tables import CSVTable
from docutils.statemachine import string2lines
from docutils.utils import relative_path

from validator.files import is_file
from validator.readers.confine import OutsideRoots, outside_roots, read_included, report_outside
from validator.readers.rst.context import context_of, directive_location
from validator.readers.rst.standins import AnyOptions, Tolerant

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


def confined(directive: Directive, target: str) -> Path | None:
    """The file an include-like directive names, when it exists inside the allowed roots; otherwise
    None and a diagnostic at the directive."""
    context = context_of(directive)
    document = directive.state.document
    path = Path(adapt_path(directives.path(target), document.current_source, document.settings.root_prefix))
    if not is_file(path) and document.get("source") and document.current_source != document["source"]:
        # Sphinx resolves literalinclude and os-api-ref's rest_parameters against the page being built,
        # not the included file that names them
        beside_page = Path(adapt_path(directives.path(target), document["source"], document.settings.root_prefix))
        path = beside_page if is_file(beside_page) else path
    if not is_file(path):  # the include paths the user named
        path = next((base / target for base in context.search if is_file(base / target)), path)
    location = directive_location(directive)
    if outside_roots(path, target, context.roots, location, context.diagnostics, "a file under the allowed roots"):
        return None
    if not is_file(path):
        context.diagnostics.add("read.unresolved-include", f"include target not found: {target}", location,
                                expected="an existing file", found=target)
        return None
    return path


def read_confined(directive: Directive, path: Path, target: str) -> str | None:
    """The text of a confined include target, checked again on the file actually opened."""
    context = context_of(directive)
    try:
        return read_included(path, context.roots, context.diagnostics, context.where(str(path), 1).path)
    except OutsideRoots:
        report_outside(target, context.roots, directive_location(directive), context.diagnostics,
                       "a file under the allowed roots")
        return None


class IncludeDirective(Include):
    """``.. include::`` confined to the allowed roots: the file is read (opened, then checked), clipped
    keeping its line numbers, and inserted into the input (its lines keep their file and line); circular
    inclusion is ``read.include-loop``. Our own run(), so it behaves the same on every docutils."""

    option_spec = AnyOptions(Include.option_spec)

    def run(self):
        target = self.arguments[0].strip()
        if context_of(self) is None or re.fullmatch(r"<[\w.-]+>", target):  # docutils' own <isonum.txt> …
            return super().run()
        if not self.state.document.settings.file_insertion_enabled:
            raise self.warning(f'"{self.name}" directive disabled.')
        path = confined(self, target)
        text = read_confined(self, path, target) if path else None
        if text is None:
            return []
        text = _clip(text, self.options, self)
        document = self.state.document
        try:
            resolved = path.resolve()  # once: a path swapped under us must not be resolved twice
            relative = os.path.relpath(resolved, Path(document.current_source or ".").resolve().parent)
        except (OSError, RuntimeError):
            return []
        source = adapt_path(relative, document.current_source, document.settings.root_prefix)
        if "literal" in self.options or "code" in self.options:
            node = nodes.literal_block(text, text)
            node["language"] = self.options.get("code") or ""
            node.source, node.line = source, 1
            return [node]
        context_of(self).included.append(str(resolved))  # its text is this page's: not a page of its own
        return self._insert(text, source, relative)

    def _insert(self, text: str, source: str, relative: str) -> list:
        settings = self.state.document.settings
        lines = string2lines(text, self.options.get("tab-width", settings.tab_width), convert_whitespace=True)
        for number, line in enumerate(lines, start=1):
            if len(line) > settings.line_length_limit:
                raise self.warning(f'"{source}": line {number} exceeds the line-length-limit.')
        clip = tuple(self.options.get(k) for k in ("start-line", "end-line", "start-after", "end-before"))
        log = self.state.document.include_log
        if not log:  # docutils' own bookkeeping: the chain of files being included
            log.append((relative_path(None, self.state.document.current_source), (None, None, None, None)))
        if (source, clip) in log:
            chain = " > ".join(p for p, _ in reversed(log))
            context_of(self).diagnostics.add("read.include-loop", f"include loop through {relative}",
                                             directive_location(self), expected="an include chain without cycles",
                                             found=chain[:200])
            return []
        log.append((source, clip))
        # docutils pops the log entry at this marker (parsers.rst.states.Body.comment)
        self.state_machine.insert_input(lines + ["", f'.. end of inclusion from "{source}"'], source)
        return []


class LiteralInclude(Tolerant):
    """Sphinx ``literalinclude`` (an example kept in a file): a code block from a confined file."""

    required_arguments = 1
    has_content = False

    def run(self):
        path = confined(self, self.arguments[0])
        text = read_confined(self, path, self.arguments[0]) if path else None
        if text is None:
            return []
        clipped = _clip(text, self.options, self)
        text = clipped.lstrip("\n")
        node = nodes.literal_block(text, text)
        node["language"] = self.options.get("language") or CODE_LANGUAGES.get(path.suffix.lower(), "")
        node.source, node.line = str(path), clipped.count("\n") - text.count("\n") + 1
        return [node]


class HttpExample(Tolerant):
    """sphinxcontrib-httpexample's ``.. http:example::``: a request and its response, written inline
    (the response starts at its ``HTTP/1.1 200 OK`` line) or kept in ``:request:``/``:response:`` files."""

    optional_arguments = 10

    def run(self):
        lines = list(self.content)
        split = next((i for i, line in enumerate(lines) if re.match(r"HTTP/\d", line.strip())), len(lines))
        out = []
        for role, start, end in (("request", 0, split), ("response", split, len(lines))):
            path = confined(self, self.options[role]) if self.options.get(role) else None
            text = read_confined(self, path, self.arguments[0]) if path else None
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
        if self.options.get("file") and confined(self, self.options["file"]) is None:
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

    def get_csv_data(self):
        """CSV from a confined file is read by us (opened, then checked); inline CSV as docutils does."""
        if not self.options.get("file"):
            return super().get_csv_data()
        path = confined(self, self.options["file"])
        text = read_confined(self, path, self.options["file"]) if path else None
        if text is None:
            raise self.warning(f'"{self.name}": CSV file {self.options["file"]!r} not read.')
        return text.splitlines(), str(path)

    def _place(self, row, absolute_line: int) -> None:
        source, line = self.state_machine.get_source_and_line(absolute_line)
        for node in row.findall(nodes.Element):
            if getattr(node, "line", None):
                node.source, node.line = source, line


