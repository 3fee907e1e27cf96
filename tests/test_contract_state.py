"""doccontract test against the stateful reference server (every resource must be created first) and
against servers that misbehave: the faithful server passes with zero failures, every mutant is caught by
the check and verdict class that should catch it, hostile servers end within their bound with the right
exit code, no request leaves for another host, and no credential reaches a report."""

from __future__ import annotations

import base64
import copy
import json
import socket
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from fixtures.servers.base import App, Response, Server
from fixtures.servers.state import ADMIN, MUTANTS, VIEWER, StateApp
from validator.cli import main
from validator.contract import ContractOptions, run_contract
from validator.contract.http import Call, Client, OffHost
from validator.contract.outcome import DOC_DEFECT, INCONCLUSIVE, NOT_EXERCISED, SERVER_DEVIATION
from validator.contract.safety import origin
from validator.contract.shown import anonymous_operations
from validator.report.contract import contract_report

SPEC_FILE = ROOT / "fixtures" / "servers" / "state.yaml"
SPEC = yaml.safe_load(SPEC_FILE.read_text())

# mutant → (operation whose contract it breaks, the check that must catch it)
CAUGHT_BY = {
    "missing-member-500": ("PUT /stores/{store}/items/{item}", "not_a_server_error"),
    "timeout-unchecked-on-existing": ("POST /stores/{store}/_open", "doc_constraints"),
    "delete-keeps-item": ("DELETE /stores/{store}/items/{item}", "lifecycle"),
    "no-privilege-check": ("DELETE /stores/{store}", "privileges"),
    "undocumented-status": ("PUT /stores/{store}", "documented_status"),
    "truncate": ("GET /stores/{store}/items/{item}", "doc_examples"),
    "invalid-json": ("GET /stores/{store}", "response_schema_conformance"),
    "html-errors": ("GET /stores/{store}", "content_type_conformance"),
    "update-not-visible": ("GET /stores/{store}/items/{item}", "doc_story"),
    "reviews-need-auth": ("PUT /stores/{store}/reviews/{review}", "doc_examples"),
    "admin-refused-on-close": ("POST /stores/{store}/_close", "privileges"),  # accepted elsewhere: the server's
}
GONE = {"dies-after-n", "trickle"}  # exit 3: the server stopped answering
CLEAN = {"huge-body"}  # a 10 MB answer of the documented shape is no deviation


def run(mutant: str = "", spec: dict | None = None, **options):
    app = StateApp(mutant)
    with Server(app) as server:
        started = time.monotonic()
        result = run_contract(spec or SPEC, ContractOptions(server.url, auth=ADMIN, unprivileged_auth=VIEWER,
                                                            max_examples=3, request_timeout=1.5, run_id="t",
                                                            **options))
        result.seconds = time.monotonic() - started
    return result, app


def failures(result) -> list:
    return [(op.label, c.name, f.message[:120]) for op in result.operations for c in op.checks.values()
            for f in c.findings if c.status == "failed"]


def test_every_mutant_has_an_expectation() -> None:
    assert set(CAUGHT_BY) | GONE | CLEAN == set(MUTANTS)


def test_faithful_state_server_has_zero_failures() -> None:
    result, app = run()
    assert contract_report(result).exit_code == 0, failures(result)
    assert not failures(result)
    by_label = {op.label: op for op in result.operations}
    # operations on nested resources were exercised on resources the run created first
    item = by_label["GET /stores/{store}/items/{item}"].checks["doc_examples"]
    assert item.status == "passed"
    assert result.prerequisite_requests > 10
    # the undoing action runs after its doing action (close an open store), and their lifecycle holds
    assert by_label["POST /stores/{store}/_close"].checks["doc_constraints"].status == "passed"
    assert by_label["POST /stores/{store}/_close"].checks["lifecycle"].status == "passed"
    # a server-named resource (orders) is found in the creation answer
    assert by_label["GET /stores/{store}/orders/{order}"].checks["doc_examples"].status == "passed"
    # what the run created is cleaned up (only the engine's own random creations may remain)
    assert not [name for name in app.stores if name.startswith("doccontract-")]


