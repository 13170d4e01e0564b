"""Print hooks for screens. The documents integration lives in desktop/ui/print_actions.py (wired by the
lead once desktop.documents is in); until then these say plainly that printing is not installed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import ModuleType

from PySide6.QtWidgets import QWidget

from . import widgets
from .appstate import AppState

log = logging.getLogger(__name__)


def _actions() -> ModuleType | None:
    try:
        from desktop.ui import print_actions  # type: ignore[attr-defined,unused-ignore]  # wired by the lead
    except ModuleNotFoundError:
        return None
    return print_actions  # type: ignore[no-any-return,unused-ignore]


def available() -> bool:
    return _actions() is not None


def print_receipt(parent: QWidget | None, state: AppState, case_id: str) -> None:
    """Print the 受理回执 of a case (preview first)."""
    actions = _actions()
    if actions is None:
        widgets.inform(parent, widgets.tr("打印"), widgets.tr("打印功能尚未安装，请联系技术人员。"))
        return
    actions.print_receipt(parent, state, case_id)


def case_documents(state: AppState, case_id: str) -> list[tuple[str, Callable[[QWidget | None], None]]]:
    """The documents that can be printed for a case: (menu label, action)."""
    actions = _actions()
    if actions is None:
        return [(widgets.tr("受理回执"), lambda parent: print_receipt(parent, state, case_id))]
    result: list[tuple[str, Callable[[QWidget | None], None]]] = actions.case_documents(state, case_id)
    return result
