"""Documented constraints of members below the top level of a body (the Open Telekom Cloud and OpenStack
convention wraps a request's members in one object: ``{"snapshot": {"name": …}}``) are sent one by one
like the top-level ones: the faithful server passes, and each mutant that accepts what the page refuses
is caught by doc_constraints at the table row that states the constraint."""

from __future__ import annotations

import pytest
from conftest import ROOT

from fixtures.servers.base import Server
from fixtures.servers.snapshots import MUTANTS, SnapshotsApp
from validator.contract import ContractOptions, run_contract
from validator.contract.violations import ABSENT, member_violations, with_member
from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths

PAGE = ROOT / "fixtures" / "servers" / "snapshots.rst"
SPEC = build_spec(extract_paths([PAGE], ExtractOptions(source_root=ROOT)).operations, title="Snapshots",
                  source_root=str(ROOT))
# mutant → (the finding's start, the doc line of the member's table row)
CAUGHT = {
    "retention-range-unchecked": ("body member snapshot/retention violating m", 53),
    "name-optional": ("required body member 'snapshot/name' absent", 45),
    "long-name-accepted": ("body member snapshot/name violating maxLength", 45),
}


def run(mutant: str = ""):
    with Server(SnapshotsApp(mutant)) as server:
        return run_contract(SPEC, ContractOptions(server.url, max_examples=3, request_timeout=2, run_id="t"))


def test_every_mutant_has_an_expectation() -> None:
    assert set(CAUGHT) == set(MUTANTS)


def test_faithful_server_passes_every_nested_constraint_case() -> None:
    constraints = run().operations[0].checks["doc_constraints"]
    assert (constraints.status, constraints.failed) == ("passed", 0)
    # name: maxLength, minLength, required; volume_id: required; force: type; retention: min, max, type;
    # snapshot itself: required
    assert constraints.passed == 9


@pytest.mark.parametrize("mutant", sorted(CAUGHT))
def test_nested_mutant_is_caught_at_its_row(mutant: str) -> None:
    constraints = run(mutant).operations[0].checks["doc_constraints"]
    start, line = CAUGHT[mutant]
    assert constraints.status == "failed"
    assert {(f.message[:len(start)], f.source.line) for f in constraints.findings} == {(start, line)}


def test_violations_change_one_member_and_keep_the_rest() -> None:
    """An array of objects is varied in its first element; objects the body lacks are built valid."""
    spec = {"components": {"schemas": {}}}
    schema = {"type": "object", "properties": {
        "job": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"},
            "steps": {"type": "array", "items": {"type": "object", "required": ["n"], "properties": {
                "n": {"type": "integer", "minimum": 1}}}}}}}}
    cases = {("/".join(map(str, path)), keyword): value for path, keyword, value, _ in member_violations(spec, schema)}
    assert cases == {("job/id", "required"): ABSENT, ("job/steps/0/n", "minimum"): 0,
                     ("job/steps/0/n", "type"): "not-a-integer", ("job/steps/0/n", "required"): ABSENT}
    body = {"job": {"id": "a", "steps": [{"n": 2, "x": 1}, {"n": 3}]}, "other": True}
    assert with_member(spec, schema, body, ["job", "steps", 0, "n"], 0) == \
        {"job": {"id": "a", "steps": [{"n": 0, "x": 1}]}, "other": True}
    assert with_member(spec, schema, body, ["job", "id"], ABSENT) == \
        {"job": {"steps": [{"n": 2, "x": 1}, {"n": 3}]}, "other": True}
    assert with_member(spec, schema, {}, ["job", "steps", 0, "n"], 0) == \
        {"job": {"id": "doccontract-1", "steps": [{"n": 0}]}}
    assert body == {"job": {"id": "a", "steps": [{"n": 2, "x": 1}, {"n": 3}]}, "other": True}  # not changed
