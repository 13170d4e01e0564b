"""Number leases: blocks per township, series and year; never handed out twice."""

from __future__ import annotations

import threading

from sqlalchemy import text

from desktop.domain.numbering import FALLBACK_BASE
from tests.county.helpers import County, assert_error


def test_blocks_are_consecutive_per_series_and_year(county: County) -> None:
    code = county.township()
    device = county.device(code)
    first = device.post("/leases", json={"series": "case", "year": 2026, "count": 50}).json()
    assert first == {"series": "case", "year": 2026, "start": 1, "end": 50}
    second = device.post("/leases", json={"series": "case", "year": 2026, "count": 10}).json()
    assert (second["start"], second["end"]) == (51, 60)
    other_series = device.post("/leases", json={"series": "agreement", "year": 2026, "count": 5}).json()
    assert (other_series["start"], other_series["end"]) == (1, 5)
    other_year = device.post("/leases", json={"series": "case", "year": 2027, "count": 5}).json()
    assert other_year["start"] == 1
    # Another township has its own counters.
    stranger = county.device(county.township())
    assert stranger.post("/leases", json={"series": "case", "year": 2026, "count": 5}).json()["start"] == 1


def test_invalid_lease_requests(county: County) -> None:
    device = county.device(county.township())
    for body, field in (
        ({"series": "x", "year": 2026, "count": 1}, "series"),
        ({"series": "case", "year": 1900, "count": 1}, "year"),
        ({"series": "case", "year": "2026", "count": 1}, "year"),
        ({"series": "case", "year": 2026, "count": 0}, "count"),
        ({"series": "case", "year": 2026, "count": 1001}, "count"),
        ({"series": "case", "year": 2026, "count": True}, "count"),
    ):
        err = assert_error(device.post("/leases", json=body), 400, "invalid_request")
        assert err["field"] == field
    assert_error(device.post("/leases", json=[]), 400, "invalid_request")


def test_leases_stay_below_the_fallback_range(county: County) -> None:
    device = county.device(county.township())
    device.post("/leases", json={"series": "file", "year": 2030, "count": 1})
    with county.engine.begin() as conn:
        conn.execute(
            text("UPDATE lease_counters SET next_value = :v WHERE series = 'file' AND year = 2030"),
            {"v": FALLBACK_BASE - 10},
        )
    ok = device.post("/leases", json={"series": "file", "year": 2030, "count": 10}).json()
    assert ok["end"] == FALLBACK_BASE - 1
    assert_error(
        device.post("/leases", json={"series": "file", "year": 2030, "count": 1}), 409, "lease_exhausted"
    )


def test_concurrent_leases_never_overlap(county: County) -> None:
    code = county.township()
    devices = [county.device(code, f"{i}号机") for i in range(4)]
    granted: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            for _ in range(8):
                resp = devices[i % 4].post("/leases", json={"series": "case", "year": 2028, "count": 7})
                assert resp.status_code == 200, resp.text
                body = resp.json()
                with lock:
                    granted.append((body["start"], body["end"]))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    granted.sort()
    assert len(granted) == 48
    values = [v for start, end in granted for v in range(start, end + 1)]
    assert len(values) == len(set(values)) == 48 * 7
    assert values == list(range(1, 48 * 7 + 1))
