"""Is a text reStructuredText? A confidence score for readers.detect()."""

from __future__ import annotations

import re
from pathlib import Path


def sniff(text: str, path: Path) -> int:
    """RST: .rst files (and .inc parts of them), or section underlines and ``.. directive::`` lines."""
    if path.suffix.lower() in (".rst", ".rest", ".inc"):
        return 10
    score = 4 * bool(re.search(r"(?m)^\.\. [\w:-]+::", text))
    score += 3 * bool(re.search(r"(?m)^\S.*\n[=\-~^\"'`#*+]{3,}\s*$", text))
    return score
