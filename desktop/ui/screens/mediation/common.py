"""Shared pieces of the mediation room: date helpers and layout helpers (field errors and colours come
from desktop/ui/widgets.py, the one form-error toolkit)."""
from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import (
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

MEDIATION_ENTITIES = {"mediation", "mediation_record", "agreement", "followup", "case"}

def days_until(deadline: datetime, now: datetime) -> int:
    return (deadline.astimezone().date() - now.astimezone().date()).days


def text_of(edit: QPlainTextEdit | QLineEdit) -> str:
    return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()


def to_utc(edit: QDateTimeEdit) -> datetime:
    value = edit.dateTime().toPython()
    assert isinstance(value, datetime)
    return value.astimezone(UTC)


def left_aligned(button: QWidget) -> QWidget:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(button)
    lay.addStretch(1)
    return box


def scrolled(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area
