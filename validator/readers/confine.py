"""Include confinement shared by every reader: an include target is read only when it lies inside the
allowed roots; what escapes or is missing becomes a diagnostic at the including line."""

from __future__ import annotations

from pathlib import Path

from validator.diagnostics import Diagnostics
from validator.files import display_path, read_source, within_roots
from validator.model import Location


def outside_roots(path: Path, target: str, roots: tuple[Path, ...], location: Location,
                  diagnostics: Diagnostics, expected: str = "") -> bool:
    """True (and a ``read.include-outside-root`` diagnostic) when ``path`` escapes ``roots``."""
    if within_roots(path, roots):
        return False
    expected = expected or "a file under " + ", ".join(sorted(r.as_posix() for r in roots))
    diagnostics.add("read.include-outside-root", f"include escapes the allowed roots: {target}",
                    location, expected=expected, found=target)
    return True


def read_included(path: Path, diagnostics: Diagnostics) -> str | None:
    """The text of an include target (already confined), or None with a diagnostic."""
    return read_source(path, display_path(path), diagnostics)
