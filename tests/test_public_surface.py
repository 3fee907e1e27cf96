"""The public surface: modules that others import from declare `__all__`, every name in it exists, and
every public function or class a module defines is listed (so nothing public is accidental)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from conftest import ROOT

PUBLIC_MODULES = [
    "validator.diagnostics", "validator.cli", "validator.commands", "validator.clio", "validator.shard",
    "validator.yamlio", "validator.demo", "validator.lint", "validator.report", "validator.report.model",
    "validator.report.contract", "validator.report.escape", "validator.report.html", "validator.report.jsondoc",
    "validator.report.junit", "validator.report.markdown", "validator.report.merge", "validator.report.sarif",
    "validator.report.text",
]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_lists_exactly_the_public_definitions(name: str) -> None:
    module = importlib.import_module(name)
    assert isinstance(module.__all__, list) and len(module.__all__) == len(set(module.__all__))
    assert all(hasattr(module, item) for item in module.__all__), name
    path = Path(module.__file__)
    tree = ast.parse(path.read_text())
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)
               and not node.name.startswith("_")}
    assigned = {target.id for node in tree.body if isinstance(node, ast.Assign | ast.AnnAssign)
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(target, ast.Name) and target.id.isupper() and not target.id.startswith("_")}
    assert defined <= set(module.__all__), (name, defined - set(module.__all__))
    assert set(module.__all__) <= defined | assigned | set(vars(module)), name


def test_registries_are_tuples() -> None:
    from validator.report import WRITERS

    assert isinstance(WRITERS, tuple) and WRITERS
    assert (ROOT / "ARCHITECTURE.md").is_file()
    assert "ARCHITECTURE.md" in (ROOT / "README.md").read_text()
    assert "../shared/DESIGN.md" not in (ROOT / "README.md").read_text()
