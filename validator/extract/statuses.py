"""Documented HTTP status codes: response-code definition lists, "NNN: text" lines and prose such as
"HTTP status code 204" or "returns a `404` status code"."""

from __future__ import annotations

import re
import string
from http import HTTPStatus

from validator.document import DefinitionList, Paragraph, plain_text
from validator.extract.versions import QUALIFIER, superseding
from validator.model import Location

CODE = re.compile(r"(?<![\w.])([1-5]\d\d)(?![\w.])")
PROSE = re.compile(r"\b(?:HTTP )?status(?: code)?:?\s*`?([1-5]\d\d)`?|`?\b([1-5]\d\d)`? (?:status(?: code)?|"
                   r"response)\b", re.IGNORECASE)
# "404 Not Found", "a 409 Conflict", and "status-412" (a Sphinx substitution such as |status-412| defined
# outside the page reads as its name)
REASONS = sorted({s.phrase for s in HTTPStatus if s.value >= 200}, key=len, reverse=True)
# a line that only labels what follows ("**Status code: 200**") states the code but describes nothing
BARE_LABEL = re.compile(r"(?:HTTP )?status(?: code)?:?\s*[1-5]\d\d\.?", re.IGNORECASE)
RETURNS_STATUS = re.compile(r"\b(?:returns?|responds? with|answers? with)\s+(?:an?\s+|the\s+)?(?:HTTP\s+)?"
                            r"(?:status(?:[-_]|\s+(?:code\s+)?))?`?(2\d\d)`?(?![\w-]|\.\d)", re.IGNORECASE)
LABELLED_STATUSES = re.compile(r"(\w[\w ]{0,24}?)\s*[:：]\s*([1-5]\d\d(?:\s*(?:,|and|or)\s*[1-5]\d\d)*)\.?")
STATED = re.compile(r"\b([2-5]\d\d) (?:" + "|".join(re.escape(p) for p in REASONS) + r")\b|\bstatus[-_]([1-5]\d\d)\b")


def statuses_from_definitions(dlist: DefinitionList) -> list[tuple[str, str, Location]]:
    """``404` (Missing resources):: text`` → ('404', 'Missing resources: text', location)."""
    out = []
    for item in dlist.items:
        code = CODE.search(item.term)
        if not code:
            continue
        label = re.sub(r"[`()]", "", item.term.replace(code.group(1), "", 1)).strip(" :-")
        text = plain_text(item.blocks)
        out.append((code.group(1), ": ".join(p for p in (label, text) if p), item.location))
    return out


def terms_are_codes(dlist: DefinitionList) -> bool:
    """A definition (or field) list whose every term is a status code (``:200: OK``, ``404 (gone)``)."""
    return all(re.match(r"^\W*[1-5]\d\d(?![\w.])", item.term) for item in dlist.items)


def status_from_line(text: str, location: Location) -> tuple[str, str, Location] | None:
    """A line that starts with a status code ("404 Not Found: ...", "`200`: OK")."""
    match = re.match(r"^\W*(?:status[-_ ]?)?([1-5]\d\d)\b\W*(.*)$", text.strip(), re.IGNORECASE)
    if not match:
        return None
    return match.group(1), match.group(2).strip(), location


def statuses_in_prose(text: str, location: Location, line_locations: tuple[Location, ...] = (),
                      raw_lines: tuple[str, ...] = ()) -> list[tuple[str, str, Location]]:
    """Status codes a sentence states ("HTTP status code 204", "returns a `404` status code", "a 409
    Conflict", "|status-412|"), each located at the line that names it when the paragraph's source lines
    (``raw_lines``, located by ``line_locations``) are known."""
    found = [(m.start(), m.group(1) or m.group(2)) for m in PROSE.finditer(text)]
    found += [(m.start(), m.group(1) or m.group(2)) for m in STATED.finditer(text)]
    codes = dict.fromkeys(code for _, code in sorted(found))
    described = "" if BARE_LABEL.fullmatch(re.sub(r"\*\*|`", "", text).strip()) else text.strip()
    return [(code, described, _line_of(code, location, line_locations, raw_lines)) for code in codes]


# a code that starts a sentence or a clause of a status statement ("404 if the widget does not exist.",
# ", or 409 when it runs"), and codes listed after a stated one ("status code 400, 404 or 409")
# what follows a code a statement states: a condition, a colon or dash, a parenthesis, punctuation, the end
# (not a noun: "200 and 500 items")
STATED_END = (r"(?=\s+(?:if|when|on|for|unless|otherwise|means|indicates|signals|is returned)\b"
              r"|\s*[:—–]\s|\s*\(|\s*[.;,]|\s*$)")
SENTENCE_CODE = re.compile(r"(?:^|[.;!?]\s+|\b(?:or|and|else|otherwise)\s+)`?([1-5]\d\d)`?" + STATED_END, re.IGNORECASE)
LISTED = re.compile(r"`?[1-5]\d\d`?((?:\s*(?:,\s*(?:(?:or|and)\s+)?|(?:or|and)\s+)`?[1-5]\d\d\b`?)+)" + STATED_END,
                    re.IGNORECASE)


# a paragraph that is about statuses: it opens with one ("Status code 204 on success. …", "Returns 200 …")
STATUS_STATEMENT = re.compile(r"^\W*(?:(?:HTTP\s+)?(?:status|response)(?:\s+codes?)?\b|returns?\b|responds?\b|"
                              r"answers?\b|[1-5]\d\d\b)", re.IGNORECASE)


