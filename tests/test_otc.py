"""Open Telekom Cloud / Huawei table pages: seed 002 element by element against the page, the table
rules (columns, roles, structures, cross references) on small tables, and hand-checked pages of
../shared/corpus/otc (goldens in tests/goldens/otc.txt)."""

from __future__ import annotations

import pytest
from casefile import read_cases, summarize
from conftest import ROOT, SEEDS, SHARED

from validator.document import Cell, Paragraph, Table
from validator.extract import tables
from validator.extract.constraints import apply_prose
from validator.extract.statuses import statuses_in_prose
from validator.extract.typewords import parse_type
from validator.model import Location, Schema
from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths

SEED = SEEDS / "002_727d8cbb163ba174.txt"
HERE = Location("page.rst", 1)


@pytest.fixture(scope="module")
def seed():
    extraction = extract_paths([SEED], ExtractOptions())
    return extraction, build_spec(extraction.operations)


def test_seed_002_states_exactly_what_the_page_states(seed) -> None:
    extraction, spec = seed
    assert [d for d in extraction.diagnostics if d.level.name != "INFO"] == []
    assert list(spec["paths"]) == ["/v1/{project_id}/jobs/{name}/start"]  # page line 18
    op = spec["paths"]["/v1/{project_id}/jobs/{name}/start"]["post"]
    assert op["x-source"]["line"] == 18 and op["summary"] == "Starting a Job"
    params = [(p["in"], p["name"], p["required"], p["schema"], p["x-source"]["line"]) for p in op["parameters"]]
    assert [p[:4] for p in params] == [
        ("path", "project_id", True, {"type": "string"}),  # Table 1, line 27: Yes, String
        ("path", "name", True, {"type": "string"}),  # Table 1, line 29: Yes, String
        ("header", "workspace", False, {"type": "string"}),  # Table 2, line 40: No, String
    ]
    assert [p[4] for p in params] == [27, 29, 40]
    body = op["requestBody"]
    assert body["required"] is False  # jobParams is "No" (line 51)
    job_params = body["content"]["application/json"]["schema"]["properties"]["jobParams"]
    assert job_params["type"] == "array" and job_params["items"] == {"$ref": "#/components/schemas/JobParam"}
    assert job_params["x-source"]["line"] == 51
    job_param = spec["components"]["schemas"]["JobParam"]  # Table 4
    assert job_param["required"] == ["name", "value"]
    assert {k: (v["type"], v["maxLength"], v["x-source"]["line"]) for k, v in job_param["properties"].items()} == {
        "name": ("string", 64, 59), "value": ("string", 1024, 61)}
    assert set(op["responses"]) == {"204", "400"}  # "HTTP status code 204" (82), "HTTP status code 400" (86)
    assert op["responses"]["204"]["x-source"]["line"] == 82 and "content" not in op["responses"]["204"]
    failure = op["responses"]["400"]
    assert failure["x-inferred-from"] == "example" and failure["x-source"]["line"] == 86
    schema = failure["content"]["application/json"]["schema"]
    assert schema == {"type": "object", "properties": {"error_code": {"type": "string"},
                                                        "error_msg": {"type": "string"}}}  # no member promised
    example = failure["content"]["application/json"]["examples"]["example1"]
    assert example["value"] == {"error_code": "DLF.0100", "error_msg": "The job does not exists."}
    assert example["x-source"]["line"] == 90


def cell(text: str, line: int = 1, links: tuple[str, ...] = ()) -> Cell:
    return Cell((Paragraph(text, Location("page.rst", line)),) if text else (), Location("page.rst", line), links)


def table(header: list[str], rows: list[list[str]], caption: str = "", anchor: str = "",
          links: dict[tuple[int, int], tuple[str, ...]] | None = None) -> Table:
    links = links or {}
    return Table(tuple(cell(h) for h in header),
                 tuple(tuple(cell(text, 10 + r, links.get((r, c), ())) for c, text in enumerate(row))
                       for r, row in enumerate(rows)), HERE, caption, anchor)


