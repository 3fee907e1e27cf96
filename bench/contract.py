"""Contract-testing benchmark: mutation score (mutants caught / mutants), time per operation, requests per
second, and the overhead against a bare schemathesis run of the same spec with the same settings.

    python bench/contract.py [--max-examples 25] [--repeat 3]

Figures go in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import schemathesis  # noqa: E402
from schemathesis import engine, openapi  # noqa: E402
from schemathesis.engine import events  # noqa: E402

from fixtures.servers.base import Server  # noqa: E402
from fixtures.servers.dataarts import MUTANTS as DA_MUTANTS  # noqa: E402
from fixtures.servers.dataarts import DataArtsApp  # noqa: E402
from fixtures.servers.elastic import MUTANTS as ES_MUTANTS  # noqa: E402
from fixtures.servers.elastic import ElasticApp  # noqa: E402
from validator.contract import ContractOptions, basic, run_contract  # noqa: E402
from validator.contract.engine import CONFORMANCE_CHECKS  # noqa: E402

TARGETS = {
    "elastic": (ElasticApp, ES_MUTANTS, "specs/elasticsearch-ml.yaml", ("elastic", "changeme"), ("viewer", "viewer")),
    "dataarts": (DataArtsApp, DA_MUTANTS, "specs/dataarts-studio.yaml", None, None),
}


def bare_schemathesis(spec: dict, url: str, headers: dict, max_examples: int) -> tuple[float, int]:
    """Seconds and requests of a plain schemathesis engine run with the same generation settings and
    schemathesis' own checks of the same selection (its default selection stops early on the 4xx that the
    docs allow, which would make the comparison unequal)."""
    config = schemathesis.Config.from_dict({"base-url": url, "headers": headers, "seed": 1, "workers": 1,
                                            "generation": {"max-examples": max_examples, "mode": "all",
                                                           "database": "none"}})
    schema = openapi.from_dict(spec, config=config)
    schema.config.checks.update(included_check_names=[c for c in CONFORMANCE_CHECKS if c != "documented_status"])
    started, requests = time.perf_counter(), 0
    for event in engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            requests += sum(1 for i in event.recorder.interactions.values() if i.response is not None)
    return time.perf_counter() - started, requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    caught = total = 0
    print(f"{'server':<10}{'ops':>5}{'doccontract s':>15}{'requests':>10}{'req/s':>8}{'s/op':>7}"
          f"{'bare st s':>11}{'bare req':>10}{'overhead':>10}")
    for name, (app_class, mutants, spec_file, auth, unprivileged) in TARGETS.items():
        spec = yaml.safe_load((ROOT / spec_file).read_text())
        ours, bare = [], []
        for _ in range(args.repeat):
            with Server(app_class()) as server:
                started = time.perf_counter()
                result = run_contract(spec, ContractOptions(server.url, auth=auth, unprivileged_auth=unprivileged,
                                                            max_examples=args.max_examples))
                ours.append((time.perf_counter() - started, result.requests, len(result.operations)))
            with Server(app_class()) as server:
                bare.append(bare_schemathesis(spec, server.url, basic(auth), args.max_examples))
        seconds, requests, ops = min(ours)
        bare_seconds, bare_requests = min(bare)
        print(f"{name:<10}{ops:>5}{seconds:>15.2f}{requests:>10}{requests / seconds:>8.0f}{seconds / ops:>7.2f}"
              f"{bare_seconds:>11.2f}{bare_requests:>10}{seconds / bare_seconds:>9.2f}x")
        for mutant in sorted(mutants):
            with Server(app_class(mutant)) as server:
                result = run_contract(spec, ContractOptions(server.url, auth=auth, unprivileged_auth=unprivileged,
                                                            max_examples=args.max_examples))
            total += 1
            caught += result.exit_code == 1
            if result.exit_code != 1:
                print(f"  NOT CAUGHT: {name}/{mutant}")
    print(f"mutation score: {caught}/{total} = {caught / total:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
