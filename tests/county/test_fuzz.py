"""Generated bad input never produces a 5xx, and every error follows the error model."""

from __future__ import annotations

import json
from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.county.helpers import County, Device, case_op

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
surrogate_text = st.text(
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | st.characters(), max_size=8
)
json_values = st.recursive(
    json_scalars | surrogate_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = ["op_id", "entity", "entity_id", "action", "payload", "created_at", "base_rev"]


@st.composite
def mutated_ops(draw: st.DrawFn) -> dict[str, Any]:
    op: dict[str, Any] = case_op()
    op["entity"] = draw(
        st.sampled_from(["case", "case_event", "reception", "agreement", "county_item", "attachment"])
    )
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        if draw(st.booleans()):
            op.pop(name, None)
        else:
            op[name] = draw(json_values)
    if draw(st.booleans()):
        op["payload"] = draw(
            st.dictionaries(
                st.sampled_from(["case_id", "kind", "at", "sha256", "size", "terms", "number"]),
                json_values,
                max_size=5,
            )
        )
    return op


def check(resp: requests.Response) -> None:
    assert resp.status_code < 500, resp.text
    if resp.status_code >= 400:
        body = resp.json()
        assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"]


@SETTINGS
@given(ops=st.lists(mutated_ops(), max_size=5))
def test_push_generated_ops(county: County, fuzz_device: Device, ops: list[dict[str, Any]]) -> None:
    resp = fuzz_device.post("/push", json={"ops": ops})
    check(resp)
    assert resp.status_code == 200
    results = resp.json()["results"]
    assert len(results) == len(ops)
    assert all(r["status"] in ("applied", "duplicate", "conflict", "rejected") for r in results)


@SETTINGS
@given(body=json_values)
def test_json_bodies_everywhere(county: County, fuzz_device: Device, body: Any) -> None:
    for path in ("/push", "/leases", "/enroll", "/blobs/" + "b" * 64 + "/complete"):
        check(fuzz_device.post(path, data=json.dumps(body)))


@SETTINGS
@given(raw=st.binary(max_size=200), encoding=st.sampled_from([None, "gzip", "deflate"]))
def test_raw_bytes(county: County, fuzz_device: Device, raw: bytes, encoding: str | None) -> None:
    headers = {"Content-Encoding": encoding} if encoding else {}
    check(fuzz_device.post("/push", data=raw, headers=headers))
    check(fuzz_device.post("/enroll", data=raw, headers=headers))


@SETTINGS
@given(
    cursor=st.text(max_size=60),
    limit=st.text(max_size=12),
    offset=st.text(max_size=12),
    sha=st.text(min_size=1, max_size=70),
)
def test_query_and_path_parameters(
    county: County, fuzz_device: Device, cursor: str, limit: str, offset: str, sha: str
) -> None:
    check(fuzz_device.get("/pull", params={"cursor": cursor, "limit": limit}))
    safe_sha = requests.utils.quote(sha, safe="")
    check(fuzz_device.get(f"/blobs/{safe_sha}"))
    check(fuzz_device.put(f"/blobs/{'c' * 64}", params={"offset": offset}, data=b"abc"))


# Header values the HTTP layer accepts (control characters are refused by uvicorn before the app).
header_text = st.text(st.characters(min_codepoint=0x21, max_codepoint=0xFF), max_size=40)


@SETTINGS
@given(version=header_text, auth=header_text)
def test_headers(county: County, version: str, auth: str) -> None:
    headers = {
        "X-Protocol-Version": version.encode("utf-8").decode("latin-1"),
        "Authorization": auth.encode("utf-8").decode("latin-1"),
    }
    check(requests.get(county.base_url + "/api/v1/sanity", headers=headers, timeout=10))


def test_non_json_constants_and_lone_surrogates(county: County, fuzz_device: Device) -> None:
    for raw in (
        b'{"ops":[NaN]}',
        b'{"ops":[], "x": Infinity}',
        b'{"code":"\\ud800","device_name":"\\udfff"}',
    ):
        check(fuzz_device.post("/push", data=raw))
        check(fuzz_device.post("/enroll", data=raw))
    op = case_op()
    op["payload"]["summary"] = "\ud800"
    resp = fuzz_device.post("/push", data=json.dumps({"ops": [op]}))
    check(resp)
    assert resp.json()["results"][0]["status"] == "rejected"


def test_unicode_digits_are_not_numbers(county: County, fuzz_device: Device) -> None:
    for odd in ("²", "١", "٣٠", "1²"):
        check(fuzz_device.get("/pull", params={"limit": odd}))
        check(fuzz_device.put(f"/blobs/{'d' * 64}", params={"offset": odd}, data=b"x"))
        headers = {"X-Protocol-Version": odd.encode("utf-8").decode("latin-1")}
        check(fuzz_device.get("/sanity", headers=headers))
    assert fuzz_device.get("/pull", params={"limit": "²"}).status_code == 400