RETURNED_CUE = re.compile(r"\b(?:returns?|responds?|answers?|(?:is|are) (?:returned|answered))\b", re.IGNORECASE)


def stated_statuses(text: str, location: Location, line_locations: tuple[Location, ...] = (),
                    raw_lines: tuple[str, ...] = ()) -> list[tuple[str, str, Location]]:
    """The codes of the sentences of a description that state what the operation answers: a sentence that
    opens with a status ("404 if …", "Status code 200 …") or says what is returned; a status mentioned
    about something else ("if a sub-request fails with a 503 status") is not stated."""
    found: dict[str, tuple[str, str, Location]] = {}
    for sentence in re.split(r"(?<=[.;!?])\s+", text):
        if STATUS_STATEMENT.match(sentence) or RETURNED_CUE.search(sentence):
            for status in statuses_in_prose(sentence, location, line_locations, raw_lines):
                found.setdefault(status[0], status)
    return list(found.values())


def statuses_of_statement(text: str, location: Location, line_locations: tuple[Location, ...] = (),
                          raw_lines: tuple[str, ...] = ()) -> list[tuple[str, str, Location]]:
    """Every code a status statement states: those ``statuses_in_prose`` finds and, in a paragraph that
    states one, the codes that start a sentence or an 'or'/'and' clause of it ("Status code 204 on
    success. 404 if the widget does not exist.", "…, or 409 when it runs") or are listed after a stated
    code, each with its sentence and at its line."""
    stated = statuses_in_prose(text, location, line_locations, raw_lines)
    if not stated:
        return []
    found = {code: (code, described, where) for code, described, where in stated}
    more = [(m.start(1), m.group(1)) for m in SENTENCE_CODE.finditer(text)]
    more += [(m.start(1), code) for m in LISTED.finditer(text) for code in re.findall(r"[1-5]\d\d", m.group(1))]
    for offset, code in sorted(more):
        if code not in found:
            found[code] = (code, _sentence(text, offset), _line_of(code, location, line_locations, raw_lines))
    return list(found.values())


def _sentence(text: str, offset: int) -> str:
    """The sentence of ``text`` around ``offset``."""
    starts = [m.end() for m in re.finditer(r"[.;!?]\s+", text[:offset])]
    end = re.search(r"[.;!?](?:\s|$)", text[offset:])
    return text[starts[-1] if starts else 0:offset + end.end() if end else len(text)].strip()


def _line_of(code: str, location: Location, line_locations: tuple[Location, ...],
             raw_lines: tuple[str, ...]) -> Location:
    """The location of the first source line that names ``code`` (else the paragraph's)."""
    if len(raw_lines) == len(line_locations):
        for raw, where in zip(raw_lines, line_locations, strict=True):
            if re.search(rf"(?<!\d){code}(?!\d)", raw):
                return where
    return location


def returned_statuses(block: Paragraph) -> list[tuple[str, str, Location]]:
    """ "On success it returns 201.", "Return status-200 if … and status-503 if …": the success code a
    sentence says is returned, and the other codes that same sentence states, each at its line."""
    text = block.text
    out: dict[str, tuple[str, str, Location]] = {}
    for match in RETURNS_STATUS.finditer(text):
        sentence = _sentence(text, match.start())
        stated = statuses_in_prose(sentence, block.location, block.line_locations, block.raw_lines)
        for code, _, where in [(match.group(1), sentence, block.location), *stated]:
            located = next((w for c, _, w in stated if c == code), where)
            out.setdefault(code, (code, sentence, located))
    return list(out.values())


def labelled_statuses(block: Paragraph) -> list[tuple[str, str, Location]]:
    """Status lines: "404 Not Found: …", or codes under a label ("Normal: 204", "Failed: 400, 404")."""
    text = block.text
    status = status_from_line(text, block.location)
    if status:
        return [status]
    labelled = LABELLED_STATUSES.fullmatch(text.strip())
    if not labelled:
        return []
    return [(code, labelled.group(1), block.location) for code in re.findall(r"[1-5]\d\d", labelled.group(2))]


CODE_LINE = re.compile(r"^\W*(\w+(?: \w+)?) (?:response|status|return) codes?\W*?[:：]\s*(.+)$", re.IGNORECASE)
_TRAILING = "".join(c for c in string.punctuation if c != ")") + string.whitespace  # "…, 202." (kept: "(404)")
NAMED_CODE = re.compile(r"(?:([A-Za-z][\w ]*?)\s*)?\(?\s*([1-5]\d\d)\s*\)?")


def response_code_line(text: str, location: Location) -> list[tuple[str, str, Location]]:
    """A line listing codes under a label ("Normal response codes: 200, 202", "Error response codes:
    badRequest(400), itemNotFound(404)"): (code, its name or '', location) of each; [] for other text.
    A code qualified by a version range that a later code's range closes ("201 (microversions 1.0 -
    1.19), 200 (microversions 1.20 - )") is the older form: the spec describes the newest."""
    match = CODE_LINE.match(" ".join(text.split()))
    if not match:
        return []
    items = [part.strip() for part in re.split(r",|;|\band\b", match.group(2).rstrip(_TRAILING))]
    out = []
    for item in items:
        code = NAMED_CODE.fullmatch(QUALIFIER.sub("", item).strip())
        if not code:
            return []  # not a list of codes
        if superseding(item, items, same_subject=False) is None:
            out.append((code.group(2), code.group(1) or "", location))
    return out
