"""Prose → schema keywords. Each rule is one small function returning what it mined
and the sentence it came from; the rules are shared by every syntax (AsciiDoc, RST, rendered text).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from validator.extract.prefixes import rule_prefix
from validator.extract.sentences import sentences
from validator.extract.typewords import TIME_UNIT_WORDS, TIME_UNITS_PATTERN
from validator.model import Evidence, Location, Schema

# --------------------------------------------------------------------------- prose rules


def apply_prose(schema: Schema, text: str, location: Location | None) -> Schema:
    """Mine ``text`` for defaults, patterns, lengths, ranges and enums; every keyword keeps its
    sentence as Evidence."""
    if not text:
        return schema
    current = schema
    evidence: list[Evidence] = list(schema.evidence)
    split = sentences(text)
    for rule in PROSE_RULES:
        for sentence in split:
            found = rule(sentence, current)
            if found:
                current = dataclasses.replace(current, **found)
                keyword = next(iter(k for k in found if k != "has_default"))
                evidence.append(Evidence(_keyword_name(keyword), sentence, location))
                break
    if current is schema:
        return schema
    if current.has_default and not current.default_fits():
        # two statements that cannot both hold (a default outside the stated pattern or bounds): the
        # default is not written, the constraint is
        current = dataclasses.replace(current, default=None, has_default=False)
        evidence = [e for e in evidence if e.keyword != "default"]
    return dataclasses.replace(current, evidence=tuple(evidence))


def _keyword_name(field_name: str) -> str:
    return {"min_length": "minLength", "max_length": "maxLength"}.get(field_name, field_name)


def rule_default(sentence: str, schema: Schema) -> dict | None:
    """ "Defaults to X" / "The default value is X" / "Default: X" / "(`X` by default)" / "(default X)"."""
    match = re.search(
        r"\b(?:[Dd]efaults? (?:to|is)|[Tt]he default(?: value)? is|[Dd]efault(?: value)?\s*[:：])\s*"
        r"(`[^`]+`|\*\*[^*]+\*\*|\"[^\"]+\"|'[^']+'|[^\s,;]+(?: (?:seconds?|minutes?|hours?|days?|"
        r"milliseconds?))?)", sentence)
    if not match:
        # "(`X` by default)", "**full** by default", "is 100 by default" (a literal or a number, not a
        # behaviour: "is disabled by default" states no value), "(default: 20)"
        match = re.search(r"\(`([^`]+)` by default\)|(?:`([^`]+)`|\*\*([^*]+)\*\*|\bis (-?\d+(?:\.\d+)?)) "
                          r"by default\b|\([Dd]efault:?\s+(`[^`]+`|\"[^\"]+\"|'[^']+'|[^\s,;()`\"']+)\s*\)", sentence)
        if not match:
            return None
        raw = next(g for g in match.groups() if g is not None)
    else:
        raw = match.group(1)
    value = coerce(raw.strip("`*\"'").rstrip(".)"), schema)
    if value is _INVALID:
        return None
    return {"default": value, "has_default": True}


_INVALID = object()


def coerce(raw: str, schema: Schema) -> Any:
    """A doc literal as a value of ``schema``'s type (time words become time units); _INVALID when
    the literal does not fit the type."""
    kind = (schema.type or "").split("|")[0]
    text = raw.strip()
    if schema.pattern == TIME_UNITS_PATTERN:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-z]+)", text.lower())
        if match and match.group(2) in TIME_UNIT_WORDS:
            return match.group(1) + TIME_UNIT_WORDS[match.group(2)]
        return text if re.fullmatch(TIME_UNITS_PATTERN, text) else _INVALID
    if kind == "boolean":
        return {"true": True, "false": False}.get(text.lower(), _INVALID)
    if kind == "integer":
        return int(text) if re.fullmatch(r"-?\d+", text) else _INVALID
    if kind == "number":
        return float(text) if re.fullmatch(r"-?\d+(?:\.\d+)?", text) and "." in text else (
            int(text) if re.fullmatch(r"-?\d+", text) else _INVALID)
    if kind in ("object", "array", "null"):
        return _INVALID
    if kind == "string" and text.lower() in ("none", "empty", "null", "n/a", "-", "true", "false"):
        return _INVALID if text.lower() in ("none", "n/a", "-", "null") else text
    return text


_CHARACTER_CLASSES = (
    (r"lowercase alphanumeric|lower-case alphanumeric", "a-z0-9"),
    (r"uppercase alphanumeric|upper-case alphanumeric", "A-Z0-9"),
    (r"(?<!lowercase )(?<!uppercase )(?<!case )(?:alphanumeric|letters and digits|letters and numbers)",
     "a-zA-Z0-9"),
    (r"lowercase letters?|lower-case letters?", "a-z"),
    (r"uppercase letters?|upper-case letters?|capital letters?", "A-Z"),
    (r"(?<!lowercase )(?<!uppercase )(?<!case )\bletters?\b", "a-zA-Z"),
    (r"\bdigits\b|\bnumbers\b|\bnumerals\b", "0-9"),
    (r"underscores?", "_"),
    (r"periods?|dots?\b", "."),
    (r"hyphens?|dashes|minus signs?", "-"),
    (r"spaces\b", " "),
)


# what a list of allowed characters starts with ("only letters, digits and hyphens are allowed")
_CLASS_WORD = (r"(?:(?:lower|upper)(?:-| )?case |capital )?(?:alphanumeric|letters|digits|numbers|numerals|"
               r"underscores|hyphens|periods|dots)\b")

_ALLOWED_CHARACTERS = (r"\b(?:can|may|must) (?:only )?(?:contain|consist of|include)(?: only)? (.+?)(?:\.|$)",
                       rf"\bonly ({_CLASS_WORD}.+?)(?:\.|$)")


def _char_set(text: str) -> set[str]:
    """The characters a prose description of a character class allows."""
    allowed: set[str] = set()
    for pattern, chars in _CHARACTER_CLASSES:
        if re.search(pattern, text, re.IGNORECASE):
            for low, high in re.findall(r"(.)-(.)", chars) or [(c, c) for c in chars]:
                allowed.update(chr(code) for code in range(ord(low), ord(high) + 1))
            if "-" in chars and not re.search(r".-.", chars):
                allowed.add("-")
    return allowed


def _class_body(allowed: set[str]) -> str:
    """A regex character-class body for ``allowed``: ranges first, '-' last so it stays literal."""
    body = ""
    for low, high in (("a", "z"), ("A", "Z"), ("0", "9")):
        span = {chr(c) for c in range(ord(low), ord(high) + 1)}
        if span <= allowed:
            body += f"{low}-{high}"
            allowed = allowed - span
    body += "".join(re.escape(c) if c in "\\]^" else c for c in sorted(allowed - {"-"}))
    return body + ("-" if "-" in allowed else "")


def _char_class(text: str) -> str:
    return _class_body(_char_set(text))


def rule_pattern(sentence: str, schema: Schema) -> dict | None:
    """Identifier rules: "can contain lowercase alphanumeric characters (a-z and 0-9), hyphens, and
    underscores", "including only letters, numbers and hyphens (-)", "Only letters and digits are
    allowed" (+ "must start and end with alphanumeric characters" in the next sentence)."""
    if schema.pattern or (schema.type or "string") != "string":
        return None
    for rule in _ALLOWED_CHARACTERS:
        match = re.search(rule, sentence, re.IGNORECASE)
        if match and re.search(r"character|letter|digit|underscore|hyphen", match.group(1), re.I):
            body = _char_class(match.group(1))
            if body:
                return {"pattern": f"^[{body}]+$"}
    return None


