"""A bounded property-based fuzz run (~30 s) over mutations of our fixtures: extract + lint of a
mutated page never raise (no internal.crash), end within a time bound, and write a valid OpenAPI spec.

Derandomized by default, so CI is reproducible; DOCCONTRACT_FUZZ_EXAMPLES=N runs N examples and
DOCCONTRACT_FUZZ_RANDOM=1 explores new ones. bench/fuzz.py is the long run (larger inputs, the corpus,
memory caps)."""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from fixtures.fuzzing import Limits, check_page, fixture_pages, mutate, workspace
from validator.pipeline import ExtractOptions

PAGES = fixture_pages()
LIMITS = Limits(line=20_000, depth=300, repeat=20)  # the bench goes to 1 MB lines and depth 2,000
SECONDS = 10  # per page; the goal (bench/fuzz.py) is 5 s of CPU on an unloaded machine
EXAMPLES = int(os.environ.get("DOCCONTRACT_FUZZ_EXAMPLES", "150"))


class PageTimeout(Exception):
    """A page took longer than the bound."""


@contextmanager
def time_limit(seconds: float):
    def expire(signum, frame):
        raise PageTimeout(f"page not done after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A private copy of fixtures/: mutants are written next to the page they come from."""
    return workspace(FIXTURES, tmp_path_factory.mktemp("fuzz") / "fixtures")


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          derandomize=not os.environ.get("DOCCONTRACT_FUZZ_RANDOM"),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_mutated_pages_extract_and_lint_without_crashing(tree: Path, data) -> None:
    page = data.draw(st.sampled_from(PAGES), label="page")
    rel = Path(page.rel)
    mutant = tree / rel.parent / f"fuzz-mutant{rel.suffix}"
    text, applied = mutate(page.data, lambda lo, hi: data.draw(st.integers(lo, hi)), mutant.name, LIMITS)
    note(f"{page.rel} after {', '.join(applied)}: {text[:2000]!r}")
    mutant.write_bytes(text)
    with time_limit(SECONDS):
        problems = check_page(mutant, ExtractOptions())
    assert problems == []


def test_every_mutation_changes_some_page() -> None:
    """Each mutation does something to a real page (a mutation that never fires tests nothing)."""
    from fixtures.fuzzing import MUTATIONS

    page = next(p for p in PAGES if p.rel.endswith(".txt") and p.rel.startswith("seeds/"))
    for name, mutation in MUTATIONS.items():
        changed = any(mutation(page.data, _counter(seed), LIMITS, "page.txt") != page.data for seed in range(5))
        assert changed, name


def _counter(seed: int):
    """A deterministic draw: walks through the allowed range."""
    state = [seed]

    def draw(lo: int, hi: int) -> int:
        state[0] = state[0] * 31 + 7
        return lo + state[0] % (hi - lo + 1)

    return draw
