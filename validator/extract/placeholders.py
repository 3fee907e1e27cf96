"""The stage after every page is read: path placeholders a scrape stripped (``/jobs/{}/_start``) get the
name a sibling operation on the same resource uses (``/jobs/{job_id}`` → ``job_id``), else a stable synthetic
name, each with an ``extract.stripped-placeholder`` diagnostic. It needs all pages' operations at once."""

from __future__ import annotations

import dataclasses
import re

from validator.diagnostics import Diagnostics
from validator.extract.urls import STRIPPED
from validator.model import Operation, Parameter, Schema

__all__ = ["name_stripped_placeholders"]


def name_stripped_placeholders(operations: list[Operation], diagnostics: Diagnostics) -> list[Operation]:
    """Give a placeholder a scrape stripped ('{}') the name a sibling operation on the same resource
    uses (start/stop), else a stable synthetic name; say which."""
    out = []
    for op in operations:
        if STRIPPED not in op.path:
            out.append(op)
            continue
        segments = op.path.split("/")
        named: list[tuple[int, str, str]] = []  # (segment index, name, how it was found)
        taken = set(re.findall(r"\{([^{}]+)\}", op.path))  # a template names each parameter once
        for index, segment in ((i, s) for i, s in enumerate(segments) for _ in range(s.count(STRIPPED))):
            sibling = _sibling_name(op, index, operations) if segment == STRIPPED else ""
            if sibling:
                name, how = sibling, f"named {sibling!r} after a sibling operation on the same resource"
            else:
                base = re.sub(r"\W", "_", segments[index - 1].strip("_")) or "resource"
                name, how = f"{base.rstrip('s')}_id", "no sibling operation names it; a synthetic name was used"
            name = next(n for n in (name, *(f"{name}_{i}" for i in range(2, len(segments) + 2))) if n not in taken)
            taken.add(name)
            segments[index] = segments[index].replace(STRIPPED, "{" + name + "}", 1)  # also '{}>' of a '<>>'
            named.append((index, name, how))
        path = "/".join(segments)
        for index, _, how in named:
            diagnostics.add("extract.stripped-placeholder", f"path placeholder {index} of {op.method.upper()} "
                            f"{op.path} was stripped; {how}; written as {path}", op.location,
                            expected="a named placeholder such as <id>", found="an empty path segment")
        names = [name for _, name, _ in named]
        params = []
        for param in op.parameters:
            if param.where == "path" and param.name == "" and names:
                params.append(dataclasses.replace(param, name=names[0]))
            else:
                params.append(param)
        for name in names:
            if not any(p.name == name and p.where == "path" for p in params):
                params.insert(0, Parameter(name, "path", True, Schema(type="string"), op.location))
        out.append(dataclasses.replace(op, path=path, parameters=tuple(params)))
    return out


def _sibling_name(op: Operation, index: int, operations: list[Operation]) -> str:
    segments = op.path.split("/")
    prefix = segments[:index]
    for other in sorted(operations, key=lambda o: (o.path, o.method)):
        theirs = other.path.split("/")
        if other is op or len(theirs) <= index or theirs[:index] != prefix:
            continue
        match = re.fullmatch(r"\{([^{}]+)\}", theirs[index])
        if match:
            return match.group(1)
    return ""
