"""Credentials a documentation example shows: who the example acts as (its Basic Authorization header)."""

from __future__ import annotations

import base64


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
