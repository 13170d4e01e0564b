"""One definition of an open and a resolved case (desktop/domain/enums.py), and every spelling tied to it.

SQL cannot import Python: the partial indexes, the statistics triggers of migration 0004 (frozen, as
migrations are) and any list of status codes in the source are checked here against the enums, so a
status added to CaseStatus, or moved between open and resolved, fails this test until every spelling
agrees. `township-desk stats` is a projection of `figures`: the two commands are compared here too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import run
from desktop.db import cipher
from desktop.db.models import OPEN_STATUS_SQL, RESOLVED_STATUS_SQL, status_in_sql
from desktop.domain.enums import OPEN_STATUSES, RESOLVED_STATUSES, CaseStatus, in_declaration_order

from .conftest import Scenario

ROOT = Path(__file__).resolve().parents[2]
OPEN = [s.value for s in in_declaration_order(OPEN_STATUSES)]
RESOLVED = [s.value for s in in_declaration_order(RESOLVED_STATUSES)]
STATUS_CODES = {s.value for s in CaseStatus}
# `status IN ( … )` in SQL, with or without a table prefix.
SQL_IN = re.compile(r"status\s+IN\s*\(([^)]*)\)", re.IGNORECASE)
# Two or more quoted status codes in one bracket: a list of statuses written out in Python or SQL.
QUOTED = r"""['"]([a-z_]+)['"]"""
LITERAL_LIST = re.compile(r"[(\[{]\s*" + QUOTED + r"(?:\s*,\s*" + QUOTED + r")+\s*,?\s*[)\]}]")


def _codes(inner: str) -> list[str]:
    return re.findall(QUOTED, inner)


def test_open_and_resolved_partition_the_statuses() -> None:
    assert frozenset(CaseStatus) == OPEN_STATUSES | RESOLVED_STATUSES
    assert not OPEN_STATUSES & RESOLVED_STATUSES
    assert RESOLVED == ["closed", "followed_up", "archived"]


def test_sql_constants_are_derived_from_the_enums() -> None:
    assert _codes(SQL_IN.search(OPEN_STATUS_SQL).group(1)) == OPEN  # type: ignore[union-attr]
    assert _codes(SQL_IN.search(RESOLVED_STATUS_SQL).group(1)) == RESOLVED  # type: ignore[union-attr]
    assert status_in_sql(OPEN_STATUSES, "cases.status") == "cases." + OPEN_STATUS_SQL


def test_every_status_list_in_the_schema_is_open_or_resolved(db: Any, paths: Any) -> None:
    """Partial indexes and statistics triggers as the migrations created them, read back from the database."""
    conn = cipher.connect(paths.database)
    try:
        objects = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
    finally:
        conn.close()
    seen: dict[str, list[str]] = {}
    for kind, name, sql in objects:
        for inner in SQL_IN.findall(sql):
            codes = _codes(inner)
            assert codes in (OPEN, RESOLVED), f"{kind} {name}: status IN ({inner}) is neither open nor resolved"
            seen.setdefault(kind, []).append(name)
    # The places that must exist: the open-case partial indexes and the resolved-case triggers.
    assert {"ix_cases_open_deadline", "ix_cases_open_registered"} <= set(seen.get("index", []))
    assert len(seen.get("trigger", [])) >= 3


def test_every_status_list_in_the_source_is_open_or_resolved() -> None:
    """Any list of two or more status codes written out in desktop/ (migrations included) or bench/."""
    found = 0
    for path in sorted([*ROOT.joinpath("desktop").rglob("*.py"), *ROOT.joinpath("bench").rglob("*.py")]):
        text = path.read_text(encoding="utf-8")
        for m in LITERAL_LIST.finditer(text):
            codes = _codes(m.group(0))
            if not set(codes) <= STATUS_CODES or len(set(codes)) < 2:
                continue  # another vocabulary (channels, outcomes, …)
            if set(codes) <= {"closed", "followed_up"} and path.name.startswith("bench"):
                continue  # the bench's "closed statuses" filter is a subset on purpose
            found += 1
            assert sorted(codes) in (sorted(OPEN), sorted(RESOLVED)), (
                f"{path.relative_to(ROOT)}: {m.group(0)} is neither the open nor the resolved statuses; "
                "derive it from OPEN_STATUSES / RESOLVED_STATUSES"
            )
    assert found >= 1  # migration 0004's frozen RESOLVED list at least


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert run(list(args)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_stats_json_is_the_core_of_figures_json(october: Scenario, paths: Any,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    d = str(paths.data_dir)
    period = ["--from", "2026-10-01", "--to", "2026-10-31"]
    stats = _cli_json(capsys, "--data-dir", d, "stats", *period, "--json")
    figures = _cli_json(capsys, "--data-dir", d, "figures", *period, "--json")
    # Counted by hand (tests/reports/conftest.py): four cases in October, one closed on the spot.
    assert (stats["cases_accepted"], stats["cases_resolved"], stats["visits"], stats["people_received"]) == (4, 1, 2, 4)
    assert stats["consultations"] == 1 and stats["resolution_rate"] == 0.25
    assert stats["by_category"] == {"邻里": 1, "合同": 1, "婚姻家庭": 1, "房屋宅基地": 1}
    assert stats["by_channel"] == {"walk_in": 3, "phone": 1}
    for key in ("people_received", "visits", "consultations", "cases_accepted", "cases_resolved",
                "resolution_rate"):
        assert stats[key] == figures["figures"][key], key
    for dim in ("by_category", "by_channel"):
        assert stats[dim] == {r["key"]: r["accepted"] for r in figures[dim] if r["accepted"]}, dim
    assert (stats["date_from"], stats["date_to"]) == ("2026-10-01", "2026-10-31")
