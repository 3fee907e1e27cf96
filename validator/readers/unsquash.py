"""Recover line structure of AsciiDoc pages whose newlines a web scrape removed or turned to spaces.

A squashed page is one (or a few) very long lines. We strip a line-number gutter, then break the
text before the tokens that can only start an AsciiDoc line (anchors, block attributes, headings,
list bullets, definition terms, delimiters, includes, comments). Every recovered line keeps the
original line and column of its first character, so diagnostics still point into the scraped file.
"""

from __future__ import annotations

import re

from validator.sourcemap import SourceLine, SourceText

# A gutter: "| 123456789101112... |" — the concatenated line numbers of the original page.
GUTTER = re.compile(r"^\|\s*(?:(1(?:2(?:3(?:4(?:5(?:6(?:7(?:8(?:9\d*)?)?)?)?)?)?)?)?)\s*)?\|\s?")

HEADING_TITLE_END = re.compile(
    r"\{api-[a-z-]+-title\}"  # attribute titles end at their closing brace
    r"|(?:request body|request|path parameters|query parameters|response body|response codes"
    r"|prerequisites|authorization|examples?|description|results|properties)\b",
    re.IGNORECASE,
)

# Tokens that begin a new line. Each pattern matches at the break position.
BREAK_BEFORE = re.compile(
    r"""
      \[\[[\w.:-]+\]\]                            # block anchor [[id]]
    | \[(?:role|testenv|subs|source|discrete|%collapsible|float|horizontal|NOTE|TIP|WARNING|IMPORTANT)
        [^\]\n]{0,400}\]                           # block attribute line
    | (?<!=)={1,6}[ ](?=[{\w])                     # heading marker (may follow text directly)
    | (?:(?<=[:.)\]`'"])|(?<=[:.)\]`'"]\ )|(?<=\s\s)|^)\*\ (?=[\w`{<])  # bullet after a sentence/item end
    | `[^`\n]*`(?:\ \([^()\n]{0,40}\))?:{2,4}      # definition term `name`:: or `404` (Label)::
    | `[^`\s]+`\ \((?:[Rr]equired|[Oo]ptional)\)(?=\ \()  # term whose '::' was lost
    | -{4,}|\.{4,}|\+{4,}|={4,}(?!=)|\*{4,}        # block delimiters
    | include::[^\s\[]+\[[^\]\n]{0,400}\]            # include directive
    | //\ ?(?:TEST|CONSOLE|TESTRESPONSE|TESTSETUP|NOTCONSOLE|SOURCE)\b(?:\[[^\]\n]{0,400}\])?  # doc-test comments
    | (?<=\s)\+(?=\s+`)                            # list/line continuation before a literal
    | (?:IMPORTANT|NOTE|TIP|WARNING|CAUTION):\ (?=[A-Z{])   # admonition paragraphs
    """,
    re.VERBOSE,
)

TITLE_STOP = re.compile(r"\[|`|\+\+\+\+|(?<=[a-z)])(?=[A-Z][a-z]+ )|\s{2,}")
MAX_TITLE = 300
LOST_TERM = re.compile(r"`[^`\s]+` \((?:[Rr]equired|[Oo]ptional)\)")

# After these tokens the line ends (the rest is a new line).
BREAK_AFTER = re.compile(
    r"""
      ^\[\[[\w.:-]+\]\]
    | ^\[[^\]\n]{0,400}\]$
    | ^\[(?:role|testenv|subs|source|discrete|%collapsible|float|horizontal)[^\]\n]{0,400}\]
    | ^-{4,}|^\.{4,}|^\+{4,}|^={4,}|^\*{4,}
    | ^include::[^\s\[]+\[[^\]\n]{0,400}\]
    | ^//\ ?[A-Z]+\b(?:\[[^\]\n]{0,400}\])?
    | ^`[^`\n]*`(?:\ \([^()\n]{0,40}\))?:{2,4}
    | ^\+(?=\s)
    | ^`[^`\s]+`\ \((?:[Rr]equired|[Oo]ptional)\)$
    """,
    re.VERBOSE,
)


def looks_squashed(text: str) -> bool:
    """A page whose structure lives on very few very long lines."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return False
    longest = max(len(line) for line in lines)
    if longest <= 200 or len(lines) > 5:
        return False
    return len(BREAK_BEFORE.findall(max(lines, key=len))) >= 3


def unsquash(source: SourceText) -> tuple[SourceText, list[str]]:
    """Re-break a squashed page into located lines; returns the new text and what was recovered."""
    notes: list[str] = []
    out: list[SourceLine] = []
    for line in source.lines:
        text, start = line.text, 0
        gutter = GUTTER.match(text)
        if gutter and gutter.group(1):
            notes.append(f"a line-number gutter of {_gutter_lines(gutter.group(1))} lines was removed")
            start = gutter.end()
        body = text[start:]
        if gutter or (out and text.strip() == "|"):  # the gutter table's closing cell border
            trimmed = body.rstrip()
            body = trimmed[:-1].rstrip() if trimmed.endswith("|") else body
        for offset, piece in _split(body):
            piece_text = piece.strip()
            if piece_text:
                if LOST_TERM.fullmatch(piece_text):
                    notes.append(f"the definition term {piece_text} had lost its '::'")
                    piece_text += "::"
                lead = len(piece) - len(piece.lstrip())
                out.append(SourceLine(piece_text, line.at(start + offset + lead)))
        out.append(SourceLine("", line.location))
    if len(out) > len(source.lines) + 1:
        notes.append(f"{len(out)} lines were recovered from {len(source.lines)} squashed lines")
    return SourceText(source.path, tuple(out)), notes


def _gutter_lines(digits: str) -> int:
    count, i = 0, 0
    while i < len(digits):
        count += 1
        i += len(str(count))
    return count


def _split(body: str) -> list[tuple[int, str]]:
    """Cut ``body`` into (offset, piece) at structural tokens, keeping code blocks intact."""
    cuts = {0}
    pos = 0
    fence: str | None = None
    for match in BREAK_BEFORE.finditer(body):
        if match.start() < pos:
            continue
        token = match.group(0)
        if fence is not None:  # inside a delimited block only its closing delimiter counts
            if token == fence:
                cuts.update((match.start(), match.end()))
                fence = None
            continue
        cuts.add(match.start())
        if re.fullmatch(r"={1,6} ", token):
            cuts.add(_heading_end(body, match.end()))
        elif re.fullmatch(r"-{4,}|\.{4,}|\+{4,}", token):
            fence = token
            cuts.add(match.end())
        elif BREAK_AFTER.match(token):
            cuts.add(match.end())
        pos = match.end()
    ordered = sorted(c for c in cuts if 0 <= c <= len(body))
    return [(a, body[a:b]) for a, b in zip(ordered, ordered[1:] + [len(body)], strict=False) if b > a]


def _heading_end(body: str, start: int) -> int:
    """Where a heading's title ends in squashed text."""
    vocab = HEADING_TITLE_END.match(body, start)
    if vocab:
        return vocab.end()
    end = min(start + MAX_TITLE, len(body))  # a title never runs on (the search stays linear)
    stop = TITLE_STOP.search(body, start, end)
    return stop.start() if stop else end
