"""Answers the docs themselves show are not the server's deviation: when the server breaks the documented
response schema the way the docs' own examples do (a member typed string that an example shows as null, a
required member the operation's own example leaves out), the finding is a documentation defect; an answer
no example of the docs shows stays the server's."""

from __future__ import annotations

import pytest

from fixtures.servers.base import App, Request, Response, Server
from validator.contract import ContractOptions, run_contract
from validator.contract.outcome import DOC_DEFECT, SERVER_DEVIATION

pytestmark = pytest.mark.slow

LINE = {"file": "docs/things.rst", "line": 10}
THING = {"type": "object", "required": ["parent", "size"],
         "properties": {"parent": {"type": "string"}, "size": {"type": "integer"}}}


def _json(schema: dict, example: dict, line: int) -> dict:
    return {"description": "ok", "content": {"application/json": {
        "schema": schema, "examples": {"e": {"value": example, "x-source": {**LINE, "line": line}}}}}}


SPEC = {"openapi": "3.1.0", "info": {"title": "Things", "version": "1"}, "paths": {
    "/things": {"get": {"x-source": LINE, "responses": {"200": _json(
        {"type": "object", "properties": {"things": {"type": "array", "items": THING}}},
        {"things": [{"parent": None, "size": 1}]}, 20)}}},  # the docs' list shows a null parent
    "/things/{id}": {"get": {"x-source": {**LINE, "line": 30}, "parameters": [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}, "example": "t1"}],
        "responses": {"200": _json(THING, {"parent": "t0", "size": 2}, 40)}}}}}


class ThingsApp(App):
    """Root things have no parent (null), as the docs' list example shows; the mutant sends a number."""

    def __init__(self, mutant: str = "") -> None:
        super().__init__(mutant)
        self.route("GET", r"/things", self.list)
        self.route("GET", r"/things/(?P<id>[^/]+)", self.show)

    def _thing(self) -> dict:
        return {"parent": 7 if self.mutant == "numeric-parent" else None, "size": 1}

    def list(self, request: Request) -> Response:
        return Response(200, {"things": [self._thing()]})

    def show(self, request: Request) -> Response:
        return Response(200, self._thing())


def _findings(mutant: str = "") -> dict[str, set[str]]:
    with Server(ThingsApp(mutant)) as server:
        result = run_contract(SPEC, ContractOptions(server.url, max_examples=2, request_timeout=2.0))
    return {op.label: {f.verdict for f in op.checks["response_schema_conformance"].findings}
            for op in result.operations}


def test_a_null_the_docs_own_examples_show_is_their_defect_not_the_servers() -> None:
    found = _findings()
    assert found["GET /things"] == {DOC_DEFECT}
    assert found["GET /things/{id}"] == {DOC_DEFECT}  # another operation's example shows the member null


def test_an_answer_no_example_shows_stays_a_deviation() -> None:
    found = _findings("numeric-parent")
    assert found["GET /things"] == {SERVER_DEVIATION}
    assert found["GET /things/{id}"] == {SERVER_DEVIATION}
