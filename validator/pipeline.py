"""The stage order, and the only place that knows it: read → extract → name placeholders → merge →
emit. Lint, traffic validation and contract testing build on extract_paths()/build_spec()."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from validator.budget import PAGE_MEGABYTES, PAGE_SECONDS, OverBudget, die_with_parent, page_budget
from validator.diagnostics import Diagnostics
from validator.document import Document
from validator.extract import extract_document
from validator.extract.placeholders import name_stripped_placeholders
from validator.files import FRAGMENT_SUFFIXES, display_path, given_path, iter_source_files, read_source
from validator.merge import merge_operations
from validator.model import Location, Operation
from validator.openapi import build_spec, relative_file, to_yaml
from validator.readers import ReadOptions, detect, load_readers, reader_named
from validator.specvalidate import iter_spec_errors, load_spec_validator


@dataclass(frozen=True)
class ExtractOptions:
    """What `doccontract extract` (and lint) take besides the paths."""

    input_format: str = "auto"
    attributes: dict[str, str] = field(default_factory=dict)
    include_paths: tuple[Path, ...] = ()
    jobs: int = 1  # processes to read pages with; 0 = one per usable CPU (see worker_count)
    source_root: Path | None = None  # x-source files are relative to it (None: the inputs' common parent)
    page_seconds: float = PAGE_SECONDS  # budgets of one page (read + extract)
    page_megabytes: int = PAGE_MEGABYTES
    keep_documents: bool = True  # lint reads the pages again (inline suppressions); extract needs only operations
    debug: bool = False  # a page that crashes stops the run with its traceback instead of becoming internal.crash


@dataclass
class Extraction:
    """The result of extracting a set of sources."""

    operations: tuple[Operation, ...]
    documents: tuple[Document, ...]
    diagnostics: Diagnostics
    files: tuple[str, ...]
    readable: int = 0  # pages that could be read (documents is empty when they were not kept)


def read_document(path: Path, options: ExtractOptions, diagnostics: Diagnostics) -> Document | None:
    """Read one file with the chosen (or detected) reader; None when it cannot be read."""
    shown = given_path(path)
    text = read_source(path, shown, diagnostics)
    if text is None:
        return None
    reader = reader_named(options.input_format) if options.input_format != "auto" else detect(text, path)
    roots = tuple(dict.fromkeys([Path.cwd().resolve(), path.resolve().parent,
                                 *(p.resolve() for p in options.include_paths)]))
    read_options = ReadOptions(dict(options.attributes), tuple(options.include_paths), roots)
    return reader.read(text, path, shown, read_options, diagnostics)


@dataclass(frozen=True)
class Page:
    """What one file gave: its operations and diagnostics, whether it could be read, and the page itself
    when ExtractOptions.keep_documents asks for it."""

    operations: tuple[Operation, ...]
    diagnostics: Diagnostics
    readable: bool = False
    document: Document | None = None
    includes: tuple[str, ...] = ()  # the files the page took in as its own text (resolved paths)


def extract_file(path: Path, options: ExtractOptions) -> Page:
    """Read and extract one file behind a failure boundary and within its budget: a page over budget
    becomes read.over-budget, an unexpected exception internal.crash, and the run goes on."""
    diagnostics = Diagnostics()
    try:
        with page_budget(options.page_seconds, options.page_megabytes):
            document = read_document(path, options, diagnostics)
            if document is None:
                return Page((), diagnostics)
            operations = extract_document(document, diagnostics)
            return Page(operations, diagnostics, True, document if options.keep_documents else None,
                        document.includes)
    except (OverBudget, MemoryError) as exc:
        why = str(exc) if isinstance(exc, OverBudget) else "reading ran out of memory"
        diagnostics = Diagnostics()  # what the page produced before it was stopped is incomplete
        diagnostics.add("read.over-budget", f"{why}; the page was skipped", Location(given_path(path), 1),
                        expected=f"at most {options.page_seconds:g} s and {options.page_megabytes} MB",
                        found=why.removeprefix("reading "))
        return Page((), diagnostics)
    except Exception as exc:  # noqa: BLE001 - the per-file boundary
        if options.debug:
            exc.doccontract_page = given_path(path)  # named by the CLI boundary, which prints the traceback
            raise
        diagnostics.add("internal.crash", f"internal error while reading this file: {type(exc).__name__}: {exc}",
                        Location(given_path(path), 1))
        return Page((), diagnostics)


PAGES_PER_WORKER = 8  # below this many pages per process, a worker costs more than it saves
MAX_WORKERS = 8


def worker_count(jobs: int, pages: int) -> int:
    """How many processes read ``pages`` pages: ``jobs`` as asked (at most one per page); for 0, one per CPU
    this process may use, at most MAX_WORKERS and one per PAGES_PER_WORKER pages. 1 = in this process."""
    if jobs:
        return max(1, min(jobs, pages))
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(usable, MAX_WORKERS, pages // PAGES_PER_WORKER))


def extract_files(files: list[Path], options: ExtractOptions, meanwhile: Callable[[], object]) -> list[Page]:
    """The pages of ``files``, read by worker processes (``meanwhile`` runs here as they read) or here."""
    workers = worker_count(options.jobs, len(files))
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            pending = pool.map(extract_file, files, [options] * len(files), chunksize=4)  # the workers start
            meanwhile()
            return list(pending)
    pages = [extract_file(f, options) for f in files]
    meanwhile()
    return pages


def _real(path: Path) -> str:
    """The resolved path (as given when a file swapped under us cannot be resolved)."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path)


