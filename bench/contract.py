"""Contract-testing benchmark: mutation score (mutants caught / mutants), false alarms against the faithful
reference servers (and Kinto, when its venv and the corpus are there), the overhead of creating the
prerequisites the cases need, time per operation, and the overhead against a bare schemathesis run of the
same spec with the same settings.

    python bench/contract.py [--max-examples 25] [--repeat 3] [--kinto]

A false alarm is a failed check against a server that keeps its docs (faithful reference servers: all of
them; Kinto: any failure examples/kinto/README.md does not explain). Figures go in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
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
from fixtures.servers.notes import MUTANTS as NOTES_MUTANTS  # noqa: E402
from fixtures.servers.notes import NotesApp  # noqa: E402
from fixtures.servers.state import ADMIN, VIEWER, StateApp  # noqa: E402
from fixtures.servers.state import MUTANTS as STATE_MUTANTS  # noqa: E402
from validator.contract import ContractOptions, basic, run_contract  # noqa: E402
from validator.contract.engine import CONFORMANCE_CHECKS  # noqa: E402
from validator.report.contract import contract_report  # noqa: E402

TARGETS = {
    "elastic": (ElasticApp, ES_MUTANTS, "specs/elasticsearch-ml.yaml", ("elastic", "changeme"), ("viewer", "viewer")),
    "dataarts": (DataArtsApp, DA_MUTANTS, "specs/dataarts-studio.yaml", None, None),
    "state": (StateApp, STATE_MUTANTS, "fixtures/servers/state.yaml", ADMIN, VIEWER),
    "notes": (NotesApp, NOTES_MUTANTS, "fixtures/servers/notes.rst", None, None),  # the spec extracted from its page
}
CAUGHT = {1, 3}  # exit codes that mean "the run did not pass": a deviation, or a server that stopped answering
HARMLESS = {"huge-body"}  # hostile but conformant: the run must pass (and end in bounded time)
KINTO_EXPLAINED = {"GET /", "GET /__version__", "GET /__heartbeat__", "DELETE /buckets",
                   "DELETE /buckets/{bucket_id}/collections", "DELETE /buckets/{bucket_id}/groups",
                   "DELETE /buckets/{bucket_id}/collections/{collection_id}/records"}


def load_spec(spec_file: str) -> dict:
    """The target's spec: a YAML file, or extracted from a doc page as a user would."""
    if not spec_file.endswith(".rst"):
        return yaml.safe_load((ROOT / spec_file).read_text())
    from validator.openapi import build_spec
    from validator.pipeline import ExtractOptions, extract_paths

    return build_spec(extract_paths([ROOT / spec_file], ExtractOptions(source_root=ROOT)).operations,
                      source_root=str(ROOT))


def bare_schemathesis(spec: dict, url: str, headers: dict, max_examples: int) -> tuple[float, int]:
    """Seconds and requests of a plain schemathesis engine run with the same generation settings and
    schemathesis' own checks of the same selection."""
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


def failed_checks(result) -> list[str]:
    return [f"{op.label} [{c.name}]" for op in result.operations for c in op.checks.values() if c.status == "failed"]


def options(url: str, auth, unprivileged, max_examples: int) -> ContractOptions:
    return ContractOptions(url, auth=auth, unprivileged_auth=unprivileged, max_examples=max_examples,
                           request_timeout=2.0)


