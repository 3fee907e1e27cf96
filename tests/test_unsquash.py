"""Squashed pages (a web scrape removed the newlines) extract like the clean page they came from."""

from __future__ import annotations

import pytest
from casefile import read_cases, summarize
from conftest import FIXTURES

from validator.diagnostics import Diagnostics
from validator.extract import extract_document
from validator.readers import ReadOptions, asciidoc

# includes resolve next to the case file; a squashed `|===` table has lost the line breaks that delimit its
# rows, which cannot be recovered without a `cols` attribute
CASES = [c for c in read_cases(FIXTURES / "cases" / "asciidoc" / "pages.txt")
         if "include::" not in c.source and "|===" not in c.source]


def squash(text: str, how: str) -> str:
    lines = text.rstrip("\n").split("\n")
    if how == "gutter":  # the line-number gutter of a code viewer, then every newline removed
        return "| " + "".join(str(n) for n in range(1, len(lines) + 1)) + " | " + "".join(lines) + "\n |\n"
    return " ".join(lines) + "\n"  # newlines turned into spaces


def extract(text: str):
    diagnostics = Diagnostics()
    document = asciidoc.read(text, FIXTURES / "page.asciidoc", "page.asciidoc", ReadOptions(), diagnostics)
    return extract_document(document, diagnostics), diagnostics


@pytest.mark.parametrize("how", ["gutter", "spaces"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_squashed_page_extracts_like_the_clean_page(case, how) -> None:
    clean, _ = extract(case.source)
    squashed, diagnostics = extract(squash(case.source, how))
    assert summarize(squashed) == summarize(clean)
    assert "read.recovered" in {d.code for d in diagnostics}
    # every element still points into the squashed file: line 1, with a column
    assert all(op.location.line == 1 and op.location.column > 1 for op in squashed)
