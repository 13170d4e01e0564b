"""Slow clients on raw sockets (bounded in count and time): headers that never end, bodies that trickle,
more connections than the cap. The server enforces these itself, without a reverse proxy."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
import requests

from desktop.sync.protocol import API_PREFIX, PROTOCOL_VERSION, VERSION_HEADER
from tests.county.helpers import County
from tests.county.server import start_server

HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 2.0
BODY_IDLE = 1.0
CAP = 40


@pytest.fixture(scope="module")
def guarded(county: County) -> Iterator[tuple[str, int]]:
    """A second server on the same database with short limits (the defaults are 10 s / 120 s / 1000)."""
    base, stop = start_server(
        county.db_url,
        county.blob_dir,
        header_timeout=HEADER_TIMEOUT,
        max_connections=CAP,
        body_timeout=BODY_TIMEOUT,
        body_idle_timeout=BODY_IDLE,
    )
    try:
        yield base, int(base.rsplit(":", 1)[1])
    finally:
        stop()


def _connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    return s


def _closed_by_server(s: socket.socket) -> bool:
    try:
        s.settimeout(0.05)
        return s.recv(4096) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except (TimeoutError, BlockingIOError):
        return False


def _drip(s: socket.socket, data: bytes) -> bool:
    try:
        s.sendall(data)
        return True
    except (ConnectionResetError, BrokenPipeError):
        return False


def test_slowloris_headers_are_cut_and_the_connection_cap_holds(guarded: tuple[str, int]) -> None:
    base, port = guarded
    socks = [_connect(port) for _ in range(CAP + 10)]
    try:
        for s in socks:
            _drip(s, b"GET " + API_PREFIX.encode() + b"/health HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.3)
        over_cap = sum(_closed_by_server(s) for s in socks)
        assert over_cap >= 10  # past the cap: closed at once
        started = time.monotonic()
        open_ = list(socks)
        while open_ and time.monotonic() - started < HEADER_TIMEOUT + 3:
            for s in open_:
                _drip(s, b"X-Slow: 1\r\n")  # a header line now and then, never the end of the headers
            open_ = [s for s in open_ if not _closed_by_server(s)]
            time.sleep(0.2)
        assert open_ == [], (
            f"{len(open_)} slow connections still open after {time.monotonic() - started:.1f} s"
        )
        # The server is free again for real clients.
        assert requests.get(base + API_PREFIX + "/health", timeout=5).status_code == 200
    finally:
        for s in socks:
            s.close()


def test_a_silent_connection_is_closed(guarded: tuple[str, int]) -> None:
    _, port = guarded
    s = _connect(port)
    try:
        time.sleep(HEADER_TIMEOUT + 0.5)
        assert _closed_by_server(s)
    finally:
        s.close()


def _post_head(length: int) -> bytes:
    return (
        f"POST {API_PREFIX}/enroll HTTP/1.1\r\nHost: x\r\n{VERSION_HEADER}: {PROTOCOL_VERSION}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def _answer(s: socket.socket, within: float) -> bytes:
    s.settimeout(within)
    data = b""
    try:
        while chunk := s.recv(4096):
            data += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return data


@pytest.mark.parametrize("trickle", [False, True], ids=["stalled", "trickling"])
def test_a_slow_body_gets_408(guarded: tuple[str, int], trickle: bool) -> None:
    _, port = guarded
    s = _connect(port)
    try:
        s.sendall(_post_head(1000) + b'{"code":')
        started = time.monotonic()
        if trickle:  # a byte every half second: never idle for long, but never done either
            while time.monotonic() - started < BODY_TIMEOUT + 1 and _drip(s, b" "):
                time.sleep(0.5)
                s.settimeout(0.01)
                try:
                    if s.recv(1, socket.MSG_PEEK):
                        break
                except (TimeoutError, BlockingIOError):
                    pass
        answer = _answer(s, BODY_TIMEOUT + 2)
        took = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408"), answer[:100]
        assert b"invalid_request" in answer and b"connection: close" in answer.lower()
        assert took < BODY_TIMEOUT + 1.5
    finally:
        s.close()
