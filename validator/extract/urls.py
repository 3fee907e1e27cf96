"""Request lines and URL templates: finding "METHOD path" statements, normalising placeholder styles
(<id>, {id}, (id), :id, {type:id}) to OpenAPI templates, and grouping alternate URL forms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from validator.model import Location

METHOD = r"GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS"
PLACEHOLDER = re.compile(r"<([^<>/]*)>|\{([^{}/]*)\}|\(([^()/]*)\)|(?<=/):(\w+)")
STRIPPED = "{}"  # a placeholder whose name a scrape removed
# a path as docs write it: no whitespace, except inside a placeholder ("/x/{thing id}", "/x/<thing id>")
PATH_WORD = r"(?:[^\s`{}<>]|\{[^{}/`\n]*\}|<[^<>/`\n]*>|[{}<>])+"
CONCRETE_HOST = re.compile(r"^https?://[^/{}<>\s]+(?:/|$)")  # a real host, not https://{endpoint}


@dataclass(frozen=True, slots=True)
class RequestLine:
    method: str  # lower case
    raw_path: str
    template: str  # OpenAPI template; stripped placeholders appear as '{}'
    query: str
    location: Location
    repairs: tuple[str, ...] = ()  # what normalising the path had to repair (stripped placeholders aside)

    @property
    def has_placeholder(self) -> bool:
        return "{" in self.template or bool(re.search(r"//|/,|,/", self.raw_path))

    @property
    def segments(self) -> list[str]:
        return self.template.strip("/").split("/") if self.template.strip("/") else []


def find_request_lines(text: str, location: Location, line_locations: tuple[Location, ...] = ()) \
        -> list[RequestLine]:
    """Request lines stated in a paragraph: backticked `METHOD path` spans, or a paragraph that is
    nothing but request lines (rendered pages)."""
    found: list[RequestLine] = []
    backticked = list(re.finditer(rf"`\s*({METHOD})\s+({PATH_WORD})\s*`", text))
    if backticked:
        for match in backticked:
            found.append(make(match.group(1), match.group(2), _offset(location, match.start())))
        return found
    legacy = re.search(rf"\b(?:http )?method\s*[:：]\s*({METHOD})\b.*?\b(?:path|uri|url)\s*[:：]\s*(\S+)",
                       text, re.IGNORECASE | re.DOTALL)
    if legacy:  # legacy pages state "Method: POST" and "PATH: /v1/..." on separate lines
        return [make(legacy.group(1).upper(), legacy.group(2), location)]
    legacy = re.search(rf"\b(?:path|uri|url)\s*[:：]\s*(/\S*|https?://\S+)\s+(?:request |http )?method\s*[:：]\s*"
                       rf"({METHOD})\b", text, re.IGNORECASE)
    if legacy:  # ... or the path first
        return [make(legacy.group(2).upper(), legacy.group(1), location)]
    stripped = text.strip()
    whole = re.fullmatch(rf"({METHOD})\s+({PATH_WORD})(?:\s+HTTP/[\d.]+)?", stripped)
    if whole and ("/" in whole.group(2) or whole.group(2).startswith("_")):
        return [make(whole.group(1), whole.group(2), location)]
    return []


def _offset(location: Location, offset: int) -> Location:
    return Location(location.path, location.line, location.column + offset) if location.line else location


def make(method: str, raw: str, location: Location) -> RequestLine:
    """A RequestLine with the raw path normalised to an OpenAPI template."""
    path, _, query = raw.partition("?")
    path = re.sub(r"^https?://[^/]+", "", path)
    path = re.sub(r"^\{[\w-]*(?:endpoint|host|url|server)[\w-]*\}", "", path, flags=re.I)
    template, repairs = repair_template(path)
    return RequestLine(method.lower(), raw, template, query, location, repairs)


def to_template(path: str) -> str:
    """'_ml/x/<id>/_start' → '/_ml/x/{id}/_start'; '(bucket_id)' and '{int:id}' styles too;
    an empty segment (a stripped '<id>') becomes '{}'."""
    return repair_template(path)[0]


def repair_template(path: str) -> tuple[str, tuple[str, ...]]:
    """The template of ``path`` (as ``to_template``) and what writing it repaired: doubled slashes
    collapsed or dropped, placeholder names cleaned, stray braces percent-encoded. Stripped placeholders
    ('{}') are not listed: naming them is reported where they are named."""
    repairs: list[str] = []
    stem = path.strip()
    if re.match(r"//", stem):
        repairs.append("a doubled leading slash collapsed")
    if re.search(r"[^/]//+$", stem):
        repairs.append("an empty last segment dropped")
    path = "/" + stem.lstrip("/")
    if len(path) > 1:
        path = path.rstrip("/")
    if path == "/":
        return path, tuple(repairs)
    out = []
    for segment in path.split("/")[1:]:
        if segment == "" or re.fullmatch(r",+", segment):
            out.append(STRIPPED)
            continue

        def name(match: re.Match) -> str:
            given = next(g for g in match.groups() if g is not None).split(":")[-1]
            clean = re.sub(r"[^\w.-]", "", given).strip(".-")  # `<_id>` keeps its underscore
            if clean and clean != given:
                repairs.append(f"placeholder {match.group(0)!r} written as {{{clean}}}")
            return "{" + clean + "}" if clean else STRIPPED

        def brace(match: re.Match) -> str:  # a brace that opens or closes no placeholder is a literal
            if len(match.group(0)) > 1:
                return match.group(0)
            repairs.append(f"stray {match.group(0)!r} percent-encoded as {quote(match.group(0))}")
            return quote(match.group(0))

        out.append(re.sub(r"\{[\w.-]*\}|[{}]", brace, PLACEHOLDER.sub(name, segment)))
    return "/" + "/".join(out), tuple(dict.fromkeys(repairs))


def placeholders(template: str) -> list[str]:
    """Placeholder names of a template, in order ('' for stripped ones)."""
    return re.findall(r"\{([^{}]*)\}", template)


def name_form(name: str) -> str:
    """A parameter name without its case and separators: ``widget_id``, ``widgetId`` and ``Widget-ID``
    are one name written in different forms."""
    return re.sub(r"[\W_]+", "", name).lower()


def placeholder_named(name: str, names: list[str]) -> str:
    """The placeholder of ``names`` a documented path parameter names in another form (``widgetId``
    documents ``{widget_id}``); else the name as documented."""
    if not name or name in names:
        return name
    same = [n for n in names if n and name_form(n) == name_form(name)]
    return same[0] if len(same) == 1 else name


def is_alternate_form(form: RequestLine, main: RequestLine) -> bool:
    """True when ``form`` states another spelling of ``main``'s URL: a comma list of the placeholder,
    `_all` or `*` where ``main`` has the placeholder."""
    if form.method != main.method or len(form.segments) != len(main.segments) or form == main:
        return False
    differs = False
    for a, b in zip(form.segments, main.segments, strict=True):
        if a == b:
            continue
        if not re.fullmatch(r"\{[^{}]*\}", b):
            return False
        if a in ("_all", "*") or re.fullmatch(r"\{[^{}]*\}(?:,\{[^{}]*\})+|\{\}", a) or a == STRIPPED:
            differs = True
            continue
        return False
    return differs


def placeholder_values(template: str, concrete: str) -> list[tuple[str, str]]:
    """(name, value) for each placeholder of ``template`` in a concrete example path."""
    path = "/" + re.sub(r"^[a-z]+://[^/]+", "", concrete.split("?")[0].strip()).strip("/")
    segments = template.strip("/").split("/")
    values = path.strip("/").split("/")
    if len(values) > len(segments):
        values = values[len(values) - len(segments):]  # a base path the template omits (/v1)
    if len(segments) != len(values):
        return []
    return [(seg[1:-1], value) for seg, value in zip(segments, values, strict=True)
            if seg.startswith("{") and seg.endswith("}")]  # a stripped placeholder has the name ""


BOOLEAN_WORDS = {"true": True, "false": False, "True": True, "False": False}


def literal_type(value: str) -> str:
    """The type a request line's literal query value shows ('True' boolean, '20' integer), else string."""
    if value in BOOLEAN_WORDS:
        return "boolean"
    return "integer" if re.fullmatch(r"-?\d{1,18}", value) else "string"


def typed_value(value: str, kind: str | None) -> object:
    """A URL value as the JSON value of its documented type ('2' for an integer is 2), else as written."""
    kinds = (kind or "").split("|")
    if "integer" in kinds and re.fullmatch(r"-?\d+", value):
        return int(value)
    if "number" in kinds and re.fullmatch(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", value):
        return float(value) if re.search(r"[.eE]", value) else int(value)
    if "boolean" in kinds and value in BOOLEAN_WORDS:
        return BOOLEAN_WORDS[value]
    return value