@pytest.mark.slow  # the mutation runs: the floors run keeps the faithful ones
@pytest.mark.parametrize("mutant", sorted(CAUGHT_BY))
def test_state_mutant_is_caught_by_the_right_check(mutant: str) -> None:
    result, _ = run(mutant)
    label, check = CAUGHT_BY[mutant]
    operation = next(op for op in result.operations if op.label == label)
    assert contract_report(result).exit_code == 1, result.reason
    assert operation.checks[check].status == "failed", {n: (c.status, c.reason) for n, c in operation.checks.items()}
    finding = operation.checks[check].findings[0]
    assert finding.verdict == SERVER_DEVIATION and finding.source


def test_required_member_absent_is_reached_through_prerequisites() -> None:
    result, _ = run("missing-member-500")
    op = next(op for op in result.operations if op.label == "PUT /stores/{store}/items/{item}")
    finding = next(f for f in op.checks["not_a_server_error"].findings if "absent" in f.message)
    assert finding.how[0].startswith("curl -X PUT") and "/stores/doccontract-t-" in finding.how[0]


@pytest.mark.parametrize("mutant", sorted(GONE))
def test_server_that_stops_answering_exits_3_in_bounded_time(mutant: str) -> None:
    result, _ = run(mutant)
    assert contract_report(result).exit_code == 3, result.reason
    assert result.server_gone.startswith("the server stopped answering after curl ")
    assert result.seconds < 20
    not_exercised = [op for op in result.operations if op.status in ("error", "skipped")]
    assert not_exercised and all(c.status == NOT_EXERCISED for op in not_exercised for c in op.checks.values())


def test_credentials_refused_everywhere_are_the_testers_error_not_the_servers() -> None:
    app = StateApp("")
    with Server(app) as server:
        result = run_contract(SPEC, ContractOptions(server.url, auth=(ADMIN[0], "wrong"), max_examples=3,
                                                    request_timeout=1.5, run_id="t"))
    report = contract_report(result)
    assert not failures(result) and "credentials" in result.identity_refused
    assert report.exit_code == 2 and "answered 401" in report.verdict()
    assert {d.code for d in report.diagnostics if d.level.label == "error"} == {"contract.identity-refused",
                                                                                "contract.nothing-exercised"}


def test_huge_answers_are_read_within_bounds() -> None:
    result, _ = run("huge-body")
    assert contract_report(result).exit_code == 0, failures(result)
    assert result.seconds < 60


def test_story_is_replayed_in_page_order_on_resources_the_run_created() -> None:
    result, app = run()
    by_label = {op.label: op for op in result.operations}
    story = ["PUT /stores/{store}", "GET /stores/{store}", "PUT /stores/{store}/items/{item}",
             "PATCH /stores/{store}/items/{item}", "GET /stores/{store}/items/{item}",
             "DELETE /stores/{store}/items/{item}", "PUT /stores/{store}/reviews/{review}",
             "GET /stores/{store}/reviews/{review}"]
    assert all(by_label[label].checks["doc_story"].status == "passed" for label in story)
    assert by_label["POST /stores/{store}/orders"].checks["doc_story"].status == "not_applicable"
    assert "main" not in app.stores and not [n for n in app.stores if n.startswith("doccontract-")]


def test_story_failure_is_the_example_that_broke_and_what_follows_is_not_exercised() -> None:
    result, _ = run("update-not-visible")
    read = next(op for op in result.operations if op.label == "GET /stores/{store}/items/{item}")
    finding = read.checks["doc_story"].findings[0]
    assert finding.verdict == SERVER_DEVIATION and finding.source.line == 213  # the read's example line
    assert "quantity is 10, the earlier example set 12" in finding.message and ":187" in finding.message
    assert any(step.startswith("curl -X PATCH") for step in finding.how)
    result, _ = run("reviews-need-auth")
    by_label = {op.label: op for op in result.operations}
    broke = by_label["PUT /stores/{store}/reviews/{review}"].checks["doc_story"]
    assert broke.status == "failed" and broke.findings[0].source.line == 331
    later = by_label["GET /stores/{store}/reviews/{review}"].checks["doc_story"]
    assert later.status == NOT_EXERCISED and later.findings[0].verdict == INCONCLUSIVE
    assert "the earlier example PUT /v2/stores/main/reviews/first (fixtures/servers/state.yaml:331) failed" \
        in later.reason


