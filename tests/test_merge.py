"""Several sources of one operation merge field by field; disagreements name both places."""

from __future__ import annotations

from pathlib import Path

from validator.pipeline import ExtractOptions, extract_paths

PAGE = """=== Start engines API

==== {{api-request-title}}

`POST _engines/<engine_id>/_start`

==== {{api-query-parms-title}}

`timeout`::
(Optional, {timeout_type}) How long to wait. Defaults to {default}.

`dry_run`::
(Optional, boolean) Only check.
"""


def write(tmp_path: Path, name: str, **values) -> Path:
    path = tmp_path / name
    path.write_text(PAGE.format(**values), encoding="utf-8")
    return path


def test_sources_that_agree_merge_silently(tmp_path: Path) -> None:
    a = write(tmp_path, "a.asciidoc", timeout_type="time units", default="30s")
    b = write(tmp_path, "b.asciidoc", timeout_type="time units", default="30s")
    extraction = extract_paths([a, b], ExtractOptions())
    assert len(extraction.operations) == 1
    assert [d for d in extraction.diagnostics if d.code == "merge.conflict"] == []
    assert len(extraction.operations[0].sources) == 2


def test_disagreements_are_conflicts_naming_both_locations(tmp_path: Path) -> None:
    a = write(tmp_path, "a.asciidoc", timeout_type="time units", default="30s")
    b = write(tmp_path, "b.asciidoc", timeout_type="integer", default="30")
    extraction = extract_paths([a, b], ExtractOptions())
    conflicts = [d for d in extraction.diagnostics if d.code == "merge.conflict"]
    aspects = sorted(d.message.split("disagree on ")[1].split(";")[0] for d in conflicts)
    assert aspects == ["default", "description", "type"]
    for conflict in conflicts:
        assert conflict.location.path.endswith("b.asciidoc") and conflict.location.line == 9
        assert [r.path.split("/")[-1] for r in conflict.related] == ["a.asciidoc"]
    # the first source wins
    timeout = extraction.operations[0].parameter("timeout", "query")
    assert timeout.schema.type == "string" and timeout.schema.default == "30s"


TEMPLATE_ONLY = """=== Get gadget API

==== {api-request-title}

`GET /v1/gadgets/<gadget_id>`

==== {api-query-parms-title}

`verbose`::
(Optional, boolean) Say more.
"""

DOCUMENTED = """=== Get gadget API

==== {api-request-title}

`GET /v1/gadgets/<gadget_id>`

==== {api-path-parms-title}

`gadget_id`::
(Required, integer) The gadget's number.
"""

OTHER_NAME_FORM = """Get gadget
==========

Request
-------

GET /v1/gadgets/{gadget_id}

Path parameters
---------------

.. list-table::
   :header-rows: 1

   * - Name
     - Type
     - Description
   * - gadgetId
     - integer
     - The gadget's number.
"""


def _gadget_id(tmp_path: Path, pages: dict[str, str]):
    paths = []
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    extraction = extract_paths(paths, ExtractOptions())
    assert len(extraction.operations) == 1
    assert [d for d in extraction.diagnostics if d.code == "merge.conflict"] == []
    return extraction.operations[0]


def test_a_placeholder_only_one_source_names_takes_the_documented_schema(tmp_path: Path) -> None:
    for order in (("a.asciidoc", "b.asciidoc"), ("b.asciidoc", "a.asciidoc")):  # either source first
        pages = dict(zip(order, (TEMPLATE_ONLY, DOCUMENTED), strict=True))
        op = _gadget_id(tmp_path, pages)
        param = op.parameter("gadget_id", "path")
        assert param.schema.type == "integer" and param.description == "The gadget's number."
        assert not param.template_only and op.parameter("verbose", "query") is not None


def test_a_table_naming_the_placeholder_in_another_form_documents_it(tmp_path: Path) -> None:
    op = _gadget_id(tmp_path, {"a.asciidoc": TEMPLATE_ONLY, "b.rst": OTHER_NAME_FORM})
    assert [(p.where, p.name) for p in op.parameters] == [("path", "gadget_id"), ("query", "verbose")]
    param = op.parameter("gadget_id", "path")
    assert param.schema.type == "integer" and param.description == "The gadget's number."
    assert param.location.path.endswith("b.rst") and param.location.line == 18
