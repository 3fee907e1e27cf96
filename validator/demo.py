"""The built-in example end to end, as a short script of pipeline calls: extract the seed pages, lint them,
start the reference servers (fixtures/servers, real HTTP on 127.0.0.1), contract-test each against the
operations it serves, write every report. A step that produces nothing fails the demo."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path

from validator.config import Config
from validator.contract import ContractOptions, run_contract
from validator.diagnostics import Diagnostic
from validator.files import atomic_write
from validator.lint import lint
from validator.openapi import build_spec, to_yaml
from validator.pipeline import ExtractOptions, extract_paths
from validator.report import WRITERS, Report, render
from validator.report.contract import contract_report
from validator.report.merge import merge_reports
from validator.yamlio import load_yaml

__all__ = ["SERVERS", "run_demo", "served"]

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


def _fixtures_package(root: Path) -> None:
    """Register the repository's `fixtures` package (not installed) under its name, without touching sys.path."""
    if "fixtures" not in sys.modules:
        spec = importlib.util.spec_from_file_location("fixtures", root / "fixtures" / "__init__.py",
                                                      submodule_search_locations=[str(root / "fixtures")])
        module = importlib.util.module_from_spec(spec)
        sys.modules["fixtures"] = module
        spec.loader.exec_module(module)


def _write_all(report: Report, directory: Path) -> None:
    for writer in WRITERS:
        atomic_write(directory / writer.file_name, render(report, writer.name))


def _contract(spec: dict, out_dir: Path, say: Callable[[str], None]) -> list[Report]:
    from fixtures.servers.base import Server

    reports = []
    for module_name, (class_name, auth, unprivileged) in SERVERS.items():
        name = module_name.rsplit(".", 1)[1]
        app = getattr(importlib.import_module(module_name), class_name)()
        subset = served(spec, app)
        if not subset["paths"]:
            reports.append(Report("test", [Diagnostic("contract.nothing-exercised", f"the seeds document no "
                                                      f"operation the {name} reference server serves")]))
            continue
        with Server(app) as server:
            say(f"3. contract-testing the {name} reference server at {server.url} …")
            result = run_contract(subset, ContractOptions(server.url, auth=auth, unprivileged_auth=unprivileged,
                                                          max_examples=15))
        report = contract_report(result, secrets=tuple(":".join(c) for c in (auth, unprivileged) if c))
        _write_all(report, out_dir / name)
        say(f"   {name}: {report.verdict()} → {out_dir / name / 'report.html'}")
        reports.append(report)
    return reports


def run_demo(out_dir: Path, say: Callable[[str], None]) -> int:
    """Run every stage on the seeds; the exit code of all contract runs merged (non-zero when a step
    produced nothing)."""
    if not SEED_DIR.is_dir():
        message = f"run it from the repository root ({SEED_DIR} not found)"
        say(f"doccontract demo: {message}")
        return Report("demo", [Diagnostic("usage.error", message)]).exit_code
    _fixtures_package(Path.cwd())
    extraction = extract_paths([SEED_DIR], ExtractOptions())
    spec = build_spec(extraction.operations, title="Seed APIs")
    atomic_write(out_dir / "openapi.yaml", to_yaml(spec))
    say(f"1. extracted {len(extraction.operations)} operations from {len(extraction.files)} pages → "
        f"{out_dir / 'openapi.yaml'}")
    if not extraction.operations:
        say("doccontract demo: extraction produced no operation")
        return Report("extract", [Diagnostic("contract.nothing-exercised", "no operation extracted")]).exit_code
    findings = Report("lint", lint(extraction, spec, Config()).sorted(), len(extraction.files))
    atomic_write(out_dir / "lint.txt", render(findings, "text"))
    atomic_write(out_dir / "lint.sarif", render(findings, "sarif"))
    say(f"2. lint: {len(findings.diagnostics)} findings → {out_dir / 'lint.txt'} (and lint.sarif)")
    merged = merge_reports(_contract(load_yaml(to_yaml(spec)), out_dir, say))
    say(f"done: {merged.verdict()}; everything is under {out_dir}/")
    return merged.exit_code
