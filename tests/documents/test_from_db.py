"""Documents built from a real SQLite database (demo data) and printed through the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.cli import run
from desktop.config import Paths, Settings
from desktop.db.demo import generate
from desktop.db.models import Agreement, Case, Mediation
from desktop.documents import DocumentError, render
from desktop.documents.from_db import KINDS, Issuer, load

from .pdfcheck import assert_contains, flat_text, page_texts

TODAY = date(2026, 11, 30)


@pytest.fixture
def filled(db: Any, paths: Paths, settings: Settings) -> Any:
    generate(paths.database, 120, seed=3, township=settings.township_code)
    return db


def _issuer(settings: Settings) -> Issuer:
    return Issuer(committee=settings.committee_name, center=settings.center_name, court="示范县人民法院",
                  contact="0437-6212345")


def _written(session: Any, judicial: bool = False) -> tuple[Agreement, Case]:
    query = select(Agreement, Case).join(Mediation, Mediation.id == Agreement.mediation_id).join(
        Case, Case.id == Mediation.case_id).where(Agreement.oral.is_(False))
    if judicial:
        query = query.where(Agreement.judicial_applied_at.is_not(None))
    row = session.execute(query.order_by(Agreement.number)).first()
    assert row is not None
    return row[0], row[1]


def test_agreement_from_db_prints_the_stored_fields(filled: Any, settings: Settings) -> None:
    with filled.read() as session:
        agreement, case = _written(session)
        doc = load(session, "agreement", agreement.number, _issuer(settings), TODAY)
        names = [p.name for p in case.parties]
    pdf = render(doc)
    assert_contains(pdf, agreement.number, settings.committee_name, agreement.facts, *agreement.terms, *names)
    assert doc.copies == len(names) + 1


def test_every_kind_loads_and_renders(filled: Any, settings: Settings) -> None:
    with filled.read() as session:
        agreement, case = _written(session, judicial=True)
        docs: dict[str, Any] = {}
        for kind in KINDS:
            key = agreement.number if kind in ("agreement", "judicial") else case.number
            try:
                docs[kind] = load(session, kind, key, _issuer(settings), TODAY)
            except DocumentError as e:  # a case may lack an oral agreement or a follow-up: the error says so
                assert (kind, "没有口头协议" in str(e) or "没有回访记录" in str(e)) in {("oral", True), ("followup", True)}
    assert {"agreement", "judicial", "receipt", "case-file", "record", "register"} <= set(docs)
    for kind, doc in docs.items():
        pdf = render(doc)
        assert page_texts(pdf), kind
        assert case.number in flat_text(pdf) or kind in ("agreement", "judicial", "case-file")


def test_missing_numbers_give_chinese_errors(filled: Any, settings: Settings) -> None:
    with filled.read() as session, pytest.raises(DocumentError, match="找不到编号为「不存在」的调解协议"):
        load(session, "agreement", "不存在", _issuer(settings), TODAY)
    with filled.read() as session, pytest.raises(DocumentError, match="找不到案件编号"):
        load(session, "receipt", "X-1", _issuer(settings), TODAY)


def test_cli_print_writes_pdfs(filled: Any, paths: Paths, settings: Settings, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    with filled.read() as session:
        agreement, case = _written(session)
        number, case_number = agreement.number, case.number
    out = tmp_path / "agreement.pdf"
    assert run(["--data-dir", str(paths.data_dir), "print", "agreement", number, "--out", str(out)]) == 0
    assert number.replace(" ", "") in flat_text(out.read_bytes())
    out = tmp_path / "receipt.pdf"
    assert run(["--data-dir", str(paths.data_dir), "print", "receipt", case_number, "--out", str(out)]) == 0
    assert case_number in flat_text(out.read_bytes())
    assert run(["--data-dir", str(paths.data_dir), "print", "judicial", number, "--out", str(tmp_path / "j.pdf")]) == 2
    assert "缺少受理申请的人民法院" in capsys.readouterr().err
    assert not (tmp_path / "j.pdf").exists()
