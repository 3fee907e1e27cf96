"""The shipped pre-commit hook runs through pre-commit itself on a temporary repository and lints only the
documentation files that changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

LINT = FIXTURES / "cases" / "lint"


def test_hook_manifest_is_valid() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "doccontract-lint")
    assert hook["entry"] == "doccontract lint" and hook["language"] == "python"
    import re

    assert re.search(hook["files"], "docs/api.asciidoc") and re.search(hook["files"], "api.rst")
    assert not re.search(hook["files"], "README.md")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.mark.slow
def test_hook_through_pre_commit_on_changed_files_only(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install pre-commit)")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of doccontract")
    tracked = subprocess.run(["git", "ls-files", ".pre-commit-hooks.yaml"], cwd=ROOT, capture_output=True, text=True)
    if not tracked.stdout.strip():
        pytest.skip(".pre-commit-hooks.yaml is not committed in this checkout")
    repo = tmp_path / "docs"
    repo.mkdir()
    _git(repo, "init", "-q")
    shutil.copy(LINT / "defects.asciidoc", repo / "defects.asciidoc")
    _git(repo, "add", "defects.asciidoc")
    _git(repo, "commit", "-qm", "docs with defects, already committed")
    shutil.copy(LINT / "clean.asciidoc", repo / "clean.asciidoc")
    _git(repo, "add", "clean.asciidoc")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "doccontract-lint"],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=900)

    clean = run()  # only the staged (changed) file is linted: the committed defects are not
    if clean.returncode != 0 and "doccontract lint" not in clean.stdout:
        pytest.skip(f"pre-commit could not build the hook environment offline: {clean.stdout[-300:]}")
    assert clean.returncode == 0 and "Passed" in clean.stdout, clean.stdout
    (repo / "defects.asciidoc").write_text((repo / "defects.asciidoc").read_text() + "\nMore text.\n")
    _git(repo, "add", "defects.asciidoc")
    failing = run()
    assert failing.returncode == 1 and "Failed" in failing.stdout
    assert "defects.asciidoc:44:1: error:" in failing.stdout and "lint.example-mismatch" in failing.stdout
