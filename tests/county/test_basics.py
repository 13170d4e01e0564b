"""Health, versioning, enrollment, authentication and the error model, over HTTP."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
import requests
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from county import db as county_db
from county import service
from county.models import Base
from desktop.sync.protocol import API_PREFIX, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, VERSION_HEADER
from tests.county.helpers import County, assert_error
from tests.county.server import issue_code

V = {VERSION_HEADER: str(PROTOCOL_VERSION)}


def test_health_needs_no_auth_and_reports_time_and_versions(county: County) -> None:
    resp = requests.get(county.base_url + API_PREFIX + "/health", timeout=10)
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ok"
    assert body["protocol_version"] == PROTOCOL_VERSION
    assert body["min_protocol_version"] == MIN_PROTOCOL_VERSION
    server_time = datetime.fromisoformat(body["server_time"].replace("Z", "+00:00"))
    assert abs((server_time - datetime.now(UTC)).total_seconds()) < 5


def test_missing_or_old_protocol_version_is_refused_with_426(county: County) -> None:
    device = county.device(county.township())
    for value in (None, "0", "abc", "-1", ""):
        headers = {"Authorization": f"Bearer {device.token}"}
        if value is not None:
            headers[VERSION_HEADER] = value
        resp = requests.get(county.base_url + API_PREFIX + "/sanity", headers=headers, timeout=10)
        err = assert_error(resp, 426, "protocol_version_unsupported")
        assert err["min_protocol_version"] == MIN_PROTOCOL_VERSION
    resp = requests.post(
        county.base_url + API_PREFIX + "/enroll", json={"code": "x", "device_name": "y"}, timeout=10
    )
    assert_error(resp, 426, "protocol_version_unsupported")


def test_enroll_gives_token_township_and_unique_slots(county: County) -> None:
    code = county.township()
    a = county.device(code, "窗口1号机")
    b = county.device(code, "调解室")
    assert a.info["township_code"] == code
    assert a.info["township_name"] == f"{code}镇"
    assert a.info["committee_name"] == f"{code}镇人民调解委员会"
    assert {a.info["device_slot"], b.info["device_slot"]} == {1, 2}
    assert a.token != b.token and len(a.token) >= 32
    # Only a hash of the token is stored.
    devices = service.list_devices(county.engine, code)
    assert {d["device_id"] for d in devices} == {a.id, b.id}
    with county.engine.connect() as conn:
        stored = [r[0] for r in conn.exec_driver_sql("SELECT token_hash FROM devices")]
    assert a.token not in stored and service.sha256_hex(a.token) in stored


def test_enroll_code_is_one_time_and_expires(county: County, monkeypatch: pytest.MonkeyPatch) -> None:
    code = county.township()
    one_time = issue_code(county.db_url, code)
    url = county.base_url + API_PREFIX + "/enroll"
    first = requests.post(url, json={"code": one_time.lower(), "device_name": "甲"}, headers=V, timeout=10)
    assert first.status_code == 200, first.text
    again = requests.post(url, json={"code": one_time, "device_name": "乙"}, headers=V, timeout=10)
    assert_error(again, 403, "enroll_code_invalid")
    expiring = issue_code(county.db_url, code, ttl_hours=0.5 / 3600)
    issued_at = county_db.utcnow()
    monkeypatch.setattr(county_db, "clock", lambda: issued_at + timedelta(seconds=0.6))  # the server's clock
    late = requests.post(url, json={"code": expiring, "device_name": "丙"}, headers=V, timeout=10)
    assert_error(late, 403, "enroll_code_invalid")
    for body in (
        {"code": "AAAA-BBBB-CCCC", "device_name": "丁"},
        {"code": 5, "device_name": "x"},
        {"code": one_time},
        [],
    ):
        resp = requests.post(url, json=body, headers=V, timeout=10)
        assert resp.status_code in (400, 403), resp.text
        assert resp.json()["error"]["code"] in ("invalid_request", "enroll_code_invalid")


def test_auth_failures_and_revocation(county: County) -> None:
    device = county.device(county.township())
    url = county.base_url + API_PREFIX + "/sanity"
    for auth in (None, "Bearer", "Bearer nope", "Basic abc", "Bearer " + device.token + "x"):
        headers = dict(V)
        if auth:
            headers["Authorization"] = auth
        resp = requests.get(url, headers=headers, timeout=10)
        assert_error(resp, 401, "unauthorized")
        assert resp.headers["WWW-Authenticate"] == "Bearer"
    assert device.get("/sanity").status_code == 200
    service.revoke_device(county.engine, device.id)
    for resp in (device.get("/sanity"), device.post("/push", json={"ops": []}), device.get("/pull")):
        assert_error(resp, 401, "device_revoked")


def test_error_model_for_framework_errors(county: County) -> None:
    device = county.device(county.township())
    assert_error(requests.get(county.base_url + "/nowhere", timeout=10), 404, "not_found")
    assert_error(
        requests.delete(county.base_url + API_PREFIX + "/health", timeout=10), 405, "method_not_allowed"
    )
    assert_error(device.post("/push", data=b"{not json"), 400, "invalid_request")
    assert_error(device.post("/push", json=[1, 2]), 400, "invalid_request")
    assert_error(device.post("/push", json={"ops": "x"}), 400, "invalid_request")
    assert_error(device.get("/pull", params={"limit": "zero"}), 400, "invalid_request")
    assert_error(device.get("/pull", params={"limit": "0"}), 400, "invalid_request")


def test_migrations_match_models(county: County) -> None:
    with county.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_unexpected_failure_is_a_500_in_the_error_model_and_logs_no_personal_data(
    county: County, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    device = county.device(county.township())

    def boom(*_args: object) -> None:
        raise RuntimeError("张三 11010519491231002X 13800000000")

    monkeypatch.setattr(service, "sanity", boom)
    with caplog.at_level(logging.ERROR, logger="county"):
        resp = device.get("/sanity")
    assert_error(resp, 500, "internal_error")
    assert "RuntimeError" in caplog.text and "/api/v1/sanity" in caplog.text
    assert (
        "张三" not in caplog.text and "11010519491231002X" not in caplog.text and "138000" not in caplog.text
    )
    assert "张三" not in resp.text


def test_database_busy_is_a_503_with_retry_after(county: County, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    device = county.device(county.township())

    def busy(*_args: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    monkeypatch.setattr(service, "sanity", busy)
    resp = device.get("/sanity")
    assert_error(resp, 503, "internal_error")
    assert resp.headers["Retry-After"] == "2"


def test_concurrent_enrollments_get_distinct_slots(county: County) -> None:
    code = county.township()
    codes = [issue_code(county.db_url, code) for _ in range(6)]
    slots: list[int] = []
    errors: list[BaseException] = []

    def enroll(one_time: str) -> None:
        try:
            resp = requests.post(
                county.base_url + API_PREFIX + "/enroll",
                json={"code": one_time, "device_name": "并发"},
                headers=V,
                timeout=30,
            )
            assert resp.status_code == 200, resp.text
            slots.append(resp.json()["device_slot"])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=enroll, args=(c,)) for c in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sorted(slots) == [1, 2, 3, 4, 5, 6]
