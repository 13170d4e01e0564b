"""The sync engine: upload attachments, push the outbox, pull the feed, lease numbers, check sanity.

No Qt: progress goes to a callback. Each phase is crash-safe on its own (docs/sync-engine.md): ops are
marked 'sending' before they leave and a lost answer just means they are sent again (the server
answers "duplicate"); a pulled page commits together with its cursor.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, select

from desktop.db.blobs import blob_path, read_blob, write_blob
from desktop.db.engine import Database
from desktop.db.files import shred
from desktop.db.models import Attachment, Meta
from desktop.db.services import recovery, sync_pull, sync_push, sync_state
from desktop.db.services.numbers import LOW_WATER, remaining
from desktop.db.uow import get_meta
from desktop.domain.numbering import LEASE_BLOCK_SIZE, Series
from desktop.domain.records import Action

from . import protocol as p
from . import status as st
from .client import CountyClient, clock_skew_seconds
from .errors import ProtocolTooOld, Rejected, ServerBusy, ServerError, SyncError

log = logging.getLogger(__name__)
T = TypeVar("T")
Progress = Callable[[str, int, int | None], None]  # (phase, done, total or None)

REPAIR_TRIED_KEY = "sync.repair_tried"  # entity -> county digest at which re-sending did not remove the drift

PHASE_LABELS = {
    "health": "连接县平台",
    "upload": "上传附件",
    "push": "上传记录",
    "pull": "下载更新",
    "download": "下载附件",
    "lease": "领取编号",
    "sanity": "核对数据",
}


@dataclass
class SyncOptions:
    batch_size: int = p.MAX_BATCH_OPS
    pull_limit: int = p.DEFAULT_PULL_LIMIT
    max_attempts: int = 5  # per request, for transient failures
    backoff_base: float = 0.5  # seconds; doubles per attempt, full jitter
    backoff_max: float = 30.0
    retry_after_max: float = 120.0
    chunk_size: int = 1024 * 1024  # attachment upload chunk
    lease_count: int = LEASE_BLOCK_SIZE
    sanity: bool = True
    repair: bool = True  # send again records the county lacks (sanity check drift)


@dataclass
class SyncReport:
    pushed: int = 0  # ops the county answered (applied + duplicate + rejected + conflict)
    applied: int = 0  # applied or already there (duplicate)
    rejected: int = 0
    conflicts: int = 0
    pulled: int = 0  # changes received
    uploaded: int = 0  # attachments whose content reached the county
    downloaded: int = 0  # attachment contents fetched from the county (made on other PCs)
    missing_content: int = 0  # attachments whose content the county does not have (yet)
    requeued: int = 0  # records re-sent by the drift repair
    quarantined: int = 0  # pulled changes set aside as sync problems (could not be applied)
    repaired: dict[str, int] = field(default_factory=dict)  # entity -> records re-sent
    leased: int = 0  # number blocks leased
    drift: dict[str, Any] = field(default_factory=dict)
    ok: bool = False
    message: str = ""
    state: str = "offline"
    error_code: str | None = None
    skipped: int = 0  # pulled changes kept aside because the local record has unsent changes
    pull_complete: bool = False
    recovered: bool = False  # a recovery pull (after a restore or a lost file) completed in this sync
    outbox_drained: bool = False
    clock_skew_seconds: float | None = None
    retries: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SyncEngine:
    def __init__(
        self,
        db: Database,
        client: CountyClient,
        attachments_dir: Path,
        options: SyncOptions | None = None,
        progress: Progress | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
        local_year: int | None = None,
    ) -> None:
        self.db = db
        self.client = client
        self.attachments_dir = attachments_dir
        self.opt = options or SyncOptions()
        self.progress = progress or (lambda phase, done, total: None)
        self.sleep = sleep
        self.rng = rng
        self.local_year = local_year
        self._server_digests: dict[str, str] = {}

    # --- retries ---------------------------------------------------------------------------

    def call(self, report: SyncReport, fn: Callable[..., T], *args: Any) -> T:
        """Run one request; retry transient failures with exponential backoff and jitter."""
        attempt = 0
        while True:
            try:
                return fn(*args)
            except SyncError as e:
                attempt += 1
                if not e.transient or attempt >= self.opt.max_attempts:
                    raise
                report.retries += 1
                self.sleep(self.backoff(attempt, e))

    def backoff(self, attempt: int, error: SyncError | None = None) -> float:
        cap = min(self.opt.backoff_max, self.opt.backoff_base * (2 ** (attempt - 1)))
        delay = float(cap * self.rng())  # full jitter: PCs of a township do not retry in step
        if isinstance(error, ServerBusy) and error.retry_after is not None:
            delay = max(delay, min(error.retry_after, self.opt.retry_after_max))
        return delay

    # --- the whole sync ----------------------------------------------------------------------

    def run(self) -> SyncReport:
        """One full sync. Never raises SyncError: the report says how it ended, Meta keeps the status."""
        report = SyncReport()
        started = time.monotonic()
        now = _now_iso()
        sync_state.save_meta(self.db, {st.STATE: "syncing", st.LAST_ATTEMPT: now})
        self._shred_finished_partials()
        try:
            self._health(report)
            self._upload(report)
            self._push(report)
            self._recover(report)
            self._pull(report)
            self._download(report)
            self._lease(report)
            if self.opt.sanity:
                self._sanity(report)
            self._rotate_token()
        except SyncError as e:
            report.ok = False
            report.state = e.state
            report.error_code = e.code
            report.message = e.message
            report.seconds = time.monotonic() - started
            log.info("sync ended: %s (%s)", e.code, type(e).__name__)
            sync_state.save_meta(
                self.db,
                {
                    st.STATE: e.state,
                    st.LAST_ERROR: e.message,
                    st.LAST_ERROR_CODE: e.code,
                    st.LAST_REPORT: json.dumps(report.to_dict(), ensure_ascii=False),
                },
            )
            return report
        except BaseException:
            sync_state.save_meta(self.db, {st.STATE: "problem", st.LAST_ERROR: "同步意外中断", st.LAST_ERROR_CODE: "internal"})
            raise
        report.seconds = time.monotonic() - started
        with self.db.read() as s:
            counts = st.read_status(s, enrolled=True).counts
        problems = counts["rejected"] + counts["conflict"]
        report.ok = True
        report.state = "problem" if problems or report.drift or report.quarantined else "synced"
        parts = [f"上传 {report.applied} 条，下载 {report.pulled} 条"]
        if report.uploaded:
            parts.append(f"上传附件 {report.uploaded} 个")
        if report.downloaded:
            parts.append(f"下载附件 {report.downloaded} 个")
        if report.requeued:
            parts.append(f"重新上传县平台缺少的记录 {report.requeued} 条")
        if problems:
            parts.append(f"{problems} 条记录需要处理（被退回或有冲突）")
        if report.quarantined:
            parts.append(f"{report.quarantined} 条县平台下发的记录无法接收，已列入同步问题")
        if report.drift:
            parts.append("本机与县平台的数据核对不一致，建议执行数据修复")
        report.message = "同步完成：" + "，".join(parts)
        sync_state.save_meta(
            self.db,
            {
                st.STATE: report.state,
                st.LAST_SUCCESS: _now_iso(),
                st.LAST_ERROR: None,
                st.LAST_ERROR_CODE: None,
                st.DRIFT: json.dumps(report.drift, ensure_ascii=False) if report.drift else None,
                st.LAST_REPORT: json.dumps(report.to_dict(), ensure_ascii=False),
            },
        )
        return report

    # --- phases ------------------------------------------------------------------------------

    def _rotate_token(self) -> None:
        """The county asked for a new device token: get it now. A failure is not a sync failure (the
        current token keeps working through the county's grace period); the next sync asks again."""
        if not self.client.rotation_due:
            return
        try:
            self.client.rotate_token()
            log.info("device token rotated")
        except SyncError as e:
            log.info("token rotation postponed: %s", e.code)

    def _health(self, report: SyncReport) -> None:
        self.progress("health", 0, None)
        data = self.call(report, self.client.health)
        if int(data.get("min_protocol_version", 1)) > p.PROTOCOL_VERSION:
            raise ProtocolTooOld(p.ERROR_MESSAGES[p.ErrorCode.PROTOCOL_VERSION], code=p.ErrorCode.PROTOCOL_VERSION.value)
        try:
            skew = clock_skew_seconds(str(data["server_time"]))
        except ValueError:
            return
        report.clock_skew_seconds = round(skew, 1)
        sync_state.save_meta(self.db, {st.CLOCK_SKEW: f"{skew:.1f}"})

    def _upload(self, report: SyncReport) -> None:
        """Attachment contents, resumable: ask the county how much it has and send the rest."""
        after = ""
        while True:
            with self.db.read() as s:
                rows = s.execute(
                    select(Attachment.id, Attachment.sha256, Attachment.size)
                    .where(Attachment.uploaded.is_(False), Attachment.id > after)
                    .order_by(Attachment.id)
                    .limit(100)
                ).all()
            if not rows:
                return
            for att_id, sha, size in rows:
                after = att_id
                path = blob_path(self.attachments_dir, sha)
                if not path.exists():
                    log.warning("attachment content missing locally: %s", att_id)
                    continue
                self.progress("upload", report.uploaded, None)
                self._upload_one(report, sha, size)
                sync_state.mark_uploaded(self.db, sha)
                report.uploaded += 1

    def _upload_one(self, report: SyncReport, sha: str, size: int) -> None:
        state = self.call(report, self.client.blob_status, sha)
        if state.complete:
            return
        offset = state.size_received
        data = read_blob(self.attachments_dir, sha)  # sealed at rest; the wire carries the plaintext over TLS
        while offset < size:
            chunk = data[offset:offset + self.opt.chunk_size]
            try:
                state = self.call(report, self.client.blob_put, sha, offset, chunk)
            except Rejected as e:
                if e.code != p.ErrorCode.OFFSET_MISMATCH.value:
                    raise
                state = self.call(report, self.client.blob_status, sha)
                if state.complete:
                    return
            offset = state.size_received
        done = self.call(report, self.client.blob_complete, sha, size)
        if not done.complete:
            raise Rejected(p.ERROR_MESSAGES[p.ErrorCode.CHECKSUM_MISMATCH], code=p.ErrorCode.CHECKSUM_MISMATCH.value)

    def _download(self, report: SyncReport) -> None:
        """Contents of attachments that came down as metadata (made on another PC): fetch them into
        the local content-addressed store, so a case's scans open on every PC. Resumable: a cut-off
        download continues from the partial file; the SHA-256 is checked before the file is used."""
        after = ""
        while True:
            with self.db.read() as s:
                rows = s.execute(
                    select(Attachment.id, Attachment.sha256)
                    .where(Attachment.uploaded.is_(True), Attachment.id > after)
                    .order_by(Attachment.id)
                    .limit(500)
                ).all()
            if not rows:
                return
            for att_id, sha in rows:
                after = att_id
                path = blob_path(self.attachments_dir, sha)
                if path.exists():
                    continue
                self.progress("download", report.downloaded, None)
                try:
                    self.call(report, self._download_one, sha, path)
                except Rejected as e:
                    if e.code != p.ErrorCode.NOT_FOUND.value:
                        raise
                    # The county has the metadata but not the content yet (the other PC has not
                    # uploaded it): try again at the next sync.
                    report.missing_content += 1
                    continue
                report.downloaded += 1

    def _shred_finished_partials(self) -> None:
        """A download killed after its content was sealed into the store and before its plain partial was
        wiped leaves that partial behind, and the hash is never fetched again: wipe such partials now."""
        for partial in self.attachments_dir.glob(".download-*"):
            sha = partial.name.removeprefix(".download-")
            if blob_path(self.attachments_dir, sha).exists():
                shred(partial)
                log.info("plain download leftover wiped: %s", sha)

    def _download_one(self, sha: str, path: Path) -> None:
        partial = path.parent.parent / f".download-{sha}"
        partial.parent.mkdir(parents=True, exist_ok=True)
        self.client.blob_download(sha, partial)
        digest = hashlib.sha256()
        with partial.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1024 * 1024), b""):
                digest.update(chunk)
        if digest.hexdigest() != sha:
            shred(partial)  # plain bytes of someone's scan, even if not the right ones
            raise ServerError("下载的附件校验失败，稍后会自动重试", code="checksum_mismatch")
        write_blob(self.attachments_dir, sha, partial.read_bytes())  # sealed like every stored file
        shred(partial)

    def _push(self, report: SyncReport) -> None:
        """Drain the outbox, pipelined: while one batch is on the wire (a worker thread does the HTTP),
        the previous batch's answers are recorded and the next batch is claimed, in one transaction, so
        the PC's database work and its durable commit overlap the county's work."""
        size = self.opt.batch_size

        def upserts(ops: list[p.Op]) -> frozenset[str]:
            # Records whose upsert is on the wire wait: their base_rev comes from that answer.
            return frozenset(op.entity_id for op in ops if op.action == Action.UPSERT.value)

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as pool:
            ready = sync_push.claim_batch(self.db, "", size)
            after = ready[-1].op_id if ready else ""
            sending: tuple[list[p.Op], Future[list[p.OpResult]]] | None = None
            while True:
                if sending is None:
                    if not ready:
                        break
                    sending = (ready, pool.submit(self.call, report, self.client.push, ready))
                    ready = sync_push.claim_batch(self.db, after, size, upserts(ready))
                    after = ready[-1].op_id if ready else after
                    continue
                ops, future = sending
                # If this raises, `ready` stays 'sending' and goes with the next sync (as after a crash).
                results = future.result()
                sending = (ready, pool.submit(self.call, report, self.client.push, ready)) if ready else None
                counts, ready = sync_push.settle_and_claim(
                    self.db, ops, results, after, size, upserts(sending[0]) if sending else frozenset()
                )
                after = ready[-1].op_id if ready else after
                self._count(report, ops, counts)
        report.outbox_drained = True

    def _count(self, report: SyncReport, ops: list[p.Op], counts: sync_push.PushCounts) -> None:
        report.pushed += len(ops)
        report.applied += counts.applied + counts.duplicate
        report.rejected += counts.rejected
        report.conflicts += counts.conflict
        self.progress("push", report.pushed, None)

    def _recover(self, report: SyncReport) -> None:
        """After a restore or a lost file: pull the whole feed with this PC's own changes, then move the
        number counters past everything that came back (docs/recovery.md)."""
        with self.db.read() as s:
            if get_meta(s, recovery.RECOVERY_KEY) is None:
                return
        log.warning("recovery pull: fetching this PC's own records back from the county")
        self._pull(report, cursor_key=recovery.RECOVERY_CURSOR_KEY, include_own=True)
        # Fallback numbers given before the restore or loss and never sent are unknown to both sides:
        # a slot no device ever held keeps every later fallback number apart from them.
        slot: int | None = None
        try:
            slot = self.call(report, self.client.renew_slot)
        except Rejected as e:
            if e.code != p.ErrorCode.NOT_FOUND.value:
                raise
            # A county server older than POST /slot: keep the slot; the fallback journal still protects
            # every number given in this data folder (docs/numbering.md).
            log.warning("county has no fresh fallback slot to give; keeping the current one")
        with self.db.write() as s:
            recovery.retire_leases(s)
            if slot is not None:
                recovery.move_to_slot(s, self.db.path.parent, slot)
            recovery.advance_fallback(s)
            s.execute(delete(Meta).where(Meta.key.in_([recovery.RECOVERY_KEY, recovery.RECOVERY_CURSOR_KEY])))
        report.recovered = True

    def _pull(self, report: SyncReport, cursor_key: str = sync_state.CURSOR_KEY, include_own: bool = False) -> None:
        with self.db.read() as s:
            cursor = get_meta(s, cursor_key, "") or ""
        restarted = False
        while True:
            try:
                page = self.call(report, self.client.pull, cursor, self.opt.pull_limit, include_own)
            except Rejected as e:
                if e.code == p.ErrorCode.CURSOR_INVALID.value and not restarted:
                    # The county was restored from an older backup: read the whole feed again
                    # (applying is idempotent: upserts compare revisions, events merge by id).
                    log.warning("pull cursor refused; starting the feed over")
                    cursor, restarted = "", True
                    continue
                raise
            counts = sync_pull.apply_pull_page(self.db, page, cursor_key)
            report.pulled += len(page.changes)
            report.skipped += counts.skipped
            report.quarantined += counts.bad
            cursor = page.cursor
            self.progress("pull", report.pulled, None)
            if not page.has_more:
                break
        report.pull_complete = True

    def _lease(self, report: SyncReport) -> None:
        year = self.local_year or datetime.now().astimezone().year
        for series in Series:
            with self.db.read() as s:
                left = remaining(s, series, year)
            if left >= LOW_WATER:
                continue
            self.progress("lease", report.leased, None)
            lease = self.call(report, self.client.lease, series.value, year, self.opt.lease_count)
            sync_state.add_lease(self.db, lease.series, lease.year, lease.start, lease.end)
            report.leased += 1

    def _sanity(self, report: SyncReport) -> None:
        self.progress("sanity", 0, None)
        drift = self._compare(report)
        if drift:
            # Another PC may have pushed between our pull and the check: pull once more, then decide.
            self._pull(report)
            drift = self._compare(report)
        if drift and self.opt.repair:
            drift = self._repair(report, drift)
        report.drift = drift

    def _repair(self, report: SyncReport, drift: dict[str, Any]) -> dict[str, Any]:
        """The county lacks records this PC sent (restored from an older backup, say): send them
        again under new op ids and check once more. Only where we hold at least as many as the
        county; fewer means we lack records, which reading the feed again repairs."""
        with self.db.read() as s:
            tried: dict[str, str] = json.loads(get_meta(s, REPAIR_TRIED_KEY) or "{}")
        repaired: dict[str, int] = {}
        for entity, counts in drift.items():
            if counts["local"] < counts["server"]:
                continue
            if tried.get(entity) == self._server_digests.get(entity):
                # Re-sending did not help at this very state of the county (the missing records are
                # another PC's): do not send everything again at every sync; a new loss changes it.
                continue
            n = sync_state.requeue_for_repair(self.db, entity)
            if n:
                repaired[entity] = n
        if not repaired:
            return drift
        log.warning("drift: %s record(s) sent again (%s)", sum(repaired.values()), ", ".join(sorted(repaired)))
        report.requeued += sum(repaired.values())
        report.repaired = repaired
        self._push(report)
        drift = self._compare(report)
        tried = {e: self._server_digests.get(e, "") for e in repaired if e in drift}
        sync_state.save_meta(self.db, {REPAIR_TRIED_KEY: json.dumps(tried) if tried else None})
        return drift

    def _compare(self, report: SyncReport) -> dict[str, Any]:
        server = self.call(report, self.client.sanity)
        self._server_digests = dict(server.digests)
        with self.db.read() as s:
            local = sync_state.local_digests(s)
        drift: dict[str, Any] = {}
        for entity, digest in server.digests.items():
            n, mine = local.get(entity, (0, ""))
            if mine != digest:
                drift[entity] = {"local": n, "server": server.counts.get(entity, 0)}
        return drift


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
