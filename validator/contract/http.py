"""Explicit HTTP requests for the doc-derived cases: a total deadline per request, never to another host,
a liveness probe when a request gets no answer, and curl renderings with every credential masked."""

from __future__ import annotations

import base64
import json
import shlex
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import requests
from urllib3 import encode_multipart_formdata

from validator.contract.deadline import mount

MASK = "[masked]"


@dataclass
class Call:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False
    content_type: str = "application/json"


class ServerGone(Exception):
    """The server stopped answering (exit 3); the message names the last request."""

    def __init__(self, message: str, request: str = "") -> None:
        super().__init__(message)
        self.request = request


class OffHost(Exception):
    """A request would have left for a host other than the one under test."""


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


class Masker:
    """Replaces every credential we were given — and its base64 and URL-encoded forms — by [masked]."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if len(secret) < 3:
                continue  # too short to mask without garbling the text around it
            forms |= {secret, _b64(secret), quote(secret, safe=""), quote(secret, safe=":@")}
            scheme, _, token = secret.partition(" ")
            if token and scheme.isalpha() and len(token) >= 3:  # "Bearer xyz", "Basic dXNlcjpwYXNz"
                forms |= {token, _b64(token)}
                if scheme.lower() == "basic":
                    try:
                        forms.add(base64.b64decode(token, validate=True).decode())
                    except (ValueError, UnicodeDecodeError):
                        pass
        self.forms = sorted((f for f in forms if len(f) >= 3), key=len, reverse=True)

    @classmethod
    def for_run(cls, base_url: str, credentials: Iterable[tuple[str, str] | None],
                headers: dict[str, str]) -> Masker:
        """A masker for a contract run's --auth / --unprivileged-auth pairs, --header values and the user
        info of --base-url."""
        secrets: list[str] = []
        parts = urlsplit(base_url)
        pairs = [c for c in credentials if c is not None]
        if parts.username is not None:
            pairs.append((unquote(parts.username), unquote(parts.password or "")))
            secrets.append(parts.netloc.rpartition("@")[0])
        for user, password in pairs:
            secrets += [f"{user}:{password}", password]
        secrets += list(headers.values())
        return cls(secrets)

    def __call__(self, text: str) -> str:
        for form in self.forms:
            text = text.replace(form, MASK)
        return text


def strip_userinfo(url: str) -> str:
    """``url`` without user info (credentials travel in headers, and never into a report)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def curl(call: Call, mask: Masker | None = None) -> str:
    """A curl command for ``call``; credentials show as [masked]."""
    parts = ["curl", "-X", call.method.upper()]
    for name, value in sorted(call.headers.items()):
        shown = MASK if name.lower() in ("authorization", "proxy-authorization", "cookie") else value
        parts += ["-H", f"{name}: {shown}"]
    if call.has_body and call.content_type.startswith("multipart/form-data") and isinstance(call.body, dict):
        parts += [item for k, v in call.body.items() for item in ("-F", f"{k}={v}")]
    elif call.has_body:
        parts += ["-H", f"Content-Type: {call.content_type}", "--data-binary", _payload(call)]
    parts.append(call.url)
    text = " ".join(shlex.quote(p) for p in parts)
    return mask(text) if mask is not None else text


def encode(call: Call) -> tuple[str, bytes]:
    """(Content-Type, body bytes) the way the example's media type says: JSON, form fields, multipart parts
    (with a boundary), or text as shown."""
    if call.content_type.startswith("multipart/form-data") and isinstance(call.body, dict):
        fields = {str(k): v if isinstance(v, (str, bytes)) else json.dumps(v) for k, v in call.body.items()}
        data, content_type = encode_multipart_formdata(fields, boundary="doccontract-boundary")
        return content_type, data
    return call.content_type, _payload(call).encode()


