"""The CLI boundary: every bad input or output target ends in one line `doccontract: error: …` and its
exit code, never a traceback; an internal error is exit 5 with one line (the traceback only with --debug);
every exit code for every subcommand; help texts; `python -m validator`; lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SEEDS

from validator import cli
from validator.cli import build_parser, main

SEED = SEEDS / "004_6592c7f47cb18f43.txt"
SPEC = ROOT / "specs" / "dataarts-studio.yaml"
LINT = FIXTURES / "cases" / "lint"
CLOSED = "http://127.0.0.1:9"


def _fifo(tmp: Path) -> str:
    path = tmp / "pipe.adoc"
    os.mkfifo(path)
    return str(path)


def _binary(tmp: Path) -> str:
    path = tmp / "attrs.adoc"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00binary")
    return str(path)


def _directory(tmp: Path) -> str:
    (tmp / "out").mkdir()
    return str(tmp / "out")


def _report_json(tmp: Path, codes: list[str]) -> str:
    from validator.diagnostics import Diagnostic
    from validator.report import Report, render

    directory = tmp / f"shard-{len(list(tmp.iterdir()))}"
    directory.mkdir()
    (directory / "report.json").write_text(render(Report("test", [Diagnostic(c, "x") for c in codes], 1), "json"))
    return str(directory)


# (id, argv built from tmp_path, exit code, a phrase of the one-line message)
BOUNDARY = [
    ("binary-attributes", lambda t: ["extract", str(SEED), "--attributes", _binary(t)], 2, "is not UTF-8 text"),
    ("fifo-attributes", lambda t: ["extract", str(SEED), "--attributes", _fifo(t)], 2, "not a regular file"),
    ("fifo-input", lambda t: ["extract", _fifo(t)], 2, "not a regular file"),
    ("fifo-lint-input", lambda t: ["lint", _fifo(t)], 2, "not a regular file"),
    ("fifo-spec", lambda t: ["validate", _fifo(t)], 2, "not a regular file"),
    ("fifo-traffic", lambda t: ["validate", str(SPEC), "--traffic", _fifo(t)], 2, "not a regular file"),
    ("fifo-config", lambda t: ["lint", str(SEED), "--config", _fifo(t)], 2, "not a regular file"),
    ("missing-input", lambda t: ["lint", str(t / "nope.adoc")], 2, "no such file"),
    ("output-is-root", lambda t: ["extract", str(SEED), "-o", "/"], 2, "is a directory"),
    ("output-is-directory", lambda t: ["extract", str(SEED), "-o", _directory(t)], 2, "is a directory"),
    ("output-pseudo-fs", lambda t: ["extract", str(SEED), "-o", "/proc/doccontract.yaml"], 2, "cannot write"),
    ("output-unwritable", lambda t: ["lint", str(SEED), "--output", "/sys/doccontract.txt"], 2, "cannot write"),
    ("output-under-a-file", lambda t: ["lint", str(SEED), "--output", str(SEED / "x.txt")], 2, "cannot write"),
    ("spec-not-yaml", lambda t: ["validate", str(SEED)], 2, "not YAML or JSON"),
    ("spec-not-mapping", lambda t: ["validate", str(LINT / "clean.asciidoc")], 2, "not"),
    ("spec-binary", lambda t: ["test", _binary(t), "--base-url", CLOSED], 2, "not UTF-8"),
    ("report-dir-unwritable", lambda t: ["test", str(SPEC), "--base-url", CLOSED, "--report-dir", "/proc/x"], 2,
     "cannot write"),
    ("junit-is-directory", lambda t: ["test", str(SPEC), "--base-url", CLOSED, "--junit", _directory(t)], 2,
     "is a directory"),
    ("base-url-no-scheme", lambda t: ["test", str(SPEC), "--base-url", "127.0.0.1:9"], 2, "http:// or https://"),
    ("base-url-ftp", lambda t: ["test", str(SPEC), "--base-url", "ftp://127.0.0.1/"], 2, "http:// or https://"),
    ("base-url-bad-port", lambda t: ["test", str(SPEC), "--base-url", "http://127.0.0.1:99999"], 2, "invalid port"),
    ("bad-shard", lambda t: ["test", str(SPEC), "--base-url", CLOSED, "--shard", "3/2"], 2, "--shard expects"),
    ("unknown-format", lambda t: ["lint", str(SEED), "--format", "yaml"], 2, "invalid choice"),
    ("bad-attribute", lambda t: ["extract", str(SEED), "-a", "novalue"], 2, "NAME=VALUE"),
    ("merge-not-a-report", lambda t: ["report", "merge", str(SEED)], 2, "not a doccontract report"),
]


@pytest.mark.parametrize(("argv", "code", "phrase"), [row[1:] for row in BOUNDARY], ids=[row[0] for row in BOUNDARY])
def test_bad_inputs_and_targets_are_one_line_usage_errors(tmp_path: Path, capsys, argv, code: int,
                                                         phrase: str) -> None:
    assert main(argv(tmp_path)) == code
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("doccontract: error:") or "error:" in line]
    assert lines and phrase in err, err
    assert "Traceback" not in err and not any(r in err for r in ("PosixPath(", "Diagnostic(", "Errno"))


def test_disk_full_is_a_usage_error(tmp_path: Path, capsys, monkeypatch) -> None:
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("validator.files.atomic_write", full)
    assert main(["extract", str(SEED), "-o", str(tmp_path / "spec.yaml")]) == 2
    assert "No space left on device" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["extract", "lint", "validate", "test", "merge"])
def test_an_internal_error_is_exit_5_with_one_line_and_a_traceback_only_with_debug(command: str, capsys,
                                                                                  monkeypatch, tmp_path) -> None:
    def crash(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    target = {"extract": "validator.pipeline.extract_spec", "lint": "validator.pipeline.extract_paths",
              "validate": "validator.specvalidate.iter_spec_errors", "test": "validator.contract.run_contract",
              "merge": "validator.report.merge.merge_reports"}[command]
    monkeypatch.setattr(target, crash)
    argv = {"extract": ["extract", str(SEED)], "lint": ["lint", str(SEED)], "validate": ["validate", str(SPEC)],
            "test": ["test", str(ROOT / "specs" / "elasticsearch-ml.yaml"), "--base-url", CLOSED],
            "merge": ["report", "merge", _report_json(tmp_path, [])]}[command]
    if command == "test":  # the spec is validated first: crash the contract run itself
        monkeypatch.setattr("validator.specvalidate.iter_spec_errors", lambda *a: iter(()))
    assert main(argv) == 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" in err and "boom second line" in err
    assert main(["--debug", *argv]) == 5
    assert "Traceback" in capsys.readouterr().err
    assert main([*argv, "--debug"]) == 5
    assert "Traceback" in capsys.readouterr().err


def test_exit_codes_of_every_subcommand(tmp_path: Path, capsys) -> None:
    """0/1/2 for the commands that read docs and specs; 3 and 4 for test; 0-5 through report merge (the
    same Report rule decides all of them; 5 is covered above for every subcommand)."""
    bad_spec = tmp_path / "bad.yaml"
    bad_spec.write_text("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {/a: {get: {responses: 7}}}\n")
    table = [
        (["extract", str(SEED), "-o", str(tmp_path / "s.yaml")], 0),
        (["extract", str(FIXTURES / "bad" / "binary-junk.adoc"), str(SEED), "-o", str(tmp_path / "s.yaml")], 1),
        (["extract", str(tmp_path / "missing.adoc")], 2),
        (["lint", str(LINT / "clean.asciidoc")], 0),
        (["lint", str(LINT / "defects.asciidoc")], 1),
        (["lint", str(LINT / "clean.asciidoc"), "--fail-on", "bogus"], 2),
        (["validate", str(SPEC)], 0),
        (["validate", str(bad_spec)], 1),
        (["validate", str(tmp_path / "missing.yaml")], 2),
        (["test", str(SPEC), "--base-url", CLOSED], 3),
        (["test", str(bad_spec), "--base-url", CLOSED], 2),
    ]
    for codes, expected in ([[], 0], [["contract.doc-examples"], 1], [["usage.error"], 2],
                            [["contract.server-died"], 3], [["contract.nothing-exercised"], 4],
                            [["internal.crash"], 5]):
        table.append((["report", "merge", _report_json(tmp_path, codes), _report_json(tmp_path, [])], expected))
    for argv, expected in table:
        assert main(argv) == expected, argv
    capsys.readouterr()


@pytest.mark.slow
def test_nothing_exercised_is_exit_4_and_refused_credentials_exit_2(capsys) -> None:
    from fixtures.servers.base import Server
    from fixtures.servers.elastic import ElasticApp

    spec = str(ROOT / "specs" / "elasticsearch-ml.yaml")
    with Server(ElasticApp()) as server:  # every request is refused: no credentials given
        code = main(["test", spec, "--base-url", server.url, "--max-examples", "1"])
        assert code == 4, capsys.readouterr().err
        code = main(["test", spec, "--base-url", server.url, "--auth", "elastic:wrong", "--max-examples", "1"])
    shown = capsys.readouterr()
    assert code == 2 and "they were not accepted (check --auth and --header)" in shown.out + shown.err


def test_every_option_has_help_and_help_lists_exit_codes(capsys) -> None:
    parser = build_parser()
    parsers = [parser]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            if action.choices and isinstance(action.choices, dict):
                parsers.extend(action.choices.values())
            elif action.option_strings or action.dest not in ("help",):
                assert action.help, (current.prog, action.dest)
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "exit codes" in out and all(f"  {code}  " in out for code in range(6))
    assert main(["test", "--help"]) == 0 and "exit codes" in capsys.readouterr().out


def test_python_dash_m_validator_and_version() -> None:
    done = subprocess.run([sys.executable, "-m", "validator", "--version"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("doccontract ")
    done = subprocess.run([sys.executable, "-m", "validator", "lint", "--format", "nope", "x"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2


def _modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_subcommands_import_only_what_they_use(tmp_path: Path) -> None:
    heavy = {"schemathesis", "openapi_core", "requests", "docutils", "hypothesis", "yaml", "jsonschema"}
    assert not heavy & _modules_after("from validator.cli import main\ntry:\n    main(['--version'])\n"
                                      "except SystemExit:\n    pass")
    lint = _modules_after(f"from validator.cli import main\nmain(['lint', {str(SEED)!r}, '--output', "
                          f"{str(tmp_path / 'l.txt')!r}])")
    assert "schemathesis" not in lint and "docutils" in lint
    validate = _modules_after(f"from validator.cli import main\nmain(['validate', {str(SPEC)!r}])")
    assert not {"schemathesis", "openapi_core", "docutils"} & validate


def test_text_and_json_share_the_format_across_commands(tmp_path: Path, capsys) -> None:
    main(["lint", str(LINT / "defects.asciidoc"), "--format", "json"])
    lint = json.loads(capsys.readouterr().out)
    main(["validate", str(SPEC), "--format", "json"])
    validate = json.loads(capsys.readouterr().out)
    main(["test", str(SPEC), "--base-url", CLOSED, "--format", "json"])
    test = json.loads(capsys.readouterr().out)
    assert set(lint) == set(validate) == set(test)
    assert (lint["command"], validate["command"], test["command"]) == ("lint", "validate", "test")
    assert test["exit_code"] == 3 and test["findings"][0]["code"] == "contract.unreachable"


def test_progress_only_on_a_terminal() -> None:
    import io

    from validator.clio import progress_printer
    from validator.contract.outcome import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    pipe, tty = io.StringIO(), Terminal()
    for stream in (pipe, tty):
        show = progress_printer(stream, total=3)
        show(Progress("doc examples: GET /x", requests=4))
        show(Progress("doc examples: POST /y", requests=9, failures=1))
        show.close()
    assert pipe.getvalue() == "" and "POST /y" in tty.getvalue()
    assert "[2/3 operations, 9 requests, 1 failing, 0 s]" in tty.getvalue()


def test_usage_error_class_is_the_cli_one() -> None:
    from validator.clio import UsageError

    assert UsageError is cli.UsageError


def test_a_page_that_crashes_the_pipeline_is_exit_5_naming_the_page(capsys, monkeypatch) -> None:
    def crash(*args, **kwargs):
        raise ValueError("unexpected\nstructure")

    monkeypatch.setattr("validator.pipeline.extract_document", crash)
    assert main(["lint", str(SEED)]) == 5
    err = capsys.readouterr()
    line = next(line for line in (err.out + err.err).splitlines() if "internal.crash" in line)
    assert "004_6592c7f47cb18f43.txt:1:1: error: internal error" in line and "unexpected\\nstructure" in line
    assert "Traceback" not in err.err


def test_debug_stops_at_a_crashing_page_with_its_traceback(capsys, monkeypatch) -> None:
    def crash(*args, **kwargs):
        raise ValueError("unexpected structure")

    monkeypatch.setattr("validator.pipeline.extract_document", crash)
    assert main(["extract", str(SEED), "--debug"]) == 5
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "in crash" in err
    assert "internal error on " in err and "004_6592c7f47cb18f43.txt: ValueError: unexpected structure" in err


def test_demo_fails_when_a_step_produced_nothing(tmp_path: Path, capsys, monkeypatch) -> None:
    from validator import demo
    from validator.diagnostics import Diagnostics
    from validator.pipeline import Extraction

    monkeypatch.chdir(ROOT)
    nothing = Extraction((), (), Diagnostics(), ("x.adoc",), readable=1)
    monkeypatch.setattr(demo, "extract_paths", lambda *a, **k: nothing)
    assert main(["demo", "--out", str(tmp_path)]) != 0
    assert "produced no operation" in capsys.readouterr().err
