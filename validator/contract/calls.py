"""Building the explicit requests of the doc-derived cases: values the documented schemas accept (or violate
one constraint of), the docs' own example values mapped onto resources this run created, the documented
Accept header, and the body sent the way its documented Content-Type says."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from validator.contract.conditional import current_tag, precondition_param
from validator.contract.http import Call, Client, Masker
from validator.contract.prereq import Producer, path_params, resource_prefixes, substitute


@dataclass
class Context:
    spec: dict[str, Any]
    base_url: str
    auth: dict[str, str]  # headers that carry --auth (may be empty)
    unprivileged: dict[str, str] | None
    headers: dict[str, str]
    client: Client
    mask: Masker = field(default_factory=Masker)
    run: str = "run"  # run-unique token in the names of the resources this run creates
    producers: dict[str, list[Producer]] = field(default_factory=dict)
    doc_values: dict[str, str] = field(default_factory=dict)  # resource prefix → the docs' example value
    setups: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # undoing op → its doing op
    undos: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # doing op → its undoing op
    serial: int = 0
    prerequisite_requests: int = 0
    anonymous: set[tuple[str, str]] | None = None  # operations whose example the docs show without credentials
    left_behind: list[tuple[str, str]] = field(default_factory=list)  # (resource, why) created, not deleted
    # resources created without credentials: this run's name → (the creating operation, the body sent), or
    # None once a request of the run deleted it
    made_anonymously: dict[str, tuple[tuple[str, str], Any] | None] = field(default_factory=dict)

    def identity(self) -> dict[str, str]:
        """Headers of the privileged user (--header and --auth)."""
        return {**self.headers, **self.auth}

    @property
    def collections(self) -> frozenset[str]:
        """Body member names that hold identifiers of a creatable resource: its collection's name and
        that name in the singular (`traits`, `trait` for /traits/{name})."""
        return collection_names(self.producers)


def collection_names(shapes: Iterable[str]) -> frozenset[str]:
    """The collection names of resource shapes ending in an identifier ("/traits/{}" → traits, trait)."""
    out = set()
    for shape in shapes:
        parts = shape.split("/")
        if len(parts) >= 3 and parts[-1] == "{}" and parts[-2] and "{" not in parts[-2]:
            name = parts[-2]
            out |= {name, name[:-3] + "y" if name.endswith("ies") else name[:-2] if name.endswith(("ses", "xes"))
                    else name[:-1] if name.endswith("s") else name}
    return frozenset(out)


def resolve(spec: dict, schema: dict | None) -> dict:
    """A schema with its top-level $ref followed."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        node: Any = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        schema, seen = node, seen + 1
    return schema if isinstance(schema, dict) else {}


def _kind(schema: dict) -> str | None:
    kind = schema.get("type")
    return kind[0] if isinstance(kind, list) and kind else kind if isinstance(kind, str) else None


def accepts(schema: dict, value: str) -> bool:
    """Does a string/integer path value satisfy the schema's type, pattern and length?"""
    kind = _kind(schema)
    if kind in ("integer", "number"):
        return value.isdigit()
    pattern = schema.get("pattern")
    try:
        if pattern and not re.search(pattern, value):
            return False
    except re.error:
        pass
    return schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", 1 << 30)


def fresh_name(ctx: Context, schema: dict | None) -> str:
    """A name nobody uses yet (doccontract-<run>-<n>) that the parameter's schema accepts; after a required
    prefix written in capitals (`CUSTOM_`) the name goes on in its style (CUSTOM_DOCCONTRACT_<RUN>_<N>)."""
    ctx.serial += 1
    schema = resolve(ctx.spec, schema)
    n = ctx.serial
    prefix = literal_prefix(str(schema.get("pattern", "")))  # "must start with `CUSTOM_`"
    capitals = prefix.upper() == prefix != prefix.lower()
    for candidate in (f"doccontract-{ctx.run}-{n}", f"doccontract_{ctx.run}_{n}", f"dc{ctx.run}{n}",
                      f"dc{n}", f"{900000 + n}", str(n)):
        styled = prefix + candidate.upper().replace("-", "_")
        for named in ((styled, candidate) if capitals else (candidate, prefix + candidate, styled)):
            if accepts(schema, named):
                return named
    return str(valid_value(ctx.spec, schema))