@pytest.mark.parametrize(("header", "expected"), [
    (["Parameter", "Mandatory", "Type", "Description"], {"name": 0, "required": 1, "type": 2, "description": 3}),
    (["Description", "Type", "Name", "Required"], {"description": 0, "type": 1, "name": 2, "required": 3}),
    (["Name", "Description"], {"name": 0, "description": 1}),  # no type, no mandatory column
    (["Parameter", "Type", "Example", "Value Range", "Description"], {"name": 0, "type": 1, "description": 4}),
    (["**Parameter**", "Is Mandatory", "Data Type", "Remarks"], {"name": 0, "required": 1, "type": 2,
                                                                  "description": 3}),
    (["Status Code", "Description"], {"status": 0, "description": 1}),
    (["Returned Value", "Description"], {"status": 0, "description": 1}),
    (["Step", "Action"], {}),
])
def test_columns_in_any_order_some_missing_extra_ignored(header, expected) -> None:
    assert tables.columns(table(header, [])) == expected


def test_a_table_without_a_header_row_is_headed_by_its_first_row() -> None:
    headless = Table((), (tuple(cell(t) for t in ("Parameter", "Type")), tuple(cell(t) for t in ("id", "String"))),
                     HERE)
    assert [(f.name, f.type_words) for f in tables.fields(headless)] == [("id", "String")]


@pytest.mark.parametrize(("caption", "section", "names", "expected"), [
    ("**Table 1** Path Parameters", "request", {"project_id"}, "path"),
    ("**Table 2** Query Parameters", "request", set(), "query"),
    ("**Table 3** Request header parameters", "body", set(), "header"),
    ("**Table 9** Response header parameters", "response", set(), "response-header"),
    ("**Table 4** Request body parameters", "body", set(), "body"),
    ("**Table 5** Response body parameters", "response", set(), "response"),
    ("**Table 1** Parameter description", "request", {"project_id", "limit"}, "path"),  # names the URL states
    ("**Table 2** Parameter description", "request", {"project_id"}, "body"),
    ("**Table 6** JobParam data structure description", "body", set(), "structure"),
])
def test_which_table_is_which(caption, section, names, expected) -> None:
    rows = [["project_id", "Yes", "String", "Project ID."], ["limit", "No", "Integer", "Limit."]]
    if expected in ("body", "structure", "response", "response-header", "header", "query"):
        rows = [["name", "Yes", "String", "Name."]]
    found = table(["Parameter", "Mandatory", "Type", "Description"], rows, caption)
    assert tables.role(found, section, names) == expected


def test_cross_references_name_structures_and_keep_same_named_ones_apart() -> None:
    header = ["Parameter", "Type", "Description"]
    request = table(header, [["datastore", "Datastore object", "Store."]], "**Table 1** Request body parameters",
                    links={(0, 1): ("req_datastore",)})
    request_store = table(header, [["type", "String", "Type."]], "**Table 2** Datastore", "req_datastore")
    response = table(header, [["datastore", "Datastore object", "Store."], ["spec", "Object", "See Table 4."]],
                     "**Table 3** Response body parameters", links={(0, 1): ("res_datastore",), (1, 2): ("res_spec",)})
    response_store = table(header, [["type", "String", "Type."], ["size", "Integer", "Size."]],
                           "**Table 4** Datastore", "res_datastore")
    spec = table(header, [["cpu", "Integer", "CPUs."]], "**Table 5** Data structure of the spec field", "res_spec")
    found = [request, request_store, response, response_store, spec]
    names: dict[int, str] = {1: "Datastore", 3: "Datastore"}  # both captions name the type
    linked = tables.follow_links(found, [tables.fields(t) for t in found], names)
    assert names == {1: "Datastore", 3: "Datastore2", 4: "Spec"}
    assert [f.type_words for f in linked[0]] == ["Datastore object"]
    assert [f.type_words for f in linked[2]] == ["Datastore2 object", "Spec"]


