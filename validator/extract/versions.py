"""Version-qualified headings: "Response (microversions 1.9 - 1.36)", "Update resource class (microversions
1.2 - 1.6)", "Request (API version 2.1 and later)". A page that documents one thing for several versions
writes a section per version range; the spec describes the newest, so a section whose range was closed
by a later one (or by one with no qualifier: the current form) documents nothing of the spec."""

from __future__ import annotations

import re
from dataclasses import dataclass

from validator.diagnostics import Diagnostics
from validator.model import Location

QUALIFIER = re.compile(  # "(microversions 1.2 - 1.6)", "(version 2 and later)", "(microversion 1.5)", "(1.38 - )"
    r"\s*\(\s*(?:(?:(?:api|rest)\s+)?(?:micro)?versions?\s+v?(\d+(?:\.\d+)*)|v?(\d+\.\d+(?:\.\d+)*)(?=\s*(?:-|–|to)))\s*"
    r"(?:(?:-|–|to|through)\s*v?(\d+(?:\.\d+)*)?|(and (?:later|newer|above)|\+|or (?:later|newer)))?\s*\)\s*$",
    re.IGNORECASE)
OPEN = (float("inf"),)


@dataclass(frozen=True)
class VersionRange:
    """The versions a heading qualifies: ``low`` to ``high`` (``high`` empty: still current)."""

    low: str
    high: str

    @property
    def last(self) -> tuple[float, ...]:
        return _number(self.high) if self.high else OPEN


def qualifier(title: str) -> VersionRange | None:
    """The version range a heading ends with, None when it states none. "(microversion 1.5)" alone is
    that one version."""
    match = QUALIFIER.search(title)
    if match is None:
        return None
    low, high, later = match.group(1) or match.group(2), match.group(3), match.group(4)
    closed = high or ("" if later or "-" in match.group(0) or "to" in match.group(0).lower() else low)
    return VersionRange(low, closed or "")


def base_title(title: str) -> str:
    """The heading without its version qualifier, normalised for comparison."""
    return re.sub(r"\W+", " ", QUALIFIER.sub("", title)).strip().lower()


def superseding(title: str, others: list[str], same_subject: bool = True) -> str | None:
    """The heading among ``others`` that documents the same thing (the same base title, unless the
    caller knows they do: ``same_subject=False``) for a later version range than ``title`` does (or
    with no qualifier: the current form); None when ``title`` is the newest."""
    mine = qualifier(title)
    if mine is None or not mine.high:
        return None
    base = base_title(title)
    for other in others:
        if other == title or (same_subject and base_title(other) != base):
            continue
        theirs = qualifier(other)
        if theirs is None or theirs.last > mine.last:
            return other
    return None


def note_older(diagnostics: Diagnostics, title: str, newer: str, location: Location | None, what: str = "") -> None:
    """The ``extract.older-version`` diagnostic of a section left out for ``newer``."""
    diagnostics.add("extract.older-version", f"{what}'{title}' documents an older version than '{newer}': the spec "
                    "describes the newer", location, expected="the newest version's section", found=f"'{title}'")


def _number(version: str) -> tuple[float, ...]:
    return tuple(float(part) for part in version.split("."))
