"""Extraction throughput over the corpora: pages/s, MB/s, peak memory; for RST, the ratio of our
extraction time to a bare docutils publish_doctree of the same files.

    python bench/extract.py [--corpus ../shared/corpus] [--repeat 3] [--jobs N]

Figures go in BENCHMARKS.md (with the command and the machine).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from validator.files import iter_source_files  # noqa: E402
from validator.pipeline import ExtractOptions, extract_paths  # noqa: E402
from validator.readers.attributes import parse_attributes_file  # noqa: E402


def corpora(base: Path) -> dict[str, tuple[list[Path], ExtractOptions]]:
    """The corpora present under ``base`` with the options they need."""
    found: dict[str, tuple[list[Path], ExtractOptions]] = {}
    es = base / "elasticsearch"
    if es.is_dir():
        attributes = parse_attributes_file((es / "attributes/shared/attributes.asciidoc").read_text())
        found["elasticsearch"] = ([es / "docs"], ExtractOptions(attributes=attributes,
                                                                include_paths=(es / "docs/reference",)))
    for name in ("otc", "httpdomain", "kinto"):
        if (base / name).is_dir():
            found[name] = ([base / name], ExtractOptions())
    seeds = ROOT / "fixtures" / "seeds"
    found["seeds"] = ([seeds], ExtractOptions())
    return found


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def docutils_baseline(files: list[Path]) -> float:
    """Seconds for a bare docutils publish_doctree of the .rst files: docutils' defaults (includes are
    followed, as our reader follows them), messages silenced."""
    from docutils.core import publish_doctree

    settings = {"report_level": 5, "halt_level": 5}
    start = time.perf_counter()
    for path in files:
        publish_doctree(path.read_text(encoding="utf-8", errors="replace"), source_path=str(path),
                        settings_overrides=settings)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    print(f"{'corpus':<14}{'pages':>6}{'ops':>6}{'MB':>8}{'best s':>9}{'pages/s':>9}{'MB/s':>7}{'peak MB':>9}"
          f"{'rst ratio':>10}")
    for name, (paths, options) in corpora(args.corpus).items():
        options = ExtractOptions(options.input_format, options.attributes, options.include_paths, args.jobs)
        files = iter_source_files(paths)
        size = sum(f.stat().st_size for f in files) / 1e6
        result = {}
        seconds = best_of(args.repeat, lambda p=paths, o=options, r=result: r.update(x=extract_paths(p, o)))
        tracemalloc.start()
        extract_paths(paths, ExtractOptions(options.input_format, options.attributes, options.include_paths, 1))
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        rst = [f for f in files if f.suffix == ".rst"]
        ratio = ""
        if rst:
            base = min(docutils_baseline(rst) for _ in range(args.repeat))
            ratio = f"{seconds / base:.2f}x"
        print(f"{name:<14}{len(files):>6}{len(result['x'].operations):>6}{size:>8.2f}{seconds:>9.3f}"
              f"{len(files) / seconds:>9.1f}{size / seconds:>7.2f}{peak:>9.1f}{ratio:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
