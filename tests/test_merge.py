"""Several sources of one operation merge field by field; disagreements name both places."""

from __future__ import annotations

from pathlib import Path

from validator.pipeline import ExtractOptions, extract_paths

PAGE = """=== Start engines API

==== {{api-request-title}}

`POST _engines/<engine_id>/_start`

==== {{api-query-parms-title}}

`timeout`::
(Optional, {timeout_type}) How long to wait. Defaults to {default}.

`dry_run`::
(Optional, boolean) Only check.
"""


def write(tmp_path: Path, name: str, **values) -> Path:
    path = tmp_path / name
    path.write_text(PAGE.format(**values), encoding="utf-8")
    return path


def test_sources_that_agree_merge_silently(tmp_path: Path) -> None:
    a = write(tmp_path, "a.asciidoc", timeout_type="time units", default="30s")
    b = write(tmp_path, "b.asciidoc", timeout_type="time units", default="30s")
    extraction = extract_paths([a, b], ExtractOptions())
    assert len(extraction.operations) == 1
    assert [d for d in extraction.diagnostics if d.code == "merge.conflict"] == []
    assert len(extraction.operations[0].sources) == 2


def test_disagreements_are_conflicts_naming_both_locations(tmp_path: Path) -> None:
    a = write(tmp_path, "a.asciidoc", timeout_type="time units", default="30s")
    b = write(tmp_path, "b.asciidoc", timeout_type="integer", default="30")
    extraction = extract_paths([a, b], ExtractOptions())
    conflicts = [d for d in extraction.diagnostics if d.code == "merge.conflict"]
    aspects = sorted(d.message.split("disagree on ")[1].split(";")[0] for d in conflicts)
    assert aspects == ["default", "description", "type"]
    for conflict in conflicts:
        assert conflict.location.path.endswith("b.asciidoc") and conflict.location.line == 9
        assert [r.path.split("/")[-1] for r in conflict.related] == ["a.asciidoc"]
    # the first source wins
    timeout = extraction.operations[0].parameter("timeout", "query")
    assert timeout.schema.type == "string" and timeout.schema.default == "30s"
