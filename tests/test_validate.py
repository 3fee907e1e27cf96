"""doccontract validate: specs against OpenAPI with doc-line locations; traffic against specs."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from conftest import FIXTURES, ROOT

from validator.cli import main
from validator.specvalidate import iter_spec_errors
from validator.traffic import read_exchanges, validate_traffic

SPEC = ROOT / "specs" / "dataarts-studio.yaml"
OP = "/v1/{project_id}/jobs/{name}/start"


def test_golden_specs_are_valid() -> None:
    for spec in (ROOT / "specs").glob("*.yaml"):
        assert list(iter_spec_errors(yaml.safe_load(spec.read_text()), spec.name)) == []


def test_spec_errors_point_at_the_doc_line() -> None:
    spec = yaml.safe_load(SPEC.read_text())
    spec["paths"][OP]["post"]["parameters"][2]["in"] = "body"
    del spec["paths"][OP]["post"]["responses"]["204"]["description"]
    found = sorted((d.location.line, d.code) for d in iter_spec_errors(spec, "spec.yaml"))
    # the header table row (line 40) and the "HTTP status code 204" line (82) of the seed page
    assert found == [(40, "validate.spec"), (82, "validate.spec")]


def test_recorded_traffic_validates_clean() -> None:
    exchanges, problems = read_exchanges(FIXTURES / "traffic" / "dataarts-start.jsonl", "t.jsonl")
    result = validate_traffic(yaml.safe_load(SPEC.read_text()), exchanges, "spec.yaml")
    assert problems == [] and result.diagnostics == []
    assert result.per_operation == {f"POST {OP}": {"exchanges": 2, "violations": 0}}


def test_tampered_traffic_is_flagged_at_the_json_path() -> None:
    exchanges, problems = read_exchanges(FIXTURES / "traffic" / "dataarts-start-tampered.jsonl", "t.jsonl")
    spec = yaml.safe_load(SPEC.read_text())
    failure = spec["paths"]["/v1/{project_id}/jobs/{name}/start"]["post"]["responses"]["400"]
    failure["content"]["application/json"]["schema"]["required"] = ["error_code", "error_msg"]  # as if stated
    result = validate_traffic(spec, exchanges, "spec.yaml")
    found = [(d.code, d.location.line) for d in result.diagnostics]
    messages = " | ".join(d.message for d in result.diagnostics)
    assert ("validate.request", 59) in found and "body at /jobParams/0/name: 7 is not of type 'string'" in messages
    assert ("validate.response", 86) in found and "/error_code" in messages  # wrong type
    assert "'error_msg' is a required property" in messages  # missing field
    assert "response 418: the status is not documented" in messages
    assert ("validate.no-operation", 1) in found
    assert [p.location.line for p in problems] == [5]


def test_har_traffic(tmp_path: Path) -> None:
    har = {"log": {"version": "1.2", "entries": [{
        "request": {"method": "POST", "url": "http://127.0.0.1:1/v1/p/jobs/j/start",
                    "headers": [{"name": "Content-Type", "value": "application/json"}],
                    "postData": {"mimeType": "application/json", "text": json.dumps({"jobParams": [{"name": "x" * 65,
                                                                                                    "value": "v"}]})}},
        "response": {"status": 204, "headers": [], "content": {"size": 0, "text": ""}}}]}}
    path = tmp_path / "t.har"
    path.write_text(json.dumps(har))
    assert main(["validate", str(SPEC), "--traffic", str(path), "--format", "json",
                 "--output", str(tmp_path / "out.json")]) == 1
    out = json.loads((tmp_path / "out.json").read_text())
    assert [(f["code"], f["line"]) for f in out["findings"]] == [("validate.request", 59)]
    assert "too long" in out["findings"][0]["message"]


def test_traffic_recorded_from_the_reference_servers_validates_clean(tmp_path: Path) -> None:
    import requests

    from fixtures.servers.base import Server
    from fixtures.servers.elastic import ElasticApp

    spec = yaml.safe_load((ROOT / "specs" / "elasticsearch-ml.yaml").read_text())
    records = []
    with Server(ElasticApp()) as server:
        session = requests.Session()
        session.auth = ("elastic", "changeme")
        calls = [("PUT", "/_ml/anomaly_detectors/total-requests",
                  {"description": "d", "data_description": {"time_field": "timestamp"},
                   "analysis_config": {"bucket_span": "10m", "detectors": [{"function": "sum", "field_name": "x"}]}}),
                 ("POST", "/_ml/data_frame/analytics/loganalytics/_start?timeout=20s", None),
                 ("POST", "/_ml/data_frame/analytics/loganalytics/_stop?force=true", None),
                 ("POST", "/_ml/data_frame/analytics/loganalytics/_start", None)]
        for method, path, body in calls:
            response = session.request(method, server.url + path, json=body)
            records.append({"request": {"method": method, "url": server.url + path,
                                        "headers": {"Content-Type": "application/json"} if body else {},
                                        "body": body},
                            "response": {"status": response.status_code, "headers": dict(response.headers),
                                         "body": response.json()}})
    traffic = tmp_path / "recorded.jsonl"
    traffic.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    exchanges, problems = read_exchanges(traffic, "recorded.jsonl")
    result = validate_traffic(spec, exchanges, "spec.yaml")
    assert problems == [] and result.diagnostics == [], [d.format() for d in result.diagnostics]
    assert sum(stats["exchanges"] for stats in result.per_operation.values()) == 4
