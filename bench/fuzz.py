"""The long fuzz run: mutants of the seeds, our fixtures and ../shared/corpus, each extracted, written
and linted in a forked child under a memory cap and a wall-time kill; prints documents tried,
exceptions, invalid specs, slow pages, hangs and peak memory; saves every failing input for triage.

    python bench/fuzz.py [--count 100000] [--first 0] [--jobs 2] [--seed 0] [--crashes fuzz-crashes]

Document i is the same mutant in every run with the same --seed (it depends only on seed and i), so
--first/--count split one long run into several. Figures go in BENCHMARKS.md with the command.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.fuzzing import Limits, Page, check_page, fixture_pages, mutate, outcome_in_this_process, workspace  # noqa: E402
from validator.files import iter_source_files  # noqa: E402
from validator.pipeline import ExtractOptions  # noqa: E402
from validator.readers.attributes import parse_attributes_file  # noqa: E402

ES_ATTRIBUTES = "elasticsearch/attributes/shared/attributes.asciidoc"


def corpus_pages(base: Path) -> list[Page]:
    """Every documentation file of the corpus, with the attributes and include paths it needs."""
    pages = []
    for path in iter_source_files([base]):
        rel = path.relative_to(base).as_posix()
        attributes, include_paths = {}, ()
        if rel.startswith("elasticsearch/") and (base / ES_ATTRIBUTES).is_file():
            attributes = parse_attributes_file((base / ES_ATTRIBUTES).read_text(encoding="utf-8"))
            include_paths = ("elasticsearch/docs/reference",)
        pages.append(Page(rel, path.read_bytes(), attributes, include_paths))
    return pages


@dataclass
class Tally:
    """What the run found."""

    documents: int = 0
    exceptions: int = 0
    invalid_specs: int = 0
    slow: int = 0
    hangs: int = 0
    over_memory: int = 0
    peak_kb: int = 0
    slowest: float = 0.0
    classes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    baseline_mb: float = 0.0


@dataclass
class Child:
    index: int
    page: Page
    applied: list[str]
    mutant: Path
    result: Path
    started: float
    killed: bool = False


def run_child(mutant: Path, page: Page, tree: Path, result: Path, memory_mb: int) -> None:
    """In the forked child: check the page under the memory cap, write the outcome."""
    options = ExtractOptions(attributes=page.attributes, include_paths=tuple(tree / p for p in page.include_paths))
    result.write_text(json.dumps(outcome_in_this_process(mutant, options, memory_mb)))


def draw(index: int, pages: list[Page], seed: str, limits: Limits) -> tuple[Page, bytes, list[str]]:
    """Document ``index``: a page and the mutations drawn for it (a function of seed and index)."""
    rng = random.Random(f"{seed}:{index}")
    page = pages[rng.randrange(len(pages))]
    data, applied = mutate(page.data, rng.randint, _mutant_name(index, page), limits)
    return page, data, applied


def _mutant_name(index: int, page: Page) -> str:
    return f"fuzz-{index}{Path(page.rel).suffix or '.txt'}"


def spawn(index: int, page: Page, data: bytes, applied: list[str], tree: Path, memory_mb: int) \
        -> tuple[Child, int]:
    """Write the mutant next to its page and fork the child that checks it."""
    mutant = tree / Path(page.rel).parent / _mutant_name(index, page)
    mutant.write_bytes(data)
    result = tree / ".results" / f"{index}.json"
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            run_child(mutant, page, tree, result, memory_mb)
        except BaseException:  # noqa: BLE001 - the child must never return into the parent's loop
            code = 1
        os._exit(code)
    return Child(index, page, applied, mutant, result, time.perf_counter()), pid


def finish(child: Child, status: int, usage, tally: Tally, args: argparse.Namespace, baseline_kb: int) -> None:
    """Count the child's outcome; save the input when it is a finding."""
    wall = time.perf_counter() - child.started
    cpu = usage.ru_utime + usage.ru_stime
    grown_kb = max(0, usage.ru_maxrss - baseline_kb)
    tally.documents += 1
    tally.peak_kb = max(tally.peak_kb, grown_kb)
    tally.slowest = max(tally.slowest, cpu)
    findings = []
    outcome = json.loads(child.result.read_text()) if child.result.exists() else None
    if child.killed:
        tally.hangs += 1
        findings.append(("hang", f"killed after {wall:.1f} s"))
    elif outcome is None:
        findings.append(("died", f"no result, exit status {status}"))
    if outcome and outcome["error"]:
        kind = "memory" if outcome["error"]["class"].startswith("MemoryError") else "exception"
        findings.append((kind, outcome["error"]["traceback"]))
        tally.classes[outcome["error"]["class"]] = tally.classes.get(outcome["error"]["class"], 0) + 1
    for problem in outcome["problems"] if outcome else ():
        kind = "exception" if "internal.crash" in problem else "invalid-spec"
        findings.append((kind, problem))
        if kind == "exception":
            name = re.search(r"internal error[^:]*: (\w+)", problem)
            key = f"{name.group(1) if name else 'internal.crash'} (internal.crash)"
            tally.classes[key] = tally.classes.get(key, 0) + 1
    kinds = {k for k, _ in findings}
    tally.exceptions += bool(kinds & {"exception", "died"})
    tally.invalid_specs += "invalid-spec" in kinds
    tally.over_memory += "memory" in kinds or grown_kb > args.memory_goal_mb * 1024
    if cpu > args.timeout and not child.killed:
        tally.slow += 1
        findings.append(("slow", f"{cpu:.1f} s CPU"))
    if grown_kb > args.memory_goal_mb * 1024:
        findings.append(("memory", f"{grown_kb // 1024} MB over the baseline"))
    if args.replay:
        first = (outcome or {}).get("error") or {}
        print(f"{child.applied[0]}: {', '.join(k for k, _ in findings) or 'ok'} {first.get('class', '')}")
    elif findings:
        save(child, findings, args.crashes)
    child.mutant.unlink(missing_ok=True)
    child.result.unlink(missing_ok=True)


