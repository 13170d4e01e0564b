"""Child process for the kill test: one sync in small batches (so a SIGKILL lands mid-way)."""

from __future__ import annotations

import sys
from dataclasses import replace

from desktop.config import Paths
from desktop.sync import api
from tests.sync.harness import FAST

if __name__ == "__main__":
    report = api.sync_once(Paths(__import__("pathlib").Path(sys.argv[1])), options=replace(FAST, batch_size=10, pull_limit=10))
    sys.exit(0 if report.ok else 1)
