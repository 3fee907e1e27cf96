"""Files at the edges: special files refused without blocking, includes confined on the file actually
opened (a directory swapped for a symlink is never read through), atomic writes that keep permissions."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from validator.diagnostics import Diagnostics
from validator.document import CodeBlock, Paragraph, walk
from validator.files import atomic_write, read_source
from validator.pipeline import ExtractOptions, extract_paths
from validator.readers import ReadOptions, asciidoc, rst
from validator.readers.asciidoc import preprocess


def test_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "page.adoc"
    os.mkfifo(fifo)
    started = time.perf_counter()
    extraction = extract_paths([fifo], ExtractOptions())
    assert time.perf_counter() - started < 5
    assert [d.code for d in extraction.diagnostics] == ["read.not-a-file"]


def test_a_fifo_included_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "part.adoc")
    page = tmp_path / "page.adoc"
    page.write_text("= T\n\ninclude::part.adoc[]\n")
    extraction = extract_paths([page], ExtractOptions())
    assert "read.unresolved-include" in {d.code for d in extraction.diagnostics}  # not a file: not followed


def test_a_device_is_refused() -> None:
    diagnostics = Diagnostics()
    assert read_source(Path("/dev/zero"), "zero", diagnostics) is None
    assert [d.code for d in diagnostics] == ["read.not-a-file"]


@pytest.mark.parametrize("name", ["long-include-name.asciidoc", "long-include-name.rst"])
def test_include_names_longer_than_the_filesystem_allows(name: str) -> None:
    extraction = extract_paths([FIXTURES / "bad" / name], ExtractOptions())
    codes = [d.code for d in extraction.diagnostics if d.code.startswith("read.")]
    assert codes == ["read.unresolved-include", "read.unresolved-include"]


def _swapping(root: Path, outside: Path, stop: threading.Event) -> None:
    """Swap root/sub (a directory inside the roots) for a symlink to a directory outside, over and over."""
    real, link = root / "sub.real", root / "sub"
    while not stop.is_set():
        os.rename(link, real)
        os.symlink(outside, link)
        os.unlink(link)
        os.rename(real, link)


@pytest.mark.parametrize("syntax", ["asciidoc", "rst"])
def test_include_race_never_reads_outside_the_roots(syntax: str, tmp_path: Path) -> None:
    root, outside = tmp_path / "docs", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (root / "sub" / "part.txt").write_text("inside text\n")
    (outside / "part.txt").write_text("SECRET outside text\n")
    page = root / ("page.adoc" if syntax == "asciidoc" else "page.rst")
    page.write_text("= T\n\ninclude::sub/part.txt[]\n" if syntax == "asciidoc"
                    else "T\n=\n\n.. include:: sub/part.txt\n")
    reader = asciidoc if syntax == "asciidoc" else rst
    stop = threading.Event()
    swapper = threading.Thread(target=_swapping, args=(root, outside, stop), daemon=True)
    swapper.start()
    seen: set[str] = set()
    try:
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            preprocess._load_include.cache_clear()
            diagnostics = Diagnostics()
            document = reader.read(page.read_text(), page, page.name, ReadOptions(roots=(root,)), diagnostics)
            texts = " ".join(b.text for b in walk(document.blocks) if isinstance(b, Paragraph | CodeBlock))
            assert "SECRET" not in texts
            seen.add("inside" if "inside text" in texts else "refused")
    finally:
        stop.set()
        swapper.join()
    assert "inside" in seen  # the include works when nobody swaps at the wrong moment


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_atomic_write_honours_the_umask_for_new_files(umask: int, expected: int, tmp_path: Path) -> None:
    old = os.umask(umask)
    try:
        atomic_write(tmp_path / "new.yaml", "a: 1\n")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.yaml") == expected


def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "spec.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    atomic_write(target, "new\n")
    assert target.read_text() == "new\n" and _mode(target) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["spec.yaml"]  # no temporary file left behind
