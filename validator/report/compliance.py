"""Compliance reports of a contract run, all rendered from one ContractResult: report.json (schema:
validator/report/report.schema.json), report.md (a pull-request comment), report.html (one
self-contained, escaped file) and JUnit XML (one testcase per operation × check)."""

from __future__ import annotations

import html
import json
from xml.etree import ElementTree

from validator.contract.outcome import CHECK_HELP, FAILED, NOT_APPLICABLE, NOT_EXERCISED, PASSED, ContractResult

FORMAT_VERSION = 1
SYMBOLS = {PASSED: "✅ passed", FAILED: "❌ failed", NOT_APPLICABLE: "➖ n/a", NOT_EXERCISED: "⚠️ not exercised"}


def to_dict(result: ContractResult) -> dict:
    """The report as plain data (what report.json holds)."""
    operations = []
    for op in result.operations:
        operations.append({
            "method": op.method.upper(),
            "path": op.path,
            "operationId": op.operation_id,
            "status": op.status,
            "source": op.source,
            "error": op.error,
            "checks": [{
                "name": check.name,
                "status": check.status,
                "description": CHECK_HELP.get(check.name, ""),
                "passed": check.passed,
                "failed": check.failed,
                "source": check.source,
                "failures": [{"message": f.message, "request": f.request, "source": f.source}
                             for f in check.findings],
            } for check in sorted(op.checks.values(), key=lambda c: c.name)],
        })
    counts = {status: sum(op.status == status for op in result.operations)
              for status in ("passed", "failed", "skipped", "error")}
    return {"version": FORMAT_VERSION, "tool": "doccontract", "spec": result.spec_title, "base_url": result.base_url,
            "exit_code": result.exit_code, "verdict": result.reason, "summary": counts,
            "requests": result.requests, "operations": operations}


def render_json(result: ContractResult) -> str:
    return json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: ContractResult) -> str:
    """A table fit for a pull-request comment, then the failures with their curl and doc line."""
    data = to_dict(result)
    lines = [f"## doccontract: {_cell(data['verdict'])}", "",
             f"Server `{result.base_url}` against *{_cell(result.spec_title)}*: "
             + ", ".join(f"{n} {k}" for k, n in data["summary"].items()) + f"; {result.requests} requests.", "",
             "| Operation | Status | Failed checks | Documented at |", "|---|---|---|---|"]
    for op in data["operations"]:
        failed = ", ".join(c["name"] for c in op["checks"] if c["status"] == FAILED) or "–"
        lines.append(f"| `{op['method']} {_cell(op['path'])}` | {op['status']} | {failed} | `{op['source']}` |")
    failures = [(op, c, f) for op in data["operations"] for c in op["checks"] for f in c["failures"]]
    if failures:
        lines += ["", "### Failures", ""]
        for op, check, failure in failures:
            lines += [f"- **{op['method']} {_cell(op['path'])}** · `{check['name']}` · promised at "
                      f"`{failure['source']}`: {_cell(failure['message'])}", "", "  ```", f"  {failure['request']}",
                      "  ```", ""]
    return "\n".join(lines).rstrip() + "\n"


STYLE = """body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24}table{border-collapse:collapse;
margin:1em 0}td,th{border:1px solid #d0d7de;padding:.35em .6em;text-align:left;vertical-align:top}
.passed{color:#1a7f37}.failed{color:#cf222e;font-weight:600}.skipped,.not_exercised{color:#9a6700}
.not_applicable{color:#6e7781}code,pre{font:12px ui-monospace,monospace;background:#f6f8fa}pre{padding:.6em;
white-space:pre-wrap;word-break:break-all}"""


def render_html(result: ContractResult) -> str:
    """One self-contained page: inline CSS, no scripts, no external assets; everything escaped."""
    data = to_dict(result)
    e = html.escape
    checks = sorted({c["name"] for op in data["operations"] for c in op["checks"]})
    rows = []
    for op in data["operations"]:
        cells = "".join(
            f'<td class="{e(c["status"])}">{e(c["status"].replace("_", " "))}</td>' if c else "<td>–</td>"
            for c in (next((x for x in op["checks"] if x["name"] == name), None) for name in checks))
        rows.append(f'<tr><td><code>{e(op["method"])} {e(op["path"])}</code><br><small>{e(op["source"])}</small>'
                    f'</td><td class="{e(op["status"])}">{e(op["status"])}</td>{cells}</tr>')
    failures = []
    for op in data["operations"]:
        for check in op["checks"]:
            for failure in check["failures"]:
                failures.append(f'<li><b>{e(op["method"])} {e(op["path"])}</b> · <code>{e(check["name"])}</code> · '
                                f'promised at <code>{e(failure["source"])}</code><br>{e(failure["message"])}'
                                f'<pre>{e(failure["request"])}</pre></li>')
    legend = "".join(f"<li><code>{e(name)}</code>: {e(CHECK_HELP.get(name, ''))}</li>" for name in checks)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>doccontract report</title>'
            f'<style>{STYLE}</style></head><body><h1>doccontract compliance report</h1>'
            f'<p class="{"passed" if result.exit_code == 0 else "failed"}">{e(data["verdict"])}</p>'
            f'<p>Server <code>{e(result.base_url)}</code> · spec {e(result.spec_title)} · {result.requests} requests · '
            + " · ".join(f"{n} {e(k)}" for k, n in data["summary"].items()) + "</p>"
            '<table><thead><tr><th>Operation</th><th>Status</th>'
            + "".join(f"<th>{e(name)}</th>" for name in checks) + f'</tr></thead><tbody>{"".join(rows)}</tbody>'
            f'</table><h2>Failures</h2><ul id="failures">{"".join(failures) or "<li>none</li>"}</ul>'
            f"<h2>Checks</h2><ul>{legend}</ul></body></html>\n")


def render_junit(result: ContractResult) -> str:
    """JUnit XML: one testsuite per operation, one testcase per check (skipped when not applicable or
    not exercised)."""
    root = ElementTree.Element("testsuites", name="doccontract")
    for op in result.operations:
        suite = ElementTree.SubElement(root, "testsuite", name=f"{op.method.upper()} {op.path}",
                                       tests=str(len(op.checks)),
                                       failures=str(sum(c.status == FAILED for c in op.checks.values())))
        for check in sorted(op.checks.values(), key=lambda c: c.name):
            case = ElementTree.SubElement(suite, "testcase", classname=f"{op.method.upper()} {op.path}",
                                          name=check.name, file=check.source.rsplit(":", 1)[0])
            if check.status == FAILED:
                failure = ElementTree.SubElement(case, "failure", message=check.findings[0].message
                                                 if check.findings else "failed")
                failure.text = "\n\n".join(f"{f.message}\n{f.request}\n(promised at {f.source})"
                                           for f in check.findings)
            elif check.status in (NOT_APPLICABLE, NOT_EXERCISED):
                ElementTree.SubElement(case, "skipped", message=check.status.replace("_", " "))
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
