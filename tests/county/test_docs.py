"""docs/sync-protocol.md must match the code: error codes and messages, endpoints, limits."""

from __future__ import annotations

import re
from pathlib import Path

from county.app import create_app
from desktop.domain.records import APPEND_ONLY, Entity
from desktop.sync import protocol
from desktop.sync.protocol import API_PREFIX, ERROR_MESSAGES, REQUIRED_FIELDS, ErrorCode

DOC = (Path(__file__).resolve().parents[2] / "docs" / "sync-protocol.md").read_text(encoding="utf-8")


def test_every_error_code_and_message_is_documented() -> None:
    for code in ErrorCode:
        row = re.search(rf"^\| `{code.value}` \|.*$", DOC, flags=re.M)
        assert row, code
        assert ERROR_MESSAGES[code] in row.group(0), code


def test_every_endpoint_is_documented(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'c.db'}", tmp_path / "blobs")
    routes = {
        (method, route.path[len(API_PREFIX) :])
        for route in app.routes
        if route.path.startswith(API_PREFIX) and not route.path.endswith("openapi.json")
        for method in getattr(route, "methods", ())
        if method != "HEAD"
    }
    assert len(routes) == 12
    for method, path in routes:
        assert re.search(rf"`{method} {re.escape(path)}(\?[^`]*)?`", DOC), (method, path)


def test_limits_and_versions_are_documented() -> None:
    for name in (
        "MAX_BATCH_OPS",
        "MAX_BODY_BYTES",
        "MAX_PAYLOAD_BYTES",
        "MAX_PULL_LIMIT",
        "DEFAULT_PULL_LIMIT",
        "MAX_BLOB_BYTES",
        "MAX_BLOB_CHUNK_BYTES",
        "MAX_LEASE_COUNT",
        "MAX_SMALL_BODY_BYTES",
    ):
        assert f"`{name}" in DOC, name
    assert f"`MAX_BATCH_OPS = {protocol.MAX_BATCH_OPS}`" in DOC
    assert f"`DEFAULT_PULL_LIMIT = {protocol.DEFAULT_PULL_LIMIT}`" in DOC
    assert f"`MAX_PULL_LIMIT = {protocol.MAX_PULL_LIMIT}`" in DOC
    assert f"`PROTOCOL_VERSION = {protocol.PROTOCOL_VERSION}`" in DOC
    assert f"`MIN_PROTOCOL_VERSION = {protocol.MIN_PROTOCOL_VERSION}`" in DOC
    sizes = {
        "MAX_BODY_BYTES": "8 MiB",
        "MAX_SMALL_BODY_BYTES": "64 KiB",
        "MAX_PAYLOAD_BYTES": "256 KiB",
        "MAX_BLOB_CHUNK_BYTES": "8 MiB",
        "MAX_BLOB_BYTES": "64 MiB",
    }
    units = {"KiB": 1024, "MiB": 1024 * 1024}
    for name, text in sizes.items():
        number, unit = text.split()
        assert getattr(protocol, name) == int(number) * units[unit], name


def test_value_bounds_are_documented() -> None:
    section = DOC[DOC.index("### Bounds on every value in a payload") :]
    assert f"±{protocol.MAX_INT}" in section and protocol.MIN_INT == -protocol.MAX_INT
    for name in ("MAX_STRING_CHARS", "MAX_KEY_CHARS", "MAX_DEPTH", "MAX_PAYLOAD_VALUES"):
        assert re.search(rf"`{name}`[^|]*\| {getattr(protocol, name)}\b", section), name
    assert re.search(rf"`MAX_REQUEST_VALUES`[^|]*\| {protocol.MAX_REQUEST_VALUES} \|", DOC)


def test_required_fields_table_matches() -> None:
    for entity, fields in REQUIRED_FIELDS.items():
        row = re.search(rf"^\| `{entity.value}` \| (upsert|append) \| (.*) \|$", DOC, flags=re.M)
        assert row, entity
        assert row.group(1) == ("append" if entity in APPEND_ONLY else "upsert")
        documented = dict(re.findall(r"`(\w+)` \((\w+)\)", row.group(2)))
        assert documented == fields, entity
    assert {e.value for e in Entity} == set(
        re.findall(r"^\| `(\w+)` \| (?:upsert|append) \|", DOC, flags=re.M)
    )