def _payload(call: Call) -> str:
    if isinstance(call.body, str):
        return call.body
    if call.content_type == "application/x-www-form-urlencoded" and isinstance(call.body, dict):
        return "&".join(f"{quote(str(k))}={quote(str(v))}" for k, v in call.body.items())
    return json.dumps(call.body)


MISSES = 3  # requests in a row without a complete answer: the server has stopped answering
SETTLE = 10.0  # seconds to poll the Location of a 202 for the accepted work to appear


class Client:
    """One session per contract run: counts requests, bounds each by a total deadline, refuses other
    hosts, follows no redirect, and raises ServerGone when a request gets no answer and a probe of the base
    URL gets none either, or when MISSES requests in a row got no complete answer."""

    def __init__(self, base_url: str, timeout: float, mask: Masker | None = None,
                 identity: dict[str, str] | None = None) -> None:
        self.session = mount(requests.Session(), timeout)
        self.base_url = base_url
        self.origin = _origin(base_url)
        self.timeout = timeout
        self.mask = mask or Masker()
        self.count = 0
        self.misses = 0
        self.statuses: set[int] = set()
        self.identity = dict(identity or {})  # the headers that carry the run's own credentials
        self.identity_statuses: set[int] = set()  # what requests carrying them were answered
        self.unsettled: list[str] = []  # 202 answers whose Location never appeared

    def alive(self) -> bool:
        """Does the server answer anything at the base URL?"""
        try:
            self.session.request("GET", self.base_url, timeout=self.timeout, allow_redirects=False).close()
        except requests.RequestException:
            return False
        return True

    def send(self, call: Call) -> requests.Response:
        """Send ``call``; a RequestException when it got no complete answer (the server being alive)."""
        if _origin(call.url) != self.origin:
            raise OffHost(f"refused to send a request to {_origin(call.url)}: only {self.origin} is under test")
        self.count += 1
        headers = dict(call.headers)
        data = None
        if call.has_body:
            headers["Content-Type"], data = encode(call)
        try:
            response = self.session.request(call.method.upper(), call.url, headers=headers, data=data,
                                            timeout=self.timeout, allow_redirects=False)
            response.content  # noqa: B018 - read the whole body within the deadline
        except requests.RequestException as exc:
            self.misses += 1
            if self.misses >= MISSES or not self.alive():
                shown = curl(call, self.mask)
                raise ServerGone(f"the server stopped answering after {shown} ({type(exc).__name__}; "
                                 f"{self.misses} request(s) in a row without a complete answer within "
                                 f"{self.timeout:g} s)", shown) from exc
            raise
        self.misses = 0
        self.statuses.add(response.status_code)
        if self.identity and all(call.headers.get(k) == v for k, v in self.identity.items()):
            self.identity_statuses.add(response.status_code)
        if response.status_code == 202:
            self.settle(call, response)
        return response

    def settle(self, call: Call, response: requests.Response) -> None:
        """After a 202 naming a Location on this origin, poll it (GET) while it answers 404 — the accepted
        work appears there a moment later — so the next request sees it; bounded by SETTLE seconds (one poll
        once a run's earlier 202 never settled). ``response.unsettled`` says what was still missing."""
        target = urljoin(call.url, response.headers.get("Location") or "")
        if not response.headers.get("Location") or _origin(target) != self.origin:
            return
        headers = {k: v for k, v in call.headers.items() if k.lower() not in ("content-type", "if-match")}
        deadline, pause = time.monotonic() + (0 if self.unsettled else SETTLE), 0.05
        while True:
            self.count += 1
            try:
                answer = self.session.request("GET", target, headers=headers, timeout=self.timeout,
                                              allow_redirects=False)
                answer.content  # noqa: B018 - read within the deadline
            except requests.RequestException:
                return
            if answer.status_code != 404:
                return
            if time.monotonic() >= deadline:
                response.unsettled = f"answered 202 with Location {target}, which still answered 404 after " \
                                     f"{SETTLE:g} s of polling"
                self.unsettled.append(response.unsettled)
                return
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"
