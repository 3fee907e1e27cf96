"""Fixture files of cases (markdown-it-py style): a title line, '.', the input, '.', the expected
summary of what extraction produced, '.'. One test per case, the case's line in its id. A title that
starts with "(detail)" asks for the detailed summary (descriptions of operations and members); one that
starts with "(summary)" for the detailed summary with each operation's summary line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from validator.model import Operation, Schema


@dataclass(frozen=True)
class Case:
    title: str
    line: int
    source: str
    expected: str

    @property
    def detail(self) -> bool:
        return self.title.startswith(("(detail)", "(summary)"))

    @property
    def summaries(self) -> bool:
        return self.title.startswith("(summary)")

    @property
    def id(self) -> str:
        return f"line{self.line}-{re.sub(r'[^a-z0-9]+', '-', self.title.lower()).strip('-')}"


def read_cases(path: Path) -> list[Case]:
    """The cases of one fixture file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i].lstrip("# ").strip(), i + 1
        assert lines[i + 1] == ".", f"{path}:{i + 2}: expected '.' after the title"
        i += 2
        parts: list[list[str]] = [[], []]
        for part in parts:
            while lines[i] != ".":
                part.append(lines[i])
                i += 1
            i += 1
        cases.append(Case(title, start, "\n".join(parts[0]) + "\n", "\n".join(parts[1]).strip()))
    return cases


def summarize(operations: tuple[Operation, ...], diagnostic_codes: list[str] = (), detail: bool = False,
              summaries: bool = False) -> str:
    """A compact, stable text of operations (what a reviewer checks against the page); ``detail`` adds
    the description paragraphs and the members' descriptions, ``summaries`` each operation's summary."""
    out: list[str] = []
    for op in operations:
        out.append(f"{op.method.upper()} {op.path}")
        if summaries:
            out.append(f"  summary {op.summary}".rstrip())
        if detail:
            for paragraph in filter(None, op.description.split("\n\n")):  # a list's further lines: '  +'
                out.extend(f"  {'|' if n == 0 else '+'} {line}" for n, line in enumerate(paragraph.split("\n")))
        for p in op.parameters:
            out.append(f"  param {p.where} {p.name}{' required' if p.required else ''} {_schema(p.schema)}".rstrip())
        if op.body is not None:
            out.append(f"  body{' required' if op.body_required else ''}{' inferred' if op.body_inferred else ''}")
            out.extend(_props(op.body, "    ", detail))
        for r in op.responses:
            out.append(f"  response {r.status}{' inferred' if r.inferred_from_example else ''}")
            if r.schema is not None:
                out.extend(_props(r.schema, "    ", detail))
        for priv in op.privileges:
            out.append(f"  privilege {priv.scope} {','.join(priv.names)}{' any-of' if priv.alternatives else ''}")
        for alt in op.alternate_paths:
            out.append(f"  alternate {alt}")
        for ex in op.examples:
            out.append(f"  example {ex.role} {ex.method.upper()} {ex.path} {ex.status}".rstrip()
                       + (" body" if ex.has_body else ""))
    out.extend(f"diagnostic {code}" for code in diagnostic_codes)
    return "\n".join(out)


def _schema(schema: Schema) -> str:
    bits = [schema.name or schema.type or "any"]
    if schema.items is not None:
        bits[0] += f"[{schema.items.name or schema.items.type}]"
    for key in ("format", "pattern", "min_length", "max_length", "minimum", "maximum"):
        value = getattr(schema, key)
        if value is not None:
            bits.append(f"{key}={value}")
    if schema.has_default:
        bits.append(f"default={schema.default!r}")
    if schema.enum:
        bits.append(f"enum={list(schema.enum)}")
    return " ".join(bits)


def _props(schema: Schema, indent: str, detail: bool = False) -> list[str]:
    out = []
    target = schema.items if schema.items is not None and schema.items.properties else schema
    for prop in target.properties:
        note = f" -- {prop.schema.description}" if detail and prop.schema.description else ""
        out.append(f"{indent}{prop.name}{' required' if prop.required else ''} {_schema(prop.schema)}{note}")
        if prop.schema.properties or (prop.schema.items is not None and prop.schema.items.properties):
            out.extend(_props(prop.schema, indent + "  ", detail))
    return out


def summarize_spec(spec: dict, diagnostics: list = ()) -> str:
    """A compact text of what a written spec states per operation: request and response media types
    (schema members, * for required, example count), each response's x-source line or x-assumed, and
    the diagnostics (code and line) — what the spec-level case files check."""
    out: list[str] = []
    for path, item in spec.get("paths", {}).items():
        operations = [(m, op, "") for m, op in item.items() if not m.startswith("x-")]
        operations += [(m, op, " additional") for m, op in item.get("x-additional-operations", {}).items()]
        for method, op, where in operations:
            out.append(f"{method.upper()} {path}{where}")
            for media_type, media in op.get("requestBody", {}).get("content", {}).items():
                out.append(f"  request {media_type}{_media(spec, media)}")
            for status, response in op.get("responses", {}).items():
                source = " assumed" if response.get("x-assumed") else \
                    f" line {response['x-source']['line']}" if "x-source" in response else " unlocated"
                inferred = " inferred" if response.get("x-inferred-from") else ""
                out.append(f"  response {status}{source}{inferred}")
                for media_type, media in response.get("content", {}).items():
                    out.append(f"    {media_type}{_media(spec, media)}")
    out.extend(f"diagnostic {d.code} line {d.location.line}" for d in diagnostics)
    return "\n".join(out)


def _media(spec: dict, media: dict) -> str:
    schema = media.get("schema")
    while isinstance(schema, dict) and "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    bits = []
    if isinstance(schema, dict):
        target = schema.get("items", schema)
        required = set(target.get("required", ()))
        members = [f"{name}{'*' if name in required else ''}" for name in target.get("properties", {})]
        bits.append("schema" + (f"({' '.join(members)})" if members else f"({schema.get('type', 'any')})"))
    for example in media.get("examples", {}).values():
        value = example["value"]
        bits.append(f"example {type(value).__name__}" + (f" line {example['x-source']['line']}"
                                                         if "x-source" in example else ""))
    return (": " + ", ".join(bits)) if bits else ""
