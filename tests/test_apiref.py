"""os-api-ref documentation (OpenStack's Sphinx extension): a small tree of our own (fixtures/apiref:
index.rst, a page, parameters.yaml, samples) extracted as a directory into a valid spec; the reader's
bounds (an absent, outside or malformed parameters file, an undefined key) as diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES
from openapi_spec_validator import validate

from validator.pipeline import ExtractOptions, extract_paths, extract_spec

TREE = FIXTURES / "apiref"


@pytest.fixture(scope="module")
def spec():
    text, extraction = extract_spec([TREE], ExtractOptions(jobs=1))
    assert [d.format() for d in extraction.diagnostics if d.level.name != "INFO"] == []
    return yaml.safe_load(text)


def test_the_tree_extracts_into_a_valid_spec(spec) -> None:
    validate(spec)
    assert {path: sorted(item) for path, item in spec["paths"].items()} == {
        "/v2/gizmos": ["get", "post"], "/v2/gizmos/{gizmo_id}": ["delete"],
        "/v2/sprockets/{sprocket_id}": ["get"]}  # from sprockets.inc, which index.rst includes
    assert [spec["paths"]["/v2/gizmos"][m]["summary"] for m in ("get", "post")] == ["List Gizmos", "Create Gizmo"]


def test_parameters_come_from_the_yaml_file_where_its_in_says(spec) -> None:
    listing = spec["paths"]["/v2/gizmos"]["get"]
    assert [(p["in"], p["name"], p["required"], p["schema"]) for p in listing["parameters"]] == [
        ("query", "limit", False, {"type": "integer"}),
        ("header", "X-Gizmo-Trace", False, {"type": "string", "x-min-version": "2.4"})]
    assert listing["parameters"][0]["x-source"] == {"file": "gizmos.rst", "line": 25}  # its list item
    delete = spec["paths"]["/v2/gizmos/{gizmo_id}"]["delete"]
    assert [(p["in"], p["name"], p["description"]) for p in delete["parameters"]] == [
        ("path", "gizmo_id", "The identifier of the gizmo.")]


def test_statuses_and_examples(spec) -> None:
    create = spec["paths"]["/v2/gizmos"]["post"]
    assert list(create["responses"]) == ["201", "202", "400", "401", "409"]
    assert create["responses"]["400"]["description"] == "badRequest"
    body = create["requestBody"]["content"]["application/json"]
    assert body["schema"]["required"] == ["gizmo"]
    gizmo = body["schema"]["properties"]["gizmo"]  # name and size nested as the example nests them
    assert list(gizmo["properties"]) == ["name", "size"] and gizmo["required"] == ["name"]
    assert gizmo["properties"]["size"]["x-min-version"] == "2.7"
    assert body["examples"]["example1"]["x-source"] == {"file": "samples/gizmo-create-req.json", "line": 1}
    created = create["responses"]["201"]
    assert created["content"]["application/json"]["examples"]["example1"]["value"]["gizmo"]["size"] == 3
    assert "content" not in create["responses"]["202"]
    assert list(spec["paths"]["/v2/gizmos/{gizmo_id}"]["delete"]["responses"]) == ["204", "404"]


def test_an_operation_alone_in_its_document_is_summarised_by_its_section(tmp_path: Path) -> None:
    page = tmp_path / "page.rst"
    page.write_text("Gizmo API\n=========\n\nShow Gizmo\n----------\n\n.. rest_method:: GET /v2/gizmos/{gizmo_id}\n",
                    encoding="utf-8")
    assert [op.summary for op in extract_paths([page], ExtractOptions(jobs=1)).operations] == ["Show Gizmo"]


def _page(tmp_path: Path, directive: str, parameters: str | None = "") -> list[str]:
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "page.rst"
    page.write_text("Show Gizmo\n==========\n\n.. rest_method:: GET /v2/gizmos/{gizmo_id}\n\n"
                    f"Normal response codes: 200\n\n{directive}\n\n   - gizmo_id: gizmo_id_path\n"
                    "   - limit: no_such_key\n", encoding="utf-8")
    if parameters is not None:
        (tmp_path / "docs" / "parameters.yaml").write_text(parameters, encoding="utf-8")
    extraction = extract_paths([page], ExtractOptions(jobs=1))
    assert [op.path for op in extraction.operations] == ["/v2/gizmos/{gizmo_id}"]
    return [d.format().split(str(tmp_path) + "/")[-1] for d in extraction.diagnostics]


def test_an_absent_parameters_file_is_one_diagnostic_at_the_directive(tmp_path: Path) -> None:
    found = _page(tmp_path, ".. rest_parameters:: parameters.yaml", None)
    assert [line.split(" [")[0] for line in found] == [
        "docs/page.rst:8:1: warning: include target not found: parameters.yaml"]


def test_a_parameters_file_outside_the_roots_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("gizmo_id_path:\n  in: path\n  type: integer\n", encoding="utf-8")
    found = _page(tmp_path, ".. rest_parameters:: ../secret.yaml", None)
    assert len(found) == 1 and "[read.include-outside-root]" in found[0] and found[0].startswith("docs/page.rst:8:")


def test_an_undefined_key_is_one_diagnostic_at_its_list_item(tmp_path: Path) -> None:
    found = _page(tmp_path, ".. rest_parameters:: parameters.yaml",
                  "gizmo_id_path:\n  in: path\n  required: true\n  type: integer\n")
    assert found == ["docs/page.rst:11:1: warning: parameter 'no_such_key' is not defined in parameters.yaml "
                     "[read.unresolved-parameter] (expected an entry 'no_such_key' in the parameters file; found none)"]


@pytest.mark.parametrize(("text", "line"), [
    ("gizmo_id_path:\n  in: path\n  type: [integer\n", 4),  # not YAML
    ("- gizmo_id_path\n", 1),  # not a mapping
    ("a: &a [*a, *a]\nb: {c: d}\n---\nx: y\n", 3),  # two documents
])
def test_a_malformed_parameters_file_is_one_diagnostic_at_its_line(tmp_path: Path, text: str, line: int) -> None:
    found = _page(tmp_path, ".. rest_parameters:: parameters.yaml", text)
    assert len(found) == 1 and found[0].startswith(f"docs/parameters.yaml:{line}:") and "[read.markup]" in found[0]


def test_an_included_inc_part_is_read_once_as_part_of_its_page(spec) -> None:
    show = spec["paths"]["/v2/sprockets/{sprocket_id}"]["get"]
    assert show["summary"] == "Show Sprocket" and show["x-source"] == {"file": "sprockets.inc", "line": 10}
    teeth = show["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["sprocket"]
    assert teeth["properties"]["teeth"]["type"] == "integer"


def test_inc_parts_in_a_directory_walk(tmp_path: Path) -> None:
    """An .inc a page includes is not a page of its own too (its findings once); one no page includes is."""
    (tmp_path / "parameters.yaml").write_text("part_id:\n  in: path\n  required: true\n  type: integer\n",
                                              encoding="utf-8")
    (tmp_path / "index.rst").write_text("Parts\n=====\n\n.. include:: parts.inc\n", encoding="utf-8")
    method = "Show Part\n=========\n\n.. rest_method:: {}\n\n.. rest_parameters:: parameters.yaml\n\n" \
             "   - part_id: part_id\n   - verbose: no_such_key\n"
    (tmp_path / "parts.inc").write_text(method.format("GET /v1/parts/{part_id}"), encoding="utf-8")
    (tmp_path / "orphan.inc").write_text(method.format("DELETE /v1/parts/{part_id}"), encoding="utf-8")
    extraction = extract_paths([tmp_path], ExtractOptions(jobs=1))
    assert [(op.method, op.path, op.location.path.rsplit("/", 1)[-1]) for op in extraction.operations] == [
        ("delete", "/v1/parts/{part_id}", "orphan.inc"), ("get", "/v1/parts/{part_id}", "parts.inc")]
    assert extraction.operations[1].parameters[0].schema.type == "integer"
    unresolved = sorted(f"{d.location.path.rsplit('/', 1)[-1]}:{d.location.line}" for d in extraction.diagnostics
                        if d.code == "read.unresolved-parameter")
    assert unresolved == ["orphan.inc:9", "parts.inc:9"]


def test_an_included_parts_directives_name_files_relative_to_the_page() -> None:
    """Keystone's api-ref: an index page includes a part from a subdirectory whose rest_parameters and
    literalinclude name 'gadgets/parameters.yaml' — relative to the page being built, as Sphinx resolves
    them, not to the part (81 unresolved includes on keystone 30.0.0 before)."""
    extraction = extract_paths([FIXTURES / "apiref-nested"], ExtractOptions())
    assert [d.format() for d in extraction.diagnostics] == []
    (operation,) = extraction.operations
    assert [p.name for p in operation.parameters] == ["gadget_id"]
    assert [(e.role, e.body) for e in operation.examples] == [("response", {"name": "sprocket"})]
