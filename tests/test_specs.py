"""The golden specs in specs/ are what extraction produces from the seeds, byte for byte."""

from __future__ import annotations

import difflib
import importlib.util

import pytest
import yaml
from conftest import ROOT
from openapi_spec_validator import validate

spec = importlib.util.spec_from_file_location("regenerate", ROOT / "specs" / "regenerate.py")
regenerate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(regenerate)


@pytest.mark.parametrize("name", sorted(regenerate.FAMILIES))
def test_golden_spec_matches_extraction(name):
    produced = regenerate.render(name)
    committed = (ROOT / "specs" / name).read_text(encoding="utf-8")
    if produced != committed:
        diff = "".join(difflib.unified_diff(committed.splitlines(True), produced.splitlines(True),
                                            f"specs/{name}", "extraction now"))
        pytest.fail(f"specs/{name} drifted; review and run `python specs/regenerate.py`\n{diff[:6000]}")


@pytest.mark.parametrize("name", sorted(regenerate.FAMILIES))
def test_golden_spec_is_valid_openapi(name):
    validate(yaml.safe_load((ROOT / "specs" / name).read_text(encoding="utf-8")))
