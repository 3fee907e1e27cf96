"""A path template extraction had to repair is reported once, at the doc line that states it, saying
what was found and what was written (extract.path-repaired; stripped placeholders: their own code)."""

from __future__ import annotations

from pathlib import Path

from validator.pipeline import ExtractOptions, extract_paths

PAGES = {
    "objects.rst": ".. http:get:: /objects/(object url)\n\n   Reads an object.\n\n"
                   "   :statuscode 200: OK\n\n"
                   ".. http:get:: /objects/(int:object_id)\n\n   A clean template.\n\n   :statuscode 200: OK\n",
    "things.rst": "Things\n======\n\nReads a thing.\n\n``GET //v1/things/{$thing_id}/parts/{proje``\n",
    "jobs.rst": "Stop a job\n==========\n\n``POST /_jobs/x//_stop``\n\n"
                "Start a job\n===========\n\n``POST /_jobs/x/<job_id>/_start``\n",
}


def _repairs(tmp_path: Path) -> list:
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    extraction = extract_paths([tmp_path], ExtractOptions())
    return [d for d in extraction.diagnostics
            if d.code in ("extract.path-repaired", "extract.stripped-placeholder")]


def test_each_repaired_template_says_what_was_found_and_written(tmp_path: Path) -> None:
    found = {(Path(d.location.path).name, d.location.line, d.code): d for d in _repairs(tmp_path)}
    assert set(found) == {("objects.rst", 1, "extract.path-repaired"), ("things.rst", 6, "extract.path-repaired"),
                          ("jobs.rst", 4, "extract.stripped-placeholder")}
    objects = found["objects.rst", 1, "extract.path-repaired"]
    assert objects.found == "/objects/(object url)"
    assert "'(object url)' written as {objecturl}" in objects.message
    assert objects.message.endswith("written as /objects/{objecturl}")
    things = found["things.rst", 6, "extract.path-repaired"]
    assert things.found == "//v1/things/{$thing_id}/parts/{proje"
    for repair in ("doubled leading slash collapsed", "'{$thing_id}' written as {thing_id}",
                   "stray '{' percent-encoded as %7B"):
        assert repair in things.message
    assert things.message.endswith("written as /v1/things/{thing_id}/parts/%7Bproje")
    jobs = found["jobs.rst", 4, "extract.stripped-placeholder"]
    assert jobs.message.endswith("written as /_jobs/x/{job_id}/_stop")


def test_a_request_lines_literal_query_value_shows_its_type() -> None:
    """'GET /v1/nodes/{id}/bios/?detail=True' (Ironic's api-ref) beside a table typing detail boolean: the
    request line's parameter is a boolean too, so the two sources no longer disagree (merge.conflict)."""
    from validator.extract.urls import literal_type, typed_value

    assert [literal_type(v) for v in ("True", "false", "20", "-3", "abc", "")] == \
        ["boolean", "boolean", "integer", "integer", "string", "string"]
    typed = (typed_value("True", "boolean"), typed_value("20", "integer"), typed_value("x", "integer"))
    assert typed == (True, 20, "x")