def literal_prefix(pattern: str) -> str:
    """The literal text a pattern requires at the start (`^CUSTOM_` → `CUSTOM_`; "" for none)."""
    match = re.match(r"\^((?:[\w-]|\\[^\w\s])+)", pattern)
    return re.sub(r"\\(.)", r"\1", match.group(1)) if match else ""


def valid_value(spec: dict, schema: dict | None, depth: int = 0) -> Any:
    """A value the schema accepts (enum, default, or a minimal value of its type)."""
    schema = resolve(spec, schema)
    if "enum" in schema and schema["enum"]:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = _kind(schema)
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1) if schema.get("maximum", 2) >= 1 else schema.get("minimum", 0)
    if kind == "number":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    if kind == "array":
        return [valid_value(spec, schema.get("items"), depth + 1)] * schema.get("minItems", 0)
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        props = schema.get("properties", {})
        return {name: valid_value(spec, props.get(name), depth + 1) for name in schema.get("required", [])}
    for candidate in ("doccontract-1", "a1", "a", "1", "x"):
        if accepts(schema, candidate):
            return candidate
    return "a"


def invalid_values(spec: dict, schema: dict | None) -> list[tuple[str, Any]]:
    """(keyword, value) pairs that each violate one documented constraint of ``schema``."""
    schema = resolve(spec, schema)
    out: list[tuple[str, Any]] = []
    pattern = schema.get("pattern")
    if pattern:
        candidates = ("Not Valid!", "-", "_", "A B", "--", "x" * 300)
        bad = next((c for c in candidates if not accepts({"pattern": pattern}, c)), None)
        if bad is not None:
            out.append(("pattern", bad))
    if "maxLength" in schema:
        filler = next((c for c in ("a", "0", "x", "A") if accepts({"pattern": pattern}, c * 3)), "a")
        out.append(("maxLength", filler * (schema["maxLength"] + 1)))
    if schema.get("minLength", 0) > 0:
        out.append(("minLength", ""))
    if isinstance(schema.get("minimum"), (int, float)):
        out.append(("minimum", schema["minimum"] - 1))
    if isinstance(schema.get("maximum"), (int, float)):
        out.append(("maximum", schema["maximum"] + 1))
    named = [v for v in schema.get("enum") or () if v is not None]  # null may be one of the documented values
    if named and all(isinstance(v, str) for v in named):
        out.append(("enum", "doccontract-not-a-documented-value"))
    if _kind(schema) in ("integer", "number", "boolean"):
        out.append(("type", "not-a-" + str(_kind(schema))))
    return out


def accept_header(operation: dict) -> str:
    """The documented media types of the operation's success answers, as an Accept header ("" if none);
    without their parameters (a charset is not negotiated, and some servers refuse it in Accept)."""
    types: list[str] = []
    for status, response in operation.get("responses", {}).items():
        if str(status).startswith("2") and isinstance(response, dict):
            for media_type in response.get("content", {}):
                bare = media_type.split(";")[0].strip().lower()
                if bare and bare not in types:
                    types.append(bare)
    return ", ".join(types)


def example_body(operation: dict) -> tuple[str, Any, bool, dict]:
    """(media type, the docs' first example body, whether there is one, the example node)."""
    content = (operation.get("requestBody") or {}).get("content", {})
    for media_type, media in content.items():
        for example in (media.get("examples") or {}).values():
            if isinstance(example, dict) and "value" in example:
                return media_type, example["value"], True, example
        if "example" in media:
            return media_type, media["example"], True, {}
    return next(iter(content), "application/json"), None, False, {}


