"""Fixtures for the county server tests: a real server per module, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from county.db import make_engine
from tests.county.helpers import County, Device
from tests.county.server import fresh_postgres_db, start_server

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=BACKENDS)
def county(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    tmp = tmp_path_factory.mktemp("county")
    drop = None
    if request.param == "postgres":
        pg = os.environ.get("COUNTY_TEST_PG_URL")
        if not pg:
            pytest.skip("COUNTY_TEST_PG_URL is not set")
        db_url, drop = fresh_postgres_db(pg)
    else:
        db_url = f"sqlite:///{tmp / 'county.sqlite3'}"
    base_url, stop = start_server(db_url, tmp / "blobs")
    engine = make_engine(db_url, pool_size=2)
    try:
        yield County(base_url, db_url, engine, tmp / "blobs")
    finally:
        engine.dispose()
        stop()
        if drop:
            drop()


@pytest.fixture(scope="module")
def fuzz_device(county: County) -> Device:
    return county.device(county.township(), "模糊测试")
