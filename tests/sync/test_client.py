"""The client's error mapping, URL policy and retry policy, against a stub session (no network)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from desktop.sync import errors as E
from desktop.sync.client import CountyClient, api_base, parse_retry_after
from desktop.sync.engine import SyncEngine, SyncOptions, SyncReport


class Stub(requests.Session):
    def __init__(self, status: int = 200, body: Any = None, headers: dict[str, str] | None = None, exc: Exception | None = None) -> None:
        super().__init__()
        self.status, self.body, self.hdrs, self.exc = status, body, headers or {}, exc
        self.calls: list[dict[str, Any]] = []

    def request(self, method, url, **kw):  # type: ignore[no-untyped-def, override]
        self.calls.append({"method": method, "url": url, **kw})
        if self.exc:
            raise self.exc
        resp = requests.Response()
        resp.status_code = self.status
        resp._content = self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode()
        resp.headers.update(self.hdrs)
        return resp


def client(stub: Stub) -> CountyClient:
    return CountyClient("https://county.example.cn", token="t0k", session=stub)


def err(code: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": "同步游标无效", "field": "f"}}


@pytest.mark.parametrize(
    ("stub", "exc_type", "transient"),
    [
        (Stub(exc=requests.exceptions.ConnectionError("refused")), E.Offline, True),
        (Stub(exc=requests.exceptions.ReadTimeout("slow")), E.Offline, True),
        (Stub(exc=requests.exceptions.ChunkedEncodingError("cut")), E.Offline, True),
        (Stub(exc=requests.exceptions.SSLError("bad cert")), E.TlsError, False),
        (Stub(426, err("protocol_version_unsupported")), E.ProtocolTooOld, False),
        (Stub(401, err("unauthorized")), E.AuthExpired, False),
        (Stub(401, err("device_revoked")), E.DeviceRevoked, False),
        (Stub(429, err("rate_limited"), {"Retry-After": "7"}), E.ServerBusy, True),
        (Stub(503, b"<html>busy</html>"), E.ServerBusy, True),
        (Stub(500, err("internal_error")), E.ServerError, True),
        (Stub(502, b"bad gateway"), E.ServerError, True),
        (Stub(400, err("cursor_invalid")), E.Rejected, False),
        (Stub(200, b'{"status": "ok", "server_ti'), E.ServerError, True),
        (Stub(200, b"<html>portal</html>"), E.ServerError, True),
    ],
)
def test_error_mapping(stub: Stub, exc_type: type[E.SyncError], transient: bool) -> None:
    with pytest.raises(exc_type) as info:
        client(stub).health()
    assert info.value.transient is transient
    assert info.value.message and not info.value.message.isascii()  # a Chinese message for the clerk


def test_every_request_has_timeout_tls_version_and_token() -> None:
    stub = Stub(200, {"status": "ok", "server_time": "2026-01-01T00:00:00Z", "protocol_version": 1, "min_protocol_version": 1})
    client(stub).health()
    call = stub.calls[0]
    assert call["timeout"] == (5.0, 30.0) and call["verify"] is True
    assert call["headers"]["X-Protocol-Version"] == "1" and call["headers"]["Authorization"] == "Bearer t0k"
    assert call["url"] == "https://county.example.cn/api/v1/health"


def test_push_body_is_gzip() -> None:
    import gzip

    stub = Stub(200, {"results": []})
    client(stub).push([])
    assert stub.calls[0]["headers"]["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(stub.calls[0]["data"])) == {"ops": []}


def test_retry_after_is_read() -> None:
    with pytest.raises(E.ServerBusy) as info:
        client(Stub(429, err("rate_limited"), {"Retry-After": "7"})).health()
    assert info.value.retry_after == 7
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("junk") is None


@pytest.mark.parametrize(
    ("url", "insecure", "ok"),
    [
        ("https://county.example.cn", False, True),
        ("county.example.cn", False, True),
        ("http://127.0.0.1:8000", False, True),
        ("http://localhost:8000/", False, True),
        ("http://[::1]:8000", False, True),
        ("http://county.example.cn", False, False),
        ("http://county.example.cn", True, True),
        ("ftp://county.example.cn", True, False),
    ],
)
def test_plain_http_only_to_this_pc(url: str, insecure: bool, ok: bool) -> None:
    if ok:
        assert api_base(url, insecure).endswith("/api/v1")
    else:
        with pytest.raises(E.InsecureUrl):
            api_base(url, insecure)


def test_backoff_is_exponential_with_jitter_and_honours_retry_after() -> None:
    sleeps: list[float] = []
    engine = SyncEngine(
        None, None, None, SyncOptions(max_attempts=4, backoff_base=1, backoff_max=100), sleep=sleeps.append, rng=lambda: 1.0  # type: ignore[arg-type]
    )
    attempts = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) < 4:
            raise E.Offline("无法连接县平台")
        return "ok"

    assert engine.call(SyncReport(), flaky) == "ok"
    assert sleeps == [1, 2, 4]
    assert engine.backoff(1, E.ServerBusy("忙", retry_after=9)) == 9
    engine.rng = lambda: 0.25
    assert engine.backoff(3) == 1.0  # full jitter: a fraction of the cap


def test_final_errors_are_not_retried() -> None:
    sleeps: list[float] = []
    engine = SyncEngine(None, None, None, SyncOptions(max_attempts=5), sleep=sleeps.append)  # type: ignore[arg-type]

    def revoked() -> None:
        raise E.DeviceRevoked("本机已被县平台停用")

    with pytest.raises(E.DeviceRevoked):
        engine.call(SyncReport(), revoked)
    assert sleeps == []
