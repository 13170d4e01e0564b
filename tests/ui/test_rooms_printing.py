"""Printing from the mediation room: real PDFs built off the GUI thread, the preview with its copies."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.db.services import mediation as svc
from desktop.domain.enums import AgreementStatus, RecordKind, Satisfaction
from desktop.domain.forms import AgreementForm, FollowupForm, RecordForm
from desktop.ui import printing
from desktop.ui.appstate import AppState
from desktop.ui.printing import Built, preview_document
from desktop.ui.screens.mediation import MediationScreen

from .test_rooms_mediation import make_case


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def build(state: AppState, qtbot: Any, kind: str, key: str, court: str = "") -> Built:
    got: list[Built] = []
    errors: list[str] = []
    state.bus.message.connect(lambda _level, text: errors.append(text))
    preview_document(None, state, kind, key, on_ready=got.append, court=court)
    qtbot.waitUntil(lambda: bool(got or errors), timeout=30000)
    assert not errors, errors
    return got[0]


def test_every_mediation_document_prints(state: AppState, qtbot: Any) -> None:
    actor = state.require_actor()
    case_id = make_case(state.ctx, actor, parties=3)
    m = svc.start_mediation(state.ctx, actor, case_id, mediator="管理员")
    first = svc.save_record(state.ctx, actor, m.id, RecordForm(RecordKind.INVESTIGATION, datetime.now(UTC),
                                                                place="村委会", participants="王五（邻居）",
                                                                content="走访邻居了解排水情况"))
    svc.save_record(state.ctx, actor, m.id, RecordForm(RecordKind.SESSION, datetime.now(UTC), place="调解室",
                                                       content="双方当面陈述，同意调解"))
    terms = ["李四于十日内改建排水沟", "张三配合施工", "双方今后和睦相处"]
    a = svc.save_agreement(state.ctx, actor, m.id, AgreementForm(facts="院墙排水纠纷", terms=terms, performance="当场履行"))
    assert a.copies == 4  # three parties + the committee

    agreement = build(state, qtbot, "agreement", m.id)
    assert agreement.copies == 4 and agreement.agreement_id == a.id
    text = text_of(agreement.pdf)
    assert "人民调解协议书" in text and a.number.replace(" ", "") in text  # printed without ASCII spaces
    for t in terms:
        assert t in text
    record = build(state, qtbot, "record", first.id)
    assert "走访邻居了解排水情况" in text_of(record.pdf)
    for kind in ("application", "register"):
        assert text_of(build(state, qtbot, kind, m.id).pdf)

    svc.set_agreement_status(state.ctx, actor, a.id, AgreementStatus.EFFECTIVE)
    judicial = text_of(build(state, qtbot, "judicial", m.id, court="示范县人民法院").pdf)
    assert "示范县人民法院" in judicial and a.number.replace(" ", "") in judicial
    svc.conclude(state.ctx, actor, m.id, svc.MediationOutcome.WRITTEN)
    fu = svc.add_followup(state.ctx, actor, case_id, FollowupForm(datetime.now(UTC), performance="已履行完毕",
                                                                 satisfaction=Satisfaction.SATISFIED))
    assert "已履行完毕" in text_of(build(state, qtbot, "followup", fu.id).pdf)
    case_file = build(state, qtbot, "case_file", m.id)
    assert len(PdfReader(io.BytesIO(case_file.pdf)).pages) >= 5
    assert "卷" in text_of(case_file.pdf)


def test_preview_dialog_opens_with_parties_plus_one_copies(state: AppState, qtbot: Any) -> None:
    actor = state.require_actor()
    case_id = make_case(state.ctx, actor)
    m = svc.start_mediation(state.ctx, actor, case_id, mediator="管理员")
    screen = MediationScreen(state)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.select_mediation(m.id)
    # no agreement yet: the buttons say so by being off, and the hook answers plainly anyway
    assert not screen.print_buttons["agreement"].isEnabled() and not screen.print_buttons["judicial"].isEnabled()
    screen.print_document("agreement")
    qtbot.waitUntil(lambda: screen.findChild(QMessageBox, "roomsNotice") is not None, timeout=10000)
    box = screen.findChild(QMessageBox, "roomsNotice")
    assert box.text() == "请先制作并保存调解协议书"
    box.close()
    svc.save_agreement(state.ctx, actor, m.id, AgreementForm(facts="事实", terms=["一条"], performance="当场履行"))
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.load_workspace(m.id, editors=True)
    qtbot.mouseClick(screen.print_buttons["agreement"], Qt.MouseButton.LeftButton)
    from desktop.ui.pdf_preview import PdfPreviewDialog

    qtbot.waitUntil(lambda: screen.findChild(PdfPreviewDialog, "pdfPreview") is not None, timeout=30000)
    dialog = screen.findChild(PdfPreviewDialog, "pdfPreview")
    assert dialog.default_copies == 3 and dialog.title == "人民调解协议书"
    dialog.close()
    qtbot.waitUntil(lambda: screen.findChild(PdfPreviewDialog, "pdfPreview") is None)

    # the judicial application asks for the court first
    agreement_id = svc.set_agreement_status(state.ctx, actor, svc.save_agreement(
        state.ctx, actor, m.id, AgreementForm(facts="事实", terms=["一条"], performance="当场履行")).id,
        AgreementStatus.EFFECTIVE).id
    assert agreement_id
    from PySide6.QtWidgets import QInputDialog

    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.load_workspace(m.id, editors=True)

    qtbot.mouseClick(screen.print_buttons["judicial"], Qt.MouseButton.LeftButton)
    court = screen.findChild(QInputDialog, "courtDialog")
    assert court is not None
    court.setTextValue("示范县人民法院")
    court.accept()
    qtbot.waitUntil(lambda: screen.findChild(PdfPreviewDialog, "pdfPreview") is not None, timeout=30000)
    judicial = screen.findChild(PdfPreviewDialog, "pdfPreview")
    assert judicial.title == "司法确认申请书" and judicial.default_copies == 1
    assert "示范县人民法院" in text_of(judicial.pdf_bytes)
    judicial.close()


def test_unknown_record_says_so(state: AppState, qtbot: Any) -> None:
    errors: list[str] = []
    state.bus.message.connect(lambda _level, text: errors.append(text))
    preview_document(None, state, "agreement", "no-such-id")
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors == ["找不到该调解案件"]


def test_case_menu_prints_by_case_id(state: AppState, qtbot: Any) -> None:
    """The case detail's print menu (UI core) goes through the same hook with the case id."""
    actor = state.require_actor()
    case_id = make_case(state.ctx, actor)
    labels = [label for label, _action in printing.case_documents(state, case_id)]
    assert labels[0] == "受理回执" and "人民调解协议书" in labels and "卷宗" in labels
    receipt = build(state, qtbot, "receipt", case_id)
    with state.db.read() as s:
        from desktop.db.models import Case

        number = s.get(Case, case_id).number  # type: ignore[union-attr]
    assert number in text_of(receipt.pdf)
    # no mediation yet: a plain answer
    errors: list[str] = []
    state.bus.message.connect(lambda _level, text: errors.append(text))
    preview_document(None, state, "register", case_id)
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert errors == ["该案件还没有人民调解"]
    m = svc.start_mediation(state.ctx, actor, case_id, mediator="管理员")
    svc.save_record(state.ctx, actor, m.id, RecordForm(RecordKind.SESSION, datetime.now(UTC), place="调解室",
                                                       content="按案件打印最新记录"))
    assert "按案件打印最新记录" in text_of(build(state, qtbot, "record", case_id).pdf)
    assert text_of(build(state, qtbot, "register", case_id).pdf)


def test_a_document_with_full_id_numbers_is_audited(state: AppState, qtbot: Any) -> None:
    from sqlalchemy import select

    from desktop.db.models import AuditEntry

    actor = state.require_actor()
    case_id = make_case(state.ctx, actor)
    m = svc.start_mediation(state.ctx, actor, case_id)
    built = build(state, qtbot, "application", m.id)
    assert "11010519491231002X" in text_of(built.pdf)  # the legal document carries the full number
    with state.db.read() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "print_full_id")).all()
    assert [(e.actor, e.entity, e.entity_id) for e in entries] == [(actor.username, "application", m.id)]
