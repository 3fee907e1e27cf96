"""Extraction of our own sample pages (fixtures/cases/<syntax>/*.txt), one test per case."""

from __future__ import annotations

from pathlib import Path

import pytest
from casefile import read_cases, summarize
from conftest import FIXTURES

from validator.diagnostics import Diagnostics
from validator.extract import extract_document
from validator.readers import ReadOptions, reader_named

SYNTAXES = ("asciidoc", "rst", "text")
CASES = [(syntax, path, case) for syntax in SYNTAXES
         for path in sorted((FIXTURES / "cases" / syntax).glob("*.txt")) for case in read_cases(path)]


@pytest.mark.parametrize(("syntax", "path", "case"), CASES,
                         ids=[f"{p.stem}-{c.id}" for _, p, c in CASES])
def test_case(syntax: str, path: Path, case) -> None:
    diagnostics = Diagnostics()
    page = path.parent / f"{path.stem}-line{case.line}.{syntax}"  # includes resolve next to the case file
    options = ReadOptions(roots=(path.parent.resolve(),))
    document = reader_named(syntax).read(case.source, page, page.name, options, diagnostics)
    operations = extract_document(document, diagnostics)
    problems = [d.format() for d in diagnostics]
    assert summarize(operations, detail=case.detail, summaries=case.summaries) == case.expected, "\n".join(problems)


def test_an_array_of_a_named_structure_documented_in_place_is_resolved() -> None:
    """``array of <<processors,processor objects>>`` whose members follow in a nested list is resolved
    by those members: no "names no documented structure" warning for what the page documents."""
    source = ("=== Put thing\n\n`PUT /things/<id>`\n\n==== {api-request-body-title}\n\n"
              "`processors`::\n(Required, array of <<processors,processor objects>>)\nProcessors.\n+\n"
              ".Properties of `processors`\n[%collapsible%open]\n====\n`set`:::\n(Optional, object) Sets a field.\n"
              "====\n")
    diagnostics = Diagnostics()
    page = FIXTURES / "cases" / "asciidoc" / "in-place.asciidoc"
    document = reader_named("asciidoc").read(source, page, page.name, ReadOptions(), diagnostics)
    (operation,) = extract_document(document, diagnostics)
    items = operation.body.properties[0].schema.items
    assert [p.name for p in items.properties] == ["set"]
    assert "extract.unresolved-type" not in {d.code for d in diagnostics}
