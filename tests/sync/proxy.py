"""A fault-injecting HTTP/TCP proxy on 127.0.0.1 for the sync tests and benchmarks (threads, stdlib only).

One request per connection: the proxy reads the client's request, then — unless a fault says
otherwise — forwards it upstream with `Connection: close`, reads the whole answer and relays it.
Faults are queued with `add(kind, path=..., times=...)` and hit the next matching requests:

  reset_request   close with RST after part of the request arrived (nothing reaches the server)
  reset_response  forward, let the server apply it, relay half the answer, then RST
  stall           accept and say nothing for `seconds`
  status          answer `code` (500/502/503/429…) with optional Retry-After, without forwarding
  status_after    forward (the server applies it), then answer `code` instead of the real answer
  truncate        forward, relay the headers and part of the body, close
  duplicate       forward the request twice (duplicate delivery), relay the second answer
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Fault:
    kind: str
    path: str = ""
    times: int = 1
    code: int = 503
    retry_after: str | None = None
    seconds: float = 3.0


@dataclass
class Proxy:
    upstream_port: int
    latency: float = 0.0  # added before forwarding each request (one way)
    faults: list[Fault] = field(default_factory=list)
    hits: list[tuple[str, str]] = field(default_factory=list)  # (fault kind, path) applied

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._serve, daemon=True, name="fault-proxy").start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, kind: str, path: str = "", times: int = 1, **kw: object) -> None:
        with self._lock:
            self.faults.append(Fault(kind, path, times, **kw))  # type: ignore[arg-type]

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()

    def close(self) -> None:
        self._closed = True
        self._sock.close()

    # --- plumbing ------------------------------------------------------------------------

    def _take(self, path: str) -> Fault | None:
        with self._lock:
            for f in self.faults:
                if f.path in path:
                    f.times -= 1
                    if f.times <= 0:
                        self.faults.remove(f)
                    self.hits.append((f.kind, path))
                    return f
        return None

    def _serve(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            head, body = _read_request(conn)
            if head is None:
                return
            path = head.split(b" ", 2)[1].decode("latin-1")
            fault = self._take(path)
            kind = fault.kind if fault else ""
            if kind == "reset_request":
                _rst(conn)
                return
            if kind == "stall":
                time.sleep(fault.seconds)  # type: ignore[union-attr]
                _rst(conn)
                return
            if kind == "status":
                conn.sendall(_status_response(fault))  # type: ignore[arg-type]
                conn.close()
                return
            if self.latency:
                time.sleep(self.latency)
            request = _with_close(head) + body
            answer = _forward(self.upstream_port, request)
            if kind == "duplicate":
                answer = _forward(self.upstream_port, request)
            if self.latency:
                time.sleep(self.latency)
            if kind == "reset_response":
                conn.sendall(answer[: max(1, len(answer) // 2)])
                _rst(conn)
                return
            if kind == "status_after":
                conn.sendall(_status_response(fault))  # type: ignore[arg-type]
                conn.close()
                return
            if kind == "truncate":
                split = answer.find(b"\r\n\r\n") + 4
                conn.sendall(answer[: split + max(0, (len(answer) - split) // 2)])
                conn.close()
                return
            conn.sendall(answer)
            conn.close()
        except OSError:
            with contextlib.suppress(OSError):
                conn.close()


def _read_request(conn: socket.socket) -> tuple[bytes | None, bytes]:
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        buf += chunk
    head, _, body = buf.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(min(1 << 20, length - len(body)))
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n", body


def _with_close(head: bytes) -> bytes:
    lines = [ln for ln in head.rstrip(b"\r\n").split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n"


def _forward(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as up:
        up.sendall(request)
        parts = []
        while True:
            chunk = up.recv(1 << 20)
            if not chunk:
                break
            parts.append(chunk)
    return b"".join(parts)


def _status_response(fault: Fault) -> bytes:
    body = b'{"error":{"code":"internal_error","message":"test"}}'
    if fault.code == 429:
        body = b'{"error":{"code":"rate_limited","message":"test"}}'
    headers = [
        f"HTTP/1.1 {fault.code} Fault",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        "Connection: close",
    ]
    if fault.retry_after is not None:
        headers.append(f"Retry-After: {fault.retry_after}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def _rst(conn: socket.socket) -> None:
    """Close with a TCP reset rather than a clean FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()
