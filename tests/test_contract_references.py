"""A docs' example whose body names other resources by identifier (a parent this run never created) cannot
establish its precondition: its refusal is inconclusive, not the server's deviation."""

from __future__ import annotations

import copy

import pytest

from fixtures.servers.base import App, Request, Response, Server
from validator.contract import ContractOptions, run_contract
from validator.contract.outcome import INCONCLUSIVE, SERVER_DEVIATION

pytestmark = pytest.mark.slow

LINE = {"file": "docs/nodes.rst", "line": 10}
SPEC = {"openapi": "3.1.0", "info": {"title": "Nodes", "version": "1"}, "paths": {"/nodes": {"post": {
    "x-source": LINE, "requestBody": {"required": True, "content": {"application/json": {
        "schema": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"}, "parent_node_id": {"type": "string"}}},
        "examples": {"e": {"value": {"name": "leaf", "parent_node_id": "n-42"}, "x-source": LINE}}}}},
    "responses": {"201": {"description": "created"}}}}}}


class NodesApp(App):
    """A node's parent must exist; the mutant refuses every creation."""

    def __init__(self, mutant: str = "") -> None:
        super().__init__(mutant)
        self.route("POST", r"/nodes", self.create)

    def create(self, request: Request) -> Response:
        body = request.json() or {}
        if self.mutant or not isinstance(body.get("name"), str) or body.get("parent_node_id") not in (None, "root"):
            return Response(400, {"error": "no such parent" if not self.mutant else "refused"})
        return Response(201, {"id": "n1"})


def _verdicts(mutant: str = "", spec: dict = SPEC) -> set[str]:
    with Server(NodesApp(mutant)) as server:
        result = run_contract(spec, ContractOptions(server.url, max_examples=2, request_timeout=2.0))
    return {f.verdict for f in result.operations[0].checks["doc_examples"].findings}


def test_an_example_naming_a_parent_the_run_never_created_is_inconclusive() -> None:
    assert _verdicts() == {INCONCLUSIVE}
    assert _verdicts("refuses-all") == {INCONCLUSIVE}  # the precondition is not established either way


def test_a_refused_example_with_no_foreign_reference_stays_a_deviation() -> None:
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/nodes"]["post"]["requestBody"]["content"]["application/json"]["examples"]["e"]["value"] = \
        {"name": "leaf"}
    assert _verdicts("refuses-all", spec) == {SERVER_DEVIATION}
