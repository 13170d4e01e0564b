"""The one print/preview hook of the mediation room: build a document's PDF off the GUI thread, preview it.

`preview_document(parent, state, kind, key)`; `kind` is one of DOCUMENT_KINDS, `key` the id of the
record the document is made from (a mediation id, or a record / follow-up id for those documents).
The documents package builds the PDF (desktop.documents.from_db makes the document input from the
database, desktop.documents.render turns it into bytes); both imports are guarded so the room works
before that package is installed.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.enums import AgreementStatus
from desktop.domain.errors import DomainError

from . import ops
from .appstate import AppState
from .live_op import LiveOp as Op

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

NOT_INSTALLED = "文书模块尚未安装"


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


def _from_db() -> ModuleType | None:
    try:
        return importlib.import_module("desktop.documents.from_db")
    except ImportError:
        return None


def _builder(module: ModuleType, kind: str) -> Callable[..., Any]:
    """The from_db function for a kind: `document(kind, …)` if offered, else `<kind>_doc` / `<kind>`."""
    for name in (f"{kind}_doc", f"{kind}_document", kind):
        fn = getattr(module, name, None)
        if callable(fn):
            return fn  # type: ignore[no-any-return]  # getattr on a module is Any
    generic = getattr(module, "document", None)
    if callable(generic):
        return lambda *args: generic(kind, *args)
    raise DomainError(_tr("文书模块不支持“%s”") % DOCUMENT_KINDS.get(kind, kind))


def _call(fn: Callable[..., Any], session: Any, key: str, state: AppState) -> Any:
    # from_db builders take (session, key) and optionally the settings (committee name etc.).
    try:
        params = len(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = 2
    return fn(session, key, state.settings) if params >= 3 else fn(session, key)


def build_document(state: AppState, kind: str, key: str) -> Built:
    """Runs off the GUI thread: the PDF bytes and what the preview needs to know."""
    if kind not in DOCUMENT_KINDS:
        raise DomainError(_tr("未知的文书类型"))
    module = _from_db()
    if module is None:
        raise DomainError(_tr(NOT_INSTALLED))
    render = importlib.import_module("desktop.documents").render
    from sqlalchemy import select

    from desktop.db.models import Agreement, Mediation
    from desktop.db.room_queries import mediation_workspace

    with state.db.read() as session:
        doc = _call(_builder(module, kind), session, key, state)
        copies, agreement_id = 1, None
        if kind == "agreement":
            ws = mediation_workspace(session, key)
            if ws is None:
                mediation = session.get(Mediation, key)
                agreement = None if mediation is None else session.scalars(
                    select(Agreement).where(Agreement.mediation_id == mediation.id)).first()
            else:
                agreement = ws.agreement
            if agreement is not None:
                copies, agreement_id = agreement.copies, agreement.id
            elif ws is not None:
                copies = ws.party_count + 1
    pdf = render(doc)
    return Built(pdf=pdf, title=_tr(DOCUMENT_KINDS[kind]), copies=copies, agreement_id=agreement_id)


def _dialog_class() -> type[Any] | None:
    try:
        module = importlib.import_module("desktop.ui.pdf_preview")
    except ImportError:
        return None
    cls = getattr(module, "PdfPreviewDialog", None)
    return cls if isinstance(cls, type) else None


def _mark_printed(parent: QWidget | None, state: AppState, agreement_id: str) -> None:
    from desktop.db.services.mediation import set_agreement_status

    actor = state.require_actor()

    def work() -> Any:
        return set_agreement_status(state.ctx, actor, agreement_id, AgreementStatus.PRINTED)

    Op(parent, work).on_success(lambda _a: state.bus.publish(entities={"agreement"})).run()


# Tests read the last built document through this hook (the preview dialog is modal in real use).
last_built: Built | None = None


def preview_document(parent: QWidget | None, state: AppState, kind: str, key: str,
                     on_ready: Callable[[Built], None] | None = None) -> ops.Op[Built]:
    """Build the PDF via Op, then open the preview (with default copies = parties + 1 for an agreement)."""

    def failed(exc: BaseException) -> None:
        text = exc.message if isinstance(exc, DomainError) else _tr("生成文书失败：%s") % type(exc).__name__
        if not isinstance(exc, DomainError):
            log.error("document build failed (%s): %s", kind, type(exc).__name__)
        notify(parent, _tr("打印"), text)
        state.bus.message.emit("warning", text)

    def ready(built: Built) -> None:
        global last_built
        last_built = built
        if on_ready is not None:
            on_ready(built)
            return
        cls = _dialog_class()
        if cls is None:
            notify(parent, _tr("打印"), _tr("预览窗口尚未安装"))
            return
        dialog = cls(built.pdf, built.title, built.copies, parent)
        printed = getattr(dialog, "printed", None)
        if built.agreement_id is not None and printed is not None:
            agreement_id = built.agreement_id
            printed.connect(lambda *_a: _mark_printed(parent, state, agreement_id))
        dialog.exec()

    return Op(parent, lambda: build_document(state, kind, key), busy_text=_tr("正在生成文书…")).on_success(
        ready).on_failure(failed).run()


# ---- the UI core's print hooks (case screens), on the same machinery -------------------------------
def available() -> bool:
    return _from_db() is not None


def print_receipt(parent: QWidget | None, state: AppState, case_id: str) -> None:
    """Print the 受理回执 of a case (preview first)."""
    preview_document(parent, state, "receipt", case_id)


def case_documents(state: AppState, case_id: str) -> list[tuple[str, Callable[[QWidget | None], None]]]:
    """The documents that can be printed from a case: (menu label, action). Mediation documents are
    printed from the mediation room, which knows the mediation."""
    return [(_tr("受理回执"), lambda parent: print_receipt(parent, state, case_id))]
