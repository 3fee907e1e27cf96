"""Each crash class the fuzzer found outside the readers has a minimal page in fixtures/bad/fuzz/: it
extracts, writes a valid spec and lints without an exception, with a diagnostic where the page is at
fault, and the rest of the page is still processed."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import FIXTURES

from fixtures.fuzzing import check_page
from validator.config import Config
from validator.extract.examples import json_depth
from validator.extract.urls import to_template
from validator.lint import lint
from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths

FOUND = FIXTURES / "bad" / "fuzz"
PAGES = sorted(p for p in FOUND.iterdir() if p.is_file())


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_fuzz_finding_extracts_and_lints(path: Path) -> None:
    assert check_page(path, ExtractOptions()) == []


@pytest.mark.parametrize("depth", [200, 1000])
def test_deeply_nested_json_example_is_a_diagnostic_at_its_line(depth: int) -> None:
    """200 deep broke the YAML writer and the lint's validator, 1,000 deep the JSON decoder."""
    extraction = extract_paths([FOUND / f"deep-json-example-{depth}.asciidoc"], ExtractOptions())
    deep = [d for d in extraction.diagnostics if d.code == "read.too-deep"]
    assert [(d.location.line, d.found) for d in deep] == [(23, f"{depth} levels")]
    (operation,) = extraction.operations
    assert operation.key == ("/_things/{id}", "get") and [p.name for p in operation.parameters] == ["id"]
    assert not any(e.has_body for e in operation.examples)


def test_response_table_without_rows_keeps_the_operation() -> None:
    extraction = extract_paths([FOUND / "empty-response-table.rst"], ExtractOptions())
    (operation,) = extraction.operations
    assert operation.key == ("/v3/gizmos/{gizmo_id}", "get")
    assert [p.name for p in operation.parameters] == ["gizmo_id"]
    assert [(r.status, r.schema) for r in operation.responses] == [("200", None)]


def test_json_depth_counts_brackets_outside_strings() -> None:
    assert json_depth('{"a": [1, {"b": "[[[{{"}], "c\\"[": 2}') == 3
    assert json_depth("[" * 5000) == 5000
    assert json_depth("plain text") == 0


def test_lint_says_when_openapi_core_rejects_the_spec() -> None:
    """openapi-core raised ValueError on a path key with an unbalanced brace (`.. http:put:: /widgets/{w`);
    lint reports that the examples were not checked and runs its other rules."""
    extraction = extract_paths([FIXTURES / "cases" / "lint" / "defects.asciidoc"], ExtractOptions())
    spec = build_spec(extraction.operations)
    spec["paths"] = {path + "/{w": item for path, item in spec["paths"].items()}
    findings = lint(extraction, spec, Config())
    rejected = [d for d in findings if d.code == "validate.spec"]
    assert [(d.location, d.found) for d in rejected] == [(extraction.operations[0].location, "ValueError")]
    assert "expected '}' before end of string" in rejected[0].message
    assert {"lint.wrong-heading", "lint.undocumented-placeholder"} <= {d.code for d in findings}


def test_stray_braces_in_a_url_are_kept_literally() -> None:
    """A truncated '/v1/{proje' gave a path key openapi-spec-validator cannot parse (ValueError)."""
    extraction = extract_paths([FOUND / "unbalanced-brace-path.rst"], ExtractOptions())
    assert sorted(op.key for op in extraction.operations) == [("/widgets", "post"), ("/widgets/%7Bw", "put")]
    assert to_template("/v1/{proje") == "/v1/%7Bproje"
    assert to_template("/a}/{id}/x{y}z{") == "/a%7D/{id}/x{y}z%7B"


def _example(text: str) -> tuple:
    from validator.diagnostics import Diagnostics
    from validator.extract.examples import parse_example
    from validator.model import Location

    diagnostics = Diagnostics()
    example = parse_example(text, Location("p.adoc", 10), (), "response", diagnostics)
    return example, [(d.code, d.found) for d in diagnostics]


