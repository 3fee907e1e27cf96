"""doccontract lint: every rule fires at the known line and column of our defect page, not on the
clean page; output formats are valid (SARIF against the 2.1.0 schema); config and inline suppression."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, SEEDS

from validator.cli import main
from validator.config import Config, load_config
from validator.lint import lint
from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths

LINT = FIXTURES / "cases" / "lint"

EXPECTED_DEFECTS = {
    ("lint.no-description", 5, 1),
    ("lint.undocumented-placeholder", 5, 1),
    ("lint.wrong-heading", 12, 1),
    ("lint.path-parameter-not-in-url", 15, 1),
    ("extract.unknown-type", 21, 1),
    ("extract.duplicate-parameter", 23, 1),
    ("lint.example-mismatch", 44, 1),  # the example omits the (misplaced) required node_id
    ("lint.example-mismatch", 45, 3),  # "mode": "fastest" is not in the enum
    ("lint.example-mismatch", 46, 3),  # "count": 11 exceeds "Value range: 1-10"
    ("lint.undocumented-field", 47, 3),
    ("lint.example-url-mismatch", 53, 1),
    ("lint.example-mismatch", 61, 3),  # "stopped": "yes" is not a Boolean
    ("lint.undocumented-field", 62, 3),
    ("lint.undocumented-status", 68, 1),  # at the status line that states 418
    ("lint.missing-required-field", 80, 1),
}


def findings(*paths: Path, config: Config | None = None):
    extraction = extract_paths(list(paths), ExtractOptions())
    return lint(extraction, build_spec(extraction.operations), config or Config()).sorted()


def test_every_rule_fires_at_its_line_and_column() -> None:
    found = {(d.code, d.location.line, d.location.column) for d in findings(LINT / "defects.asciidoc")}
    assert found == EXPECTED_DEFECTS


def test_example_statuses_and_host_placeholders() -> None:
    """A status an example's prose states is held against the status table; an example URL with a host
    placeholder matches its template; an example request of a neighbouring API is reported once."""
    found = [(d.code, d.location.line) for d in findings(LINT / "example-statuses.rst")]
    assert found == [("lint.undocumented-status", 45), ("lint.example-url-mismatch", 53)]


def test_examples_of_another_documented_operation_are_not_this_ones_defects(tmp_path: Path) -> None:
    """A page that shows a neighbouring operation's example (documented on another page) does not get
    URL, field or status findings for it."""
    page = LINT / "example-statuses.rst"
    other = tmp_path / "labels.rst"
    other.write_text("Listing Labels\n==============\n\nLists labels.\n\nURI\n---\n\nGET /v2/{project_id}/labels\n\n"
                     "Status Codes\n------------\n\n=========== ===========\nStatus Code Description\n"
                     "=========== ===========\n200         OK\n=========== ===========\n", encoding="utf-8")
    found = [(d.code, d.location.line) for d in findings(page, other) if d.location.path.endswith(page.name)]
    assert found == [("lint.undocumented-status", 45)]


def test_no_success_response() -> None:
    codes = [d.code for d in findings(LINT / "no-success.asciidoc")]
    assert codes == ["lint.no-description", "lint.no-success-response"]


def test_a_consistent_page_lints_clean() -> None:
    assert findings(LINT / "clean.asciidoc") == []


def test_inline_suppression_covers_the_next_block_only() -> None:
    lines = {d.location.line for d in findings(LINT / "defects.asciidoc") if d.code == "lint.undocumented-field"}
    assert 75 not in lines and lines == {47, 62}


def test_seeds_lint_with_the_problems_they_really_have() -> None:
    found = {(d.location.path.split("/")[-1][:3], d.code) for d in findings(SEEDS)}
    assert ("003", "extract.stripped-placeholder") in found
    assert ("003", "lint.wrong-heading") in found  # timeout, force, allow_no_match under "Path parameters"
    assert ("001", "extract.unnamed-field") in found  # the rendered page lost the name of "timeout"
    assert ("000", "read.unresolved-include") in found
    assert not any(code.startswith("lint.example") for _, code in found)
    assert not any(name in ("002", "004") for name, _ in found)


def test_config_switches_rules_off_and_changes_levels(tmp_path: Path) -> None:
    config_file = tmp_path / "doccontract.toml"
    config_file.write_text('fail-on = "warning"\nignore = ["lint.no-description"]\n'
                           '[severity]\n"lint.undocumented-field" = "error"\n', encoding="utf-8")
    config = load_config(None, tmp_path)
    found = findings(LINT / "defects.asciidoc", config=config)
    assert "lint.no-description" not in {d.code for d in found}
    assert {d.level.label for d in found if d.code == "lint.undocumented-field"} == {"error"}
    assert main(["lint", str(LINT / "no-success.asciidoc"), "--config", str(config_file)]) == 1
    assert main(["lint", str(LINT / "no-success.asciidoc")]) == 0


def test_exit_codes(tmp_path: Path, capsys) -> None:
    assert main(["lint", str(LINT / "clean.asciidoc")]) == 0
    assert main(["lint", str(LINT / "defects.asciidoc")]) == 1
    assert main(["lint", str(LINT / "no-success.asciidoc"), "--fail-on", "warning"]) == 1
    assert main(["lint", str(tmp_path / "missing.adoc")]) == 2
    bad = tmp_path / "bad.toml"
    bad.write_text('[severity]\n"no.such-rule" = "error"\n', encoding="utf-8")
    assert main(["lint", str(LINT / "clean.asciidoc"), "--config", str(bad)]) == 2


def test_sarif_is_valid_and_reproducible(tmp_path: Path) -> None:
    out = tmp_path / "lint.sarif"
    assert main(["lint", str(LINT), "--format", "sarif", "--output", str(out)]) == 1
    log = json.loads(out.read_text())
    jsonschema.validate(log, json.loads((FIXTURES / "sarif-2.1.0-rtm.5.json").read_text()))
    run = log["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"lint.example-mismatch", "merge.conflict"}
    result = next(r for r in run["results"] if r["ruleId"] == "lint.undocumented-field")
    region = result["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "fixtures/cases/lint/defects.asciidoc"
    assert (region["region"]["startLine"], region["region"]["startColumn"]) == (47, 3)
    first = out.read_text()
    main(["lint", str(LINT), "--format", "sarif", "--output", str(out)])
    assert out.read_text() == first


def test_json_findings_match_their_schema(tmp_path: Path) -> None:
    out = tmp_path / "lint.json"
    main(["lint", str(LINT), "--format", "json", "--output", str(out)])
    schema = json.loads((Path(__file__).parent.parent / "validator/report/report.schema.json").read_text())
    document = json.loads(out.read_text())
    jsonschema.validate(document, schema)
    assert document["summary"]["error"] == sum(f["severity"] == "error" for f in document["findings"])


@pytest.mark.parametrize("name", ["otc", "httpdomain", "kinto", "elasticsearch"])
def test_linting_a_corpus_does_not_crash(corpus_dir: Path, name: str) -> None:
    found = findings(corpus_dir / name)
    assert not [d for d in found if d.code == "internal.crash"]
