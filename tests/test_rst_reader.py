"""The reStructuredText reader: docutils' doctree → Document with exact lines, Sphinx stand-ins,
docutils' messages as diagnostics, confined includes, and hostile input that never raises."""

from __future__ import annotations

import re
from pathlib import Path

import docutils.core
import pytest
from conftest import FIXTURES, SEEDS, SHARED

from validator.diagnostics import Diagnostics
from validator.document import CodeBlock, Endpoint, ListBlock, Paragraph, Section, Table, walk
from validator.files import display_path
from validator.pipeline import ExtractOptions, extract_paths
from validator.readers import ReadOptions, detect, rst
from validator.readers.rst.apiref import COLUMNS as API_REF_COLUMNS

SEED = SEEDS / "002_727d8cbb163ba174.txt"


def read(text: str, tmp_path: Path, name: str = "page.rst") -> tuple:
    diagnostics = Diagnostics()
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    document = rst.read(text, path, name, ReadOptions(roots=(tmp_path,)), diagnostics)
    return document, diagnostics


def blocks_of(document, kind):
    return [b for b in walk(document.blocks) if isinstance(b, kind)]


def test_seed_002_is_rst_and_every_block_has_its_line() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert detect(text, SEED).NAME == "rst"
    diagnostics = Diagnostics()
    document = rst.read(text, SEED, "002.txt", ReadOptions(), diagnostics)
    assert list(diagnostics) == []
    sections = [(s.title, s.level, s.location.line) for s in blocks_of(document, Section)]
    assert sections == [("Starting a Job", 1, 5), ("Function", 2, 8), ("URI", 2, 13), ("Request", 2, 32),
                        ("Response", 2, 64), ("Example", 2, 69)]
    top = document.blocks[0]
    assert top.anchor == "dataartsstudio_02_0092"  # the label before the title names the section
    tables = blocks_of(document, Table)
    assert [(t.caption, t.location.line) for t in tables] == [
        ("**Table 1** URI parameters", 22), ("**Table 2** Request header parameter", 35),
        ("**Table 3** Parameter", 46), ("**Table 4** JobParam data structure description", 54)]
    # table rows carry no line in docutils: a cell's line is that of its first paragraph
    cells = [(row[0].text, row[0].location.line) for t in tables for row in t.rows]
    assert cells == [("project_id", 27), ("name", 29), ("workspace", 40), ("jobParams", 51), ("name", 59),
                     ("value", 61)]
    assert [c.text for c in tables[0].header] == ["Parameter", "Mandatory", "Type", "Description"]
    workspace = tables[1].rows[0][3]
    assert isinstance(workspace.blocks[1], ListBlock) and workspace.blocks[1].items[1].location.line == 43
    assert "see Project ID and Account ID." in tables[0].rows[0][3].text  # :ref: keeps its title
    assert tables[0].rows[0][3].links == ("dataartsstudio_02_0314",)
    codes = blocks_of(document, CodeBlock)
    assert [(c.language, c.location.line, c.text.split("\n")[0]) for c in codes] == [
        ("text", 78, "POST /v1/b384b9e9ab9b4ee8994c8633aabc9505/jobs/myJob/start"), ("", 90, "{")]
    assert codes[1].line_locations[-1].line == 93
    paragraphs = {p.text: p.location.line for p in blocks_of(document, Paragraph)}
    assert paragraphs["POST /v1/{project_id}/jobs/{name}/start"] == 18
    assert paragraphs["HTTP status code 204"] == 82 and paragraphs["None."] == 67


