"""What schemathesis' engine created is removed when it is done. A resource one of its requests created
(answered 201: a PUT at its URL, a POST at the URL its Location names) under a path whose DELETE the docs
document is deleted with the run's identity, newest first, unless the engine deleted it itself. A 200 to a
PUT replaced something that was there before the run: not ours to delete. What could not be deleted is
listed in the report, never a finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from validator.contract.http import Call, Client
from validator.contract.shown import fit, segments


@dataclass
class Created:
    """URLs the engine's requests created and has not deleted since, oldest first."""

    urls: list[str] = field(default_factory=list)

    def note(self, method: str, uri: str, status: int, headers: Any) -> None:
        """Follow one answered request: a 201 adds what it created, a DELETE answered 2xx, 404 or 410
        removes the URL."""
        method, url = method.upper(), _bare(uri)
        if method == "DELETE" and (200 <= status < 300 or status in (404, 410)):
            self.urls = [u for u in self.urls if u != url]
        elif status == 201 and method == "PUT":
            self.urls.append(url)
        elif status == 201 and method == "POST":
            location = _header(headers, "location")
            if location:
                self.urls.append(_bare(urljoin(url, location)))


def _bare(url: str) -> str:
    """The URL without query and fragment (what names the resource)."""
    return urlsplit(url)._replace(query="", fragment="").geturl()


def _header(headers: Any, name: str) -> str:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value[0] if isinstance(value, list) and value else str(value or "")
    return ""


def _deletable(spec: dict, base_url: str, url: str) -> bool:
    """Does ``url`` (on the server under test) name a path whose DELETE the docs document?"""
    base = segments(base_url)
    if urlsplit(url).netloc != urlsplit(base_url).netloc:
        return False
    for template, item in spec.get("paths", {}).items():
        found = fit(template, url) if isinstance(item, dict) and "delete" in item else None
        if found is not None and list(found[0]) == base:
            return True
    return False


def remove_leftovers(client: Client, spec: dict, created: Created, headers: dict[str, str]) -> list[str]:
    """Delete, newest first, what the engine created and did not delete; the URLs that stay behind."""
    left = []
    for url in reversed(list(dict.fromkeys(created.urls))):
        if not _deletable(spec, client.base_url, url):
            continue
        try:
            response = client.send(Call("delete", url, dict(headers)))
        except requests.RequestException:
            left.append(url)
            continue
        if not (200 <= response.status_code < 300 or response.status_code in (404, 410)):
            left.append(url)
    return left
