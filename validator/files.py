"""File I/O at the edges: opening sources safely (regular files only, never blocking, the file actually
opened checked against the allowed roots), decoding them, atomic writes that keep permissions."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from validator.diagnostics import Diagnostics
from validator.model import Location

MAX_BYTES = 2 * 1024 * 1024  # larger files are reported, not read (ten times the corpora's largest page; ~3 s)
SOURCE_SUFFIXES = (".asciidoc", ".adoc", ".asc", ".rst", ".txt", ".rest", ".html", ".htm", ".md", ".inc")
FRAGMENT_SUFFIXES = (".inc",)  # parts that pages include (os-api-ref): a page of their own only when none does
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)  # a FIFO must not block the open


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a directory."""


class TooLarge(OSError):
    """The file is larger than the limit (``size`` bytes, or more)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"file is {size} bytes")
        self.size = size


class OutsideRoots(OSError):
    """The file actually opened lies outside the allowed roots (a path swapped for a symlink, say)."""


def display_path(path: Path, base: Path | None = None) -> str:
    """A relative, '/'-separated path for locations and specs (never absolute if avoidable)."""
    path = Path(os.path.abspath(path))
    for root in ([base] if base else []) + [Path.cwd()]:
        try:
            return path.relative_to(Path(os.path.abspath(root))).as_posix()
        except ValueError:
            continue
    return os.path.relpath(path, Path.cwd()).replace(os.sep, "/")


def given_path(path: Path) -> str:
    """A file as the command line reached it ('../docs/api/page.rst', '/abs/page.rst'): the path the
    user gave joined with the file's path under it, '/'-separated, for diagnostics."""
    return path.as_posix()


def is_file(path: Path) -> bool:
    """``path.is_file()`` that is False (not an exception) for names too long or otherwise unusable."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def read_bytes(path: Path, roots: tuple[Path, ...] | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, opened first and checked after: NotRegularFile for FIFOs and devices
    (the open never blocks), OutsideRoots when ``roots`` are given and the file opened is not under
    one of them, TooLarge past ``limit`` bytes; other OSErrors as raised."""
    fd = os.open(path, _OPEN_FLAGS)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"not a regular file: {path}")
        if roots is not None and not within_roots(opened_path(fd, path) or Path("/nonexistent"), roots):
            raise OutsideRoots(f"the file opened lies outside the allowed roots: {path}")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        data = handle.read(limit + 1)  # bounded even when the file grows meanwhile
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


def opened_path(fd: int, path: Path) -> Path | None:
    """The real path of the file open on ``fd``: from the process's descriptor table where there is one,
    else the resolved name when it still names the very file opened (same device and inode)."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        pass
    real = Path(os.path.realpath(path))
    try:
        named, opened = os.stat(real), os.fstat(fd)
    except OSError:
        return None
    return real if (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino) else None


def read_source(path: Path, shown: str, diagnostics: Diagnostics, roots: tuple[Path, ...] | None = None) -> str | None:
    """Read a text source: regular files only, size-limited, binary-rejecting, invalid UTF-8 replaced
    (with a warning). With ``roots``, OutsideRoots is raised when the file opened lies outside them."""
    where = Location(shown, 1)
    try:
        data = read_bytes(path, roots)
    except OutsideRoots:
        raise
    except NotRegularFile:
        diagnostics.add("read.not-a-file", "not a regular file (a FIFO, device or socket)", where,
                        expected="a regular file", found="a special file")
        return None
    except TooLarge as exc:
        diagnostics.add("read.too-large", f"file is {exc.size} bytes", where,
                        expected=f"at most {MAX_BYTES} bytes", found=f"{exc.size} bytes")
        return None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        diagnostics.add("read.unreadable", f"cannot read: {getattr(exc, 'strerror', None) or exc}", where)
        return None
    return decode_source(data, shown, diagnostics)


def decode_source(data: bytes, shown: str, diagnostics: Diagnostics) -> str | None:
    """Text from bytes: NUL bytes refuse the file, a BOM is dropped, invalid UTF-8 replaced (with a
    warning), line ends normalised."""
    if b"\x00" in data[:8192]:
        diagnostics.add("read.binary", "file contains NUL bytes", Location(shown, 1), expected="text",
                        found="binary")
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
    try:
        resolved = path.resolve()
    except (OSError, ValueError, RuntimeError):
        return False
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


def iter_source_files(paths: list[Path]) -> list[Path]:
    """Files named, plus documentation files found recursively in directories; sorted, unique."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if is_file(p) and p.suffix.lower() in SOURCE_SUFFIXES)
        else:
            found.add(path)
    return sorted(found, key=lambda p: p.as_posix())


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` so that readers see the old file or the new one, never a torn one. A replaced file
    keeps its mode; a new file gets the mode the umask gives (as ``open()`` would)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _mode_for(path: Path) -> int:
    """The permission bits of the file being replaced, else 0o666 less the process umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask
