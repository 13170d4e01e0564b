"""Files the application writes are private to the signed-in OS user: 0600 files in 0700 folders (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077


def private_umask() -> None:
    """Every file and folder this process creates from now on is readable by its owner only."""
    os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Atomically replace `path` with `data`, 0600 from the first byte, fsynced."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def shred(path: Path) -> None:
    """Overwrite a file with zeros before removing it (a plain copy of personal data).

    On SSDs and copy-on-write file systems the old blocks may survive; docs/security.md says so.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as fh:
        chunk = b"\0" * (1 << 20)
        left = size
        while left > 0:
            n = min(left, len(chunk))
            fh.write(chunk[:n])
            left -= n
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()
