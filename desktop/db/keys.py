"""The database key of a data folder: a random 256-bit key that never sits in clear beside the database.

Where it is kept (docs/security.md):
- the OS key store through `keyring` (Windows Credential Manager, Secret Service / kernel keyring on
  Kylin and UOS) when a real backend exists; the data folder then holds only the recovery slot;
- otherwise ("wrapped" mode) the key is wrapped in `dbkey.json` once per local account, by a key derived
  from that account's password with scrypt (the same scrypt as its password hash), so signing in unlocks it;
- always in a recovery slot wrapped by the recovery code shown once at first run.

Failed sign-ins before the database is unlocked (wrapped mode) are counted in the key file itself, under
the same lockout rule as the accounts in the database (5 failures lock an account for 15 minutes):
deleting that record deletes the slots with it, and an edited record, or one put back from a copy older
than the database's last open, is found and audited when the database is next opened
(`users.settle_signins_before_unlock`). A copy taken after the last open and put back is not found.

A wrapped slot is `key XOR kek` with an HMAC-SHA256 tag, where kek and the tag key are HMAC-SHA256
expansions of `scrypt(secret, salt)` (a fresh salt per slot, so each kek pads exactly one key). A copied data folder on another PC therefore
opens nothing without a password or the recovery code. An unlocked key is cached per data folder for the
life of the process (`database_key`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.domain.accounts import (
    LOCKED_NOW,
    MAX_FAILED_ATTEMPTS,
    WRONG_CREDENTIALS,
    locked_message,
    locked_until,
)
from desktop.domain.errors import AuthError, DomainError

from .files import exclusive_lock, write_private

KEY_FILE = "dbkey.json"
KEY_LOCK = ".dbkey.json.lock"  # held around every read-modify-write of the key file (several processes)
KEY_BYTES = 32
FORMAT_VERSION = 1
ENV_KEYRING = "TOWNSHIP_DESK_KEYRING"  # "off": never use the OS store (tests; a PC whose store misbehaves)
# Non-interactive sign-in for scripts and child processes (the CLI also reads these): an account's
# password unlocks the key exactly as the login dialog does.
ENV_USER, ENV_PASSWORD = "TOWNSHIP_DESK_USER", "TOWNSHIP_DESK_PASSWORD"
# The GUI's sync child process: the parent writes the key (hex) as the first line of the child's stdin.
ENV_KEY_FROM_STDIN = "TOWNSHIP_DESK_KEY_FROM_STDIN"
KEYRING_SERVICE = "township-desk"
RECOVERY_SLOT = "recovery"
# scrypt cost of a slot: 2^17 * 128 * 8 = 128 MiB and about half a second, once per sign-in.
SLOT_N, SLOT_R, SLOT_P = 2**17, 8, 1
_MAXMEM = 256 * 1024 * 1024
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read aloud and typed back

_unlocked: dict[Path, bytes] = {}


class KeyUnavailable(DomainError):
    """The database is encrypted and this process has not unlocked its key."""


def _dir(data_dir: Path) -> Path:
    return Path(data_dir).resolve()


def data_dir_of(db_file: Path) -> Path:
    """The data folder whose key opens `db_file`: its own folder, or the one above (backups/)."""
    for folder in (db_file.parent, db_file.parent.parent):
        if (folder / KEY_FILE).exists():
            return folder
    return db_file.parent


def key_file(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_FILE


@contextmanager
def _editing(folder: Path) -> Iterator[KeyFile | None]:
    """The key file read under the folder's lock: a change saved inside the block loses no other
    process's change (the GUI, a scheduled sync, the CLI each unlock and write it). Keep scrypt outside."""
    with exclusive_lock(Path(folder) / KEY_LOCK):
        yield KeyFile.load(folder)


