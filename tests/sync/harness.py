"""Township PCs (real data folders) and a real county server on 127.0.0.1 for the sync tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from county.db import make_engine
from desktop.config import Paths, Settings
from desktop.db.engine import Database
from desktop.db.models import Case, OutboxOp
from desktop.db.open import open_database
from desktop.db.services import sync_state
from desktop.db.uow import Actor, Context
from desktop.domain.enums import Channel, Role
from desktop.domain.forms import CaseForm, PartyForm
from desktop.sync import api
from desktop.sync.engine import SyncOptions, SyncReport
from tests.county.server import issue_code, make_township, start_server
from tests.db.helpers import copy_database_folder

FAST = SyncOptions(max_attempts=4, backoff_base=0.01, backoff_max=0.05, retry_after_max=1.0)


class CountyServer:
    """A county server that can be stopped and started again on the same database."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db_url = f"sqlite:///{folder / 'county.sqlite3'}"
        self.blob_dir = folder / "blobs"
        self.base_url, self._stop = start_server(self.db_url, self.blob_dir)
        self.engine: Engine = make_engine(self.db_url, pool_size=2)
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._stop()
            self.running = False

    def start(self) -> None:
        if not self.running:
            self.base_url, self._stop = start_server(self.db_url, self.blob_dir)
            self.running = True

    def close(self) -> None:
        self.stop()
        self.engine.dispose()

    def township(self) -> str:
        return make_township(self.db_url)

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def applied_ops(self, device_id: str) -> int:
        return int(self.scalar("SELECT count(*) FROM applied_ops WHERE device_id = :d", d=device_id))

    def duplicate_feed_ops(self) -> int:
        """Feed entries sharing an op id: must always be 0."""
        return int(
            self.scalar(
                "SELECT count(*) FROM (SELECT op_id FROM changes WHERE op_id IS NOT NULL "
                "GROUP BY op_id HAVING count(*) > 1) d"
            )
        )

    def records(self, township: str, entity: str) -> int:
        return int(
            self.scalar(
                "SELECT count(*) FROM records r JOIN townships t ON t.id = r.township_id "
                "WHERE t.code = :c AND r.entity = :e",
                c=township,
                e=entity,
            )
        )


@dataclass
class PC:
    """One township PC: its data folder, database, service context and a signed-in clerk."""

    paths: Paths
    db: Database
    ctx: Context
    actor: Actor
    device_id: str  # the county's id for this device

    def sync(self, url: str | None = None, options: SyncOptions | None = None, **kw: Any) -> SyncReport:
        if url is not None:
            s = Settings.load(self.paths.settings_file)
            s.county_url = url
            s.save(self.paths.settings_file)
        return api.sync_once(self.paths, options=options or FAST, **kw)

    def register(self, summary: str = "邻里之间因排水沟堵塞发生争执") -> Case:
        from desktop.db.services.cases import register_case

        form = CaseForm(
            channel=Channel.WALK_IN,
            category=self.ctx.settings.categories[0],
            summary=summary,
            parties=[PartyForm(name="张三"), PartyForm(name="李四")],
        )
        return register_case(self.ctx, self.actor, form)

    def outbox(self) -> dict[str, int]:
        with self.db.read() as s:
            return {st: int(n) for st, n in s.execute(select(OutboxOp.state, func.count()).group_by(OutboxOp.state))}

    def count(self, model: Any) -> int:
        with self.db.read() as s:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

    def local_digests(self) -> dict[str, tuple[int, str]]:
        with self.db.read() as s:
            return sync_state.local_digests(s)

    def close(self) -> None:
        self.db.dispose()


def make_pc(folder: Path, county: CountyServer, township: str, template: Path | None = None, name: str = "窗口机") -> PC:
    paths = Paths(folder).ensure()
    if template is not None:
        copy_database_folder(template, paths)
    Settings(
        center_name="示范镇社会治理服务中心",
        committee_short="示",
        county_url=county.base_url,
        setup_done=True,
    ).save(paths.settings_file)
    info = api.enroll(paths, county.base_url, issue_code(county.db_url, township), name)
    db = open_database(paths)
    ctx = Context(db, Settings.load(paths.settings_file), paths.settings_file)
    return PC(paths, db, ctx, Actor("clerk", "王芳", Role.ADMIN), info["device_id"])


def assert_agree(pc: PC, county: CountyServer) -> None:
    """Client and server agree exactly: nothing unsent, each op applied once, same records both sides."""
    box = pc.outbox()
    assert box.get("queued", 0) == 0 and box.get("sending", 0) == 0, box
    assert box.get("rejected", 0) == 0 and box.get("conflict", 0) == 0, box
    assert county.applied_ops(pc.device_id) == box.get("synced", 0)
    assert county.duplicate_feed_ops() == 0
    client = api.make_client(pc.paths)
    server = client.sanity()
    local = pc.local_digests()
    for entity, digest in server.digests.items():
        assert local[entity][1] == digest, (entity, local[entity][0], server.counts[entity])
