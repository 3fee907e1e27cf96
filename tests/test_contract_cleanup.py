"""What a contract run creates it deletes, or says it left behind: an account created without credentials
(as the docs show it) is deleted as the account itself when the docs' delete example shows the account
deleting itself; without that evidence it is listed as left behind, never silently kept. The operations the
docs show the account doing to itself are tested as the account (owner.py), so their verdicts stand."""

from __future__ import annotations

import copy

from fixtures.servers.base import App, Request, Response, Server
from validator.contract import ContractOptions, run_contract
from validator.contract.outcome import SERVER_DEVIATION
from validator.report.contract import contract_report

LINE = {"file": "docs/accounts.rst", "line": 10}
BODY = {"application/json": {"schema": {"type": "object"},
                             "examples": {"e": {"value": {"data": {"password": "azerty123"}}, "x-source": LINE}}}}
PARAM = {"name": "user", "in": "path", "required": True, "schema": {"type": "string"}, "example": "bob"}
SPEC = {"openapi": "3.1.0", "info": {"title": "Accounts", "version": "1"}, "paths": {"/accounts/{user}": {
    "put": {"x-anonymous": True, "parameters": [PARAM], "requestBody": {"required": True, "content": BODY},
            "x-example-requests": [{"method": "PUT", "path": "/accounts/bob", "credentials": False, "x-source": LINE}],
            "responses": {"201": {"description": "created"}}, "x-source": LINE},
    "delete": {"parameters": [PARAM], "x-source": {**LINE, "line": 30},
               "x-example-requests": [{"method": "DELETE", "path": "/accounts/bob", "credentials": True,
                                       "basic": ["bob", "azerty123"], "x-source": {**LINE, "line": 30}}],
               "responses": {"200": {"description": "deleted"}}}}}}


class AccountsApp(App):
    """Accounts are created anonymously; only the account itself may delete it."""

    users = {"admin": "pw"}

    def __init__(self, mutant: str = "") -> None:  # "self-delete-refused": only the administrator may delete
        super().__init__(mutant)
        self.route("PUT", r"/accounts/(?P<user>[^/]+)", self.create)
        self.route("DELETE", r"/accounts/(?P<user>[^/]+)", self.delete)

    def reset(self) -> None:
        self.accounts: dict[str, str] = {}

    def authenticate(self, request: Request) -> str | None:
        self.users = {"admin": "pw", **self.accounts}
        return super().authenticate(request)

    def create(self, request: Request) -> Response:
        password = ((request.json() or {}).get("data") or {}).get("password")
        if isinstance(password, str) and self.authenticate(request) == request.params["user"]:
            self.accounts[request.params["user"]] = password  # the account changes its password
            return Response(200, {"data": {"id": request.params["user"]}})
        if not isinstance(password, str) or request.params["user"] in self.accounts:
            return Response(400, {"error": "bad account"})
        self.accounts[request.params["user"]] = password
        return Response(201, {"data": {"id": request.params["user"]}})

    def delete(self, request: Request) -> Response:
        user = self.authenticate(request)
        if user is None:
            return Response(401, {"error": "authentication required"})
        if user != request.params["user"] and not (self.mutant and user == "admin"):
            return Response(403, {"error": "only the account itself"})
        if self.mutant and user != "admin":
            return Response(403, {"error": "only the administrator"})
        if self.accounts.pop(request.params["user"], None) is None:
            return Response(404, {"error": "no such account"})
        return Response(200, {"data": {"id": request.params["user"], "deleted": True}})


def run(spec: dict, mutant: str = ""):
    app = AccountsApp(mutant)
    with Server(app) as server:
        result = run_contract(spec, ContractOptions(server.url, auth=("admin", "pw"), max_examples=1,
                                                    request_timeout=1.5, run_id="t"))
    return result, app


def test_an_account_created_anonymously_is_deleted_as_itself_when_the_docs_show_it() -> None:
    result, app = run(SPEC)
    assert not [name for name in app.accounts if name.startswith("doccontract-")]
    assert not [left for left in result.left_behind if "doccontract-" in left]  # the engine's own may stay


def test_without_that_evidence_what_stays_is_listed_not_kept_silently() -> None:
    spec = copy.deepcopy(SPEC)
    del spec["paths"]["/accounts/{user}"]["delete"]["x-example-requests"][0]["basic"]
    result, app = run(spec)
    ours = sorted(name for name in app.accounts if name.startswith("doccontract-"))
    listed = [left for left in result.left_behind if "doccontract-" in left]
    assert ours and len(listed) == len(ours)
    assert all("created without credentials; the docs show no way for it to delete itself" in why for why in listed)
    report = contract_report(result)
    assert {d.code for d in report.diagnostics if d.code == "contract.left-behind"} == {"contract.left-behind"}
    assert "pw" not in " ".join(result.left_behind)


def _delete(result):
    return next(op for op in result.operations if op.label == "DELETE /accounts/{user}")


def test_the_account_deletes_itself_in_the_cases_as_the_docs_show() -> None:
    result, _ = run(SPEC)
    delete = _delete(result)
    assert delete.checks["doc_examples"].status == "passed"
    assert delete.checks["lifecycle"].status == "passed"
    assert not result.findings("inconclusive")


def test_a_server_refusing_what_the_docs_show_the_account_doing_fails() -> None:
    result, app = run(SPEC, "self-delete-refused")
    check = _delete(result).checks["doc_examples"]
    assert check.status == "failed" and check.findings[0].verdict == SERVER_DEVIATION
    assert "403" in check.findings[0].message
    assert not [name for name in app.accounts if name.startswith("doccontract-")]  # --auth deleted them


def test_after_a_password_change_the_account_acts_with_its_new_password() -> None:
    spec = copy.deepcopy(SPEC)
    put = spec["paths"]["/accounts/{user}"]["put"]
    change = {**LINE, "line": 20}  # the docs change the password, then delete with the old one (as Kinto's do)
    put["requestBody"]["content"]["application/json"]["examples"]["change"] = {
        "value": {"data": {"password": "qwerty123"}}, "x-source": change}
    put["x-example-requests"].append({"method": "PUT", "path": "/accounts/bob", "credentials": True,
                                      "basic": ["bob", "azerty123"], "x-source": change})
    put["responses"]["200"] = {"description": "password changed"}
    result, app = run(spec)
    story = [op.checks["doc_story"] for op in result.operations if op.label.endswith("/accounts/{user}")]
    assert all(check.status == "passed" for check in story), [c.findings for c in story]
    assert not [name for name in app.accounts if name.startswith("doccontract-")]
    assert not [left for left in result.left_behind if "doccontract-" in left]
