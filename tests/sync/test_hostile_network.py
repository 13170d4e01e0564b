"""The client against a hostile or broken network: redirects elsewhere, lost enrolment answers, token rotation."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from desktop.config import Paths, Settings
from desktop.sync import api
from desktop.sync.client import CountyClient
from desktop.sync.errors import Offline, Rejected, SyncError
from desktop.sync.protocol import API_PREFIX, PROTOCOL_VERSION, VERSION_HEADER
from tests.county.helpers import case_op
from tests.county.server import issue_code
from tests.sync.harness import PC, CountyServer
from tests.sync.proxy import Proxy


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hits: list[str]
    other: str


def _serve(handler: type[BaseHTTPRequestHandler], other: str = "") -> _Server:
    server = _Server(("127.0.0.1", 0), handler)
    server.hits = []
    server.other = other
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _Sink(BaseHTTPRequestHandler):
    """Where a redirect would send the records: counts what reaches it."""

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.server.hits.append(
            f"{self.path} {self.rfile.read(length)[:20]!r} {self.headers.get('authorization')}"
        )  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


class _Redirector(BaseHTTPRequestHandler):
    """The configured county answering 307: elsewhere for /push and /pull, to itself for /moved."""

    def _answer(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        if self.path.startswith(API_PREFIX + "/moved"):
            self.send_response(307)
            self.send_header("Location", API_PREFIX + "/health")
        elif self.path.startswith(API_PREFIX + "/health"):
            body = json.dumps(
                {"status": "ok", "server_time": "2026-01-01T00:00:00Z", "protocol_version": 1}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        else:
            self.send_response(307)
            self.send_header("Location", self.server.other + self.path)  # type: ignore[attr-defined]
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self._answer()

    do_GET = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def redirect_pair() -> Iterator[tuple[_Server, _Server]]:
    sink = _serve(_Sink)
    http_elsewhere = f"http://localhost:{sink.server_address[1]}"  # another origin, and plain http
    redirector = _serve(_Redirector, http_elsewhere)
    yield redirector, sink
    for s in (redirector, sink):
        s.shutdown()
        s.server_close()


def test_push_and_pull_never_follow_a_redirect_to_another_origin(
    redirect_pair: tuple[_Server, _Server],
) -> None:
    redirector, sink = redirect_pair
    client = CountyClient(f"http://127.0.0.1:{redirector.server_address[1]}", token="t" * 43)
    with pytest.raises(Rejected) as err:
        client.push([_op()])
    assert err.value.code == "redirect" and "其他地址" in err.value.message
    with pytest.raises(Rejected):
        client.pull("", 10)
    for other in ("https://127.0.0.1:1", f"http://127.0.0.1:{sink.server_address[1]}"):
        redirector.other = other  # another port, or https → another scheme: another origin either way
        with pytest.raises(Rejected):
            client.push([_op()])
    assert sink.hits == []  # neither the records nor the token left for the other address
    assert client.request("GET", "/moved")["status"] == "ok"  # within the county's own origin: followed


def _op() -> object:
    from desktop.sync.protocol import Op

    raw = case_op()
    return Op(**raw)


def _enroll_paths(folder: Path, url: str) -> Paths:
    paths = Paths(folder).ensure()
    Settings(
        center_name="示范镇社会治理服务中心", committee_short="示", county_url=url, setup_done=True
    ).save(paths.settings_file)
    return paths


def test_a_lost_enrolment_answer_is_retried_into_the_same_enrolment(
    tmp_path: Path, county: CountyServer, township: str, migrated_template: Path
) -> None:
    proxy = Proxy(int(county.base_url.rsplit(":", 1)[1]))
    try:
        code = issue_code(county.db_url, township)
        paths = _enroll_paths(tmp_path / "pc", proxy.url)
        proxy.add("reset_response", path="/enroll")  # the county enrols, the answer is cut
        with pytest.raises(SyncError) as cut:
            api.enroll(paths, proxy.url, code, "窗口机")
        assert isinstance(cut.value, Offline)
        assert proxy.hits == [("reset_response", API_PREFIX + "/enroll")]
        assert api.read_token(paths) is None and api.enroll_key_path(paths).exists()
        info = api.enroll(paths, proxy.url, code, "窗口机")  # the clerk presses 登记 again, same code
        assert info["device_slot"] == 1
        assert (
            county.scalar(
                "SELECT count(*) FROM devices d JOIN townships t ON t.id = d.township_id WHERE t.code = :c",
                c=township,
            )
            == 1
        )
        assert not api.enroll_key_path(paths).exists()
        token = api.read_token(paths)
        resp = requests.get(
            county.base_url + API_PREFIX + "/sanity",
            headers={VERSION_HEADER: str(PROTOCOL_VERSION), "Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert resp.status_code == 200
    finally:
        proxy.close()


def test_device_token_rotates_over_the_sync_and_is_stored(
    county: CountyServer, township: str, new_pc: Callable[..., PC]
) -> None:
    pc = new_pc()
    old = api.read_token(pc.paths)
    pc.register()
    assert pc.sync().ok
    assert api.read_token(pc.paths) == old  # not due yet
    with county.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE devices SET token_issued_at = '2000-01-01 00:00:00.000000' WHERE id = ?", (pc.device_id,)
        )
    pc.register("第二件")
    assert pc.sync().ok
    new = api.read_token(pc.paths)
    assert new and new != old
    headers = {VERSION_HEADER: str(PROTOCOL_VERSION)}
    for token in (old, new):  # the old token works through the grace period
        resp = requests.get(
            county.base_url + API_PREFIX + "/sanity",
            headers={**headers, "Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert resp.status_code == 200
    pc.register("第三件")
    report = pc.sync()
    assert report.ok and api.read_token(pc.paths) == new
    assert county.records(township, "case") == 3


def test_a_bad_record_on_the_county_never_stops_the_other_pcs(
    county: CountyServer, township: str, new_pc: Callable[..., PC]
) -> None:
    """The audit's attack end to end: a record the county stored before the bounds (size 2**80) is set
    aside by every other PC as a sync problem; the rest of the page and later changes apply."""
    a, b = new_pc("a"), new_pc("b")
    bad_case, good_case = a.register("第一件"), a.register("第二件")
    assert a.sync().ok
    with county.engine.begin() as conn:
        row = conn.exec_driver_sql(
            "SELECT payload FROM changes WHERE entity = 'case' AND entity_id = ?", (bad_case.id,)
        ).scalar_one()
        payload = {**json.loads(row), "size": 2**80}
        conn.exec_driver_sql(
            "UPDATE changes SET payload = ? WHERE entity = 'case' AND entity_id = ?",
            (json.dumps(payload), bad_case.id),
        )
    report = b.sync()
    assert report.ok and report.quarantined >= 1 and report.state == "problem"
    assert "无法接收" in report.message
    from desktop.db.models import Case

    with b.db.read() as s:
        assert s.get(Case, good_case.id) is not None
        assert s.get(Case, bad_case.id) is None
    problems = [p for p in api.problems(b.paths) if p.state == "quarantined"]
    assert bad_case.id in {p.entity_id for p in problems}
    assert any("payload.size" in p.reason for p in problems)
    # Later changes keep flowing, and the bad one is not fetched again.
    later = a.register("第三件")
    assert a.sync().ok
    again = b.sync()
    assert again.ok and again.quarantined == 0
    with b.db.read() as s:
        assert s.get(Case, later.id) is not None