def test_a_label_paragraph_captions_the_table_after_it() -> None:
    bare = table(["Parameter", "Type"], [["name", "String"]])
    assert tables.with_lead_caption(bare, Paragraph("Params connection parameters", HERE)).caption == \
        "Params connection parameters"
    for text in ("The following table describes the parameters.", "**Status code: 200**", "POST /v1/x"):
        assert tables.with_lead_caption(bare, Paragraph(text, HERE)).caption == ""


def test_type_words_wrapped_inside_angle_brackets_are_one_word() -> None:
    wrapped = Table(tuple(cell(h) for h in ("Parameter", "Type")),
                    ((cell("params"), Cell((Paragraph("Map<String,Stri", HERE), Paragraph("ng>", HERE)), HERE)),), HERE)
    assert [f.type_words for f in tables.fields(wrapped)] == ["Map<String,String>"]


@pytest.mark.parametrize(("text", "kind", "keyword", "value"), [
    ("The options are as follows:\n- SKIP\n- OVERWRITE", "string", "enum", ("SKIP", "OVERWRITE")),
    ("Job type.\n\n- **REAL_TIME**: real-time processing\n- **BATCH**: batch processing", "string", "enum",
     ("REAL_TIME", "BATCH")),
    ("When **jobType** is **BATCH**, the status is as follows:\n- **SCHEDULING**\n- **PAUSED**", "string", "enum", ()),
    ("The value must be greater than or equal to **0**.", "integer", "minimum", 0),
    ("It cannot exceed 1,024 characters.", "string", "max_length", 1024),
    ("Value range: 1, 2 or 3.", "integer", "maximum", None),
    ("Value range: [1, 100]", "integer", "maximum", 100),
])
def test_prose_rules_for_table_cells(text, kind, keyword, value) -> None:
    assert getattr(apply_prose(Schema(type=kind), text, HERE), keyword) == value


def test_array_of_objects_is_an_array_not_a_structure_name() -> None:
    parsed = parse_type("Array of objects")
    assert parsed.type == "array" and parsed.items.type == "object" and parsed.name is None
    assert parse_type("Array of Tag objects").items.name == "Tag"


def test_a_key_only_query_flag_takes_any_value() -> None:
    """Keystone's api-ref types query flags 'key-only (no value required)' (`?effective`)."""
    for words in ("key-only (no value required)", "key-only, no value expected"):
        assert parse_type(words).type == "string"


@pytest.mark.parametrize(("text", "codes"), [
    ("HTTP status code 204", ["204"]),
    ("Returns 404 Not Found when it is missing, and a 409 Conflict when the name is taken.", ["404", "409"]),
    ("you will get a status-403 http response", ["403"]),
    ("returns 200 items at most", []),
])
def test_status_codes_in_prose(text, codes) -> None:
    assert [code for code, _, _ in statuses_in_prose(text, HERE)] == codes


GOLDENS = read_cases(ROOT / "tests" / "goldens" / "otc.txt")


@pytest.mark.parametrize("case", GOLDENS, ids=[c.id for c in GOLDENS])
def test_hand_checked_corpus_pages(case) -> None:
    page = SHARED / "corpus" / "otc" / case.source.strip()
    if not page.is_file():
        pytest.skip("../shared/corpus/otc is absent")
    extraction = extract_paths([page], ExtractOptions())
    assert summarize(extraction.operations) == case.expected


def test_every_corpus_page_without_unresolved_structures() -> None:
    base = SHARED / "corpus" / "otc"
    if not base.is_dir():
        pytest.skip("../shared/corpus/otc is absent")
    extraction = extract_paths([base], ExtractOptions())
    codes = {d.code for d in extraction.diagnostics}
    assert not codes & {"internal.crash", "extract.unresolved-type", "extract.unknown-type", "read.markup"}
    uri_pages = [p for p in base.rglob("*.rst") if "\nURI\n---" in p.read_text(encoding="utf-8")]
    assert len(extraction.operations) == len(uri_pages) - 2  # start, stop and restart share one action URL
    assert all(op.responses and op.parameters for op in extraction.operations)

