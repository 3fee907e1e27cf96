"""Examples: request lines, HTTP messages and JSON bodies in code blocks, with the line of every
JSON member so findings can point at the offending value."""

from __future__ import annotations

import base64
import json
import re
import shlex
from typing import Any
from urllib.parse import parse_qsl

from validator.diagnostics import Diagnostics
from validator.model import Example, Location
from validator.readers.limits import MAX_DEPTH

METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
REQUEST_LINE = re.compile(
    r"^\s*(?:\$\s+(?:curl\s+-X\s*)?)?(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+"
    r"((?:https?://[^/\s]+)?/?(?:[^\s{]|\{[\w.:-]*\}(?=[/?&,.#]|\s|$))*)(?:\s+HTTP/\d(?:\.\d)?)?\s*(?=\{|\[|$)",
    re.MULTILINE)  # a '{' that opens a placeholder ({endpoint}, {project_id}) is not the start of a body
# an HTTP message of a method beyond the common ones (COPY, MOVE, PROPFIND): only with its HTTP version
OTHER_METHOD_LINE = re.compile(r"^\s*([A-Z][A-Z-]*)\s+(/\S*)\s+HTTP/\d(?:\.\d)?\s*$")
STATUS_LINE = re.compile(r"^\s*HTTP/\d(?:\.\d)?\s+(\d{3})\b.*$", re.MULTILINE)
FORM = "application/x-www-form-urlencoded"
HEADER_LINE = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")
# HTTPie: "$ http get URL ...", "$ echo '{...}' | http post URL ..."
HTTPIE = re.compile(r"^\s*\$?\s*(?:echo\s+'(?P<body>[^']*)'\s*\|\s*)?http\s+(?:--\S+\s+)*"
                    r"(?P<method>get|post|put|patch|delete|head|options)\s+(?P<url>\S+)", re.IGNORECASE)


def parse_httpie(text: str, location: Location) -> Example | None:
    """An example request written as an HTTPie command line."""
    match = HTTPIE.match(text.strip().split("\n")[0])
    if not match:
        return None
    url = re.sub(r"^https?://[^/]+", "", match.group("url").strip("'\""))
    body_text = match.group("body")
    body, _, ok = parse_json_body(body_text) if body_text else (None, [], False)
    return Example("request", match.group("method").lower(), url, "", (), body, ok, text, location)


CURL = re.compile(r"^\s*(?:\$\s*)?curl\s")
MAX_COMMAND = 16 * 1024  # characters of a curl command parsed (~10 ms of shlex; 1 MB would take 20 s)
# curl options that take a value, by what the value is ("" for what an example does not keep)
CURL_VALUED = {
    "-X": "method", "--request": "method", "-H": "header", "--header": "header", "--url": "url",
    "-d": "data", "--data": "data", "--data-raw": "data", "--data-binary": "data", "--data-ascii": "data",
    "--data-urlencode": "data", "--json": "json", "-F": "form", "--form": "form", "-u": "user", "--user": "user",
    "-b": "cookie", "--cookie": "cookie", "-o": "", "--output": "", "-A": "", "--user-agent": "", "-e": "",
    "--referer": "", "-m": "", "--max-time": "", "--connect-timeout": "", "-w": "", "--write-out": "", "-T": ""}