def first_word_on_its_line(document, known: dict[str, str] | None = None) -> list[str]:
    """Every paragraph, title, code block and endpoint whose first word is not on its reported line
    (files are read from disk unless ``known`` gives their text)."""
    cache: dict[str, list[str]] = {name: text.split("\n") for name, text in (known or {}).items()}
    wrong = []
    given = {id(b) for t in walk(document.blocks) if isinstance(t, Table) and tuple(c.text for c in t.header)
             == API_REF_COLUMNS for c in t.header for b in walk(c.blocks)}  # column titles no line holds
    for block in (b for b in walk(document.blocks) if id(b) not in given):
        text = {Paragraph: lambda b: b.text, Section: lambda b: b.title, CodeBlock: lambda b: b.text,
                Endpoint: lambda b: b.method}.get(type(block), lambda b: "")(block)
        words = re.findall(r"[A-Za-z0-9_]{3,}", text)
        if isinstance(block, CodeBlock):  # a code block's first line, whatever it holds
            words = [text.split("\n")[0].strip()] if text.split("\n")[0].strip() else []
        if not words:
            continue
        path = block.location.path
        if path not in cache:
            cache[path] = Path(path).read_text(encoding="utf-8", errors="replace").split("\n")
        lines = cache[path]
        line = lines[block.location.line - 1] if 0 < block.location.line <= len(lines) else ""
        line = line.lower() if isinstance(block, Endpoint) else line  # http:get, rest_method:: GET
        if words[0] not in (line if isinstance(block, CodeBlock) else line.replace("\\", "")):
            wrong.append(f"{path}:{block.location.line}: {words[0]!r} not in {line[:60]!r}")
    return wrong


def test_lines_in_our_sample_pages_and_their_includes(monkeypatch) -> None:
    from casefile import read_cases

    monkeypatch.chdir(FIXTURES / "cases" / "rst")  # included files are shown relative to it
    checked = 0
    for path in sorted(Path(".").glob("*.txt")):
        for case in read_cases(path):
            page = Path(f"{path.stem}-line{case.line}.rst")  # never written: includes resolve next to it
            document = rst.read(case.source, page, page.name, ReadOptions(roots=(Path.cwd(),)), Diagnostics())
            assert first_word_on_its_line(document, {page.name: case.source}) == []
            checked += len(list(walk(document.blocks)))
    assert checked > 300


@pytest.mark.parametrize("corpus", ["otc", "kinto", "httpdomain"])
def test_lines_across_a_corpus(corpus: str) -> None:
    base = SHARED / "corpus" / corpus
    if not base.is_dir():
        pytest.skip(f"../shared/corpus/{corpus} is absent")
    wrong: list[str] = []
    for path in sorted(base.rglob("*.rst")):
        text = path.read_text(encoding="utf-8", errors="replace")
        document = rst.read(text, path, display_path(path), ReadOptions(roots=(base,)), Diagnostics())
        # "1\ *xx*" (an escaped space before emphasis) and the method an :http:get: role renders ("GET
        # /users") are the only ways a word differs from its source
        wrong.extend(w for w in first_word_on_its_line(document) if "xx" not in w and ":http:" not in w)
    assert wrong == []


SPHINX_PAGE = """\
.. _top-label:

Sphinx page
===========

See :ref:`the details <details-label>`, :ref:`top-label`, :doc:`other <other/page>`, :term:`ACL`,
:mailheader:`Accept`, :http:statuscode:`404`, :py:meth:`~pkg.Class.method` and :unknownrole:`kept`.

Status |status-200| and |defined| here.

.. |defined| replace:: the definition

.. toctree::
   :maxdepth: 2

   hidden/page

.. only:: html

   Shown in HTML.

.. versionadded:: 1.2
   Added in 1.2.

.. some-extension-directive:: argument
   :option: value

   Kept as text.

.. code-block:: json
   :caption: the body
   :emphasize-lines: 2

   {"a": 1}

.. tabs::

   .. code-tab:: bash

      $ http GET /x

.. _details-label:

.. table:: **Table 1** Details

   ==== ====
   Name Type
   ==== ====
   a    b
   ==== ====
"""


