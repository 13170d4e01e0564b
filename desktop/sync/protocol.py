"""The township ↔ county wire protocol, version 1: the one definition both sides import.

No I/O here: shapes, limits, codes and (de)serialisation helpers. docs/sync-protocol.md describes
the same thing for people; change both together.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import math
import re
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

from desktop.domain.records import APPEND_ONLY, Action, Entity

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"
VERSION_HEADER = "X-Protocol-Version"

MAX_BATCH_OPS = 500
MAX_BODY_BYTES = 8 * 1024 * 1024  # decompressed request body
MAX_PAYLOAD_BYTES = 256 * 1024  # one op's payload, JSON-encoded
MAX_PULL_LIMIT = 1000
DEFAULT_PULL_LIMIT = 500
MAX_BLOB_BYTES = 64 * 1024 * 1024
MAX_LEASE_COUNT = 1000
MAX_BLOB_CHUNK_BYTES = 8 * 1024 * 1024  # one PUT /blobs/{sha256} body
MAX_SMALL_BODY_BYTES = 64 * 1024  # enroll, leases, blob complete
LEASE_SERIES = ("case", "file", "agreement")  # desktop.domain.numbering.Series values
LEASE_MIN_YEAR = 2000
LEASE_MAX_YEAR = 2100
# Bounds on every value inside a payload (and on the numbers of a pulled change), so that one record a
# device could store never breaks another device reading it (an integer past SQLite's 64 bits, text
# longer than a column can hold, a nesting deeper than a recursive reader manages).
MAX_INT = 2**53 - 1  # JSON's safe integer range, and well inside SQLite's and PostgreSQL's BIGINT
MIN_INT = -MAX_INT
MAX_STRING_CHARS = 100_000  # one string value (a long mediation transcript fits)
MAX_KEY_CHARS = 64  # one object key
MAX_DEPTH = 8  # nesting of objects and lists inside a payload (the payload itself is depth 1)
MAX_PAYLOAD_VALUES = 20_000  # values (scalars, objects, lists) in one payload
# Values in one decoded request body, counted before parsing as commas + opening brackets + 1 (an upper
# bound on the values; commas inside strings count too): 8 MiB of "[0,0,0,…" is refused unparsed.
MAX_REQUEST_VALUES = 250_000

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
TOWNSHIP_CODE_RE = re.compile(r"^[0-9A-Za-z]{2,20}$")


class OpStatus(str, Enum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # same op id, same payload: already applied, nothing changed
    CONFLICT = "conflict"  # same op id with a different payload, or an upsert over a newer revision
    REJECTED = "rejected"  # invalid; code/field/message say why


class ErrorCode(str, Enum):
    INVALID_REQUEST = "invalid_request"
    INVALID_OP = "invalid_op"
    UNAUTHORIZED = "unauthorized"
    DEVICE_REVOKED = "device_revoked"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    PROTOCOL_VERSION = "protocol_version_unsupported"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    ENROLL_CODE_INVALID = "enroll_code_invalid"
    TRAINING_ONLY = "training_only"  # a training data folder asked to enrol with a real township
    CHECKSUM_MISMATCH = "checksum_mismatch"
    OFFSET_MISMATCH = "offset_mismatch"
    CURSOR_INVALID = "cursor_invalid"
    RATE_LIMITED = "rate_limited"
    CONFLICT = "conflict"
    LEASE_EXHAUSTED = "lease_exhausted"
    QUOTA_EXCEEDED = "quota_exceeded"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    INTERNAL = "internal_error"


ERROR_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_REQUEST: "请求格式不正确",
    ErrorCode.INVALID_OP: "记录内容不符合要求",
    ErrorCode.UNAUTHORIZED: "设备未登记或令牌无效，请重新登记本机",
    ErrorCode.DEVICE_REVOKED: "本机已被县平台停用，请联系县级管理员",
    ErrorCode.FORBIDDEN: "无权访问其他乡镇的数据",
    ErrorCode.NOT_FOUND: "找不到请求的内容",
    ErrorCode.PROTOCOL_VERSION: "客户端版本过旧，请升级软件后再同步",
    ErrorCode.PAYLOAD_TOO_LARGE: "提交的数据过大",
    ErrorCode.ENROLL_CODE_INVALID: "登记码无效、已使用或已过期",
    ErrorCode.TRAINING_ONLY: "这台电脑上是培训用的演示数据，只能登记到县平台上标为培训用的乡镇；"
    "正式使用请在新的数据文件夹中重新设置后登记。",
    ErrorCode.CHECKSUM_MISMATCH: "附件校验失败，请重新上传",
    ErrorCode.OFFSET_MISMATCH: "附件续传位置不一致",
    ErrorCode.CURSOR_INVALID: "同步游标无效",
    ErrorCode.RATE_LIMITED: "请求过于频繁，请稍后再试",
    ErrorCode.CONFLICT: "数据冲突",
    ErrorCode.LEASE_EXHAUSTED: "本年度该类编号已用尽，请联系县级管理员",
    ErrorCode.QUOTA_EXCEEDED: "本乡镇在县平台的附件存储空间已满，请联系县级管理员",
    ErrorCode.METHOD_NOT_ALLOWED: "不支持该请求方法",
    ErrorCode.INTERNAL: "县平台内部错误，请稍后再试",
}


@dataclass
class Op:
    """One queued local change. `op_id` is the idempotency key."""

    op_id: str
    entity: str
    entity_id: str
    action: str
    payload: dict[str, Any]
    created_at: str  # ISO 8601 UTC
    base_rev: int | None = None  # server revision the change was based on (upserts); None = new

    def to_wire(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class OpResult:
    op_id: str
    status: str
    rev: int | None = None  # the record's server revision after the op (upserts)
    code: str | None = None
    field: str | None = None
    message: str | None = None

    def to_wire(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Change:
    """One entry of the township's change feed returned by pull."""

    seq: int
    entity: str
    entity_id: str
    action: str
    payload: dict[str, Any]
    rev: int
    origin_device: str | None  # None = made by the county
    op_id: str | None = None

    def to_wire(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PullPage:
    changes: list[Change]
    cursor: str
    has_more: bool


@dataclass
class ApiError(Exception):
    code: str
    message: str
    field: str | None = None
    http_status: int = 400
    # dataclasses.field, qualified: the attribute `field` above shadows the bare name in this class body.
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return {"error": body}


def api_error(
    code: ErrorCode, http_status: int, field: str | None = None, message: str | None = None, **extra: Any
) -> ApiError:
    """An ApiError with the standard Chinese message for `code` unless `message` is given."""
    return ApiError(
        code.value, message or ERROR_MESSAGES[code], field=field, http_status=http_status, extra=dict(extra)
    )


def op_digest(op: Op, payload_sha: str | None = None) -> str:
    """What "the same op" means for idempotency: entity, id, action and payload (not base_rev/created_at).

    `payload_sha` is payload_digest(op.payload) when the caller already has it.
    """
    payload_sha = payload_sha or payload_digest(op.payload)
    return hashlib.sha256(f"{op.entity}\n{op.entity_id}\n{op.action}\n{payload_sha}".encode()).hexdigest()


def ids_digest(ids: list[str]) -> str:
    """Sanity digest of one entity: sha256 hex of the sorted record ids joined by "\n" (UTF-8)."""
    return hashlib.sha256("\n".join(sorted(ids)).encode("utf-8")).hexdigest()


def payload_digest(payload: dict[str, Any]) -> str:
    """Canonical hash of a payload: the same content always gives the same digest."""
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def encode_body(data: Any, compress: bool = True) -> bytes:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 keeps the bytes reproducible; level 6 is within ~1 % of 9 in size at half the CPU.
    return gzip.compress(raw, compresslevel=6, mtime=0) if compress else raw


def decode_body(body: bytes, content_encoding: str | None, limit: int = MAX_BODY_BYTES) -> Any:
    """A request body (gzip or plain) as JSON, bounded in bytes and in values before it is parsed.

    A gzip body is inflated piece by piece and refused as soon as it passes either bound, so a small
    body that expands to megabytes of tiny values costs only what it takes to see it is too big."""
    too_large = ApiError(
        ErrorCode.PAYLOAD_TOO_LARGE.value, ERROR_MESSAGES[ErrorCode.PAYLOAD_TOO_LARGE], http_status=413
    )
    too_many = ApiError(ErrorCode.PAYLOAD_TOO_LARGE.value, "请求中的数据项过多", http_status=413)
    if content_encoding and content_encoding.lower() == "gzip":
        out = bytearray()
        values = 0
        rest = body
        try:
            while rest:  # one gzip member per round (concatenated members are valid gzip)
                inflater = zlib.decompressobj(wbits=31)
                pending = rest
                while pending and not inflater.eof:
                    piece = inflater.decompress(pending, _INFLATE_PIECE)
                    pending = inflater.unconsumed_tail
                    out += piece
                    values += _value_marks(piece)
                    if len(out) > limit:
                        raise too_large
                    if values >= MAX_REQUEST_VALUES:
                        raise too_many
                    if not piece and not pending:
                        break
                if not inflater.eof:
                    raise zlib.error("truncated")
                rest = inflater.unused_data
        except zlib.error:
            raise ApiError(ErrorCode.INVALID_REQUEST.value, "请求体不是有效的 gzip 数据", http_status=400) from None
        body = bytes(out)
    else:
        if len(body) > limit:
            raise too_large
        if _value_marks(body) >= MAX_REQUEST_VALUES:
            raise too_many
    return loads(body)


_INFLATE_PIECE = 256 * 1024


def _value_marks(data: bytes) -> int:
    """An upper bound on the JSON values `data` adds: its commas and opening brackets."""
    return data.count(b",") + data.count(b"[") + data.count(b"{")


def loads(data: bytes | str) -> Any:
    """Strict JSON: NaN, Infinity and numbers that overflow to them (1e400) are refused (ValueError)."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; accepting them would echo invalid JSON back to other devices.
    raise ValueError(f"invalid JSON constant {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


OUT_OF_BOUNDS_MESSAGE = "字段取值超出允许范围（数值、文字长度或层级过大）"


def check_bounds(payload: object) -> str | None:
    """Where `payload` breaks the value bounds (a field path such as "payload.size"), or None if it keeps
    them: integers within MIN_INT..MAX_INT, finite floats, strings and keys within their lengths, at most
    MAX_DEPTH levels and MAX_PAYLOAD_VALUES values."""
    counter = [0]
    where = _out_of_bounds(payload, 1, counter)
    return None if where is None else "payload" + where


def _out_of_bounds(value: object, depth: int, counter: list[int]) -> str | None:
    """The path below `value` (".a[2]"; "" for `value` itself) of the first value out of bounds, or None.
    Scalars inside a container are checked inline: this runs for every op of every push."""
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None if _scalar_ok(value) else ""
    if depth > MAX_DEPTH:
        return ""
    counter[0] += len(value)
    if counter[0] > MAX_PAYLOAD_VALUES:
        return ""
    is_dict = isinstance(value, dict)
    for key, item in items:
        if is_dict and (type(key) is not str or len(key) > MAX_KEY_CHARS):
            return ""
        kind = type(item)
        if kind is str:
            if len(item) <= MAX_STRING_CHARS:
                continue
        elif kind is int:
            if MIN_INT <= item <= MAX_INT:
                continue
        elif item is None or kind is bool:
            continue
        else:
            below = _out_of_bounds(item, depth + 1, counter)
            if below is None:
                continue
            return (f".{key}" if is_dict else f"[{key}]") + below
        return f".{key}" if is_dict else f"[{key}]"
    return None


def _scalar_ok(value: object) -> bool:
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, int):
        return MIN_INT <= value <= MAX_INT
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, str):
        return len(value) <= MAX_STRING_CHARS
    return False


# Ids travel in the canonical lowercase form str(uuid.UUID(...)) gives: one spelling per record.
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _is_uuid(value: object) -> bool:
    return isinstance(value, str) and UUID_RE.match(value) is not None


def parse_op(raw: object) -> Op:
    """Validate one op from the wire; raise ApiError(invalid_op) naming the field."""
    return parse_op_canonical(raw)[0]


def parse_op_canonical(raw: object) -> tuple[Op, bytes]:
    """parse_op, also returning canonical_json(payload) (computed anyway for the size check)."""

    def bad(field_name: str, msg: str) -> ApiError:
        return ApiError(ErrorCode.INVALID_OP.value, msg, field=field_name, http_status=422)

    if not isinstance(raw, dict):
        raise bad("op", "每条记录应为一个对象")
    if not _is_uuid(raw.get("op_id")):
        raise bad("op_id", "op_id 应为 UUID")
    try:
        entity = Entity(raw.get("entity"))
    except ValueError:
        raise bad("entity", f"未知的记录类型：{raw.get('entity')!s:.40}") from None
    if not _is_uuid(raw.get("entity_id")):
        raise bad("entity_id", "entity_id 应为 UUID")
    try:
        action = Action(raw.get("action"))
    except ValueError:
        raise bad("action", "action 应为 upsert 或 append") from None
    if (entity in APPEND_ONLY) != (action is Action.APPEND):
        raise bad("action", f"{entity.value} 记录只能使用 {'append' if entity in APPEND_ONLY else 'upsert'}")
    payload = raw.get("payload")
    if not isinstance(payload, dict):
        raise bad("payload", "payload 应为对象")
    canonical = canonical_json(payload)
    if len(canonical) > MAX_PAYLOAD_BYTES:
        raise bad("payload", "单条记录内容过大")
    out_of_bounds = check_bounds(payload)
    if out_of_bounds is not None:
        raise bad(out_of_bounds[:100], OUT_OF_BOUNDS_MESSAGE)
    created_at = raw.get("created_at")
    if not isinstance(created_at, str) or len(created_at) > 40:
        raise bad("created_at", "created_at 应为 ISO 8601 时间")
    base_rev = raw.get("base_rev")
    if base_rev is not None and (
        not isinstance(base_rev, int) or isinstance(base_rev, bool) or not 0 <= base_rev <= MAX_INT
    ):
        raise bad("base_rev", "base_rev 应为非负整数")
    op = Op(
        op_id=str(raw["op_id"]),
        entity=entity.value,
        entity_id=str(raw["entity_id"]),
        action=action.value,
        payload=payload,
        created_at=created_at,
        base_rev=base_rev,
    )
    return op, canonical


# Required payload fields per entity and their JSON types ("uuid" = a UUID string). The server
# refuses an op missing one of them with invalid_op naming the field; other fields pass through.
REQUIRED_FIELDS: dict[Entity, dict[str, str]] = {
    Entity.CASE: {
        "number": "str",
        "channel": "str",
        "category": "str",
        "summary": "str",
        "registered_at": "str",
    },
    Entity.CASE_EVENT: {"case_id": "uuid", "kind": "str", "at": "str"},
    Entity.RECEPTION: {"visited_at": "str", "channel": "str", "people_count": "int"},
    Entity.MEDIATION: {"file_number": "str", "started_at": "str"},
    Entity.MEDIATION_RECORD: {"mediation_id": "uuid", "kind": "str", "held_at": "str"},
    Entity.AGREEMENT: {"mediation_id": "uuid", "number": "str", "terms": "list"},
    Entity.FOLLOWUP: {"case_id": "uuid", "visited_at": "str"},
    Entity.COUNTY_ITEM: {"kind": "str", "title": "str"},
    Entity.ATTACHMENT: {"case_id": "uuid", "sha256": "sha256", "size": "int", "filename": "str"},
}


_FIELD_CHECKS: dict[str, Callable[[object], bool]] = {
    "str": lambda v: isinstance(v, str) and v.strip() != "",
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "list": lambda v: isinstance(v, list),
    "uuid": _is_uuid,
    "sha256": lambda v: isinstance(v, str) and bool(SHA256_RE.match(v)),
}


# Required integer fields with a tighter maximum than MAX_INT.
FIELD_MAXIMA: dict[tuple[Entity, str], int] = {(Entity.ATTACHMENT, "size"): MAX_BLOB_BYTES}


def check_payload(entity: str, payload: dict[str, Any]) -> None:
    """Raise ApiError(invalid_op) if a required payload field is missing or of the wrong type."""
    kind_of = Entity(entity)
    for name, kind in REQUIRED_FIELDS[kind_of].items():
        value = payload.get(name)
        maximum = FIELD_MAXIMA.get((kind_of, name))
        if not _FIELD_CHECKS[kind](value) or (maximum is not None and value > maximum):  # type: ignore[operator]
            raise ApiError(
                ErrorCode.INVALID_OP.value,
                f"字段 {name} 缺失或格式不正确",
                field=f"payload.{name}",
                http_status=422,
            )


def change_problem(change: Change) -> str | None:
    """Why a pulled change cannot be applied as it stands (a short Chinese reason naming the field), or
    None: the value bounds the county applies to pushed ops. A device applies what passes and sets the
    rest aside."""
    if not _is_uuid(change.entity_id):
        return "记录编号 entity_id 格式不正确"
    try:
        entity = Entity(change.entity)
        action = Action(change.action)
    except ValueError:
        return "未知的记录类型或操作"
    if (entity in APPEND_ONLY) != (action is Action.APPEND):
        return "操作与记录类型不符"
    for name in ("seq", "rev"):
        value = getattr(change, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_INT:
            return f"{name} 超出允许范围"
    if not isinstance(change.payload, dict):
        return "记录内容 payload 不是对象"
    field = check_bounds(change.payload)
    if field is not None:
        return f"字段 {field} 取值超出允许范围"
    for (of, name), maximum in FIELD_MAXIMA.items():
        value = change.payload.get(name)
        if of is entity and isinstance(value, int) and value > maximum:
            return f"字段 payload.{name} 取值超出允许范围"
    # Required fields are not checked here: county-made records and records older than a rule still apply.
    return None


# Shapes of the non-push endpoints. Field names are the JSON keys.


@dataclass
class Health:
    status: str
    server_time: str  # ISO 8601 UTC, for clock-skew detection
    protocol_version: int
    min_protocol_version: int


# The key a PC makes once per enrolment attempt (secrets.token_urlsafe(32)) and sends with every try.
ENROLL_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
TOKEN_ROTATE_HEADER = "X-Token-Rotate"  # "due" on an answer: ask for a new token (POST /token)


@dataclass
class EnrollRequest:
    code: str
    device_name: str
    enroll_key: str | None = None  # same key on a retry = same enrolment (never a second device)


@dataclass
class SlotRenewal:
    device_slot: int  # a fallback slot no device of the township ever had; the old one is retired for good


@dataclass
class TokenRotation:
    token: str  # the new token; only its SHA-256 is kept
    previous_valid_until: str  # ISO 8601 UTC: the token this request came with works until then


@dataclass
class EnrollResponse:
    device_id: str
    token: str  # shown once; the server keeps only its SHA-256
    township_code: str
    township_name: str
    committee_name: str
    device_slot: int  # unique per township; feeds desktop.domain.numbering.fallback_value
    township_training: bool = False  # a training township (create-township --training); absent from older servers


@dataclass
class LeaseRequest:
    series: str
    year: int
    count: int


@dataclass
class Lease:
    series: str
    year: int
    start: int  # inclusive
    end: int  # inclusive


@dataclass
class BlobStatus:
    sha256: str
    size_received: int
    complete: bool


@dataclass
class SanityReport:
    township_code: str
    counts: dict[str, int]
    digests: dict[str, str]  # entity -> ids_digest of that entity's record ids
