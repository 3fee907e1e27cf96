"""Hostile input gives diagnostics, never a traceback, and the other inputs of a run still extract."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS

from validator.cli import main
from validator.pipeline import ExtractOptions, extract_paths

BAD = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_file())


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_bad_file_gives_diagnostics_not_exceptions(path: Path) -> None:
    extraction = extract_paths([path], ExtractOptions())
    assert len(extraction.diagnostics) > 0
    assert all(d.code != "internal.crash" for d in extraction.diagnostics), [d.format() for d in extraction.diagnostics]


def test_bad_files_do_not_stop_the_good_ones() -> None:
    extraction = extract_paths([FIXTURES / "bad", SEEDS / "004_6592c7f47cb18f43.txt"], ExtractOptions())
    assert ("/_ml/anomaly_detectors/{job_id}", "put") in {op.key for op in extraction.operations}
    codes = {d.code for d in extraction.diagnostics}
    assert {"read.binary", "read.encoding", "read.include-loop", "read.include-outside-root",
            "read.unclosed-block"} <= codes


def test_include_escaping_the_roots_is_not_followed() -> None:
    extraction = extract_paths([FIXTURES / "bad" / "include-escape.asciidoc"], ExtractOptions())
    escapes = [d for d in extraction.diagnostics if d.code == "read.include-outside-root"]
    assert len(escapes) == 2 and escapes[0].location.line == 7


def test_huge_file_is_reported_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.asciidoc"
    with big.open("wb") as handle:
        block = b"`field`::\n(Optional, string) Some text.\n\n" * 1000
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(block)
    shutil.copy(SEEDS / "004_6592c7f47cb18f43.txt", tmp_path / "good.asciidoc")
    extraction = extract_paths([tmp_path], ExtractOptions())
    assert [d.code for d in extraction.diagnostics if d.location.path.endswith("big.asciidoc")] == ["read.too-large"]
    assert len(extraction.operations) == 1


def test_cli_exit_codes(tmp_path: Path, capsys) -> None:
    out = tmp_path / "spec.yaml"
    assert main(["extract", str(SEEDS / "004_6592c7f47cb18f43.txt"), "-o", str(out)]) == 0
    assert out.read_text().startswith("openapi: 3.1.0")
    assert main(["extract", str(tmp_path / "missing.adoc")]) == 2
    assert main(["extract", str(SEEDS), "-a", "novalue"]) == 2
    assert main(["extract", str(FIXTURES / "bad" / "binary-junk.adoc"), "-o", str(tmp_path / "x.yaml")]) == 2
    # errors found but a spec still written → 1; the previous spec is replaced atomically
    assert main(["extract", str(FIXTURES / "bad"), str(SEEDS / "004_6592c7f47cb18f43.txt"), "-o", str(out)]) == 1
    assert "/_ml/anomaly_detectors/{job_id}" in out.read_text()
    err = capsys.readouterr().err
    assert "include-loop]" in err and ": error: " in err