def test_sphinx_markup_has_stand_ins(tmp_path: Path) -> None:
    document, diagnostics = read(SPHINX_PAGE, tmp_path)
    assert list(diagnostics) == []
    texts = [p.text for p in blocks_of(document, Paragraph)]
    assert texts[0] == ("See the details, Sphinx page, other, ACL, Accept, 404, pkg.Class.method and kept.")
    assert texts[1] == "Status status-200 and the definition here."  # defined elsewhere: its name
    assert "Shown in HTML." in texts and "Added in 1.2." in texts and "Kept as text." in texts
    assert not any("hidden/page" in t for t in texts)  # toctree entries are not prose
    codes = blocks_of(document, CodeBlock)
    assert [(c.language, c.text, c.location.line) for c in codes] == [("json", '{"a": 1}', 34),
                                                                       ("bash", "$ http GET /x", 40)]
    table = blocks_of(document, Table)[0]
    assert table.anchor == "details-label" and table.caption == "**Table 1** Details"
    assert document.blocks[0].anchor == "top-label"


def test_raw_substitutions_are_valid_markup_that_adds_no_text(tmp_path: Path) -> None:
    page = ".. |br| raw:: html\n\n    <br />\n\nFirst line. |br| Second line.\n\n.. raw:: html\n\n   <hr/>\n"
    document, diagnostics = read(page, tmp_path)
    assert list(diagnostics) == []  # was: Substitution definition "br" empty or invalid
    assert [p.text.split() for p in blocks_of(document, Paragraph)] == [["First", "line.", "Second", "line."]]


def test_docutils_is_unchanged_for_other_users(tmp_path: Path) -> None:
    read(SPHINX_PAGE, tmp_path)  # our stand-ins are in place for our documents only
    tree = docutils.core.publish_doctree(".. toctree::\n\n:ref:`x`\n", settings_overrides={"report_level": 5})
    messages = [m.astext() for m in tree.findall(docutils.nodes.system_message)]
    assert any('Unknown directive type "toctree"' in m for m in messages)
    assert any('Unknown interpreted text role "ref"' in m for m in messages)


def test_http_directives_with_several_signatures_and_options(tmp_path: Path) -> None:
    document, _ = read(""".. http:get:: /users/(int:user_id)/posts/(tag)
              /users/(int:user_id)/posts
   :synopsis: Posts of a user.
   :deprecated:

   Posts.

   :query sort: one of ``hit``, ``created-at``
   :<json string data.title: a title
   :statuscode 200: no error
""", tmp_path)
    endpoints = blocks_of(document, Endpoint)
    assert [(e.method, e.path, e.location.line) for e in endpoints] == [
        ("get", "/users/(int:user_id)/posts/(tag)", 1), ("get", "/users/(int:user_id)/posts", 1)]
    first = endpoints[0]
    assert dict(first.options) == {"deprecated": "", "synopsis": "Posts of a user."}
    assert [(f.kind, f.type, f.name, f.location.line) for f in first.fields] == [
        ("query", "", "sort", 8), ("<json", "string", "data.title", 9), ("statuscode", "", "200", 10)]
    assert [p.text for p in blocks_of(document, Paragraph)][0] == "Posts."


def test_docutils_messages_are_diagnostics_at_their_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "inc.rst").write_text("Included\n--------\n\n**unclosed strong\n", encoding="utf-8")
    document, diagnostics = read("Title\n=====\n\n.. include:: inc.rst\n\n+---+\n| a\n+---+\n\n.. http:get::\n",
                                 tmp_path)
    found = sorted((d.code, d.location.path.rsplit("/", 1)[-1], d.location.line) for d in diagnostics)
    # the grid table's second line is the one without its right border
    assert found == [("read.markup", "inc.rst", 4), ("read.markup", "page.rst", 7), ("read.markup", "page.rst", 10)]
    directive = next(d for d in diagnostics if d.location.line == 10)
    assert "1 argument(s) required" in directive.message
    included = blocks_of(document, Section)[1]
    assert included.title == "Included" and included.location.path.endswith("inc.rst") and included.location.line == 1


