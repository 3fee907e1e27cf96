"""Explicit HTTP requests for the doc-derived cases, and curl renderings with credentials masked."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from typing import Any

import requests

SECRET_HEADERS = ("authorization", "proxy-authorization", "cookie", "x-api-key", "x-auth-token")


@dataclass
class Call:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False
    content_type: str = "application/json"


def curl(call: Call) -> str:
    """A curl command for ``call``; credential headers show as [masked]."""
    parts = ["curl", "-X", call.method.upper()]
    for name, value in sorted(call.headers.items()):
        shown = "[masked]" if name.lower() in SECRET_HEADERS else value
        parts += ["-H", f"{name}: {shown}"]
    if call.has_body:
        parts += ["-H", f"Content-Type: {call.content_type}", "-d", _payload(call)]
    parts.append(call.url)
    return " ".join(shlex.quote(p) for p in parts)


def _payload(call: Call) -> str:
    return call.body if isinstance(call.body, str) else json.dumps(call.body)


class Client:
    """A requests session that counts requests; one per contract run."""

    def __init__(self, timeout: float) -> None:
        self.session = requests.Session()
        self.timeout = timeout
        self.count = 0
        self.statuses: set[int] = set()

    def send(self, call: Call) -> requests.Response:
        self.count += 1
        headers = dict(call.headers)
        data = None
        if call.has_body:
            headers["Content-Type"] = call.content_type
            data = _payload(call).encode()
        response = self.session.request(call.method.upper(), call.url, headers=headers, data=data,
                                        timeout=self.timeout)
        self.statuses.add(response.status_code)
        return response
