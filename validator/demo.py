"""The built-in example end to end: extract the seed pages, lint them, start the reference servers
(fixtures/servers, real HTTP on 127.0.0.1), contract-test each against the operations it serves, write
every report, and say where they are."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from validator.config import Config
from validator.contract import ContractOptions, run_contract
from validator.files import atomic_write
from validator.lint import lint
from validator.openapi import build_spec, to_yaml
from validator.pipeline import ExtractOptions, extract_paths
from validator.report import compliance
from validator.report.findings import render_text
from validator.report.sarif import render_sarif

SEED_DIR = Path("fixtures/seeds")
# reference server module → (app class, credentials with / without the documented privileges)
SERVERS = {
    "fixtures.servers.elastic": ("ElasticApp", ("elastic", "changeme"), ("viewer", "viewer")),
    "fixtures.servers.dataarts": ("DataArtsApp", None, None),
}


def served(spec: dict, app) -> dict:
    """The spec restricted to the operations one reference server routes."""
    paths = {}
    for path, methods in spec["paths"].items():
        concrete = re.sub(r"\{[^{}]+\}", "x", path)
        kept = {m: op for m, op in methods.items()
                if any(method == m.upper() and pattern.match(concrete) for method, pattern, _ in app.routes)}
        if kept:
            paths[path] = kept
    return {**spec, "paths": paths}


def run_demo(out_dir: Path, say: Callable[[str], None]) -> int:
    """Run every stage on the seeds; returns the worst stage's exit code."""
    if not SEED_DIR.is_dir():
        say(f"doccontract demo: run it from the repository root ({SEED_DIR} not found)")
        return 2
    sys.path.insert(0, str(Path.cwd()))
    extraction = extract_paths([SEED_DIR], ExtractOptions())
    spec = build_spec(extraction.operations, title="Seed APIs")
    atomic_write(out_dir / "openapi.yaml", to_yaml(spec))
    say(f"1. extracted {len(extraction.operations)} operations from {len(extraction.files)} pages → "
        f"{out_dir / 'openapi.yaml'}")
    findings = lint(extraction, Config()).sorted()
    atomic_write(out_dir / "lint.txt", render_text(findings, len(extraction.files)))
    atomic_write(out_dir / "lint.sarif", render_sarif(findings))
    say(f"2. lint: {len(findings)} findings → {out_dir / 'lint.txt'} (and lint.sarif)")
    worst = 0
    from fixtures.servers.base import Server

    for module_name, (class_name, auth, unprivileged) in SERVERS.items():
        app = getattr(importlib.import_module(module_name), class_name)()
        subset = served(yaml.safe_load(to_yaml(spec)), app)
        if not subset["paths"]:
            continue
        name = module_name.rsplit(".", 1)[1]
        with Server(app) as server:
            say(f"3. contract-testing the {name} reference server at {server.url} …")
            result = run_contract(subset, ContractOptions(server.url, auth=auth, unprivileged_auth=unprivileged,
                                                          max_examples=15))
        report_dir = out_dir / name
        for file_name, render in (("report.json", compliance.render_json), ("report.md", compliance.render_markdown),
                                  ("report.html", compliance.render_html), ("junit.xml", compliance.render_junit)):
            atomic_write(report_dir / file_name, render(result))
        say(f"   {name}: {result.reason} ({result.requests} requests) → {report_dir / 'report.html'}")
        worst = max(worst, result.exit_code)
    say(f"done: everything is under {out_dir}/")
    return worst
