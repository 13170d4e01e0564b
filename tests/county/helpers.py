"""Test clients and op builders for the county server tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import Engine

from desktop.sync.protocol import API_PREFIX, PROTOCOL_VERSION, VERSION_HEADER
from tests.county.server import enroll_device, make_township


class Device:
    """A test client for one enrolled device."""

    def __init__(self, base_url: str, info: dict[str, Any]) -> None:
        self.base = base_url + API_PREFIX
        self.info = info
        self.id: str = info["device_id"]
        self.token: str = info["token"]
        self.session = requests.Session()
        self.session.headers.update(
            {VERSION_HEADER: str(PROTOCOL_VERSION), "Authorization": f"Bearer {self.token}"}
        )

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.session.get(self.base + path, timeout=30, **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.session.post(self.base + path, timeout=30, **kw)

    def put(self, path: str, **kw: Any) -> requests.Response:
        return self.session.put(self.base + path, timeout=30, **kw)

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        resp = self.post("/push", json={"ops": ops})
        assert resp.status_code == 200, resp.text
        results: list[dict[str, Any]] = resp.json()["results"]
        return results

    def pull_all(self, cursor: str = "", limit: int = 1000) -> tuple[list[dict[str, Any]], str]:
        changes: list[dict[str, Any]] = []
        while True:
            resp = self.get("/pull", params={"cursor": cursor, "limit": limit})
            assert resp.status_code == 200, resp.text
            page = resp.json()
            changes += page["changes"]
            cursor = page["cursor"]
            if not page["has_more"]:
                return changes, cursor


class County:
    def __init__(self, base_url: str, db_url: str, engine: Engine, blob_dir: Path) -> None:
        self.base_url = base_url
        self.db_url = db_url
        self.engine = engine
        self.blob_dir = blob_dir

    def township(self) -> str:
        return make_township(self.db_url)

    def device(self, township_code: str, name: str = "窗口1号机") -> Device:
        return Device(self.base_url, enroll_device(self.base_url, self.db_url, township_code, name))


def new_id() -> str:
    return str(uuid.uuid4())


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def case_op(
    entity_id: str | None = None, base_rev: int | None = None, summary: str = "邻里纠纷", **extra: Any
) -> dict[str, Any]:
    return {
        "op_id": new_id(),
        "entity": "case",
        "entity_id": entity_id or new_id(),
        "action": "upsert",
        "payload": {
            "number": "T-2026-000001",
            "channel": "walk_in",
            "category": "邻里",
            "summary": summary,
            "registered_at": now_iso(),
            **extra,
        },
        "created_at": now_iso(),
        "base_rev": base_rev,
    }


def event_op(case_id: str, kind: str = "registered", entity_id: str | None = None) -> dict[str, Any]:
    return {
        "op_id": new_id(),
        "entity": "case_event",
        "entity_id": entity_id or new_id(),
        "action": "append",
        "payload": {"case_id": case_id, "kind": kind, "at": now_iso()},
        "created_at": now_iso(),
        "base_rev": None,
    }


def assert_error(resp: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}, body
    err: dict[str, Any] = body["error"]
    assert err["code"] == code, err
    assert err["message"] and any("\u4e00" <= ch <= "\u9fff" for ch in err["message"]), err
    return err
