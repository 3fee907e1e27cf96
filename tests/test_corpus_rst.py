"""The RST corpora (../shared/corpus/otc, httpdomain, kinto): no crash, every endpoint page yields its
operations, and hand-checked samples match their pages."""

from __future__ import annotations

import re

import pytest
from conftest import SHARED
from openapi_spec_validator import validate

from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths

CORPUS = SHARED / "corpus"


def extract(name: str):
    if not (CORPUS / name).is_dir():
        pytest.skip(f"../shared/corpus/{name} is absent")
    return extract_paths([CORPUS / name], ExtractOptions())


@pytest.fixture(scope="module")
def otc():
    return extract("otc")


@pytest.fixture(scope="module")
def kinto():
    return extract("kinto")


@pytest.mark.parametrize("name", ["otc", "httpdomain", "kinto"])
def test_no_crash_and_valid_openapi(name) -> None:
    extraction = extract(name)
    assert not [d for d in extraction.diagnostics if d.code == "internal.crash"]
    validate(build_spec(extraction.operations))


def test_every_otc_uri_page_yields_an_operation(otc) -> None:
    sources = {s for op in otc.operations for s in op.sources}
    pages = [p for p in sorted((CORPUS / "otc").rglob("*.rst"))
             if re.search(r"(?m)^URI\n---", p.read_text(encoding="utf-8"))]
    missing = [p.name for p in pages if not any(s.endswith(p.name) for s in sources)]
    assert len(pages) > 50 and missing == []


def test_otc_sample_create_job_structures(otc) -> None:
    ops = {op.key: op for op in otc.operations}
    op = ops[("/v1.1/{project_id}/clusters/{cluster_id}/cdm/job", "post")]
    jobs = op.body.property("jobs")
    assert jobs.required and jobs.schema.type == "array" and jobs.schema.items.name == "Job"
    job = jobs.schema.items
    config = job.property("from-config-values").schema
    assert config.name == "ConfigValues"
    assert config.property("configs").schema.items.property("inputs").schema.items.name == "Input"


def test_every_kinto_directive_yields_an_operation(kinto) -> None:
    declared = set()
    for page in (CORPUS / "kinto").rglob("*.rst"):
        for method, path in re.findall(r"(?m)^\.\. http:(\w+):: (.+?)\s*$", page.read_text(encoding="utf-8")):
            declared.add((re.sub(r"\(([^()]+)\)", lambda m: "{" + re.sub(r"\W", "", m.group(1)) + "}", path),
                          method))
    assert declared <= {op.key for op in kinto.operations}


def test_kinto_sample_get_bucket(kinto) -> None:
    ops = {op.key: op for op in kinto.operations}
    op = ops[("/buckets/{bucket_id}", "get")]
    assert op.summary == "Returns a specific bucket by its ID."
    assert {r.status for r in op.responses} == {"200", "304", "400", "401", "403", "404", "406", "412"}
    ok = next(r for r in op.responses if r.status == "200")
    assert ok.inferred_from_example and [p.name for p in ok.schema.properties] == ["data", "permissions"]
