"""Run by tests/ui/test_first_preview.py in a fresh process (nothing loaded yet: no document font, no QtPdf,
an empty font cache folder): a clerk asks for the 受理回执 twice, through the app's own path
(printing.preview_document: built on the worker, shown in the PdfPreviewDialog), under the GUI-thread
watchdog. Prints the watchdog's report and exits 1 if a step blocked the GUI thread too long.

    python -m tests.ui.first_preview_child DATA_DIR
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def wait_until(predicate: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out")
        QTest.qWait(10)  # the event loop runs meanwhile


def main(folder: Path) -> int:
    app = QApplication(sys.argv[:1])
    from desktop.config import Paths, Settings
    from desktop.db.open import open_database
    from desktop.db.services.cases import register_case
    from desktop.db.services.users import actor_of, create_user
    from desktop.db.uow import SYSTEM, Context
    from desktop.domain.enums import Role
    from desktop.ui import ops, printing
    from desktop.ui.appstate import AppState
    from desktop.ui.bridge import ChangeBus
    from desktop.ui.pdf_preview import PdfPreviewDialog
    from tests.db.helpers import two_party_form
    from tests.ui.watchdog import Watchdog

    ops.collect_garbage_on_gui_thread()
    failures: list[str] = []
    ops.error_handler = lambda _parent, exc, trace: failures.append(trace or repr(exc))  # fail loudly, no dialog
    paths = Paths(folder).ensure()
    db = open_database(paths)
    settings = Settings(center_name="示范镇社会治理服务中心", committee_name="示范镇人民调解委员会")
    ctx = Context(db, settings, paths.settings_file)
    clerk = actor_of(create_user(db, SYSTEM, "clerk1", "窗口甲", Role.CLERK, "secret1"))
    case_id = register_case(ctx, clerk, two_party_form()).id
    state = AppState(paths=paths, db=db, ctx=ctx, bus=ChangeBus(), actor=clerk)
    state.bus.message.connect(lambda _level, text: failures.append(text))

    window = QWidget()  # the screen the clerk asks from (the preview is its window-modal child)
    window.setWindowTitle("接待受理")
    window.resize(1000, 700)
    window.show()
    dog = Watchdog().start()
    seconds: list[float] = []
    for step in ("first preview", "second preview"):
        with dog.step(step):
            started = time.perf_counter()
            printing.preview_document(window, state, "receipt", case_id)
            wait_until(lambda: bool(failures) or any(isinstance(w, PdfPreviewDialog) and w.isVisible()
                                                     for w in app.topLevelWidgets()))
            if failures:
                print("\n".join(failures))
                return 2
            dialog = next(w for w in app.topLevelWidgets() if isinstance(w, PdfPreviewDialog) and w.isVisible())
            wait_until(lambda d=dialog: d.page_count >= 1)
            QTest.qWait(200)  # the page is painted (QPdfView renders it as the loop runs)
            dialog.view.grab()
            seconds.append(time.perf_counter() - started - 0.2)
        with dog.step(f"close the {step}"):
            dialog.close()
            QTest.qWait(50)
    dog.stop()
    ops.wait_idle()
    db.dispose()
    print("WATCHDOG " + dog.report())
    print(f"PREVIEW first {seconds[0]:.2f} s, second {seconds[1]:.2f} s (wall, to page 1 shown)")
    problems = dog.failures()
    if problems:
        print("\n".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
