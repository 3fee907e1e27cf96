"""Reports: one model (Report of Diagnostics, model.py) rendered by every writer in WRITERS, with the
secrets of the run masked in every format. Report.exit_code is the only place an exit code is decided.
A writer's module is imported when it first renders, so importing the model stays cheap."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from validator.report.model import EXIT_CODE_HELP, CheckRow, ContractRun, Exit, OperationRow, Report

__all__ = ["EXIT_CODE_HELP", "WRITERS", "CheckRow", "ContractRun", "Exit", "OperationRow", "Report", "Writer",
           "render", "writer_named"]


@dataclass(frozen=True)
class Writer:
    """One output format: its name (``--format``), the file it gets in a report directory, and the module
    of validator.report whose ``render_<module>`` function renders it."""

    name: str
    file_name: str
    module: str

    def render(self, report: Report) -> str:
        """``report`` in this format (secrets not yet masked: use validator.report.render)."""
        module = importlib.import_module(f"validator.report.{self.module}")
        return getattr(module, f"render_{self.name}")(report)


WRITERS: tuple[Writer, ...] = (
    Writer("text", "report.txt", "text"),
    Writer("json", "report.json", "jsondoc"),
    Writer("sarif", "report.sarif", "sarif"),
    Writer("junit", "junit.xml", "junit"),
    Writer("markdown", "report.md", "markdown"),
    Writer("html", "report.html", "html"),
)


def writer_named(name: str) -> Writer:
    """The writer whose name is ``name`` (KeyError otherwise)."""
    for writer in WRITERS:
        if writer.name == name:
            return writer
    raise KeyError(name)


def render(report: Report, name: str) -> str:
    """``report`` in format ``name``, every secret of the run masked."""
    from validator.report.escape import mask_secrets

    return mask_secrets(writer_named(name).render(report), report.secrets)
