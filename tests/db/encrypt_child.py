"""Child process for the upgrade crash test: encrypts a plain data folder in place (until killed)."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.config import Paths
from desktop.db.open import prepare_key

if __name__ == "__main__":
    paths = Paths(Path(sys.argv[1]))
    print("ready", flush=True)
    prepare_key(paths)
    print("done", flush=True)
