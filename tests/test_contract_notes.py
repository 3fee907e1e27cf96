"""doccontract test against a server that behaves the way real servers commonly do (entity tags and
If-Match, 202 + Location, server-assigned identifiers, a trailing-slash redirect, a rate limit with
Retry-After, gzip, charset in the JSON media type, problem+json errors, lower-case header names), with the
spec extracted from its doc page as a user would: the faithful server passes with zero failures, and each
mutant that breaks what the page promises is caught by the check that should catch it."""

from __future__ import annotations

import time

import pytest
from conftest import ROOT

from fixtures.servers.base import Server
from fixtures.servers.notes import MUTANTS, NotesApp
from validator.contract import ContractOptions, run_contract
from validator.contract.cases import _shape_problems
from validator.contract.lenient import null_optional_only
from validator.contract.outcome import SERVER_DEVIATION
from validator.contract.polite import redirect_target, retry_after, wait_asked, watch
from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths
from validator.report.contract import contract_report

PAGE = ROOT / "fixtures" / "servers" / "notes.rst"
SPEC = build_spec(extract_paths([PAGE], ExtractOptions(source_root=ROOT)).operations, title="Notes",
                  source_root=str(ROOT))

# mutant → (operation whose contract it breaks, or "*" for whichever the rate limit hit, the check)
CAUGHT_BY = {
    "stale-if-match-accepted": ("PUT /notes/{note_id}", "doc_constraints"),
    "if-match-optional": ("PUT /notes/{note_id}", "doc_constraints"),
    "no-retry-after": ("*", "response_headers_conformance"),
    "no-id-in-201": ("POST /notes", "doc_examples"),
    "export-never-appears": ("POST /exports", "doc_examples"),
}


def run(mutant: str = ""):
    app = NotesApp(mutant)
    with Server(app) as server:
        started = time.monotonic()
        result = run_contract(SPEC, ContractOptions(server.url, max_examples=3, request_timeout=1.5, run_id="t"))
        result.seconds = time.monotonic() - started
    return result, app


def failures(result) -> list:
    return [(op.label, c.name, f.message[:160]) for op in result.operations for c in op.checks.values()
            for f in c.findings if c.status == "failed"]


def test_every_mutant_has_an_expectation() -> None:
    assert set(CAUGHT_BY) == set(MUTANTS)


def test_the_page_gives_the_spec_a_user_would_get() -> None:
    put = SPEC["paths"]["/notes/{note_id}"]["put"]
    assert {"412", "428"} <= set(put["responses"])
    assert any(p["name"] == "If-Match" and p["required"] for p in put["parameters"])
    assert "/notes" in SPEC["paths"] and "/notes/" not in SPEC["paths"]  # the page documents /notes/


def test_faithful_server_that_behaves_like_real_ones_has_zero_failures() -> None:
    result, app = run()
    assert not failures(result), failures(result)
    assert contract_report(result).exit_code == 0
    assert app.throttled > 0  # the rate limit was reached, and its Retry-After honoured
    by_label = {op.label: op for op in result.operations}
    # reached through the 308 of /notes, with the If-Match of a fresh read, after the 202's work appeared
    for label in ("POST /notes", "PUT /notes/{note_id}", "GET /exports/{export_id}"):
        assert by_label[label].checks["doc_examples"].status == "passed", label
    assert by_label["PUT /notes/{note_id}"].checks["doc_constraints"].status == "passed"
    assert by_label["DELETE /notes/{note_id}"].checks["lifecycle"].status == "passed"


@pytest.mark.slow  # the mutation runs: the floors run keeps the faithful ones
@pytest.mark.parametrize("mutant", sorted(CAUGHT_BY))
def test_notes_mutant_is_caught_by_the_right_check(mutant: str) -> None:
    result, _ = run(mutant)
    label, check = CAUGHT_BY[mutant]
    assert contract_report(result).exit_code == 1, failures(result)
    caught = [op for op in result.operations if label in ("*", op.label) and op.checks.get(check)
              and op.checks[check].status == "failed"]
    assert caught, failures(result)
    finding = caught[0].checks[check].findings[0]
    assert finding.verdict == SERVER_DEVIATION and finding.source and finding.source.path.endswith("notes.rst")


class _Answer:
    def __init__(self, status: int, headers: dict[str, str], body=None) -> None:
        self.status_code, self.headers, self.body = status, headers, body

    def json(self):
        return self.body


class _Request:
    url, method = "http://127.0.0.1:8000/notes?limit=2", "GET"


def test_only_same_origin_307_308_redirects_are_followed() -> None:
    assert redirect_target(_Request(), _Answer(308, {"Location": "/notes/?limit=2"})) == \
        "http://127.0.0.1:8000/notes/?limit=2"
    assert redirect_target(_Request(), _Answer(308, {"Location": "http://127.0.0.1:9/notes/"})) is None
    assert redirect_target(_Request(), _Answer(301, {"Location": "/notes/"})) is None  # may change the method
    assert redirect_target(_Request(), _Answer(307, {"Location": _Request.url})) is None


def test_retry_after_is_read_as_seconds_or_a_date_and_only_short_waits_are_honoured() -> None:
    assert retry_after({"Retry-After": "3"}) == 3.0
    assert 0 <= retry_after({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}) < 1  # in the past: now
    assert retry_after({"Retry-After": "soon"}) is None and retry_after({}) is None
    assert wait_asked(_Request(), _Answer(429, {"Retry-After": "2"}), 0) == 2.0
    assert wait_asked(_Request(), _Answer(503, {"Retry-After": "3600"}), 0) is None  # reported, not waited
    with watch() as unasked:
        assert wait_asked(_Request(), _Answer(429, {}), 1) == 2.0
    assert unasked == [("GET", _Request.url)]


def test_null_is_tolerated_only_for_an_optional_member_of_an_otherwise_valid_body() -> None:
    schema = {"type": "object", "required": ["title"],
              "properties": {"title": {"type": "string"}, "text": {"type": "string"}}}
    assert null_optional_only({"title": "a", "text": None}, schema, {})
    assert not null_optional_only({"title": None}, schema, {})  # required
    assert not null_optional_only({"title": 5, "text": None}, schema, {})  # another violation too


def test_shape_messages_use_the_right_article() -> None:
    documented = {"content": {"application/json": {"examples": {"e": {"value": {"n": 1, "o": {}}}}}}}
    answer = _Answer(200, {"Content-Type": "application/json"}, {"n": "x", "o": []})
    assert _shape_problems(documented, answer) == ["member 'n' is a string, the documented example's an integer",
                                                   "member 'o' is an array, the documented example's an object"]


def test_example_members_the_docs_call_conditional_may_be_absent() -> None:
    documented = {"content": {"application/json": {
        "schema": {"properties": {"next": {"type": "string", "description": "absent on the last page"}}},
        "examples": {"e": {"value": {"items": [], "next": "2", "id": "x"}}}}}}
    answer = _Answer(200, {"Content-Type": "application/json"}, {"items": []})
    assert _shape_problems(documented, answer) == ["member 'id' of the documented example is missing"]
