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


def test_stored_copies_and_real_people_are_printed(filled: Any, settings: Settings) -> None:
    with filled.write() as session:
        agreement, case = _written(session)
        row = session.get(Agreement, agreement.id)
        row.copies = len(case.parties) + 4
        stored_case = session.get(Case, case.id)
        stored_case.first_responder = "系统"  # an imported case: the system account registered it
        number, case_number, copies = row.number, stored_case.number, row.copies
    with filled.read() as session:
        doc = load(session, "agreement", number, _issuer(settings), TODAY)
        register = load(session, "register", case_number, _issuer(settings), TODAY)
        receipt = load(session, "receipt", case_number, _issuer(settings), TODAY)
    from desktop.documents.layout import cn_number

    assert doc.copies == copies
    assert f"本协议一式{cn_number(copies)}份" in flat_text(render(doc))
    for made in (register, receipt):
        text = flat_text(render(made))
        assert "系统" not in text


def test_case_file_materials_from_the_cli_reach_the_contents(filled: Any, paths: Paths, settings: Settings,
                                                              tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with filled.read() as session:
        _agreement, case = _written(session)
        case_number = case.number
    base = ["--data-dir", str(paths.data_dir)]
    out = tmp_path / "file.pdf"
    assert run([*base, "print", "case-file", case_number, "--out", str(out)]) == 0
    text = flat_text(out.read_bytes())
    assert "卷内材料齐全" not in text and "卷内材料不全：权利义务告知书、当事人身份证明" in text
    assert run([*base, "case-file-material", "add", case_number, "权利义务告知书", "--pages", "2"]) == 0
    assert run([*base, "case-file-material", "add", case_number, "当事人身份证明", "--pages", "3", "--scanned"]) == 0
    assert run([*base, "case-file-material", "add", case_number, "证据材料", "--pages", "0"]) == 2
    assert "页数应为 1 到" in capsys.readouterr().err
    capsys.readouterr()
    assert run([*base, "case-file-material", "list", case_number]) == 0
    listed = capsys.readouterr().out
    assert "权利义务告知书\t2页\t纸质" in listed and "当事人身份证明\t3页\t扫描件" in listed
    assert run([*base, "print", "case-file", case_number, "--out", str(out)]) == 0
    pdf = out.read_bytes()
    pages = page_texts(pdf)
    contents = "".join(pages[1].split())
    assert "纸质，2页" in contents and "扫描件，3页" in contents
    assert "卷内材料齐全" in "".join(pages[-1].split())