def rule_start_end(sentence: str, schema: Schema) -> dict | None:
    """ "It must start and end with alphanumeric characters" / "must start with a letter"."""
    if not schema.pattern or not schema.pattern.startswith("^[") or not schema.pattern.endswith("]+$"):
        return None
    both = re.search(r"must (?:begin|start) and end with (?:an? )?(.+?)(?:characters?)?(?:\.|$)",
                     sentence, re.IGNORECASE)
    start = re.search(r"must (?:begin|start) with (?:an? )?(.+?)(?:\.|,| and|$)", sentence, re.I)
    body = schema.pattern[2:-3]
    edges = both or start
    if not edges:
        return None
    # the edge characters are those the body allows too ("alphanumeric" within lowercase ids)
    allowed = _char_set(edges.group(1)) & _char_set_of_body(body)
    if not allowed:
        return None
    edge = _class_body(allowed)
    if both:
        return {"pattern": f"^[{edge}](?:[{body}]*[{edge}])?$"}
    return {"pattern": f"^[{edge}][{body}]*$"}


def _char_set_of_body(body: str) -> set[str]:
    allowed: set[str] = set()
    for low, high in re.findall(r"(\w)-(\w)", body):
        allowed.update(chr(code) for code in range(ord(low), ord(high) + 1))
    rest = re.sub(r"\w-\w", "", body)
    allowed.update(rest.replace("\\", ""))
    return allowed


