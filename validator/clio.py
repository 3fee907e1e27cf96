"""The command line's edges: reading named inputs (regular files only, never blocking on a FIFO, UTF-8
or a usage error), checking outputs before any work, writing atomically, the base URL, the secrets to
mask, and the progress line (terminals only)."""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from validator.cli import UsageError

__all__ = ["MAX_INPUT_BYTES", "check_output", "check_paths", "load_spec", "progress_printer", "read_text_input",
           "secrets_of", "valid_base_url", "write_file"]

MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_text_input(path: Path, what: str) -> str:
    """The UTF-8 text of a named input; UsageError when it is missing, not a regular file (a FIFO, a
    device, a directory), too large or not UTF-8."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise UsageError(f"cannot read {what} {path}: {exc.strerror}") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UsageError(f"{what} {path} is not a regular file")
        try:
            data = handle.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"cannot read {what} {path}: {exc.strerror}") from exc
    if len(data) > MAX_INPUT_BYTES:
        raise UsageError(f"{what} {path} is larger than {MAX_INPUT_BYTES} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{what} {path} is not UTF-8 text (invalid byte at offset {exc.start})") from exc


def check_paths(paths: list[Path]) -> None:
    """Every named documentation path exists and is a directory or a regular file."""
    missing, irregular = [], []
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            missing.append(str(path))
            continue
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            irregular.append(str(path))
    if missing:
        raise UsageError("no such file or directory: " + ", ".join(missing))
    if irregular:
        raise UsageError("not a regular file or directory: " + ", ".join(irregular))


def check_output(path: Path | None, option: str) -> None:
    """Before any work: ``path`` can be written (not a directory; its directory exists or can be made
    and takes a new file)."""
    if path is None:
        return
    if path.is_dir():
        raise UsageError(f"{option} {path} is a directory")
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".doccontract-probe-", dir=directory)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(f"cannot write {option} {path}: {exc.strerror or type(exc).__name__}") from exc


def write_file(path: Path, text: str) -> None:
    """Atomic write; an OS error (disk full, read-only, …) becomes a one-line usage error."""
    from validator.files import atomic_write

    try:
        atomic_write(path, text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or type(exc).__name__}") from exc


def load_spec(path: Path) -> dict[str, Any]:
    """The OpenAPI document at ``path`` (YAML or JSON) as a mapping; UsageError otherwise."""
    from validator.yamlio import YAMLError, load_yaml

    text = read_text_input(path, "spec")
    try:
        spec = load_yaml(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise UsageError(f"spec {path} is not YAML or JSON{where}: {getattr(exc, 'problem', '') or 'parse error'}") \
            from exc
    if not isinstance(spec, dict):
        raise UsageError(f"spec {path} is not an OpenAPI document (not a mapping)")
    return spec


def valid_base_url(url: str) -> str:
    """``url`` when it is an absolute http(s) URL with a host; UsageError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--base-url must be an http:// or https:// URL with a host, got '{url}'")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise UsageError(f"--base-url has an invalid port: '{url}'") from exc
    return url


def secrets_of(args: Any) -> tuple[str, ...]:
    """Every credential the command line gave: --auth, --unprivileged-auth, --header values, and the user
    info of --base-url (as given and percent-decoded)."""
    found: list[str] = []
    for value in (getattr(args, "auth", None), getattr(args, "unprivileged_auth", None)):
        if value:
            found += [value, value.partition(":")[2]]
    found += [value.partition(":")[2].strip() for value in getattr(args, "header", [])]
    parts = urlsplit(getattr(args, "base_url", "") or "")
    if parts.password:
        found += [f"{parts.username}:{parts.password}", parts.password, unquote(parts.password),
                  f"{unquote(parts.username or '')}:{unquote(parts.password)}"]
    return tuple(sorted({s for s in found if len(s) >= 3}, key=len, reverse=True))


class progress_printer:  # noqa: N801 - used like a function
    """A one-line progress display on stderr when it is a terminal (never in pipes or CI logs): operations
    reached in the current phase of ``total``, requests and failing operations so far, elapsed seconds, and
    the latest step. Called with a validator.contract.outcome.Progress."""

    def __init__(self, stream=None, total: int = 0) -> None:
        self.stream = stream or sys.stderr
        self.active = self.stream.isatty()
        self.started, self.total = time.monotonic(), total
        self.phase, self.seen = "", set()

    def __call__(self, update) -> None:
        if not self.active:
            return
        message = " ".join(update.message.split())
        phase = message.split(":", 1)[0]
        if phase != self.phase:
            self.phase, self.seen = phase, set()
        self.seen.update(_LABEL.findall(message))
        counted = f"{len(self.seen)}/{self.total} operations, " if self.total else ""
        failing = f", {update.failures} failing" if update.failures else ""
        line = (f"[{counted}{update.requests} requests{failing}, {time.monotonic() - self.started:.0f} s] "
                f"{message}")
        self.stream.write("\r\033[K" + line[:160])
        self.stream.flush()

    def close(self) -> None:
        if self.active and self.phase:
            self.stream.write("\r\033[K")
            self.stream.flush()


_LABEL = re.compile(r"\b(?:GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) /\S*")
