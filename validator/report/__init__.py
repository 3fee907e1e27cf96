"""Reports: one model (Report of Diagnostics, model.py) rendered by every writer in WRITERS, with the
secrets of the run masked in every format. Report.exit_code is the only place an exit code is decided."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from validator.report.escape import mask_secrets
from validator.report.html import render_html
from validator.report.jsondoc import render_json
from validator.report.junit import render_junit
from validator.report.markdown import render_markdown
from validator.report.model import EXIT_CODE_HELP, CheckRow, ContractRun, Exit, OperationRow, Report
from validator.report.sarif import render_sarif
from validator.report.text import render_text

__all__ = ["EXIT_CODE_HELP", "WRITERS", "CheckRow", "ContractRun", "Exit", "OperationRow", "Report", "Writer",
           "render", "writer_named"]


@dataclass(frozen=True)
class Writer:
    """One output format: its name (``--format``), the file it gets in a report directory, its renderer."""

    name: str
    file_name: str
    render: Callable[[Report], str]


WRITERS: tuple[Writer, ...] = (
    Writer("text", "report.txt", render_text),
    Writer("json", "report.json", render_json),
    Writer("sarif", "report.sarif", render_sarif),
    Writer("junit", "junit.xml", render_junit),
    Writer("markdown", "report.md", render_markdown),
    Writer("html", "report.html", render_html),
)


def writer_named(name: str) -> Writer:
    """The writer whose name is ``name`` (KeyError otherwise)."""
    for writer in WRITERS:
        if writer.name == name:
            return writer
    raise KeyError(name)


def render(report: Report, name: str) -> str:
    """``report`` in format ``name``, every secret of the run masked."""
    return mask_secrets(writer_named(name).render(report), report.secrets)