def build_call(ctx: Context, path: str, method: str, operation: dict, headers: dict[str, str], *,
               values: dict[str, str] | None = None, mapping: dict[str, str] | None = None,
               body: Any = None, has_body: bool | None = None,
               overrides: dict[tuple[str, str], Any] | None = None, omit: tuple[str, str] | None = None) -> Call:
    """A valid request for the operation: chain ``values`` for path parameters, the docs' example values
    (their identifiers mapped onto this run's resources), else values the schema accepts; ``overrides``
    replace (where, name) values, ``omit`` leaves one out."""
    overrides, values, mapping = overrides or {}, values or {}, mapping or {}
    url_path, query = _encode_literals(path), {}
    extra = {name: value for name, value in headers.items()  # a left-out header is left out of --header too
             if omit is None or omit[0] != "header" or name.lower() != omit[1].lower()}
    for param in operation.get("parameters", []):
        if not isinstance(param, dict) or "in" not in param or "name" not in param:
            continue
        key = (param["in"], param["name"])
        if key == omit:
            continue
        if key in overrides:
            value = overrides[key]
        elif param["in"] == "path" and param["name"] in values:
            value = values[param["name"]]
        elif "example" in param:
            value = substitute(param["example"], mapping)
        elif param.get("required") or param["in"] == "path":
            value = valid_value(ctx.spec, param.get("schema"))
        else:
            continue
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if param["in"] == "path":
            url_path = url_path.replace("{" + param["name"] + "}", quote(text, safe=""))
        elif param["in"] == "query":
            query[param["name"]] = text
        elif param["in"] == "header" and (key in overrides or param["name"].lower() not in
                                          {name.lower() for name in headers}):
            extra[param["name"]] = text  # headers given with --header/--auth win over generated values
    accept = accept_header(operation)
    if accept and not any(name.lower() == "accept" for name in extra):
        extra["Accept"] = accept
    media_type, example, has_example, _ = example_body(operation)
    if has_body is None:
        if has_example:
            body, has_body = substitute(example, mapping), True
        elif (operation.get("requestBody") or {}).get("required") or (
                method in ("put", "post", "patch") and (operation.get("requestBody") or {}).get("content")):
            media = (operation.get("requestBody") or {}).get("content", {}).get(media_type, {})
            body, has_body = valid_value(ctx.spec, media.get("schema")), True  # a documented body, minimal
        else:
            has_body = False
    url = ctx.base_url.rstrip("/") + url_path + (("?" + urlencode(query)) if query else "")
    conditional = precondition_param(operation)
    if conditional is not None and ("header", conditional["name"]) not in overrides and \
            ("header", conditional["name"]) != omit and conditional["name"].lower() not in {h.lower() for h in headers}:
        tag = current_tag(ctx, url, extra)  # the docs' example tag, or a made-up one, is stale by design
        if tag is not None:
            extra[conditional["name"]] = tag
    return Call(method, url, extra, body, bool(has_body), media_type)


CLIENT_HEADERS = frozenset({  # set by the HTTP client or the run's identity, or defaulted by servers by design
    "accept", "accept-encoding", "accept-language", "authorization", "connection", "content-length",
    "content-type", "cookie", "host", "if-match", "user-agent"})


def may_be_left_out(ctx: Context, param: dict) -> bool:
    """Is leaving out this required parameter a documented constraint violated alone: a query parameter, or
    a header that is neither the client's nor the run's credentials (If-Match has its own 428 case) and
    has no documented default."""
    if param.get("in") == "query":
        return True
    name = str(param.get("name", "")).lower()
    return param.get("in") == "header" and name not in CLIENT_HEADERS and \
        name not in {header.lower() for header in ctx.auth} and "default" not in (param.get("schema") or {})


def anonymous_may_help(ctx: Context, operation: dict, response: Any) -> bool:
    """A refused request of an operation the docs do not restrict may be meant for anonymous users."""
    return bool(ctx.auth) and not operation.get("x-privileges") and response is not None and \
        response.status_code in (400, 401, 403)


