"""One self-contained HTML page per report: inline CSS, no scripts, no external assets, everything escaped."""

from __future__ import annotations

import html

from validator.diagnostics import VERDICTS, Diagnostic
from validator.report.escape import printable
from validator.report.model import Report

__all__ = ["render_html"]

STYLE = """body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24}table{border-collapse:collapse;
margin:1em 0}td,th{border:1px solid #d0d7de;padding:.35em .6em;text-align:left;vertical-align:top}
.passed{color:#1a7f37}.failed,.error{color:#cf222e;font-weight:600}.skipped,.not_exercised,.warning{color:#9a6700}
.not_applicable,.info{color:#6e7781}code,pre{font:12px ui-monospace,monospace;background:#f6f8fa}pre{padding:.6em;
white-space:pre-wrap;word-break:break-all}"""


def e(text: str) -> str:
    """Escaped HTML text with control characters made visible."""
    return html.escape(printable(text))


CLASS_TITLES = {"server-deviation": "Server deviations", "doc-defect": "Documentation defects",
                "inconclusive": "Inconclusive", "": "Findings"}


def _operations(report: Report) -> str:
    checks = sorted({c.name for op in report.run.operations for c in op.checks})
    described = {c.name: c.description for op in report.run.operations for c in op.checks}
    rows = []
    for op in report.run.operations:
        by_name = {c.name: c for c in op.checks}
        cells = "".join(f'<td class="{e(by_name[n].status)}">{e(by_name[n].status.replace("_", " "))}</td>'
                        if n in by_name else "<td>–</td>" for n in checks)
        rows.append(f'<tr><td><code>{e(op.label)}</code><br><small>{e(str(op.location or ""))}</small></td>'
                    f'<td class="{e(op.status)}">{e(op.status)}</td>{cells}</tr>')
    legend = "".join(f"<li><code>{e(name)}</code>: {e(described[name])}</li>" for name in checks)
    return ('<table><thead><tr><th>Operation</th><th>Status</th>' + "".join(f"<th>{e(n)}</th>" for n in checks)
            + f'</tr></thead><tbody>{"".join(rows)}</tbody></table><h2>Checks</h2><ul>{legend}</ul>')


def _item(d: Diagnostic) -> str:
    subject = f"<b>{e(d.subject)}</b> · " if d.subject else ""
    detail = f" (expected {e(d.expected or '?')}; found {e(d.found or '?')})" if d.expected or d.found else ""
    how = f"<br><small>how: {e(d.how)}</small>" if d.how else ""
    request = f"<pre>{e(d.request)}</pre>" if d.request else ""
    return (f'<li class="{e(d.level.label)}">{subject}<code>{e(d.code)}</code> · {e(d.level.label)} · at '
            f'<code>{e(str(d.location or "–"))}</code><br>{e(d.message)}{detail}{how}{request}</li>')


def render_html(report: Report) -> str:
    """The report as one page."""
    summary = " · ".join(f"{n} {e(k)}" for k, n in report.summary().items())
    head = f"<p>{summary}</p>"
    if report.run is not None:
        head = (f"<p>Server <code>{e(report.run.base_url)}</code> · spec {e(report.run.spec_title)} · "
                f"{report.run.requests} requests · {summary}</p>" + _operations(report))
    groups = []
    for verdict in (*VERDICTS, ""):
        group = [d for d in report.diagnostics if d.verdict == verdict]
        if group:
            groups.append(f"<h2>{CLASS_TITLES[verdict]}</h2><ul>{''.join(_item(d) for d in group)}</ul>")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>doccontract report</title>'
            f'<style>{STYLE}</style></head><body><h1>doccontract {e(report.command)} report</h1>'
            f'<p class="{"passed" if report.exit_code == 0 else "failed"}">{e(report.verdict())}</p>{head}'
            f'<div id="findings">{"".join(groups) or "<p>no findings</p>"}</div></body></html>\n')
