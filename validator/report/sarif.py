"""SARIF 2.1.0 for code scanning, for every command (contract failures located at the doc line that made
the promise): the rule list generated from RULES, one result per finding with a relative
artifactLocation and region; reproducible (no timestamps, no absolute paths)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from validator import __version__
from validator.diagnostics import RULES, Diagnostic, Severity
from validator.files import display_path
from validator.model import Location
from validator.report.model import Report

__all__ = ["render_sarif"]

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _physical(location: Location) -> dict:
    # an input given as an absolute path is located relative to the working directory (%SRCROOT%)
    uri = display_path(Path(location.path)) if os.path.isabs(location.path) else location.path
    return {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": location.line, "startColumn": location.column}}


def _rules() -> list[dict]:
    return [{
        "id": code,
        "name": "".join(part.title() for part in code.replace(".", "-").split("-")),
        "shortDescription": {"text": RULES[code].title},
        "fullDescription": {"text": RULES[code].help},
        "help": {"text": RULES[code].help},
        "defaultConfiguration": {"level": LEVELS[RULES[code].severity]},
    } for code in sorted(RULES)]


def _result(diagnostic: Diagnostic, index: dict[str, int]) -> dict:
    message = diagnostic.message
    if diagnostic.subject:
        message = f"{diagnostic.subject}: {message}"
    if diagnostic.expected or diagnostic.found:
        message += f" (expected {diagnostic.expected or '?'}; found {diagnostic.found or '?'})"
    result: dict = {"ruleId": diagnostic.code, "ruleIndex": index[diagnostic.code],
                    "level": LEVELS[diagnostic.level], "message": {"text": message}}
    if diagnostic.location is not None:
        result["locations"] = [{"physicalLocation": _physical(diagnostic.location)}]
    if diagnostic.related:
        result["relatedLocations"] = [{"id": i, "physicalLocation": _physical(loc)}
                                      for i, loc in enumerate(diagnostic.related)]
    properties = {key: value for key, value in (("operation", diagnostic.subject), ("request", diagnostic.request),
                                                 ("verdict", diagnostic.verdict), ("how", diagnostic.how)) if value}
    if properties:
        result["properties"] = properties
    return result


def render_sarif(report: Report) -> str:
    """One SARIF log with one run."""
    index = {code: i for i, code in enumerate(sorted(RULES))}
    run: dict = {
        "tool": {"driver": {"name": "doccontract", "version": __version__, "rules": _rules()}},
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the directory doccontract ran in"}}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index) for d in report.diagnostics],
    }
    if report.run is not None:
        run["properties"] = {"base_url": report.run.base_url, "requests": report.run.requests,
                             "verdict": report.verdict()}
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"
