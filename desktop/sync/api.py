"""The sync facade the GUI and the CLI code against. Errors are SyncError (a DomainError) with a Chinese .message."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests

from desktop.config import Paths, Settings
from desktop.db.engine import Database, make_engine
from desktop.db.health import ensure_usable
from desktop.db.models import TOWNSHIP_TRAINING_KEY, Meta
from desktop.db.services import sync_problems, sync_state
from desktop.db.services.sync_problems import ProblemRecord
from desktop.db.uow import get_meta, set_meta

from . import status as st
from .client import CountyClient, clock_skew_seconds
from .engine import Progress, SyncEngine, SyncOptions, SyncReport
from .errors import NotEnrolled, ProtocolTooOld, SyncError
from .lock import SyncLock, is_locked
from .protocol import PROTOCOL_VERSION

__all__ = [
    "ProblemRecord",
    "SyncReport",
    "SyncStatus",
    "enroll",
    "problems",
    "requeue",
    "resolve_conflict",
    "status",
    "sync_once",
    "test_connection",
    "watch",
]

SyncStatus = st.SyncStatus
TOKEN_FILE = "device.token"
ENROLL_KEY_FILE = "enroll.key"


def token_path(paths: Paths) -> Any:
    return paths.data_dir / TOKEN_FILE


def read_token(paths: Paths) -> str | None:
    path = token_path(paths)
    if not path.exists():
        return None
    token = path.read_text(encoding="utf-8").strip()
    return token or None


def _write_token(paths: Paths, token: str) -> None:
    _write_private(token_path(paths), token)


def _write_private(path: Any, text: str) -> None:
    """Atomically (temp file, fsync, rename), readable by this user only."""
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def enroll_key_path(paths: Paths) -> Any:
    return paths.data_dir / ENROLL_KEY_FILE


def _enroll_key(paths: Paths, code: str) -> str:
    """The key of this enrolment attempt: made once per code and kept (0600, fsynced) until enrolment
    succeeds, so a retry after a lost answer — even after a restart — is recognised by the county as the
    same PC and gets the same enrolment."""
    code_id = hashlib.sha256(re.sub(r"[\s-]", "", code).upper().encode("utf-8")).hexdigest()
    path = enroll_key_path(paths)
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("code") == code_id and isinstance(kept.get("key"), str):
            return str(kept["key"])
    except (OSError, ValueError, AttributeError):
        pass
    key = secrets.token_urlsafe(32)
    _write_private(path, json.dumps({"code": code_id, "key": key}))
    return key


@contextmanager
def _database(paths: Paths) -> Iterator[Database]:
    from desktop.db.open import open_database

    db = open_database(paths)
    try:
        yield db
    finally:
        db.dispose()


def test_connection(url: str, allow_insecure: bool, session: requests.Session | None = None) -> dict[str, Any]:
    """Reach the county's health endpoint: {ok, server_time, protocol_version, clock_skew_seconds, message}."""
    client = CountyClient(url, session=session, allow_insecure=allow_insecure)
    data = client.health()
    if int(data.get("min_protocol_version", 1)) > PROTOCOL_VERSION:
        raise ProtocolTooOld("客户端版本过旧，请升级软件后再同步", code="protocol_version_unsupported")
    skew = clock_skew_seconds(str(data["server_time"]))
    message = "已连接县平台"
    if abs(skew) > st.SKEW_WARN_SECONDS:
        message += f"；本机时钟与县平台相差约 {abs(skew) / 60:.0f} 分钟，请校准系统时间"
    return {
        "ok": True,
        "url": client.base,
        "server_time": data["server_time"],
        "protocol_version": data["protocol_version"],
        "clock_skew_seconds": round(skew, 1),
        "message": message,
    }


