"""Shared helpers for the county benchmarks: start a real `county-platform serve` process, enroll devices."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from county import service
from county.db import make_engine, migrate
from desktop.sync.protocol import API_PREFIX, PROTOCOL_VERSION, VERSION_HEADER

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`python -m county serve` in a subprocess on 127.0.0.1."""

    def __init__(self, db_url: str | None, workers: int = 1) -> None:
        self.tmp = tempfile.mkdtemp(prefix="county-bench-")
        self.db_url = db_url or f"sqlite:///{self.tmp}/county.sqlite3"
        engine = make_engine(self.db_url, pool_size=1)
        migrate(engine)
        engine.dispose()
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "county",
                "serve",
                "--db",
                self.db_url,
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--blob-dir",
                f"{self.tmp}/blobs",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**os.environ},
        )
        self.base = f"http://127.0.0.1:{self.port}{API_PREFIX}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(self.base + "/health", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)

    def peak_rss_kib(self) -> int:
        """VmHWM of the server process (single worker)."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0

    def cpu_seconds(self) -> float:
        """User+system CPU time the server process has used so far (independent of machine load)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def township(self) -> str:
        code = "B" + uuid.uuid4().hex[:8].upper()
        engine = make_engine(self.db_url, pool_size=1)
        service.create_township(engine, code, f"{code}镇", f"{code}镇人民调解委员会")
        engine.dispose()
        return code

    def device(self, township: str, name: str = "bench") -> tuple[requests.Session, dict[str, Any]]:
        engine = make_engine(self.db_url, pool_size=1)
        code, _ = service.issue_enroll_code(engine, township)
        engine.dispose()
        headers = {VERSION_HEADER: str(PROTOCOL_VERSION)}
        info = requests.post(
            self.base + "/enroll", json={"code": code, "device_name": name}, headers=headers, timeout=30
        ).json()
        session = requests.Session()
        session.headers.update({**headers, "Authorization": f"Bearer {info['token']}"})
        return session, info

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


def case_op() -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    return {
        "op_id": str(uuid.uuid4()),
        "entity": "case",
        "entity_id": str(uuid.uuid4()),
        "action": "upsert",
        "payload": {
            "number": "220402-2026-000123",
            "channel": "walk_in",
            "category": "邻里",
            "summary": "邻里之间因宅基地边界和排水沟发生争执，双方多次协商未果，来中心请求调解。" * 2,
            "registered_at": now,
            "risk_level": "low",
            "parties": [
                {"role": "applicant", "name": "张某某", "phone": "13800000000"},
                {"role": "respondent", "name": "李某某", "phone": "13900000000"},
            ],
        },
        "created_at": now,
        "base_rev": None,
    }


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores, Python {sys.version.split()[0]}"