@pytest.mark.parametrize("depth", [40, 2000])
def test_a_non_json_body_is_kept_as_text_whatever_its_bracket_depth(depth: int) -> None:
    """Only JSON nested past MAX_DEPTH is refused; a text body with deep brackets was dropped."""
    body = "[" * depth + "not json" + "]" * depth
    example, found = _example(f"HTTP/1.1 200 OK\nContent-Type: text/plain\n\n{body}")
    assert example.body == body and example.status == "200" and found == []
    example, found = _example(f"HTTP/1.1 200 OK\n\n{body}")  # no Content-Type, not JSON: as if shallow
    assert ("read.too-deep", f"{depth} levels") not in found
    assert found == [("extract.bad-example", body[:60])]


@pytest.mark.parametrize("content_type", ["", "Content-Type: application/json\n", "Content-Type: x/y+json\n"])
def test_a_json_body_too_deep_is_refused(content_type: str) -> None:
    body = '{"a": ' * 40 + '[1, "x]]"]' + "}" * 40
    example, found = _example(f"HTTP/1.1 200 OK\n{content_type}\n{body}")
    assert example.body is None and example.status == "200"
    assert found == [("read.too-deep", "41 levels")]


def test_callouts_are_found_in_linear_time() -> None:
    """A code line indented 2,000 deep took the callout regex ~14 ms (8,000: ~4 s): it searched from every
    position of the indentation; an example with hundreds of such lines took 12 s."""
    import time

    from validator.extract.examples import strip_callouts

    text = (FOUND / "long-indent-example.asciidoc").read_text(encoding="utf-8")
    started = time.process_time()
    stripped, marks = strip_callouts(text)
    assert time.process_time() - started < 0.5
    assert [stripped.split("\n")[i].strip() for i, _ in marks] == ['"name": "g1",'] and marks[0][1] == "1"
    extraction = extract_paths([FOUND / "long-indent-example.asciidoc"], ExtractOptions())
    (operation,) = extraction.operations
    (example,) = [e for e in operation.examples if e.has_body]
    assert example.body == {"name": "g1", "size": 3} and [c[:2] for c in example.callouts] == [("1", "/name")]


def test_a_long_include_path_is_resolved_in_linear_time() -> None:
    """Each of its tails was tried under every --include-path (3,000 components: 3,000 paths of up to 3,000
    components, ~0.4 s per include line); now only tails of at most 32 components."""
    import time

    started = time.process_time()
    extraction = extract_paths([FOUND / "long-include-path.asciidoc"], ExtractOptions(include_paths=(FOUND,)))
    assert time.process_time() - started < 2
    assert [op.key for op in extraction.operations] == [("/_sprockets/{id}", "get")]
    unresolved = [d.location.line for d in extraction.diagnostics if d.code == "read.unresolved-include"]
    assert unresolved == list(range(12, 32, 2))


def test_a_value_list_without_the_stated_default_is_not_the_enum() -> None:
    """Two table rows merged by a lost separator: the first bullet list became the enum and the default,
    from the second, was outside it, an invalid spec ('SERVICE' is not one of [...])."""
    extraction = extract_paths([FOUND / "default-in-second-list.rst"], ExtractOptions())
    (operation,) = extraction.operations
    (restart,) = operation.body.properties
    (merged,) = restart.schema.properties
    assert (merged.name, merged.schema.enum, merged.schema.default) == ("restartMode", ("SERVICE", "VM"), "SERVICE")


def test_includes_add_at_most_the_included_lines_bound() -> None:
    """Duplicated include lines of an index page expanded to ~65,000 lines of API pages, over 5 s (the
    corpora's largest page adds 5,407); past MAX_INCLUDED_LINES an include is a diagnostic at its line."""
    from validator.readers.limits import MAX_INCLUDED_LINES

    extraction = extract_paths([FOUND / "include-fan-out.asciidoc"], ExtractOptions())
    limited = [d for d in extraction.diagnostics if d.code == "read.expansion-limit"]
    assert [(d.location.line, d.message.split(";")[0]) for d in limited] == \
        [(52, f"includes add more than {MAX_INCLUDED_LINES} lines")]
    (operation,) = extraction.operations
    assert operation.key == ("/_widgets/{id}", "get") and len(operation.parameters) == 501