def enroll(paths: Paths, url: str, code: str, device_name: str, session: requests.Session | None = None) -> dict[str, Any]:
    """Enrol this PC with a one-time code; keeps the token (0600 file), township info and device slot."""
    paths.ensure()
    settings = Settings.load(paths.settings_file)
    client = CountyClient(url, session=session, allow_insecure=settings.allow_insecure_http)
    client.health()
    key = _enroll_key(paths, code)
    result = client.enroll(code.strip(), (device_name or "").strip() or "乡镇工作台", key, _is_training(paths))
    _write_token(paths, result.token)
    enroll_key_path(paths).unlink(missing_ok=True)
    settings.county_url = url.strip()
    settings.township_code = result.township_code
    settings.township_name = result.township_name
    settings.committee_name = result.committee_name
    settings.save(paths.settings_file)
    with _database(paths) as db:
        renumbered = _reconcile_numbers(db, settings, paths, result.device_slot)
        sync_state.save_meta(
            db,
            {
                "device_slot": str(result.device_slot),
                st.COUNTY_DEVICE_ID: result.device_id,
                TOWNSHIP_TRAINING_KEY: "1" if result.township_training else "0",
                sync_state.CURSOR_KEY: "",
                st.STATE: "offline",
                st.LAST_ERROR: None,
                st.LAST_ERROR_CODE: None,
            },
        )
    from desktop.db.services.recovery import save_enrolment

    save_enrolment(paths.data_dir, result.device_id, result.device_slot)  # after the database exists
    return {
        "device_id": result.device_id,
        "township_code": result.township_code,
        "township_name": result.township_name,
        "committee_name": result.committee_name,
        "device_slot": result.device_slot,
        "renumbered": [r.__dict__ for r in renumbered],
    }


def _is_training(paths: Paths) -> bool:
    """Does this data folder hold demo (training) data? (`demo-data` marks it.)"""
    from desktop.db.models import TRAINING_KEY

    if not paths.database.exists():
        return False
    with _database(paths) as db, db.read() as s:
        return get_meta(s, TRAINING_KEY) is not None


def _reconcile_numbers(db: Database, settings: Settings, paths: Paths, new_slot: int) -> list[Any]:
    """Numbers issued before enrolment with a random slot move to the slot the county assigned (docs/numbering.md)."""
    from desktop.db.services.cases import number_format
    from desktop.db.services.enrolment import reconcile_pre_enrolment
    from desktop.db.uow import SYSTEM, Context

    with db.read() as s:
        old = get_meta(s, "device_slot")
    ctx = Context(db, settings, paths.settings_file)
    with ctx.unit(SYSTEM) as uow:
        _adopt_township(uow, settings.township_code)
        if old is None:
            return []
        moved = reconcile_pre_enrolment(uow, number_format(ctx), int(old), new_slot)
        set_meta(uow.session, "device_slot", str(new_slot))  # in the same transaction as the moves
    return moved


def _adopt_township(uow: Any, township_code: str) -> None:
    """Cases made before enrolment carry the township code typed in the setup wizard; the county refuses
    a record naming another township than the device's, so they take the township the county enrolled
    this PC in (and their queued ops with them)."""
    from sqlalchemy import select

    from desktop.db.models import Case

    for case in uow.session.scalars(select(Case).where(Case.township_code != township_code, Case.township_code != "")):
        case.township_code = township_code
        uow.save(case, "adopt_township")


def make_client(paths: Paths, session: requests.Session | None = None, timeout: tuple[float, float] | None = None) -> CountyClient:
    settings = Settings.load(paths.settings_file)
    token = read_token(paths)
    if not token or not settings.county_url:
        raise NotEnrolled("本机尚未在县平台登记，请先登记本机")
    client = CountyClient(settings.county_url, token=token, session=session, allow_insecure=settings.allow_insecure_http)
    client.token_store = lambda new: _write_token(paths, new)  # atomically, before it is used
    if timeout is not None:
        client.timeout = timeout
    return client


