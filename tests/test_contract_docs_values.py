"""A request that names, in its path, resources this run did not create — the docs' example values
(`/repos/OWNER/REPO/labels`), where the docs show no way to create them — and is answered 404 is the
tester's missing precondition, not the server's deviation: not exercised, with the reason. The same
request on a resource that exists on the server is judged as usual."""

from __future__ import annotations

from pathlib import Path

from fixtures.servers.base import App, Request, Response, Server
from validator.contract import ContractOptions, run_contract
from validator.contract.calls import docs_valued
from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths

PAGE = """Create a label

HTTP request

POST /repos/{owner}/{repo}/labels

Body parameters

name
string
Required
The name of the label.

HTTP response status codes

201 Created
404 Resource not found

Example request

curl -X POST https://api.example.com/repos/%s/labels -d '{"name": "bug"}'
"""


class LabelsApp(App):
    """Labels of the repositories it holds (octo/hello); 404 for any other repository."""

    def __init__(self, mutant: str = "") -> None:
        super().__init__(mutant)
        self.route("POST", r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)/labels", self.create)

    def create(self, request: Request) -> Response:
        if (request.params["owner"], request.params["repo"]) != ("octo", "hello"):
            return Response(404, {"message": "Not Found"})
        try:
            body = request.json()
        except ValueError:  # malformed JSON (or bytes that are not UTF-8)
            return Response(400, {"message": "Problems parsing JSON"})
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            return Response(422, {"message": "Validation Failed"})
        return Response(201 if self.mutant != "wrong-status" else 200, {"name": body["name"]})


def spec_of(tmp_path: Path, repository: str) -> dict:
    path = tmp_path / "labels.txt"
    path.write_text(PAGE % repository, encoding="utf-8")
    return build_spec(extract_paths([path], ExtractOptions(source_root=tmp_path)).operations, title="Labels")


def run(spec: dict, mutant: str = ""):
    with Server(LabelsApp(mutant)) as server:
        return run_contract(spec, ContractOptions(server.url, max_examples=3, seed=1)).operations[0]


def test_a_404_on_the_docs_example_resources_is_not_the_servers(tmp_path: Path) -> None:
    """Only the checks that refusals pass too passed: the operation was not exercised (skipped)."""
    operation = run(spec_of(tmp_path, "OWNER/REPO"))
    assert operation.status == "skipped"
    examples = operation.checks["doc_examples"]
    assert (examples.status, examples.failed) == ("not_exercised", 0)
    assert examples.findings[0].verdict == "inconclusive"
    assert "owner=OWNER, repo=REPO: the docs' example values" in examples.findings[0].message


def test_on_resources_the_server_holds_the_example_is_judged(tmp_path: Path) -> None:
    spec = spec_of(tmp_path, "octo/hello")
    operation = run(spec)
    assert (operation.status, operation.checks["doc_examples"].status) == ("passed", "passed")
    wrong = run(spec, "wrong-status").checks["doc_examples"]
    assert wrong.status == "failed" and wrong.findings[0].verdict == "server-deviation"


def test_docs_values_are_those_sent_as_the_docs_give_them() -> None:
    operation = {"parameters": [{"name": "owner", "in": "path", "example": "OWNER"},
                                {"name": "repo", "in": "path", "example": "REPO"}]}
    assert docs_valued(operation, {}, "/repos/{owner}/{repo}", "post") == ["owner=OWNER", "repo=REPO"]
    assert docs_valued(operation, {"repo": "doccontract-1"}, "/repos/{owner}/{repo}", "get") == ["owner=OWNER"]
    assert docs_valued(operation, {}, "/repos/{owner}/{repo}", "put") == ["owner=OWNER"]  # the PUT creates repo
