"""SARIF 2.1.0 for code scanning: the rule list generated from RULES, one result per finding with a
relative artifactLocation and region; reproducible (no timestamps, no absolute paths)."""

from __future__ import annotations

import json

from validator import __version__
from validator.diagnostics import RULES, Diagnostic, Severity
from validator.model import Location

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _physical(location: Location) -> dict:
    return {"artifactLocation": {"uri": location.path, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": location.line, "startColumn": location.column}}


def render_sarif(diagnostics: list[Diagnostic]) -> str:
    """One SARIF log with one run."""
    codes = sorted(RULES)
    index = {code: i for i, code in enumerate(codes)}
    rules = [{
        "id": code,
        "name": "".join(part.title() for part in code.replace(".", "-").split("-")),
        "shortDescription": {"text": RULES[code].title},
        "fullDescription": {"text": RULES[code].help},
        "help": {"text": RULES[code].help},
        "defaultConfiguration": {"level": LEVELS[RULES[code].severity]},
    } for code in codes]
    results = []
    for diagnostic in diagnostics:
        message = diagnostic.message
        if diagnostic.expected or diagnostic.found:
            message += f" (expected {diagnostic.expected or '?'}; found {diagnostic.found or '?'})"
        result: dict = {"ruleId": diagnostic.code, "ruleIndex": index[diagnostic.code],
                        "level": LEVELS[diagnostic.level], "message": {"text": message}}
        if diagnostic.location is not None:
            result["locations"] = [{"physicalLocation": _physical(diagnostic.location)}]
        if diagnostic.related:
            result["relatedLocations"] = [{"id": i, "physicalLocation": _physical(loc)}
                                          for i, loc in enumerate(diagnostic.related)]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "doccontract", "version": __version__, "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the directory doccontract ran in"}}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