def test_examples_shown_without_credentials_are_sent_without() -> None:
    # the faithful server refuses a review that carries credentials: it passes only when sent anonymously
    result, _ = run()
    review = next(op for op in result.operations if op.label == "PUT /stores/{store}/reviews/{review}")
    assert review.checks["doc_examples"].status == "passed"
    assert review.checks["doc_constraints"].status == "passed"  # the cases are sent as the baseline was


def test_no_credentials_is_anonymous_only_on_a_page_that_shows_them_elsewhere() -> None:
    spec = copy.deepcopy(SPEC)
    assert ("/stores/{store}/reviews/{review}", "put") in anonymous_operations(spec)
    for methods in spec["paths"].values():
        for operation in methods.values():
            for entry in operation.get("x-example-requests", []):
                entry.pop("credentials", None) if entry["credentials"] else None
    assert anonymous_operations(spec) == set()  # the page never shows credentials: absence says nothing
    spec["paths"]["/stores/{store}/reviews/{review}"]["put"]["x-anonymous"] = True  # marked "Anonymous"
    assert anonymous_operations(spec) == {("/stores/{store}/reviews/{review}", "put")}


def _any_object_spec(shown_path: str) -> dict:
    """The state spec plus an operation documented on a placeholder for any object's URL, with the docs'
    own example request ``shown_path``."""
    spec = copy.deepcopy(SPEC)
    line = {"file": "fixtures/servers/state.yaml", "line": 400}
    spec["paths"]["/{objecturl}"] = {"put": {
        "operationId": "replaceObject", "summary": "Replaces any object.", "x-source": line,
        "x-example-requests": [{"method": "PUT", "path": shown_path, "credentials": True, "x-source": line}],
        "parameters": [{"name": "objecturl", "in": "path", "required": True, "schema": {"type": "string"}}],
        "requestBody": {"content": {"application/json": {
            "schema": {"type": "object"}, "examples": {"example1": {"value": {"name": "Pears", "quantity": 1},
                                                                    "x-source": line}}}}},
        "responses": {"200": {"description": "Replaced"}, "201": {"description": "Created"}}}}
    return spec


def test_example_not_fitting_its_template_makes_its_failures_doc_defects() -> None:
    # the docs' example fills the one-segment placeholder with four segments: the template is the docs' defect
    result, _ = run(spec=_any_object_spec("/v2/stores/main/items/pears"))
    op = next(op for op in result.operations if op.label == "PUT /{objecturl}")
    finding = op.checks["doc_examples"].findings[0]
    assert finding.verdict == DOC_DEFECT and op.checks["doc_examples"].status != "failed"
    assert finding.how[0].startswith("doc evidence: the docs' own example request PUT /v2/stores/main/items/pears")
    assert "stands for 4 segments (stores/main/items/pears)" in finding.how[0]
    assert contract_report(result).exit_code == 0, failures(result)
    # the same failure without that evidence (the example fits the template) stays the server's
    result, _ = run(spec=_any_object_spec("/v2/pears"))
    op = next(op for op in result.operations if op.label == "PUT /{objecturl}")
    assert op.checks["doc_examples"].status == "failed" and contract_report(result).exit_code == 1
    assert op.checks["doc_examples"].findings[0].verdict == SERVER_DEVIATION


def test_failing_baseline_leaves_cases_not_exercised() -> None:
    spec = copy.deepcopy(SPEC)
    del spec["paths"]["/stores/{store}"]["put"]  # no documented way to create a store
    result, _ = run(spec=spec)
    op = next(op for op in result.operations if op.label == "POST /stores/{store}/_open")
    constraints = op.checks["doc_constraints"]
    assert constraints.status == NOT_EXERCISED and "baseline" in constraints.reason
    assert constraints.findings[0].verdict == INCONCLUSIVE
    assert op.checks["privileges"].status == NOT_EXERCISED


