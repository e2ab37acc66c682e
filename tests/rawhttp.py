"""HTTP from the client's side for the server tests: raw exchanges over a socket, and a bounded burst."""

from __future__ import annotations

import contextlib
import http.client
import select
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

# Long enough for any machine; a server that has not answered or closed by then has hung.
HANG_SECONDS = 30.0


def exchange(port: int, data: bytes, host: str = "127.0.0.1") -> bytes:
    """Send bytes, then read until the server closes the connection: everything it answered."""
    with socket.create_connection((host, port), timeout=HANG_SECONDS) as sock:
        # It may close while we are still sending (an over-long request): then read what it said.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        return read_until_closed(sock)


def read_until_closed(sock: socket.socket) -> bytes:
    received, deadline = b"", time.monotonic() + HANG_SECONDS  # a stream that never ends is a hang too
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return received
        except TimeoutError:
            raise AssertionError(f"the server neither answered nor closed in {HANG_SECONDS} s") from None
        if not chunk:
            return received
        received += chunk
    raise AssertionError(f"the server was still sending after {HANG_SECONDS} s: {received[:200]!r}")


def closes_while_trickled(port: int, start: bytes, pause: float = 0.2, limit: int = 100) -> bool:
    """Send the start of a request, then one byte per pause (up to limit): whether the server closed
    the connection before the request was done (a slow-loris client must not hold a thread forever)."""
    with socket.create_connection(("127.0.0.1", port), timeout=HANG_SECONDS) as sock:
        sock.sendall(start)
        for _ in range(limit):
            try:
                sock.sendall(b"a")
            except (BrokenPipeError, ConnectionResetError):
                return True
            readable, _, _ = select.select([sock], [], [], pause)
            if readable and not sock.recv(65536):
                return True
    return False


def status(response: bytes) -> int:
    """The status code of a raw response, 0 when there is none."""
    line = response.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) >= 2 and line[0].startswith(b"HTTP/1.") and line[1].isdigit() else 0


def headers(response: bytes) -> dict[str, str]:
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in head)}


@dataclass
class Answer:
    path: str
    status: int
    headers: dict[str, str]
    body: bytes


def burst(
    port: int,
    paths: list[str],
    check: Callable[[Answer], str | None],
    workers: int = 16,
    before: Callable[[int], None] | None = None,
) -> list[str]:
    """Request every path, workers at a time, each worker on its own keep-alive connection. check(answer)
    returns what is wrong with an answer, or None; before(i) runs before the i-th request is sent (to
    trigger or wait for something mid-burst). Returns every problem: a wrong answer, a truncated body
    (http.client refuses a body shorter than its Content-Length) or a failed connection."""
    lock, next_index, problems, connections = threading.Lock(), [0], [], []
    local = threading.local()

    def one(_):
        with lock:
            i = next_index[0]
            next_index[0] += 1
        path = paths[i]
        try:
            if before:
                before(i)
            if getattr(local, "connection", None) is None:
                local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HANG_SECONDS)
                with lock:
                    connections.append(local.connection)
            local.connection.request("GET", path)
            response = local.connection.getresponse()
            body = response.read()
            answer = Answer(path, response.status, {k.lower(): v for k, v in response.getheaders()}, body)
            problem = check(answer)
        except Exception as exc:  # every failure is a finding of the burst, not a crash of the test
            local.connection = None
            problem = f"{type(exc).__name__}: {exc}"
        if problem:
            with lock:
                problems.append(f"request {i} {path}: {problem}")

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(len(paths))))
    for connection in connections:
        connection.close()
    return problems