def rule_length(sentence: str, schema: Schema) -> dict | None:
    """ "cannot exceed N characters", "N to M characters", "at most N characters", "Max. N chars",
    "N characters or fewer", "Length: N-M"."""
    if (schema.type or "string") not in ("string", "string|array"):
        return None
    sentence = _unmarked(sentence)
    between = re.search(r"(\d+)\s*(?:to|-|–|~)\s*(\d+)\s*(?:(?:lowercase|uppercase|alphanumeric|ASCII|Unicode)\s+)?"
                        r"(?:characters|chars|bytes|letters)\b", sentence, re.I) \
        or re.search(r"\blength(?: range)?(?: is| of)?\s*[:：]?\s*(\d+)\s*(?:to|-|–|~)\s*(\d+)", sentence, re.I)
    if between:
        low, high = int(between.group(1)), int(between.group(2))
        if low <= high:
            return {"min_length": low, "max_length": high}
    most = re.search(r"(?:cannot|can't|must not|may not|should not|does not) exceed (\d+) (?:characters?|chars?"
                     r"|bytes?)|(?:at most|up to|a maximum of|maximum of|no more than|\bmax(?:imum|\.)?"
                     r"(?: length)?(?: is| of)?:?) (\d+) (?:characters?|chars?|bytes?)\b"
                     r"|\b(\d+) (?:(?:characters?|chars?|bytes?) or (?:fewer|less)|or (?:fewer|less) "
                     r"(?:characters?|chars?|bytes?))\b", sentence, re.I)
    least = re.search(r"(?:at least|a minimum of|\bmin(?:imum|\.)?(?: length)?(?: is| of)?:?) (\d+) "
                      r"(?:characters?|chars?)\b", sentence, re.I)
    found = {}
    if most:
        found["max_length"] = int(most.group(1) or most.group(2) or most.group(3))
    if least:
        found["min_length"] = int(least.group(1))
    return found or None


