"""A header the docs mark required is a constraint like a required query parameter: the request without it
(and only without it, on a baseline that succeeded) must be refused — also when the user gave the header
with --header — while the client's own headers and the run's credentials are never left out."""

from __future__ import annotations

import pytest

from fixtures.servers.base import App, Request, Response, Server
from validator.contract import ContractOptions, run_contract
from validator.contract.calls import may_be_left_out
from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths

PAGE = """\
Tasks API
=========

.. http:post:: /tasks

   Create a task in the caller's tenant.

   :reqheader X-Tenant: the tenant the task belongs to (required)
   :reqheader X-Trace: a trace identifier, for the logs
   :<json string title: the task title (required)
   :statuscode 201: created
   :statuscode 400: the tenant or the title is missing
"""


class TasksApp(App):
    def reset(self) -> None:
        self.tasks: list[dict] = []
        self.routes = []
        self.route("POST", "/tasks", self.create)

    def create(self, request: Request) -> Response:
        try:
            body = request.json()
        except ValueError:
            body = None
        if self.mutant != "tenant-optional" and not request.headers.get("x-tenant"):
            return self.error(400, "bad_request", "X-Tenant is required")
        if not isinstance(body, dict) or not isinstance(body.get("title"), str):
            return self.error(400, "bad_request", "title is required")
        self.tasks.append(body)
        return Response(201, {"title": body["title"]})


@pytest.fixture(scope="module")
def spec(tmp_path_factory) -> dict:
    page = tmp_path_factory.mktemp("tasks") / "tasks.rst"
    page.write_text(PAGE, encoding="utf-8")
    return build_spec(extract_paths([page], ExtractOptions(source_root=page.parent)).operations, title="Tasks")


def header_findings(spec: dict, mutant: str, headers: dict[str, str]) -> list[str]:
    with Server(TasksApp(mutant)) as server:
        result = run_contract(spec, ContractOptions(server.url, max_examples=3, run_id="t", headers=headers))
    return [f.message for op in result.operations for check in op.checks.values() if check.status == "failed"
            for f in check.findings]


@pytest.mark.parametrize("headers", [{}, {"X-Tenant": "acme"}], ids=["generated", "given-with-header"])
def test_a_server_that_does_not_require_the_documented_header_is_caught(spec: dict, headers: dict) -> None:
    assert header_findings(spec, "", headers) == []
    found = header_findings(spec, "tenant-optional", headers)
    assert any("required header parameter 'X-Tenant' absent was answered 201" in m for m in found), found
    assert not any("X-Trace" in m for m in found)


def test_client_and_credential_headers_are_not_left_out() -> None:
    class Ctx:
        auth = {"X-Auth-Token": "secret"}

    def header(name: str, **schema) -> dict:
        return {"name": name, "in": "header", "required": True, "schema": schema}

    assert may_be_left_out(Ctx, header("X-Tenant"))
    assert may_be_left_out(Ctx, {"name": "q", "in": "query", "required": True})
    assert not may_be_left_out(Ctx, header("Content-Type"))
    assert not may_be_left_out(Ctx, header("x-auth-token"))
    assert not may_be_left_out(Ctx, header("X-Region", default="eu"))
    assert not may_be_left_out(Ctx, {"name": "id", "in": "path", "required": True})


def test_fresh_names_carry_the_prefix_the_docs_require() -> None:
    from validator.contract.calls import Context, fresh_name

    ctx = Context({}, "http://127.0.0.1:9", {}, None, {}, None, run="r1")
    # a prefix in capitals: the name goes on in its style (a server may want more than the docs say)
    assert fresh_name(ctx, {"type": "string", "pattern": "^CUSTOM_"}) == "CUSTOM_DOCCONTRACT_R1_1"
    assert fresh_name(ctx, {"type": "string", "pattern": "^CUSTOM_[A-Z0-9_]+$"}) == "CUSTOM_DOCCONTRACT_R1_2"
    assert fresh_name(ctx, {"type": "string"}) == "doccontract-r1-3"
    assert fresh_name(ctx, {"type": "string", "pattern": "^x-"}) == "x-doccontract-r1-4"  # lower case: as written
    assert fresh_name(ctx, {"type": "string", "pattern": "^x-[a-z]"}) == "x-doccontract-r1-5"


def test_body_members_naming_other_resources_the_run_did_not_create() -> None:
    from validator.contract.calls import foreign_references

    body = {"name": "n", "uuid": "u1", "parent_provider_uuid": "p1", "data": {"project_id": "mine", "ownerId": "o1"},
            "links": [{"target_ids": ["t1", "mine"]}]}
    assert foreign_references(body, {"mine"}) == ["parent_provider_uuid=p1", "ownerId=o1", "target_ids=t1"]