def faithful(args: argparse.Namespace) -> int:
    """Timing, overhead and false alarms against the faithful servers; returns the false-alarm count."""
    alarms = 0
    print(f"{'server':<10}{'ops':>5}{'doccontract s':>15}{'requests':>10}{'prereq':>8}{'req/s':>8}{'s/op':>7}"
          f"{'bare st s':>11}{'bare req':>10}{'overhead':>10}{'false alarms':>14}")
    for name, (app_class, _, spec_file, auth, unprivileged) in TARGETS.items():
        spec = load_spec(spec_file)
        ours, bare = [], []
        for _ in range(args.repeat):
            with Server(app_class()) as server:
                started = time.perf_counter()
                result = run_contract(spec, options(server.url, auth, unprivileged, args.max_examples))
                ours.append((time.perf_counter() - started, result.requests, result.prerequisite_requests,
                             len(result.operations), failed_checks(result)))
            with Server(app_class()) as server:
                bare.append(bare_schemathesis(spec, server.url, basic(auth), args.max_examples))
        seconds, requests, prereq, ops, failed = min(ours)
        alarms += max(len(run[4]) for run in ours)
        bare_seconds, bare_requests = min(bare)
        print(f"{name:<10}{ops:>5}{seconds:>15.2f}{requests:>10}{prereq:>8}{requests / seconds:>8.0f}"
              f"{seconds / ops:>7.2f}{bare_seconds:>11.2f}{bare_requests:>10}{seconds / bare_seconds:>9.2f}x"
              f"{max(len(run[4]) for run in ours):>14}")
        for failure in sorted({f for run in ours for f in run[4]}):
            print(f"  FALSE ALARM: {name}: {failure}")
    return alarms


def mutation_score(args: argparse.Namespace) -> None:
    caught = total = 0
    for name, (app_class, mutants, spec_file, auth, unprivileged) in TARGETS.items():
        spec = load_spec(spec_file)
        for mutant in sorted(mutants):
            with Server(app_class(mutant)) as server:
                started = time.perf_counter()
                result = run_contract(spec, options(server.url, auth, unprivileged, args.max_examples))
                seconds = time.perf_counter() - started
            code = contract_report(result).exit_code
            ok = code == 0 if mutant in HARMLESS else code in CAUGHT
            total += 1
            caught += ok
            print(f"  {name}/{mutant}: exit {code} in {seconds:.1f} s{'' if ok else '  NOT CAUGHT'}")
    print(f"mutation score: {caught}/{total} = {caught / total:.0%} (hostile-but-conformant variants must pass)")


def kinto(args: argparse.Namespace) -> None:
    """The Kinto run of examples/kinto, counting failures its README does not explain."""
    binary, corpus = ROOT / ".venv-kinto" / "bin" / "kinto", ROOT.parent / "shared" / "corpus" / "kinto"
    if not binary.exists() or not corpus.is_dir():
        print("kinto: skipped (no .venv-kinto or ../shared/corpus/kinto; run examples/kinto/run.sh once)")
        return
    from validator.openapi import build_spec
    from validator.pipeline import ExtractOptions, extract_paths

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ini = Path("/tmp") / f"doccontract-bench-kinto-{port}.ini"
    ini.write_text((ROOT / "examples/kinto/kinto.ini").read_text().replace("port = 8889", f"port = {port}"))
    process = subprocess.Popen([str(binary), "start", "--ini", str(ini)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        spec = build_spec(extract_paths([corpus], ExtractOptions()).operations, title="Kinto")
        started = time.perf_counter()
        result = run_contract(spec, ContractOptions(url, auth=("bob", "p4ssw0rd"), unprivileged_auth=("alice", "x"),
                                                    max_examples=10, seed=1, include_disruptive=True))
        seconds = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=10)
        ini.unlink()
    failed = [op.label for op in result.operations if op.status == "failed"]
    unexplained = [label for label in failed if label not in KINTO_EXPLAINED]
    inconclusive = len(result.findings("inconclusive"))
    print(f"kinto: {len(result.operations)} operations, {len(failed)} failed ({len(unexplained)} false alarms: "
          f"{unexplained or 'none'}), {inconclusive} inconclusive findings, {result.requests} requests "
          f"({result.prerequisite_requests} for prerequisites, {result.prerequisite_requests / result.requests:.0%})"
          f" in {seconds:.1f} s; left behind: {len(result.left_behind)}")
    for left in result.left_behind:
        print(f"  left behind: {left}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kinto", action="store_true", help="also run Kinto (examples/kinto)")
    args = parser.parse_args()
    alarms = faithful(args)
    print(f"false alarms against the faithful reference servers: {alarms}")
    mutation_score(args)
    if args.kinto:
        kinto(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
