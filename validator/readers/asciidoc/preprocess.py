"""AsciiDoc preprocessing, as Asciidoctor does it before parsing blocks: includes with tag regions
(confined to the allowed roots, loop-safe, each target read once per process), attribute entries and
references, comments and conditionals. Every line keeps its origin."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from validator.diagnostics import Diagnostics
from validator.files import is_file
from validator.readers import ReadOptions
from validator.readers.confine import OutsideRoots, outside_roots, read_included, report_outside, shown_beside
from validator.readers.limits import (
    MAX_EXPANDED_LINE,
    MAX_EXPANDED_TOTAL,
    MAX_EXPANSION_DEPTH,
    MAX_INCLUDED_LINES,
    Budget,
)
from validator.sourcemap import SourceLine, SourceText

ATTRIBUTE_ENTRY = re.compile(r"^:(!?[\w-]+!?):\s*(.*)$")
INCLUDE = re.compile(r"^include::([^\s\[]+)\[(.*)\]\s*$")
CONDITIONAL = re.compile(r"^(?:ifdef|ifndef|ifeval|endif)::[^\[]*\[.*\]\s*$")
TAG_MARK = re.compile(r"(?:tag|end)::([\w-]+)\[\]")
ATTR_REF = re.compile(r"\{([\w-]+)\}")
MAX_INCLUDE_DEPTH = 16
MAX_TAIL_PARTS = 32  # no real include target has more path components


class Preprocessor:
    """Expands includes (confined, loop-safe, tag regions), attribute entries and references, and drops
    comments and conditionals, keeping every line's origin."""

    def __init__(self, path: Path, options: ReadOptions, attributes: dict[str, str],
                 diagnostics: Diagnostics, shown: str = "") -> None:
        self.page, self.shown = path, shown or path.as_posix()  # includes are named beside the page as given
        self.options = options
        self.attributes = attributes
        self.diagnostics = diagnostics
        self.roots = options.roots or (path.resolve().parent,)
        self.unresolved: set[str] = set()
        self.budget = Budget(MAX_EXPANDED_TOTAL)
        self.included_lines = Budget(MAX_INCLUDED_LINES)
        self.limits_reported: set[str] = set()

    def run(self, lines, path: Path, depth: int, stack: tuple) -> list[SourceLine]:
        """Preprocess ``lines``; ``stack`` holds the (file, tags) includes being expanded."""
        out: list[SourceLine] = []
        in_comment = False
        listing: str | None = None  # attribute references are literal inside listing blocks
        for line in lines:
            text = line.text
            if listing is not None:
                if text.strip() == listing:
                    listing = None
                out.append(line)
                continue
            if re.fullmatch(r"-{4,}|\.{4,}", text.strip()):
                listing = text.strip()
                out.append(line)
                continue
            if re.fullmatch(r"/{4,}\s*", text):
                in_comment = not in_comment
                continue
            if in_comment:
                continue
            if text.startswith("//") and not text.startswith("///"):
                body = text[2:].strip()
                if body.startswith("doccontract-ignore"):
                    out.append(SourceLine(text, line.location))
                continue
            entry = ATTRIBUTE_ENTRY.match(text)
            if entry and not text.startswith("::"):
                name, value = entry.group(1), entry.group(2)
                if name.startswith("!") or name.endswith("!"):
                    self.attributes.pop(name.strip("!"), None)
                else:
                    self.attributes[name] = self.substitute(value, line)
                continue
            if CONDITIONAL.match(text) or TAG_MARK.fullmatch(text.strip()):
                continue
            include = INCLUDE.match(text)
            if include:
                out.extend(self.include(include, line, path, depth, stack))
                continue
            if "{" in text:
                line = SourceLine(self.substitute(text, line), line.location)
            out.append(line)
        return out

    def substitute(self, text: str, line: SourceLine) -> str:
        """Replace {attribute} references, repeatedly (attributes defined by attributes) for at most
        MAX_EXPANSION_DEPTH rounds; a line grows by at most MAX_EXPANDED_LINE characters and a page's
        expansions by MAX_EXPANDED_TOTAL together. Past a bound: ``read.expansion-limit``."""
        limit = len(text) + MAX_EXPANDED_LINE
        for _ in range(MAX_EXPANSION_DEPTH):
            expanded = _expand(text, self.attributes, limit)
            if expanded is None or not self.budget.take(len(expanded) - len(text)):
                self.expansion_limit(line, "attribute expansion grows past its size limit")
                return text
            if expanded == text:
                return text
            text = expanded
        if _expand(text, self.attributes, limit) != text:
            self.expansion_limit(line, f"attribute references still expand after {MAX_EXPANSION_DEPTH} rounds "
                                 "(a loop?)")
        return text

    def expansion_limit(self, line: SourceLine, message: str) -> None:
        """One ``read.expansion-limit`` diagnostic per page and kind of excess."""
        if message in self.limits_reported:
            return
        self.limits_reported.add(message)
        self.diagnostics.add("read.expansion-limit", f"{message}; the rest is kept as written", line.location,
                             expected="bounded attribute references and includes", found=line.text[:80])

    def include(self, match: re.Match, line: SourceLine, path: Path, depth: int,
                stack: tuple) -> list[SourceLine]:
        raw_target = match.group(1)
        target = self.substitute(raw_target, line)
        resolved = self.resolve(target, path)
        if resolved is None:
            unset = ATTR_REF.search(target)
            hint = (f"; attribute {{{unset.group(1)}}} has no value (set it with -a NAME=VALUE or "
                    "--attributes FILE, or give --include-path)") if unset else " (see --include-path)"
            self.diagnostics.add("read.unresolved-include", f"include target not found: {target}{hint}",
                                 line.location, expected="an existing file", found=target)
            return []
        if outside_roots(resolved, target, self.roots, line.location, self.diagnostics):
            return []
        tags = _include_tags(match.group(2))
        # a file may include other tag regions of itself; a loop is the same (file, tags) again
        if (resolved, tuple(tags)) in stack or depth >= MAX_INCLUDE_DEPTH:
            self.diagnostics.add("read.include-loop", f"include loop through {target}", line.location,
                                 expected="an include chain without cycles", found=target)
            return []
        loaded = _load_include(resolved, self.roots, shown_beside(self.shown, self.page, resolved))
        self.diagnostics.extend(loaded.diagnostics)
        if loaded.outside:  # the file opened was not the file checked: the path changed meanwhile
            report_outside(target, self.roots, line.location, self.diagnostics)
        if loaded.lines is None:
            return []
        if tags:
            included = [loaded.lines[i] for i in loaded.tagged_lines(tags)]
            for missing in sorted(set(tags) - set(loaded.regions)):
                self.diagnostics.add("read.unresolved-include", f"tag {missing!r} not found in {target}",
                                     line.location, expected=f"a tag::{missing}[] region", found=target)
        else:
            included = [ln for ln in loaded.lines if not TAG_MARK.search(ln.text)]
        if not self.included_lines.take(len(included)):
            self.expansion_limit(line, f"includes add more than {MAX_INCLUDED_LINES} lines")
            return []
        if not self.budget.take(sum(len(ln.text) for ln in included)):
            self.expansion_limit(line, f"expansions and includes add more than {MAX_EXPANDED_TOTAL} characters")
            return []
        return self.run(included, resolved, depth + 1, stack + ((resolved, tuple(tags)),))

    def resolve(self, target: str, path: Path) -> Path | None:
        """An include target (resolved) relative to the including file, else under each --include-path;
        for attribute-prefixed targets that stayed absolute, also try their tail under include paths."""
        target_path = Path(target)
        candidates = [path.parent / target_path] if not target_path.is_absolute() else [target_path]
        tail_parts = target_path.parts[1:] if target_path.is_absolute() else target_path.parts
        for root in self.options.include_paths:  # the tails of at most MAX_TAIL_PARTS components (linear)
            for i in range(max(0, len(tail_parts) - MAX_TAIL_PARTS), len(tail_parts)):
                candidates.append(root / Path(*tail_parts[i:]))
        for candidate in candidates:
            if is_file(candidate):
                try:
                    return candidate.resolve()
                except (OSError, RuntimeError):  # a symlink loop appeared meanwhile
                    continue
        return None


