"""Per-page budgets and worker processes that end with their parent.

``page_budget()`` bounds the wall time and the memory growth of reading one page: a timer signal checks
both ten times a second and raises OverBudget inside the page's code, so a page over budget becomes a
diagnostic and the run goes on. It needs the main thread of a POSIX process (elsewhere the page runs
unbounded). ``die_with_parent()`` is the initializer of --jobs worker processes."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PAGE_SECONDS = 20.0  # default wall-time budget of one page (read + extract)
PAGE_MEGABYTES = 512  # default memory growth budget of one page
_TICK = 0.1
_RETRY = 0.25  # a raise that landed in a finalizer or gc callback (and was swallowed) is retried this soon


class OverBudget(BaseException):  # noqa: N818 - BaseException: no `except Exception` in a reader may swallow it
    """A page used more time or memory than its budget (the message says which)."""


def _rss() -> int:
    """The resident memory of this process in bytes (0 where it cannot be read)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def page_budget(seconds: float = PAGE_SECONDS, megabytes: int = PAGE_MEGABYTES) -> Iterator[None]:
    """Raise OverBudget in the block once it has run ``seconds`` or the process has grown ``megabytes``."""
    if not _usable() or signal.getitimer(signal.ITIMER_REAL)[0]:  # no timer of ours over someone else's
        yield
        return
    started, base = time.monotonic(), _rss()
    raised = [0.0]  # when OverBudget was last raised (retried when a finalizer or gc callback swallowed it)

    def check(signum, frame) -> None:
        now = time.monotonic()
        if now - raised[0] < _RETRY:
            return
        if now - started > seconds:
            raised[0] = now
            raise OverBudget(f"reading took more than {seconds:g} s")
        if base and _rss() - base > megabytes * 1024 * 1024:
            raised[0] = now
            raise OverBudget(f"reading needed more than {megabytes} MB")

    previous = signal.signal(signal.SIGALRM, check)
    signal.setitimer(signal.ITIMER_REAL, _TICK, _TICK)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this process when ``parent`` ends (Linux: the kernel's parent-death
    signal; elsewhere a watchdog thread polling the parent's pid)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="doccontract-parent-watch").start()
