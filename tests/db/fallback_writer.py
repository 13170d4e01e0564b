"""Child process for the fallback-numbering tests: registers cases on a folder made by `tests.test_cli.run`
(no county, so every number is an offline fallback number) and prints each number on its own line.

    python -m tests.db.fallback_writer DATA_DIR COUNT [--kill-after-journal]

With --kill-after-journal the process dies (os._exit) right after the last number's journal entry is
written, before its transaction commits: the kill the fallback journal must survive.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.config import Paths, Settings
from desktop.db import keys
from desktop.db.open import open_database
from desktop.db.services import numbers
from desktop.db.services.cases import register_case
from desktop.db.uow import SYSTEM, Context
from tests.db.helpers import two_party_form
from tests.test_cli import ADMIN

if __name__ == "__main__":
    paths = Paths(Path(sys.argv[1]))
    count = int(sys.argv[2])
    keys.unlock(paths.data_dir, ADMIN["TOWNSHIP_DESK_USER"], ADMIN["TOWNSHIP_DESK_PASSWORD"])
    ctx = Context(open_database(paths), Settings.load(paths.settings_file))
    if "--kill-after-journal" in sys.argv:
        real = numbers.reserve
        calls = 0

        def reserve_then_die(*args: object) -> None:
            global calls
            real(*args)  # type: ignore[arg-type]
            calls += 1
            if calls == count:
                os._exit(9)

        numbers.reserve = reserve_then_die  # type: ignore[assignment]
    for i in range(count):
        print(register_case(ctx, SYSTEM, two_party_form(summary=f"离线登记的第{i}件")).number, flush=True)
