"""`validate`, `lint` and `test` accept every spec the tool itself writes: the golden specs and the spec of
each corpus (when ../shared/corpus is present) go through extract → validate → test (against a closed
port: the spec is accepted and the run ends as unreachable, exit 3), never a usage error or a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from validator.cli import main

CLOSED = "http://127.0.0.1:9"


def _accepts(spec: Path, capsys) -> None:
    assert main(["validate", str(spec)]) == 0, capsys.readouterr()
    assert main(["test", str(spec), "--base-url", CLOSED, "--format", "json"]) == 3, capsys.readouterr().err
    capsys.readouterr()


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "specs").glob("*.yaml")))
def test_golden_specs_are_accepted(name: str, capsys) -> None:
    _accepts(ROOT / "specs" / name, capsys)


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["otc", "httpdomain", "kinto", "elasticsearch"])
def test_corpus_specs_are_accepted(corpus_dir: Path, name: str, tmp_path: Path, capsys) -> None:
    spec = tmp_path / f"{name}.yaml"
    assert main(["extract", str(corpus_dir / name), "-o", str(spec)]) in (0, 1)
    capsys.readouterr()
    _accepts(spec, capsys)
