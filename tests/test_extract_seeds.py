"""The seeds extract to what their pages state (checked against the pages by hand)."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths

ES = ["000_dfb95d691bb6c584.txt", "001_9028318b457f8488.txt", "003_ece5b97705dc1b34.txt",
      "004_6592c7f47cb18f43.txt"]
START = "/_ml/data_frame/analytics/{data_frame_analytics_id}/_start"
STOP = "/_ml/data_frame/analytics/{data_frame_analytics_id}/_stop"
ID_PATTERN = "^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$"


@pytest.fixture(scope="module")
def es():
    extraction = extract_paths([SEEDS / name for name in ES], ExtractOptions())
    return build_spec(extraction.operations), extraction.diagnostics


def params(op):
    return {(p["in"], p["name"]): p for p in op.get("parameters", [])}


def test_start_operation_from_squashed_and_rendered_pages(es):
    spec, _ = es
    op = spec["paths"][START]["post"]
    p = params(op)
    assert set(p) == {("path", "data_frame_analytics_id"), ("query", "timeout")}
    assert p[("path", "data_frame_analytics_id")]["schema"]["pattern"] == ID_PATTERN
    assert p[("query", "timeout")]["required"] is False
    assert "pattern" in p[("query", "timeout")]["schema"]  # time units
    body = op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert body["acknowledged"]["type"] == "boolean" and body["node"]["type"] == "string"
    assert "default" in op["responses"]  # "On failure, an exception is returned instead."
    assert op["x-privileges"]["cluster"] == ["manage_ml"]
    assert op["x-privileges"]["index"] == ["read", "view_index_metadata", "create_index", "manage", "index"]
    assert op["x-privileges"]["roles"] == ["machine_learning_admin"]
    # squashed page: line 1, with the column of the request line in the scraped file
    assert op["x-source"]["file"].endswith(ES[0]) and op["x-source"]["line"] == 1
    assert op["x-source"]["column"] > 1
    assert len(op["x-sources"]) == 2


def test_stop_operation_recovers_the_stripped_placeholder(es):
    spec, diagnostics = es
    op = spec["paths"][STOP]["post"]
    p = params(op)
    assert p[("path", "data_frame_analytics_id")]["schema"]["pattern"] == ID_PATTERN
    assert p[("query", "allow_no_match")]["schema"] == {**p[("query", "allow_no_match")]["schema"],
                                                         "type": "boolean", "default": True}
    assert p[("query", "force")]["schema"]["type"] == "boolean"
    assert op["x-privileges"] == {"roles": ["machine_learning_admin"]}
    assert op["x-alternate-paths"] == ["_ml/data_frame/analytics/_all/_stop"]
    response = op["responses"]["200"]
    assert response["x-inferred-from"] == "example"
    assert response["content"]["application/json"]["schema"]["properties"]["stopped"]["type"] == "boolean"
    codes = [d.code for d in diagnostics]
    assert "extract.stripped-placeholder" in codes


def test_lifecycle_links_start_and_stop(es):
    spec, _ = es
    start_links = spec["paths"][START]["post"]["responses"]["200"]["links"]
    stop_links = spec["paths"][STOP]["post"]["responses"]["200"]["links"]
    assert [v["operationId"] for v in start_links.values()] == [spec["paths"][STOP]["post"]["operationId"]]
    assert [v["operationId"] for v in stop_links.values()] == [spec["paths"][START]["post"]["operationId"]]


def test_create_job_body_defaults_and_required(es):
    spec, _ = es
    op = spec["paths"]["/_ml/anomaly_detectors/{job_id}"]["put"]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["data_description"]
    props = schema["properties"]
    assert props["model_snapshot_retention_days"]["default"] == 1
    assert props["results_index_name"]["default"] == "shared"
    assert props["groups"] == {**props["groups"], "type": "array", "items": {"type": "string"}}
    assert props["background_persist_interval"]["type"] == "string"
    assert op["x-privileges"] == {"cluster": ["manage_ml", "manage"]}
    assert op["x-privileges-any-of"] == ["cluster"]
    assert op["responses"]["200"]["x-inferred-from"] == "example"
    assert op["parameters"][0]["x-source"]["line"] == 19


def test_rendered_page_names_are_recovered_and_said(es):
    _, diagnostics = es
    recovered = [d for d in diagnostics if d.code == "extract.recovered-name"]
    assert {d.location.line for d in recovered} == {26, 34, 35}
    unnamed = [d for d in diagnostics if d.code == "extract.unnamed-field"]
    assert [d.location.line for d in unnamed] == [30]  # the rendered timeout: nothing names it
