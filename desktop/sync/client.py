"""HTTP client of the county protocol on an injected requests.Session: timeouts, gzip, typed errors."""

from __future__ import annotations

import email.utils
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from . import protocol as p
from .errors import (
    AuthExpired,
    DeviceRevoked,
    InsecureUrl,
    Offline,
    ProtocolTooOld,
    Rejected,
    ServerBusy,
    ServerError,
    SyncError,
    TlsError,
)

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_REDIRECTS = 3
DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds: every request has both
MAX_RETRY_AFTER = 300.0
_OP_STATUSES = frozenset(s.value for s in p.OpStatus)


def api_base(url: str, allow_insecure: bool) -> str:
    """The API root for a server URL typed by a person; refuse plain http except to this PC."""
    raw = (url or "").strip().rstrip("/")
    if not raw:
        raise InsecureUrl("请填写县平台地址", field="url")
    if "://" not in raw:
        raw = "https://" + raw
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureUrl("县平台地址格式不正确，应为 https://…", field="url")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS and not allow_insecure:
        raise InsecureUrl("为保护数据，只能用 HTTPS 连接县平台（本机地址除外）；如确需使用 HTTP，请在设置中明确允许", field="url")
    if not raw.endswith(p.API_PREFIX):
        raw += p.API_PREFIX
    return raw


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date), capped; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, min((when - datetime.now(UTC)).total_seconds(), MAX_RETRY_AFTER))


@dataclass
class BlobState:
    sha256: str
    size_received: int
    complete: bool


