"""What the county server enforces on connections itself, below the app: a deadline for request headers,
a cap on open connections (uvicorn's h11 protocol, extended), and deadlines for request bodies (an ASGI
middleware). A reverse proxy may add more (docs/deploy.md); none of this depends on one.

Settings come from the environment so that every uvicorn worker process gets them:
COUNTY_HEADER_TIMEOUT, COUNTY_MAX_CONNECTIONS, COUNTY_BODY_TIMEOUT, COUNTY_BODY_IDLE_TIMEOUT (seconds /
count). `county-platform serve` sets them from its options.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import h11
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("county")

HEADER_TIMEOUT = (
    10.0  # from connecting (or the first byte of a request on a kept-alive connection) to its last header
)
MAX_CONNECTIONS = 1000  # open connections per worker; past it new ones are closed at once
BODY_TIMEOUT = 120.0  # for the whole request body (8 MiB at 70 KB/s)
BODY_IDLE_TIMEOUT = 20.0  # between two pieces of a request body
KEEP_ALIVE_TIMEOUT = 5  # an idle kept-alive connection is closed after this (uvicorn's own option)


def _env(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a header deadline and a connection cap."""

    header_timeout = _env("COUNTY_HEADER_TIMEOUT", HEADER_TIMEOUT)
    max_connections = int(_env("COUNTY_MAX_CONNECTIONS", MAX_CONNECTIONS))
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            log.warning("connection refused: %d open connections", len(self.connections) - 1)
            self.transport.abort()
            return
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:  # still waiting for (the rest of) a request's headers
            self._arm_header_timer()
        else:
            self._disarm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        self._disarm_header_timer()  # idle time until the next request is the keep-alive timeout's
        super().on_response_complete()

    def _arm_header_timer(self) -> None:
        if self._header_timer is None and not self.transport.is_closing():
            self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.abort()


def guarded_protocol(header_timeout: float, max_connections: int) -> type[GuardedH11Protocol]:
    """A GuardedH11Protocol with other limits (tests; one process only)."""
    attrs: dict[str, Any] = {"header_timeout": header_timeout, "max_connections": max_connections}
    return type("GuardedH11ProtocolVariant", (GuardedH11Protocol,), attrs)


class _BodyTimeout(Exception):
    pass


class BodyDeadline:
    """A request body must arrive within `total` seconds, with no pause longer than `idle`; else 408
    (and the connection closes). Only the body is timed: after it, receive() is passed through."""

    def __init__(self, app: ASGIApp, total: float | None = None, idle: float | None = None) -> None:
        self.app = app
        self.total = total if total is not None else _env("COUNTY_BODY_TIMEOUT", BODY_TIMEOUT)
        self.idle = idle if idle is not None else _env("COUNTY_BODY_IDLE_TIMEOUT", BODY_IDLE_TIMEOUT)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.total
        body_done = False
        started = False

        async def timed_receive() -> Message:
            nonlocal body_done
            if body_done:
                return await receive()
            wait = min(self.idle, deadline - loop.time())
            try:
                message = await asyncio.wait_for(receive(), timeout=max(wait, 0.001))
            except TimeoutError:
                raise _BodyTimeout from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, timed_receive, tracking_send)
        except _BodyTimeout:
            log.info("request body too slow on %s %s: 408", scope.get("method"), scope.get("path"))
            if not started:
                from county.app import error_response
                from desktop.sync.protocol import ErrorCode, api_error

                err = api_error(ErrorCode.INVALID_REQUEST, 408, message="请求内容传输超时，请检查网络后重试")
                await error_response(err, {"Connection": "close"})(scope, receive, send)
