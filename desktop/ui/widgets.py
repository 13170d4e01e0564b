"""Small shared widgets and helpers: per-field error labels, enum combos, local-time formatting, confirm."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.accounts import Permission, denied_reason
from desktop.domain.enums import LabeledEnum, Role
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors

# The UI's only text colours (no screen hard-codes its own): red for errors, overdue deadlines and refused
# records; amber for warnings and deadlines close at hand; green for a step that succeeded.
RED = "#b00020"
AMBER = "#a15c00"
GREEN = "#2e7d32"
GREY = "#757575"  # a state that is neither good nor bad (offline, not enrolled)
ERROR_STYLE = f"color: {RED};"
WARN_STYLE = f"color: {AMBER};"
OK_STYLE = f"color: {GREEN};"


def fmt_dt(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone().date()
    return value.strftime("%Y-%m-%d")


def enum_combo(enum_cls: type[LabeledEnum], members: Iterable[LabeledEnum] | None = None,
               blank: str | None = None) -> QComboBox:
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, "")
    for m in members if members is not None else enum_cls:
        combo.addItem(m.label, m.value)
    return combo


def text_combo(values: Iterable[str], blank: str | None = None, editable: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(editable)
    if blank is not None:
        combo.addItem(blank, "")
    for v in values:
        combo.addItem(v, v)
    if editable:
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo


def visited_person_combo(names: Iterable[str]) -> QComboBox:
    """被回访人: an editable combo offering the parties' names (anyone else may be typed in; blank prints the
    parties with boxes to tick). Read it with `combo_value`."""
    from desktop.domain.forms import VISITED_PERSON_MAX

    combo = text_combo([], editable=True)
    set_names(combo, names)
    edit = combo.lineEdit()
    assert edit is not None
    edit.setMaxLength(VISITED_PERSON_MAX)
    edit.setPlaceholderText(QCoreApplication.translate("ui", "可留空：打印时列出各当事人供勾选"))
    return combo


def set_names(combo: QComboBox, names: Iterable[str]) -> None:
    """Replace an editable combo's offered names (a blank first), keeping what the user has typed."""
    typed = combo.currentText()
    combo.clear()
    combo.addItem("", "")
    for name in names:
        combo.addItem(name, name)
    combo.setEditText(typed)


def combo_value(combo: QComboBox) -> str:
    if combo.isEditable():
        text = combo.currentText().strip()
        idx = combo.findText(text)
        if idx >= 0 and combo.itemData(idx) is not None:
            return str(combo.itemData(idx))
        return text
    data = combo.currentData()
    return "" if data is None else str(data)


def set_combo_value(combo: QComboBox, value: str) -> None:
    idx = combo.findData(value)
    if idx >= 0:
        combo.setCurrentIndex(idx)
    elif combo.isEditable():
        combo.setEditText(value)


class ErrorLabel(QLabel):
    """A red message shown beside its field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(180)
        self.hide()

    def set_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    show_message = set_error  # the name the rooms' forms use

    def shown(self) -> bool:
        """Set to show (true even while its tab is not the current one)."""
        return not self.isHidden()


def with_error(field: QWidget, error: ErrorLabel) -> QLayout:
    """The field and its error label side by side (messages sit beside the field, not in a popup)."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field, 3)
    row.addWidget(error, 2)
    return row


