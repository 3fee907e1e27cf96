"""Credentials in requests: which headers carry them (an example shows credentials, a --header is the run's
identity), and who an example acts as (its Basic Authorization header)."""

from __future__ import annotations

import base64
import re

# header names that carry credentials: Authorization, Cookie, tokens, API keys, sessions, secrets
CREDENTIAL_HEADER = re.compile(r"^(?:proxy-)?authorization$|^cookie$|token|api[-_]?key|secret|session|passw|"
                               r"credential|auth", re.IGNORECASE)


def carries_credentials(name: str) -> bool:
    """Whether a header of this name carries credentials."""
    return bool(CREDENTIAL_HEADER.search(name))


def shown_basic(headers: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """(user, password) of a Basic Authorization header an example shows, when it decodes."""
    for name, value in headers:
        scheme, _, token = value.strip().partition(" ")
        if name.lower() == "authorization" and scheme.lower() == "basic":
            try:
                user, colon, password = base64.b64decode(token.strip(), validate=True).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return None
            return (user, password) if colon and user else None
    return None