def parse_curl(text: str, location: Location, diagnostics: Diagnostics | None = None) -> Example | None:
    """An example request written as a curl command (continuation lines joined): the method (-X, else POST
    when it sends data, else GET), the path of its URL, its headers (with the credentials of -u and -b) and
    its body (JSON, else a form when nothing says JSON). A command past MAX_COMMAND characters is not read
    (shlex takes time quadratic in a quoted word)."""
    if not CURL.match(text):
        return None
    if len(text) > MAX_COMMAND:
        if diagnostics is not None:
            diagnostics.add("extract.example-limit", f"a curl command of {len(text):,} characters is not read as "
                            "an example request", location, expected=f"at most {MAX_COMMAND:,} characters",
                            found=f"{len(text):,} characters")
        return None
    try:
        given = _curl_options(shlex.split(re.sub(r"\\\n", " ", text.strip().lstrip("$")))[1:])
    except ValueError:  # unbalanced quotes
        return None
    urls = given.get("url", [])
    data = "&".join(given.get("data", [])) or "".join(given.get("json", []))
    if not urls or data.startswith("@"):
        return None
    if given.get("get"):  # -G: the data is the query string of a GET
        urls[0], data = urls[0] + ("&" if "?" in urls[0] else "?") * bool(data) + data, ""
    headers = [tuple(part.strip() for part in h.split(":", 1)) for h in given.get("header", []) if ":" in h]
    headers += [("Authorization", "Basic " + base64.b64encode(user.encode()).decode())
                for user in given.get("user", [])]
    headers += [("Cookie", cookie) for cookie in given.get("cookie", [])]
    if given.get("json"):
        headers.append(("Content-Type", "application/json"))
    method = (given.get("method") or ["POST" if data or given.get("form") else "GET"])[-1].upper()
    body, _, ok = parse_json_body(data) if data else (None, [], False)
    stated = Example("request", headers=tuple(headers)).content_type
    if data and not ok and not _json_type(stated) and data.lstrip()[:1] not in "{[":  # a form
        body, ok = dict(parse_qsl(data, keep_blank_values=True)), True
        if not stated:
            headers.append(("Content-Type", FORM))
    path = re.sub(r"^(?:https?:)?//[^/]+", "", urls[0]) or "/"
    return Example("request", method.lower(), path, "", tuple(headers), body, ok, text, location)


def _curl_options(words: list[str]) -> dict[str, list[str]]:
    """curl's arguments by what they are (CURL_VALUED's kinds, "url" for the others, "get" for -G)."""
    given: dict[str, list[str]] = {}
    at = 0
    while at < len(words):
        word = words[at]
        kind = CURL_VALUED.get(word)
        if kind is None and word[:2] in ("-X", "-H", "-d", "-u") and len(word) > 2:  # -XPOST
            given.setdefault(CURL_VALUED[word[:2]], []).append(word[2:])
        elif kind is not None:
            given.setdefault(kind, []).append(words[at + 1] if at + 1 < len(words) else "")
            at += 1
        elif word in ("-G", "--get"):
            given["get"] = [word]
        elif not word.startswith("-"):
            given.setdefault("url", []).append(word)
        at += 1
    return given


def parse_example(text: str, location: Location, line_locations: tuple[Location, ...], role_hint: str,
                  diagnostics: Diagnostics) -> Example | None:
    """An Example from a code block's text; None when the block holds neither a request line, an
    HTTP status line nor a JSON body."""
    command = parse_httpie(text, location) or parse_curl(text, location, diagnostics)
    if command is not None:
        return command
    text, marks = strip_callouts(text)
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return None
    method, path, status, headers, body_start, body_column = _message_head(lines, first)
    body_text = "\n".join([lines[body_start][body_column:]] + lines[body_start + 1:]) \
        if body_start < len(lines) else ""
    role = "request" if method else ("response" if status else role_hint or "")
    status_at = _locate(line_locations, location, first, 0) if status else None
    if not body_text.strip():
        if not (method or status):
            return None
        return Example(role, method, path, status, tuple(headers), None, False, text, location,
                       status_location=status_at)
    offset_line = body_start
    stated_type = Example("response", headers=tuple(headers)).content_type
    depth = json_depth(body_text)
    if depth > MAX_DEPTH and (not stated_type or _json_type(stated_type)) and _json_shaped(body_text):
        diagnostics.add("read.too-deep", f"example body nested {depth} deep; it is not read",
                        _locate(line_locations, location, offset_line, body_column),
                        expected=f"JSON nested at most {MAX_DEPTH} deep", found=f"{depth} levels")
        return Example(role or "response", method, path, status, tuple(headers), None, False, text, location,
                       status_location=status_at)
    body, members, ok = parse_json_body(body_text)
    if not ok and stated_type and not _json_type(stated_type):
        # a form, multipart or text body, recognised by its Content-Type: kept as it is shown
        shown = dict(parse_qsl(body_text.strip(), keep_blank_values=True)) if stated_type.startswith(FORM) \
            else body_text.strip("\n")
        return Example(role or "response", method, path, status, tuple(headers), shown, True, text,
                       _locate(line_locations, location, offset_line, body_column), status_location=status_at)
    if not ok:
        if not (method or status or body_text.lstrip().startswith(("{", "["))):
            return None
        diagnostics.add("extract.bad-example", "example body is not valid JSON",
                        _locate(line_locations, location, offset_line, body_column),
                        expected="a JSON document", found=body_text.strip()[:60])
        return Example(role or "response", method, path, status, tuple(headers), None, False, text, location,
                       status_location=status_at)
    member_locations = tuple(
        (pointer, _locate(line_locations, location, offset_line + line, (body_column if line == 0 else 0) + col))
        for pointer, (line, col) in members
    )
    callouts = tuple((number, pointer, "") for number, pointer in _callout_members(marks, members, offset_line))
    return Example(role or "response", method, path, status, tuple(headers), body, True, text,
                   _locate(line_locations, location, offset_line, body_column), member_locations, callouts,
                   status_location=status_at)


