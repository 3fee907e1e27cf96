"""Privileges from prerequisite / authorization prose: cluster and index privileges, built-in roles,
and "X, or Y" alternatives."""

from __future__ import annotations

import re

from validator.document import Block, Endpoint, ListBlock, Paragraph, Table
from validator.extract.sentences import sentences
from validator.model import Location, Privilege

SCOPES = (
    ("cluster", re.compile(r"\bcluster\b", re.I)),
    ("index", re.compile(r"\bind(?:ex|ices|exes)\b", re.I)),
    ("roles", re.compile(r"\broles?\b", re.I)),
    ("permissions", re.compile(r"\bpermissions?\b|\bpolic(?:y|ies)\b", re.I)),
)
CUE = re.compile(r"\b(?:must have|requires?|needs?|grants?|provides?|includes?|only users with|is allowed|"
                 r"authori[sz]ed)\b.*"
                 r"\b(?:privileges?|roles?|permissions?|polic(?:y|ies))\b|\b(?:privileges?|roles?|permissions?)\b.*"
                 r"\b(?:required|needed|grants?|provides?)\b", re.I)
NOT_NAMES = {"null", "true", "false", "none", "data", "id"}
NAME = re.compile(r"`([A-Za-z_][\w:.*-]*)`")


def iter_privilege_statements(blocks: list[Block]):
    """(text, location, lead) for each statement: paragraphs and list items; ``lead`` is the sentence
    that introduced a list ("you must have the following built-in roles:")."""
    lead = ""
    for block in blocks:
        if isinstance(block, Paragraph):
            lead = block.text
            yield block.text, block.location, ""
        elif isinstance(block, ListBlock):
            for item in block.items:
                for inner in item.blocks:
                    if isinstance(inner, Paragraph):
                        yield inner.text, inner.location, lead


def privileges_from(blocks: list[Block]) -> list[Privilege]:
    """Privileges stated in ``blocks`` (a prerequisites/authorization section, or prose cues)."""
    found: list[Privilege] = []
    for text, location, lead in iter_privilege_statements(blocks):
        for sentence in sentences(text):
            found.extend(parse_statement(sentence, location, lead))
    return found


def parse_statement(text: str, location: Location, lead: str = "") -> list[Privilege]:
    """Privileges in one sentence or list item."""
    if re.search(r"\(UI only\)|\bUI only\b", text, re.I):
        return []
    out: list[Privilege] = []
    item = re.match(r"^\s*([A-Za-z][\w ]*?)\s*:\s*(.+)$", text)
    if item and _names(item.group(2)) and len(item.group(1).split()) <= 3 and _scope(item.group(1)):
        # "cluster: `manage_ml` (the `machine_learning_admin` built-in role grants this privilege)"
        label, rest = item.group(1).strip(), item.group(2)
        scope = _scope(label)
        main, _, aside = rest.partition("(")
        names = _names(main)
        if names:
            out.append(Privilege(scope, tuple(names), location, _alternatives(main), label.lower()))
        roles = _role_names(aside) if aside else []
        if roles and re.search(r"\brole\b", aside, re.I):
            out.append(Privilege("roles", tuple(roles), location, True, label.lower()))
        return out
    if not CUE.search(text) and not CUE.search(lead):
        return []
    found = [m for m in NAME.finditer(text) if m.group(1).lower() not in NOT_NAMES]
    if not found:
        return []
    context = text if CUE.search(text) else lead
    scopes = _scopes_of(text, found, _scope_near(text) or _scope_near(context) or "privileges")
    includes = ROLE_INCLUDES.search(text)
    roles = [m.group(1) for m, s in zip(found, scopes, strict=True) if s == "roles" and includes
             and m.start() < includes.start()]
    if roles:  # "The `x_admin` built-in role includes the `manage_x` privilege": one way to hold it
        return [Privilege("roles", tuple(roles), location, True)]
    groups: dict[str, list[re.Match]] = {}
    for match, scope in zip(found, scopes, strict=True):
        groups.setdefault(scope, []).append(match)
    if len(groups) == 1:
        return [Privilege(scopes[0], tuple(m.group(1) for m in found), location, _alternatives(text))]
    # several scopes in one sentence ("the `a` cluster privilege and the `b` index privilege")
    return [Privilege(scope, tuple(m.group(1) for m in matches), location,
                      _alternatives(text[matches[0].start():matches[-1].end() + 20]))
            for scope, matches in groups.items()]


ROLE_INCLUDES = re.compile(r"\broles?\b[^.`]*?\b(?:includes?|grants?|provides?|gives?|contains?)\b", re.I)
CONNECTOR = re.compile(r"^[\s,;]*(?:(?:or|and|and/or)\b)?[\s,;]*(?:the\b)?\s*$", re.I)


