"""The Elasticsearch corpus (../shared/corpus/elasticsearch): every page extracts without a crash, every
page with a request line yields its operations, and a hand-checked sample matches its page."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths
from validator.readers.attributes import parse_attributes_file


@pytest.fixture(scope="module")
def es_corpus(request):
    corpus = request.getfixturevalue("corpus_dir") / "elasticsearch"
    attributes = parse_attributes_file((corpus / "attributes/shared/attributes.asciidoc").read_text())
    options = ExtractOptions(attributes=attributes, include_paths=(corpus / "docs/reference",))
    return corpus, extract_paths([corpus / "docs"], options)


@pytest.fixture(scope="module")
def corpus_dir():
    from conftest import SHARED

    path = SHARED / "corpus"
    if not path.is_dir():
        pytest.skip("../shared/corpus is absent")
    return path


def test_no_crash_and_valid_openapi(es_corpus) -> None:
    _, extraction = es_corpus
    assert not [d for d in extraction.diagnostics if d.code == "internal.crash"]
    validate(build_spec(extraction.operations))


def test_every_page_with_a_request_line_yields_operations(es_corpus) -> None:
    corpus, extraction = es_corpus
    sources = {s for op in extraction.operations for s in op.sources}
    missing = []
    for page in sorted((corpus / "docs").rglob("*.asciidoc")):
        text = page.read_text(encoding="utf-8")
        if re.search(r"(?m)^==+ (?:\{api-request-title\}|Request)\s*$", text) and \
                re.search(r"(?m)^`(?:GET|POST|PUT|DELETE|HEAD) ", text):
            if not any(s.endswith(page.relative_to(corpus).as_posix()) for s in sources):
                missing.append(page.name)
    assert missing == []


def test_sample_close_job_matches_its_page(es_corpus) -> None:
    _, extraction = es_corpus
    ops = {op.key: op for op in extraction.operations}
    op = ops[("/_ml/anomaly_detectors/{job_id}/_close", "post")]
    params = {(p.where, p.name): p for p in op.parameters}
    assert set(params) == {("path", "job_id"), ("query", "allow_no_jobs"), ("query", "force"), ("query", "timeout")}
    assert params[("query", "force")].schema.type == "boolean"
    # the default sits in a '--' open block attached with '+'
    assert params[("query", "allow_no_jobs")].schema.default is True
    assert params[("query", "timeout")].schema.pattern and params[("query", "timeout")].schema.default == "30m"
    assert {r.status for r in op.responses} >= {"200", "404"}
    assert "_all" in " ".join(op.alternate_paths)


def test_sample_create_dfanalytics_nested_body_matches_its_page(es_corpus) -> None:
    _, extraction = es_corpus
    ops = {op.key: op for op in extraction.operations}
    op = ops[("/_ml/data_frame/analytics/{data_frame_analytics_id}", "put")]
    analysis = op.body.property("analysis")
    assert analysis.required
    # "(Required^*^, object)": one of classification / outlier_detection / regression, none required alone
    assert [p.name for p in analysis.schema.properties] == ["classification", "outlier_detection", "regression"]
    assert not any(p.required for p in analysis.schema.properties)
    outlier = analysis.schema.property("outlier_detection").schema
    threshold = outlier.property("feature_influence_threshold").schema
    assert (threshold.type, threshold.minimum, threshold.maximum, threshold.default) == ("number", 0, 1, 0.1)
    assert outlier.property("method").schema.enum == ("lof", "ldof", "distance_kth_nn", "distance_knn")
    assert op.body.property("dest").schema.property("index").required
    assert {p.scope for p in op.privileges} == {"roles", "index"}


def test_sample_get_buckets_privileges_by_sentence(es_corpus) -> None:
    _, extraction = es_corpus
    ops = {op.key: op for op in extraction.operations}
    op = ops[("/_ml/anomaly_detectors/{job_id}/results/buckets", "get")]
    by_scope = {p.scope: p for p in op.privileges}
    assert by_scope["cluster"].names == ("monitor_ml", "monitor", "manage_ml", "manage")
    assert by_scope["cluster"].alternatives
    assert by_scope["index"].names == ("read",)
    assert by_scope["roles"].names == ("machine_learning_admin", "machine_learning_user")
