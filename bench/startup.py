"""Start-up time, whole process: `doccontract --version` (the console script) and `python -m validator
--version` against a bare `python -c "import docutils.core, yaml"` on the same machine in the same run
(target: within 3x), plus the first-command cost of `lint` and `validate` on a seed page.

    python bench/startup.py [--repeat 15]

Runs are interleaved so that load on the shared machine hits every variant alike; medians are reported.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "fixtures/seeds/004_6592c7f47cb18f43.txt"


def variants() -> dict[str, list[str]]:
    """Name → command line."""
    script = shutil.which("doccontract") or str(Path(sys.executable).parent / "doccontract")
    return {
        "bare: python -c 'import docutils.core, yaml'": [sys.executable, "-c", "import docutils.core, yaml"],
        "doccontract --version": [script, "--version"],
        "python -m validator --version": [sys.executable, "-m", "validator", "--version"],
        "doccontract validate specs/dataarts-studio.yaml": [script, "validate", "specs/dataarts-studio.yaml"],
        f"doccontract lint {SEED}": [script, "lint", SEED],
    }


def measure(repeat: int) -> dict[str, list[float]]:
    """Wall seconds of each variant, ``repeat`` interleaved runs each."""
    times: dict[str, list[float]] = {name: [] for name in variants()}
    for _ in range(repeat):
        for name, command in variants().items():
            started = time.perf_counter()
            subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="interleaved runs per variant")
    args = parser.parse_args()
    times = measure(args.repeat)
    bare = statistics.median(next(iter(times.values())))
    print("| command | median s | min s | ÷ bare |")
    print("|---|---:|---:|---:|")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"| `{name}` | {median:.3f} | {min(runs):.3f} | {median / bare:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
