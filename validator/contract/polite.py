"""What a well-behaved HTTP client does with answers that ask something of it (RFC 9110, RFC 6585), for
doccontract's own requests and schemathesis' alike: a 307/308 redirect to the same origin is followed with
the method and body kept (`/notes` → `/notes/`), and a 429 or 503 whose Retry-After asks for at most
MAX_WAIT seconds is waited out and sent again (a 429 naming no wait is backed off, and noted: the docs may
promise the header). Neither is an answer to judge: the server keeps its promise one step later."""

from __future__ import annotations

import contextlib
import email.utils
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

REDIRECTS = (307, 308)  # the method and the body are kept
THROTTLED = (429, 503)
MAX_HOPS = 5
MAX_WAITS = 3
MAX_WAIT = 10.0  # seconds: a longer Retry-After is reported, not waited out


def retry_after(headers: Any) -> float | None:
    """The seconds a Retry-After header asks for (delta-seconds or an HTTP date); None when absent or
    unreadable."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when is not None else None


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


def redirect_target(request: Any, response: Any) -> str | None:
    """The URL a same-origin 307/308 answer sends the request on to (None: not to be followed)."""
    location = response.headers.get("Location") if response.status_code in REDIRECTS else None
    if not location:
        return None
    target = urljoin(request.url, location)
    return target if _origin(target) == _origin(request.url) and target != request.url else None


def wait_asked(request: Any, response: Any, waits: int) -> float | None:
    """The seconds to wait before sending again: what a 429/503 asks for when we honour it; for a 429 that
    names no wait, a back-off of 1, 2, 4 s (the answer noted in the current ``watch()`` list)."""
    if response.status_code not in THROTTLED:
        return None
    seconds = retry_after(response.headers)
    if seconds is None and response.status_code == 429:
        if _WATCHERS:
            _WATCHERS[-1].append((request.method, request.url))
        return float(2 ** waits)
    return seconds if seconds is not None and seconds <= MAX_WAIT else None


_WATCHERS: list[list[tuple[str, str]]] = []


@contextlib.contextmanager
def watch() -> Iterator[list[tuple[str, str]]]:
    """Within the block, the (method, URL) of every 429 answered without a Retry-After are collected."""
    seen: list[tuple[str, str]] = []
    _WATCHERS.append(seen)
    try:
        yield seen
    finally:
        _WATCHERS.remove(seen)


def courteous(send: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
    """``send(request, …)`` again after a same-origin 307/308 (at the new URL) or a 429/503 with an
    honourable Retry-After (after the wait); the last answer."""
    hops = waits = 0
    while True:
        response = send(request, *args, **kwargs)
        target = redirect_target(request, response) if hops < MAX_HOPS else None
        wait = None if target else wait_asked(request, response, waits) if waits < MAX_WAITS else None
        if target is None and wait is None:
            return response
        response.content  # noqa: B018 - drain the answer: the connection is reused
        response.close()
        if target is not None:
            hops += 1
            request = request.copy()
            request.url = target
        else:
            waits += 1
            time.sleep(wait)
