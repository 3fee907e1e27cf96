"""File I/O at the edges: decoding sources safely, atomic writes, include-root confinement."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from validator.diagnostics import Diagnostics
from validator.model import Location

MAX_BYTES = 20 * 1024 * 1024  # larger files are reported, not read
SOURCE_SUFFIXES = (".asciidoc", ".adoc", ".asc", ".rst", ".txt", ".rest", ".html", ".htm", ".md")


def display_path(path: Path, base: Path | None = None) -> str:
    """A relative, '/'-separated path for locations and specs (never absolute if avoidable)."""
    path = Path(os.path.abspath(path))
    for root in ([base] if base else []) + [Path.cwd()]:
        try:
            return path.relative_to(Path(os.path.abspath(root))).as_posix()
        except ValueError:
            continue
    return os.path.relpath(path, Path.cwd()).replace(os.sep, "/")


def read_source(path: Path, shown: str, diagnostics: Diagnostics) -> str | None:
    """Read a text source: size-limited, binary-rejecting, invalid UTF-8 replaced (with a warning)."""
    where = Location(shown, 1)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            diagnostics.add("read.too-large", f"file is {size} bytes", where,
                            expected=f"at most {MAX_BYTES} bytes", found=f"{size} bytes")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.add("read.unreadable", f"cannot read: {exc.strerror or exc}", where)
        return None
    if b"\x00" in data[:8192]:
        diagnostics.add("read.binary", "file contains NUL bytes", where, expected="text", found="binary")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.add("read.encoding", "invalid UTF-8 replaced by U+FFFD", Location(shown, line),
                        expected="UTF-8", found=repr(data[exc.start:exc.start + 4]))
        text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def within_roots(path: Path, roots: tuple[Path, ...]) -> bool:
    """True when ``path`` (resolved, symlinks followed) lies inside one of ``roots``."""
    resolved = path.resolve()
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


def iter_source_files(paths: list[Path]) -> list[Path]:
    """Files named, plus documentation files found recursively in directories; sorted, unique."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
        else:
            found.add(path)
    return sorted(found, key=lambda p: p.as_posix())


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` so that readers see the old file or the new one, never a torn one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
