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


def _e(text: str) -> str:
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
        cells = "".join(f'<td class="{_e(by_name[n].status)}" title="{_e(by_name[n].reason)}">'
                        f'{_e(by_name[n].status.replace("_", " "))}</td>' if n in by_name else "<td>–</td>"
                        for n in checks)
        rows.append(f'<tr><td><code>{_e(op.label)}</code><br><small>{_e(str(op.location or ""))}</small></td>'
                    f'<td class="{_e(op.status)}">{_e(op.status)}</td>{cells}</tr>')
    legend = "".join(f"<li><code>{_e(name)}</code>: {_e(described[name])}</li>" for name in checks)
    unexercised = "".join(f"<li><code>{_e(op.label)}</code> · <code>{_e(c.name)}</code>: {_e(c.reason)}</li>"
                          for op, c in report.run.not_exercised())
    return ('<table><thead><tr><th>Operation</th><th>Status</th>' + "".join(f"<th>{_e(n)}</th>" for n in checks)
            + f'</tr></thead><tbody>{"".join(rows)}</tbody></table><h2>Checks</h2><ul>{legend}</ul>'
            + (f"<h2>Not exercised</h2><ul>{unexercised}</ul>" if unexercised else ""))


def _item(d: Diagnostic) -> str:
    subject = f"<b>{_e(d.subject)}</b> · " if d.subject else ""
    detail = f" (expected {_e(d.expected or '?')}; found {_e(d.found or '?')})" if d.expected or d.found else ""
    how = f"<br><small>how: {_e(d.how)}</small>" if d.how else ""
    request = f"<pre>{_e(d.request)}</pre>" if d.request else ""
    return (f'<li class="{_e(d.level.label)}">{subject}<code>{_e(d.code)}</code> · {_e(d.level.label)} · at '
            f'<code>{_e(str(d.location or "–"))}</code><br>{_e(d.message)}{detail}{how}{request}</li>')


def render_html(report: Report) -> str:
    """The report as one page."""
    summary = " · ".join(f"{n} {_e(k)}" for k, n in report.summary().items())
    head = f"<p>{summary}</p>"
    if report.run is not None:
        head = (f"<p>Server <code>{_e(report.run.base_url)}</code> · spec {_e(report.run.spec_title)} · "
                f"{report.run.requests} requests · {summary}</p>" + _operations(report))
    groups = []
    for verdict in (*VERDICTS, ""):
        group = [d for d in report.diagnostics if d.verdict == verdict]
        if group:
            groups.append(f"<h2>{CLASS_TITLES[verdict]}</h2><ul>{''.join(_item(d) for d in group)}</ul>")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>doccontract report</title>'
            f'<style>{STYLE}</style></head><body><h1>doccontract {_e(report.command)} report</h1>'
            f'<p class="{"passed" if report.exit_code == 0 else "failed"}">{_e(report.verdict())}</p>{head}'
            f'<div id="findings">{"".join(groups) or "<p>no findings</p>"}</div></body></html>\n')
