"""Pull: paging, cursors, own ops excluded, county-made changes and feedback."""

from __future__ import annotations

import base64

from county import service
from tests.county.helpers import County, assert_error, case_op, event_op


def test_paging_with_has_more_and_cursor(county: County) -> None:
    code = county.township()
    writer, reader = county.device(code), county.device(code, "二号机")
    ops = [case_op() for _ in range(25)]
    writer.push(ops)
    pages = []
    cursor = ""
    while True:
        resp = reader.get("/pull", params={"cursor": cursor, "limit": 10})
        assert resp.status_code == 200
        page = resp.json()
        pages.append(page)
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert [len(p["changes"]) for p in pages] == [10, 10, 5]
    assert [p["has_more"] for p in pages] == [True, True, False]
    changes = [c for p in pages for c in p["changes"]]
    assert [c["entity_id"] for c in changes] == [op["entity_id"] for op in ops]
    assert [c["op_id"] for c in changes] == [op["op_id"] for op in ops]
    assert all(c["origin_device"] == writer.id and c["rev"] == 1 for c in changes)
    assert changes[0]["payload"] == ops[0]["payload"]
    # Caught up: an empty page that keeps the cursor usable; new changes show up after it.
    empty = reader.get("/pull", params={"cursor": cursor}).json()
    assert empty == {"changes": [], "cursor": cursor, "has_more": False}
    later = case_op()
    writer.push([later])
    nxt = reader.get("/pull", params={"cursor": cursor}).json()
    assert [c["entity_id"] for c in nxt["changes"]] == [later["entity_id"]]
    # Re-pulling from an old cursor is allowed (repeatable reads).
    again = reader.get("/pull", params={"cursor": pages[0]["cursor"], "limit": 10}).json()
    assert [c["entity_id"] for c in again["changes"]] == [op["entity_id"] for op in ops[10:20]]


def test_own_ops_are_excluded_but_cursor_moves_past_them(county: County) -> None:
    code = county.township()
    writer = county.device(code)
    writer.push([case_op() for _ in range(5)])
    changes, cursor = writer.pull_all()
    assert changes == []
    service.create_county_item(county.engine, code, "grid_event", "网格事件：噪音")
    changes, _ = writer.pull_all(cursor)
    assert [c["entity"] for c in changes] == ["county_item"]
    assert changes[0]["payload"]["kind"] == "grid_event"


def test_county_feedback_on_escalated_case(county: County) -> None:
    code = county.township()
    device = county.device(code)
    case = case_op()
    device.push([case, event_op(case["entity_id"], kind="escalated")])
    _, cursor = device.pull_all()
    service.add_feedback(county.engine, code, case["entity_id"], "县中心已受理，转交住建局")
    changes, _ = device.pull_all(cursor)
    assert len(changes) == 1
    event = changes[0]
    assert event["entity"] == "case_event" and event["action"] == "append" and event["origin_device"] is None
    assert event["payload"]["case_id"] == case["entity_id"]
    assert event["payload"]["kind"] == "county_feedback"
    assert event["payload"]["data"] == {"text": "县中心已受理，转交住建局"}
    assert device.get("/sanity").json()["counts"]["case_event"] == 2


def test_bad_cursors_are_refused(county: County) -> None:
    device = county.device(county.township())
    device.push([case_op()])
    _, good = device.pull_all()
    forged_future = "c1." + base64.urlsafe_b64encode(b"1:999999").decode().rstrip("=")
    for bad in ("garbage", "c1.", "c1.!!!", "c1.bm9wZQ", forged_future, "x" * 500, good + "A"):
        assert_error(device.get("/pull", params={"cursor": bad}), 400, "cursor_invalid")