def sync_once(
    paths: Paths,
    progress: Progress | None = None,
    session: requests.Session | None = None,
    options: SyncOptions | None = None,
    timeout: tuple[float, float] | None = None,
) -> SyncReport:
    """One full sync under the data folder's lock. Known failures come back in the report (ok=False,
    message, state); only "another sync is running" and "not enrolled" are raised (SyncBusy, NotEnrolled)."""
    client = make_client(paths, session, timeout)
    with SyncLock(paths.sync_lock), _database(paths) as db:
        engine = SyncEngine(db, client, paths.attachments, options=options, progress=progress)
        return engine.run()


def status(paths: Paths) -> st.SyncStatus:
    """Cheap and read-only: no migration, no network."""
    enrolled = read_token(paths) is not None
    if not paths.database.exists():
        return st.SyncStatus(
            state="not_enrolled" if not enrolled else "offline",
            label=st.STATE_LABELS["not_enrolled" if not enrolled else "offline"],
            counts={s: 0 for s in st.OUTBOX_STATES},
            pending=0,
            problems=0,
            last_success=None,
            last_attempt=None,
            last_error=None,
            last_error_code=None,
            clock_skew_seconds=None,
            clock_warning=None,
            enrolled=enrolled,
        )
    ensure_usable(paths.database, paths.settings_file, paths.backups)
    db = Database(paths.database, make_engine(paths.database))
    try:
        with db.read() as s:
            meta_state = s.get(Meta, st.STATE)
            held = is_locked(paths.sync_lock) if meta_state is not None and meta_state.value == "syncing" else None
            return st.read_status(s, enrolled=enrolled, lock_held=held)
    finally:
        db.dispose()


def problems(paths: Paths) -> list[ProblemRecord]:
    with _database(paths) as db, db.read() as s:
        return sync_problems.problem_records(s)


def requeue(paths: Paths, op_id: str) -> str:
    with _database(paths) as db:
        return sync_problems.requeue(db, op_id)


def dismiss(paths: Paths, actor: Any, problem_id: str, reason: str) -> None:
    """Do not take a pulled change this PC could not apply (audited, with the reason)."""
    with _database(paths) as db:
        sync_problems.dismiss_quarantined(db, actor, problem_id, reason)


def resolve_conflict(paths: Paths, op_id: str, keep: str) -> str | None:
    with _database(paths) as db:
        return sync_problems.resolve_conflict(db, op_id, keep)


@dataclass
class WatchOptions:
    interval: float = 300.0  # between syncs when all is well
    probe_interval: float = 15.0  # while the county cannot be reached


def watch(
    paths: Paths,
    stop: threading.Event,
    interval: float = 300.0,
    probe_interval: float = 15.0,
    on_report: Callable[[SyncReport], None] | None = None,
    session: requests.Session | None = None,
    options: SyncOptions | None = None,
) -> None:
    """Sync by itself: probe until the county is reachable, sync, then again every `interval` seconds.

    Returns when `stop` is set, or when a failure needs a person (token revoked/expired, protocol, TLS)."""
    while not stop.is_set():
        client = make_client(paths, session)
        try:
            client.health()
        except SyncError as e:
            if not e.transient:
                _final(paths, e)
                if on_report:
                    on_report(SyncReport(ok=False, message=e.message, state=e.state, error_code=e.code))
                return
            stop.wait(probe_interval)
            continue
        try:
            report = sync_once(paths, session=session, options=options)
        except SyncError as e:  # another sync is running: try again later
            report = SyncReport(ok=False, message=e.message, state=e.state, error_code=e.code)
        if on_report:
            on_report(report)
        if not report.ok and report.state == "problem" and report.error_code in FINAL_CODES:
            return
        stop.wait(interval if report.ok else probe_interval)


FINAL_CODES = frozenset({"protocol_version_unsupported", "unauthorized", "device_revoked", "tls"})


def _final(paths: Paths, e: SyncError) -> None:
    with _database(paths) as db:
        sync_state.save_meta(db, {st.STATE: e.state, st.LAST_ERROR: e.message, st.LAST_ERROR_CODE: e.code})
