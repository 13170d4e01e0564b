"""Attachment contents upload resumably: an upload cut off mid-way continues from the county's offset."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import requests

from desktop.db.models import Attachment
from desktop.db.services.attachments import add_attachment
from desktop.sync import api
from tests.sync.harness import FAST, PC, CountyServer, assert_agree

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
