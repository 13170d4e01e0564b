"""Attacks on the payload bounds: one out-of-range value is refused per op and never reaches the feed."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from sqlalchemy import update

from county.cli import main
from county.models import Change, Record
from desktop.sync import protocol
from tests.county.helpers import County, Device, assert_error, case_op, new_id, now_iso


def attachment_op(case_id: str, size: Any) -> dict[str, Any]:
    return {
        "op_id": new_id(),
        "entity": "attachment",
        "entity_id": new_id(),
        "action": "upsert",
        "payload": {"case_id": case_id, "sha256": "a" * 64, "size": size, "filename": "照片.jpg"},
        "created_at": now_iso(),
        "base_rev": None,
    }


def test_huge_integer_is_refused_per_op_and_the_batch_goes_on(county: County) -> None:
    dev = county.device(county.township())
    case = case_op()
    results = dev.push([case, attachment_op(case["entity_id"], 2**80), case_op(people=2**63)])
    assert results[0]["status"] == "applied"
    assert results[1]["status"] == "rejected" and results[1]["code"] == "invalid_op"
    assert results[1]["field"] == "payload.size"
    assert results[2]["status"] == "rejected" and results[2]["field"] == "payload.people"
    # Bigger than the attachment limit, though a safe integer: refused too.
    too_big = attachment_op(case["entity_id"], protocol.MAX_BLOB_BYTES + 1)
    assert dev.push([too_big])[0]["status"] == "rejected"
    other = county.device(dev.info["township_code"], "另一台")
    changes, _ = other.pull_all()
    assert [c["entity"] for c in changes] == ["case"]


def test_long_text_deep_nesting_and_long_keys_are_refused(county: County) -> None:
    dev = county.device(county.township())
    nested: Any = "x"
    for _ in range(protocol.MAX_DEPTH):
        nested = [nested]
    ops = [
        case_op(note="x" * (protocol.MAX_STRING_CHARS + 1)),
        case_op(tree=nested),
        case_op(**{"k" * (protocol.MAX_KEY_CHARS + 1): 1}),
        case_op(many=list(range(protocol.MAX_PAYLOAD_VALUES))),
        case_op(note="长" * 1000, tree=[[["ok"]]], fine=protocol.MAX_INT, low=protocol.MIN_INT),
    ]
    results = dev.push(ops)
    assert [r["status"] for r in results] == ["rejected"] * 4 + ["applied"], results
    assert results[0]["field"] == "payload.note"
    assert results[1]["field"].startswith("payload.tree")


def test_non_finite_numbers_are_refused_at_the_edge(county: County, fuzz_device: Device) -> None:
    for number in (b"1e400", b"-1e400", b"NaN", b"Infinity", b"-Infinity"):
        op = case_op()
        body = gzip.compress(
            protocol.encode_body({"ops": [op]}, compress=False).replace(
                b'"summary":', b'"x":' + number + b',"summary":'
            )
        )
        assert number in gzip.decompress(body)
        resp = fuzz_device.post(
            "/push", data=body, headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}
        )
        assert_error(resp, 400, "invalid_request")
    changes, _ = fuzz_device.pull_all()
    assert not any("Infinity" in str(c) or "NaN" in str(c) for c in changes)


def test_bounds_are_one_definition_used_by_both_sides() -> None:
    assert protocol.check_bounds({"size": 2**80}) == "payload.size"
    assert protocol.check_bounds({"x": float("inf")}) == "payload.x"
    assert protocol.check_bounds({"x": [1, "a", None, True, 1.5, {"y": protocol.MAX_INT}]}) is None


def test_admin_lists_and_withdraws_a_townships_bad_records(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    code = county.township()
    dev = county.device(code)
    case, good = case_op(), case_op()
    att = attachment_op(case["entity_id"], 10)
    assert {r["status"] for r in dev.push([case, att, good])} == {"applied"}
    # Stored before the bounds existed: a huge size, and Infinity in a case.
    R = Record.__table__
    C = Change.__table__
    with county.engine.begin() as conn:
        for table in (R, C):
            conn.execute(
                update(table)
                .where(table.c.entity_id == att["entity_id"])
                .values(payload=protocol.canonical_json({**att["payload"], "size": 2**80}).decode())
            )
            bad_case = json.dumps({**case["payload"], "x": float("inf")})
            conn.execute(update(table).where(table.c.entity_id == case["entity_id"]).values(payload=bad_case))

    def cli(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        rc = main(["admin", "--db", county.db_url, *args])
        out, err = capsys.readouterr()
        return rc, out, err

    rc, out, _ = cli("bad-records", "--township", code, "--json")
    assert rc == 0
    listed = {(r["entity"], r["entity_id"], r["field"]) for r in json.loads(out)}
    assert listed == {
        ("attachment", att["entity_id"], "payload.size"),
        ("case", case["entity_id"], "payload"),
    }
    rc, _, err = cli("withdraw", "--township", code, "--entity", "case", "--id", good["entity_id"])
    assert rc == 2 and "符合规则" in err
    for entity, eid in (("attachment", att["entity_id"]), ("case", case["entity_id"])):
        rc, out, _ = cli("withdraw", "--township", code, "--entity", entity, "--id", eid)
        assert rc == 0 and "已撤回" in out
    rc, out, _ = cli("bad-records", "--township", code, "--json")
    assert json.loads(out) == []
    other = county.device(code, "另一台")
    changes, _ = other.pull_all()
    assert [c["entity_id"] for c in changes] == [good["entity_id"]]
    # The device re-sending the withdrawn op gets "duplicate": it is not stored again.
    assert dev.push([att])[0]["status"] == "duplicate"


def test_a_record_claiming_another_township_is_refused_per_op(county: County) -> None:
    a, b = county.township(), county.township()
    dev = county.device(a)
    ops = [
        case_op(township_code=b),
        case_op(township_code=a),
        case_op(township_code=""),
        case_op(township_code=7),
    ]
    results = dev.push(ops)
    assert [r["status"] for r in results] == ["rejected", "applied", "applied", "rejected"]
    assert results[0]["code"] == "forbidden" and results[0]["field"] == "payload.township_code"
    other = county.device(b)
    assert other.pull_all()[0] == []