@dataclass
class KeyFile:
    data_id: str
    mode: str  # "keyring" or "wrapped"
    slots: dict[str, dict[str, Any]]
    # failed sign-ins before unlock: {"generation": n, "accounts": {user: {"failed", "locked_until"}},
    # "events": [{"user", "at"}], "dropped": n}; generation counts every failure ever recorded
    signin: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path) -> KeyFile | None:
        path = key_file(data_dir)
        if not path.exists():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        if int(raw.get("version", 0)) > FORMAT_VERSION:
            raise KeyUnavailable("密钥文件由更新版本的软件写入，当前软件无法打开。请安装最新版本；数据未做任何改动。")
        return cls(str(raw["data_id"]), str(raw["mode"]), dict(raw.get("slots", {})), dict(raw.get("signin", {})))

    def save(self, data_dir: Path) -> None:
        body: dict[str, Any] = {"version": FORMAT_VERSION, "data_id": self.data_id, "mode": self.mode,
                                "slots": self.slots}
        if self.signin:
            body["signin"] = self.signin
        write_private(key_file(data_dir), json.dumps(body, indent=2).encode())


# --- the OS key store --------------------------------------------------------------------

def os_store() -> Any | None:
    """The keyring backend when a real one exists here, else None (headless Linux, tests).

    keyring's own choice scans every installed backend through package entry points (~70 ms of a cold
    `print`); the first real backend found is pinned in `keyring_pin_file()` and later processes load just
    that class. A backend set in this process (`keyring.set_keyring`, tests) or by keyring's own
    configuration (PYTHON_KEYRING_BACKEND) wins over the pin; a pin that no longer loads is ignored."""
    if os.environ.get(ENV_KEYRING, "").lower() == "off":
        return None
    try:
        import keyring
        from keyring import core
        from keyring.backends import chainer, fail
    except ImportError:
        return None
    chosen_here = getattr(core, "_keyring_backend", None) is not None or bool(os.environ.get("PYTHON_KEYRING_BACKEND"))
    if not chosen_here:
        pinned = _pinned_backend()
        if pinned is not None:
            keyring.set_keyring(pinned)
            return pinned
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or (isinstance(backend, chainer.ChainerBackend) and not backend.backends):
        return None
    if getattr(backend, "priority", 0) <= 0:
        return None
    if not chosen_here and not isinstance(backend, chainer.ChainerBackend):
        _pin_backend(backend)
    return backend


