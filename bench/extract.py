"""Extraction throughput and fidelity over the corpora. Throughput: pages/s, MB/s, peak memory; for RST,
the ratio of our extraction time to a bare docutils publish_doctree of the same files. Fidelity (the spec
`extract` writes, self-validation included): the share of responses whose x-source line names their code,
the share of operations whose examples validate against their own schema, and the spec's OpenAPI errors.

    python bench/extract.py [--corpus ../shared/corpus] [--repeat 3] [--jobs N] [--fidelity-only]

Figures go in BENCHMARKS.md (with the command and the machine).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS31Validator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from validator.files import iter_source_files  # noqa: E402
from validator.pipeline import ExtractOptions, extract_paths, extract_spec, source_root  # noqa: E402
from validator.readers.attributes import parse_attributes_file  # noqa: E402
from validator.specvalidate import iter_spec_errors  # noqa: E402


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


def operations_of(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every operation of a spec, those in x-additional-operations included."""
    for item in spec.get("paths", {}).values():
        yield from (op for key, op in item.items() if not key.startswith("x-"))
        yield from item.get("x-additional-operations", {}).values()


def names_its_code(status: str, response: dict[str, Any], root: Path, lines: dict[Path, list[str]]) -> bool:
    """True when the line the response's x-source names states its status code."""
    source = response.get("x-source")
    if not source:
        return False
    path = root / source["file"]
    if path not in lines:
        lines[path] = path.read_text(encoding="utf-8", errors="replace").split("\n")
    line = lines[path][source["line"] - 1] if source["line"] <= len(lines[path]) else ""
    return re.search(rf"(?<!\d){status}(?!\d)", line) is not None


def examples_validate(op: dict[str, Any], components: dict[str, Any]) -> bool | None:
    """Whether every example of the operation validates against the schema of its media type (None:
    the operation has no example under a schema)."""
    media = list(op.get("requestBody", {}).get("content", {}).values())
    media += [m for r in op.get("responses", {}).values() for m in r.get("content", {}).values()]
    checked = None
    for entry in media:
        if "schema" not in entry or not entry.get("examples"):
            continue
        validator = OAS31Validator({**entry["schema"], "components": components})
        for example in entry["examples"].values():
            try:
                validator.validate(example["value"])
            except ValidationError:
                return False
            checked = True
    return checked


def fidelity(paths: list[Path], options: ExtractOptions) -> str:
    """One row of the fidelity table for a corpus."""
    text, _ = extract_spec(paths, options)
    spec = yaml.safe_load(text)
    root, lines = options.source_root or source_root(paths), {}
    responses = [(status, r) for op in operations_of(spec) for status, r in op.get("responses", {}).items()
                 if status != "default"]
    named = sum(names_its_code(status, r, root, lines) for status, r in responses)
    assumed = sum(bool(r.get("x-assumed")) for _, r in responses)
    verdicts = [examples_validate(op, spec.get("components", {})) for op in operations_of(spec)]
    with_examples = [v for v in verdicts if v is not None]
    errors = len(list(iter_spec_errors(spec, "spec")))
    return (f"{len(responses):>10}{named / max(len(responses), 1):>12.1%}{assumed:>9}"
            f"{named / max(len(responses) - assumed, 1):>10.1%}{len(with_examples):>10}"
            f"{sum(with_examples) / max(len(with_examples), 1):>12.1%}{errors:>11}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--fidelity-only", action="store_true", help="skip the throughput table")
    args = parser.parse_args()
    found = corpora(args.corpus)
    if not args.fidelity_only:
        throughput(found, args)
    print(f"\n{'corpus':<14}{'responses':>10}{'code line':>12}{'assumed':>9}{'stated ok':>10}{'ops w/ ex':>10}"
          f"{'ex valid':>12}{'spec errs':>11}")
    for name, (paths, options) in found.items():
        print(f"{name:<14}{fidelity(paths, options)}")
    return 0


def throughput(found: dict[str, tuple[list[Path], ExtractOptions]], args: argparse.Namespace) -> None:
    """The throughput table."""
    print(f"{'corpus':<14}{'pages':>6}{'ops':>6}{'MB':>8}{'best s':>9}{'pages/s':>9}{'MB/s':>7}{'peak MB':>9}"
          f"{'rst ratio':>10}")
    for name, (paths, options) in found.items():
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


if __name__ == "__main__":
    sys.exit(main())