def test_includes_are_confined_clipped_and_loops_reported(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "secret.rst").write_text("Secret text.\n", encoding="utf-8")
    (docs / "part.rst").write_text("Before.\n\n.. start\n\nInside the clip.\n\n.. end\n\nAfter.\n", encoding="utf-8")
    (docs / "a.rst").write_text("Text of a.\n\n.. include:: b.rst\n", encoding="utf-8")
    (docs / "b.rst").write_text("Text of b.\n\n.. include:: a.rst\n", encoding="utf-8")
    (docs / "bad.rst").write_bytes(b"Caf\xe9 bytes.\n")
    text = (".. include:: ../secret.rst\n\n.. include:: missing.rst\n\n.. include:: part.rst\n"
            "   :start-after: .. start\n   :end-before: .. end\n\n.. include:: a.rst\n\n.. include:: bad.rst\n")
    diagnostics = Diagnostics()
    document = rst.read(text, docs / "page.rst", "page.rst", ReadOptions(roots=(docs,)), diagnostics)
    texts = [p.text for p in blocks_of(document, Paragraph)]
    assert texts == ["Inside the clip.", "Text of a.", "Text of b.", "Caf\ufffd bytes."]
    assert not any("Secret" in t for t in texts)
    codes = [(d.code, d.location.path.rsplit("/", 1)[-1], d.location.line) for d in diagnostics]
    assert ("read.include-outside-root", "page.rst", 1) in codes
    assert ("read.unresolved-include", "page.rst", 3) in codes
    assert ("read.include-loop", "b.rst", 3) in codes
    assert ("read.encoding", "bad.rst", 1) in codes
    inside = next(p for p in blocks_of(document, Paragraph) if p.text == "Inside the clip.")
    assert inside.location.path == "part.rst" and inside.location.line == 5  # beside the page as shown


def test_example_files_and_http_examples(tmp_path: Path) -> None:
    (tmp_path / "get.resp").write_text('HTTP/1.1 200 OK\n\n{"id": 1}\n', encoding="utf-8")
    (tmp_path / "body.json").write_text('{\n  "id": 1\n}\n', encoding="utf-8")
    document, diagnostics = read(""".. http:example:: curl httpie
   :response: get.resp

   GET /things/1 HTTP/1.1
   Accept: application/json

.. http:example:: curl

   DELETE /things/1 HTTP/1.1


   HTTP/1.1 204 No Content

.. literalinclude:: body.json

.. literalinclude:: /../../etc/hostname
""", tmp_path)
    codes = [(c.role, c.language, c.location.path.rsplit("/", 1)[-1], c.location.line, c.text.split("\n")[0])
             for c in blocks_of(document, CodeBlock)]
    assert codes == [("request", "http", "page.rst", 4, "GET /things/1 HTTP/1.1"),
                     ("response", "http", "get.resp", 1, "HTTP/1.1 200 OK"),
                     ("request", "http", "page.rst", 9, "DELETE /things/1 HTTP/1.1"),
                     ("response", "http", "page.rst", 12, "HTTP/1.1 204 No Content"),
                     ("", "json", "body.json", 1, "{")]
    assert [d.code for d in diagnostics] == ["read.include-outside-root"]


