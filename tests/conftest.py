"""Shared fixtures: Qt offscreen, fresh databases copied from a migrated template, a signed-in actor."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # Two office screens, 1024×768 (primary) and 1366×768, instead of offscreen's 800×600 (tests/ui/watchdog.py).
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).parent / 'ui' / 'screens.json'}"
os.environ.setdefault("TOWNSHIP_DESK_TEST", "1")
# A headless test machine has no Secret Service: the password-wrapped key (keys.py "wrapped" mode) is the
# path every test takes, even on a developer's desktop with a key store. Subprocesses inherit this.
os.environ["TOWNSHIP_DESK_KEYRING"] = "off"

import pytest

from desktop.config import Paths, Settings
from desktop.db import keys
from desktop.domain import accounts
from desktop.domain.enums import Role

# Production scrypt costs (2^17, 128 MiB) per account would dominate the suite's time on a shared
# machine; in-process tests use 2^10 (1 MiB, about 1 ms; 2^14 cost 40 ms of CPU per account made or
# signed in, and most tests make one). Tests about the costs themselves set their own (test_accounts.py);
# tests/db/test_keys.py checks that the program itself uses 2^17. Subprocesses run with production costs.
accounts.SCRYPT_N = 2**10
keys.SLOT_N = 2**10


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated once per test session; each test gets a copy (fast, and truly fresh)."""
    from desktop.db.open import open_database

    folder = tmp_path_factory.mktemp("template")
    db = open_database(Paths(folder))
    db.dispose()
    return folder / "township.sqlite3"


@pytest.fixture
def paths(tmp_path: Path, migrated_template: Path) -> Paths:
    from tests.db.helpers import copy_database_folder

    p = Paths(tmp_path / "data").ensure()
    copy_database_folder(migrated_template, p)
    return p


@pytest.fixture
def settings(paths: Paths) -> Settings:
    s = Settings(
        center_name="示范镇社会治理服务中心",
        township_code="220402",
        township_name="示范镇",
        committee_name="示范镇人民调解委员会",
        committee_short="示",
        villages=["东风村", "红旗村", "幸福社区"],
        offices=["综治办", "司法所", "派出所"],
        setup_done=True,
    )
    s.save(paths.settings_file)
    return s


@pytest.fixture
def db(paths: Paths) -> Iterator[object]:
    from desktop.db.open import open_database

    database = open_database(paths)
    yield database
    database.dispose()


@pytest.fixture
def ctx(db: object, settings: Settings, paths: Paths) -> object:
    from desktop.db.uow import Context

    return Context(db, settings, paths.settings_file)  # type: ignore[arg-type]


@pytest.fixture
def admin(db: object) -> object:
    from desktop.db.services.users import actor_of, create_user

    return actor_of(create_user(db, None, "admin", "管理员", Role.ADMIN, "secret1", must_change=False))  # type: ignore[arg-type]
