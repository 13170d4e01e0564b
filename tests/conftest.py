"""Shared fixtures: Qt offscreen, fresh databases copied from a migrated template, a signed-in actor."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # Two office screens, 1024×768 (primary) and 1366×768, instead of offscreen's 800×600 (tests/ui/watchdog.py).
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).parent / 'ui' / 'screens.json'}"
os.environ.setdefault("TOWNSHIP_DESK_TEST", "1")

import pytest

from desktop.config import Paths, Settings
from desktop.domain.enums import Role


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
    p = Paths(tmp_path / "data").ensure()
    shutil.copy(migrated_template, p.database)
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

    return actor_of(create_user(db, None, "admin", "管理员", Role.ADMIN, "secret1"))  # type: ignore[arg-type]
