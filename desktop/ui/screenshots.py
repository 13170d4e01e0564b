"""Save a PNG of every main screen (and the case form, case detail and login) for the docs.

Run by installer/screenshots.sh under Xvfb against a demo data folder:
`python -m desktop.ui.screenshots --data-dir DIR --out docs/screenshots`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from desktop.config import Paths, Settings

MAX_BYTES = 300 * 1024
USER = ("liuxm", "刘晓梅")  # a first responder in the demo data, so 工作台 has items


def settle(app: QApplication, seconds: float = 0.6) -> None:
    from . import ops

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ops.wait_idle()
        app.processEvents()
        time.sleep(0.02)


def save(widget: QWidget, path: Path) -> int:
    """Grab a widget and write a PNG under MAX_BYTES (scaled down if needed)."""
    pixmap = widget.grab()
    scale = 1.0
    while True:
        image = pixmap.toImage()
        if scale < 1.0:
            image = image.scaledToWidth(int(image.width() * scale), Qt.TransformationMode.SmoothTransformation)
        # A 256-colour palette keeps UI text crisp and the files about half the size (repository limit).
        image = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
        image.save(str(path))
        size = path.stat().st_size
        if size <= MAX_BYTES or scale < 0.5:
            return size
        scale -= 0.1


# Screens that show a workspace for the selected row: pick the first so the picture shows it.
SELECT_FIRST = ("mediation", "assigned", "grid_event", "appointment")


def select_first_row(screen: QWidget) -> None:
    from PySide6.QtWidgets import QTableView

    views = [v for v in screen.findChildren(QTableView) if v.isVisible() and v.model() is not None and v.model().rowCount()]
    if views:
        max(views, key=lambda v: v.model().rowCount()).selectRow(0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--out", default="docs/screenshots")
    ap.add_argument("--width", type=int, default=1366)
    ap.add_argument("--height", type=int, default=768)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from desktop.db import demo
    from desktop.db.services import users
    from desktop.domain.enums import Role

    from . import errors
    from .app import create_application, install_translations, open_state
    from .fonts import setup_fonts
    from .login import LoginDialog
    from .main_window import SCREENS, MainWindow

    paths = Paths.resolve(args.data_dir).ensure()
    settings = Settings.load(paths.settings_file)
    if not settings.villages:
        settings.villages = list(demo.VILLAGES)
    if not settings.offices:
        settings.offices = list(demo.OFFICES)
    settings.setup_done = True
    settings.save(paths.settings_file)

    app = create_application()
    setup_fonts(app, settings.font_scale)
    install_translations(app)
    errors.install(interactive=False)
    state, _ = open_state(paths, settings)
    known = {u.username: u for u in users.list_users(state.db)}
    admins = [u for u in known.values() if u.role == Role.ADMIN.value]
    creator = users.actor_of(admins[0]) if admins else None  # the first account needs no creator
    user = known.get(USER[0]) or users.create_user(state.db, creator, USER[0], USER[1], Role.ADMIN, "demo-pass", must_change=False)
    state.actor = users.actor_of(user)
    sizes: dict[str, int] = {}

    login = LoginDialog(state)
    login.username.setText(USER[0])
    login.show()
    settle(app, 0.3)
    sizes["login"] = save(login, out / "login.png")
    login.close()

    win: Any = MainWindow(state)
    win.resize(args.width, args.height)
    win.show()
    settle(app)
    for key, *_ in SCREENS:
        win.show_screen(key)
        settle(app, 1.0)
        if key in SELECT_FIRST:
            select_first_row(win.screen_widget(key))
            settle(app, 1.0)
        sizes[key] = save(win, out / f"{key}.png")
    cases = win.screen_widget("cases")
    if cases.model.rowCount():
        win.open_case(cases.model.case_id(3))
        settle(app, 1.0)
        detail = next(iter(win._case_windows.values()))  # sized to fit the screen by itself
        settle(app, 0.5)
        sizes["case_detail"] = save(detail, out / "case_detail.png")
        detail.close()
    win.open_new_case()
    settle(app, 0.5)
    form = win.open_dialogs()[0]
    settle(app, 0.3)
    sizes["case_form"] = save(form, out / "case_form.png")
    form.discard_and_close()
    win.force_close()
    settle(app, 0.2)
    state.db.dispose()
    for name, size in sizes.items():
        print(f"{name}.png {size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
