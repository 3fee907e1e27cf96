"""Literal prefixes a value must start with: stated in a parameter's own description ("must start with
the prefix `CUSTOM_`") or in what its operation refuses ("`400 BadRequest` if trait name is not prefixed
with `CUSTOM_`"); either becomes the pattern ``^CUSTOM_``."""

from __future__ import annotations

import dataclasses
import re

from validator.extract.sentences import sentences
from validator.model import Evidence, Location, Parameter, Schema


def rule_prefix(sentence: str, schema: Schema) -> dict | None:
    """ "The name must start with the prefix `CUSTOM_`" / "must be prefixed with `x-`": a literal prefix."""
    if schema.pattern or (schema.type or "string") != "string":
        return None
    match = re.search(r"must (?:begin|start) with (?:the )?(?:prefix |string |literal )?`([^`\s]+)`|"
                      r"(?:must be|is) prefixed (?:with|by) `([^`\s]+)`", sentence, re.IGNORECASE)
    if not match:
        return None
    return {"pattern": prefix_pattern(match.group(1) or match.group(2))}


def prefix_pattern(literal: str) -> str:
    """The ECMA-safe pattern of a literal prefix (`x-` → ``^x-``)."""
    return "^" + re.sub(r"([.^$*+?()\[\]{}|\\/])", r"\\\1", literal)


REFUSED_PREFIX = re.compile(  # "`400 BadRequest` if trait name is not prefixed with `CUSTOM_` prefix"
    r"\b(?:is not|isn't|are not|aren't|does not|doesn't|do not|don't)\s+(?:prefixed (?:with|by)|(?:begin|start)s? "
    r"with)\s+(?:the |a )?(?:prefix |string )?(?:`([^`\s]+)`|([A-Za-z0-9]*[_:./-]|[A-Z][A-Z0-9_]+)(?=[\s,.;)]|$))")
REFUSAL = re.compile(r"\b4\d\d\b|\bbad ?request\b|\b(?:is|are) (?:rejected|refused|invalid)\b", re.IGNORECASE)


def refused_prefixes(parameters: list[Parameter], text: str, location: Location | None) -> list[Parameter]:
    """An operation's sentence answering with a 4xx when one of its parameters lacks a literal prefix
    ("`400 BadRequest` if trait name is not prefixed with `CUSTOM_`") states that prefix as the
    parameter's pattern; the parameter is the one (path or query) the sentence names before the phrase."""
    out = list(parameters)
    for sentence in sentences(text):
        match = REFUSED_PREFIX.search(sentence)
        if match is None or not REFUSAL.search(sentence):
            continue
        subject = sentence[:match.start()].replace("_", " ")
        named = [i for i, p in enumerate(out) if p.where in ("path", "query") and not p.schema.pattern
                 and (p.schema.type or "string") == "string"
                 and re.search(rf"\b{re.escape(p.name.replace('_', ' '))}\b", subject, re.IGNORECASE)]
        if len(named) != 1:
            continue
        param = out[named[0]]
        out[named[0]] = dataclasses.replace(param, schema=dataclasses.replace(
            param.schema, pattern=prefix_pattern(match.group(1) or match.group(2)),
            evidence=param.schema.evidence + (Evidence("pattern", sentence, location),)))
    return out
