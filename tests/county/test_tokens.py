"""Stolen tokens and enrolment codes: rotation with grace, last use, re-pull alerts, idempotent and
attempt-limited enrolment, code revocation, no public API description."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
import requests
from sqlalchemy import update

from county import service
from county.cli import main
from county.common import MAX_ENROLL_ATTEMPTS_PER_TOWNSHIP, MAX_ENROLL_FAILURES_PER_ADDRESS, D
from county.db import utcnow
from desktop.sync.protocol import API_PREFIX, PROTOCOL_VERSION, TOKEN_ROTATE_HEADER, VERSION_HEADER
from tests.county.helpers import County, Device, assert_error, case_op
from tests.county.server import issue_code

V = {VERSION_HEADER: str(PROTOCOL_VERSION)}


def _enroll(
    county: County, code: str, key: str | None, address: str, name: str = "窗口机"
) -> requests.Response:
    body = {"code": code, "device_name": name, **({"enroll_key": key} if key else {})}
    headers = {**V, "X-Forwarded-For": address}  # the test server trusts 127.0.0.1 as a proxy
    return requests.post(county.base_url + API_PREFIX + "/enroll", json=body, headers=headers, timeout=10)


def test_openapi_and_docs_are_not_served(county: County) -> None:
    for path in ("/openapi.json", "/docs", "/redoc"):
        assert_error(requests.get(county.base_url + API_PREFIX + path, timeout=10), 404, "not_found")
    assert requests.get(county.base_url + "/openapi.json", timeout=10).status_code == 404


def test_a_retry_with_the_same_key_gets_the_same_enrolment_never_a_second_slot(county: County) -> None:
    township = county.township()
    code = issue_code(county.db_url, township)
    key = "k" * 43
    first = _enroll(county, code, key, "10.1.0.1")
    assert first.status_code == 200, first.text
    # The answer was lost: the PC tries again with the same code and key.
    again = _enroll(county, code, key, "10.1.0.1")
    assert again.status_code == 200, again.text
    a, b = first.json(), again.json()
    assert (a["device_id"], a["device_slot"]) == (b["device_id"], b["device_slot"])
    assert a["token"] != b["token"]
    assert [d["device_id"] for d in service.list_devices(county.engine, township)] == [a["device_id"]]
    # The token of the lost answer is replaced; the one the PC now holds works.
    assert Device(county.base_url, b).get("/sanity").status_code == 200
    assert Device(county.base_url, a).get("/sanity").status_code == 401
    # Another PC (another key, or none) cannot use the code.
    assert_error(_enroll(county, code, "x" * 43, "10.1.0.2"), 403, "enroll_code_invalid")
    assert_error(_enroll(county, code, None, "10.1.0.2"), 403, "enroll_code_invalid")
    assert_error(_enroll(county, code, "bad key!", "10.1.0.2"), 400, "invalid_request")


def test_an_unused_code_can_be_revoked(county: County, capsys: pytest.CaptureFixture[str]) -> None:
    township = county.township()
    code = issue_code(county.db_url, township)
    assert main(["admin", "--db", county.db_url, "revoke-code", code]) == 0
    assert_error(_enroll(county, code, None, "10.2.0.1"), 403, "enroll_code_invalid")
    assert main(["admin", "--db", county.db_url, "revoke-code", code]) == 2
    assert "已使用、已撤销" in capsys.readouterr().err


def test_enrolment_attempts_are_limited_per_address_and_per_township(county: County) -> None:
    for _ in range(MAX_ENROLL_FAILURES_PER_ADDRESS):
        assert_error(_enroll(county, "AAAA-BBBB-CCCC", None, "10.3.0.1"), 403, "enroll_code_invalid")
    township = county.township()
    good = issue_code(county.db_url, township)
    limited = _enroll(county, good, None, "10.3.0.1")
    err = assert_error(limited, 429, "rate_limited")
    assert err["retry_after"] > 0
    # Another address is not affected, and the code was not consumed by the refused attempt.
    assert _enroll(county, good, None, "10.3.0.2").status_code == 200
    # Per township: attempts on its codes, from many addresses.
    codes = [issue_code(county.db_url, township) for _ in range(MAX_ENROLL_ATTEMPTS_PER_TOWNSHIP)]
    for i, c in enumerate(codes[:-1]):
        assert _enroll(county, c, None, f"10.4.{i}.1").status_code == 200
    assert_error(_enroll(county, codes[-1], None, "10.5.0.1"), 429, "rate_limited")


def test_admin_ttl_hours_out_of_range_is_a_clear_message(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    township = county.township()
    for ttl in ("1e308", "inf", "nan", "0", "-1", "100000", "abc"):
        with pytest.raises(SystemExit):
            main(["admin", "--db", county.db_url, "enroll-code", "--township", township, "--ttl-hours", ttl])
        assert "有效期" in capsys.readouterr().err
    with pytest.raises(ValueError, match="有效期"):
        service.issue_enroll_code(county.engine, township, 1e308)


def test_tokens_rotate_over_the_sync_with_a_grace_period(county: County) -> None:
    dev = county.device(county.township())
    assert TOKEN_ROTATE_HEADER not in dev.get("/sanity").headers
    with county.engine.begin() as conn:  # the token is older than the rotation period
        conn.execute(update(D).where(D.c.id == dev.id).values(token_issued_at=utcnow() - timedelta(days=31)))
    resp = dev.get("/sanity")
    assert resp.status_code == 200 and resp.headers[TOKEN_ROTATE_HEADER] == "due"
    rotated = dev.post("/token")
    assert rotated.status_code == 200, rotated.text
    new_token = rotated.json()["token"]
    assert new_token != dev.token and rotated.json()["previous_valid_until"]
    new = Device(county.base_url, {**dev.info, "token": new_token})
    assert TOKEN_ROTATE_HEADER not in new.get("/sanity").headers
    # The old token still works during the grace period (the PC may have lost the answer) and asks again.
    old = dev.get("/sanity")
    assert old.status_code == 200 and old.headers[TOKEN_ROTATE_HEADER] == "due"
    with county.engine.begin() as conn:
        conn.execute(
            update(D).where(D.c.id == dev.id).values(prev_token_expires_at=utcnow() - timedelta(seconds=1))
        )
    assert_error(dev.get("/sanity"), 401, "unauthorized")
    assert new.get("/sanity").status_code == 200


def test_county_sees_last_use_and_alerts_on_a_full_repull(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    township = county.township()
    dev = county.device(township)
    other = county.device(township, "另一台")
    other.push([case_op() for _ in range(3)])
    dev.session.headers["X-Forwarded-For"] = "10.9.8.7"
    changes, cursor = dev.pull_all()
    assert len(changes) == 3
    dev.pull_all(cursor)  # an ordinary incremental pull: no alert
    listed = {d["device_id"]: d for d in service.list_devices(county.engine, township)}
    assert listed[dev.id]["last_address"] == "10.9.8.7" and listed[dev.id]["last_used_at"]
    assert service.list_alerts(county.engine, township) == []
    # A copy of the token pulls everything from the start.
    thief = requests.Session()
    thief.headers.update({**dev.session.headers, "X-Forwarded-For": "203.0.113.5"})
    assert thief.get(dev.base + "/pull", params={"cursor": ""}, timeout=10).status_code == 200
    alerts = service.list_alerts(county.engine, township)
    assert [(a["kind"], a["device_id"], a["address"]) for a in alerts] == [
        ("full_repull", dev.id, "203.0.113.5")
    ]
    capsys.readouterr()
    assert main(["admin", "--db", county.db_url, "alerts", "--township", township, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["device_id"] == dev.id
    # A device that never finished a pull starting from the beginning is not an alert.
    fresh = county.device(township, "新机")
    fresh.get("/pull", params={"cursor": "", "limit": 1})
    fresh.get("/pull", params={"cursor": "", "limit": 1})
    assert len(service.list_alerts(county.engine, township)) == 1
    assert uuid.UUID(dev.id)
