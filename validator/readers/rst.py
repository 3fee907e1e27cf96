"""reStructuredText reader (placeholder until the RST family lands: pages are reported, not read)."""

from __future__ import annotations

import re
from pathlib import Path

from validator.diagnostics import Diagnostics
from validator.document import Document
from validator.model import Location
from validator.readers import ReadOptions

NAME = "rst"


def sniff(text: str, path: Path) -> int:
    """RST: .rst files or section underlines and directives."""
    if path.suffix.lower() in (".rst", ".rest"):
        return 10
    return 4 * bool(re.search(r"(?m)^\.\. [\w:-]+::", text))


def read(text: str, path: Path, shown: str, options: ReadOptions, diagnostics: Diagnostics) -> Document:
    """Not yet implemented: an empty document and a diagnostic."""
    diagnostics.add("read.markup", "reStructuredText is not read yet", Location(shown, 1))
    return Document(shown, (), NAME)
