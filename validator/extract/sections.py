"""The heading vocabulary: which role a section plays in an API page, whatever the syntax."""

from __future__ import annotations

import re

# Order matters: the first matching pattern wins ("request body" before "request").
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in (
        ("path", r"^(?:path|uri|url|resource|route) param(?:eter)?s?\b|^path$"),
        ("query", r"^(?:query|query[- ]string|url query|request query) param(?:eter)?s?\b|^query$"),
        ("header", r"^(?:request )?headers?(?: param(?:eter)?s?)?$|^request header param"),
        ("response-codes", r"^(?:(?:response|http|error|return) )*(?:status )?codes?$|^status codes?\b"
                           r"|^response codes\b|^errors?$|^error codes?$|^returned values?$"),
        ("response", r"^responses?(?: body| bod(?:y|ies)| param(?:eter)?s?| fields| properties| elements)?$"
                     r"|^results?$|^return(?:s| values?)$|^response message"),
        ("body", r"^request(?: body| bod(?:y|ies)| param(?:eter)?s?| fields| properties| message)$"
                 r"|^body(?: param(?:eter)?s?)?$|^request body param|^(?:query|request) body$"),
        ("request", r"^(?:request|http request|uri|url|uri format|syntax|endpoint|request line|"
                    r"request syntax)$"),
        ("privileges", r"^(?:prerequisites?|authori[sz]ation|permissions?|privileges?|required "
                       r"(?:permissions|privileges)|security|access control)$"),
        ("examples", r"^(?:examples?|request examples?|response examples?|example requests?|"
                     r"example responses?|samples?|usage)$"),
        ("description", r"^(?:description|function|overview|purpose|api description)$"),
        ("properties", r"^(?:properties|definitions?|data structures?|objects?)$"),
        ("changelog", r"^(?:(?:api )?change ?logs?|release notes|release history|version history|revision history|"
                      r"change history|document history|what'?s new)$"),
    )
)


def role_of(title: str) -> str:
    """The role of a section titled ``title`` ('' when the title is not in the vocabulary); a qualifier in
    parentheses at its end ("Response (microversions 1.12 - )", "Request (all versions)") is not read."""
    clean = re.sub(r"\s+", " ", re.sub(r"edit$|[:.]$", "", title.strip())).strip()
    clean = re.sub(r"(?<=\w)\s*\([^()]*\)$", "", clean)
    for role, pattern in ROLES:
        if pattern.search(clean):
            return role
    return ""


PARAMETER_ROLES = {"path": "path", "query": "query", "header": "header"}
