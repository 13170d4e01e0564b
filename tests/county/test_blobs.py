"""Blobs: resumable, checksum-verified, content-addressed, per township."""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta

import pytest
from sqlalchemy import update

from county import service
from county.cli import main
from county.db import utcnow
from county.models import Blob
from desktop.sync.protocol import MAX_BLOB_CHUNK_BYTES
from tests.county.helpers import County, assert_error


def test_resumable_upload_with_interruption(county: County) -> None:
    code = county.township()
    device = county.device(code)
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    assert device.get(f"/blobs/{sha}").json() == {"sha256": sha, "size_received": 0, "complete": False}
    assert (
        device.put(f"/blobs/{sha}", params={"offset": 0}, data=data[:100_000]).json()["size_received"]
        == 100_000
    )
    # "Connection lost": the client asks where to resume.
    status = device.get(f"/blobs/{sha}").json()
    assert status["size_received"] == 100_000 and not status["complete"]
    # A stale offset is refused with the current one.
    err = assert_error(
        device.put(f"/blobs/{sha}", params={"offset": 0}, data=data[:10]), 409, "offset_mismatch"
    )
    assert err["offset"] == 100_000
    device.put(f"/blobs/{sha}", params={"offset": 100_000}, data=data[100_000:])
    # Completing with the wrong size names the offset to continue from.
    err = assert_error(device.post(f"/blobs/{sha}/complete", json={"size": 1}), 409, "offset_mismatch")
    assert err["offset"] == len(data)
    done = device.post(f"/blobs/{sha}/complete", json={"size": len(data)}).json()
    assert done == {"sha256": sha, "size_received": len(data), "complete": True}
    assert device.post(f"/blobs/{sha}/complete", json={"size": len(data)}).json()["complete"]
    assert device.get(f"/blobs/{sha}/content").content == data
    # Another device of the township can fetch it; another township cannot see it.
    assert county.device(code, "二号机").get(f"/blobs/{sha}/content").content == data
    stranger = county.device(county.township())
    assert stranger.get(f"/blobs/{sha}").json() == {"sha256": sha, "size_received": 0, "complete": False}
    assert_error(stranger.get(f"/blobs/{sha}/content"), 404, "not_found")


def test_checksum_mismatch_discards_the_partial(county: County) -> None:
    device = county.device(county.township())
    data = b"scan of an agreement" * 100
    sha = hashlib.sha256(data).hexdigest()
    corrupted = data[:-1] + b"X"
    device.put(f"/blobs/{sha}", params={"offset": 0}, data=corrupted)
    assert_error(device.post(f"/blobs/{sha}/complete", json={"size": len(data)}), 409, "checksum_mismatch")
    assert device.get(f"/blobs/{sha}").json() == {"sha256": sha, "size_received": 0, "complete": False}
    device.put(f"/blobs/{sha}", params={"offset": 0}, data=data)
    assert device.post(f"/blobs/{sha}/complete", json={"size": len(data)}).json()["complete"]


def test_blob_input_validation(county: County) -> None:
    device = county.device(county.township())
    sha = "a" * 64
    assert_error(device.get("/blobs/ABC"), 400, "invalid_request")
    assert_error(device.get("/blobs/" + "A" * 64), 400, "invalid_request")
    assert_error(device.put(f"/blobs/{sha}", data=b"x"), 400, "invalid_request")
    assert_error(device.put(f"/blobs/{sha}", params={"offset": "-1"}, data=b"x"), 400, "invalid_request")
    assert_error(device.post(f"/blobs/{sha}/complete", json={"size": "1"}), 400, "invalid_request")
    assert_error(device.post(f"/blobs/{sha}/complete", json={}), 400, "invalid_request")
    big = b"\0" * (MAX_BLOB_CHUNK_BYTES + 1)
    assert_error(device.put(f"/blobs/{sha}", params={"offset": 0}, data=big), 413, "payload_too_large")
    assert device.get(f"/blobs/{sha}").json()["size_received"] == 0