def test_example_urls_naming_another_host_never_reach_it() -> None:
    watcher = socket.socket()
    watcher.bind(("127.0.0.1", 0))
    watcher.listen()
    watcher.settimeout(0.2)
    port = watcher.getsockname()[1]
    contacts = []

    def watch() -> None:
        while not stop.is_set():
            try:
                contacts.append(watcher.accept()[0])
            except OSError:
                continue

    stop = threading.Event()
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    spec = copy.deepcopy(SPEC)
    media = spec["paths"]["/stores/{store}/webhooks"]["post"]["requestBody"]["content"]["application/json"]
    media["examples"]["example1"]["value"]["url"] = f"http://127.0.0.1:{port}/notify"
    try:
        result, app, url = _run_watching_urls(spec)
        time.sleep(0.5)
    finally:
        stop.set()
        thread.join()
        watcher.close()
    assert contacts == []
    # neither the docs' example nor the values schemathesis generates for the `format: uri` member
    assert len(app.contacted) > 3
    assert [u for u in app.contacted if origin(u if "://" in u else "http:" + u) != origin(url)] == []
    webhook = next(op for op in result.operations if op.label == "POST /stores/{store}/webhooks")
    assert webhook.checks["doc_examples"].status == "passed"


def _run_watching_urls(spec: dict):
    app = StateApp()
    with Server(app) as server:
        result = run_contract(spec, ContractOptions(server.url, auth=ADMIN, max_examples=15, request_timeout=1.5,
                                                    run_id="t", operation="webhooks|^PUT /stores/[{]store[}]$"))
    return result, app, server.url


def test_disruptive_and_excluded_operations_are_listed_not_run() -> None:
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/stores/{store}"]["delete"]["description"] = "Wipes the store and restarts the node."
    result, _ = run(spec=spec, exclude_operation="webhooks")
    labels = {op.label for op in result.operations}
    assert "DELETE /stores/{store}" not in labels and "POST /stores/{store}/webhooks" not in labels
    reasons = {e.label: e.reason for e in result.excluded}
    assert reasons["DELETE /stores/{store}"].startswith("disruptive")
    assert reasons["POST /stores/{store}/webhooks"].startswith("--exclude-operation")
    included, _ = run(spec=spec, include_disruptive=True, operation="^DELETE /stores/[{]store[}]$")
    assert [op.label for op in included.operations] == ["DELETE /stores/{store}"] and not included.excluded


def test_paths_the_router_rejects_are_tested_not_crashed() -> None:
    spec = copy.deepcopy(SPEC)
    spec["paths"] = {"/a<b> c%/{store}": copy.deepcopy(SPEC["paths"]["/stores/{store}"])}
    for operation in spec["paths"]["/a<b> c%/{store}"].values():
        operation["operationId"] += "Odd"
    result, _ = run(spec=spec)
    assert contract_report(result).exit_code == 4  # the server has no such route: nothing succeeded, reported as such
    finding = next(f for op in result.operations for c in op.checks.values() for f in c.findings)
    assert "/a%3Cb%3E%20c%25/" in finding.request


def test_every_credential_is_masked_in_every_report(tmp_path: Path) -> None:
    token = "tok-Pl4nted-9f8e7d"
    with Server(StateApp("no-privilege-check")) as server:
        host = server.url.removeprefix("http://")
        code = main(["test", str(SPEC_FILE), "--base-url", f"http://{ADMIN[0]}:{ADMIN[1]}@{host}",
                     "--unprivileged-auth", ":".join(VIEWER), "--header", f"X-Api-Token: {token}",
                     "--max-examples", "2", "--report-dir", str(tmp_path), "--request-timeout", "2"])
    assert code == 1
    secrets = [ADMIN[1], VIEWER[1], token, base64.b64encode(":".join(ADMIN).encode()).decode(),
               base64.b64encode(":".join(VIEWER).encode()).decode(), base64.b64encode(token.encode()).decode()]
    for path in tmp_path.iterdir():
        text = path.read_text()
        assert not [s for s in secrets if s in text], path.name
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["server"]["base_url"].startswith("http://[masked]@127.0.0.1:")


class Echo(App):
    """Answers with the Content-Type and body it received."""

    def __init__(self) -> None:
        super().__init__()
        self.route("POST", r"/echo", lambda r: Response(200, {"type": r.headers.get("content-type", ""),
                                                              "body": r.raw_body.decode()}))


