"""The PDF preview dialog on a real generated agreement: paging, zoom, save-as, print to a PDF file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from desktop.documents import render, samples
from desktop.ui.pdf_preview import PdfPreviewDialog


@pytest.fixture(scope="module")
def agreement_pdf() -> bytes:
    return render(samples.many_terms(30))


@pytest.fixture
def dialog(qtbot: Any, agreement_pdf: bytes) -> PdfPreviewDialog:
    doc = samples.many_terms(30)
    dlg = PdfPreviewDialog(agreement_pdf, "人民调解协议书", default_copies=doc.copies)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_pages_and_navigation(dialog: PdfPreviewDialog, agreement_pdf: bytes, qtbot: Any) -> None:
    pages = len(pypdf.PdfReader(__import__("io").BytesIO(agreement_pdf)).pages)
    assert pages >= 3 and dialog.page_count == pages
    assert dialog.current_page == 0 and dialog.page_label.text() == f"第 1 / {pages} 页"
    assert not dialog.prev_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page == 1 and dialog.page_label.text() == f"第 2 / {pages} 页"
    dialog.go_to(99)
    assert dialog.current_page == pages - 1 and not dialog.next_button.isEnabled()
    qtbot.mouseClick(dialog.prev_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page == pages - 2


def test_zoom(dialog: PdfPreviewDialog, qtbot: Any) -> None:
    dialog.set_zoom(1.0)
    qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)
    assert dialog.zoom == pytest.approx(1.25)
    qtbot.mouseClick(dialog.zoom_out_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.zoom_out_button, Qt.MouseButton.LeftButton)
    assert dialog.zoom == pytest.approx(0.8)
    for _ in range(30):
        dialog.zoom_out()
    assert dialog.zoom == pytest.approx(0.25)


def test_save_as_writes_the_same_bytes(dialog: PdfPreviewDialog, agreement_pdf: bytes, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    target = tmp_path / "协议"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF 文件 (*.pdf)"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "协议.pdf").read_bytes() == agreement_pdf


def test_cancelled_save_writes_nothing(dialog: PdfPreviewDialog, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    dialog.save_as()
    assert list(tmp_path.iterdir()) == []


def test_printer_defaults_to_parties_plus_one(dialog: PdfPreviewDialog) -> None:
    assert dialog.make_printer().copyCount() == samples.many_terms(30).copies == 4


def test_print_to_pdf_file_prints_every_page_on_white(dialog: PdfPreviewDialog, tmp_path: Path, qtbot: Any) -> None:
    out = tmp_path / "printed.pdf"
    printer = dialog.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(72)
    with qtbot.wait_signal(dialog.printed, timeout=5000):
        dialog.print_to(printer)
    printed = pypdf.PdfReader(out)
    assert len(printed.pages) == dialog.page_count
    image = dialog.page_image(0, 30)
    assert image.pixelColor(2, 2).name() == "#ffffff"  # opaque white, not transparent
    dark = sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 50  # the page's text is there
