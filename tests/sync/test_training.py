"""Training data (issue #12.3), real county on loopback: a folder holding demo data is marked; a real
township refuses it with a clear Chinese message; a training township (`create-township --training`)
takes it; practising on demo cases never queues them, so they never reach the county."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop.config import Paths, Settings
from desktop.db.demo import generate
from desktop.db.models import DEMO_DEVICE_ID, Case, OutboxOp
from desktop.db.open import open_database
from desktop.db.services.cases import TransitionRequest, add_note, register_case, transition
from desktop.db.uow import Actor, Context
from desktop.domain.enums import Channel, Role
from desktop.domain.forms import CaseForm, PartyForm
from desktop.sync import api
from desktop.sync.errors import SyncError
from tests.county.server import issue_code
from tests.db.helpers import copy_database_folder
from tests.sync.harness import FAST, CountyServer
from tests.test_cli import ROOT

CLERK = Actor("clerk", "王芳", Role.ADMIN)


def training_folder(folder: Path, template: Path, county: CountyServer) -> Paths:
    paths = Paths(folder).ensure()
    copy_database_folder(template, paths)
    Settings(center_name="示范镇社会治理服务中心", township_code="220402", committee_short="示",
             county_url=county.base_url, setup_done=True).save(paths.settings_file)
    generate(paths.database, 40, workers=1)
    return paths


def test_training_folder_enrols_only_with_a_training_township(
    tmp_path: Path, county: CountyServer, township: str, migrated_template: Path
) -> None:
    paths = training_folder(tmp_path / "practice", migrated_template, county)
    real_code = issue_code(county.db_url, township)
    with pytest.raises(SyncError) as refused:
        api.enroll(paths, county.base_url, real_code, "培训机")
    assert "培训" in refused.value.message and "正式" in refused.value.message
    assert not api.token_path(paths).exists()
    # The code was not used up: a real PC can still enrol with it.
    real = Paths(tmp_path / "real").ensure()
    copy_database_folder(migrated_template, real)
    Settings(county_url=county.base_url, setup_done=True).save(real.settings_file)
    assert api.enroll(real, county.base_url, real_code, "窗口机")["township_code"] == township

    code = "TR" + uuid.uuid4().hex[:8].upper()
    out = subprocess.run([sys.executable, "-m", "county", "admin", "--db", county.db_url, "create-township", "--code",
                          code, "--name", "培训镇", "--committee-name", "培训镇人民调解委员会", "--training"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0 and "培训用" in out.stdout, out.stderr
    assert api.enroll(paths, county.base_url, issue_code(county.db_url, code), "培训机")["township_code"] == code

    # Practise: edit and close demo cases, add notes; register one new case.
    db = open_database(paths)
    ctx = Context(db, Settings.load(paths.settings_file), paths.settings_file)
    try:
        with db.read() as s:
            demo = s.scalars(select(Case).where(Case.device_id == DEMO_DEVICE_ID, Case.status == "mediating")).first()
            assert demo is not None
        add_note(ctx, CLERK, demo.id, "已电话联系双方")
        transition(ctx, CLERK, demo.id, TransitionRequest("close", result="已按要求办理完毕"))
        new = register_case(ctx, CLERK, CaseForm(channel=Channel.WALK_IN, category=ctx.settings.categories[0],
                                                 summary="练习登记的案件", parties=[PartyForm(name="张三")]))
        with db.read() as s:
            queued = list(s.scalars(select(OutboxOp)))
        demo_ids = {demo.id}
        assert queued and all(op.entity_id not in demo_ids and op.payload.get("case_id") not in demo_ids
                              and op.payload.get("device_id") != DEMO_DEVICE_ID for op in queued)
    finally:
        db.dispose()
    assert api.sync_once(paths, options=FAST).ok
    with county.engine.connect() as conn:
        cases = [json.loads(p)["id"] for (p,) in conn.execute(text(
            "SELECT r.payload FROM records r JOIN townships t ON t.id = r.township_id "
            "WHERE t.code = :c AND r.entity = 'case'"), {"c": code})]
    assert cases == [new.id]


def _township(county: CountyServer, name: str, *, training: bool) -> str:
    code = ("TR" if training else "RE") + uuid.uuid4().hex[:8].upper()
    out = subprocess.run([sys.executable, "-m", "county", "admin", "--db", county.db_url, "create-township", "--code",
                          code, "--name", name, "--committee-name", name + "人民调解委员会"]
                         + (["--training"] if training else []),
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    return code


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


@pytest.mark.slow
def test_demo_data_is_refused_on_a_folder_enrolled_with_a_real_township(tmp_path: Path, county: CountyServer) -> None:
    """CLI subprocesses: a real township's PC gets a clear refusal and nothing written; a training
    township's PC and an unenrolled folder get demo data as before."""
    from tests.test_cli import open_db, run

    real, practice = tmp_path / "real", tmp_path / "practice"
    for folder, training in ((real, False), (practice, True)):
        code = issue_code(county.db_url, _township(county, "实训镇" if training else "正式镇", training=training))
        run(folder, "setup", "--committee-short", "示")
        run(folder, "enroll", "--server", county.base_url, "--code", code, "--name", "窗口机")
    before = _contents(real)
    refused = run(real, "demo-data", "--cases", "20", ok=False)
    assert refused.returncode == 2 and "正式乡镇" in refused.stderr and "没有写入" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    assert _contents(real) == before  # database, settings, key: byte for byte
    assert open_db(real).execute("SELECT count(*) FROM cases").fetchone()[0] == 0

    made = json.loads(run(practice, "demo-data", "--cases", "20", "--json").stdout)
    assert made["cases"] == 20
    fresh = json.loads(run(tmp_path / "fresh", "demo-data", "--cases", "5", "--json").stdout)
    assert fresh["cases"] == 5
