"""docutils hooks for one parse: our stand-ins and the tolerant fallbacks are looked up only while
``installed()`` is active (and only for documents this reader parses); docutils is left as it was
afterwards. Also the parser settings of a read."""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive, Parser, directives, roles
from docutils.parsers.rst.states import RSTState
from docutils.utils import DependencyList

from validator.readers.limits import MAX_NESTED_PARSES
from validator.readers.rst.apiref import DIRECTIVES as API_REF
from validator.readers.rst.includes import CsvTable, HttpExample, IncludeDirective, LiteralInclude
from validator.readers.rst.inline import bounded_inliner
from validator.readers.rst.standins import (
    HTTP_METHODS,
    CodeBlock,
    HttpDirective,
    Ignored,
    Raw,
    Transparent,
    VersionNote,
    text_role,
)

TEXT_ROLES = ("ref", "doc", "numref", "term", "any", "keyword", "option", "envvar", "token")

STAND_INS: dict[str, type[Directive]] = {
    **{name: CodeBlock for name in ("code-block", "sourcecode", "code", "code-tab")},
    **{name: Transparent for name in (
        "only", "ifconfig", "seealso", "tabs", "tab", "group-tab",
        "centered", "hlist", "rst-class", "glossary", "rst:directive", "rst:role", "rst:directive:option",
        "http:jsonparameters")},
    **{name: Ignored for name in (
        "toctree", "index", "highlight", "autoflask", "autoqrefs", "qrefflask", "autotornado", "autobottle",
        "autoclass", "automodule", "autofunction", "automethod", "autodata", "autoattribute", "autoexception",
        "module", "currentmodule", "graphviz", "sectionauthor", "codeauthor", "moduleauthor", "productionlist",
        "tabularcolumns", "openapi", "mermaid", "uml", "autosummary", "rest_expand_all")},
    "raw": Raw,
    **{name: VersionNote for name in ("versionadded", "versionchanged", "deprecated", "versionremoved")},
    **{f"http:{method}": HttpDirective for method in HTTP_METHODS},
    "http:example": HttpExample,
    "csv-table": CsvTable,
    "include": IncludeDirective,
    "literalinclude": LiteralInclude,
    **API_REF,
}
_LOCK = threading.RLock()
_DEPTH = 0
_ORIGINALS: tuple = ()


def _lookup_directive(directive_name, language_module, document):
    """docutils' directive lookup, with our stand-ins and a transparent fallback for documents this
    reader parses (other documents see docutils unchanged)."""
    original = _ORIGINALS[0]
    if getattr(document, "doccontract", None) is None:
        return original(directive_name, language_module, document)
    key = directive_name.lower()
    if key in STAND_INS:
        return STAND_INS[key], []
    if re.fullmatch(r"http:[a-z]+", key):  # any other method a page declares (.. http:move::, http:lock::)
        return HttpDirective, []
    found, messages = original(directive_name, language_module, document)
    return (found, messages) if found is not None else (Transparent, [])


def _lookup_role(role_name, language_module, lineno, reporter):
    """docutils' role lookup; unknown roles (Sphinx's and its extensions') give their text."""
    original = _ORIGINALS[1]
    if not getattr(reporter, "doccontract", False):
        return original(role_name, language_module, lineno, reporter)
    if role_name.lower() in TEXT_ROLES:
        return text_role, []
    found, messages = original(role_name, language_module, lineno, reporter)
    return (found, messages) if found is not None else (text_role, [])


def _nested_parse(state, block, input_offset, node=None, match_titles=False, state_machine_class=None,
                  state_machine_kwargs=None):
    """docutils' nested parse of a block (a table cell, a directive's content, a list item's body), within
    the page's budget: every one is a state machine (~0.5 ms), and a page of thousands of tables takes
    docutils many seconds. Past the budget the block is left empty, with one ``read.markup-limit``."""
    original = _ORIGINALS[2]
    context = getattr(state.document, "doccontract", None)
    if context is None or state_machine_class or state_machine_kwargs or context.nested_parses.take(1):
        return original(state, block, input_offset, node, match_titles, state_machine_class, state_machine_kwargs)
    if "nested" not in context.limits_reported:
        context.limits_reported.add("nested")
        source, line = state.state_machine.get_source_and_line(input_offset + 1)
        context.diagnostics.add(
            "read.markup-limit", f"more than {MAX_NESTED_PARSES:,} nested blocks (table cells, directive "
            "contents, list items) on one page; from here on their content is not read", context.where(source, line),
            expected=f"at most {MAX_NESTED_PARSES:,} nested blocks", found=" ".join(" ".join(block[:1]).split())[:80])
    return input_offset + len(block) - 1


@contextmanager
def installed() -> Iterator[None]:
    """Our directive and role lookups and the bounded nested parse, for the duration of one parse
    (re-entrant)."""
    global _DEPTH, _ORIGINALS
    with _LOCK:
        if _DEPTH == 0:
            _ORIGINALS = (directives.directive, roles.role, RSTState.nested_parse)
            directives.directive, roles.role, RSTState.nested_parse = _lookup_directive, _lookup_role, _nested_parse
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0:
                directives.directive, roles.role, RSTState.nested_parse = _ORIGINALS


def parser() -> Parser:
    """A parser for one document: docutils' Inliner keeps per-parse state (its implicit patterns grow with
    every parse it starts), so each parse gets its own, bounded one (``inline``)."""
    return Parser(inliner=bounded_inliner())


_SETTINGS = None


def settings(root_prefix: str):
    """Parser settings of one document (reports to observers only, file insertion on, raw off)."""
    global _SETTINGS
    if _SETTINGS is None:
        _SETTINGS = get_default_settings(Parser)
        for key, value in {"report_level": 2, "halt_level": 5, "warning_stream": False, "traceback": True,
                           "file_insertion_enabled": True, "raw_enabled": False, "input_encoding": "utf-8",
                           "input_encoding_error_handler": "replace",
                           "syntax_highlight": "none", "character_level_inline_markup": False}.items():
            setattr(_SETTINGS, key, value)
    result = copy.copy(_SETTINGS)  # documents must not share mutable settings
    result.record_dependencies = DependencyList()  # one per document: the cached one would grow
    result.root_prefix = root_prefix
    return result
