"""A real county server on 127.0.0.1 for tests; importable by other test folders.

from tests.county.server import start_server, fresh_postgres_db, make_township, enroll_device
base_url, stop = start_server("sqlite:////tmp/x/county.sqlite3", "/tmp/x/blobs")
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
import uvicorn
from sqlalchemy import make_url

from county import service
from county.app import create_app
from county.db import make_engine, migrate
from county.server import HEADER_TIMEOUT, KEEP_ALIVE_TIMEOUT, MAX_CONNECTIONS, guarded_protocol
from desktop.sync.protocol import PROTOCOL_VERSION, VERSION_HEADER


def start_server(
    db_url: str,
    blob_dir: str | Path,
    header_timeout: float = HEADER_TIMEOUT,
    max_connections: int = MAX_CONNECTIONS,
    body_timeout: float | None = None,
    body_idle_timeout: float | None = None,
) -> tuple[str, Callable[[], None]]:
    """Migrate the database, serve it with uvicorn in a thread on a free port; returns (base_url, stop).
    Connections are guarded as `county-platform serve` guards them (county.server), with these limits."""
    engine = make_engine(db_url)
    migrate(engine)
    app = create_app(
        db_url, blob_dir, engine=engine, body_timeout=body_timeout, body_idle_timeout=body_idle_timeout
    )
    # proto=IPPROTO_TCP so asyncio sets TCP_NODELAY on accepted connections (else 40 ms delayed-ACK stalls).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="off",
        access_log=False,
        http=guarded_protocol(header_timeout, max_connections),
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="county-server"
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("county server did not start")
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(15)
        sock.close()
        engine.dispose()

    return f"http://127.0.0.1:{port}", stop


def fresh_postgres_db(base_url: str) -> tuple[str, Callable[[], None]]:
    """Create an empty database next to `base_url` (a postgresql+psycopg URL); returns (url, drop)."""
    import psycopg

    url = make_url(base_url)
    name = f"county_test_{uuid.uuid4().hex[:12]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.set(database=name).render_as_string(hide_password=False), drop


def make_township(db_url: str, code: str | None = None, training: bool = False) -> str:
    """Create a township directly in the database (as the admin CLI does); returns its code."""
    code = code or "T" + uuid.uuid4().hex[:10].upper()
    engine = make_engine(db_url, pool_size=1)
    try:
        service.create_township(engine, code, f"{code}镇", f"{code}镇人民调解委员会", training=training)
    finally:
        engine.dispose()
    return code


def issue_code(db_url: str, township_code: str, ttl_hours: float = 1.0) -> str:
    engine = make_engine(db_url, pool_size=1)
    try:
        return service.issue_enroll_code(engine, township_code, ttl_hours)[0]
    finally:
        engine.dispose()


def enroll_device(base_url: str, db_url: str, township_code: str, name: str = "窗口1号机") -> dict[str, Any]:
    """Issue a one-time code and enroll through HTTP; returns the enroll response (device_id, token, …)."""
    code = issue_code(db_url, township_code)
    resp = requests.post(
        f"{base_url}/api/v1/enroll",
        json={"code": code, "device_name": name},
        headers={VERSION_HEADER: str(PROTOCOL_VERSION)},
        timeout=10,
    )
    resp.raise_for_status()
    data: dict[str, Any] = resp.json()
    return data
