"""A total deadline per HTTP request — connect and every read together, not each read alone — for
doccontract's own requests and for schemathesis' engine. A watchdog thread shuts the socket down when a
request's deadline passes, so a server that trickles one byte a second cannot hold a run forever."""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from validator.contract.polite import courteous

_local = threading.local()


class Watchdog:
    """Shuts down the socket of a connection still serving the same request when its deadline passes."""

    def __init__(self) -> None:
        self.heap: list[tuple[float, int, Any, int]] = []
        self.counter = itertools.count()
        self.condition = threading.Condition()
        self.thread: threading.Thread | None = None

    def watch(self, deadline: float, connection: Any, generation: int) -> None:
        with self.condition:
            heapq.heappush(self.heap, (deadline, next(self.counter), connection, generation))
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="doccontract-deadline", daemon=True)
                self.thread.start()
            self.condition.notify()

    def _run(self) -> None:
        while True:
            with self.condition:
                while not self.heap or self.heap[0][0] > time.monotonic():
                    self.condition.wait(None if not self.heap else self.heap[0][0] - time.monotonic())
                _, _, connection, generation = heapq.heappop(self.heap)
            if connection.doccontract_generation == generation and connection.sock is not None:
                connection.doccontract_expired = True
                try:
                    connection.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed


WATCHDOG = Watchdog()


class _Deadline:
    doccontract_generation = 0
    doccontract_expired = False

    def request(self, *args: Any, **kwargs: Any) -> Any:
        self.doccontract_generation += 1
        self.doccontract_expired = False
        deadline = getattr(_local, "deadline", None)
        if deadline is not None:
            WATCHDOG.watch(deadline, self, self.doccontract_generation)
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _Connection(_Deadline, HTTPConnection):
    pass


class _TLSConnection(_Deadline, HTTPSConnection):
    pass


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection

    def _put_conn(self, conn: Any) -> None:
        if conn is not None:
            conn.doccontract_generation += 1  # back in the pool: its request is complete
        super()._put_conn(conn)


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConnection

    def _put_conn(self, conn: Any) -> None:
        if conn is not None:
            conn.doccontract_generation += 1
        super()._put_conn(conn)


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter whose requests end, answered or not, ``total`` seconds after they start."""

    def __init__(self, total: float) -> None:
        self.total = total
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        """Send, following a same-origin 307/308 and waiting out an honourable Retry-After (polite.py);
        each request the deadline."""
        return courteous(self._send_once, request, *args, **kwargs)

    def _send_once(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        deadline = time.monotonic() + self.total
        _local.deadline = deadline
        try:
            return super().send(request, *args, **kwargs)
        except requests.ConnectionError as exc:
            if time.monotonic() >= deadline:
                raise requests.Timeout(f"no complete answer within {self.total:g} s", request=request) from exc
            raise
        finally:
            _local.deadline = None


def mount(session: requests.Session, total: float) -> requests.Session:
    """``session`` with every request bounded by ``total`` seconds."""
    adapter = DeadlineAdapter(total)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@contextmanager
def engine_deadline(total: float) -> Iterator[None]:
    """Within the block, the sessions schemathesis' engine makes bound every request by ``total`` seconds
    (schemathesis' own request-timeout bounds each read only)."""
    from schemathesis.engine import context

    original = context.make_session

    def make_session(config: Any, *, operation: Any = None) -> requests.Session:
        return mount(original(config, operation=operation), total)

    context.make_session = make_session
    try:
        yield
    finally:
        context.make_session = original
