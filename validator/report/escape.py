"""Making untrusted text (server answers, doc prose) inert in each output format, and masking secrets."""

from __future__ import annotations

import base64
import html
import re

__all__ = ["block_markdown", "inline_markdown", "mask_secrets", "printable", "secret_forms", "xml_safe"]

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def secret_forms(secret: str) -> list[str]:
    """The secret and the encodings it travels in (base64 of itself, of ``user:pass`` forms)."""
    if len(secret) < 3:
        return []
    forms = {secret, base64.b64encode(secret.encode()).decode().rstrip("=")}
    return sorted(forms, key=len, reverse=True)


def mask_secrets(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every form of every secret replaced by ``***``."""
    for secret in secrets:
        for form in secret_forms(secret):
            text = text.replace(form, "***")
    return text


def xml_safe(text: str) -> str:
    """Characters XML 1.0 cannot carry (NUL, escape, …) replaced by U+FFFD; the XML writer escapes the rest."""
    return _XML_INVALID.sub("\ufffd", text)


def printable(text: str) -> str:
    """Control characters (NUL, ESC, …) shown as ``\\xNN`` escapes; newlines and tabs kept."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def inline_markdown(text: str) -> str:
    """``text`` as inert Markdown inline content on one line: HTML entities for markup, backslashes for
    Markdown syntax, no mention or autolink triggers."""
    text = printable(" ".join(text.split()))
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _inert(text)


def _inert(text: str) -> str:
    """No mention, autolink or attribute-looking text (``@team``, ``http://``, ``onerror=``) survives as such."""
    return text.replace("@", "&#64;").replace("://", "&#58;//").replace("=", "&#61;")


def block_markdown(text: str) -> str:
    """``text`` (e.g. a curl command) as an HTML <pre> block that Markdown renders verbatim and inert."""
    text = _inert(html.escape(printable(text), quote=True))
    for char in "`[]*_":
        text = text.replace(char, f"&#{ord(char)};")
    return f"<pre>{text}</pre>"
