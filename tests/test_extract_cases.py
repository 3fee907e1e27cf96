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
