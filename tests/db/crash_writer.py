"""Child process for the crash test: registers cases as fast as it can until killed."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.config import Paths, Settings
from desktop.db.open import open_database
from desktop.db.services.cases import register_case
from desktop.db.uow import SYSTEM, Context
from tests.db.helpers import two_party_form

if __name__ == "__main__":
    paths = Paths(Path(sys.argv[1]))
    ctx = Context(open_database(paths), Settings(township_code="220402"))
    print("ready", flush=True)
    i = 0
    while True:
        register_case(ctx, SYSTEM, two_party_form(summary=f"第{i}次写入的案件概要"))
        i += 1