def extract_paths(paths: list[Path], options: ExtractOptions,
                  meanwhile: Callable[[], object] = lambda: None) -> Extraction:
    """Extract every documentation file under ``paths``, name stripped placeholders, merge. ``meanwhile``
    runs in this process while worker processes read the pages (after them without workers)."""
    files = iter_source_files(paths)
    load_readers()  # a reader that cannot start is a startup error, not every page dropped
    diagnostics = Diagnostics()
    parts = [f for f in files if f.suffix.lower() in FRAGMENT_SUFFIXES]
    pages = extract_files([f for f in files if f not in parts], options, meanwhile)
    included = {name for page in pages for name in page.includes}  # read once, as part of the page including it
    pages += extract_files([f for f in parts if _real(f) not in included], options, lambda: None)
    operations = [op for page in pages for op in page.operations]
    documents = [page.document for page in pages if page.document is not None]
    for page in pages:
        diagnostics.extend(page.diagnostics.items)
    readable = sum(page.readable for page in pages)
    operations = name_stripped_placeholders(operations, diagnostics)
    merged = merge_operations(operations, diagnostics)
    if readable and not merged:
        diagnostics.add("extract.nothing-found", f"{readable} readable page(s) of {len(files)} yielded no "
                        "operation; the spec is empty", None, expected="pages with request lines or "
                        "httpdomain directives", found="no operation")
    return Extraction(merged, tuple(documents), diagnostics, tuple(given_path(f) for f in files), readable)


def extract_spec(paths: list[Path], options: ExtractOptions, title: str = "") -> tuple[str, Extraction]:
    """Extract and emit: the YAML text of the spec and the extraction it came from. The spec is checked
    against OpenAPI 3.1 before it is returned; every violation is an ``extract.invalid-spec`` error."""
    extraction = extract_paths(paths, options, meanwhile=load_spec_validator)
    root = options.source_root or source_root(paths)
    spec = build_spec(extraction.operations, title=title or f"API documented in {root.resolve().name or 'docs'}",
                      source_root=str(root), diagnostics=extraction.diagnostics)
    given = {relative_file(f, str(root)): f for f in extraction.files}  # x-source file → the path as given
    for error in iter_spec_errors(spec, "spec"):
        where = error.location
        shown = given.get(where.path) or (display_path(Path(os.path.realpath(root)) / where.path)
                                          if where.path != "spec" else where.path)
        extraction.diagnostics.add("extract.invalid-spec", f"the extracted spec is not valid OpenAPI: {error.message}",
                                   Location(shown, where.line, where.column), expected=error.expected,
                                   found=error.found)
    return to_yaml(spec), extraction


def source_root(paths: list[Path]) -> Path:
    """The common parent of the inputs (a directory given counts as its own parent)."""
    parents = [os.path.abspath(p if p.is_dir() else p.parent) for p in paths] or [os.getcwd()]
    return Path(os.path.commonpath(parents))