def field_with_error(field: QWidget, errors: ErrorMap, path: str) -> QWidget:
    """The field with its error label under it, registered in `errors` as `path` (narrow forms)."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(field)
    label = ErrorLabel(box)
    label.setObjectName(f"error_{path}")
    lay.addWidget(label)
    errors.add(path, field, label)
    if field.maximumHeight() < 16777215:  # a capped editor: its row must not swallow spare height
        box.setSizePolicy(box.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum)
    return box


class ErrorMap:
    """Maps ValidationError.field paths ("summary", "parties[0].id_number") to error labels and widgets."""

    def __init__(self, fallback: ErrorLabel | None = None) -> None:
        self._labels: dict[str, ErrorLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self.fallback: ErrorLabel | None = fallback  # messages that name no field shown here

    def add(self, path: str, widget: QWidget, label: ErrorLabel) -> None:
        self._labels[path] = label
        self._widgets[path] = widget

    def remove_prefix(self, prefix: str) -> None:
        for key in [k for k in self._labels if k.startswith(prefix)]:
            del self._labels[key]
            del self._widgets[key]

    def clear(self) -> None:
        for label in self._labels.values():
            label.set_error("")
        if self.fallback is not None:
            self.fallback.set_error("")

    @property
    def labels(self) -> dict[str, ErrorLabel]:
        """Field path -> its label (read-only view, as the rooms' FieldErrors offered)."""
        return dict(self._labels)

    def label(self, path: str) -> ErrorLabel | None:
        return self._labels.get(path)

    def show(self, exc: BaseException) -> bool:
        """Put each message beside its field and focus the first; True if every message found a place.
        False for what is not a domain error (the caller passes it to errors.show_error)."""
        self.clear()
        if not isinstance(exc, DomainError):
            return False
        errors = exc.errors if isinstance(exc, ValidationErrors) else [exc]
        unplaced: list[str] = []
        first: QWidget | None = None
        for err in errors:
            path = err.field or ""
            label = self._labels.get(path)
            if label is None and isinstance(err, ValidationError):
                # "parties[0].name" may be shown by a "parties[0]" catch-all, "parties" by the section.
                while "." in path and label is None:
                    path = path.rsplit(".", 1)[0]
                    label = self._labels.get(path)
                if label is None and "[" in path:
                    path = path.split("[")[0]
                    label = self._labels.get(path)
            if label is None:
                unplaced.append(err.message)
                continue
            # shown(), not isVisible(): a label on a tab not in front is still set (messages join, none lost)
            label.set_error((label.text() + "；" if label.shown() and label.text() else "") + err.message)
            if first is None:
                first = self._widgets.get(path)
        if unplaced and self.fallback is not None:
            self.fallback.set_error("；".join(unplaced))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return not unplaced


# Dialog questions go through these hooks so tests can answer them without a blocking dialog.
def _ask(parent: QWidget | None, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes


def _ask3(parent: QWidget | None, title: str, text: str) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    save = box.addButton(QCoreApplication.translate("ui", "保存"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(QCoreApplication.translate("ui", "不保存"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QCoreApplication.translate("ui", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


def _inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


ask: Callable[[QWidget | None, str, str], bool] = _ask
ask_save: Callable[[QWidget | None, str, str], str] = _ask3
inform: Callable[[QWidget | None, str, str], None] = _inform


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    return ask(parent, title, text)


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


def header_label(text: str, size: float = 1.3) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * size)
    font.setBold(True)
    label.setFont(font)
    return label




def save_shortcuts(form: QWidget, save: Callable[[], object], enter: bool = True) -> QShortcut:
    """What 帮助→快捷键 promises for every form: Ctrl+S saves while focus is anywhere in `form`;
    with `enter`, Enter in any of its one-line fields saves too (multi-line fields keep Enter for
    new lines)."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), form)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(save)
    if enter:
        for edit in form.findChildren(QLineEdit):
            if not isinstance(edit.parent(), QComboBox):  # an editable combo's own line edit: Enter picks
                edit.returnPressed.connect(save)
    return shortcut


def fit_to_screen(window: QWidget, width: int, height: int, anchor: QWidget | None = None) -> None:
    """Size a window to `width`×`height`, but never larger than the available screen (less room for the
    title bar and frame), so every dialog fits a 1024×768 office screen; layouts scroll the rest."""
    screen = _screen_under(anchor if anchor is not None else window.parentWidget())
    size = QSize(width, height)
    if screen is not None:
        room = screen.availableGeometry().size() - QSize(FRAME_ALLOWANCE[0], FRAME_ALLOWANCE[1])
        size = size.boundedTo(room)
    window.resize(size)


def _screen_under(widget: QWidget | None) -> QScreen | None:
    """The screen under `widget`'s window (else the primary), looked up in QGuiApplication.screens() and
    not by QWidget.screen(): PySide ties the QScreen wrapper that call returns to the widget, and once
    the widget is deleted every Python reference to that screen is dead ("already deleted")."""
    if widget is not None:
        centre = widget.window().frameGeometry().center()
        for screen in QGuiApplication.screens():
            if screen.geometry().contains(centre):
                return screen
    return QGuiApplication.primaryScreen()


# Room a window manager's frame and title bar take around a window (wider than most themes use).
FRAME_ALLOWANCE = (16, 48)


def permit(widget: QWidget, role: Role | None, permission: Permission, enabled: bool = True) -> bool:
    """Enable `widget` when `enabled` and the role has `permission`; otherwise disable it, and when the
    role is the reason, say so in its tooltip (a clerk learns before filling a form, not at submit)."""
    reason = denied_reason(role, permission) if role is not None else QCoreApplication.translate("ui", "请先登录")
    widget.setEnabled(enabled and not reason)
    widget.setToolTip(reason)
    return not reason
