"""Push: per-op results, idempotency, conflicts, township isolation, gzip, limits, concurrency."""

from __future__ import annotations

import copy
import gzip
import json
import threading

import pytest

from county import service
from desktop.sync.protocol import MAX_BATCH_OPS, MAX_BODY_BYTES, ids_digest
from tests.county.helpers import County, assert_error, case_op, event_op, new_id


def test_applied_duplicate_conflict_rejected_in_one_batch(county: County) -> None:
    device = county.device(county.township())
    case = case_op()
    bad = case_op()
    del bad["payload"]["summary"]
    wrong_entity = {**case_op(), "entity": "spaceship"}
    results = device.push([case, bad, wrong_entity, event_op(case["entity_id"])])
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected", "applied"]
    assert results[0]["rev"] == 1 and results[0]["op_id"] == case["op_id"]
    assert results[1]["code"] == "invalid_op" and results[1]["field"] == "payload.summary"
    assert results[1]["op_id"] == bad["op_id"] and results[1]["message"]
    assert results[2]["field"] == "entity"

    # The same op again: duplicate. The same op id with other content: conflict.
    assert device.push([case])[0] == {"op_id": case["op_id"], "status": "duplicate", "rev": 1}
    changed = copy.deepcopy(case)
    changed["payload"]["summary"] = "改了"
    result = device.push([changed])[0]
    assert result["status"] == "conflict" and result["code"] == "conflict"

    # A fixed rejected op can be sent again under the same op id.
    bad["payload"]["summary"] = "补全"
    assert device.push([bad])[0]["status"] == "applied"


def test_upsert_revisions_and_stale_base_rev_conflict(county: County) -> None:
    code = county.township()
    a, b = county.device(code), county.device(code, "二号机")
    rid = new_id()
    assert a.push([case_op(rid, summary="v1")])[0]["rev"] == 1
    v2 = case_op(rid, base_rev=1, summary="v2")
    assert a.push([v2])[0] == {"op_id": v2["op_id"], "status": "applied", "rev": 2}
    # b edits from rev 1 (stale): conflict naming the server's rev; nothing changes.
    stale = b.push([case_op(rid, base_rev=1, summary="b 的版本")])[0]
    assert stale["status"] == "conflict" and stale["rev"] == 2
    new_record = b.push([case_op(rid, base_rev=None, summary="新建")])[0]
    assert new_record["status"] == "conflict" and new_record["rev"] == 2
    # Same content as the server's, even from a stale base: applied, rev unchanged, nothing new in the feed.
    _, cursor = a.pull_all()
    same_payload = copy.deepcopy(v2)
    same_payload["op_id"], same_payload["base_rev"] = new_id(), 1
    assert b.push([same_payload])[0] == {"op_id": same_payload["op_id"], "status": "applied", "rev": 2}
    assert a.pull_all(cursor)[0] == []
    ok = b.push([case_op(rid, base_rev=2, summary="v3")])[0]
    assert ok["status"] == "applied" and ok["rev"] == 3
    changes, _ = a.pull_all()
    assert [(c["rev"], c["payload"]["summary"]) for c in changes if c["entity_id"] == rid] == [(3, "v3")]


def test_replaying_a_batch_gives_all_duplicates_and_changes_nothing(county: County) -> None:
    code = county.township()
    device, other = county.device(code), county.device(code, "二号机")
    ops = [case_op() for _ in range(20)]
    ops += [event_op(op["entity_id"]) for op in ops[:10]]
    first = device.push(ops)
    assert {r["status"] for r in first} == {"applied"}
    feed_before, cursor = other.pull_all()
    sanity_before = device.get("/sanity").json()
    again = device.push(ops)
    assert [r["status"] for r in again] == ["duplicate"] * len(ops)
    assert [r["rev"] for r in again] == [r["rev"] for r in first]
    assert device.get("/sanity").json() == sanity_before
    more, _ = other.pull_all(cursor)
    assert more == [] and len(feed_before) == len(ops)


def test_sanity_counts_and_digests_match_pushed_ids(county: County) -> None:
    device = county.device(county.township())
    cases = [case_op() for _ in range(7)]
    events = [event_op(c["entity_id"]) for c in cases[:3]]
    device.push(cases + events)
    report = device.get("/sanity").json()
    assert report["township_code"] == device.info["township_code"]
    assert report["counts"]["case"] == 7 and report["counts"]["case_event"] == 3
    assert report["counts"]["mediation"] == 0
    assert report["digests"]["case"] == ids_digest([c["entity_id"] for c in cases])
    assert report["digests"]["case_event"] == ids_digest([e["entity_id"] for e in events])


def test_second_township_is_refused(county: County) -> None:
    a = county.device(county.township())
    b = county.device(county.township())
    case = case_op()
    assert a.push([case])[0]["status"] == "applied"
    # b may not overwrite, reference, or replay a's records and ops.
    steal = b.push([case_op(case["entity_id"], base_rev=1, summary="抢")])[0]
    assert steal["status"] == "rejected" and steal["code"] == "forbidden" and steal["field"] == "entity_id"
    ref = b.push([event_op(case["entity_id"])])[0]
    assert ref["status"] == "rejected" and ref["code"] == "forbidden" and ref["field"] == "payload.case_id"
    replay = b.push([case])[0]
    assert replay["status"] == "rejected" and replay["code"] == "forbidden"
    # b sees none of a's data.
    changes, _ = b.pull_all()
    assert changes == []
    assert b.get("/sanity").json()["counts"]["case"] == 0
    # a's cursor is useless to b.
    _, a_cursor = a.pull_all()
    assert_error(b.get("/pull", params={"cursor": a_cursor}), 400, "cursor_invalid")
    # a's record is untouched.
    assert a.push([case_op(case["entity_id"], base_rev=1, summary="a 改")])[0]["rev"] == 2


