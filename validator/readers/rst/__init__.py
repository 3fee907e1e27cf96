"""reStructuredText reader: docutils' doctree → neutral Document. The only package importing docutils.

docutils parses; nothing here reads RST with regexes. What Sphinx adds (``:ref:``, ``:doc:``, ``toctree``,
``only``, ``code-block``, the httpdomain directives and roles, substitutions defined in ``conf.py``) gets
tolerant stand-ins (``standins``, ``includes``), looked up only during a parse and only for documents this
reader parses (``hooks``): an unknown directive keeps its content as ordinary text, an unknown role its
text, an undefined substitution its name. Every message docutils' Reporter emits becomes a ``read.markup``
diagnostic at its file and line; includes are confined to the allowed roots, with loops reported.

Only the parser runs, not docutils' transforms: the raw doctree keeps sections nested as written and the
converter (``convert``) resolves what it needs itself (substitutions, targets preceding tables and sections).
"""

from __future__ import annotations

from pathlib import Path

import docutils.nodes as nodes
from docutils.parsers.rst import DirectiveError
from docutils.utils import new_document

from validator.diagnostics import Diagnostics
from validator.document import Document, Section
from validator.files import within_roots
from validator.model import Location
from validator.readers import ReadOptions
from validator.readers.limits import MAX_BLOCKS, MAX_DEPTH
from validator.readers.rst import hooks
from validator.readers.rst.context import Context
from validator.readers.rst.convert import Converter
from validator.readers.rst.nesting import cut_deep, cut_dense
from validator.readers.rst.sniff import sniff

__all__ = ["NAME", "read", "sniff"]
NAME = "rst"


def read(text: str, path: Path, shown: str, options: ReadOptions, diagnostics: Diagnostics) -> Document:
    """Parse RST with docutils' parser and convert the doctree; docutils' messages become diagnostics."""
    roots = options.roots or (path.resolve().parent,)
    context = Context(shown, str(path), roots, diagnostics, {str(path): text.split("\n")}, options.include_paths)
    text, deep = cut_deep(text)  # docutils never sees nesting past the bound (its memory and recursion)
    text, dense = cut_dense(text)  # nor more blocks than it parses in bounded time
    if dense:
        diagnostics.add("read.markup-limit", f"more than {MAX_BLOCKS:,} blocks (directives, list items, fields, "
                        "table rows) on one page; the rest of the page is not read", Location(shown, dense),
                        expected=f"at most {MAX_BLOCKS:,} blocks", found=context.sources[str(path)][dense - 1][:80])
    document = new_document(str(path), hooks.settings(str(_docs_root(path, roots))))
    document.doccontract = context
    document.reporter.doccontract = True
    document.reporter.attach_observer(lambda message: _report(message, context))
    try:
        with hooks.installed():
            hooks.parser().parse(text, document)
    except RecursionError:
        diagnostics.add("read.too-deep", "reStructuredText nested deeper than the parser can follow",
                        Location(shown, 1), expected="moderately nested blocks", found="very deep nesting")
        return Document(shown, (), NAME)
    except (DirectiveError, ValueError, IndexError, KeyError) as exc:  # docutils giving up
        diagnostics.add("read.markup", f"reStructuredText parser gave up: {type(exc).__name__}: {exc}"[:300],
                        Location(shown, 1), expected="valid reStructuredText", found=type(exc).__name__)
        return Document(shown, (), NAME)
    mark = len(diagnostics)
    blocks = Converter(context, document).blocks(document.children, top=True)
    if deep:
        _too_deep(diagnostics, mark, Location(shown, deep), context.sources[str(path)][deep - 1])
    title = next((b.title for b in blocks if isinstance(b, Section)), "")
    return Document(shown, tuple(blocks), NAME, title=title, includes=tuple(dict.fromkeys(context.included)))


def _too_deep(diagnostics: Diagnostics, mark: int, where: Location, line: str) -> None:
    """One ``read.too-deep`` for the page: the converter's (added since ``mark``) when it is at a known
    line before the pre-scan's cut, else the pre-scan's at ``where``."""
    converter = [d for d in diagnostics.items[mark:] if d.code == "read.too-deep" and d.location.path == where.path]
    if any(1 < d.location.line < where.line for d in converter):
        return
    diagnostics.items[mark:] = [d for d in diagnostics.items[mark:] if d not in converter]
    diagnostics.add("read.too-deep", f"blocks nested more than {MAX_DEPTH} deep; the deeper content is not read",
                    where, expected=f"at most {MAX_DEPTH} nested blocks", found=line.strip()[:80])


def _docs_root(path: Path, roots: tuple[Path, ...]) -> Path:
    """Where Sphinx resolves ``/absolute`` include paths: the nearest folder with a conf.py, else the
    first allowed root."""
    for parent in path.resolve().parents:
        if (parent / "conf.py").is_file() and within_roots(parent, roots):
            return parent
    return roots[0].resolve()


def _report(message: nodes.system_message, context: Context) -> None:
    """One diagnostic per docutils message of WARNING level or above, at its file and line."""
    if message.get("level", 0) < 2:
        return
    text = message.children[0].astext() if message.children else message.astext()
    first = " ".join(text.split("\n")[:2]).strip()  # 'Error in "x" directive:' and what the error is
    context.diagnostics.add("read.markup", first, context.where(message.get("source"), message.get("line")),
                            expected="valid reStructuredText", found=first[:80])