def _scopes_of(text: str, found: list[re.Match], default: str) -> list[str]:
    """The scope of each named privilege: the scope word right after it ("`manage` index privilege"),
    that of the next name when only a connector separates them ("`a`, or `b` cluster privileges"),
    else ``default``."""
    scopes: list[str] = [""] * len(found)
    for index in range(len(found) - 1, -1, -1):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        tail = text[found[index].end():end]
        own = _first_scope(tail[:40])
        if own:
            scopes[index] = own
        elif index + 1 < len(found) and CONNECTOR.match(tail):
            scopes[index] = scopes[index + 1]
        else:
            scopes[index] = default
    return scopes


def _first_scope(text: str) -> str:
    hits = [(m.start(), scope) for scope, pattern in SCOPES for m in pattern.finditer(text)]
    return min(hits)[1] if hits else ""


def _names(text: str) -> list[str]:
    """Privilege names: `backticked` ones, else (rendered pages lose backticks) a comma/and/or list of
    identifiers before any parenthesis."""
    marked = NAME.findall(text)
    if marked:
        return marked
    parts = [p.strip() for p in re.split(r",|\band\b|\bor\b", text.split("(")[0]) if p.strip()]
    return parts if parts and all(re.fullmatch(r"[a-z][\w:.*-]*", p) for p in parts) else []


def _role_names(aside: str) -> list[str]:
    """Roles named in an aside: `backticked` or snake_case identifiers."""
    return NAME.findall(aside) or re.findall(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b", aside)


def _scope(label: str) -> str:
    for scope, pattern in SCOPES:
        if pattern.search(label):
            return scope
    return ""


def _scope_near(text: str) -> str:
    """The scope word closest after the named privileges ("`manage_ml`, or `manage` cluster
    privileges"), else the first scope word."""
    last_name = list(NAME.finditer(text))
    tail = text[last_name[-1].end():] if last_name else text
    for source in (tail[:40], text):
        hits = [(m.start(), scope) for scope, pattern in SCOPES for m in pattern.finditer(source)]
        if hits:
            return min(hits)[1]
    return ""


def _alternatives(text: str) -> bool:
    return bool(re.search(r"`\s*,?\s+or\s+`|\bany of\b|\bone of\b|\beither\b|\b(?:grants?|provides?)\b", text, re.I))


AUTHENTICATION = re.compile(r"^\W*(?:requires? authentication|authentication (?:is )?required|you must be "
                            r"authenticated|must be authenticated)\W*$", re.IGNORECASE)


def authentication_required(text: str, location: Location) -> Privilege | None:
    """A statement that the operation needs credentials but no particular privilege ("**Requires
    authentication**"), or that it needs none ("**Anonymous**")."""
    if AUTHENTICATION.match(text.strip()):
        return Privilege("authentication", ("required",), location)
    if re.fullmatch(r"\W*(?:anonymous|no authentication(?: is)? required)\W*", text.strip(), re.IGNORECASE):
        return Privilege("authentication", ("anonymous",), location)
    return None


_EVERY = r"(?:every|each|all|any)\s+(?:[\w-]+\s+){0,2}?(?:requests?|calls?|endpoints?|operations?)\b"
_CREDENTIALS = (r"\b(?:credentials?|(?:api |access |bearer |auth(?:entication)? )?tokens?|authenticat\w*|"
                r"api[ -]?keys?|authorization header|signed|signatures?)\b")
PAGE_AUTHENTICATION = re.compile(  # "Every request must carry a token", "Requests must be authenticated"
    rf"^\W*(?:{_EVERY}|(?:(?:api|http)\s+)?requests\b)[^.]*?\b(?:must|requires?|needs?)\b[^.]*?{_CREDENTIALS}"
    rf"|^\W*(?:the|this) api requires?\b[^.]*?{_CREDENTIALS}[^.]*?\b(?:for|on|with|in) {_EVERY}",
    re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:not|no|never|except|unless|other than|but|some|most|if|when|optional(?:ly)?)\b|n't\b",
                    re.IGNORECASE)


def page_authentication(blocks: list[Block], skip: tuple[Block, ...] = ()) -> Privilege | None:
    """A page-level statement that every request must carry credentials ("Every request must carry an API
    token in the X-Auth-Token header", "All API calls require authentication", "Requests must be
    authenticated with a bearer token"), from the paragraphs of ``blocks`` outside ``skip`` (other API
    pages, endpoint directives, tables); None when the page states none or only hedged ones ("Some
    requests …", "If you are authenticated …", "All requests except …")."""
    for block in blocks:
        if any(block is other for other in skip) or isinstance(block, Endpoint | Table):
            continue
        if isinstance(block, Paragraph):
            for sentence in sentences(block.text):
                if PAGE_AUTHENTICATION.search(sentence) and not _HEDGE.search(sentence):
                    return Privilege("authentication", ("required",), block.location)
        inner = [b for item in getattr(block, "items", ()) for b in getattr(item, "blocks", ())]
        found = page_authentication(list(getattr(block, "blocks", ())) + inner, skip)
        if found:
            return found
    return None
