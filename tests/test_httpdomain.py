"""Sphinx httpdomain: every field kind and alias, typed and dotted names, statuses from fields or
prose, and hand-checked pages of ../shared/corpus/httpdomain and ../shared/corpus/kinto (goldens in
tests/goldens/)."""

from __future__ import annotations

import pytest
from casefile import read_cases, summarize
from conftest import ROOT, SHARED

from validator.document import Endpoint, Field, Paragraph
from validator.extract import httpdomain
from validator.model import Location
from validator.pipeline import ExtractOptions, extract_paths

HERE = Location("page.rst", 3)


def endpoint(fields: list[tuple[str, str, str, str]], prose: tuple[str, ...] = (), path: str = "/x",
             options: tuple = ()) -> Endpoint:
    made = tuple(Field(kind, name, kind_type, (Paragraph(text, HERE),) if text else (), HERE)
                 for kind, kind_type, name, text in fields)
    return Endpoint("get", path, made, tuple(Paragraph(t, HERE) for t in prose), HERE, options)


@pytest.mark.parametrize(("kinds", "role", "flavour"), [
    (("param", "parameter", "arg", "argument"), "path", ""),
    (("query", "queryparameter", "queryparam", "qparam"), "query", ""),
    (("reqheader", "requestheader", "<header"), "header", ""),
    (("resheader", "responseheader", ">header"), "response-header", ""),
    (("<json", "reqjson", "reqjsonobj", "json", "jsonparameter", "jsonparam"), "body", ""),
    (("<jsonarr", "reqjsonarr"), "body", "array"),
    ((">json", "resjson", "resjsonobj"), "response", ""),
    ((">jsonarr", "resjsonarr"), "response", "array"),
    (("form", "formparameter", "formparam"), "body", "form"),
])
def test_every_alias_of_every_field_kind(kinds, role, flavour) -> None:
    for kind in kinds:
        fields, flavours, _ = httpdomain.fields_by_role(endpoint([(kind, "string", "value", "a value")]))
        assert [f.name for f in fields[role]] == ["value"], kind
        assert flavours.get(role, "") == flavour, kind


def test_status_fields_and_their_aliases() -> None:
    _, _, statuses = httpdomain.fields_by_role(endpoint([("statuscode", "", "200", "ok"), ("status", "", "404", "no"),
                                                         ("code", "", "409", "taken")]))
    assert [(code, text) for code, text, _ in statuses] == [("200", "ok"), ("404", "no"), ("409", "taken")]


def test_statuses_from_prose_only_when_no_status_field() -> None:
    prose = ("Returns 404 Not Found when the widget does not exist, or a 409 Conflict.",)
    _, _, statuses = httpdomain.fields_by_role(endpoint([], prose))
    assert [code for code, _, _ in statuses] == ["404", "409"]
    _, _, statuses = httpdomain.fields_by_role(endpoint([("statuscode", "", "200", "ok")], prose))
    assert [code for code, _, _ in statuses] == ["200"]


def test_types_from_the_field_the_type_field_or_the_converter() -> None:
    fields, _, _ = httpdomain.fields_by_role(endpoint([
        ("query", "", "page", "a page"), ("type", "", "page", "int"),
        ("<json", "string", "data.title", "a title"), ("<json", "integer", "data.meta.size", "a size"),
        ("param", "", "slug", "a slug")], path="/x/(int:id)/(slug)"))
    # an untyped URL value keeps no type words: its prose may state one (the parameter is a string otherwise)
    assert [(f.name, f.type_words, f.required) for f in fields["path"]] == [("slug", "", True),
                                                                            ("id", "int", True)]
    assert [(f.name, f.type_words) for f in fields["query"]] == [("page", "int")]
    data = fields["body"][0]
    assert (data.name, data.type_words) == ("data", "object")
    assert [(c.name, c.type_words) for c in data.children] == [("title", "string"), ("meta", "object")]
    assert [(c.name, c.type_words) for c in data.children[1].children] == [("size", "integer")]


def test_request_line_and_synopsis() -> None:
    declared = endpoint([("synopsis", "", "", "From a field.")], path="/buckets/(bucket_id)/groups/{group_id}")
    assert httpdomain.request_line(declared).template == "/buckets/{bucket_id}/groups/{group_id}"
    assert httpdomain.synopsis(declared) == "From a field."
    assert httpdomain.synopsis(endpoint([], options=(("synopsis", "From the option."),))) == "From the option."


def golden(corpus: str) -> list:
    return [(corpus, case) for case in read_cases(ROOT / "tests" / "goldens" / f"{corpus}.txt")]


GOLDENS = golden("httpdomain") + golden("kinto")


@pytest.mark.parametrize(("corpus", "case"), GOLDENS, ids=[f"{c}-{case.id}" for c, case in GOLDENS])
def test_hand_checked_corpus_pages(corpus, case) -> None:
    page = SHARED / "corpus" / corpus / case.source.strip()
    if not page.is_file():
        pytest.skip(f"../shared/corpus/{corpus} is absent")
    extraction = extract_paths([page], ExtractOptions())
    assert summarize(extraction.operations) == case.expected


def test_kinto_statuses_come_from_included_substitution_lists() -> None:
    page = SHARED / "corpus" / "kinto" / "docs" / "api" / "1.x" / "buckets.rst"
    if not page.is_file():
        pytest.skip("../shared/corpus/kinto is absent")
    extraction = extract_paths([page], ExtractOptions())
    op = next(op for op in extraction.operations if op.key == ("/buckets/{bucket_id}", "put"))
    statuses = {r.status: r for r in op.responses}
    assert set(statuses) == {"200", "201", "400", "401", "403", "406", "412", "415"}
    # "* |status-201|: The object was created" in _status-put-object.rst, line 4
    assert statuses["201"].location.path.endswith("_status-put-object.rst") and statuses["201"].location.line == 4
    assert op.location.line == 88  # the directive line in buckets.rst, after earlier includes
