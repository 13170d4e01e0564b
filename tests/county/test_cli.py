"""The county-platform CLI end to end: admin commands, then `serve` with two workers over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from county.cli import main
from desktop.sync.protocol import PROTOCOL_VERSION, VERSION_HEADER

ROOT = Path(__file__).resolve().parents[2]


class Cli:
    """Admin commands run in-process through county.cli.main (the serve test below uses a real process)."""

    def __init__(self, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
        self.capsys = capsys
        self.db_url = db_url

    def __call__(self, *args: str, ok: bool = True) -> tuple[str, str]:
        self.capsys.readouterr()
        code = main(["admin", "--db", self.db_url, *args])
        out, err = self.capsys.readouterr()
        assert (code == 0) == ok, err
        return out, err

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json")[0])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow  # the server in a subprocess
def test_admin_and_serve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_url = f"sqlite:///{tmp_path / 'county.sqlite3'}"
    cli = Cli(capsys, db_url)
    cli(
        "create-township",
        "--code",
        "220402",
        "--name",
        "仙城镇",
        "--committee-name",
        "仙城镇人民调解委员会",
    )
    assert (
        "已存在"
        in cli("create-township", "--code", "220402", "--name", "x", "--committee-name", "y", ok=False)[1]
    )
    assert (
        "乡镇代码"
        in cli("create-township", "--code", "!", "--name", "x", "--committee-name", "y", ok=False)[1]
    )
    code = cli.json("enroll-code", "--township", "220402")["code"]

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "county",
            "serve",
            "--db",
            db_url,
            "--port",
            str(port),
            "--workers",
            "2",
            "--blob-dir",
            str(tmp_path / "blobs"),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ},
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(base + "/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        headers = {VERSION_HEADER: str(PROTOCOL_VERSION)}
        enrolled = requests.post(
            base + "/enroll", json={"code": code, "device_name": "窗口"}, headers=headers, timeout=10
        )
        assert enrolled.status_code == 200, enrolled.text
        device = enrolled.json()
        headers["Authorization"] = f"Bearer {device['token']}"

        item = cli.json(
            "create-item",
            "--township",
            "220402",
            "--kind",
            "appointment",
            "--title",
            "网上预约：咨询",
            "--deadline",
            "2026-12-31",
        )
        assert (
            "ISO"
            in cli(
                "create-item",
                "--township",
                "220402",
                "--kind",
                "assigned",
                "--title",
                "x",
                "--deadline",
                "明天",
                ok=False,
            )[1]
        )
        page = requests.get(base + "/pull", headers=headers, timeout=10).json()
        assert [c["entity_id"] for c in page["changes"]] == [item["id"]]

        devices = cli.json("devices")
        assert [d["device_id"] for d in devices] == [device["device_id"]]
        counts = cli.json("counts")
        assert counts[0]["code"] == "220402" and counts[0]["records"]["county_item"] == 1
        assert counts[0]["active_devices"] == 1
        assert (
            "没有这个案件"
            in cli("feedback", "--township", "220402", "--case-id", item["id"], "--text", "x", ok=False)[1]
        )
        cli("revoke", device["device_id"])
        assert (
            requests.get(base + "/sanity", headers=headers, timeout=10).json()["error"]["code"]
            == "device_revoked"
        )
    finally:
        server.terminate()
        server.wait(20)
