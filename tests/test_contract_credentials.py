"""Which credentials a request carries: credentials given as a --header (Authorization, X-Auth-Token, an
API key) are the run's identity like --auth, so the requests "without credentials" of the privileges check
leave them out; and with no credentials at all the privileges check is not exercised, with the reason in
every report format, rather than judged on requests that cannot be told from the run's own."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import yaml
from conftest import ROOT

from fixtures.servers.base import Server
from fixtures.servers.elastic import ElasticApp
from validator.cli import main
from validator.contract import ContractOptions, run_contract
from validator.contract.identity import NO_CREDENTIALS, split_credentials
from validator.report.contract import contract_report

SPEC_PATH = ROOT / "specs" / "elasticsearch-ml.yaml"
SPEC = yaml.safe_load(SPEC_PATH.read_text())
BASIC = "Basic " + base64.b64encode(b"elastic:changeme").decode()


def test_credential_headers_are_told_from_the_others() -> None:
    headers = {"Authorization": "a", "X-Auth-Token": "b", "X-API-Key": "c", "Private-Token": "d", "Cookie": "e",
               "X-Language": "en-us", "X-Project-Id": "p", "Accept-Language": "de"}
    credentials, others = split_credentials(headers)
    assert set(credentials) == {"Authorization", "X-Auth-Token", "X-API-Key", "Private-Token", "Cookie"}
    assert others == {"X-Language": "en-us", "X-Project-Id": "p", "Accept-Language": "de"}


def test_credentials_given_as_a_header_are_left_out_without_credentials() -> None:
    """The faithful server refuses requests without credentials: with the identity given as a header the
    privileges check passes (sending that header "without credentials" would make a false alarm)."""
    with Server(ElasticApp()) as server:
        result = run_contract(SPEC, ContractOptions(server.url, headers={"Authorization": BASIC}, max_examples=5,
                                                    seed=1))
    assert contract_report(result).exit_code == 0
    privileged = [op.checks["privileges"] for op in result.operations if "privileges" in op.checks]
    assert privileged and all(c.status in ("passed", "not_applicable") for c in privileged)
    assert any(c.status == "passed" for c in privileged)


def test_a_server_serving_anyone_is_caught_with_the_identity_in_a_header() -> None:
    with Server(ElasticApp("no-auth-check")) as server:
        result = run_contract(SPEC, ContractOptions(server.url, headers={"Authorization": BASIC}, max_examples=5,
                                                    seed=1))
    failed = [f.message for op in result.operations for f in op.checks["privileges"].findings]
    assert failed and all(m.startswith("without credentials the server answered 2") for m in failed)


def test_without_any_credentials_privileges_are_not_exercised_with_the_reason(tmp_path: Path) -> None:
    with Server(ElasticApp("no-auth-check")) as server:
        code = main(["test", str(SPEC_PATH), "--base-url", server.url, "--max-examples", "3",
                     "--report-dir", str(tmp_path)])
    report = json.loads((tmp_path / "report.json").read_text())
    checks = [c for op in report["operations"] for c in op["checks"] if c["name"] == "privileges"]
    stated = [c for c in checks if c["status"] != "not_applicable"]
    assert stated and all((c["status"], c["reason"]) == ("not_exercised", NO_CREDENTIALS) for c in stated)
    assert not any(f["code"] == "contract.privileges" for f in report["findings"]) and code == 0
    assert "privileges not exercised: no credentials were given" in (tmp_path / "report.txt").read_text()
    assert "### Not exercised" in (tmp_path / "report.md").read_text()
    assert "<h2>Not exercised</h2>" in (tmp_path / "report.html").read_text()
    assert 'message="not exercised: no credentials were given' in (tmp_path / "junit.xml").read_text()
