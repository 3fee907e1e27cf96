"""The CI recipes in examples/ci: both parse; the GitHub workflow's shell steps run here for real (extract,
lint to SARIF, a reference server, three contract shards, merge) with the artifact steps played by one
working directory; every doccontract command of the GitLab job is a valid command line."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, ROOT

from validator.cli import build_parser

CI = ROOT / "examples" / "ci"
GITHUB = yaml.safe_load((CI / "github-actions.yml").read_text())
GITLAB = yaml.safe_load((CI / "gitlab-ci.yml").read_text())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _doccontract_commands(script: str, variables: dict[str, str]) -> list[list[str]]:
    """The doccontract command lines of a shell script, variables expanded."""
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        for part in re.split(r"\|\||&&|;|\|", line):
            part = part.strip()
            if part.startswith("doccontract "):
                for name, value in variables.items():
                    part = part.replace("${" + name + "}", value).replace("$" + name, value)
                commands.append(shlex.split(part))
    return commands


def test_both_recipes_parse_and_run_the_same_commands() -> None:
    assert set(GITHUB["jobs"]) == {"docs", "contract", "report"} and GITHUB["permissions"]["security-events"]
    assert GITLAB["stages"] == ["docs", "contract", "report"] and GITLAB["contract"]["parallel"] == 3
    variables = {"DOCS": "fixtures/seeds", "CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "3", "BASE_URL": "http://h:1",
                 "{ matrix.shard }": "2", "SHARDS": "3"}
    github = [c for job in GITHUB["jobs"].values() for step in job["steps"] if "run" in step
              for c in _doccontract_commands(step["run"].replace("${{ matrix.shard }}", "2"), variables)]
    gitlab = [c for job in GITLAB.values() if isinstance(job, dict) and "script" in job
              for line in job["script"] for c in _doccontract_commands(line, variables)]
    for command in github + gitlab:
        build_parser().parse_args(command[1:])  # SystemExit on any unknown option or value
    assert {c[1] for c in github} == {c[1] for c in gitlab} == {"extract", "lint", "test", "report"}
    assert any("--shard" in c for c in gitlab) and any("junit" in c for c in gitlab)


def _run_step(step: dict, env: dict[str, str], workdir: Path, outputs: dict[str, dict[str, str]],
              shard: str = "") -> int:
    script = step["run"].replace("${{ matrix.shard }}", shard)
    script = re.sub(r"\$\{\{ steps\.(\w+)\.outputs\.(\w+) \}\}", lambda m: outputs[m[1]][m[2]], script)
    output_file = workdir / "github-output"
    output_file.write_text("")
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=workdir,
                          env={**env, "GITHUB_OUTPUT": str(output_file)}, capture_output=True, text=True,
                          timeout=600)
    if "id" in step:
        outputs[step["id"]] = dict(line.split("=", 1) for line in output_file.read_text().splitlines())
    return done.returncode


@pytest.mark.slow
def test_the_github_workflow_runs(tmp_path: Path) -> None:
    (tmp_path / "fixtures").symlink_to(FIXTURES)
    port = _free_port()
    env = {**os.environ, **{k: str(v).replace("8080", str(port)) for k, v in GITHUB["env"].items()},
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "PYTHONPATH": ""}
    outputs: dict[str, dict[str, str]] = {}
    codes = {}
    try:
        for job_name, job in GITHUB["jobs"].items():
            shards = [str(s) for s in job.get("strategy", {}).get("matrix", {}).get("shard", [""])]
            for shard in shards:
                for step in job["steps"]:
                    if "run" in step and step.get("name") != "Install doccontract":
                        codes[(job_name, shard, step.get("name"))] = _run_step(step, env, tmp_path, outputs, shard)
    finally:
        pid_file = tmp_path / "server.pid"
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text()), signal.SIGTERM)
            except ProcessLookupError:
                pass
    assert codes[("docs", "", "Extract the spec")] == 0
    assert codes[("docs", "", "Gate on lint findings")] in (0, 1)
    assert all(codes[("contract", s, "Start the server")] == 0 for s in ("1", "2", "3"))
    sarif = json.loads((tmp_path / "lint.sarif").read_text())
    jsonschema.validate(sarif, json.loads((FIXTURES / "sarif-2.1.0-rtm.5.json").read_text()))
    merged = json.loads((tmp_path / "merged" / "report.json").read_text())
    shards = [json.loads((tmp_path / "reports" / f"shard-{s}" / "report.json").read_text()) for s in (1, 2, 3)]
    assert sorted(op["path"] for op in merged["operations"]) == sorted(
        op["path"] for report in shards for op in report["operations"])
    assert merged["operations"] and merged["exit_code"] == int(outputs["merge"]["code"])
    assert codes[("report", "", "Gate on the contract")] == merged["exit_code"] == 0
    assert "doccontract" in (tmp_path / "summary.md").read_text()
    assert (tmp_path / "merged" / "junit.xml").is_file() and (tmp_path / "merged" / "report.sarif").is_file()
