"""A page's work is bounded by what it states, not by how it repeats it: docutils parses at most a budget
of nested blocks (table cells) and of blocks (table rows count), and a page of many request forms builds
each field's schema once. Found by the fuzzer: 1.2–1.5 MB pages of duplicated OTC tables (9,000 cells,
5.5 s CPU) and an 896 kB page of 108 request forms rebuilding 15,700 field schemas for each (5.7 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

import validator.extract.fields as fields
from validator.pipeline import ExtractOptions, extract_paths
from validator.readers.limits import MAX_BLOCKS, MAX_NESTED_PARSES


def grid_table(rows: int, columns: int) -> str:
    """A grid table of a header row and ``rows`` - 1 body rows; the cell of row r reads r."""
    border = "+" + "+".join(["-----"] * columns) + "+"
    header_border = "+" + "+".join(["====="] * columns) + "+"

    def row(number: int) -> str:
        return "|" + "|".join(f" {number:>3} " for _ in range(columns)) + "|"
    lines = [border, row(0), header_border]
    for number in range(1, rows):
        lines += [row(number), border]
    return "\n".join(lines) + "\n"


def page(tmp_path: Path, rows: int, columns: int) -> Path:
    """/first, a table starting at line 5 (row r at line 6 + 2r), /last."""
    path = tmp_path / f"t{rows}x{columns}.rst"
    path.write_text(".. http:get:: /first\n\n   First.\n\n" + grid_table(rows, columns)
                    + "\n.. http:get:: /last\n\n   Last.\n", encoding="utf-8")
    return path


def test_table_cells_past_the_page_budget_are_not_parsed(tmp_path: Path) -> None:
    """Every cell is a nested docutils state machine. Past the page's budget cells are left empty, with one
    read.markup-limit at the first cell not parsed; the operations after the table are still read."""
    columns = 10
    within = extract_paths([page(tmp_path, (MAX_NESTED_PARSES - 2) // columns, columns)], ExtractOptions())
    assert sorted(op.path for op in within.operations) == ["/first", "/last"]
    assert "read.markup-limit" not in {d.code for d in within.diagnostics}
    assert next(op for op in within.operations if op.path == "/last").description == "Last."
    past = extract_paths([page(tmp_path, MAX_NESTED_PARSES // columns + 20, columns)], ExtractOptions())
    assert sorted(op.path for op in past.operations) == ["/first", "/last"]
    first_unparsed_row = (MAX_NESTED_PARSES - 1) // columns  # "First." is the page's first nested parse
    limited = [d for d in past.diagnostics if d.code == "read.markup-limit"]
    assert len(limited) == 1 and limited[0].found == str(first_unparsed_row)
    # the cell's row (docutils before 0.21 counts a cell's lines from the border above it: one line later)
    assert limited[0].location.line in (6 + 2 * first_unparsed_row, 7 + 2 * first_unparsed_row)


@pytest.mark.parametrize(("rows", "read_whole"), [(MAX_BLOCKS - 5, True), (MAX_BLOCKS, False)])
def test_table_rows_count_as_blocks(tmp_path: Path, rows: int, read_whole: bool) -> None:
    """A grid table's border lines count towards the page's block budget (its cells are parsed one by
    one): past it the rest of the page is not read, with one read.markup-limit at the border past it."""
    result = extract_paths([page(tmp_path, rows, 1)], ExtractOptions())
    limited = [d.location.line for d in result.diagnostics if d.code == "read.markup-limit"]
    if read_whole:
        assert sorted(op.path for op in result.operations) == ["/first", "/last"] and limited == []
    else:  # the directive, then the borders at lines 5, 7, 9, …: block n at line 2n + 1
        assert [op.path for op in result.operations] == ["/first"]
        assert limited == [2 * (MAX_BLOCKS + 1) + 1]


def test_each_field_schema_is_built_once_per_page(tmp_path: Path, monkeypatch) -> None:
    """Three request forms share the page's five fields (two nested): five schemas are built, not fifteen."""
    path = tmp_path / "forms.asciidoc"
    path.write_text("""[[get-things]]
= Get things API

[[get-things-request]]
== {api-request-title}

`GET _things/<thing_id>/_stats`

`POST _things/_search`

`PUT _things/<thing_id>/_settings`

[[get-things-request-body]]
== {api-request-body-title}

`size`::
(Optional, integer) How many.

`filter`::
(Optional, object) A filter.
+
.Properties of `filter`
[%collapsible%open]
====
`field`:::
(Required, string) The field.

`value`:::
(Required, string) The value.
====

[[get-things-response-body]]
== {api-response-body-title}

`count`::
(integer) How many there are.
""", encoding="utf-8")
    built = []
    original = fields.field_schema

    def counted(field, *args, **kwargs):
        built.append(field.name)
        return original(field, *args, **kwargs)
    monkeypatch.setattr(fields, "field_schema", counted)
    result = extract_paths([path], ExtractOptions())
    assert len(result.operations) == 3 and all(op.body is not None for op in result.operations)
    assert sorted(built) == ["count", "field", "filter", "size", "value"]