@dataclass(frozen=True)
class _Included:
    """An include target read once per process: its lines and the line indices of each tag region."""

    lines: tuple[SourceLine, ...] | None
    regions: dict[str, tuple[int, ...]]
    diagnostics: tuple
    outside: bool = False  # the file opened lay outside the allowed roots

    def tagged_lines(self, tags: list[str]) -> list[int]:
        return sorted({i for tag in tags for i in self.regions.get(tag, ())})


@functools.lru_cache(maxsize=256)
def _load_include(resolved: Path, roots: tuple[Path, ...], shown: str) -> _Included:
    """Read (confined to ``roots``), decode and index an include target (shared files are included
    hundreds of times), its lines located at ``shown``."""
    diagnostics = Diagnostics()
    try:
        text = read_included(resolved, roots, diagnostics, shown)
    except OutsideRoots:
        return _Included(None, {}, (), outside=True)
    if text is None:
        return _Included(None, {}, tuple(diagnostics.items))
    lines = SourceText.from_text(shown, text).lines
    regions: dict[str, list[int]] = {}
    active: list[str] = []
    for index, ln in enumerate(lines):
        mark = TAG_MARK.search(ln.text)
        if mark:
            if ln.text[mark.start():].startswith("tag::"):
                active.append(mark.group(1))
                regions.setdefault(mark.group(1), [])
            elif mark.group(1) in active:
                active.remove(mark.group(1))
            continue
        for tag in active:
            regions[tag].append(index)
    return _Included(lines, {k: tuple(v) for k, v in regions.items()}, tuple(diagnostics.items))


def _expand(text: str, values: dict[str, str], limit: int) -> str | None:
    """One round of {name} replacement; None as soon as the result would exceed ``limit`` characters."""
    if "{" not in text:
        return text
    parts: list[str] = []
    size = done = 0
    for match in ATTR_REF.finditer(text):
        value = values.get(match.group(1))
        if value is None:
            continue
        parts += (text[done:match.start()], value)
        size += match.start() - done + len(value)
        done = match.end()
        if size > limit:
            return None
    if size + len(text) - done > limit:
        return None
    parts.append(text[done:])
    return "".join(parts)


def _include_tags(attrlist: str) -> list[str]:
    match = re.search(r"tags?=([^,\]]+)", attrlist)
    if not match:
        return []
    return [t.strip() for t in match.group(1).split(";") if t.strip() and not t.startswith("!")]
