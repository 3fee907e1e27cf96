"""Diagnostics inside included files name the include the way the user reaches it: beside the page as
given on the command line ('../docs/api/parts/broken.rst', '/abs/docs/api/parts/broken.rst'), never
re-derived from the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.pipeline import ExtractOptions, extract_paths

PAGES = {
    "page.rst": "Things\n======\n\n.. http:get:: /things\n\n   :statuscode 200: the things\n\n"
                ".. include:: parts/broken.rst\n",
    "parts/broken.rst": "More\n----\n\n.. table:: bad\n\n   ===== =====\n   a     b\n   ===== =====\n"
                        "   1     2    3 4\n   =====\n",
    "page.asciidoc": "= Things\n\n== Get things\n\n`GET /things`\n\ninclude::parts/more.asciidoc[]\n",
    "parts/more.asciidoc": "== More\n\ninclude::../shared/broken.asciidoc[]\n",
    "shared/broken.asciidoc": "== Broken\n\n----\nnever closed\n",
}
CODES = {"page.rst": "read.markup", "page.asciidoc": "read.unclosed-block"}
EXPECTED = {"page.rst": "parts/broken.rst", "page.asciidoc": "shared/broken.asciidoc"}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    api = tmp_path / "docs" / "api"
    for name, text in PAGES.items():
        (api / name).parent.mkdir(parents=True, exist_ok=True)
        (api / name).write_text(text, encoding="utf-8")
    (tmp_path / "work" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work" / "deep")  # a working directory the given paths climb out of
    return api


@pytest.mark.parametrize("page", sorted(CODES))
@pytest.mark.parametrize("form", ["relative", "absolute"])
def test_included_file_diagnostics_keep_the_given_path(tree: Path, page: str, form: str) -> None:
    given = Path("../../docs/api") / page if form == "relative" else tree / page
    options = ExtractOptions(include_paths=(), source_root=tree.parent.parent)
    extraction = extract_paths([given], options)
    found = [d for d in extraction.diagnostics if d.code == CODES[page]]
    assert found, [d.format() for d in extraction.diagnostics]
    base = "../../docs/api" if form == "relative" else tree.as_posix()
    assert {d.location.path for d in found} == {f"{base}/{EXPECTED[page]}"}
