"""Attachments: files sealed into the encrypted content-addressed store (`blobs`), metadata queued for sync."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from desktop.domain.accounts import Permission
from desktop.domain.errors import DomainError

from ..blobs import blob_path, read_blob, write_blob
from ..files import write_private
from ..models import Attachment, AuditEntry, Case
from ..uow import Actor, Context

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
SAVE_COPY = "save_attachment"  # audit action: an attachment's content written out in clear

__all__ = ["MAX_ATTACHMENT_BYTES", "add_attachment", "blob_path", "save_copy", "store_file"]


def store_file(store: Path, source: Path) -> tuple[str, int]:
    """Seal a file into the store under its plaintext's hash; atomic, a no-op when the content is there."""
    size = source.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise DomainError(f"附件不能超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")
    data = source.read_bytes()
    if len(data) > MAX_ATTACHMENT_BYTES:  # grew while we looked
        raise DomainError(f"附件不能超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")
    sha = hashlib.sha256(data).hexdigest()
    write_blob(store, sha, data)
    return sha, len(data)


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


def save_copy(ctx: Context, actor: Actor, store: Path, attachment_id: str, target: Path) -> Path:
    """Write an attachment's content in clear to a file the user chose (to open, print or hand over);
    audited like every disclosure of personal data (who, when, which attachment).

    The permission is the one the case view's attachment panel asks for (RECEIVE). The audit entry is
    committed first, in the transaction that finds the attachment: no clear copy is written unless its
    disclosure is on record (a busy or failing database refuses the copy)."""
    actor.require(Permission.RECEIVE)
    with ctx.db.read() as s:
        att = s.get(Attachment, attachment_id)
        if att is None:
            raise DomainError("找不到该附件")
        sha = att.sha256
    data = read_blob(store, sha)  # an unreadable file fails here, before anything is recorded or written
    with ctx.db.write() as s:
        if s.get(Attachment, attachment_id) is None:
            raise DomainError("找不到该附件")
        s.add(AuditEntry(actor=actor.username, action=SAVE_COPY, entity="attachment", entity_id=attachment_id))
    write_private(target, data)
    return target
