"""The reader loop: a page over its time or memory budget becomes read.over-budget and the run goes on;
--jobs workers end with their parent; a reader that cannot import is a startup error naming the package;
pages that yield no operation at all say so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS

from validator import readers
from validator.cli import main
from validator.pipeline import MAX_WORKERS, PAGES_PER_WORKER, ExtractOptions, extract_paths, worker_count
from validator.requirements import DependencyError

GOOD = SEEDS / "004_6592c7f47cb18f43.txt"


def _big_page(path: Path, lines: int) -> Path:
    path.write_text("= Big\n\n" + "`field`:: (Optional, string) Some text about the field.\n\n" * lines)
    return path


def test_a_page_over_its_time_budget_is_skipped_and_the_run_goes_on(tmp_path: Path) -> None:
    slow = _big_page(tmp_path / "slow.asciidoc", 30_000)
    (tmp_path / "good.asciidoc").write_text(GOOD.read_text())
    started = time.perf_counter()
    extraction = extract_paths([tmp_path], ExtractOptions(page_seconds=0.3))
    assert time.perf_counter() - started < 10
    over = [d for d in extraction.diagnostics if d.code == "read.over-budget"]
    assert [d.location.path for d in over] == [slow.as_posix()] and "0.3 s" in over[0].message
    assert len(extraction.operations) == 1  # the good page still extracted
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)  # the budget's timer is gone


def test_a_page_over_its_memory_budget_is_skipped(tmp_path: Path) -> None:
    big = _big_page(tmp_path / "big.asciidoc", 30_000)
    extraction = extract_paths([big], ExtractOptions(page_megabytes=1))
    assert [d.code for d in extraction.diagnostics] == ["read.over-budget"]
    assert "MB" in extraction.diagnostics.items[0].message


def test_pages_within_budget_are_unaffected(tmp_path: Path) -> None:
    extraction = extract_paths([GOOD], ExtractOptions(page_seconds=30, page_megabytes=512))
    assert "read.over-budget" not in {d.code for d in extraction.diagnostics}
    assert len(extraction.operations) == 1


def test_readable_pages_without_any_operation_say_so(tmp_path: Path) -> None:
    (tmp_path / "a.adoc").write_text("= Nothing\n\nJust prose.\n")
    (tmp_path / "b.rst").write_text("Nothing\n=======\n\nJust prose.\n")
    extraction = extract_paths([tmp_path], ExtractOptions())
    nothing = [d for d in extraction.diagnostics if d.code == "extract.nothing-found"]
    assert len(nothing) == 1 and nothing[0].message.startswith("2 readable page(s) of 2 yielded no operation")
    assert "extract.nothing-found" not in {d.code for d in extract_paths([GOOD], ExtractOptions()).diagnostics}


def test_a_reader_that_cannot_import_is_a_startup_error(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr(readers, "_LOADED", ())
    monkeypatch.setitem(sys.modules, "validator.readers.rst", None)  # importing it raises ImportError
    with pytest.raises(DependencyError, match=r"needs docutils>=[\d.]+ \(installed: [\d.]+\); run: pip install"):
        extract_paths([GOOD], ExtractOptions())
    assert main(["extract", str(GOOD), "-o", str(tmp_path / "spec.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("doccontract: error: the reStructuredText reader cannot start") and err.count("\n") == 1
    assert not (tmp_path / "spec.yaml").exists()


def test_a_dependency_below_its_floor_is_a_startup_error(monkeypatch) -> None:
    from importlib import metadata

    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "0.19" if name == "docutils" else real(name))
    monkeypatch.setattr(readers, "_LOADED", ())
    with pytest.raises(DependencyError, match=r"docutils>=[\d.]+ \(installed: 0\.19\)"):
        readers.load_readers()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_killed_run_leaves_no_worker_processes(tmp_path: Path) -> None:
    for index in range(40):
        _big_page(tmp_path / f"page{index:02}.asciidoc", 3_000)
    run = subprocess.Popen([sys.executable, "-m", "validator", "extract", "--jobs", "2", str(tmp_path), "-o",
                            str(tmp_path / "spec.yaml")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while len(_children(run.pid)) < 2 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.05)
        workers = _children(run.pid)
        assert len(workers) >= 2, "the run ended before its workers could be seen"
        run.send_signal(signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers)
    finally:
        if run.poll() is None:
            run.kill()


def test_worker_count_by_default_one_per_cpu_only_for_enough_pages(monkeypatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(4)), raising=False)
    assert worker_count(0, PAGES_PER_WORKER - 1) == 1  # a few pages: read in this process
    assert worker_count(0, 2 * PAGES_PER_WORKER) == 2
    assert worker_count(0, 1000) == 4  # one per usable CPU
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert worker_count(0, 10_000) == MAX_WORKERS
    assert worker_count(3, 5) == 3 and worker_count(6, 2) == 2 and worker_count(1, 1000) == 1  # as asked
