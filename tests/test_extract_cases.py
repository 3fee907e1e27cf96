"""Extraction of our own sample pages (fixtures/cases/<syntax>/*.txt), one test per case."""

from __future__ import annotations

from pathlib import Path

import pytest
from casefile import read_cases, summarize
from conftest import FIXTURES

from validator.diagnostics import Diagnostics
from validator.extract import extract_document
from validator.extract.examples import FORM, MAX_COMMAND, parse_curl
from validator.model import Location
from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths
from validator.readers import ReadOptions, reader_named

SYNTAXES = ("asciidoc", "rst", "text")
CASES = [(syntax, path, case) for syntax in SYNTAXES
         for path in sorted((FIXTURES / "cases" / syntax).glob("*.txt")) for case in read_cases(path)]


@pytest.mark.parametrize(("syntax", "path", "case"), CASES,
                         ids=[f"{p.stem}-{c.id}" for _, p, c in CASES])
def test_case(syntax: str, path: Path, case) -> None:
    diagnostics = Diagnostics()
    page = path.parent / f"{path.stem}-line{case.line}.{syntax}"  # includes resolve next to the case file
    options = ReadOptions(roots=(path.parent.resolve(),))
    document = reader_named(syntax).read(case.source, page, page.name, options, diagnostics)
    operations = extract_document(document, diagnostics)
    problems = [d.format() for d in diagnostics]
    assert summarize(operations, detail=case.detail, summaries=case.summaries) == case.expected, "\n".join(problems)


def test_an_array_of_a_named_structure_documented_in_place_is_resolved() -> None:
    """``array of <<processors,processor objects>>`` whose members follow in a nested list is resolved
    by those members: no "names no documented structure" warning for what the page documents."""
    source = ("=== Put thing\n\n`PUT /things/<id>`\n\n==== {api-request-body-title}\n\n"
              "`processors`::\n(Required, array of <<processors,processor objects>>)\nProcessors.\n+\n"
              ".Properties of `processors`\n[%collapsible%open]\n====\n`set`:::\n(Optional, object) Sets a field.\n"
              "====\n")
    diagnostics = Diagnostics()
    page = FIXTURES / "cases" / "asciidoc" / "in-place.asciidoc"
    document = reader_named("asciidoc").read(source, page, page.name, ReadOptions(), diagnostics)
    (operation,) = extract_document(document, diagnostics)
    items = operation.body.properties[0].schema.items
    assert [p.name for p in items.properties] == ["set"]
    assert "extract.unresolved-type" not in {d.code for d in diagnostics}


def test_curl_commands_are_example_requests() -> None:
    """Method from -X (else POST with data, else GET), the URL's path, the headers, a JSON or form body;
    a body read from a file (@file) or unbalanced quotes give no example."""
    where = Location("p.txt", 1)
    posted = parse_curl("$ curl -sL -XPATCH -H 'Content-Type: application/json' \\\n  'https://h.example/a/1?x=2' "
                        "--data-raw '{\"n\": 1}'", where)
    assert (posted.method, posted.path, posted.headers, posted.body) == \
        ("patch", "/a/1?x=2", (("Content-Type", "application/json"),), {"n": 1})
    form = parse_curl("curl https://h.example/tokens -d 'a=1' -d 'b=2'", where)
    assert (form.method, form.body, form.content_type) == ("post", {"a": "1", "b": "2"}, FORM)
    assert parse_curl("curl -u me:pw https://h.example/things", where).method == "get"
    searched = parse_curl("curl -G https://h.example/search?a=1 -d q=x --data-urlencode z=1", where)
    assert (searched.method, searched.path, searched.body) == ("get", "/search?a=1&q=x&z=1", None)
    assert parse_curl("curl -X POST https://h.example/up -d @body.json", where) is None
    assert parse_curl("curl -X POST 'https://h.example/up", where) is None
    assert parse_curl("curly braces", where) is None


def test_a_curl_command_past_the_limit_is_a_diagnostic() -> None:
    diagnostics = Diagnostics()
    huge = "curl -X POST https://h.example/up -d '" + "a" * MAX_COMMAND + "'"
    assert parse_curl(huge, Location("p.txt", 3), diagnostics) is None
    assert [(d.code, d.location.line) for d in diagnostics] == [("extract.example-limit", 3)]


def test_a_curl_commands_credentials_are_shown_credentials(tmp_path: Path) -> None:
    """-u and -b are credentials the example shows, like an X-Auth-Token header: the contract test must not
    send such an example without credentials. Malformed JSON is not read as a form."""
    where = Location("p.txt", 1)
    basic = parse_curl("curl -u elastic:changeme https://h.example/things", where)
    assert basic.headers == (("Authorization", "Basic ZWxhc3RpYzpjaGFuZ2VtZQ=="),)
    broken = parse_curl("curl -X POST https://h.example/t -H 'Content-Type: application/json' -d '{\"a\": '", where)
    assert (broken.body, broken.has_body) == (None, False)
    page = tmp_path / "token.txt"
    page.write_text("Create a thing\n\nHTTP request\n\nPOST /things\n\nExample request\n\n"
                    "curl -X POST -H 'X-Auth-Token: $TOKEN' -H 'Accept: application/json' https://h.example/things\n",
                    encoding="utf-8")
    spec = build_spec(extract_paths([page], ExtractOptions(source_root=tmp_path)).operations, title="t")
    assert spec["paths"]["/things"]["post"]["x-example-requests"][0]["credentials"] is True
