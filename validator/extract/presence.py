"""Which documented response members a page promises: required only where the page marks them so or
states that they are present ("always returned"), never where "always" qualifies a value."""

from __future__ import annotations

import dataclasses
import re

from validator.extract.fields import DocField
from validator.extract.sentences import mined

_PRESENT = r"(?:present|returned|included|provided|populated|set|sent|exists?|appears?|shown|listed)"
_EVERY = r"(?:every|each) (?:response|answer|reply|result)|all (?:responses|answers|replies|results)"
# "always" states presence only when it qualifies a presence word ending its clause ("always returned",
# "is always included in the response"), not a value, a format or an order ("always a string", "always
# UTC", "always sorted", "always returned in ISO 8601 form")
ALWAYS = re.compile(rf"\balways\s+(?:be\s+)?{_PRESENT}(?=\s*(?:[.,;:)]|$)|\s+(?:even|regardless|whether)\b"
                    rf"|\s+(?:in|for|on|within)\s+(?:the|every|each|all|any)\s+(?:{_EVERY}|responses?|answers?"
                    rf"|repl(?:y|ies)|results?|body|output)\b)|\b{_PRESENT}\s+(?:always\b|in\s+(?:{_EVERY})\b)"
                    rf"|\balways\s+(?:part of|in)\s+(?:the|every|each)\s+(?:response|answer|reply|result)",
                    re.IGNORECASE)
CONDITIONAL = re.compile(r"\b(?:optional(?:ly)?|omitted|absent|only (?:present|returned|included|if|when)|not "
                         r"(?:always )?(?:present|returned|included)|if (?:present|available|any)|when present)\b",
                         re.IGNORECASE)


def promised(doc_field: DocField) -> DocField:
    """A documented response field is required only when the page marks it so (a required column or flag) or
    says it is always present; a page that says nothing promises nothing."""
    description = mined(doc_field.description)
    if doc_field.required is not None or CONDITIONAL.search(description) or not ALWAYS.search(description):
        return doc_field
    return dataclasses.replace(doc_field, required=True)
