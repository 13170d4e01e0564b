"""The attachment store: content-addressed files (named by the plaintext's SHA-256), encrypted at rest.

A stored file is `MAGIC + nonce (12 bytes) + AES-256-GCM(plaintext)` with the 16-byte tag at the end and
the SHA-256 (hex) as associated data, so a file moved to another name fails authentication. The AES key is
derived from the database key with HKDF-SHA256: whoever can open the database can open its attachments,
and nobody else. Naming by the plaintext's hash keeps identical scans stored once (a dedup across cases),
and lets a file be recognised as an old plain one: only a plain file hashes to its own name.

Old plain files are sealed in place once (`seal_store`), crash-safe like the database upgrade
(`encrypt.swap_in`: the name always holds either the intact plain file or the intact sealed one); a
marker file records that the whole store is sealed, so later starts do not read every file again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.domain.errors import DomainError

from . import keys
from .files import private_dir, write_private

log = logging.getLogger(__name__)
MAGIC = b"TDA1"
NONCE_BYTES = 12
SEALED_MARKER = ".sealed-v1"  # in the store: every file in it is sealed (written after the upgrade pass)
SEAL_LOCK = ".seal.lock"  # held by the one process sealing the store (the GUI and a scheduled CLI sync)
_NAME = re.compile(r"^[0-9a-f]{64}$")


class AttachmentUnreadable(DomainError):
    """A stored file that does not decrypt with this folder's key (damaged, or from another PC)."""


def blob_path(store: Path, sha256: str) -> Path:
    return store / sha256[:2] / sha256


def store_key(store: Path) -> bytes:
    """The AES key of a store (the `attachments` folder of a data folder), from its database key."""
    return derive_key(keys.database_key(Path(store).parent))


def derive_key(database_key: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"township-desk attachments v1")
    return hkdf.derive(database_key)


def seal(key: bytes, sha256: str, plaintext: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, plaintext, sha256.encode())


def unseal(key: bytes, sha256: str, data: bytes) -> bytes:
    if not data.startswith(MAGIC):
        raise AttachmentUnreadable("附件文件已损坏，无法打开")
    nonce = data[len(MAGIC):len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, data[len(MAGIC) + NONCE_BYTES:], sha256.encode())
    except InvalidTag:
        raise AttachmentUnreadable("附件无法用本机的密钥解密：文件已损坏或来自另一台电脑") from None


def _is_plain(data: bytes, sha256: str) -> bool:
    return hashlib.sha256(data).hexdigest() == sha256


def write_blob(store: Path, sha256: str, plaintext: bytes, key: bytes | None = None,
               replace_unreadable: bool = False) -> Path:
    """Seal `plaintext` into the store under its hash (atomic, 0600); a no-op when it is already there.

    With `replace_unreadable` (a restore, holding known-good content) an existing file that does not read
    back with this PC's key (damaged, or sealed by another PC) is replaced, atomically."""
    key = key if key is not None else store_key(store)
    target = blob_path(store, sha256)
    if target.exists():
        if not replace_unreadable:
            return target
        try:
            read_blob(store, sha256, key)
            return target
        except (AttachmentUnreadable, OSError):
            log.warning("attachment %s unreadable here, replaced by the restored content", sha256)
    private_dir(target.parent)
    write_private(target, seal(key, sha256, plaintext))
    return target


def read_blob(store: Path, sha256: str, key: bytes | None = None) -> bytes:
    """The plaintext of a stored file, checked against its hash."""
    path = blob_path(store, sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DomainError("附件内容不在本机（尚未从县级平台下载，或已丢失）") from None
    if _is_plain(data, sha256):
        return data  # a file of an older version not sealed yet (the store is sealed at the next start)
    plain = unseal(key if key is not None else store_key(store), sha256, data)
    if not _is_plain(plain, sha256):
        raise AttachmentUnreadable("附件文件已损坏，无法打开")
    return plain


def stored_files(store: Path) -> Iterator[Path]:
    if not store.is_dir():
        return
    for sub in sorted(store.iterdir()):
        if sub.is_dir() and len(sub.name) == 2:
            for f in sorted(sub.iterdir()):
                if _NAME.match(f.name):
                    yield f


def seal_file(path: Path, key: bytes) -> bool:
    """Replace one plain stored file by its sealed copy, crash-safe; True when it was plain."""
    from .encrypt import ENCRYPTING, finish_interrupted, swap_in

    def plain(p: Path) -> bool:
        return _is_plain(p.read_bytes(), p.name)

    finish_interrupted(path, plain)
    data = path.read_bytes()
    if not _is_plain(data, path.name):
        return False
    tmp = path.with_name(f"{path.name}{ENCRYPTING}-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(seal(key, path.name, data))
        fh.flush()
        os.fsync(fh.fileno())
    swap_in(path, tmp)
    return True


def is_sealed(store: Path) -> bool:
    return (store / SEALED_MARKER).exists()


def seal_store(store: Path, key: bytes | None = None) -> int:
    """Seal every plain file of a store (the upgrade of an older version); returns how many were sealed.

    Plain leftovers of older versions' interrupted copies (`.incoming-*`, `.download-*`) are wiped.
    One process at a time (`SEAL_LOCK`): a second one waits, then finds the store sealed.
    """
    if is_sealed(store) or not store.is_dir():
        return 0
    from .files import exclusive_lock, shred

    key = key if key is not None else store_key(store)
    done = 0
    with exclusive_lock(store / SEAL_LOCK):
        if is_sealed(store):
            return 0
        for leftover in list(store.glob(".incoming-*")) + list(store.glob(".download-*")):
            shred(leftover)
        for stray in store.glob("??/*.encrypting-*"):  # sealed copies of a killed pass: never plain
            stray.unlink(missing_ok=True)
        for path in stored_files(store):
            if seal_file(path, key):
                done += 1
        write_private(store / SEALED_MARKER, b"")
    if done:
        log.info("attachments sealed in place: %d files", done)
    return done
