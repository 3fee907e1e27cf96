"""JUnit XML: for a contract run one testsuite per operation and one testcase per check (skipped when not
applicable or not exercised); otherwise one testsuite per file with one testcase per rule found. Text from
servers and docs is XML-escaped and stripped of characters XML cannot carry."""

from __future__ import annotations

from xml.etree import ElementTree

from validator.diagnostics import Diagnostic
from validator.report.escape import xml_safe
from validator.report.model import Report

__all__ = ["render_junit"]


def _failure_text(diagnostics: list[Diagnostic]) -> str:
    return xml_safe("\n\n".join(
        "\n".join(part for part in (d.format(), d.request, f"verdict: {d.verdict}" if d.verdict else "", d.how)
                  if part) for d in diagnostics))


def _case(suite: ElementTree.Element, classname: str, name: str, file: str, failing: list[Diagnostic],
          skipped: str = "") -> None:
    case = ElementTree.SubElement(suite, "testcase", classname=xml_safe(classname), name=xml_safe(name),
                                  file=xml_safe(file))
    if failing:
        failure = ElementTree.SubElement(case, "failure", message=xml_safe(failing[0].message[:300]))
        failure.text = _failure_text(failing)
    elif skipped:
        ElementTree.SubElement(case, "skipped", message=skipped)


def _contract(root: ElementTree.Element, report: Report) -> None:
    from validator.report.contract import check_code

    for op in report.run.operations:
        mine = [d for d in report.diagnostics if d.subject == op.label]
        suite = ElementTree.SubElement(root, "testsuite", name=xml_safe(op.label), tests=str(len(op.checks)),
                                       failures=str(sum(c.status == "failed" for c in op.checks)))
        for check in op.checks:
            failing = [d for d in mine if d.code == check_code(check.name) and d.level >= report.fail_on]
            skipped = check.status.replace("_", " ") if check.status in ("not_applicable", "not_exercised") else ""
            skipped += f": {check.reason}" if skipped and check.reason else ""
            _case(suite, op.label, check.name, check.location.path if check.location else "", failing, skipped)
    run_level = [d for d in report.diagnostics if not d.subject and d.level >= report.fail_on]
    if run_level:
        _case(ElementTree.SubElement(root, "testsuite", name="run", tests="1", failures="1"), "run", "run", "",
              run_level)


def _findings(root: ElementTree.Element, report: Report) -> None:
    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in report.diagnostics:
        by_file.setdefault(diagnostic.location.path if diagnostic.location else "<input>", []).append(diagnostic)
    for path, found in by_file.items():
        codes = sorted({d.code for d in found})
        failing = {code: [d for d in found if d.code == code and d.level >= report.fail_on] for code in codes}
        suite = ElementTree.SubElement(root, "testsuite", name=xml_safe(path), tests=str(len(codes)),
                                       failures=str(sum(bool(f) for f in failing.values())))
        for code in codes:
            _case(suite, path, code, path, failing[code])


def render_junit(report: Report) -> str:
    """The report as JUnit XML (what CI test widgets read)."""
    root = ElementTree.Element("testsuites", name=f"doccontract {report.command}")
    (_contract if report.run is not None else _findings)(root, report)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
