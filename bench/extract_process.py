"""Whole-process extraction against a bare docutils process (issue 12, item 5). Both are timed from
outside, start-up included: `doccontract extract CORPUS -o FILE` (self-validation of the spec included)
and a bare `python` that only runs docutils.core.publish_doctree on each .rst file of the same corpus.
The two commands run in turn (A B A B ...) so drift of a shared machine hits both alike.

    python bench/extract_process.py [--corpus ../shared/corpus/otc] [--runs 7]

Figures go in BENCHMARKS.md (with the command and the machine).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys
from pathlib import Path
from docutils.core import publish_doctree

for path in sorted(Path(sys.argv[1]).rglob("*.rst")):
    publish_doctree(path.read_text(encoding="utf-8", errors="replace"), source_path=str(path),
                    settings_overrides={"report_level": 5, "halt_level": 5})
"""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole process; a failing command stops the benchmark."""
    cpu, start = _cpu(), time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-400:]}")
    return elapsed, _cpu() - cpu


def _row(name: str, values: list[float], fmt: str = "7.3f") -> str:
    return f"{name:28} {min(values):{fmt}} {statistics.median(values):{fmt}}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "otc")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}")
    doccontract = shutil.which("doccontract", path=str(Path(sys.executable).parent)) or "doccontract"
    with tempfile.TemporaryDirectory() as tmp:
        ours = [doccontract, "extract", str(args.corpus), "-o", str(Path(tmp) / "spec.yaml")]
        bare = [sys.executable, "-c", BARE, str(args.corpus)]
        timed(ours), timed(bare)  # warm the file cache and the bytecode
        pairs = [(timed(ours), timed(bare)) for _ in range(args.runs)]
    print(f"corpus {args.corpus} ({len(list(args.corpus.rglob('*.rst')))} .rst files), {args.runs} runs")
    print(f"{'seconds':28} {'min':>7} {'median':>7}")
    for i, kind in enumerate(("wall", "cpu")):
        print(_row(f"doccontract extract, {kind}", [a[i] for a, _ in pairs]))
        print(_row(f"bare docutils, {kind}", [b[i] for _, b in pairs]))
        print(_row(f"ratio (pairwise), {kind}", [a[i] / b[i] for a, b in pairs], "7.2f"))


if __name__ == "__main__":
    main()