def save(child: Child, findings: list[tuple[str, str]], crashes: Path) -> None:
    crashes.mkdir(parents=True, exist_ok=True)
    stem = f"{child.index:07d}-{findings[0][0]}"
    (crashes / f"{stem}{child.mutant.suffix}").write_bytes(child.mutant.read_bytes())
    report = [f"page: {child.page.rel}", f"mutations: {', '.join(child.applied)}"]
    report += [f"--- {kind}\n{detail}" for kind, detail in findings]
    (crashes / f"{stem}.log").write_text("\n".join(report) + "\n")


def run(args: argparse.Namespace) -> Tally:
    """Fork up to --jobs children at a time over documents first .. first+count-1."""
    tree = Path(tempfile.mkdtemp(prefix="doccontract-fuzz-"))
    pages = [Page("fixtures/" + p.rel, p.data) for p in fixture_pages(workspace(ROOT / "fixtures", tree / "fixtures"))]
    if args.corpus.is_dir():
        pages += [Page("corpus/" + p.rel, p.data, p.attributes, tuple("corpus/" + i for i in p.include_paths))
                  for p in corpus_pages(workspace(args.corpus, tree / "corpus"))]
    (tree / ".results").mkdir()
    os.chdir(tree)  # the include roots are the working directory and the page's own directory
    limits = Limits(line=args.max_line)
    check_page(tree / pages[0].rel, ExtractOptions())  # warm the caches the children inherit
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tally, running, index, end = Tally(), {}, args.first, args.first + args.count
    started = time.perf_counter()
    while index < end or running:
        while index < end and len(running) < args.jobs:
            if args.replay:
                saved = args.replay[index]
                log = saved.with_suffix(".log").read_text().splitlines() if saved.with_suffix(".log").exists() else []
                rel = next((line[6:] for line in log if line.startswith("page: ")), "fixtures/" + saved.name)
                page = next((p for p in pages if p.rel == rel), Page(rel, b""))
                child, pid = spawn(index, page, saved.read_bytes(), [f"replay of {saved}"], tree, args.memory_mb)
            else:
                child, pid = spawn(index, *draw(index, pages, args.seed, limits), tree, args.memory_mb)
            running[pid] = child
            index += 1
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        if pid:
            finish(running.pop(pid), status, usage, tally, args, baseline_kb)
            if tally.documents % args.progress == 0:
                print(f"... {tally.documents} documents, {time.perf_counter() - started:.0f} s: {_line(tally)}",
                      flush=True)
            continue
        for pid, child in running.items():
            if not child.killed and time.perf_counter() - child.started > args.kill_after:
                child.killed = True
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.002)
    tally.seconds = time.perf_counter() - started
    os.chdir(ROOT)
    shutil.rmtree(tree, ignore_errors=True)
    tally.baseline_mb = baseline_kb / 1024
    return tally


def _line(tally: Tally) -> str:
    return (f"{tally.exceptions} exceptions, {tally.invalid_specs} invalid specs, {tally.slow} slow, "
            f"{tally.hangs} hangs, {tally.over_memory} over memory")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="documents to try")
    parser.add_argument("--first", type=int, default=0, help="index of the first document")
    parser.add_argument("--seed", default="0")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--timeout", type=float, default=5.0, help="CPU seconds over which a page is slow")
    parser.add_argument("--kill-after", type=float, default=60.0, help="wall seconds after which a page is a hang")
    parser.add_argument("--memory-goal-mb", type=int, default=200, help="growth over which a page is too big")
    parser.add_argument("--memory-mb", type=int, default=1024, help="address-space cap per page (growth)")
    parser.add_argument("--max-line", type=int, default=1 << 20, help="longest inserted line")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"), help="where failing inputs go")
    parser.add_argument("--replay", type=Path, nargs="+", help="check these saved inputs instead (triage)")
    parser.add_argument("--progress", type=int, default=1000, help="print a progress line every N documents")
    args = parser.parse_args()
    args.crashes = args.crashes.resolve()
    if args.replay:
        args.replay = [p.resolve() for p in args.replay if p.suffix != ".log"]
        args.first, args.count = 0, len(args.replay)
    tally = run(args)
    print(f"documents {tally.documents} (#{args.first}..#{args.first + args.count - 1}, seed {args.seed}) "
          f"in {tally.seconds:.0f} s with {args.jobs} jobs")
    print(f"exceptions {tally.exceptions}, invalid specs {tally.invalid_specs}, over {args.timeout:g} s CPU "
          f"{tally.slow}, hangs (killed after {args.kill_after:g} s) {tally.hangs}, "
          f"over {args.memory_goal_mb} MB {tally.over_memory}")
    print(f"peak memory growth per page {tally.peak_kb / 1024:.0f} MB over a {tally.baseline_mb:.0f} MB process; "
          f"slowest page {tally.slowest:.1f} s CPU")
    for name, count in sorted(tally.classes.items(), key=lambda kv: -kv[1]):
        print(f"  {count:6d}  {name}")
    return 1 if tally.exceptions or tally.hangs or tally.slow or tally.over_memory or tally.invalid_specs else 0


if __name__ == "__main__":
    sys.exit(main())
