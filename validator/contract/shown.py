"""The example requests the docs show (``x-example-requests``: request line, doc line, whether the example
carries credentials), fitted onto the template they are filed under: the concrete values the docs use per
path parameter, the base path the docs' examples put in front of the templates, in page order."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from validator.contract.outcome import doc_location
from validator.contract.prereq import PARAM, path_params, resource_prefixes
from validator.model import Location

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@dataclass
class Shown:
    """One example request of the docs, fitted onto its operation's template."""
    path: str  # the operation's template
    method: str
    line: str  # "PUT /v1/buckets/blog" as the docs show it
    prefix: tuple[str, ...]  # segments in front of the template (the docs' base path, as this example shows it)
    values: dict[str, str]  # path parameter → the docs' value
    source: Location | None
    credentials: bool | None  # shows an Authorization header; None when it shows no header at all
    body: tuple[bool, Any, str] = (False, None, "")  # (has one, value, media type)
    merged: list[Location] = field(default_factory=list)  # other renderings of the same request (curl, HTTP)
    basic: tuple[str, str] | None = None  # basic credentials the example shows (user, password)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def keys(self) -> list[tuple[str, str]]:
        """(resource shape, concrete resource) the request touches, outermost first: (`/buckets/{}`,
        `/buckets/blog`), (`/buckets/{}/collections/{}`, `/buckets/blog/collections/articles`)."""
        out, names = [], path_params(self.path)
        for n, shape in enumerate(resource_prefixes(self.path)):
            values = [self.values.get(name, "") for name in names[: n + 1]]
            parts = iter(values)
            out.append((shape, "/".join(next(parts) if s == "{}" else s for s in shape.split("/"))))
        return out

    @property
    def relative(self) -> str:
        """The path the example requests, without the base path in front of the template."""
        return "/" + "/".join([unquote(s) for s in segments(self.line.partition(" ")[2])][len(self.prefix):])

    @property
    def where(self) -> str:
        return f"{self.source.path}:{self.source.line}" if self.source else "the docs"


def segments(path: str) -> list[str]:
    """The path segments of a request path or URL (scheme, host and query dropped)."""
    bare = urlsplit(path.strip()).path if "://" in path else path.split("?")[0].split("#")[0]
    return [s for s in bare.split("/") if s]


def _segment_regex(segment: str) -> tuple[re.Pattern[str], list[str]]:
    names = re.findall(r"\{([^{}]+)\}", segment)
    pattern = re.escape(segment)
    for name in names:
        pattern = pattern.replace(re.escape("{" + name + "}"), "(.+?)", 1)
    return re.compile(pattern + r"\Z"), names


def fit(template: str, shown: str) -> tuple[tuple[str, ...], dict[str, str]] | None:
    """(segments in front of the template, parameter values) when ``shown`` ends in a path the template
    describes; None when it does not."""
    wanted, concrete = segments(template), [unquote(s) for s in segments(shown)]
    if len(concrete) < len(wanted):
        return None
    tail = concrete[len(concrete) - len(wanted):]
    values: dict[str, str] = {}
    for pattern_text, value in zip(wanted, tail, strict=True):
        whole = PARAM.match(pattern_text)
        if whole:
            values[whole.group(1)] = value
            continue
        regex, names = _segment_regex(pattern_text)
        match = regex.match(value)
        if match is None:
            return None
        values.update(zip(names, match.groups(), strict=True))
    return tuple(concrete[: len(concrete) - len(wanted)]), values


def _body(operation: dict, source: Location | None) -> tuple[bool, Any, str]:
    """The request body example shown at the same doc line (the same example), if any."""
    for media_type, media in ((operation.get("requestBody") or {}).get("content") or {}).items():
        for example in (media.get("examples") or {}).values() if isinstance(media, dict) else ():
            if isinstance(example, dict) and "value" in example and source is not None \
                    and doc_location(example) == source:
                return True, example["value"], media_type
    return False, None, ""


def shown_requests(spec: dict) -> list[Shown]:
    """Every example request of the spec that fits its operation's template, in (file, line) order."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items() if isinstance(methods, dict) else ():
            if method not in METHODS or not isinstance(operation, dict):
                continue
            for entry in operation.get("x-example-requests") or []:
                fitted = fit(path, str(entry.get("path", ""))) if isinstance(entry, dict) else None
                if fitted is None or str(entry.get("method", "")).lower() != method:
                    continue
                source = doc_location(entry)
                credentials, basic = entry.get("credentials"), entry.get("basic")
                out.append(Shown(path, method, f"{method.upper()} {entry['path']}", fitted[0], fitted[1], source,
                                 credentials if isinstance(credentials, bool) else None, _body(operation, source),
                                 basic=(str(basic[0]), str(basic[1])) if isinstance(basic, list) and len(basic) == 2
                                 else None))
    return sorted(out, key=lambda s: (s.source.path, s.source.line) if s.source else ("", 0))


def examples(spec: dict) -> list[Shown]:
    """The docs' example requests, one per request (renderings merged), in page order, each saying whether
    it is sent with credentials: an example shown without an Authorization header is anonymous on a page
    whose other examples carry one, or when the docs mark the operation "Anonymous" (docs that never show
    credentials say nothing by leaving them out)."""
    shown = merge_renderings(shown_requests(spec))
    with_credentials = {s.source.path for s in shown if s.source and s.credentials}
    for item in shown:
        marked = spec["paths"][item.path][item.method].get("x-anonymous")
        if item.credentials is None and marked:
            item.credentials = False
        elif item.credentials is False and not marked and (item.source is None or
                                                           item.source.path not in with_credentials):
            item.credentials = None
    return shown


def anonymous_operations(spec: dict) -> set[tuple[str, str]]:
    """(path, method) of the operations whose replayed example (the first body example, else the first
    example request) the docs show without credentials."""
    out = set()
    by_operation: dict[tuple[str, str], list[Shown]] = {}
    for item in examples(spec):
        by_operation.setdefault((item.path, item.method), []).append(item)
    for (path, method), items in by_operation.items():
        with_body = next((s for s in items if s.body[0]), None)
        if (with_body or items[0]).credentials is False:
            out.add((path, method))
    return out


def merge_renderings(shown: list[Shown]) -> list[Shown]:
    """One step per request: the same request shown twice in a row (a curl command, then its HTTP form)
    is one example; the rendering that shows headers says whether it carries credentials."""
    out: list[Shown] = []
    for item in shown:
        last = out[-1] if out else None
        if last is not None and (last.label, last.line, last.source.path if last.source else "") == \
                (item.label, item.line, item.source.path if item.source else "") and \
                (last.credentials is None or item.credentials is None) and \
                (not last.body[0] or not item.body[0] or last.body[1] == item.body[1]):
            last.credentials = last.credentials if item.credentials is None else item.credentials
            last.body = last.body if last.body[0] else item.body
            last.basic = last.basic or item.basic
            if item.source:
                last.merged.append(item.source)
            continue
        out.append(item)
    return out


def base_path(shown: list[Shown]) -> tuple[str, ...] | None:
    """The base path the docs' examples put in front of the templates (`/v1`): what most examples show,
    at least two of them; None when the docs agree on none."""
    counts = Counter(s.prefix for s in shown)
    if not counts:
        return None
    prefix, count = counts.most_common(1)[0]
    return prefix if count >= 2 else None