def keyring_pin_file() -> Path:
    """Where the OS key store's backend class is remembered (per user, per PC: the user cache folder)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("township-desk", appauthor=False)) / "keyring-backend"


def _pinned_backend() -> Any | None:
    try:
        name = keyring_pin_file().read_text(encoding="utf-8").strip()
    except OSError:
        return None
    try:
        from keyring.core import load_keyring

        backend = load_keyring(name)  # imports that one module; its `priority` proves it usable here
    except Exception:  # gone (uninstalled, renamed) or not viable now: choose afresh
        return None
    return backend if getattr(backend, "priority", 0) > 0 else None


def _pin_backend(backend: Any) -> None:
    cls = type(backend)
    try:
        keyring_pin_file().parent.mkdir(parents=True, exist_ok=True)
        write_private(keyring_pin_file(), f"{cls.__module__}.{cls.__qualname__}\n".encode())
    except OSError:  # a read-only cache folder only costs the scan next time
        pass


def _store_get(data_id: str) -> bytes | None:
    backend = os_store()
    if backend is None:
        return None
    try:
        value = backend.get_password(KEYRING_SERVICE, data_id)
    except Exception:  # a locked or broken store: fall back to the password slots
        return None
    return bytes.fromhex(value) if value else None


def _store_put(data_id: str, key: bytes) -> bool:
    backend = os_store()
    if backend is None:
        return False
    try:
        backend.set_password(KEYRING_SERVICE, data_id, key.hex())
    except Exception:
        return False
    return True


# --- wrapping ----------------------------------------------------------------------------

def _digest(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=KEY_BYTES)


def _kek_and_mac(digest: bytes) -> tuple[bytes, bytes]:
    kek = hmac.new(digest, b"township-desk key-encryption key", hashlib.sha256).digest()
    mac = hmac.new(digest, b"township-desk key-slot tag", hashlib.sha256).digest()
    return kek, mac


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def wrap_with_digest(key: bytes, digest: bytes, salt: bytes, n: int, r: int, p: int, data_id: str) -> dict[str, Any]:
    """A slot whose unwrapping key comes from `scrypt(secret, salt, n, r, p) == digest`."""
    kek, mac_key = _kek_and_mac(digest)
    wrapped = bytes(a ^ b for a, b in zip(key, kek, strict=True))
    tag = hmac.new(mac_key, wrapped + data_id.encode(), hashlib.sha256).digest()
    return {"kdf": "scrypt", "n": n, "r": r, "p": p, "salt": _b64(salt), "wrapped": _b64(wrapped), "tag": _b64(tag)}


def wrap(key: bytes, secret: str, data_id: str) -> dict[str, Any]:
    salt = os.urandom(16)
    return wrap_with_digest(key, _digest(secret, salt, SLOT_N, SLOT_R, SLOT_P), salt, SLOT_N, SLOT_R, SLOT_P, data_id)


def unwrap(slot: dict[str, Any], secret: str, data_id: str) -> bytes | None:
    """The key, or None for a wrong secret (the same work either way)."""
    salt, wrapped, tag = (base64.b64decode(slot[k]) for k in ("salt", "wrapped", "tag"))
    kek, mac_key = _kek_and_mac(_digest(secret, salt, int(slot["n"]), int(slot["r"]), int(slot["p"])))
    expected = hmac.new(mac_key, wrapped + data_id.encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, tag):
        return None
    return bytes(a ^ b for a, b in zip(wrapped, kek, strict=True))


def _dummy_slot() -> dict[str, Any]:
    """A slot with the production scrypt cost that no secret opens; making it costs no scrypt, so the
    first unknown name in a fresh process (the CLI) costs exactly what a wrong password does."""
    return {"kdf": "scrypt", "n": SLOT_N, "r": SLOT_R, "p": SLOT_P,
            **{k: _b64(os.urandom(n)) for k, n in (("salt", 16), ("wrapped", KEY_BYTES), ("tag", 32))}}


_DUMMY: dict[str, Any] | None = None


def signin_name(data_id: str, username: str, known: bool) -> str:
    """The name failed sign-ins are counted under: an account's own name, or for a name with no account a
    keyed hash of it ("#" + hex), so names typed by mistake (or a password typed into the name field) are
    never stored in clear, yet an unknown name locks after 5 failures like an account."""
    name = username.strip()
    if known:
        return name
    return "#" + hmac.new(data_id.encode(), b"signin\0" + name.encode(), hashlib.sha256).hexdigest()[:32]


def signin_name_in(data_dir: Path, username: str, known: bool) -> str:
    """`signin_name` with this folder's data id (an empty one for a folder without a key file)."""
    meta = KeyFile.load(_dir(data_dir))  # read for an account too: the same work either way
    return signin_name(meta.data_id if meta else "", username, known)


def user_slot(username: str) -> str:
    return f"user:{username}"


# --- the key of a data folder ------------------------------------------------------------

def database_key(data_dir: Path) -> bytes:
    """The key of this folder's database: unlocked earlier in this process, or from the OS store."""
    folder = _dir(data_dir)
    cached = _unlocked.get(folder)
    if cached is not None:
        return cached
    meta = KeyFile.load(folder)
    if meta is None:
        raise KeyUnavailable("找不到本数据文件夹的密钥，无法打开数据库。请确认数据文件夹是否正确；数据未做任何改动。")
    key = _store_get(meta.data_id) if meta.mode == "keyring" else None
    if key is None and os.environ.get(ENV_USER) and os.environ.get(ENV_PASSWORD):
        return unlock(folder, os.environ[ENV_USER], os.environ[ENV_PASSWORD])
    if key is None:
        raise KeyUnavailable("数据库已加密，请用本机账号登录解锁（或用恢复码恢复）。")
    _unlocked[folder] = key
    return key


def has_key(data_dir: Path) -> bool:
    try:
        database_key(data_dir)
    except KeyUnavailable:
        return False
    return True


def needs_password(data_dir: Path) -> bool:
    """True when the database exists and only a password (or the recovery code) can unlock it."""
    return KeyFile.load(_dir(data_dir)) is not None and not has_key(data_dir)


def create_key(data_dir: Path) -> bytes:
    """A new random key for a new database: into the OS store when there is one, cached for this process."""
    folder = _dir(data_dir)
    with _editing(folder) as existing:
        if existing is not None:
            raise DomainError("本数据文件夹已有密钥，不能重新生成。")
        key = secrets.token_bytes(KEY_BYTES)
        data_id = str(uuid.uuid4())
        mode = "keyring" if _store_put(data_id, key) else "wrapped"
        KeyFile(data_id, mode, {}).save(folder)
    _unlocked[folder] = key
    return key


