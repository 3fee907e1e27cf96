"""doccontract test against real reference servers on 127.0.0.1: the faithful ones pass, every mutant
is caught — by the check that should catch it — and the reports are valid and credential-free."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT

from fixtures.servers.base import Server
from fixtures.servers.dataarts import MUTANTS as DATAARTS_MUTANTS
from fixtures.servers.dataarts import DataArtsApp
from fixtures.servers.elastic import MUTANTS as ELASTIC_MUTANTS
from fixtures.servers.elastic import ElasticApp
from validator.cli import main
from validator.contract import ContractOptions, run_contract
from validator.report.contract import contract_report

ES_SPEC = yaml.safe_load((ROOT / "specs" / "elasticsearch-ml.yaml").read_text())
DA_SPEC = yaml.safe_load((ROOT / "specs" / "dataarts-studio.yaml").read_text())
ADMIN, VIEWER = ("elastic", "changeme"), ("viewer", "viewer")

# mutant → (operation whose contract it breaks, the check that must catch it)
CAUGHT_BY = {
    ("es", "wrong-type"): ("POST /_ml/data_frame/analytics/{data_frame_analytics_id}/_start",
                           "response_schema_conformance"),
    ("es", "missing-field"): ("POST /_ml/data_frame/analytics/{data_frame_analytics_id}/_start",
                              "doc_examples"),
    ("es", "no-privilege-check"): ("PUT /_ml/anomaly_detectors/{job_id}", "privileges"),
    ("es", "no-auth-check"): ("PUT /_ml/anomaly_detectors/{job_id}", "privileges"),
    ("es", "pattern-accepted"): ("PUT /_ml/anomaly_detectors/{job_id}", "doc_constraints"),
    ("es", "wrong-content-type"): ("POST /_ml/data_frame/analytics/{data_frame_analytics_id}/_start",
                                   "content_type_conformance"),
    ("es", "default-not-applied"): ("PUT /_ml/anomaly_detectors/{job_id}", "doc_examples"),
    ("es", "lifecycle-not-repeatable"): ("POST /_ml/data_frame/analytics/{data_frame_analytics_id}/_start",
                                         "lifecycle"),
    ("da", "length-accepted"): ("POST /v1/{project_id}/jobs/{name}/start", "doc_constraints"),
    ("da", "server-error-on-bad-input"): ("POST /v1/{project_id}/jobs/{name}/start", "not_a_server_error"),
    ("da", "wrong-error-shape"): ("POST /v1/{project_id}/jobs/{name}/start", "doc_constraints"),
}


def run(kind: str, mutant: str = ""):
    app, spec = (ElasticApp(mutant), ES_SPEC) if kind == "es" else (DataArtsApp(mutant), DA_SPEC)
    auth = dict(auth=ADMIN, unprivileged_auth=VIEWER) if kind == "es" else {}
    with Server(app) as server:
        return run_contract(spec, ContractOptions(server.url, max_examples=10, seed=1, **auth))


def test_every_mutant_has_an_expectation() -> None:
    assert {m for k, m in CAUGHT_BY if k == "es"} == set(ELASTIC_MUTANTS)
    assert {m for k, m in CAUGHT_BY if k == "da"} == set(DATAARTS_MUTANTS)
    assert len(CAUGHT_BY) >= 11


@pytest.mark.parametrize("kind", ["es", "da"])
def test_faithful_servers_pass(kind: str) -> None:
    result = run(kind)
    failures = [(op.label, c.name, c.findings[0].message) for op in result.operations
                for c in op.checks.values() if c.findings and c.status == "failed"]
    assert contract_report(result).exit_code == 0, failures
    assert all(op.status == "passed" for op in result.operations)


@pytest.mark.slow  # the mutation runs: the floors run keeps the faithful ones
@pytest.mark.parametrize(("kind", "mutant"), sorted(CAUGHT_BY), ids=[f"{k}-{m}" for k, m in sorted(CAUGHT_BY)])
def test_mutant_is_caught_by_the_right_check(kind: str, mutant: str) -> None:
    result = run(kind, mutant)
    label, check = CAUGHT_BY[(kind, mutant)]
    operation = next(op for op in result.operations if op.label == label)
    assert contract_report(result).exit_code == 1
    assert operation.checks[check].status == "failed", {n: c.status for n, c in operation.checks.items()}
    assert operation.checks[check].findings[0].source  # points at the documented statement
    assert operation.checks[check].findings[0].verdict == "server-deviation"


def test_unreachable_server_exits_3() -> None:
    with Server(ElasticApp()) as server:
        url = server.url
    assert main(["test", str(ROOT / "specs/elasticsearch-ml.yaml"), "--base-url", url]) == 3


def test_nothing_exercised_exits_4() -> None:
    with Server(ElasticApp()) as server:
        code = main(["test", str(ROOT / "specs/elasticsearch-ml.yaml"), "--base-url", server.url,
                     "--max-examples", "3"])  # no credentials: every request is refused
    assert code == 4


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    spec = str(ROOT / "specs/elasticsearch-ml.yaml")
    assert main(["test", spec, "--base-url", "http://127.0.0.1:9", "--auth", "no-colon"]) == 2
    assert main(["test", spec, "--base-url", "http://127.0.0.1:9", "--operation", "NOTHING-MATCHES"]) == 2
    (tmp_path / "bad.yaml").write_text("openapi: 3.1.0\npaths: 7\n")
    assert main(["test", str(tmp_path / "bad.yaml"), "--base-url", "http://127.0.0.1:9"]) == 2


def test_reports_are_valid_and_free_of_credentials(tmp_path: Path) -> None:
    with Server(ElasticApp("no-privilege-check")) as server:
        code = main(["test", str(ROOT / "specs/elasticsearch-ml.yaml"), "--base-url", server.url,
                     "--auth", "elastic:changeme", "--unprivileged-auth", "viewer:viewer", "--max-examples", "5",
                     "--report-dir", str(tmp_path), "--junit", str(tmp_path / "extra-junit.xml")])
    assert code == 1
    report = json.loads((tmp_path / "report.json").read_text())
    jsonschema.validate(report, json.loads((ROOT / "validator/report/report.schema.json").read_text()))
    failed = [op for op in report["operations"] if op["status"] == "failed"]
    assert failed and all(op["checks"] for op in failed)
    failure = next(f for f in report["findings"] if f["code"] == "contract.privileges")
    assert failure["request"].startswith("curl ") and failure["file"].startswith("fixtures/seeds/")
    for path in tmp_path.iterdir():
        text = path.read_text()
        assert "changeme" not in text and "ZWxhc3RpYzpjaGFuZ2VtZQ" not in text and "dmlld2VyOnZpZXdlcg" not in text
    html = (tmp_path / "report.html").read_text()
    assert "<script" not in html and "http://" not in html.replace(server.url, "").split("<body>")[0]
    assert "failed" in (tmp_path / "report.md").read_text()
    assert "<failure" in (tmp_path / "junit.xml").read_text()