def test_a_default_its_own_pattern_or_bounds_refuse_is_not_written() -> None:
    """Fuzz class: lines deleted from a page joined two parameters' prose ('can contain lowercase … Defaults
    to 20 seconds.'), so the spec carried a default its own pattern refuses — an invalid spec."""
    from validator.model import Schema
    from validator.openapi import _Writer

    refused = Schema(type="string", pattern="^[a-z0-9]+$", default="20 seconds", has_default=True)
    assert not refused.default_fits() and Schema(type="integer", maximum=10, default=11, has_default=True) \
        .default_fits() is False
    assert Schema(type="string", pattern="^[a-z]+$", default="abc", has_default=True).default_fits()
    written = _Writer("").schema(refused)
    assert "default" not in written and written["pattern"] == "^[a-z0-9]+$"


def test_a_stripped_placeholder_never_takes_a_name_the_path_has() -> None:
    """Fuzz class: '/gadget//{gadget_id}' (an empty segment beside a named one) had its stripped placeholder
    named gadget_id too, and the spec named one parameter twice (invalid OpenAPI)."""
    extraction = extract_paths([FOUND / "stripped-beside-named.rst"], ExtractOptions())
    (operation,) = extraction.operations
    assert operation.path == "/v1/{project_id}/gadget/{gadget_id_2}/{gadget_id}"
    assert sorted(p.name for p in operation.parameters if p.where == "path") == \
        ["gadget_id", "gadget_id_2", "project_id"]


def test_parameters_carry_one_type_and_lint_survives_openapi_core_failures() -> None:
    """Fuzz class: body members shuffled under 'Query parameters' gave a query parameter typed
    ['integer', 'null'] ('or null'); openapi-core's parameter deserializer raised TypeError on the list and
    lint crashed. A URL value carries no null and one type; a failure of openapi-core on one example is
    one lint.example-not-checked, and the lint goes on."""
    from validator.lint.examples import iter_example_findings
    from validator.model import Example, Operation, Parameter, Response, Schema

    nullable = Parameter("days", "query", False, Schema(type="integer|null"), None)
    dated = Parameter("since", "query", False, Schema(type="string|integer"), None)
    op = Operation("post", "/jobs/{id}/_update", parameters=(Parameter("id", "path", True, Schema(type="string")),
                                                              nullable, dated), body=Schema(type="object"),
                   responses=(Response("200", "Updated"),),
                   examples=(Example("request", "post", "/jobs/j1/_update?days=3", body={}, has_body=True),))
    spec = build_spec((op,))
    params = spec["paths"]["/jobs/{id}/_update"]["post"]["parameters"]
    assert [(p["name"], p["schema"].get("type")) for p in params] == [("id", "string"), ("days", "integer"),
                                                                        ("since", None)]
    broken = copy.deepcopy(spec)
    broken["paths"]["/jobs/{id}/_update"]["post"]["parameters"][1]["schema"]["type"] = ["integer", "null"]
    (finding,) = iter_example_findings((op,), broken)
    assert finding.code == "lint.example-not-checked" and "TypeError" in finding.message


def test_a_default_of_another_type_than_its_schema_is_not_written() -> None:
    """Fuzz class: a NUL and duplicated lines left 'offset' typed String with 'The default value is **0**':
    default 0 on a string schema, which openapi-spec-validator refuses (an invalid spec)."""
    from validator.model import Schema
    from validator.openapi import _Writer

    assert Schema(type="string", default=0, has_default=True).default_fits() is False
    assert Schema(type="integer", default=1.0, has_default=True).default_fits()
    assert Schema(type="string|integer", default=3, has_default=True).default_fits()
    assert "default" not in _Writer("").schema(Schema(type="string", default=0, has_default=True, minimum=0))


def test_a_stripped_placeholder_inside_a_segment_is_named() -> None:
    """Fuzz class: '/_broken/<a/<>>/_x' left a segment '{}>' (a stripped '<>' and a stray '>'): its path
    parameter had an empty name (an invalid spec). Every '{}', whole segment or not, gets a name."""
    from validator.diagnostics import Diagnostics
    from validator.extract.placeholders import name_stripped_placeholders
    from validator.model import Operation, Parameter, Schema

    op = Operation("post", "/_broken/<a/{}>/_x", parameters=(Parameter("", "path", True, Schema(type="string")),))
    (named,) = name_stripped_placeholders([op], Diagnostics())
    assert named.path == "/_broken/<a/{_a_id}>/_x" and [p.name for p in named.parameters] == ["_a_id"]