def unlock(data_dir: Path, username: str, password: str, now: datetime | None = None) -> bytes:
    """Unwrap the key with an account's password; an unknown name and a wrong password look the same.

    Both cost one scrypt at the production cost (a dummy slot for an unknown name) and one write of the
    key file counting the failure (under `signin_name`: a hash for an unknown name), both lock after 5
    failures with the same answers, and a locked name is refused before any work, exactly as
    `users.authenticate` does once the database is open."""
    global _DUMMY
    now = now or datetime.now(UTC)
    folder = _dir(data_dir)
    meta = KeyFile.load(folder)
    if meta is None:
        raise KeyUnavailable("找不到本数据文件夹的密钥，无法打开数据库。请确认数据文件夹是否正确；数据未做任何改动。")
    slot = meta.slots.get(user_slot(username.strip()))
    name = signin_name(meta.data_id, username, slot is not None)
    failed, until = _account_state(meta, name)
    if until is not None and until > now:
        raise AuthError(locked_message(until, now))
    if slot is None:
        _DUMMY = _DUMMY or _dummy_slot()
        key = unwrap(_DUMMY, password, "dummy")  # the same scrypt work as a real slot; never opens
    else:
        key = unwrap(slot, password, meta.data_id)  # scrypt, about a second: outside the lock
    with _editing(folder) as meta:  # read again: another process may have written meanwhile
        if meta is None:
            raise KeyUnavailable("找不到本数据文件夹的密钥，无法打开数据库。请确认数据文件夹是否正确；数据未做任何改动。")
        failed, until = _account_state(meta, name)
        if key is None:
            failed += 1
            rec = meta.signin
            rec["generation"] = int(rec.get("generation", 0)) + 1
            events = rec.setdefault("events", [])
            events.append({"user": name if slot is not None else "", "at": now.isoformat()})
            if len(events) > MAX_SIGNIN_EVENTS:  # bounded: the oldest are counted, not kept
                rec["dropped"] = int(rec.get("dropped", 0)) + len(events) - MAX_SIGNIN_EVENTS
                del events[:-MAX_SIGNIN_EVENTS]
            _put_account_state(meta, name, failed, locked_until(failed, now))
            meta.save(folder)
            raise AuthError(LOCKED_NOW if failed >= MAX_FAILED_ATTEMPTS else WRONG_CREDENTIALS)
        if failed or until is not None:
            _put_account_state(meta, name, 0, None)
            meta.save(folder)
    _unlocked[folder] = key
    return key


MAX_SIGNIN_EVENTS = 200


def _account_state(meta: KeyFile, name: str) -> tuple[int, datetime | None]:
    entry = meta.signin.get("accounts", {}).get(name) or {}
    until = entry.get("locked_until")
    return int(entry.get("failed", 0)), datetime.fromisoformat(until) if until else None


def _put_account_state(meta: KeyFile, name: str, failed: int, until: datetime | None) -> None:
    accounts = meta.signin.setdefault("accounts", {})
    if failed == 0 and until is None:
        accounts.pop(name, None)
    else:
        accounts[name] = {"failed": failed, "locked_until": until.isoformat() if until else None}


def set_signin_state(data_dir: Path, username: str, failed: int, until: datetime | None) -> None:
    """Mirror an account's failures and lockout from the database into the key file (wrapped mode), so a
    lockout earned after unlock still holds at the next start, before the database is unlocked."""
    folder = _dir(data_dir)
    with _editing(folder) as meta:
        if meta is None or meta.mode != "wrapped" or _account_state(meta, username) == (failed, until):
            return
        _put_account_state(meta, username, failed, until)
        meta.save(folder)


@dataclass
class SigninRecord:
    generation: int
    events: list[dict[str, str]]
    dropped: int
    accounts: dict[str, tuple[int, datetime | None]]


def signin_record(data_dir: Path) -> SigninRecord | None:
    meta = KeyFile.load(_dir(data_dir))
    if meta is None or meta.mode != "wrapped":
        return None
    rec = meta.signin
    names = list(rec.get("accounts", {}))
    return SigninRecord(int(rec.get("generation", 0)), list(rec.get("events", [])), int(rec.get("dropped", 0)),
                        {n: _account_state(meta, n) for n in names})


