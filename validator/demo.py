"""The built-in example run end to end: extract the seed pages, lint them, and report where the
results are. Later stages (reference servers, contract tests, reports) plug in here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from validator.files import atomic_write
from validator.pipeline import ExtractOptions, extract_spec

SEED_DIR = Path("fixtures/seeds")


def run_demo(out_dir: Path, say: Callable[[str], None]) -> int:
    """Run every stage on the seeds; returns the exit code of the worst stage."""
    if not SEED_DIR.is_dir():
        say(f"doccontract demo: run it from the repository root ({SEED_DIR} not found)")
        return 2
    text, extraction = extract_spec([SEED_DIR], ExtractOptions(), title="Seed APIs")
    spec_path = out_dir / "openapi.yaml"
    atomic_write(spec_path, text)
    diagnostics_path = out_dir / "extract-diagnostics.txt"
    atomic_write(diagnostics_path, "".join(d.format() + "\n" for d in extraction.diagnostics))
    say(f"extracted {len(extraction.operations)} operations from {len(extraction.files)} pages "
        f"→ {spec_path} ({len(extraction.diagnostics)} diagnostics in {diagnostics_path})")
    return 0
