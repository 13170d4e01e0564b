"""The county platform's HTTP API (FastAPI). Stateless over the database: run as many workers as needed."""

from __future__ import annotations

import json
import logging
import os
import re
import traceback
from dataclasses import asdict
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from county import service
from county.blobs import BlobStore
from county.db import default_blob_dir, iso, make_engine, utcnow
from county.server import BodyDeadline, StartTracker
from desktop.sync.protocol import (
    API_PREFIX,
    DEFAULT_PULL_LIMIT,
    ERROR_MESSAGES,
    MAX_BLOB_CHUNK_BYTES,
    MAX_BODY_BYTES,
    MAX_PULL_LIMIT,
    MAX_SMALL_BODY_BYTES,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_VERSION,
    SHA256_RE,
    TOKEN_ROTATE_HEADER,
    VERSION_HEADER,
    ApiError,
    ErrorCode,
    Health,
    api_error,
    decode_body,
)

log = logging.getLogger("county")
# Draining an oversized body before answering 413 keeps the connection clean for the client; past
# this much we answer at once and let the connection drop.
_MAX_DRAIN_BYTES = 80 * 1024 * 1024


def error_response(err: ApiError, headers: dict[str, str] | None = None) -> JSONResponse:
    hdrs = dict(headers or {})
    if err.http_status == 401:
        hdrs["WWW-Authenticate"] = "Bearer"
    return JSONResponse(err.to_wire(), status_code=err.http_status, headers=hdrs)


class CatchAll:
    """Last line: any unexpected exception becomes a 500 in the error model, logged without its message
    (database errors carry parameter values, which may be personal data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracking_send = StartTracker(send)
        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            log.error(
                "unhandled %s on %s %s\n%s",
                type(exc).__name__,
                scope.get("method"),
                scope.get("path"),
                # Frames only (file, line, function): no message, no source text, no locals.
                "\n".join(
                    f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__)
                ),
            )
            if tracking_send.started:
                return
            if isinstance(exc, OperationalError):  # database busy or unreachable: worth a retry
                err = api_error(ErrorCode.INTERNAL, 503)
                response = error_response(err, {"Retry-After": "2"})
            else:
                response = error_response(api_error(ErrorCode.INTERNAL, 500))
            await response(scope, receive, send)


class TokenRotateHeader:
    """Adds `X-Token-Rotate: due` to the answer when the request's device token is due for rotation."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def marking_send(message: Message) -> None:
            if message["type"] == "http.response.start" and scope.get("state", {}).get("rotate_token"):
                message = {**message, "headers": [*message.get("headers", []), (_ROTATE, b"due")]}
            await send(message)

        await self.app(scope, receive, marking_send)


_ROTATE = TOKEN_ROTATE_HEADER.lower().encode("ascii")