def clear_signin_events(data_dir: Path, taken: int, generation: int) -> None:
    """Forget the first `taken` failure events (now in the database's audit log); the counter never goes
    below `generation`, the value the database has taken in."""
    folder = _dir(data_dir)
    with _editing(folder) as meta:
        if meta is None:
            return
        rec = meta.signin
        del rec.setdefault("events", [])[:taken]
        rec["dropped"] = 0
        rec["generation"] = max(int(rec.get("generation", 0)), generation)
        meta.save(folder)


def recover(data_dir: Path, code: str) -> bytes:
    """Unwrap the key with the recovery code and put it back into the OS store when there is one."""
    folder = _dir(data_dir)
    meta = KeyFile.load(folder)
    slot = meta.slots.get(RECOVERY_SLOT) if meta else None
    if meta is None or slot is None:
        raise KeyUnavailable("本数据文件夹没有恢复码信息，无法用恢复码解锁。")
    key = unwrap(slot, normalize_recovery_code(code), meta.data_id)
    if key is None:
        raise AuthError("恢复码不正确")
    _unlocked[folder] = key
    if meta.mode == "keyring":
        _store_put(meta.data_id, key)
    return key


def set_slot(data_dir: Path, name: str, secret: str) -> None:
    """Wrap this folder's (unlocked) key under one more secret; replaces a slot of the same name."""
    folder = _dir(data_dir)
    key = database_key(folder)
    meta = KeyFile.load(folder)
    assert meta is not None
    slot = wrap(key, secret, meta.data_id)  # scrypt outside the lock; the data id never changes
    with _editing(folder) as meta:
        assert meta is not None
        meta.slots[name] = slot
        meta.save(folder)


def set_password_slot(data_dir: Path, username: str, password_hash: str) -> None:
    """In wrapped mode every account's password unlocks the key; with an OS store no password slot is kept.

    The slot is built from the account's stored scrypt hash (`scrypt$N$r$p$salt$digest`): signing in
    recomputes that digest from the password, so slots can be written for accounts whose password this
    process never saw (the upgrade of a plain database, an administrator creating an account).
    """
    folder = _dir(data_dir)
    try:
        scheme, n, r, p, salt_b64, digest_b64 = password_hash.split("$")
    except ValueError:
        return
    if scheme != "scrypt":
        return
    with _editing(folder) as meta:
        if meta is None or meta.mode != "wrapped":
            return
        meta.slots[user_slot(username)] = wrap_with_digest(
            database_key(folder), base64.b64decode(digest_b64), base64.b64decode(salt_b64), int(n), int(r), int(p),
            meta.data_id)
        meta.save(folder)


def remove_slot(data_dir: Path, name: str) -> None:
    folder = _dir(data_dir)
    with _editing(folder) as meta:
        if meta is not None and meta.slots.pop(name, None) is not None:
            meta.save(folder)


def new_recovery_code(data_dir: Path) -> str:
    """A new recovery code (about 120 bits) that unwraps the key; shown once, replaces any earlier one."""
    code = "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5)) for _ in range(5))
    set_slot(data_dir, RECOVERY_SLOT, normalize_recovery_code(code))
    return code


def normalize_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def has_recovery_code(data_dir: Path) -> bool:
    meta = KeyFile.load(_dir(data_dir))
    return meta is not None and RECOVERY_SLOT in meta.slots


def forget(data_dir: Path) -> None:
    """Drop the cached key (sign-out of the last window, tests)."""
    _unlocked.pop(_dir(data_dir), None)


def remember(data_dir: Path, key: bytes) -> None:
    """Cache a key this process obtained another way (a parent process handing it to a worker)."""
    _unlocked[_dir(data_dir)] = key


def read_key_from_stdin(data_dir: Path) -> None:
    """In a child process started with ENV_KEY_FROM_STDIN: take the key its parent wrote to our stdin."""
    import sys

    if os.environ.pop(ENV_KEY_FROM_STDIN, "") != "1":
        return
    line = sys.stdin.readline().strip()
    if len(line) == 2 * KEY_BYTES:
        remember(data_dir, bytes.fromhex(line))
