"""Preview of a generated PDF (QtPdf) with page navigation, zoom, print and save-as."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .widgets import fit_to_screen

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 5.0
LAST_FOLDER_KEY = "preview/last_save_folder"
PRINT_DPI_CAP = 300  # pages are rasterised for printing; more than this only costs memory


class PdfPreviewDialog(QDialog):
    """Shows ``pdf_bytes``; 打印 opens the print dialog with ``default_copies`` copies preset
    (an agreement: parties + 1), 另存为 writes the same bytes to a file the user picks."""

    printed = Signal()  # every page went to the printer (the agreement can be marked printed)

    def __init__(self, pdf_bytes: bytes, title: str, default_copies: int = 1, parent: QWidget | None = None,
                 number: str = "") -> None:
        super().__init__(parent)
        self.pdf_bytes = pdf_bytes
        self.title = title
        self.number = number  # the document's or its case's number: part of the suggested file name
        self.default_copies = max(1, default_copies)
        self.setWindowTitle(title)
        fit_to_screen(self, 900, 1000, parent)  # a page is tall; the view scrolls on a 768-pixel screen

        # QPdfDocument reads lazily from the device: keep the bytes and the buffer alive with the dialog.
        self._data = QByteArray(pdf_bytes)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.prev_button = QPushButton(self.tr("上一页"), self)
        self.next_button = QPushButton(self.tr("下一页"), self)
        self.page_label = QLabel(self)
        self.zoom_out_button = QPushButton(self.tr("缩小"), self)
        self.zoom_in_button = QPushButton(self.tr("放大"), self)
        self.fit_button = QPushButton(self.tr("适合宽度"), self)
        self.print_button = QPushButton(self.tr("打印…"), self)
        self.save_button = QPushButton(self.tr("另存为…"), self)
        self.close_button = QPushButton(self.tr("关闭"), self)

        bar = QHBoxLayout()
        for w in (self.prev_button, self.page_label, self.next_button):
            bar.addWidget(w)
        bar.addSpacing(16)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit_width)
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.reject)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        for keys, slot in ((QKeySequence.StandardKey.MoveToNextPage, self.next_page),
                           (QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
                           (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
                           (QKeySequence.StandardKey.Print, self.print_with_dialog),
                           (QKeySequence.StandardKey.SaveAs, self.save_as)):
            QShortcut(keys, self, slot)
        self._update_page_label()

    # ------------------------------------------------------------------ navigation and zoom

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    @property
    def current_page(self) -> int:
        return int(self.view.pageNavigator().currentPage())

    def go_to(self, page: int) -> None:
        page = min(max(page, 0), max(self.page_count - 1, 0))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_page_label()

    def next_page(self) -> None:
        self.go_to(self.current_page + 1)

    def previous_page(self) -> None:
        self.go_to(self.current_page - 1)

    def _update_page_label(self) -> None:
        total = self.page_count
        self.page_label.setText(self.tr("第 %1 / %2 页").replace("%1", str(self.current_page + 1))
                                .replace("%2", str(total)))
        self.prev_button.setEnabled(self.current_page > 0)
        self.next_button.setEnabled(self.current_page < total - 1)

    @property
    def zoom(self) -> float:
        return float(self.view.zoomFactor())

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(max(factor, ZOOM_MIN), ZOOM_MAX))

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # ------------------------------------------------------------------ print and save

    def make_printer(self) -> QPrinter:
        """A printer preset for this document: A4, full page, the default number of copies."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        printer.setCopyCount(self.default_copies)
        printer.setFullPage(True)
        return printer

    def print_with_dialog(self) -> None:
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印 %1").replace("%1", self.title))
        dialog.setMinMax(1, max(self.page_count, 1))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Print every page (or the range chosen in the dialog), each rasterised on white:
        QPdfDocument renders onto a transparent image, which some printers print as black."""
        first, last = 1, self.page_count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage(), min(printer.toPage() or last, last)
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, self.tr("打印失败"), self.tr("无法连接打印机，请检查打印机后重试。"))
            return
        try:
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                image = self.page_image(number - 1, dpi)
                area = painter.viewport()
                scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), scaled.width(), scaled.height()), image)
        finally:
            painter.end()
        self.printed.emit()

    def page_image(self, index: int, dpi: float) -> QImage:
        """Page ``index`` at ``dpi``, composited on an opaque white background."""
        points = self.document.pagePointSize(index)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        rendered = self.document.render(index, size)
        page = QImage(size, QImage.Format.Format_RGB32)
        page.fill(QColor(Qt.GlobalColor.white))
        p = QPainter(page)
        p.drawImage(0, 0, rendered)
        p.end()
        return page

    def suggested_path(self) -> Path:
        """《kind》-number.pdf in the folder used last time (home the first time)."""
        name = f"{self.title}-{self.number}" if self.number else self.title
        name = re.sub(r'[\\/:*?"<>|\s]+', "_", name)
        folder = Path(str(QSettings().value(LAST_FOLDER_KEY, "") or Path.home()))
        if not folder.is_dir():
            folder = Path.home()
        return folder / f"{name}.pdf"

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), str(self.suggested_path()),
                                              self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            Path(path).write_bytes(self.pdf_bytes)
            QSettings().setValue(LAST_FOLDER_KEY, str(Path(path).parent))
        except OSError as e:
            QMessageBox.warning(self, self.tr("保存失败"),
                                self.tr("无法保存文件：%1").replace("%1", e.strerror or str(e)))