def invented(operation: dict, values: dict[str, str]) -> list[str]:
    """Path parameters whose value the run made up: no resource of ours, no value in the docs."""
    return [p["name"] for p in operation.get("parameters", []) if isinstance(p, dict) and p.get("in") == "path"
            and p.get("name") not in values and "example" not in p]


def docs_valued(operation: dict, values: dict[str, str], path: str, method: str) -> list[str]:
    """``name=value`` of the path parameters sent with the docs' example value: a resource this run did not
    create (what it creates gets a fresh name). Not the one a PUT creates (its path's last parameter)."""
    created = re.findall(r"\{([^{}]+)\}$", path) if method == "put" else []
    return [f"{p['name']}={p['example']}" for p in operation.get("parameters", []) if isinstance(p, dict)
            and p.get("in") == "path" and "example" in p and p.get("name") not in created
            and str(values.get(p["name"], p["example"])) == str(p["example"])]


REFERENCE = re.compile(r"^[A-Za-z].*?(?:[_-](?:[iI][dD]|[uU][uU][iI][dD])s?|[a-z0-9](?:Id|ID|Uuid|UUID)s?)$")


def foreign_references(body: Any, ours: set[str], collections: frozenset[str] = frozenset(),
                       depth: int = 0) -> list[str]:
    """``member=value`` of the body members that name another resource by its identifier (`project_id`,
    `parent_provider_uuid`, `ownerId`; not a bare `id` or `uuid`; or a member named after a collection of
    creatable resources: `traits: [...]`) with a value this run did not create."""
    out: list[str] = []
    if depth > 20:
        return out
    items = body.items() if isinstance(body, dict) else enumerate(body) if isinstance(body, list) else ()
    for key, value in items:
        named = isinstance(key, str) and (REFERENCE.match(key) or key in collections)
        for item in value if named and isinstance(value, list) else [value]:
            if named and isinstance(item, str) and item and item not in ours:
                out.append(f"{key}={item}")
        if isinstance(value, dict | list):
            out += foreign_references(value, ours, collections, depth + 1)
    return out


def without_optional_references(spec: dict, operation: dict, body: Any, ours: set[str]) -> Any:
    """``body`` without its top-level members that name a resource this run did not create and that the
    request schema does not require (the docs' example creates a child of their own parent: created
    again here, the resource is made without it); ``body`` itself when there is none."""
    if not isinstance(body, dict):
        return body
    media_type = example_body(operation)[0]
    schema = resolve(spec, ((operation.get("requestBody") or {}).get("content", {}).get(media_type) or {})
                     .get("schema"))
    required = set(schema.get("required") or ())
    foreign = {key for key, value in body.items()
               if key not in required and REFERENCE.match(key) and foreign_references({key: value}, ours)}
    return {key: value for key, value in body.items() if key not in foreign} if foreign else body


def _encode_literals(path: str) -> str:
    """The path template with characters a URL cannot carry (`<`, space, `%` …) percent-encoded outside
    its {parameters}."""
    parts = re.split(r"(\{[^{}]*\})", path)
    return "".join(part if part.startswith("{") and part.endswith("}") else
                   quote(part, safe="/:@!$&'()*+,;=-._~") for part in parts)


def doc_value_prefixes(spec: dict) -> dict[str, str]:
    """Per resource prefix, the concrete value the docs' examples use for it (`/buckets/{}` → "blog")."""
    out: dict[str, str] = {}
    for path, methods in spec.get("paths", {}).items():
        prefixes, names = resource_prefixes(path), path_params(path)
        for operation in methods.values():
            if not isinstance(operation, dict):
                continue
            examples = {p.get("name"): p.get("example") for p in operation.get("parameters", [])
                        if isinstance(p, dict) and p.get("in") == "path" and "example" in p}
            for prefix, name in zip(prefixes, names, strict=False):
                if examples.get(name) is not None:
                    out.setdefault(prefix, str(examples[name]))
    return out
