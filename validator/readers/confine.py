"""Include confinement shared by every reader: an include target is read only when it lies inside the
allowed roots — checked on the name before (for a clear diagnostic) and on the file actually opened
(so that a directory swapped for a symlink in between is never read through)."""

from __future__ import annotations

import os
from pathlib import Path

from validator.diagnostics import Diagnostics
from validator.files import OutsideRoots, display_path, read_source, within_roots
from validator.model import Location

__all__ = ["OutsideRoots", "outside_roots", "read_included", "report_outside", "shown_beside"]


def outside_roots(path: Path, target: str, roots: tuple[Path, ...], location: Location,
                  diagnostics: Diagnostics, expected: str = "") -> bool:
    """True (and a ``read.include-outside-root`` diagnostic) when ``path`` escapes ``roots``."""
    if within_roots(path, roots):
        return False
    report_outside(target, roots, location, diagnostics, expected)
    return True


def report_outside(target: str, roots: tuple[Path, ...], location: Location, diagnostics: Diagnostics,
                   expected: str = "") -> None:
    """The ``read.include-outside-root`` diagnostic for ``target`` at the including line."""
    expected = expected or "a file under " + ", ".join(sorted(r.as_posix() for r in roots))
    diagnostics.add("read.include-outside-root", f"include escapes the allowed roots: {target}",
                    location, expected=expected, found=target)


def read_included(path: Path, roots: tuple[Path, ...], diagnostics: Diagnostics, shown: str = "") -> str | None:
    """The text of an include target, opened first and then checked: raises OutsideRoots when the file
    opened lies outside ``roots``; None with a diagnostic (at the included file, named ``shown``) when it
    cannot be read."""
    return read_source(path, shown or display_path(path), diagnostics, roots)


def shown_beside(page_shown: str, page: Path | str, other: Path | str) -> str:
    """How the user finds ``other`` (a file the page includes): its place relative to the page, joined to
    the page's path as given on the command line ('../docs/page.rst' + 'parts/x.rst' →
    '../docs/parts/x.rst'; an absolute page gives an absolute path), '/'-separated."""
    try:
        relative = os.path.relpath(_real(other), os.path.dirname(_real(page)))
    except ValueError:  # another drive
        return display_path(Path(other))
    return os.path.normpath(os.path.join(os.path.dirname(page_shown), relative)).replace(os.sep, "/")


def _real(path: Path | str) -> str:
    try:
        return os.path.realpath(path)
    except OSError:  # a link swapped away meanwhile (the read that follows refuses it)
        return os.path.abspath(path)
