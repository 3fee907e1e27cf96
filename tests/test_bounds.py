"""Readers are bounded by construction: nesting depth, expansion and time per line have limits that
give diagnostics (read.too-deep, read.expansion-limit), never a RecursionError, a hang or a blow-up."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from validator.diagnostics import Diagnostics
from validator.document import ListBlock, Paragraph, walk
from validator.readers import ReadOptions, asciidoc
from validator.readers.asciidoc.blocks import BLOCK_RULES, Parser
from validator.readers.asciidoc.inline import inline
from validator.readers.limits import MAX_DEPTH
from validator.sourcemap import SourceText

BAD = FIXTURES / "bad"


def read_adoc(text: str, tmp_path: Path) -> tuple:
    path = tmp_path / "page.asciidoc"
    path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    return asciidoc.read(text, path, "page.asciidoc", ReadOptions(roots=(tmp_path,)), diagnostics), diagnostics


def test_block_rules_are_ordered_and_the_paragraph_is_last() -> None:
    names = [rule.name for rule in BLOCK_RULES]
    assert names[-1] == "paragraph" and names.index("heading") < names.index("delimited") < names.index("list")
    lines = list(SourceText.from_text("p", "[[a]]\n== Title\n\ntext\n* item\n").lines)
    flat = Parser(lines, Diagnostics()).blocks(until=None)
    assert flat[0][:3] == ("heading", 2, "Title") and flat[0][4] == "a"
    assert isinstance(flat[1], Paragraph) and isinstance(flat[2], ListBlock)  # a bullet ends the paragraph


@pytest.mark.parametrize("name", ["deep-open-blocks.asciidoc", "deep-example-blocks.asciidoc"])
def test_deep_nesting_is_cut_at_the_limit(name: str) -> None:
    text = (BAD / name).read_text(encoding="utf-8")
    diagnostics = Diagnostics()
    document = asciidoc.read(text, BAD / name, name, ReadOptions(roots=(BAD,)), diagnostics)
    assert [d.code for d in diagnostics] == ["read.too-deep"]
    assert str(MAX_DEPTH) in diagnostics.items[0].message
    depth, blocks = 0, document.blocks[0].blocks if document.blocks else ()
    while blocks and isinstance(blocks[0], ListBlock):
        depth, blocks = depth + 1, blocks[0].items[0].blocks[1:]
    assert depth <= MAX_DEPTH


def test_nesting_within_the_limit_is_read(tmp_path: Path) -> None:
    text = "".join(f"* item {i}\n+\n--\n" for i in range(5)) + "innermost\n" + "--\n" * 5
    document, diagnostics = read_adoc(text, tmp_path)
    assert list(diagnostics) == []
    assert "innermost" in [p.text for p in walk(document.blocks) if isinstance(p, Paragraph)]


LONG_LINES = {
    "token": "-" * 1_000_000 + "[x]",  # a macro target run without / : . (the look-ahead scanned it per start)
    "spaces-in-xref": "<<a," + " " * 1_000_000 + "x",
    "heading": "== a" + " " * 1_000_000 + "x",
    "stars": "*a " * 300_000,
    "links": "a/[ " * 250_000,
    "term": "a" + " " * 1_000_000 + "b::",
}


@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_one_megabyte_lines_read_in_linear_time(name: str, tmp_path: Path) -> None:
    started = time.perf_counter()
    read_adoc(LONG_LINES[name] + "\n", tmp_path)
    assert time.perf_counter() - started < 5


def test_inline_links_and_references_keep_their_labels() -> None:
    assert inline("see <<anchor, the label >>x and link:https://a.b/c[the docs] or {x}/p.html[page]") == \
        "see the label x and the docs or page"
    assert inline("`a.b[c]` x[y] word/x.y[label] foo`bar.baz[q]") == "`a.b[c]` x[y] label foo`bar.baz[q]"
