"""The HTML report renders in headless Chromium (Debian `chromium`), shows the failing operation and
needs nothing from the network."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from fixtures.servers.base import Server
from fixtures.servers.dataarts import DataArtsApp
from validator.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    with Server(DataArtsApp("wrong-error-shape")) as server:
        assert main(["test", str(ROOT / "specs/dataarts-studio.yaml"), "--base-url", server.url,
                     "--max-examples", "5", "--report-dir", str(out)]) == 1
    return out / "report.html"


def test_html_is_self_contained(report: Path) -> None:
    html = report.read_text()
    assert not re.search(r"<(?:script|link|img|iframe)\b|\bsrc=|\bhref=|url\(|@import", html, re.IGNORECASE)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
def test_html_renders_the_failing_operation_in_chromium(report: Path, tmp_path: Path) -> None:
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path}", "--host-resolver-rules=MAP * ~NOTFOUND", "--dump-dom", report.as_uri()],
        capture_output=True, text=True, timeout=120, check=True).stdout
    assert "POST /v1/{project_id}/jobs/{name}/start" in dom
    assert 'class="failed"' in dom and "response_schema_conformance" in dom