def _unmarked(sentence: str) -> str:
    """A sentence without bold and literal markers ("greater than or equal to **0**") and thousands
    separators ("1,024 characters")."""
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", re.sub(r"\*\*|`", "", sentence))


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


# a bare bound: the number is not followed by a unit or a noun ("up to 50 tags" counts tags, "1 to 32
# letters" is a length), only by punctuation, the end or a parenthesis ("1 to 100 (default 20)")
BARE = r"(?=\s*(?:$|[.,;:)(]|and\b|or\b))"


def rule_range(sentence: str, schema: Schema) -> dict | None:
    """ "Value range: a-b", "between a and b", "ranges from a to b", "a to b", "at most b", "max b",
    "must be non-negative". A value whose type nothing states takes a bare numeric range (bounds apply to
    numbers only), its numeric default becoming a number."""
    kind = (schema.type or "").split("|")[0]
    if kind not in ("integer", "number"):
        return _untyped_range(sentence, schema) if not schema.type and not schema.name else None
    sentence = _unmarked(sentence)
    number = r"(-?\d+(?:\.\d+)?)"
    found = _bounds(sentence, number)
    if found:
        return found
    return {**(_floor_ceiling(sentence, number) or {}), **(_bare_bounds(sentence, number) or {})} or None


def _bounds(sentence: str, number: str) -> dict | None:
    match = re.search(rf"value range\s*[:：]?\s*(?:is\s*)?(?:\[?{number}\s*(?:-|–|~|to)|\[{number}\s*,)\s*{number}",
                      sentence, re.I) \
        or re.search(rf"\bbetween {number} and {number}\b", sentence, re.I) \
        or re.search(rf"\branges? (?:from )?{number} to {number}\b", sentence, re.I) \
        or re.search(rf"\bfrom {number} to {number}\b", sentence, re.I)
    if match:
        low, high = (_number(g) for g in [g for g in match.groups() if g is not None][:2])
        if low <= high:
            return {"minimum": low, "maximum": high}
    return None


def _bare_bounds(sentence: str, number: str) -> dict | None:
    """ "1 to 100", "at most 100", "max 100", "up to 50", "no more than 10", "at least 1" — bare numbers."""
    found: dict[str, Any] = {}
    span = re.search(rf"(?<![\w.-]){number}\s*(?:to|–)\s*{number}{BARE}", sentence, re.I)
    if span and _number(span.group(1)) <= _number(span.group(2)):
        return {"minimum": _number(span.group(1)), "maximum": _number(span.group(2))}
    high = re.search(rf"(?:\bat most|\bup to|\bno more than|\bnot more than|\bmax(?:imum|\.)?:?) {number}{BARE}",
                     sentence, re.I)
    low = re.search(rf"(?:\bat least|\bno less than|\bmin(?:imum|\.)?:?) {number}{BARE}", sentence, re.I)
    if low:
        found["minimum"] = _number(low.group(1))
    if high:
        found["maximum"] = _number(high.group(1))
    return found or None


def _untyped_range(sentence: str, schema: Schema) -> dict | None:
    number = r"(-?\d+(?:\.\d+)?)"
    sentence = _unmarked(sentence)
    found = _bounds(sentence, number) or _bare_bounds(sentence, number)
    if not found:
        return None
    if schema.has_default and isinstance(schema.default, str) and re.fullmatch(r"-?\d+(?:\.\d+)?", schema.default):
        found["default"] = _number(schema.default)  # "1 to 100 (default 20)": the default is the number 20
    return found


def _floor_ceiling(sentence: str, number: str) -> dict | None:
    found = {}
    if re.search(r"must be (?:a )?non-negative|must not be negative|greater than or equal to 0\b", sentence, re.I):
        found["minimum"] = 0
    low = re.search(rf"(?:minimum(?: value)? is|must be (?:at least|greater than or equal to)) {number}",
                    sentence, re.I)
    high = re.search(rf"(?:maximum(?: value)? is|must be (?:at most|less than or equal to)|cannot be greater "
                     rf"than) {number}", sentence, re.I)
    if low:
        found["minimum"] = _number(low.group(1))
    if high:
        found["maximum"] = _number(high.group(1))
    return found or None


ENUM_LEAD = re.compile(
    r"(?:the value can be|the values? (?:is|are|must be) one of|possible values?(?: are| is| include)?|"
    r"(?:valid|allowed|supported|accepted) values?(?: are| is| include)?(?=\s*[:：]|\s+(?:are|is|include))|"
    r"available \w+ are|enumerat(?:ion|ed) values?|options? (?:are|is)|options?(?=\s*[:：])|"
    r"must be one of|can be one of|one of|"
    r"value options?)\s*(?:as follows|the following)?\s*[:：]?\s*(.*)", re.IGNORECASE | re.DOTALL)  # "…are as follows:"


def rule_enum(sentence: str, schema: Schema) -> dict | None:
    """ "The value can be X, Y, or Z", "Possible values: …", "Valid values are …", bullet lists."""
    if schema.enum or (schema.type or "string").split("|")[0] not in ("string", "integer", "number"):
        return None
    match = ENUM_LEAD.search(sentence)
    if not match:
        return None
    values = enum_values(match.group(1))
    if len(values) < 2:
        return None
    typed = [coerce(v, schema) for v in values]
    if any(v is _INVALID for v in typed) or (schema.has_default and schema.default not in typed):
        return None  # a list without the stated default lists something else (and the spec stays valid)
    return {"enum": tuple(dict.fromkeys(typed))}


def enum_values(text: str) -> list[str]:
    """Literal values from "`a`, `b`, or `c`", "**A**: …" bullet lines, or "a, b and c"."""
    marked = re.findall(r"`([^`]+)`|\*\*([^*]+)\*\*|\"([^\"]+)\"", text)
    if marked:
        return [next(g for g in groups if g).strip() for groups in marked]
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) > 1:
        return [re.split(r"[:：(]| - ", ln.lstrip("-•* ").strip())[0].strip() for ln in lines]
    words = re.split(r",\s*(?:or |and )?|\s+or\s+|\s+and\s+", text.rstrip("."))
    clean = [w.strip() for w in words if w.strip()]
    if all(re.fullmatch(r"[\w.-]+", w) for w in clean) and len(clean) <= 20:
        return clean
    return []


