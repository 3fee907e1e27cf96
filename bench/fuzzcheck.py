"""What bench/fuzz.py measures for each document: the mutant drawn for an index, a worker that checks
documents in sequence (CPU time and peak-memory growth of each), a fresh child that checks one alone,
and the tally of what they found (failing inputs saved for triage)."""


from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.fuzzing import Limits, Page, cap_memory, mutate, outcome_of  # noqa: E402
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
    alone: int = 0  # documents checked again alone


@dataclass
class Child:
    """A document checked alone in a fresh forked child."""

    index: int
    page: Page
    applied: list[str]
    mutant: Path
    result: Path
    started: float
    killed: bool = False
    warm: list[tuple[str, str]] = field(default_factory=list)  # exceptions and invalid specs its worker found


@dataclass
class Worker:
    """A forked child checking documents in sequence: indices go down ``tasks``, one JSON line per
    document comes back on ``results``."""

    pid: int
    tasks: int
    results: int
    index: int | None = None  # the document it is on
    started: float = 0.0
    done: int = 0
    buffer: bytes = b""


def draw(index: int, pages: list[Page], seed: str, limits: Limits) -> tuple[Page, bytes, list[str]]:
    """Document ``index``: a page and the mutations drawn for it (a function of seed and index)."""
    rng = random.Random(f"{seed}:{index}")
    page = pages[rng.randrange(len(pages))]
    data, applied = mutate(page.data, rng.randint, _mutant_name(index, page), limits)
    return page, data, applied


def _mutant_name(index: int, page: Page) -> str:
    return f"fuzz-{index}{Path(page.rel).suffix or '.txt'}"


def _options(page: Page, tree: Path) -> ExtractOptions:
    return ExtractOptions(attributes=page.attributes, include_paths=tuple(tree / p for p in page.include_paths))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def work(tasks: int, results: int, pages: list[Page], tree: Path, args: argparse.Namespace) -> None:
    """In a forked worker: check each document whose index arrives on ``tasks`` and write its outcome,
    CPU seconds and peak-memory growth to ``results``; stop after a document that needs a second look
    (its peak memory is spent, or its state is suspect)."""
    cap_memory(args.memory_mb)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    limits = Limits(line=args.max_line)
    with os.fdopen(tasks, "r") as incoming, os.fdopen(results, "w") as outgoing:
        for line in incoming:
            index = int(line)
            page, data, _ = draw(index, pages, args.seed, limits)
            mutant = tree / Path(page.rel).parent / _mutant_name(index, page)
            mutant.write_bytes(data)
            before = _cpu()
            outcome = outcome_of(mutant, _options(page, tree))
            cpu = _cpu() - before
            grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
            mutant.unlink(missing_ok=True)
            again = bool(outcome["problems"] or outcome["error"] or cpu > args.confirm_at * args.timeout
                         or grown_kb > args.confirm_at * args.memory_goal_mb * 1024)
            outgoing.write(json.dumps({"index": index, "cpu": cpu, "grown_kb": grown_kb, "again": again,
                                       "outcome": outcome}) + "\n")
            outgoing.flush()
            if again:
                return


def _close(fds) -> None:
    """In a forked child: close the parent's ends of the other workers' pipes (else a worker never
    sees the end of its tasks while a sibling holds them open)."""
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


def start_worker(pages: list[Page], tree: Path, args: argparse.Namespace, inherited: list[int]) -> Worker:
    task_read, task_write = os.pipe()
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            _close(inherited)
            os.close(task_write)
            os.close(result_read)
            work(task_read, result_write, pages, tree, args)
        except BaseException:  # noqa: BLE001 - the worker must never return into the parent's loop
            code = 1
        os._exit(code)
    os.close(task_read)
    os.close(result_write)
    return Worker(pid, task_write, result_read)


def spawn(index: int, page: Page, data: bytes, applied: list[str], tree: Path, memory_mb: int,
          inherited: list[int]) -> tuple[Child, int]:
    """Write the mutant next to its page and fork the child that checks it alone."""
    mutant = tree / Path(page.rel).parent / _mutant_name(index, page)
    mutant.write_bytes(data)
    result = tree / ".results" / f"{index}.json"
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            _close(inherited)
            cap_memory(memory_mb)
            result.write_text(json.dumps(outcome_of(mutant, _options(page, tree))))
        except BaseException:  # noqa: BLE001 - the child must never return into the parent's loop
            code = 1
        os._exit(code)
    return Child(index, page, applied, mutant, result, time.perf_counter()), pid


def outcome_findings(outcome: dict | None, tally: Tally) -> list[tuple[str, str]]:
    """The exceptions and invalid specs of one run of a document (their classes tallied)."""
    findings = []
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
    return findings


def finish(child: Child, status: int, usage, tally: Tally, args: argparse.Namespace, baseline_kb: int) -> None:
    """Count the outcome of a document checked alone; save the input when it is a finding."""
    wall = time.perf_counter() - child.started
    cpu = usage.ru_utime + usage.ru_stime
    grown_kb = max(0, usage.ru_maxrss - baseline_kb)
    tally.documents += 1
    tally.peak_kb = max(tally.peak_kb, grown_kb)
    tally.slowest = max(tally.slowest, cpu)
    outcome = json.loads(child.result.read_text()) if child.result.exists() else None
    findings = []
    if child.killed:
        tally.hangs += 1
        findings.append(("hang", f"killed after {wall:.1f} s"))
    elif outcome is None:
        findings.append(("died", f"no result, exit status {status}"))
    findings += outcome_findings(outcome, tally)
    if not any(kind in ("exception", "invalid-spec") for kind, _ in findings):
        findings += [(kind, f"in a worker, not alone: {detail}") for kind, detail in child.warm]
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
    report = [f"page: {child.page.rel}", f"mutations: {', '.join(child.applied)}",
              f"size: {child.mutant.stat().st_size} bytes"]
    report += [f"--- {kind}\n{detail}" for kind, detail in findings]
    (crashes / f"{stem}.log").write_text("\n".join(report) + "\n")
