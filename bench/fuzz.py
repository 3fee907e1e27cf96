"""The long fuzz run: mutants of the seeds, our fixtures and ../shared/corpus, each extracted, written,
validated and linted; prints documents tried, exceptions, invalid specs, slow pages, hangs and peak
memory; saves every failing input for triage.

    python bench/fuzz.py [--count 100000] [--first 0] [--jobs 2] [--seed 0] [--crashes fuzz-crashes]

Each job is a forked worker that checks documents one after another (up to --batch, then a fresh
worker), measuring each one's CPU time and its growth of the worker's peak memory, under a memory cap
and the parent's wall-time kill. A document with any finding there (or over --confirm-at of the CPU or
memory goal, or whose worker died or hung) is checked again alone in a fresh forked child, the
measure that counts for time, memory and hangs; an exception or invalid spec counts from either run.

Document i is the same mutant in every run with the same --seed (it depends only on seed and i), so
--first/--count split one long run into several. Figures go in BENCHMARKS.md with the command.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

from fuzzcheck import ROOT, Child, Tally, Worker, corpus_pages, draw, finish, outcome_findings, spawn, start_worker

from fixtures.fuzzing import Limits, Page, check_page, fixture_pages, workspace
from validator.pipeline import ExtractOptions


class Run:
    """Documents first .. first+count-1 over up to --jobs processes: workers, and fresh children for
    the documents checked alone."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tree = Path(tempfile.mkdtemp(prefix="doccontract-fuzz-"))
        tree = self.tree
        self.pages = [Page("fixtures/" + p.rel, p.data)
                      for p in fixture_pages(workspace(ROOT / "fixtures", tree / "fixtures"))]
        if args.corpus.is_dir():
            self.pages += [Page("corpus/" + p.rel, p.data, p.attributes, tuple("corpus/" + i for i in p.include_paths))
                           for p in corpus_pages(workspace(args.corpus, tree / "corpus"))]
        (tree / ".results").mkdir()
        self.tally = Tally()
        end = args.first + args.count
        self.pending = deque() if args.replay else deque(range(args.first, end))
        self.again: deque[tuple[int, list]] = deque((i, []) for i in range(end)) if args.replay else deque()
        self.workers: dict[int, Worker] = {}  # by the descriptor of their results
        self.alone: dict[int, Child] = {}  # by pid
        self.baseline_kb = 0

    def run(self) -> Tally:
        os.chdir(self.tree)  # the include roots are the working directory and the page's own directory
        check_page(self.tree / self.pages[0].rel, ExtractOptions())  # warm the caches the children inherit
        self.baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, shown = time.perf_counter(), 0
        while self.pending or self.again or self.workers or self.alone:
            self.fill()
            self.poll_workers()
            self.poll_alone()
            self.kill_hangs()
            if self.tally.documents >= shown + self.args.progress:
                shown = self.tally.documents - self.tally.documents % self.args.progress
                print(f"... {self.tally.documents} documents, {time.perf_counter() - started:.0f} s: "
                      f"{_line(self.tally)}", flush=True)
        self.tally.seconds = time.perf_counter() - started
        os.chdir(ROOT)
        shutil.rmtree(self.tree, ignore_errors=True)
        self.tally.baseline_mb = self.baseline_kb / 1024
        return self.tally

    def _fds(self) -> list[int]:
        return [fd for w in self.workers.values() for fd in (w.tasks, w.results) if fd >= 0]

    def fill(self) -> None:
        while len(self.workers) + len(self.alone) < self.args.jobs and (self.again or self.pending):
            if self.again:
                self.spawn_alone(*self.again.popleft())
            else:
                worker = start_worker(self.pages, self.tree, self.args, self._fds())
                self.workers[worker.results] = worker
                self.feed(worker)

    def feed(self, worker: Worker) -> None:
        """The next document to ``worker``, or the end of its tasks (then it exits)."""
        if self.pending and worker.done < self.args.batch:
            worker.index, worker.started = self.pending.popleft(), time.perf_counter()
            try:
                os.write(worker.tasks, f"{worker.index}\n".encode())
                return
            except OSError:  # it died: its EOF comes next and the document is checked alone
                return
        if worker.tasks >= 0:
            os.close(worker.tasks)
            worker.tasks = -1

    def poll_workers(self) -> None:
        timeout = 0.005 if self.alone else 0.2
        ready = select.select(list(self.workers), [], [], timeout)[0] if self.workers else []
        if not self.workers:
            time.sleep(0.005)
        for fd in ready:
            worker = self.workers[fd]
            data = os.read(fd, 1 << 20)
            if not data:  # it ended; a document it was on without a result is checked alone
                self.end_worker(worker)
                continue
            worker.buffer += data
            while b"\n" in worker.buffer:
                line, worker.buffer = worker.buffer.split(b"\n", 1)
                self.result(worker, json.loads(line))

    def result(self, worker: Worker, record: dict) -> None:
        worker.index, worker.done = None, worker.done + 1
        if record["again"]:
            warm = [(k, d) for k, d in outcome_findings(record["outcome"], Tally())
                    if k in ("exception", "invalid-spec")]
            self.again.append((record["index"], warm))
            self.feed_none(worker)
            return
        self.tally.documents += 1
        self.tally.peak_kb = max(self.tally.peak_kb, record["grown_kb"])
        self.tally.slowest = max(self.tally.slowest, record["cpu"])
        self.feed(worker)

    def feed_none(self, worker: Worker) -> None:
        if worker.tasks >= 0:
            os.close(worker.tasks)
            worker.tasks = -1

    def end_worker(self, worker: Worker) -> None:
        self.feed_none(worker)
        os.close(worker.results)
        del self.workers[worker.results]
        os.waitpid(worker.pid, 0)
        if worker.index is not None:
            self.again.append((worker.index, []))

    def spawn_alone(self, index: int, warm: list) -> None:
        self.tally.alone += 1
        if self.args.replay:
            saved = self.args.replay[index]
            log = saved.with_suffix(".log").read_text().splitlines() if saved.with_suffix(".log").exists() else []
            rel = next((line[6:] for line in log if line.startswith("page: ")), "fixtures/" + saved.name)
            page = next((p for p in self.pages if p.rel == rel), Page(rel, b""))
            drawn = (page, saved.read_bytes(), [f"replay of {saved}"])
        else:
            drawn = draw(index, self.pages, self.args.seed, Limits(line=self.args.max_line))
        child, pid = spawn(index, *drawn, self.tree, self.args.memory_mb, self._fds())
        child.warm = warm
        self.alone[pid] = child

    def poll_alone(self) -> None:
        for pid in list(self.alone):
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                finish(self.alone.pop(pid), status, usage, self.tally, self.args, self.baseline_kb)

    def kill_hangs(self) -> None:
        now = time.perf_counter()
        for worker in self.workers.values():
            if worker.index is not None and now - worker.started > self.args.kill_after:
                os.kill(worker.pid, signal.SIGKILL)  # its EOF follows: the document is checked alone
                worker.started = float("inf")
        for pid, child in self.alone.items():
            if not child.killed and now - child.started > self.args.kill_after:
                child.killed = True
                os.kill(pid, signal.SIGKILL)


