"""A bounded property-based fuzz run (~30 s) over mutations of our fixtures: extract + lint of a
mutated page never raise (no internal.crash), end within a time bound, and write a valid OpenAPI spec.

Derandomized by default, so CI is reproducible; DOCCONTRACT_FUZZ_EXAMPLES=N runs N examples,
DOCCONTRACT_FUZZ_RANDOM=1 explores new ones, DOCCONTRACT_FUZZ_SHRINK=1 minimizes a failure (slow).
bench/fuzz.py is the long run (larger inputs, the corpus, memory caps)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from fixtures.fuzzing import Limits, check_in_child, fixture_pages, mutate, workspace
from validator.pipeline import ExtractOptions

PAGES = fixture_pages()
LIMITS = Limits(line=20_000, depth=300, repeat=20)  # the bench goes to 1 MB lines and depth 2,000
SECONDS = 10  # per page (wall time, the machine may be busy); the goal in bench/fuzz.py is 5 s of CPU
MEMORY_MB = 500  # growth per page; the goal in bench/fuzz.py is 200 MB
EXAMPLES = int(os.environ.get("DOCCONTRACT_FUZZ_EXAMPLES", "150"))


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A private copy of fixtures/: mutants are written next to the page they come from."""
    return workspace(FIXTURES, tmp_path_factory.mktemp("fuzz") / "fixtures")


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate, *[Phase.shrink] * bool(os.environ.get("DOCCONTRACT_FUZZ_SHRINK"))],
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
    assert check_in_child(mutant, ExtractOptions(), SECONDS, MEMORY_MB) == []


def test_every_mutation_changes_some_page() -> None:
    """Each mutation does something to a real page (a mutation that never fires tests nothing)."""
    from fixtures.fuzzing import MUTATIONS

    page = next(p for p in PAGES if p.rel == "cases/lint/defects.asciidoc")
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