CALLOUTS = re.compile(r"(?:\s*>\d+<)+")  # callouts at the end of a line, matched on the reversed line (linear)


def strip_callouts(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text without AsciiDoc callouts (``<1>`` at the end of a line, also after ``//`` or ``#``),
    and (line index, number) of each callout."""
    lines = text.split("\n")
    marks: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        match = CALLOUTS.match(line[::-1]) if line.rstrip().endswith(">") else None
        if not match:
            continue
        head = line[:len(line) - match.end()].rstrip()
        head = head[:-2] if head.endswith("//") else head[:-1] if head.endswith("#") else head
        if head.strip():
            marks.extend((index, number) for number in re.findall(r"<(\d+)>", line[len(head):]))
            lines[index] = head.rstrip()
    return "\n".join(lines), marks


def _callout_members(marks: list[tuple[int, str]], members: list[tuple[str, tuple[int, int]]],
                     offset_line: int) -> list[tuple[str, str]]:
    """(number, pointer) for each callout on a line that shows a member: the outermost member there."""
    out = []
    for index, number in marks:
        on_line = [pointer for pointer, (line, _) in members if line + offset_line == index]
        if on_line:
            out.append((number, min(on_line, key=lambda p: p.count("/"))))
    return out


def _message_head(lines: list[str], first: int) -> tuple[str, str, str, list[tuple[str, str]], int, int]:
    """(method, path, status, headers, index of the body's first line, the body's column on it) of an
    HTTP message written from line ``first`` (a bare body has no head: it starts at ``first``)."""
    method = path = status = ""
    headers: list[tuple[str, str]] = []
    body_start, body_column = first, 0
    request = REQUEST_LINE.match(lines[first]) or OTHER_METHOD_LINE.match(lines[first])
    status_line = STATUS_LINE.match(lines[first])
    if request:
        method, path = request.group(1).lower(), request.group(2)
        body_start, body_column = first, request.end()
        if request.end() >= len(lines[first].rstrip()):
            body_start, body_column = first + 1, 0
    elif status_line:
        status = status_line.group(1)
        body_start = first + 1
    else:
        return method, path, status, headers, body_start, body_column
    while body_start < len(lines) and body_column == 0:
        header = HEADER_LINE.match(lines[body_start].strip())
        if not header or lines[body_start].strip().startswith(("{", "[")):
            break
        headers.append((header.group(1), header.group(2)))
        body_start += 1
    while not body_column and body_start < len(lines) and not lines[body_start].strip():
        body_start += 1  # the blank line between headers and body is not the body
    return method, path, status, headers, body_start, body_column


def _locate(line_locations: tuple[Location, ...], fallback: Location, index: int, column: int) -> Location:
    if index < len(line_locations):
        base = line_locations[index]
    else:
        base = Location(fallback.path, fallback.line + index, fallback.column)
    return Location(base.path, base.line, base.column + column)


def parse_json_body(text: str) -> tuple[Any, list[tuple[str, tuple[int, int]]], bool]:
    """Parse a JSON body tolerantly (comments, trailing commas, lost outer braces); returns the value,
    the (line, column) of every member by JSON pointer, and whether parsing succeeded (not for values
    nested deeper than MAX_DEPTH)."""
    if json_depth(text) > MAX_DEPTH:
        return None, [], False
    elided = re.sub(r"(?m)^\s*(?:\.\.\.|…)\s*,?\s*$", "", _strip_comments(text))  # "..." elisions
    candidates = [(text, 0), (_strip_comments(text), 0), (elided, 0)]
    stripped = text.strip()
    if stripped.startswith('"') and re.match(r'"[^"]+"\s*:', stripped):
        candidates.append(("{\n" + text + "\n}", 1))  # rendered pages drop the outer braces
    for candidate, shift in candidates:
        try:
            value = json.loads(re.sub(r",(\s*[}\]])", r"\1", candidate))
        except ValueError:
            continue
        return value, [(p, (ln - shift, c)) for p, (ln, c) in member_positions(candidate)], True
    return None, [], False


def _json_type(content_type: str) -> bool:
    return bool(re.search(r"[/+]json\b", content_type, re.IGNORECASE))


def _json_shaped(text: str) -> bool:
    """Whether ``text`` holds only JSON tokens (linear: no parser recursion on deep bodies)."""
    return not re.sub(r'"(?:[^"\\\n]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[\s\[\]{}:,]', "",
                      text)


def json_depth(text: str) -> int:
    """How deep brackets nest in ``text`` outside JSON strings (a linear scan: no parser recursion)."""
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", re.sub(r'"(?:[^"\\\n]|\\.)*"', "", text)):
        depth = depth + 1 if bracket in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest


def _strip_comments(text: str) -> str:
    return re.sub(r"(?m)(^|[^:\"])//[^\n\"]*$|/\*.*?\*/", r"\1", text)


def member_positions(text: str) -> list[tuple[str, tuple[int, int]]]:
    """(pointer, (line, column)) of each object member and array element, scanning the JSON text."""
    out: list[tuple[str, tuple[int, int]]] = []
    stack: list[list] = []  # frames: [kind, pointer, next_index, pending_key]
    line = col = 0
    i = 0
    n = len(text)
    expecting_key = False
    while i < n:
        ch = text[i]
        if ch == "\n":
            line, col, i = line + 1, 0, i + 1
            continue
        if ch in "{[":
            pointer = _child_pointer(stack, out, line, col) if stack else ""
            stack.append(["obj" if ch == "{" else "arr", pointer, 0, None])
            expecting_key = ch == "{"
        elif ch in "}]":
            if stack:
                stack.pop()
        elif ch == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            literal = text[i:end + 1]
            if stack and stack[-1][0] == "obj" and expecting_key:
                try:
                    stack[-1][3] = json.loads(literal)
                except ValueError:
                    stack[-1][3] = literal.strip('"')
                stack[-1][2] = (line, col)
                expecting_key = False
            elif stack:
                _child_pointer(stack, out, line, col)
            col += end + 1 - i
            i = end + 1
            continue
        elif ch == ",":
            expecting_key = bool(stack) and stack[-1][0] == "obj"
        elif not ch.isspace() and ch != ":" and stack:
            end = i
            while end < n and text[end] not in ",}]\n":
                end += 1
            _child_pointer(stack, out, line, col)
            col += end - i
            i = end
            continue
        col += 1
        i += 1
    return out


def _child_pointer(stack: list[list], out: list, line: int, col: int) -> str:
    """Record the value starting at (line, col) under the innermost container; return its pointer."""
    frame = stack[-1]
    if frame[0] == "obj":
        key = frame[3] if frame[3] is not None else ""
        position = frame[2] if isinstance(frame[2], tuple) else (line, col)
        pointer = f"{frame[1]}/{_escape(str(key))}"
        frame[3] = None
    else:
        pointer = f"{frame[1]}/{frame[2]}"
        frame[2] += 1
        position = (line, col)
    out.append((pointer, position))
    return pointer


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