def _line(tally: Tally) -> str:
    return (f"{tally.exceptions} exceptions, {tally.invalid_specs} invalid specs, {tally.slow} slow, "
            f"{tally.hangs} hangs, {tally.over_memory} over memory, {tally.alone} checked alone")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="documents to try")
    parser.add_argument("--first", type=int, default=0, help="index of the first document")
    parser.add_argument("--seed", default="0")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=500, help="documents per worker before a fresh one")
    parser.add_argument("--confirm-at", type=float, default=0.5,
                        help="fraction of the time or memory goal over which a document is checked again alone")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--timeout", type=float, default=5.0, help="CPU seconds over which a page is slow")
    parser.add_argument("--kill-after", type=float, default=60.0, help="wall seconds after which a page is a hang")
    parser.add_argument("--memory-goal-mb", type=int, default=200, help="growth over which a page is too big")
    parser.add_argument("--memory-mb", type=int, default=1024, help="address-space cap per process (growth)")
    parser.add_argument("--max-line", type=int, default=1 << 20, help="longest inserted line")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"), help="where failing inputs go")
    parser.add_argument("--replay", type=Path, nargs="+", help="check these saved inputs instead (triage)")
    parser.add_argument("--progress", type=int, default=1000, help="print a progress line every N documents")
    args = parser.parse_args()
    args.crashes = args.crashes.resolve()
    if args.replay:
        args.replay = [p.resolve() for p in args.replay if p.suffix != ".log"]
        args.first, args.count = 0, len(args.replay)
    tally = Run(args).run()
    print(f"documents {tally.documents} (#{args.first}..#{args.first + args.count - 1}, seed {args.seed}) "
          f"in {tally.seconds:.0f} s with {args.jobs} jobs ({tally.documents / max(tally.seconds, 1e-9):.1f}/s), "
          f"{tally.alone} checked again alone")
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
