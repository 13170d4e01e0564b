"""The one print/preview hook of the mediation room: build a document's PDF off the GUI thread, preview it.

`preview_document(parent, state, kind, key)`; `kind` is one of DOCUMENT_KINDS, `key` the id of the
record the document is made from (a mediation id; a record / follow-up id for those documents; a case
id for the receipt). desktop.documents.from_db.load makes the document input from the database and
desktop.documents.render turns it into PDF bytes (imported directly: a build without them fails at
start, loudly). The preview is desktop.ui.pdf_preview.PdfPreviewDialog.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.documents import DocumentError, fonts, from_db, render
from desktop.domain.enums import AgreementStatus
from desktop.domain.errors import DomainError

from . import ops
from .appstate import AppState
from .errors import show_error
from .ops import Op
from .pdf_preview import PdfPreviewDialog

log = logging.getLogger(__name__)

# kind -> (English key used by desktop.documents.from_db, Chinese title)
DOCUMENT_KINDS: dict[str, str] = {
    "agreement": "人民调解协议书",
    "record": "人民调解记录",
    "application": "人民调解申请书",
    "register": "人民调解受理登记表",
    "oral": "口头协议登记表",
    "followup": "回访记录",
    "judicial": "司法确认申请书",
    "case_file": "卷宗",
    "receipt": "受理回执",
}

def _tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


def notify(parent: QWidget | None, title: str, text: str, warning: bool = True) -> QMessageBox:
    """A non-blocking message box (window-modal, opened with open(), never exec())."""
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("roomsNotice")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


@dataclass
class Built:
    pdf: bytes
    title: str
    copies: int
    agreement_id: str | None
    number: str = ""  # the agreement's or the case's number (the suggested file name)


def _load_args(session: Any, kind: str, key: str) -> tuple[str, str, int | None, int, str | None]:
    """Translate (kind, our key) into from_db.load's (kind, key, nth) plus copies and the agreement id.

    Our keys are ids (mediation, record, follow-up, case); from_db takes the agreement number for the
    agreement and the judicial application, and the case number (with `nth`) for everything else."""
    from sqlalchemy import select

    from desktop.db.models import Agreement, Case, Followup, Mediation, MediationRecord
    from desktop.db.room_queries import mediation_of_case

    def case_of_mediation(mediation_id: str) -> tuple[Mediation, Case]:
        # A case id works too (printing from the case detail): its current mediation.
        mediation = session.get(Mediation, mediation_id)
        if mediation is None and session.get(Case, mediation_id) is not None:
            found = mediation_of_case(session, mediation_id)
            if found is None:
                raise DomainError(_tr("该案件还没有人民调解"))
            mediation = session.get(Mediation, found)
        case = session.get(Case, mediation.case_id) if mediation is not None else None
        if mediation is None or case is None:
            raise DomainError(_tr("找不到该调解案件"))
        return mediation, case

    def case_number_of(case_id: str, missing: str) -> str:
        case = session.get(Case, case_id)
        if case is None:
            raise DomainError(missing)
        return str(case.number)

    if kind == "receipt":
        case = session.get(Case, key)
        if case is None:
            raise DomainError(_tr("找不到该案件"))
        return "receipt", case.number, None, 1, None
    if kind == "record":
        record = session.get(MediationRecord, key)
        if record is None:  # a case id: its latest record
            return "record", case_number_of(key, _tr("请先保存记录")), None, 1, None
        _m, case = case_of_mediation(record.mediation_id)
        # from_db numbers a case's records by mediation start, then by time held
        ids = list(session.scalars(
            select(MediationRecord.id).join(Mediation, Mediation.id == MediationRecord.mediation_id)
            .where(Mediation.case_id == case.id).order_by(Mediation.started_at, MediationRecord.held_at)))
        return "record", case.number, ids.index(record.id) + 1, 1, None
    if kind == "followup":
        followup = session.get(Followup, key)
        if followup is None:  # a case id: its latest follow-up
            return "followup", case_number_of(key, _tr("还没有回访记录")), None, 1, None
        case = session.get(Case, followup.case_id)
        ids = list(session.scalars(select(Followup.id).where(Followup.case_id == followup.case_id)
                                   .order_by(Followup.visited_at)))
        return "followup", case.number, ids.index(followup.id) + 1, 1, None
    mediation, case = case_of_mediation(key)
    if kind in ("agreement", "judicial"):
        agreement = session.scalars(select(Agreement).where(Agreement.mediation_id == mediation.id)).first()
        if agreement is None or (agreement.oral and kind == "agreement"):
            raise DomainError(_tr("请先制作并保存调解协议书"))
        if kind == "judicial" and agreement.effective_at is None:
            raise DomainError(_tr("协议生效后才能制作司法确认申请书"))
        copies = agreement.copies if kind == "agreement" else 1
        return kind, agreement.number, None, copies, agreement.id if kind == "agreement" else None
    return ("case-file" if kind == "case_file" else kind), case.number, None, 1, None


def build_document(state: AppState, kind: str, key: str, court: str = "") -> Built:
    """Runs off the GUI thread: the PDF bytes and what the preview needs to know."""
    if kind not in DOCUMENT_KINDS:
        raise DomainError(_tr("未知的文书类型"))
    settings = state.settings
    fonts.use_body_font(settings.document_font)
    issuer = from_db.Issuer(committee=settings.committee_name, center=settings.center_name,
                           court=court.strip() or settings.court_name, contact=settings.center_phone)
    with state.db.read() as session:
        doc_kind, doc_key, nth, copies, agreement_id = _load_args(session, kind, key)
        doc = from_db.load(session, doc_kind, doc_key, issuer, date.today(), nth=nth,
                          filed_by=state.actor.display_name if state.actor else "")
    pdf = render(doc)
    _audit_full_ids(state, doc, kind, key)
    return Built(pdf=pdf, title=_tr(DOCUMENT_KINDS[kind]), copies=copies, agreement_id=agreement_id,
                 number=str(doc_key))


def _audit_full_ids(state: AppState, doc: Any, kind: str, key: str) -> None:
    """A document showing full ID numbers (preview and print) is a disclosure: audited, never the numbers."""
    from desktop.db.services.privacy import PRINT_FULL_ID, audit_disclosure

    if state.actor is not None and any(getattr(p, "id_number", "") for p in getattr(doc, "parties", []) or []):
        audit_disclosure(state.db, state.actor, PRINT_FULL_ID, kind, [key])


def _mark_printed(parent: QWidget | None, state: AppState, agreement_id: str) -> None:
    from desktop.db.services.mediation import set_agreement_status

    actor = state.require_actor()

    def work() -> Any:
        return set_agreement_status(state.ctx, actor, agreement_id, AgreementStatus.PRINTED)

    Op(parent, work).run()  # the runner publishes the agreement's change


def preview_document(parent: QWidget | None, state: AppState, kind: str, key: str,
                     on_ready: Callable[[Built], None] | None = None, court: str = "") -> ops.Op[Built]:
    """Build the PDF via Op, then open the preview (with default copies = parties + 1 for an agreement)."""

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, (DomainError, DocumentError)):
            show_error(parent, exc)  # a bug: logged with its trace, the standard error dialog
            return
        text = str(exc)
        notify(parent, _tr("打印"), text)
        state.bus.message.emit("warning", text)

    def ready(built: Built) -> None:
        if on_ready is not None:
            on_ready(built)
            return
        dialog = PdfPreviewDialog(built.pdf, built.title, built.copies, parent, number=built.number)
        dialog.setObjectName("pdfPreview")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Mark the agreement printed once it really was.
        if built.agreement_id is not None:
            agreement_id = built.agreement_id
            dialog.printed.connect(lambda *_a: _mark_printed(parent, state, agreement_id))
        dialog.open()  # window-modal without a nested event loop

    return Op(parent, lambda: build_document(state, kind, key, court), busy_text=_tr("正在生成文书…")).on_success(
        ready).on_failure(failed).run()


def warm_up(parent: QWidget | None) -> ops.Op[float]:
    """After login, in the background: load the document fonts and the PDF code once, so the first
    preview of the day is quick (#11: under 1 s; the fonts alone took seconds). Runs on the network
    pool, never on the database worker, so a save is not queued behind it. Returns the seconds taken."""

    def work() -> float:
        started = time.perf_counter()
        fonts.warm_up()  # every face of the chain, Extension-B fallback included
        return time.perf_counter() - started

    def done(seconds: float) -> None:
        log.info("document fonts warmed up in %.2f s", seconds)

    def failed(exc: BaseException) -> None:
        log.warning("document warm-up failed: %s", type(exc).__name__)  # the first preview loads them

    return Op(parent, work, network=True).on_success(done).on_failure(failed).run()


# ---- the UI core's print hooks (case screens), on the same machinery -------------------------------
def print_receipt(parent: QWidget | None, state: AppState, case_id: str) -> None:
    """Print the 受理回执 of a case (preview first)."""
    preview_document(parent, state, "receipt", case_id)


CASE_MENU = ("receipt", "application", "register", "record", "agreement", "oral", "followup", "judicial",
             "case_file")


def case_documents(state: AppState, case_id: str) -> list[tuple[str, Callable[[QWidget | None], None]]]:
    """The documents that can be printed from a case: (menu label, action). Each finds what it needs
    off the GUI thread (the case's mediation, its latest record or follow-up) and says plainly if the
    case has none."""

    def action(kind: str) -> Callable[[QWidget | None], None]:
        def run(parent: QWidget | None) -> None:
            preview_document(parent, state, kind, case_id)

        return run

    return [(_tr(DOCUMENT_KINDS[kind]), action(kind)) for kind in CASE_MENU]
