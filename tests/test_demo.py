"""The README's first command: the whole product on the seeds, end to end."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import ROOT

from validator.cli import main


def test_demo_runs_every_stage(tmp_path: Path) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["demo", "--out", str(tmp_path)]) == 0
    finally:
        os.chdir(cwd)
    assert (tmp_path / "openapi.yaml").read_text().startswith("openapi: 3.1.0")
    assert "lint.wrong-heading" in (tmp_path / "lint.txt").read_text()
    for server in ("elastic", "dataarts"):
        report = json.loads((tmp_path / server / "report.json").read_text())
        assert report["exit_code"] == 0 and report["operations"]
        assert (tmp_path / server / "report.html").is_file()