BULLET_VALUE = re.compile(r"^-\s+(?:\*\*([\w.:/+-]+)\*\*|`([\w.:/+-]+)`)\s*(?:[:：(,]|\s-\s|$)")


def rule_enum_bullets(sentence: str, schema: Schema) -> dict | None:
    """A bullet list whose every item starts with a bold or literal value ("- **REAL_TIME**: real-time
    processing", "- **BATCH**: batch processing") lists the values, without a lead phrase."""
    if schema.enum or (schema.type or "string").split("|")[0] not in ("string", "integer", "number"):
        return None
    items = [line.strip() for line in sentence.split("\n") if line.strip()]
    values = [BULLET_VALUE.match(item) for item in items]
    # only a list of its own: one introduced by a sentence ("When X is BATCH, the status is as follows:")
    # lists the values of that case, and the lead phrases of rule_enum speak for themselves
    if len(items) < 2 or not all(values):
        return None
    typed = [coerce(match.group(1) or match.group(2), schema) for match in values]
    if any(v is _INVALID for v in typed) or (schema.has_default and schema.default not in typed):
        return None  # a list without the stated default lists something else (and the spec stays valid)
    return {"enum": tuple(dict.fromkeys(typed))}


NULL_STATED = re.compile(r"\b(?:or|is|be|are|returns?|to|becomes?)\s+`?null`?(?![-\w])|(?<![-\w])null`?\s+(?:if|"
                         r"when|while|unless|until|before|after|for|otherwise|where)\b|\bnullable\b", re.IGNORECASE)
NULL_DENIED = re.compile(r"\b(?:not|never|cannot|can't|non)[\s-]+(?:be\s+)?`?null", re.IGNORECASE)


def rule_nullable(sentence: str, schema: Schema) -> dict | None:
    """ "… or null", "null if it has no parent", "may be null", "nullable": null is a value of the stated
    type (a documented enum gains null too); "never null", "must not be null" state nothing."""
    kinds = (schema.type or "").split("|")
    if not schema.type or "null" in kinds or not NULL_STATED.search(sentence) or NULL_DENIED.search(sentence):
        return None
    return {"type": schema.type + "|null", **({"enum": schema.enum + (None,)} if schema.enum else {})}


PROSE_RULES = (rule_default, rule_pattern, rule_start_end, rule_prefix, rule_length, rule_range, rule_enum,
               rule_enum_bullets, rule_nullable)