def client_address(request: Request) -> str:
    """The device's address as the server sees it (the proxy's X-Forwarded-For when the proxy is trusted)."""
    return request.client.host if request.client else ""


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body, refused with 413 once it exceeds `limit` (checked before any parsing)."""
    too_large = api_error(ErrorCode.PAYLOAD_TOO_LARGE, 413)
    length = request.headers.get("content-length")
    if length is not None:
        declared = parse_uint(length, 18)
        if declared is None:
            raise api_error(ErrorCode.INVALID_REQUEST, 400, message="Content-Length 不正确")
        if declared > limit:
            if declared <= _MAX_DRAIN_BYTES:
                async for _ in request.stream():
                    pass
            raise too_large
    buf = bytearray()
    async for chunk in request.stream():
        buf += chunk
        if len(buf) > limit:
            drained = len(buf)
            async for rest in request.stream():
                drained += len(rest)
                if drained > _MAX_DRAIN_BYTES:
                    break
            raise too_large
    return bytes(buf)


_PARSERS = 2  # bodies decoded at once per worker: more only queue for the GIL, slowing everything else


def _parse_limiter(request: Request) -> anyio.CapacityLimiter:
    state = request.app.state
    if getattr(state, "parse_limiter", None) is None:  # made lazily, inside the app's event loop
        state.parse_limiter = anyio.CapacityLimiter(_PARSERS)
    limiter: anyio.CapacityLimiter = state.parse_limiter
    return limiter


async def read_json(request: Request, limit: int) -> Any:
    body = await read_body(request, limit)
    try:
        # Decompressing and parsing take CPU in proportion to the body: off the event loop, so that
        # /health and other requests are answered meanwhile.
        return await anyio.to_thread.run_sync(
            decode_body, body, request.headers.get("content-encoding"), limit, limiter=_parse_limiter(request)
        )
    except ApiError:
        raise
    except (ValueError, UnicodeDecodeError, OSError, EOFError, RecursionError):
        raise api_error(ErrorCode.INVALID_REQUEST, 400, message="请求内容不是有效的 JSON") from None


def parse_uint(text: str | None, max_digits: int) -> int | None:
    """A non-negative integer in ASCII digits, or None (str.isdigit also accepts "²", which int() refuses)."""
    if text is None or not re.fullmatch(rf"[0-9]{{1,{max_digits}}}", text.strip()):
        return None
    return int(text)


def check_version(request: Request) -> None:
    version = parse_uint(request.headers.get(VERSION_HEADER), 6)
    if version is None or version < MIN_PROTOCOL_VERSION:
        raise api_error(
            ErrorCode.PROTOCOL_VERSION,
            426,
            field=VERSION_HEADER,
            min_protocol_version=MIN_PROTOCOL_VERSION,
            protocol_version=PROTOCOL_VERSION,
        )


def json_response(data: Any, status_code: int = 200) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        status_code=status_code,
        media_type="application/json",
    )


def create_app(
    db_url: str,
    blob_dir: str | Path | None = None,
    engine: Engine | None = None,
    body_timeout: float | None = None,
    body_idle_timeout: float | None = None,
) -> FastAPI:
    engine = engine or make_engine(db_url)
    store = BlobStore(Path(blob_dir) if blob_dir else default_blob_dir(db_url))
    app = FastAPI(
        title="county-platform",
        version=str(PROTOCOL_VERSION),
        openapi_url=None,  # the API is described in docs/sync-protocol.md, not served to anyone who asks
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.blobs = store
    # zlib level 6: within 1 % of level 9 on feed pages at less than half the CPU.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(TokenRotateHeader)
    app.add_middleware(BodyDeadline, total=body_timeout, idle=body_idle_timeout)  # inside CatchAll
    app.add_middleware(CatchAll)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {
            404: ErrorCode.NOT_FOUND,
            405: ErrorCode.METHOD_NOT_ALLOWED,
            413: ErrorCode.PAYLOAD_TOO_LARGE,
            401: ErrorCode.UNAUTHORIZED,
            403: ErrorCode.FORBIDDEN,
        }.get(exc.status_code, ErrorCode.INVALID_REQUEST if exc.status_code < 500 else ErrorCode.INTERNAL)
        return error_response(ApiError(code.value, ERROR_MESSAGES[code], http_status=exc.status_code))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        field = ".".join(str(p) for p in errors[0].get("loc", ())[1:]) if errors else None
        return error_response(api_error(ErrorCode.INVALID_REQUEST, 400, field=field or None))

    async def device(request: Request) -> service.DeviceContext:
        check_version(request)
        ctx = await run_in_threadpool(
            service.authenticate, engine, request.headers.get("authorization"), client_address(request)
        )
        request.state.rotate_token = ctx.rotate_token  # TokenRotateHeader tells the device
        return ctx

    @app.get(f"{API_PREFIX}/health")
    async def health() -> Response:
        return json_response(
            asdict(
                Health(
                    status="ok",
                    server_time=iso(utcnow()),
                    protocol_version=PROTOCOL_VERSION,
                    min_protocol_version=MIN_PROTOCOL_VERSION,
                )
            )
        )

    @app.post(f"{API_PREFIX}/enroll")
    async def enroll(request: Request) -> Response:
        check_version(request)
        data = await read_json(request, MAX_SMALL_BODY_BYTES)
        if not isinstance(data, dict):
            raise api_error(ErrorCode.INVALID_REQUEST, 400)
        result = await run_in_threadpool(
            service.enroll,
            engine,
            data.get("code"),
            data.get("device_name"),
            data.get("enroll_key"),
            client_address(request),
            data.get("training", False),
        )
        return json_response(asdict(result))

    @app.post(f"{API_PREFIX}/token")
    async def token(request: Request) -> Response:
        ctx = await device(request)
        rotation = await run_in_threadpool(service.rotate_token, engine, ctx)
        request.state.rotate_token = False
        return json_response(asdict(rotation))

    @app.post(f"{API_PREFIX}/slot")
    async def slot(request: Request) -> Response:
        ctx = await device(request)
        return json_response(asdict(await run_in_threadpool(service.renew_slot, engine, ctx)))

    @app.post(f"{API_PREFIX}/push")
    async def push(request: Request) -> Response:
        ctx = await device(request)
        data = await read_json(request, MAX_BODY_BYTES)
        if not isinstance(data, dict):
            raise api_error(ErrorCode.INVALID_REQUEST, 400)
        results = await run_in_threadpool(service.push, engine, ctx, data.get("ops"))
        return json_response({"results": [r.to_wire() for r in results]})

    @app.get(f"{API_PREFIX}/pull")
    async def pull(request: Request) -> Response:
        ctx = await device(request)
        raw_limit = request.query_params.get("limit")
        limit = DEFAULT_PULL_LIMIT
        if raw_limit is not None:
            parsed = parse_uint(raw_limit, 9)
            if parsed is None or parsed < 1:
                raise api_error(ErrorCode.INVALID_REQUEST, 400, field="limit", message="limit 应为正整数")
            limit = min(parsed, MAX_PULL_LIMIT)
        own = request.query_params.get("own") == "1"  # recovery pull: this device's own changes too
        body = await run_in_threadpool(service.pull, engine, ctx, request.query_params.get("cursor"), limit, own)
        return Response(body, media_type="application/json")

    def sha_param(sha256: str) -> str:
        if not SHA256_RE.match(sha256):
            raise api_error(
                ErrorCode.INVALID_REQUEST, 400, field="sha256", message="sha256 应为 64 位小写十六进制"
            )
        return sha256

    @app.get(API_PREFIX + "/blobs/{sha256}")
    async def blob_status(sha256: str, request: Request) -> Response:
        ctx = await device(request)
        status = await run_in_threadpool(store.status, engine, ctx.township_id, sha_param(sha256))
        return json_response(asdict(status))

    @app.put(API_PREFIX + "/blobs/{sha256}")
    async def blob_put(sha256: str, request: Request) -> Response:
        ctx = await device(request)
        sha = sha_param(sha256)
        offset = parse_uint(request.query_params.get("offset"), 15)
        if offset is None:
            raise api_error(ErrorCode.INVALID_REQUEST, 400, field="offset", message="offset 应为非负整数")
        data = await read_body(request, MAX_BLOB_CHUNK_BYTES)
        status = await run_in_threadpool(store.write, engine, ctx.township_id, sha, offset, data)
        return json_response(asdict(status))

    @app.post(API_PREFIX + "/blobs/{sha256}/complete")
    async def blob_complete(sha256: str, request: Request) -> Response:
        ctx = await device(request)
        sha = sha_param(sha256)
        data = await read_json(request, MAX_SMALL_BODY_BYTES)
        size = data.get("size") if isinstance(data, dict) else None
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise api_error(ErrorCode.INVALID_REQUEST, 400, field="size", message="size 应为非负整数")
        status = await run_in_threadpool(store.complete, engine, ctx.township_id, sha, size)
        return json_response(asdict(status))

    @app.get(API_PREFIX + "/blobs/{sha256}/content")
    async def blob_content(sha256: str, request: Request) -> Response:
        ctx = await device(request)
        path = await run_in_threadpool(store.content_path, engine, ctx.township_id, sha_param(sha256))
        if path is None:
            raise api_error(ErrorCode.NOT_FOUND, 404)
        return FileResponse(path, media_type="application/octet-stream")

    @app.post(f"{API_PREFIX}/leases")
    async def leases(request: Request) -> Response:
        ctx = await device(request)
        data = await read_json(request, MAX_SMALL_BODY_BYTES)
        result = await run_in_threadpool(service.lease, engine, ctx, data)
        return json_response(asdict(result))

    @app.get(f"{API_PREFIX}/sanity")
    async def sanity(request: Request) -> Response:
        ctx = await device(request)
        report = await run_in_threadpool(service.sanity, engine, ctx)
        return json_response(asdict(report))

    return app


def app_from_env() -> FastAPI:
    """uvicorn factory for multi-worker runs: configuration comes from COUNTY_DB_URL / COUNTY_BLOB_DIR."""
    return create_app(os.environ["COUNTY_DB_URL"], os.environ.get("COUNTY_BLOB_DIR") or None)