def test_county_item_downstream_and_township_update(county: County) -> None:
    code = county.township()
    device = county.device(code)
    item = service.create_county_item(county.engine, code, "assigned", "交办：修路纠纷", "内容", "2026-12-31")
    changes, _ = device.pull_all()
    assert len(changes) == 1
    change = changes[0]
    assert change["entity"] == "county_item" and change["origin_device"] is None and change["op_id"] is None
    assert change["payload"]["title"] == "交办：修路纠纷" and change["payload"]["status"] == "received"
    update = {
        "op_id": new_id(),
        "entity": "county_item",
        "entity_id": item["id"],
        "action": "upsert",
        "payload": {**change["payload"], "status": "signed"},
        "created_at": "2026-12-01T00:00:00Z",
        "base_rev": change["rev"],
    }
    assert device.push([update])[0] == {"op_id": update["op_id"], "status": "applied", "rev": 2}
    invented = {**update, "op_id": new_id(), "entity_id": new_id(), "base_rev": None}
    result = device.push([invented])[0]
    assert result["status"] == "rejected" and result["field"] == "entity_id"


def test_gzip_request_and_response(county: County) -> None:
    device = county.device(county.township())
    ops = [case_op() for _ in range(50)]
    body = gzip.compress(json.dumps({"ops": ops}).encode())
    resp = device.post(
        "/push",
        data=body,
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        stream=True,
    )
    assert resp.status_code == 200
    assert resp.headers.get("Content-Encoding") == "gzip"
    assert [r["status"] for r in resp.json()["results"]] == ["applied"] * 50
    assert_error(
        device.post("/push", data=b"\x1f\x8b garbage", headers={"Content-Encoding": "gzip"}),
        400,
        "invalid_request",
    )


def test_limits(county: County) -> None:
    device = county.device(county.township())
    too_many = [case_op() for _ in range(MAX_BATCH_OPS + 1)]
    assert_error(device.post("/push", json={"ops": too_many}), 413, "payload_too_large")
    big = b'{"ops":[],"pad":"' + b"x" * (MAX_BODY_BYTES + 10) + b'"}'
    assert_error(device.post("/push", data=big), 413, "payload_too_large")
    # A small gzip body that inflates past the limit is refused too.
    bomb = gzip.compress(big)
    assert len(bomb) < MAX_BODY_BYTES
    assert_error(
        device.post("/push", data=bomb, headers={"Content-Encoding": "gzip"}), 413, "payload_too_large"
    )
    huge_payload = case_op(note="x" * 300_000)
    result = device.push([huge_payload])[0]
    assert result["status"] == "rejected" and result["field"] == "payload"
    assert device.get("/sanity").json()["counts"]["case"] == 0


@pytest.mark.parametrize("n_threads", [2])
def test_two_devices_push_concurrently(county: County, n_threads: int) -> None:
    code = county.township()
    devices = [county.device(code, f"{i}号机") for i in range(n_threads)]
    observer = county.device(code, "观察")
    batches = {d.id: [[case_op() for _ in range(40)] for _ in range(6)] for d in devices}
    shared = case_op()  # both devices push the same op: applied once, duplicate once
    errors: list[BaseException] = []
    results: dict[str, list[dict[str, object]]] = {d.id: [] for d in devices}

    def run(device_index: int) -> None:
        device = devices[device_index]
        try:
            for batch in batches[device.id]:
                results[device.id] += device.push([*batch, shared])
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    shared_statuses = [r["status"] for rs in results.values() for r in rs if r["op_id"] == shared["op_id"]]
    assert shared_statuses.count("applied") == 1
    assert shared_statuses.count("duplicate") == len(shared_statuses) - 1
    changes, _ = observer.pull_all(limit=37)
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    expected = {op["entity_id"] for bs in batches.values() for b in bs for op in b} | {shared["entity_id"]}
    assert {c["entity_id"] for c in changes} == expected
    assert len(changes) == len(expected)


def test_several_ops_on_one_record_in_one_batch(county: County) -> None:
    code = county.township()
    device, reader = county.device(code), county.device(code, "二号机")
    rid = new_id()
    first = device.push(
        [
            case_op(rid, summary="1"),
            case_op(rid, base_rev=1, summary="2"),
            case_op(rid, base_rev=2, summary="3"),
        ]
    )
    assert [(r["status"], r["rev"]) for r in first] == [("applied", 1), ("applied", 2), ("applied", 3)]
    second = device.push(
        [
            case_op(rid, base_rev=3, summary="4"),
            case_op(rid, base_rev=3, summary="x"),
            case_op(rid, base_rev=4, summary="5"),
        ]
    )
    assert [(r["status"], r["rev"]) for r in second] == [("applied", 4), ("conflict", 4), ("applied", 5)]
    changes, _ = reader.pull_all()
    assert [(c["rev"], c["payload"]["summary"]) for c in changes] == [
        (1, "1"),
        (2, "2"),
        (3, "3"),
        (4, "4"),
        (5, "5"),
    ]
    ok = device.push([case_op(rid, base_rev=5, summary="6")])[0]
    assert ok["rev"] == 6