class CountyClient:
    """One device's conversation with the county platform. Stateless apart from the session."""

    def __init__(
        self,
        url: str,
        token: str | None = None,
        session: requests.Session | None = None,
        allow_insecure: bool = False,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.base = api_base(url, allow_insecure)
        self.token = token
        self.session = session if session is not None else requests.Session()
        self.timeout = timeout
        self.rotation_due = False  # the county said X-Token-Rotate: due
        self.token_store: Callable[[str], None] | None = None  # keeps a new token durably (api._write_token)

    # --- transport -------------------------------------------------------------------------

    def _headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        headers = {p.VERSION_HEADER: str(p.PROTOCOL_VERSION), "Accept-Encoding": "gzip", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        headers.update(extra or {})
        return headers

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        raw: bytes | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        """Send one request and return the decoded JSON answer, or raise a typed SyncError."""
        headers: dict[str, str] = {}
        data: bytes | None = None
        if body is not None:
            data = p.encode_body(body, compress=True)
            headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        elif raw is not None:
            data = raw
            headers = {"Content-Type": "application/octet-stream"}
        with _transport_errors():
            resp = self._send(method, self.base + path, data=data, params=params, headers=self._headers(headers))
            content = resp.content  # reads the whole body inside the block: truncation surfaces here
        if resp.status_code >= 400:
            raise self._error(resp, content)
        try:
            return json.loads(content.decode("utf-8")) if content else None
        except (UnicodeDecodeError, ValueError) as e:
            raise ServerError("县平台返回的数据不完整或无法识别，稍后会自动重试", code="bad_response") from e

    def _send(self, method: str, url: str, stream: bool = False, **kw: Any) -> requests.Response:
        """One request with redirects followed by hand: only within the county's own origin (same scheme,
        host and port), at most MAX_REDIRECTS hops. Never to another host or from https to http, where
        the token and the records would go to someone else or in clear."""
        origin = _origin(self.base)
        for _ in range(MAX_REDIRECTS + 1):
            resp = self.session.request(
                method, url, timeout=self.timeout, verify=True, allow_redirects=False, stream=stream, **kw
            )
            if not resp.is_redirect:
                if resp.headers.get(p.TOKEN_ROTATE_HEADER, "").lower() == "due":
                    self.rotation_due = True
                return resp
            target = urljoin(url, resp.headers.get("location", ""))
            resp.close()
            if _origin(target) != origin:
                raise Rejected("县平台把请求转到了其他地址，为保护数据已拒绝；请联系县级管理员核实地址", code="redirect")
            url = target
            kw.pop("params", None)  # the Location carries its own query
        raise Rejected("县平台的地址重定向次数过多，请联系县级管理员", code="redirect")

    def rotate_token(self) -> None:
        """Ask the county for a new token and keep it (token_store writes it durably first); the old one
        keeps working for the county's grace period, so a lost answer locks nobody out."""
        data = self.request("POST", "/token")
        token = data.get("token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not 20 <= len(token) <= 200:
            raise ServerError("县平台返回的新令牌无法识别", code="bad_response")
        if self.token_store is not None:
            self.token_store(token)
        self.token = token
        self.rotation_due = False

    @staticmethod
    def _error(resp: requests.Response, content: bytes) -> SyncError:
        code, message, field = "", "", None
        try:
            err = json.loads(content.decode("utf-8")).get("error", {})
            code, message, field = str(err.get("code", "")), str(err.get("message", "")), err.get("field")
        except (UnicodeDecodeError, ValueError, AttributeError):
            pass
        status = resp.status_code
        if status == 426 or code == p.ErrorCode.PROTOCOL_VERSION.value:
            return ProtocolTooOld(p.ERROR_MESSAGES[p.ErrorCode.PROTOCOL_VERSION], code=p.ErrorCode.PROTOCOL_VERSION.value)
        if code == p.ErrorCode.DEVICE_REVOKED.value:
            return DeviceRevoked(p.ERROR_MESSAGES[p.ErrorCode.DEVICE_REVOKED], code=code)
        if status == 401:
            return AuthExpired(p.ERROR_MESSAGES[p.ErrorCode.UNAUTHORIZED], code=p.ErrorCode.UNAUTHORIZED.value)
        if status in (429, 503):
            wait = parse_retry_after(resp.headers.get("Retry-After"))
            return ServerBusy("县平台繁忙，稍后会自动重试", retry_after=wait, code=code or f"http_{status}")
        if status >= 500:
            return ServerError("县平台暂时出错，稍后会自动重试", code=code or f"http_{status}")
        return Rejected(message or f"县平台拒绝了请求（{status}）", code=code or f"http_{status}", field=field)

    # --- endpoints -------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        data = self.request("GET", "/health")
        if not isinstance(data, dict) or "server_time" not in data or "protocol_version" not in data:
            raise ServerError("该地址不是县平台，或县平台返回了无法识别的内容", code="bad_response")
        return data

    def enroll(self, code: str, device_name: str, enroll_key: str | None = None,
               training: bool = False) -> p.EnrollResponse:
        body: dict[str, Any] = {"code": code, "device_name": device_name}
        if enroll_key:
            body["enroll_key"] = enroll_key
        if training:
            body["training"] = True  # a folder holding demo data: only a training township takes it
        data = self.request("POST", "/enroll", body=body)
        try:
            # Optional fields (added later, with defaults) may be absent from an older county server.
            return p.EnrollResponse(**{k: data[k] for k in p.EnrollResponse.__dataclass_fields__ if k in data})
        except (KeyError, TypeError) as e:
            raise ServerError("县平台返回的登记结果无法识别", code="bad_response") from e

    def push(self, ops: list[p.Op]) -> list[p.OpResult]:
        # A plain dict, not dataclasses.asdict: that deep-copies every payload (a third of the push time).
        wire = [
            {
                "op_id": op.op_id,
                "entity": op.entity,
                "entity_id": op.entity_id,
                "action": op.action,
                "payload": op.payload,
                "created_at": op.created_at,
                "base_rev": op.base_rev,
            }
            for op in ops
        ]
        data = self.request("POST", "/push", body={"ops": wire})
        raw = data.get("results") if isinstance(data, dict) else None
        if not isinstance(raw, list) or len(raw) != len(ops):
            raise ServerError("县平台返回的提交结果不完整，稍后会自动重试", code="bad_response")
        results = []
        for op, r in zip(ops, raw, strict=True):
            if not isinstance(r, dict) or r.get("op_id") != op.op_id or r.get("status") not in _OP_STATUSES:
                raise ServerError("县平台返回的提交结果与提交内容不一致", code="bad_response")
            results.append(
                p.OpResult(
                    op_id=r["op_id"],
                    status=r["status"],
                    rev=r.get("rev"),
                    code=r.get("code"),
                    field=r.get("field"),
                    message=r.get("message"),
                )
            )
        return results

    def pull(self, cursor: str, limit: int, include_own: bool = False) -> p.PullPage:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        if include_own:
            params["own"] = "1"  # recovery pull (docs/recovery.md)
        data = self.request("GET", "/pull", params=params)
        try:
            changes = [
                p.Change(
                    seq=int(c["seq"]),
                    entity=str(c["entity"]),
                    entity_id=str(c["entity_id"]),
                    action=str(c["action"]),
                    payload=dict(c["payload"]),
                    rev=int(c["rev"]),
                    origin_device=c.get("origin_device"),
                    op_id=c.get("op_id"),
                )
                for c in data["changes"]
            ]
            return p.PullPage(changes=changes, cursor=str(data["cursor"]), has_more=bool(data["has_more"]))
        except (KeyError, TypeError, ValueError) as e:
            raise ServerError("县平台返回的下载数据无法识别，稍后会自动重试", code="bad_response") from e

    def blob_status(self, sha256: str) -> BlobState:
        return self._blob(self.request("GET", f"/blobs/{sha256}"))

    def blob_put(self, sha256: str, offset: int, chunk: bytes) -> BlobState:
        return self._blob(self.request("PUT", f"/blobs/{sha256}", raw=chunk, params={"offset": offset}))

    def blob_complete(self, sha256: str, size: int) -> BlobState:
        return self._blob(self.request("POST", f"/blobs/{sha256}/complete", body={"size": size}))

    def blob_download(self, sha256: str, dest: Path) -> None:
        """Stream a blob's content into `dest`, continuing after the bytes `dest` already holds when
        the county answers the range (206); a full answer (200) rewrites it. Checking the hash is the
        caller's job."""
        offset = dest.stat().st_size if dest.exists() else 0
        extra = {"Accept-Encoding": "identity"}  # raw bytes: byte ranges of a gzip stream mean nothing
        if offset:
            extra["Range"] = f"bytes={offset}-"
        with _transport_errors():
            resp = self._send("GET", f"{self.base}/blobs/{sha256}/content", headers=self._headers(extra), stream=True)
            try:
                if resp.status_code == 416:  # what we hold is not a prefix of the blob: start again
                    dest.unlink(missing_ok=True)
                    raise ServerError("附件下载位置不一致，稍后会自动重试", code="range")
                if resp.status_code >= 400:
                    raise self._error(resp, resp.content)
                with dest.open("ab" if resp.status_code == 206 and offset else "wb") as fh:
                    for chunk in resp.iter_content(256 * 1024):
                        fh.write(chunk)
                    fh.flush()
                    os.fsync(fh.fileno())
            finally:
                resp.close()

    @staticmethod
    def _blob(data: Any) -> BlobState:
        try:
            return BlobState(str(data["sha256"]), int(data["size_received"]), bool(data["complete"]))
        except (KeyError, TypeError, ValueError) as e:
            raise ServerError("县平台返回的附件状态无法识别", code="bad_response") from e

    def lease(self, series: str, year: int, count: int) -> p.Lease:
        data = self.request("POST", "/leases", body={"series": series, "year": year, "count": count})
        try:
            return p.Lease(series=str(data["series"]), year=int(data["year"]), start=int(data["start"]), end=int(data["end"]))
        except (KeyError, TypeError, ValueError) as e:
            raise ServerError("县平台返回的编号段无法识别", code="bad_response") from e

    def renew_slot(self) -> int:
        """A fresh offline fallback slot after a restore or a lost file (docs/numbering.md)."""
        data = self.request("POST", "/slot", body={})
        try:
            return int(data["device_slot"])
        except (KeyError, TypeError, ValueError) as e:
            raise ServerError("县平台返回的备用号段无法识别", code="bad_response") from e

    def sanity(self) -> p.SanityReport:
        data = self.request("GET", "/sanity")
        try:
            return p.SanityReport(
                township_code=str(data["township_code"]),
                counts={str(k): int(v) for k, v in data["counts"].items()},
                digests={str(k): str(v) for k, v in data["digests"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ServerError("县平台返回的核对数据无法识别", code="bad_response") from e


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


@contextmanager
def _transport_errors() -> Iterator[None]:
    """requests' exceptions as typed SyncErrors (a Chinese message, transient or final)."""
    try:
        yield
    except requests.exceptions.SSLError as e:
        raise TlsError("无法验证县平台的安全证书（HTTPS），请检查地址或联系县级管理员", code="tls") from e
    except requests.exceptions.Timeout as e:
        raise Offline("县平台响应超时，稍后会自动重试", code="timeout") from e
    except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as e:
        raise Offline("与县平台的连接中断（数据不完整），稍后会自动重试", code="truncated") from e
    except requests.exceptions.ConnectionError as e:
        raise Offline("无法连接县平台，请检查网络", code="offline") from e
    except requests.exceptions.RequestException as e:
        raise Offline("与县平台通信失败，稍后会自动重试", code="network") from e


def clock_skew_seconds(server_time: str, local_now: datetime | None = None) -> float:
    """Server clock minus ours, in seconds (positive: our clock is behind)."""
    server = datetime.fromisoformat(server_time.replace("Z", "+00:00"))
    if server.tzinfo is None:
        server = server.replace(tzinfo=UTC)
    return (server - (local_now or datetime.now(UTC))).total_seconds()


def monotonic() -> float:
    return time.monotonic()
