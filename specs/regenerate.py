"""Regenerate the golden specs in specs/ from the seed documents: `python specs/regenerate.py`.

One spec per API family; tests/test_specs.py compares the committed files with what the code
produces now (through the same function), so a change in extraction shows up as a reviewed diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = "fixtures/seeds"

FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "elasticsearch-ml.yaml": (
        "Elasticsearch machine learning APIs (seed pages)",
        ("000_dfb95d691bb6c584.txt", "001_9028318b457f8488.txt", "003_ece5b97705dc1b34.txt",
         "004_6592c7f47cb18f43.txt"),
    ),
    "dataarts-studio.yaml": ("DataArts Studio APIs (seed pages)", ("002_727d8cbb163ba174.txt",)),
}


def render(name: str) -> str:
    """The YAML of family ``name`` as extraction produces it now (x-source files relative to the repo
    root, from any working directory)."""
    from validator.pipeline import ExtractOptions, extract_spec

    title, seeds = FAMILIES[name]
    text, _ = extract_spec([ROOT / SEEDS / s for s in seeds], ExtractOptions(source_root=ROOT), title=title)
    return text


def main() -> int:
    from validator.files import atomic_write

    for name in FAMILIES:
        atomic_write(ROOT / "specs" / name, render(name))
        sys.stderr.write(f"wrote specs/{name}\n")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
