"""Fixtures: a real county server per test module, township PCs made from the migrated template."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sync.harness import PC, CountyServer, make_pc


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    server = CountyServer(tmp_path_factory.mktemp("county"))
    yield server
    server.close()


@pytest.fixture
def township(county: CountyServer) -> str:
    return county.township()


@pytest.fixture
def new_pc(
    tmp_path: Path, county: CountyServer, township: str, migrated_template: Path
) -> Iterator[Callable[..., PC]]:
    made: list[PC] = []

    def factory(name: str = "pc", code: str | None = None) -> PC:
        pc = make_pc(tmp_path / name, county, code or township, migrated_template, name)
        made.append(pc)
        return pc

    yield factory
    for pc in made:
        pc.close()
