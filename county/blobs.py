"""Content-addressed attachment storage: upload state in the database, bytes on disk.

Layout under the blob directory: `partial/<township id>/<sha256>` while an upload is in progress,
`objects/<sha[:2]>/<sha256>` once its checksum is verified. The database row says how many bytes
count; a partial file longer than that (a crash between write and commit) is truncated on the next write.
"""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from county.db import utcnow
from county.models import Blob, Township
from desktop.sync.protocol import MAX_BLOB_BYTES, BlobStatus, ErrorCode, api_error

B = cast(Table, Blob.__table__)
T = cast(Table, Township.__table__)
# An upload nobody continued for this long is dropped (its bytes and its row); the client starts over.
PARTIAL_TTL = timedelta(hours=48)
DEFAULT_QUOTA_BYTES = 20 * 1024**3  # per township, completed and partial uploads together


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def partial_path(self, township_id: int, sha: str) -> Path:
        return self.root / "partial" / str(township_id) / sha

    def object_path(self, sha: str) -> Path:
        return self.root / "objects" / sha[:2] / sha

    def status(self, engine: Engine, township_id: int, sha: str) -> BlobStatus:
        with engine.connect() as conn:
            row = conn.execute(
                select(B.c.received, B.c.complete).where(B.c.township_id == township_id, B.c.sha256 == sha)
            ).first()
        if row is None:
            return BlobStatus(sha256=sha, size_received=0, complete=False)
        return BlobStatus(sha256=sha, size_received=int(row.received), complete=bool(row.complete))

    def _locked_row(self, conn: Connection, township_id: int, sha: str) -> tuple[int, bool]:
        key = (B.c.township_id == township_id) & (B.c.sha256 == sha)
        row = conn.execute(
            update(B).where(key).values(updated_at=utcnow()).returning(B.c.received, B.c.complete)
        ).first()
        if row is not None:
            return int(row[0]), bool(row[1])
        conn.execute(
            insert(B).values(
                township_id=township_id, sha256=sha, received=0, complete=False, updated_at=utcnow()
            )
        )
        return 0, False

    def write(self, engine: Engine, township_id: int, sha: str, offset: int, data: bytes) -> BlobStatus:
        for attempt in range(3):
            try:
                return self._write(engine, township_id, sha, offset, data)
            except IntegrityError:  # two first chunks raced to create the row; the loser retries
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def expire_partials(self, engine: Engine, township_id: int | None = None) -> int:
        """Drop unfinished uploads untouched for PARTIAL_TTL (of one township, or all); returns how many."""
        cutoff = utcnow() - PARTIAL_TTL
        where = [B.c.complete.is_(False), B.c.updated_at < cutoff]
        if township_id is not None:
            where.append(B.c.township_id == township_id)
        with engine.begin() as conn:
            stale = conn.execute(select(B.c.township_id, B.c.sha256).where(*where).limit(1000)).all()
            for tid, sha in stale:
                conn.execute(delete(B).where(B.c.township_id == tid, B.c.sha256 == sha, *where))
        for tid, sha in stale:  # after the commit: a crash in between leaves only an orphan file
            self.partial_path(tid, sha).unlink(missing_ok=True)
        return len(stale)

    def _check_quota(self, conn: Connection, township_id: int, adding: int) -> None:
        used = conn.execute(
            select(func.coalesce(func.sum(B.c.received), 0)).where(B.c.township_id == township_id)
        )
        quota = conn.execute(select(T.c.quota_bytes).where(T.c.id == township_id)).scalar()
        limit = DEFAULT_QUOTA_BYTES if quota is None else int(quota)
        if int(used.scalar_one()) + adding > limit:
            raise api_error(ErrorCode.QUOTA_EXCEEDED, 413, quota_bytes=limit)

    def _write(self, engine: Engine, township_id: int, sha: str, offset: int, data: bytes) -> BlobStatus:
        if offset == 0:  # a new upload (or a restart): sweep this township's abandoned ones first
            self.expire_partials(engine, township_id)
        with engine.begin() as conn:
            received, complete = self._locked_row(conn, township_id, sha)
            if complete:
                return BlobStatus(sha256=sha, size_received=received, complete=True)
            if offset != received:
                raise api_error(ErrorCode.OFFSET_MISMATCH, 409, field="offset", offset=received)
            if offset + len(data) > MAX_BLOB_BYTES:
                raise api_error(ErrorCode.PAYLOAD_TOO_LARGE, 413, message="附件超过大小上限")
            self._check_quota(conn, township_id, len(data))
            path = self.partial_path(township_id, sha)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "r+b" if path.exists() else "w+b") as fh:
                fh.truncate(received)
                fh.seek(received)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            received += len(data)
            conn.execute(
                update(B).where(B.c.township_id == township_id, B.c.sha256 == sha).values(received=received)
            )
        return BlobStatus(sha256=sha, size_received=received, complete=False)

    def complete(self, engine: Engine, township_id: int, sha: str, size: int) -> BlobStatus:
        mismatch = False
        with engine.begin() as conn:
            received, complete = self._locked_row(conn, township_id, sha)
            if complete:
                return BlobStatus(sha256=sha, size_received=received, complete=True)
            if size != received:
                raise api_error(ErrorCode.OFFSET_MISMATCH, 409, field="size", offset=received)
            path = self.partial_path(township_id, sha)
            digest = hashlib.sha256()
            if path.exists():
                with open(path, "rb") as fh:
                    remaining = received
                    while remaining > 0:
                        chunk = fh.read(min(1 << 20, remaining))
                        if not chunk:
                            break
                        digest.update(chunk)
                        remaining -= len(chunk)
            if digest.hexdigest() != sha:
                mismatch = True
                path.unlink(missing_ok=True)
                conn.execute(
                    update(B).where(B.c.township_id == township_id, B.c.sha256 == sha).values(received=0)
                )
            else:
                target = self.object_path(sha)
                target.parent.mkdir(parents=True, exist_ok=True)
                if path.exists():
                    with open(path, "r+b") as fh:
                        fh.truncate(received)
                    os.replace(path, target)
                elif not target.exists():
                    target.write_bytes(b"")  # the empty blob
                conn.execute(
                    update(B).where(B.c.township_id == township_id, B.c.sha256 == sha).values(complete=True)
                )
        if mismatch:  # raised after commit: the discarded partial stays discarded
            raise api_error(ErrorCode.CHECKSUM_MISMATCH, 409, offset=0)
        return BlobStatus(sha256=sha, size_received=received, complete=True)

    def content_path(self, engine: Engine, township_id: int, sha: str) -> Path | None:
        status = self.status(engine, township_id, sha)
        path = self.object_path(sha)
        return path if status.complete and path.exists() else None
