"""Attachments: files copied into a content-addressed store (SHA-256), metadata queued for sync."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path

from desktop.domain.accounts import Permission
from desktop.domain.errors import DomainError

from ..models import Attachment, Case
from ..uow import Actor, Context

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


def blob_path(store: Path, sha256: str) -> Path:
    return store / sha256[:2] / sha256


def store_file(store: Path, source: Path) -> tuple[str, int]:
    """Copy a file into the store under its hash; atomic, and a no-op when the content is already there."""
    size = source.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise DomainError(f"附件不能超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")
    store.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=store, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            for chunk in iter(lambda: src.read(1024 * 1024), b""):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = blob_path(store, sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            os.unlink(tmp)
        else:
            shutil.move(tmp, target)
        return sha, size
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def add_attachment(ctx: Context, actor: Actor, store: Path, case_id: str, source: Path) -> Attachment:
    actor.require(Permission.RECEIVE)
    if not source.is_file():
        raise DomainError(f"找不到文件：{source.name}")
    sha, size = store_file(store, source)
    with ctx.unit(actor) as uow:
        if uow.session.get(Case, case_id) is None:
            raise DomainError("找不到该案件")
        mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        att = Attachment(case_id=case_id, filename=source.name[:200], sha256=sha, size=size, mime=mime, device_id=uow.device_id)
        uow.save(att, "add_attachment")
        uow.event(case_id, "attachment_added", {"attachment_id": att.id, "filename": att.filename})
        return att
