"""Shared pieces of the mediation room: field-error labels, date helpers, colours."""
from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import (
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError, ValidationErrors

RED = "#c62828"
AMBER = "#b26a00"
ERROR_STYLE = f"color: {RED};"
MEDIATION_ENTITIES = {"mediation", "mediation_record", "agreement", "followup", "case"}

def local(dt: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if dt is None else dt.astimezone().strftime(fmt)


def days_until(deadline: datetime, now: datetime) -> int:
    return (deadline.astimezone().date() - now.astimezone().date()).days


class ErrorLabel(QLabel):
    """A validation message shown beside its field (hidden when empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def shown(self) -> bool:
        """Set to show (true even while its tab is not the current one)."""
        return not self.isHidden()


class FieldErrors:
    """Maps form field names to the labels beside them; unmatched messages go to a general label."""

    def __init__(self, general: ErrorLabel) -> None:
        self.general = general
        self.labels: dict[str, ErrorLabel] = {}

    def add(self, field: str, label: ErrorLabel) -> ErrorLabel:
        self.labels[field] = label
        return label

    def clear(self) -> None:
        for label in [*self.labels.values(), self.general]:
            label.show_message("")

    def show(self, exc: BaseException) -> bool:
        """Show a domain error beside its field(s); False if it is not a domain error."""
        self.clear()
        if isinstance(exc, ValidationErrors):
            errors: list[DomainError] = list(exc.errors)
        elif isinstance(exc, DomainError):
            errors = [exc]
        else:
            return False
        general: list[str] = []
        for err in errors:
            key = (err.field or "").split("[")[0]
            label = self.labels.get(err.field or "") or self.labels.get(key)
            if label is None:
                general.append(err.message)
            else:
                label.show_message((label.text() + "；" if label.text() else "") + err.message)
        self.general.show_message("；".join(general))
        return True


def with_error(widget: QWidget, errors: FieldErrors, field: str) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(widget)
    label = errors.add(field, ErrorLabel(box))
    label.setObjectName(f"error_{field}")
    lay.addWidget(label)
    if widget.maximumHeight() < 16777215:  # a capped editor: its row must not swallow spare height
        box.setSizePolicy(box.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum)
    return box


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