HOSTILE = {  # name → (text, whether docutils must have complained)
    "unbalanced-grid-table": ("+-----+-----+\n| a   | b\n+-----+\n| c | d | e |\n", True),
    "unbalanced-simple-table": ("===== =====\na     b\n===== =====\nc     d     e  f\n", True),
    "broken-directives": (".. http:get::\n\n.. code-block::\n   :unknown-option:\n\n.. table:: x\n\n   not a table\n",
                          True),
    "deep-nesting": ("".join(" " * i + "x\n\n" for i in range(400)), True),
    "line-too-long": ("a" * 200_000 + "\n", True),
    "substitution-soup": ("|a| |b|_ |c|__ |\n\n.. |a| image:: x.png\n.. |a| replace:: twice\n", True),
    "control-characters": ("Title\n=====\n\n\x0b\x0c\x1b[31m text\x00\n", False),
    "unterminated-everything": ("``literal\n\n**strong\n\n`ref <x\n\n.. _t:\n.. [1]\n.. |s|\n", True),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_rst_gives_diagnostics_not_tracebacks(name: str, tmp_path: Path) -> None:
    text, complains = HOSTILE[name]
    document, diagnostics = read(text, tmp_path)
    assert document.syntax == "rst"
    complaints = [d for d in diagnostics if d.code in ("read.markup", "read.too-deep")]
    assert bool(complaints) is complains, [d.format() for d in diagnostics]


def test_a_50_mb_rst_file_is_reported_not_parsed(tmp_path: Path) -> None:
    big = tmp_path / "big.rst"
    with big.open("w", encoding="utf-8") as handle:
        chunk = ("Section\n=======\n\n+------+------+\n| a    | b    |\n+------+------+\n\n" * 200)
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    (tmp_path / "good.rst").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    extraction = extract_paths([tmp_path], ExtractOptions())
    assert [d.code for d in extraction.diagnostics if d.location.path.endswith("big.rst")] == ["read.too-large"]
    assert [op.key for op in extraction.operations] == [("/v1/{project_id}/jobs/{name}/start", "post")]


def test_hostile_fixture_files_keep_their_lines() -> None:
    extraction = extract_paths(sorted((FIXTURES / "bad").glob("*.rst")), ExtractOptions())
    found = {(d.code, d.location.path.rsplit("/", 1)[-1], d.location.line) for d in extraction.diagnostics}
    assert {("read.markup", "broken-table.rst", 3), ("read.encoding", "invalid-utf8.rst", 6),
            ("read.include-loop", "rst-loop-a.rst", 4)} <= found


def test_docutils_lookups_are_hooked_only_during_a_parse(tmp_path: Path) -> None:
    from docutils.parsers.rst import directives, roles

    originals = (directives.directive, roles.role)
    assert all(f.__module__.startswith("docutils") for f in originals)  # importing the reader patches nothing
    document, _ = read(".. toctree::\n\n   a\n\n:ref:`Title <x>`\n", tmp_path)
    assert (directives.directive, roles.role) == originals  # restored after the parse
    assert [p.text for p in blocks_of(document, Paragraph)] == ["Title"]  # the stand-ins were in place


def test_literal_blocks_keep_the_tabs_of_the_source(tmp_path: Path) -> None:
    """docutils expands tabs before parsing; a code block is read back from its source lines when they
    match it line for line, so a TSV example keeps its tabs (a tab inside the indentation, which no cut
    can keep, leaves the block as docutils gave it)."""
    text = ("Export\n======\n\n.. code-block:: text\n\n   id\tname\tsize\n   1\tfoo\t\n\n"
            "Literal::\n\n\tid\tname\n\n\t1\tfoo\n\n.. sourcecode:: http\n\n   HTTP/1.1 200 OK\n"
            "   Content-Type: text/tab-separated-values\n\n   id\tname\n\n"
            "Straddling::\n\n   a\tx\n\tb\n")
    document, _ = read(text, tmp_path)
    assert [b.text for b in blocks_of(document, CodeBlock)] == [
        "id\tname\tsize\n1\tfoo\t", "id\tname\n\n1\tfoo",
        "HTTP/1.1 200 OK\nContent-Type: text/tab-separated-values\n\nid\tname",
        "a    x\n     b"]
    (tmp_path / "page.rst").write_text(
        "Export\n======\n\n``GET /export``\n\nExample response::\n\n   HTTP/1.1 200 OK\n"
        "   Content-Type: text/tab-separated-values\n\n   id\tname\n   1\tfoo\n", encoding="utf-8")
    extraction = extract_paths([tmp_path / "page.rst"], ExtractOptions())
    (operation,) = extraction.operations
    assert [e.body for e in operation.examples] == ["id\tname\n1\tfoo"]
