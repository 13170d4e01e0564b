"""Child process for the attachment-upgrade crash test: seals a plain store in place (until killed)."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.db.blobs import derive_key, seal_store

if __name__ == "__main__":
    key = bytes.fromhex(sys.stdin.readline().strip())
    print("ready", flush=True)
    if "--wait-go" in sys.argv:
        assert sys.stdin.readline().strip() == "go"
    seal_store(Path(sys.argv[1]), derive_key(key))
    print("done", flush=True)
