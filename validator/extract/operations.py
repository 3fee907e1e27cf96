"""Assembling Operations from what a page states: one per request form, with its parameters, body,
responses (documented or inferred from examples), privileges and examples."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from validator.diagnostics import Diagnostics
from validator.extract import tables, urls
from validator.extract.fields import DocField, field_schema, nest_dotted, page_properties, referenced_structures
from validator.extract.inferred import (infer_members, infer_schema, json_type, nest_as_shown,
                                        place_under_example, with_callouts)
from validator.extract.media import request_media_types, split_content_type
from validator.extract.prefixes import refused_prefixes
from validator.extract.presence import promised
from validator.model import Example, Operation, Parameter, Response, Schema

if TYPE_CHECKING:
    from validator.extract import Page

def assemble(page: Page, diagnostics: Diagnostics) -> tuple[Operation, ...]:
    """Operations for every distinct request form of ``page`` (alternate forms folded in)."""
    _concrete_to_examples(page)
    if not page.statuses:  # a page that states its statuses only in its examples' prose
        page.statuses.extend(page.example_statuses)
    mains: list[urls.RequestLine] = []
    alternates: dict[int, list[str]] = {}
    for line in page.stated_request_lines:
        if any(line.method == m.method and line.template == m.template for m in mains):
            continue
        owner = next((i for i, m in enumerate(mains) if urls.is_alternate_form(line, m)), None)
        if owner is None:
            # a later, more general form may make earlier ones its alternates
            mains.append(line)
        else:
            alternates.setdefault(owner, []).append(line.raw_path)
    structures = _place_tables(page)
    for role, kind in (("header", "request"), ("response-header", "response")):
        page.fields[role], page.media_types[kind] = split_content_type(page.fields.get(role, []))
    _report_repairs(mains, diagnostics)
    prop = page_properties(structures, diagnostics)  # each field's schema built once per page
    operations = [_operation(page, line, tuple(alternates.get(i, ())), prop, diagnostics)
                  for i, line in enumerate(mains)]
    return tuple(operations)


def _report_repairs(lines: list[urls.RequestLine], diagnostics: Diagnostics) -> None:
    """One extract.path-repaired per request line whose path writing the template repaired."""
    for line in lines:
        if line.repairs:
            path = line.raw_path.partition("?")[0]
            diagnostics.add("extract.path-repaired", f"the path {path!r} of {line.method.upper()} was repaired: "
                            f"{'; '.join(line.repairs)}; written as {line.template}", line.location,
                            expected="a path template with named placeholders", found=path)


def _concrete_to_examples(page: Page) -> None:
    """Request lines with a concrete host that are instances of another stated form ("GET
    https://api.example.com/v2/p1/widgets" beside "GET /v2/{project_id}/widgets") are example requests."""
    stated = page.stated_request_lines
    concrete = [line for line in stated if urls.CONCRETE_HOST.match(line.raw_path) and any(
        form.method == line.method and urls.placeholders(form.template) and not urls.CONCRETE_HOST.match(form.raw_path)
        and matches(line.raw_path, form.template) for form in stated)]
    for line in concrete:
        for found in (page.request_lines, page.stray_request_lines):
            if line in found:
                found.remove(line)
        page.examples.append(Example("request", line.method, line.raw_path, location=line.location))


def _place_tables(page: Page) -> dict[str, list[DocField]]:
    """File each parameter table under its role; return the data-structure tables by type name. A table
    is a structure when its caption names a referenced type, or when a field says "see Table N"."""
    rows = [(table, role, tables.fields(table)) for table, role, _ in page.tables]
    statuses = [status for _, _, status in page.tables]
    numbered = {tables.number(table): index for index, (table, _, _) in enumerate(rows) if tables.number(table)}
    referenced = referenced_structures([f for fs in page.fields.values() for f in fs]
                                       + [f for _, _, fs in rows for f in fs])
    names: dict[int, str] = {}  # row index → structure name
    for index, (table, _, _) in enumerate(rows):
        if tables.names_type(table, referenced):
            names[index] = tables.names_type(table, referenced)
    linked = tables.follow_links([t for t, _, _ in rows], [fs for _, _, fs in rows], names)  # :ref: links
    rows = [(table, role, fs) for (table, role, _), fs in zip(rows, linked, strict=True)]
    in_url = tables.url_names(page.stated_request_lines)

    def link(doc_field: DocField) -> DocField:
        """Point a field at the structure table its description cites ("see Table 5")."""
        cited = re.search(r"\btable\s*(\d+)\b", doc_field.description, re.IGNORECASE)
        target = numbered.get(cited.group(1)) if cited else None
        if target is None or target in names and names[target] in referenced_structures([doc_field]):
            return doc_field
        stated = referenced_structures([doc_field])
        name = names.get(target) or next(iter(sorted(stated)), "") or tables.structure_name(rows[target][0], set())
        words = doc_field.type_words
        if not stated:
            is_list = re.search(r"\b(?:list|array)\b", words, re.IGNORECASE)
            words = f"List<{name}>" if is_list else name
        linked = dataclasses.replace(doc_field, type_words=words)
        names.setdefault(target, tables.referenced_name(linked) or name)  # "List<Servers>" names "Server"
        return linked

    for role, fields in page.fields.items():
        page.fields[role] = [link(f) for f in fields]
    rows = [(table, role, [link(f) for f in fields]) for table, role, fields in rows]
    structures: dict[str, list[DocField]] = {}
    by_section: set[str] = set()  # body/response already documented by a table the section alone placed
    for index, (table, role, fields) in enumerate(rows):
        kind = "structure" if index in names else tables.role(table, role, in_url)
        if kind != "structure" and "in" in tables.columns(table):  # each row where its "In" column says
            for placed, doc_field in tables.placed_by_column(fields, role, kind):
                page.add_fields(placed, [doc_field])
            continue
        if kind in ("body", "response"):
            if kind + statuses[index] in by_section and not tables.named_by_caption(table):
                kind = "structure"  # a further table in the same section: a variant structure, not the body
            else:
                by_section.add(kind + statuses[index])
        if kind == "structure":
            structures.setdefault(names.get(index) or tables.structure_name(table, referenced), fields)
        elif kind == "response" and statuses[index]:
            page.add_fields(f"response:{statuses[index]}", fields)  # fields of the stated status' body
        elif kind:
            page.add_fields(kind, fields)
    page.tables.clear()
    return structures


def _operation(page: Page, line: urls.RequestLine, alternates: tuple[str, ...], prop,
               diagnostics: Diagnostics) -> Operation:
    parameters = _parameters(page, line, diagnostics)
    body_fields = nest_dotted([f for f in page.fields.get("body", []) if f.name])
    body = None
    if body_fields:
        body = Schema(type="object", properties=tuple(prop(f) for f in body_fields), location=body_fields[0].location)
        if page.flavours.get("body") == "array":
            body = Schema(type="array", items=body, location=body.location)
    examples = tuple(_examples_for(page, line))
    shown = next((e for e in examples if e.role == "request" and isinstance(e.body, dict | list)), None)
    if body is None and shown is not None and page.body_heading:
        # the request-body section documents nothing here (an absent include): the example shows the members
        body = infer_members(shown.body, shown.location)
    body = nest_as_shown(body, shown.body if shown is not None else None)  # members nested as shown
    body = with_callouts(body, [e for e in examples if e.role == "request"])
    parameters = _with_examples(parameters, line.template, examples)
    parameters = refused_prefixes(parameters, "\n\n".join(page.description), line.location)
    first_success = next((s for s, _, _ in page.statuses if s.startswith("2")), "")  # in the docs' order
    responses = _with_response_callouts(_responses(page, line, examples, prop, diagnostics), examples, first_success)
    return Operation(
        method=line.method,
        path=line.template,
        summary=page.title,
        description="\n\n".join(page.description).strip(),
        parameters=tuple(parameters),
        body=body,
        body_required=any(f.required for f in body_fields),
        body_inferred=not body_fields and body is not None,
        body_media_types=request_media_types(page.media_types["request"], page.flavours.get("body", ""), examples),
        responses=tuple(responses),
        privileges=tuple(page.privileges),
        examples=examples,
        location=line.location,
        sources=(line.location.path,),  # the file that states it (an index may include the page)
        alternate_paths=alternates,
        first_success=first_success,
    )


def _with_response_callouts(responses: list[Response], examples: tuple[Example, ...], first: str) -> list[Response]:
    """Responses whose members the callout lists of their examples describe."""
    success = Operation("", "", responses=tuple(responses), first_success=first).example_status
    return [dataclasses.replace(r, schema=with_callouts(r.schema, [
        e for e in examples if e.role == "response" and (e.status or success) == r.status])) for r in responses]


def _parameters(page: Page, line: urls.RequestLine, diagnostics: Diagnostics) -> list[Parameter]:
    names = urls.placeholders(line.template)
    other_forms = {n for r in page.stated_request_lines for n in urls.placeholders(r.template)} - set(names)
    out: list[Parameter] = []
    seen: set[tuple[str, str]] = set()
    path_fields = list(page.fields.get("path", []))
    unnamed_slots = [n for n in names if n and not any(f.name == n for f in path_fields)]
    for doc_field in path_fields:
        name = doc_field.name
        if not name and "" in names:
            name = ""  # the stripped placeholder; the pipeline names it across operations
        elif not name and unnamed_slots:
            name = unnamed_slots.pop(0)
            diagnostics.add("extract.recovered-name", f"a path parameter description had lost its name; "
                            f"named {name!r} after the URL template", doc_field.location,
                            expected="a named parameter", found="a description without a name")
        elif not name:
            diagnostics.add("extract.unnamed-field", "a path parameter description without a name",
                            doc_field.location, expected="a parameter name", found="none")
            continue
        name = urls.placeholder_named(name, names)
        if name in other_forms:
            continue  # a placeholder of another URL form of this page (GET /x/{id} versus GET /x)
        where = "path" if name in names else "query"
        _add(out, seen, doc_field, name, where, "path", diagnostics)
    for role in ("query", "header"):
        for doc_field in page.fields.get(role, []):
            if not doc_field.name:
                diagnostics.add("extract.unnamed-field", f"a {role} parameter description lost its name "
                                "and nothing on the page names it", doc_field.location,
                                expected="a parameter name", found=doc_field.description[:60])
                continue
            _add(out, seen, doc_field, doc_field.name, role, role, diagnostics)
    literals = dict(parse_qsl(line.query, keep_blank_values=True))
    for name in re.findall(r"(?:^|&)([\w.-]+)(?==|&|$)", line.query):  # "GET /x?limit={limit}&detail=True"
        if ("query", name) not in seen:
            kind = urls.literal_type(literals.get(name, ""))
            out.append(Parameter(name, "query", False, Schema(type=kind), line.location, "", "request-line"))
            seen.add(("query", name))
    for name in names:
        if ("path", name) not in seen:
            out.append(Parameter(name, "path", True, Schema(type="string"), line.location, "", ""))
            seen.add(("path", name))
    order = {n: i for i, n in enumerate(names)}
    return sorted(out, key=lambda p: (p.where != "path", order.get(p.name, 0) if p.where == "path" else 0))


def _add(out: list[Parameter], seen: set, doc_field: DocField, name: str, where: str, section: str,
         diagnostics: Diagnostics) -> None:
    if (where, name) in seen:
        diagnostics.add("extract.duplicate-parameter", f"{where} parameter {name!r} is documented twice",
                        doc_field.location, expected="one description", found="two")
        return
    seen.add((where, name))
    schema = field_schema(doc_field, diagnostics)
    if schema.type is None and not schema.name and schema.minimum is None and schema.maximum is None:
        schema = dataclasses.replace(schema, type="string")  # a URL or header value as sent: a string
    # (a numeric range with no stated type stays untyped: neither "string" nor "integer" is the docs')
    required = True if where == "path" else bool(doc_field.required)
    out.append(Parameter(name, where, required, schema, doc_field.location, doc_field.description, section))


def _with_examples(parameters: list[Parameter], template: str, examples: tuple[Example, ...]) -> list[Parameter]:
    """Parameters carry the values the first matching example request uses (path and query)."""
    request = next((e for e in examples if e.role == "request" and e.path and matches(e.path, template)), None)
    if request is None:
        return parameters
    values = dict(urls.placeholder_values(template, request.path))
    values.update((k, v) for k, v in parse_qsl(urlsplit(request.path).query))
    out = []
    for param in parameters:
        value = values.get(param.name) if param.where in ("path", "query") else None
        if value is not None and urls.PLACEHOLDER.fullmatch(value):
            value = None  # the example writes the placeholder itself ("{project_id}"), not a value
        out.append(param if value is None else
                   dataclasses.replace(param, example=urls.typed_value(value, param.schema.type)))
    return out


def _examples_for(page: Page, line: urls.RequestLine) -> list[Example]:
    """The page's examples that belong to ``line`` (all of them when the page has one form)."""
    forms = {(r.method, r.template) for r in page.stated_request_lines}
    out: list[Example] = []
    current = len(forms) <= 1
    for example in page.examples:
        if example.role == "request" and example.method:  # a request line starts the examples of its form
            current = len(forms) <= 1 or (example.method == line.method and matches(example.path, line.template))
        if current:
            out.append(example)
    return out


def matches(path: str, template: str) -> bool:
    """True when a concrete example path fits a template, also under a base path the docs' examples
    show and the template omits (``/v1/buckets/blog`` fits ``/buckets/{bucket_id}``)."""
    concrete = "/" + re.sub(r"^/?https?://[^/]+", "", path.split("?")[0].strip()).strip("/")
    pattern = re.escape(template).replace(re.escape("{}"), r"[^/]*")
    pattern = re.sub(r"\\\{[^{}]*\\\}", r"[^/]+", pattern)
    if template == "/":  # the root, under at most a base path ("/v1/")
        return re.fullmatch(r"/(?:[^/]+)?", concrete) is not None
    return re.fullmatch(r"(?:/[^/]+)*?" + pattern, concrete) is not None


def _stated_responses(page: Page) -> dict[str, Response]:
    """One response per stated code, at the first line stating it; its description is the first
    statement that describes it (a bare "Status code: 200" label describes nothing)."""
    responses: dict[str, Response] = {}
    for status, description, location in page.statuses:
        known = responses.get(status)
        if known is None:
            responses[status] = Response(status, description, None, location)
        elif not known.description and description:
            responses[status] = dataclasses.replace(known, description=description)
    return responses


def _responses(page: Page, line: urls.RequestLine, examples: tuple[Example, ...], prop,
               diagnostics: Diagnostics) -> list[Response]:
    responses = _stated_responses(page)
    # the documented success; a page that documents only other codes (a redirect) gets no invented 200;
    # else the success status its response example shows, if any (else an assumed 200)
    shown = [e.status for e in examples if e.role == "response" and e.status.startswith("2")]
    success = next((s for s in responses if s.startswith("2")), None) or \
        next((s for s in responses if s.startswith("3")), None) or (shown[0] if shown else "200")
    # where an example's status line states a code no other statement does (the x-source of that code)
    status_lines = {e.status: e.status_location for e in reversed(examples) if e.role == "response" and e.status}
    by_status = {role.split(":", 1)[1]: fields for role, fields in page.fields.items() if role.startswith("response:")}
    if page.fields.get("response"):
        by_status.setdefault(success, []).extend(page.fields["response"])
    examples_by_status: dict[str, list[Example]] = {}
    for example in examples:
        if example.role == "response" and example.has_body:
            examples_by_status.setdefault(example.status or success, []).append(example)
    for status, documented in sorted(by_status.items()):
        if not documented:
            continue  # a table of headings only documents no member
        documented = nest_dotted(documented) if all(f.name for f in documented) else documented
        named = [promised(f) for f in _recover_response_names(documented, examples_by_status.get(status, []),
                                                                 diagnostics)]
        schema = Schema(type="object", properties=tuple(prop(f) for f in named),
                        location=named[0].location if named else None)
        if page.flavours.get("response") == "array":
            schema = Schema(type="array", items=schema, location=schema.location)
        shown = examples_by_status.get(status)
        if shown:
            schema = place_under_example(schema, shown[0].body, shown[0].location)
        base = responses.get(status) or Response(status, "Success" if status[0] == "2" else f"Status {status}",
                                                 None, status_lines.get(status), code_stated=status in status_lines)
        responses[status] = dataclasses.replace(base, schema=schema)
    for status, shown in sorted(examples_by_status.items()):
        if status not in responses and status != success:
            continue  # a status only an example shows is not documented (lint says so)
        current = responses.get(status)
        if current is None or current.schema is None:
            inferred = infer_schema(shown[0].body, shown[0].location)
            description = current.description if current else ("Success" if status.startswith("2") else "")
            responses[status] = Response(status, description or f"Status {status}", inferred,
                                         current.location if current else status_lines.get(status), True,
                                         code_stated=current.code_stated if current else status in status_lines)
    if success not in responses:
        at = status_lines.get(success)  # a body-less example ("HTTP/1.1 204 No Content") states it
        responses[success] = Response(success, "Success", None, at, stated=at is not None, code_stated=at is not None)
    headers = tuple(Parameter(f.name, "header", bool(f.required), field_schema(f, diagnostics), f.location,
                              f.description, "response-header") for f in page.fields.get("response-header", []))
    if headers or page.media_types["response"]:
        responses[success] = dataclasses.replace(responses[success], headers=headers,
                                                 media_types=page.media_types["response"])
    if page.failure and "default" not in responses and not any(s[0] in "45" for s in responses):
        text, location = page.failure
        responses["default"] = Response("default", "Error: " + _failure_sentence(text), None, location)
    return [responses[k] for k in sorted(responses, key=_status_order)]


FAILURE = re.compile(r"\bon failure\b|\b(?:exception|error) is returned", re.I)


def _failure_sentence(text: str) -> str:
    """The sentence (up to its full stop) that says what a failure returns, else the text (linear: the
    pattern is searched piece by piece, never from every start of a long line without full stops)."""
    pieces = text.split(".")
    found = next((i for i, piece in enumerate(pieces) if FAILURE.search(piece)), None)
    return text.strip() if found is None else (pieces[found] + ("." if found < len(pieces) - 1 else "")).strip()


def _status_order(status: str) -> tuple[int, str]:
    return (1, status) if status == "default" else (0, status)


def _recover_response_names(fields: list[DocField], examples: list[Example],
                            diagnostics: Diagnostics) -> list[DocField]:
    """Name unnamed response fields after the example's members of the same type, in order."""
    if all(f.name for f in fields):
        return fields
    body = examples[0].body if examples and isinstance(examples[0].body, dict) else {}
    taken = {f.name for f in fields if f.name}
    out: list[DocField] = []
    for doc_field in fields:
        if doc_field.name:
            out.append(doc_field)
            continue
        wanted = (field_schema(doc_field, Diagnostics()).type or "").split("|")
        candidate = next((key for key, value in body.items() if key not in taken
                          and json_type(value) in wanted), None)
        if candidate is None:
            diagnostics.add("extract.unnamed-field", "a response field description lost its name and no "
                            "example member of its type names it", doc_field.location,
                            expected="a field name", found=doc_field.description[:60])
            continue
        taken.add(candidate)
        diagnostics.add("extract.recovered-name", f"a response field description had lost its name; named "
                        f"{candidate!r} after the example member of type {'/'.join(wanted)}",
                        doc_field.location, expected="a named field", found="a description without a name",
                        related=(examples[0].location_of("/" + candidate),) if examples[0].location else ())
        out.append(dataclasses.replace(doc_field, name=candidate))
    return out
