"""Child process for the key-file race tests: waits for "go" on stdin, then changes dbkey.json once.

`slot NAME`: adds a slot (the key comes first on stdin); `fail USER`: a wrong password for USER."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from desktop.db import keys
from desktop.domain.errors import AuthError

if __name__ == "__main__":
    data_dir, mode, name = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    if mode == "slot":
        keys.remember(data_dir, bytes.fromhex(sys.stdin.readline().strip()))
    print("ready", flush=True)
    assert sys.stdin.readline().strip() == "go"
    if mode == "slot":
        keys.set_slot(data_dir, name, f"secret-of-{name}")
    else:
        with contextlib.suppress(AuthError):
            keys.unlock(data_dir, name, "wrong-password")
    print("done", flush=True)
