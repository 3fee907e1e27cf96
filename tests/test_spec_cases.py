"""What the written spec states for our own sample pages (fixtures/cases/spec/<syntax>/*.txt): media
types, the line every response's x-source names, x-assumed, x-additional-operations, diagnostics. Each
case is written to a file and extracted through the pipeline, self-validation included."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from casefile import read_cases, summarize_spec
from conftest import FIXTURES

from validator.pipeline import ExtractOptions, extract_spec
from validator.specvalidate import iter_spec_errors

SUFFIXES = {"asciidoc": ".asciidoc", "rst": ".rst", "text": ".txt"}
CASES = [(syntax, path, case) for syntax in SUFFIXES
         for path in sorted((FIXTURES / "cases" / "spec" / syntax).glob("*.txt")) for case in read_cases(path)]


@pytest.mark.parametrize(("syntax", "path", "case"), CASES,
                         ids=[f"{s}-{p.stem}-{c.id}" for s, p, c in CASES])
def test_spec_case(syntax: str, path: Path, case, tmp_path: Path) -> None:
    page = tmp_path / f"page{SUFFIXES[syntax]}"
    page.write_text(case.source, encoding="utf-8")
    text, extraction = extract_spec([page], ExtractOptions(input_format=syntax))
    spec = yaml.safe_load(text)
    assert list(iter_spec_errors(spec, "spec")) == []
    assert spec["paths"], "the case documents no operation"
    for source in _sources(spec):
        assert source["file"] == page.name  # relative to the inputs' common parent
    problems = "\n".join(d.format() for d in extraction.diagnostics)
    assert summarize_spec(spec, extraction.diagnostics.sorted()) == case.expected, problems


def _sources(node):
    if isinstance(node, dict):
        if isinstance(node.get("x-source"), dict):
            yield node["x-source"]
        for value in node.values():
            yield from _sources(value)
    elif isinstance(node, list):
        for value in node:
            yield from _sources(value)
