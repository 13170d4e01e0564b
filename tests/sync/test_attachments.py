"""Attachment contents upload resumably: an upload cut off mid-way continues from the county's offset."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import requests

from desktop.db.blobs import read_blob
from desktop.db.models import Attachment
from desktop.db.services.attachments import add_attachment, blob_path
from desktop.sync import api
from tests.sync.harness import FAST, PC, CountyServer, assert_agree
from tests.sync.proxy import Proxy

CHUNKED = replace(FAST, chunk_size=256 * 1024, max_attempts=1)


class CutAfterPuts(requests.Session):
    """A session whose connection drops after `n` successful chunk uploads."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.left = n
        self.puts = 0

    def request(self, method, url, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        if method == "PUT":
            if self.left <= 0:
                raise requests.exceptions.ConnectionError("cut")
            self.left -= 1
            self.puts += 1
        return super().request(method, url, *args, **kwargs)


def test_upload_resumes_and_other_pc_gets_metadata(
    county: CountyServer, new_pc: Callable[..., PC], tmp_path: Path
) -> None:
    a, b = new_pc("a"), new_pc("b")
    case = a.register()
    scan = tmp_path / "调解协议扫描件.pdf"
    data = os.urandom(1024 * 1024 + 12345)
    scan.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    add_attachment(a.ctx, a.actor, a.paths.attachments, case.id, scan)

    first = CutAfterPuts(2)
    report = a.sync(options=CHUNKED, session=first)
    assert not report.ok and report.state == "offline"
    client = api.make_client(a.paths)
    assert client.blob_status(sha).size_received == 2 * 256 * 1024  # kept what arrived

    second = CutAfterPuts(100)
    report = a.sync(options=CHUNKED, session=second)
    assert report.ok and report.uploaded == 1, report.message
    assert second.puts == 3  # only the rest was sent: 1 MiB + 12345 B = 4 full chunks + 1, 2 already there
    got = requests.get(
        f"{client.base}/blobs/{sha}/content", headers=client._headers(), timeout=10
    )
    assert got.status_code == 200 and got.content == data
    with a.db.read() as s:
        assert s.query(Attachment).one().uploaded
    assert b.sync().ok
    with b.db.read() as s:
        row = s.query(Attachment).one()
        assert row.sha256 == sha and row.uploaded and row.filename == "调解协议扫描件.pdf"
    assert_agree(a, county)


def _scan(tmp_path: Path, name: str, size: int) -> tuple[Path, bytes, str]:
    data = os.urandom(size)
    path = tmp_path / name
    path.write_bytes(data)
    return path, data, hashlib.sha256(data).hexdigest()


class CountingSession(requests.Session):
    """Counts the content bytes of blob downloads and remembers their Range headers."""

    def __init__(self) -> None:
        super().__init__()
        self.ranges: list[tuple[str | None, int]] = []  # (Range asked, HTTP status answered)
        self.downloads = 0

    def request(self, method, url, **kwargs):  # type: ignore[no-untyped-def, override]
        resp = super().request(method, url, **kwargs)
        if method == "GET" and url.endswith("/content"):
            self.downloads += 1
            self.ranges.append(((kwargs.get("headers") or {}).get("Range"), resp.status_code))
        return resp


def test_other_pc_downloads_contents_resumably_and_checks_them(
    county: CountyServer, new_pc: Callable[..., PC], tmp_path: Path
) -> None:
    a, b = new_pc("a"), new_pc("b")
    case = a.register()
    scan, data, sha = _scan(tmp_path, "现场照片.jpg", 700 * 1024 + 3)
    small, small_data, small_sha = _scan(tmp_path, "身份证复印件.png", 1000)
    add_attachment(a.ctx, a.actor, a.paths.attachments, case.id, scan)
    add_attachment(a.ctx, a.actor, a.paths.attachments, case.id, small)
    assert a.sync().ok

    # b was cut off earlier: it holds the first 300 KiB of the big scan, and garbage for the small one.
    b.paths.attachments.mkdir(parents=True, exist_ok=True)
    (b.paths.attachments / f".download-{sha}").write_bytes(data[: 300 * 1024])
    (b.paths.attachments / f".download-{small_sha}").write_bytes(b"not the content")
    session = CountingSession()
    report = b.sync(session=session)
    assert report.ok and report.downloaded == 2, report.message
    assert read_blob(b.paths.attachments, sha) == data
    assert read_blob(b.paths.attachments, small_sha) == small_data
    assert (f"bytes={300 * 1024}-", 206) in session.ranges  # the big one continued where it stopped
    assert not list(b.paths.attachments.glob(".download-*"))  # no partial files left behind
    # Nothing more to fetch next time.
    again = CountingSession()
    assert b.sync(session=again).downloaded == 0 and again.downloads == 0


def test_content_the_county_lacks_is_tried_again_later(
    county: CountyServer, new_pc: Callable[..., PC], tmp_path: Path
) -> None:
    a, b = new_pc("a"), new_pc("b")
    case = a.register()
    scan, data, sha = _scan(tmp_path, "调解笔录.pdf", 5000)
    add_attachment(a.ctx, a.actor, a.paths.attachments, case.id, scan)
    kept = blob_path(a.paths.attachments, sha).read_bytes()
    blob_path(a.paths.attachments, sha).unlink()  # a's content went missing before it was uploaded
    assert a.sync().ok  # the metadata goes, the content cannot

    report = b.sync()
    assert report.ok and report.downloaded == 0 and report.missing_content == 1, report.message
    assert not blob_path(b.paths.attachments, sha).exists()

    blob_path(a.paths.attachments, sha).write_bytes(kept)  # found again: uploaded at a's next sync
    with a.db.write() as s:
        s.query(Attachment).update({Attachment.uploaded: False})
    assert a.sync().uploaded == 1
    report = b.sync()
    assert report.ok and report.downloaded == 1 and report.missing_content == 0
    assert read_blob(b.paths.attachments, sha) == data


def test_download_cut_off_by_the_network_resumes(county: CountyServer, new_pc: Callable[..., PC], tmp_path: Path) -> None:
    a, b = new_pc("a"), new_pc("b")
    case = a.register()
    scan, data, sha = _scan(tmp_path, "卷宗扫描.pdf", 900 * 1024)
    add_attachment(a.ctx, a.actor, a.paths.attachments, case.id, scan)
    assert a.sync().ok
    proxy = Proxy(int(county.base_url.rsplit(":", 1)[1]))
    try:
        proxy.add("truncate", path="/content")  # headers and part of the body, then the line drops
        session = CountingSession()
        report = b.sync(proxy.url, session=session)
    finally:
        proxy.close()
    assert ("truncate", f"/api/v1/blobs/{sha}/content") in proxy.hits
    assert report.ok and report.downloaded == 1 and report.retries >= 1, report.message
    assert read_blob(b.paths.attachments, sha) == data
    (first, first_status), (second, second_status) = session.ranges
    assert (first, first_status) == (None, 200)
    assert second is not None and second.startswith("bytes=") and second_status == 206  # resumed, not restarted


def test_a_plain_partial_left_by_a_kill_after_sealing_is_wiped(
    county: CountyServer, new_pc: Callable[..., PC], tmp_path: Path
) -> None:
    a, b = new_pc("a"), new_pc("b")
    case = a.register()
    scan, data, sha = _scan(tmp_path, "询问笔录.pdf", 4000)
    add_attachment(a.ctx, a.actor, a.paths.attachments, case.id, scan)
    assert a.sync().ok
    assert b.sync().downloaded == 1
    # what a kill between sealing the download into the store and wiping its partial leaves behind
    partial = b.paths.attachments / f".download-{sha}"
    partial.write_bytes(data)
    unrelated = b.paths.attachments / f".download-{'0' * 64}"  # a download still going: kept to resume
    unrelated.write_bytes(b"first bytes")
    assert b.sync().ok
    assert not partial.exists() and unrelated.exists()
    assert not [p for p in b.paths.data_dir.rglob("*") if p.is_file() and data[:64] in p.read_bytes()]