def test_bytes_written_but_not_committed_are_overwritten_on_resume(county: County) -> None:
    """A crash between writing a chunk and committing its offset leaves extra bytes in the partial file."""
    device = county.device(county.township())
    data = os.urandom(5000)
    sha = hashlib.sha256(data).hexdigest()
    device.put(f"/blobs/{sha}", params={"offset": 0}, data=data[:2000])
    partials = list((county.blob_dir / "partial").glob(f"*/{sha}"))
    assert len(partials) == 1 and partials[0].stat().st_size == 2000
    with open(partials[0], "ab") as fh:
        fh.write(b"garbage from an uncommitted chunk")
    assert device.get(f"/blobs/{sha}").json()["size_received"] == 2000
    device.put(f"/blobs/{sha}", params={"offset": 2000}, data=data[2000:])
    assert device.post(f"/blobs/{sha}/complete", json={"size": len(data)}).json()["complete"]
    assert device.get(f"/blobs/{sha}/content").content == data
    assert (county.blob_dir / "objects" / sha[:2] / sha).read_bytes() == data


def test_unfinished_uploads_expire(county: County, capsys: pytest.CaptureFixture[str]) -> None:
    code = county.township()
    device = county.device(code)
    shas = []
    for _ in range(3):
        data = os.urandom(50_000)
        sha = hashlib.sha256(data).hexdigest()
        assert device.put(f"/blobs/{sha}", params={"offset": 0}, data=data[:20_000]).status_code == 200
        shas.append(sha)
    found = {p.name: p for p in (county.blob_dir / "partial").rglob("*") if p.is_file()}
    partials = [found[s] for s in shas]
    assert len(partials) == 3
    B = Blob.__table__
    with county.engine.begin() as conn:  # two of them abandoned three days ago
        conn.execute(
            update(B).where(B.c.sha256.in_(shas[:2])).values(updated_at=utcnow() - timedelta(days=3))
        )
    # A new upload by the township sweeps its abandoned ones.
    fresh = os.urandom(10)
    device.put(f"/blobs/{hashlib.sha256(fresh).hexdigest()}", params={"offset": 0}, data=fresh)
    assert [device.get(f"/blobs/{s}").json()["size_received"] for s in shas] == [0, 0, 20_000]
    assert [p.exists() for p in partials] == [False, False, True]
    # The admin command sweeps every township.
    with county.engine.begin() as conn:
        conn.execute(update(B).where(B.c.sha256 == shas[2]).values(updated_at=utcnow() - timedelta(days=3)))
    capsys.readouterr()
    assert main(["admin", "--db", county.db_url, "expire-uploads", "--blob-dir", str(county.blob_dir)]) == 0
    assert "已清理 1 个" in capsys.readouterr().out
    assert not partials[2].exists()


def test_per_township_storage_quota(county: County) -> None:
    code = county.township()
    service.set_quota(county.engine, code, 1 / 1024)  # 1 MiB
    device = county.device(code)
    first = os.urandom(600_000)
    sha1 = hashlib.sha256(first).hexdigest()
    device.put(f"/blobs/{sha1}", params={"offset": 0}, data=first)
    assert device.post(f"/blobs/{sha1}/complete", json={"size": len(first)}).json()["complete"]
    second = os.urandom(600_000)
    sha2 = hashlib.sha256(second).hexdigest()
    assert device.put(f"/blobs/{sha2}", params={"offset": 0}, data=second[:300_000]).status_code == 200
    err = assert_error(
        device.put(f"/blobs/{sha2}", params={"offset": 300_000}, data=second[300_000:]), 413, "quota_exceeded"
    )
    assert err["quota_bytes"] == 1024 * 1024
    # Other townships are not affected.
    other = county.device(county.township())
    assert other.put(f"/blobs/{sha2}", params={"offset": 0}, data=second).status_code == 200
    service.set_quota(county.engine, code, None)
    assert device.put(f"/blobs/{sha2}", params={"offset": 300_000}, data=second[300_000:]).status_code == 200
