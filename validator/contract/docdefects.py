"""Documentation defects the docs themselves give evidence of, told apart from server deviations: when the
docs' own example request does not fit the template it is filed under (a placeholder that stands for several
segments, a template that omits part of the path), every request built from the template misses the resource
the docs mean — what fails there is the docs' statement, not the server."""

from __future__ import annotations

from validator.contract.outcome import DOC_DEFECT, OperationResult
from validator.contract.prereq import PARAM
from validator.contract.shown import Shown, base_path, examples, segments

KEEP = ("not_a_server_error",)  # a 5xx is the server's, whatever URL it was asked


def template_defects(spec: dict) -> dict[str, str]:
    """"METHOD /path" → the evidence, for operations none of whose example requests fits the template
    under the base path the docs' examples agree on, while one shows more segments than it."""
    shown = examples(spec)
    base = base_path(shown)
    if base is None:
        return {}
    by_operation: dict[str, list[Shown]] = {}
    for item in shown:
        by_operation.setdefault(item.label, []).append(item)
    out = {}
    for label, items in by_operation.items():
        if any(item.prefix == base for item in items):
            continue
        longer = [i for i in items if len(i.prefix) > len(base) and i.prefix[: len(base)] == base]
        if longer:
            out[label] = _evidence(longer[0], base)
    return out


def _evidence(item: Shown, base: tuple[str, ...]) -> str:
    template = segments(item.path)
    extra = "/".join(item.prefix[len(base):])
    if template and PARAM.match(template[0]):
        stands = "/".join((*item.prefix[len(base):], *segments(item.relative)))
        what = f"its placeholder {template[0]} stands for {len(stands.split('/'))} segments ({stands}), a " \
               f"template parameter for one"
    else:
        what = f"the template omits {extra}"
    return f"doc evidence: the docs' own example request {item.line} ({item.where}) does not fit the template " \
           f"{item.path} under the base path /{'/'.join(base)} the docs' other examples use — {what}"


def classify(spec: dict, results: dict[str, OperationResult]) -> None:
    """Failures of operations whose template the docs' own example contradicts are documentation defects
    (a server error stays the server's)."""
    for label, evidence in template_defects(spec).items():
        result = results.get(label)
        for check in result.checks.values() if result is not None else ():
            if check.name not in KEEP:
                check.reclassify(DOC_DEFECT, evidence)
