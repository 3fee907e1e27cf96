"""The one report model: every writer renders lint, validate and contract reports from the same Report;
JSON shares one schema, SARIF is valid 2.1.0 and locates contract failures at doc lines; nothing from a
server or a page is raw in Markdown, HTML or JUnit, and no secret survives in any format."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, ROOT

from validator.contract.outcome import (
    FAILED,
    NOT_EXERCISED,
    PASSED,
    CheckResult,
    ContractResult,
    Finding,
    OperationResult,
)
from validator.diagnostics import RULES, Diagnostic, Severity
from validator.model import Location
from validator.report import WRITERS, Report, render
from validator.report.contract import check_code, contract_report
from validator.report.jsondoc import from_dict, to_dict
from validator.report.merge import merge_reports

SCHEMA = json.loads((ROOT / "validator/report/report.schema.json").read_text())
SARIF_SCHEMA = json.loads((FIXTURES / "sarif-2.1.0-rtm.5.json").read_text())
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "</pre><u>bold</u>", "```", "| x |",
            "[link](javascript:alert(3))", "@everyone", "\x00\x1b[31m"]
SECRETS = ("admin:s3cr3t-pass", "s3cr3t-pass", "tok-9f8e7d6c5b")


def planted_result() -> ContractResult:
    """A contract run whose server answered every payload and whose requests carry every secret."""
    op = OperationResult("post", "/items/{id}", "createItem", Location("docs/items.rst", 12))
    check = CheckResult("doc_constraints", source=Location("docs/items.rst", 30, 5))
    for i, payload in enumerate(PAYLOADS):
        check.findings.append(Finding(f"server said {payload} line1\nline2",
                                      f"curl -u admin:s3cr3t-pass -H 'Private-Token: tok-9f8e7d6c5b' "
                                      f"-H 'Authorization: Basic YWRtaW46czNjcjN0LXBhc3M=' -d '{payload}' /x{i}",
                                      Location("docs/items.rst", 31 + i)))
    check.failed, check.status = len(PAYLOADS), FAILED
    op.checks[check.name] = check
    op.checks["privileges"] = CheckResult("privileges", PASSED, passed=1)
    pending = CheckResult("lifecycle", NOT_EXERCISED,
                          findings=[Finding("409 <script>x</script>", "curl /y", verdict="inconclusive")])
    op.checks["lifecycle"] = pending
    return ContractResult("http://127.0.0.1:1", [op], requests=12, spec_title="Items <script>")


def lint_report() -> Report:
    return Report("lint", [Diagnostic("lint.undocumented-field", "member <b>x</b> not documented",
                                      Location("docs/a.adoc", 7, 3), expected="a row", found="x"),
                           Diagnostic("lint.no-description", "GET /a has no description", Location("docs/a.adoc", 2))],
                  files=1)


@pytest.mark.parametrize("writer", [w.name for w in WRITERS])
def test_every_format_renders_every_command(writer: str) -> None:
    for report in (lint_report(), Report("validate", [], 1), contract_report(planted_result())):
        assert render(report, writer).strip()


def test_json_of_lint_validate_and_test_share_one_schema_and_round_trips() -> None:
    for report in (lint_report(), Report("validate", [Diagnostic("validate.spec", "bad", Location("s.yaml", 3))], 1),
                   contract_report(planted_result(), secrets=SECRETS)):
        document = to_dict(report)
        jsonschema.validate(document, SCHEMA)
        assert to_dict(from_dict(document)) == document


def test_contract_findings_are_diagnostics_located_at_doc_lines() -> None:
    report = contract_report(planted_result())
    failures = [d for d in report.diagnostics if d.code == "contract.doc-constraints"]
    assert len(failures) == len(PAYLOADS)
    assert {d.location.path for d in failures} == {"docs/items.rst"} and failures[0].location.line == 31
    assert all(d.verdict == "server-deviation" and d.level == Severity.ERROR and d.subject == "POST /items/{id}"
               for d in failures)
    pending = next(d for d in report.diagnostics if d.code == "contract.lifecycle")
    assert pending.verdict == "inconclusive" and pending.level == Severity.INFO
    assert report.exit_code == 1


def test_sarif_covers_contract_runs_and_is_valid() -> None:
    log = json.loads(render(contract_report(planted_result()), "sarif"))
    jsonschema.validate(log, SARIF_SCHEMA)
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "contract.doc-constraints")
    region = result["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "docs/items.rst" and region["region"]["startLine"] == 31
    assert result["properties"]["request"].startswith("curl ") and result["properties"]["verdict"]


def test_every_contract_check_has_a_rule() -> None:
    from validator.contract.outcome import CHECK_HELP

    assert all(check_code(name) != "contract.check" for name in CHECK_HELP)
    assert all(check_code(name) in RULES for name in CHECK_HELP)


@pytest.mark.parametrize("writer", [w.name for w in WRITERS])
def test_no_secret_in_any_format(writer: str) -> None:
    text = render(contract_report(planted_result(), secrets=SECRETS), writer)
    for secret in ("s3cr3t-pass", "tok-9f8e7d6c5b", "YWRtaW46czNjcjN0LXBhc3M"):
        assert secret not in text, writer


@pytest.mark.parametrize("writer", ["markdown", "html", "junit"])
def test_no_raw_markup_from_servers_or_docs(writer: str) -> None:
    text = render(contract_report(planted_result()), writer) + render(lint_report(), writer)
    for raw in ("<script", "<img", "<u>", "</pre><u>", "\x00", "\x1b"):
        assert raw not in text, (writer, raw)
    if writer == "markdown":  # renderers take raw HTML and autolinks in Markdown: nothing that looks like them
        for raw in ("onerror=", "```", "@everyone", "](javascript"):
            assert raw not in text, (writer, raw)
    if writer == "junit":
        root = ElementTree.fromstring(render(contract_report(planted_result()), writer).encode())
        messages = " ".join(f.text or "" for f in root.iter("failure"))
        assert "server said" in messages  # escaped by XML, intact for the reader


def test_diagnostics_are_one_line_each() -> None:
    text = render(contract_report(planted_result()), "text")
    assert all("line1" not in line or "line2" in line for line in text.splitlines())
    assert Diagnostic("read.markup", "a\nb\rc", Location("x.rst", 1)).format().count("\n") == 0


EXIT_TABLE = [  # (diagnostic codes, fail_on, exit code) — the rule, for every command
    ((), "error", 0),
    (("lint.no-description",), "error", 0),
    (("lint.no-description",), "info", 1),
    (("lint.example-mismatch",), "error", 1),
    (("usage.error", "lint.example-mismatch"), "error", 2),
    (("contract.unreachable",), "error", 3),
    (("contract.server-died", "contract.doc-examples"), "error", 3),
    (("contract.nothing-exercised",), "error", 4),
    (("internal.crash", "usage.error", "contract.unreachable"), "error", 5),
]


@pytest.mark.parametrize("command", ["extract", "lint", "validate", "test", "merge"])
@pytest.mark.parametrize(("codes", "fail_on", "code"), EXIT_TABLE)
def test_the_exit_code_rule(command: str, codes: tuple, fail_on: str, code: int) -> None:
    report = Report(command, [Diagnostic(c, "x") for c in codes], fail_on=Severity.parse(fail_on))
    assert report.exit_code == code
    assert merge_reports([report, Report(command)], Severity.parse(fail_on)).exit_code == code


def test_doc_defects_gate_only_with_fail_on_doc_defect() -> None:
    result = planted_result()
    for finding in result.operations[0].checks["doc_constraints"].findings:
        finding.verdict = "doc-defect"  # as contract/ marks them
    assert contract_report(result).exit_code == 0
    assert contract_report(result, Severity.parse("doc-defect")).exit_code == 1


def test_writers_registry_is_a_tuple_with_unique_names_and_files() -> None:
    assert isinstance(WRITERS, tuple)
    assert len({w.name for w in WRITERS}) == len({w.file_name for w in WRITERS}) == len(WRITERS)


def test_yaml_c_and_python_emitters_give_the_same_bytes() -> None:
    import yaml

    from validator.yamlio import dump_yaml, load_yaml, spec_dumper

    if not hasattr(yaml, "CSafeDumper"):
        pytest.skip("PyYAML without libyaml")
    python_dumper = spec_dumper(yaml.SafeDumper)
    for path in sorted((ROOT / "specs").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        spec = load_yaml(text)
        assert spec == load_yaml(text, yaml.SafeLoader)
        assert dump_yaml(spec) == dump_yaml(spec, python_dumper) == text
    tricky = [{"a": "multi\nline ünïcode", "b": [1, 2.5, None, True], "c": {"x": "'quoted' \"both\"", "": "# h"}},
              {"tab": "x\ty " * 40, "emoji": "😀 " * 60, "nul": "\x00\x1b", "sep": "a\u2028b\x85c\ufeff" * 20},
              {"key\nwith newline": 1, " lead": 2, "x" * 200: 3, "\xa0\n\n": {}}, ["top", "level"], "scalar", 7]
    random = __import__("random").Random(5)
    alphabet = "ab :#-'\"\n\t{}[],&*!|>%@`?=\\é中😀\u2028\x85\ufeff\x00\xa0"
    for _ in range(300):
        text = "".join(random.choice(alphabet) for _ in range(random.choice([1, 5, 99, 101, 150])))
        tricky += [{"k": text}, {text: [text, {"v": text}]}]
    for data in tricky:
        assert dump_yaml(data) == dump_yaml(data, python_dumper), data


def test_report_round_trip_file(tmp_path: Path) -> None:
    text = render(contract_report(planted_result()), "json")
    (tmp_path / "report.json").write_text(text)
    assert render(from_dict(json.loads(text)), "json") == text


def test_run_facts_become_diagnostics() -> None:
    from types import SimpleNamespace

    result = planted_result()
    result.server_gone = "the server stopped answering after curl -X POST http://127.0.0.1:1/x"
    result.excluded = [SimpleNamespace(label="POST /_restart", reason="disruptive: restarts the server",
                                       source=Location("docs/admin.rst", 4))]
    result.operations[0].checks["doc_constraints"].findings[0].how = ["curl -X PUT /items/a → 201", "baseline ok"]
    report = contract_report(result)
    assert report.exit_code == 3 and "stopped answering" in report.verdict()
    excluded = next(d for d in report.diagnostics if d.code == "contract.excluded")
    assert excluded.subject == "POST /_restart" and excluded.location.line == 4
    assert any(d.how == "curl -X PUT /items/a → 201; baseline ok" for d in report.diagnostics)


@pytest.mark.slow
def test_sarif_of_a_real_contract_run_is_located_at_doc_lines(tmp_path: Path, capsys) -> None:
    from fixtures.servers.base import Server
    from fixtures.servers.elastic import ElasticApp
    from validator.cli import main

    with Server(ElasticApp("no-privilege-check")) as server:
        code = main(["test", str(ROOT / "specs/elasticsearch-ml.yaml"), "--base-url", server.url,
                     "--auth", "elastic:changeme", "--unprivileged-auth", "viewer:viewer", "--max-examples", "3",
                     "--format", "sarif", "--output", str(tmp_path / "contract.sarif")])
    assert code == 1, capsys.readouterr().err
    log = json.loads((tmp_path / "contract.sarif").read_text())
    jsonschema.validate(log, SARIF_SCHEMA)
    failure = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "contract.privileges")
    location = failure["locations"][0]["physicalLocation"]
    spec = yaml.safe_load((ROOT / "specs/elasticsearch-ml.yaml").read_text())
    method, path = failure["properties"]["operation"].split(" ", 1)
    promised = spec["paths"][path][method.lower()]["x-source"]
    assert location["artifactLocation"]["uri"] == promised["file"]
    assert location["region"]["startLine"] == promised["line"]
    assert "changeme" not in (tmp_path / "contract.sarif").read_text()
