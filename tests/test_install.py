"""Install truth: the floors pyproject.toml declares are exactly the versions .ci/floors.txt pins (and
.ci/run tests), and every runtime dependency has a floor."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _floors() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + [d for group in project["optional-dependencies"].values() for d in group]
    floors = {}
    for requirement in declared:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower()
        floor = re.search(r">=\s*([\w.]+)", requirement)
        assert floor, f"{requirement}: every dependency declares the minimum version it works with"
        floors[name] = floor.group(1)
    return floors


def test_declared_floors_are_the_pinned_tested_versions() -> None:
    pins = dict(re.findall(r"(?m)^([A-Za-z0-9_.-]+)==([\w.]+)", (ROOT / ".ci" / "floors.txt").read_text()))
    assert {k.lower(): v for k, v in pins.items()} == _floors()


def test_ci_runs_the_suite_against_the_floors() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "-c .ci/floors.txt" in script and script.count("python3 -m pytest") == 2
