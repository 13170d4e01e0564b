"""Network faults between a PC and the county, through the fault proxy: after each, both sides agree exactly."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from desktop.db.models import Case
from desktop.sync import api
from tests.sync.harness import FAST, PC, CountyServer, assert_agree
from tests.sync.proxy import Proxy

SMALL = replace(FAST, batch_size=5, pull_limit=4)


@pytest.fixture
def proxy(county: CountyServer) -> Iterator[Proxy]:
    px = Proxy(int(county.base_url.rsplit(":", 1)[1]))
    yield px
    px.close()


def _setup(new_pc: Callable[..., PC], proxy: Proxy) -> tuple[PC, PC]:
    """PC a has 6 unsent cases (12 ops); PC b has 3 cases on the county for a to pull."""
    a, b = new_pc("a"), new_pc("b")
    for i in range(3):
        b.register(f"乙机案件{i}")
    assert b.sync().ok
    for i in range(6):
        a.register(f"甲机案件{i}")
    return a, b


def _finish(a: PC, b: PC, county: CountyServer, proxy: Proxy) -> None:
    proxy.clear()
    report = a.sync(proxy.url, options=SMALL)
    assert report.ok and report.outbox_drained and report.pull_complete, report.message
    assert a.count(Case) == 9
    assert_agree(a, county)
    assert b.sync().ok and b.count(Case) == 9
    assert_agree(b, county)


FAULTS = [
    ("reset_request", {"path": "/push"}),
    ("reset_response", {"path": "/push", "times": 2}),
    ("reset_response", {"path": "/pull"}),
    ("status", {"path": "/push", "code": 500}),
    ("status_after", {"path": "/push", "code": 502}),
    ("status", {"path": "/push", "code": 503, "retry_after": "1"}),
    ("status", {"path": "/pull", "code": 429, "retry_after": "1"}),
    ("truncate", {"path": "/push"}),
    ("truncate", {"path": "/pull"}),
    ("duplicate", {"path": "/push", "times": 3}),
]


@pytest.mark.parametrize(("kind", "kw"), FAULTS, ids=[f"{k}-{v['path'].strip('/')}" for k, v in FAULTS])
def test_fault_then_agree(
    kind: str, kw: dict[str, object], county: CountyServer, new_pc: Callable[..., PC], proxy: Proxy
) -> None:
    a, b = _setup(new_pc, proxy)
    proxy.add(kind, **kw)
    started = time.monotonic()
    report = a.sync(proxy.url, options=SMALL)
    assert proxy.hits, "the fault was never hit"
    # Transient faults are retried within the same sync: it completes.
    assert report.ok, report.message
    assert report.retries >= (0 if kind == "duplicate" else 1)
    if kw.get("retry_after"):
        assert time.monotonic() - started >= 1.0  # Retry-After honoured
    _finish(a, b, county, proxy)


def test_persistent_failure_gives_up_then_recovers(county: CountyServer, new_pc: Callable[..., PC], proxy: Proxy) -> None:
    a, b = _setup(new_pc, proxy)
    proxy.add("reset_response", path="/push", times=100)
    report = a.sync(proxy.url, options=SMALL)
    assert not report.ok and report.state == "offline" and "连接" in report.message
    status = api.status(a.paths)
    assert status.state == "offline" and status.last_error and status.pending > 0
    _finish(a, b, county, proxy)


def test_stall_past_timeout(county: CountyServer, new_pc: Callable[..., PC], proxy: Proxy) -> None:
    a, b = _setup(new_pc, proxy)
    proxy.add("stall", path="/push", seconds=2.5)
    report = a.sync(proxy.url, options=SMALL, timeout=(1.0, 1.0))
    assert report.ok and report.retries >= 1, report.message
    _finish(a, b, county, proxy)


def test_connection_refused(county: CountyServer, new_pc: Callable[..., PC], proxy: Proxy) -> None:
    a, b = _setup(new_pc, proxy)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed_port = s.getsockname()[1]
    s.close()
    report = a.sync(f"http://127.0.0.1:{closed_port}", options=SMALL)
    assert not report.ok and report.state == "offline" and report.message == "无法连接县平台，请检查网络"
    _finish(a, b, county, proxy)


def test_server_restart(county: CountyServer, new_pc: Callable[..., PC], proxy: Proxy) -> None:
    a, b = _setup(new_pc, proxy)
    county.stop()
    try:
        report = a.sync(proxy.url, options=SMALL)
        assert not report.ok and report.state == "offline"
    finally:
        county.start()
    proxy.upstream_port = int(county.base_url.rsplit(":", 1)[1])
    b.sync(county.base_url)
    _finish(a, b, county, proxy)