@pytest.mark.parametrize(("media_type", "expected_type", "expected_body"), [
    ("application/json", "application/json", '{"a": "1 2", "n": 3}'),
    ("application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "a=1%202&n=3"),
    ("multipart/form-data", "multipart/form-data; boundary=doccontract-boundary", 'name="a"\r\n\r\n1 2\r\n'),
])
def test_example_bodies_are_sent_as_their_content_type_says(media_type, expected_type, expected_body) -> None:
    with Server(Echo()) as server:
        client = Client(server.url, 2.0)
        answer = client.send(Call("post", server.url + "/echo", {}, {"a": "1 2", "n": 3}, True, media_type)).json()
    assert answer["type"] == expected_type and expected_body in answer["body"]


def test_requests_never_leave_for_another_host() -> None:
    with Server(Echo()) as server:
        client = Client(server.url, 2.0)
        with pytest.raises(OffHost):
            client.send(Call("get", "http://127.0.0.2:9/", {}))
    assert client.count == 0


def test_examples_naming_resources_the_run_did_not_create_are_sent_without_them() -> None:
    """The docs' create example names a store to mirror ("central") that nobody created: the server refuses
    it (400). The optional member is left out, and the store is made; everything under it is exercised."""
    result, app = run()
    by_label = {op.label: op for op in result.operations}
    assert by_label["PUT /stores/{store}"].checks["doc_story"].status == "passed"
    assert by_label["PUT /stores/{store}/items/{item}"].checks["doc_constraints"].status == "passed"
    assert "central" not in app.stores


def test_only_optional_members_naming_foreign_resources_are_left_out() -> None:
    from validator.contract.calls import without_optional_references

    schema = {"type": "object", "required": ["owner_id"], "properties": {}}
    spec = {"paths": {"/s": {"put": {"requestBody": {"content": {"application/json": {"schema": schema}}}}}}}
    operation = spec["paths"]["/s"]["put"]
    body = {"owner_id": "o1", "parent_id": "p1", "mirror_id": "mine", "name": "n"}
    assert without_optional_references(spec, operation, body, {"mine"}) == \
        {"owner_id": "o1", "mirror_id": "mine", "name": "n"}
    untouched = {"owner_id": "o1", "name": "n"}
    assert without_optional_references(spec, operation, untouched, set()) is untouched


def test_a_documented_conflict_on_a_replayed_example_is_the_testers_precondition() -> None:
    """The docs' update example carries the revision the docs' world had (3): on the item this run created
    (revision 0) the server answers the documented 409. Not the server's deviation: inconclusive, with why."""
    spec = copy.deepcopy(SPEC)
    patch = spec["paths"]["/stores/{store}/items/{item}"]["patch"]
    media = patch["requestBody"]["content"]["application/json"]
    media["schema"]["properties"]["revision"] = {"type": "integer", "minimum": 0}
    media["examples"]["example1"]["value"] = {"quantity": 12, "revision": 3}
    result, _ = run(spec=spec)
    assert contract_report(result).exit_code == 0, failures(result)
    label = "PATCH /stores/{store}/items/{item}"
    op = next(op for op in result.operations if op.label == label)
    (finding,) = op.checks["doc_examples"].findings
    assert finding.verdict == INCONCLUSIVE and "conflict with the resource's current state" in finding.message
    assert finding.how[-1].endswith("→ 409")


def test_members_named_after_a_creatable_collection_name_its_resources() -> None:
    from validator.contract.calls import collection_names, foreign_references
    from validator.contract.testers import state_conflict

    names = collection_names(["/traits/{}", "/resource_classes/{}", "/policies/{}", "/stores/{}/items/{}", "/{}"])
    assert names == {"traits", "trait", "resource_classes", "resource_class", "policies", "policy", "items", "item"}
    body = {"traits": ["CUSTOM_A", "mine"], "generation": 1, "item": "apples", "name": "x"}
    assert foreign_references(body, {"mine"}, names) == ["traits=CUSTOM_A", "item=apples"]
    assert foreign_references(body, {"mine"}) == []
    conflict = type("Answer", (), {"status_code": 409})()
    assert state_conflict({"responses": {"200": {}, "409": {}}}, conflict)
    assert not state_conflict({"responses": {"200": {}}}, conflict)  # not documented: the server's own answer
