"""The agreement terms editor: numbered terms, each a multi-line editor that wraps and grows to show the
whole term (several hundred characters read back in full); add, remove and reorder with buttons or keys.

Keys inside a term: Ctrl+Enter adds a term after it, Ctrl+Delete removes it, Alt+↑ / Alt+↓ move it.
The editor grows with its terms; the agreement tab around it scrolls (12 and more terms).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)


class TermEdit(QTextEdit):
    """One term: plain text, wraps at the editor's width, always exactly as tall as its text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(4)
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())
        self.setPlainText(text)
        self._fit()

    def _fit(self) -> None:
        lines = self.fontMetrics().lineSpacing()
        height = int(self.document().size().height()) + 2 * self.frameWidth()
        self.setFixedHeight(max(height, lines + 8 + 2 * self.frameWidth()))

    def sizeHint(self) -> QSize:
        return QSize(200, self.height())


class TermsEditor(QWidget):
    """Numbered agreement terms: add, remove, move up and down; each term edited in place, in full."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("terms")
        self.edits: list[TermEdit] = []
        self.numbers: list[QLabel] = []
        self._current = -1
        self._read_only = False
        self.add_btn = QPushButton(self.tr("添加条款"))
        self.remove_btn = QPushButton(self.tr("删除条款"))
        self.up_btn = QPushButton(self.tr("上移"))
        self.down_btn = QPushButton(self.tr("下移"))
        for btn, tip in ((self.add_btn, self.tr("在当前条款后添加一条（Ctrl+Enter）")),
                         (self.remove_btn, self.tr("删除当前条款（Ctrl+Delete）")),
                         (self.up_btn, self.tr("当前条款上移（Alt+↑）")),
                         (self.down_btn, self.tr("当前条款下移（Alt+↓）"))):
            btn.setToolTip(tip)
            btn.setAutoDefault(False)
        self.add_btn.clicked.connect(lambda: self.add_term("", after=self._current))
        self.remove_btn.clicked.connect(self.remove_current)
        self.up_btn.clicked.connect(lambda: self.move_current(-1))
        self.down_btn.clicked.connect(lambda: self.move_current(1))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.add_btn, self.remove_btn, self.up_btn, self.down_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.empty = QLabel(self.tr("尚无条款，点击“添加条款”。"))
        self.empty.setStyleSheet("color: #666;")
        self.frame = QFrame()
        self.frame.setObjectName("termsFrame")
        self.grid = QGridLayout(self.frame)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(buttons)
        lay.addWidget(self.empty)
        lay.addWidget(self.frame)
        self._update_buttons()

    # ---- rows -----------------------------------------------------------------------------------
    def _new_edit(self, text: str) -> TermEdit:
        edit = TermEdit(text)
        edit.setObjectName("term")
        edit.setReadOnly(self._read_only)
        edit.textChanged.connect(self.changed.emit)
        edit.installEventFilter(self)
        return edit

    def _relayout(self) -> None:
        """Put the editors in their grid rows in list order, numbered 1…n."""
        while len(self.numbers) < len(self.edits):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 5, 4, 0)
            self.numbers.append(label)
        for i, label in enumerate(self.numbers):
            if i < len(self.edits):
                label.setText(self.tr("第%d条") % (i + 1))
                self.grid.addWidget(label, i, 0)
                self.grid.addWidget(self.edits[i], i, 1)
                label.show()
            else:
                label.hide()
        previous: QWidget = self.down_btn
        for edit in self.edits:
            QWidget.setTabOrder(previous, edit)
            previous = edit
        self.empty.setVisible(not self.edits)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = 0 <= self._current < len(self.edits) and not self._read_only
        self.add_btn.setEnabled(not self._read_only)
        self.remove_btn.setEnabled(has)
        self.up_btn.setEnabled(has and self._current > 0)
        self.down_btn.setEnabled(has and self._current < len(self.edits) - 1)
        for i, label in enumerate(self.numbers):
            font = label.font()
            font.setBold(i == self._current)
            label.setFont(font)

    def _set_current(self, row: int, focus: bool = False) -> None:
        self._current = row if 0 <= row < len(self.edits) else -1
        self._update_buttons()
        if focus and self._current >= 0:
            self.edits[self._current].setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, TermEdit) and watched in self.edits:
            if event.type() == QEvent.Type.FocusIn:
                self._set_current(self.edits.index(watched))
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and not self._read_only:
                return self._key(self.edits.index(watched), event)
        return super().eventFilter(watched, event)

    def _key(self, row: int, event: QKeyEvent) -> bool:
        mods, key = event.modifiers(), event.key()
        ctrl = mods & Qt.KeyboardModifier.ControlModifier
        alt = mods & Qt.KeyboardModifier.AltModifier
        self._current = row
        if ctrl and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_term("", after=row)
            return True
        if ctrl and key == Qt.Key.Key_Delete:
            self.remove_current()
            return True
        if alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if key == Qt.Key.Key_Up else 1)
            return True
        return False

    # ---- editing ------------------------------------------------------------------------------
    def add_term(self, text: str, after: int = -1) -> int:
        """Add a term after row `after` (at the end when -1); it becomes the current one, with focus."""
        row = after + 1 if 0 <= after < len(self.edits) else len(self.edits)
        self.edits.insert(row, self._new_edit(text))
        self._relayout()
        self._set_current(row, focus=True)
        self.changed.emit()
        return row

    def remove_current(self) -> None:
        row = self._current
        if not 0 <= row < len(self.edits):
            return
        edit = self.edits.pop(row)
        self.grid.removeWidget(edit)
        edit.deleteLater()
        self._relayout()
        self._set_current(min(row, len(self.edits) - 1), focus=True)
        self.changed.emit()

    def move_current(self, delta: int) -> None:
        row = self._current
        target = row + delta
        if not 0 <= row < len(self.edits) or not 0 <= target < len(self.edits):
            return
        self.edits[row], self.edits[target] = self.edits[target], self.edits[row]
        self._relayout()
        self._set_current(target, focus=True)
        self.changed.emit()

    def current_row(self) -> int:
        return self._current

    def set_current_row(self, row: int) -> None:
        self._set_current(row, focus=True)

    def edit(self, row: int) -> TermEdit:
        return self.edits[row]

    def term(self, row: int) -> str:
        return self.edits[row].toPlainText()

    def set_term(self, row: int, text: str) -> None:
        self.edits[row].setPlainText(text)

    def terms(self) -> list[str]:
        return [e.toPlainText() for e in self.edits]

    def set_terms(self, terms: list[str]) -> None:
        """Show saved terms (no `changed`); editors are reused, so a reload costs little."""
        self.blockSignals(True)
        while len(self.edits) > len(terms):
            edit = self.edits.pop()
            self.grid.removeWidget(edit)
            edit.deleteLater()
        for i, text in enumerate(terms):
            if i < len(self.edits):
                if self.edits[i].toPlainText() != text:
                    self.edits[i].setPlainText(text)
            else:
                self.edits.append(self._new_edit(text))
        self._current = -1
        self._relayout()
        self.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        """Signed agreements: every term stays readable (and selectable), nothing can change."""
        self._read_only = read_only
        for e in self.edits:
            e.setReadOnly(read_only)
        self._update_buttons()
