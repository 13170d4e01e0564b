"""First-run wizard on a fresh data folder: real database, real widgets, real county server for enrolment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QWizard

from desktop.config import Paths, Settings
from desktop.db import cipher
from desktop.db.open import open_database
from desktop.db.services.users import authenticate, count_users
from desktop.db.uow import Context
from desktop.domain.errors import AuthError
from desktop.ui.appstate import AppState
from desktop.ui.bridge import ChangeBus
from desktop.ui.wizard import FirstRunWizard, check_county_url
from tests.ui.helpers import type_text

CENTER = {
    "center_name": "示范镇社会治理服务中心",
    "township_name": "示范镇",
    "township_code": "220402101",
    "committee_name": "示范镇人民调解委员会",
    "committee_short": "示",
    "center_phone": "0437-1234567",
    "court_name": "示范县人民法院",
}


@pytest.fixture
def fresh_state(tmp_path: Path, qapp: Any) -> Iterator[AppState]:
    """A brand-new data folder, as on the first start after installing (no accounts, no settings)."""
    paths = Paths(tmp_path / "fresh").ensure()
    settings = Settings.load(paths.settings_file)
    db = open_database(paths)
    assert count_users(db) == 0
    state = AppState(paths=paths, db=db, ctx=Context(db, settings, paths.settings_file), bus=ChangeBus(interval_ms=10))
    yield state
    db.dispose()


@pytest.fixture
def wizard(fresh_state: AppState, qtbot: Any) -> FirstRunWizard:
    w = FirstRunWizard(fresh_state)
    qtbot.add_widget(w)
    w.show()
    return w


def press_next(qtbot: Any, w: FirstRunWizard) -> None:
    which = QWizard.WizardButton.CommitButton if w.currentPage().isCommitPage() else QWizard.WizardButton.NextButton
    button = w.button(which)
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def error_text(page: Any, key: str) -> str:
    label = page.findChild(QLabel, f"{key}_error")
    assert label is not None, key
    return str(label.text()) if label.isVisible() else ""


def fill_center(w: FirstRunWizard, url: str = "", **overrides: str) -> None:
    values = {**CENTER, **overrides, "county_url": url}
    for key, value in values.items():
        type_text(w.center_page.edits[key], value)


def fill_admin(w: FirstRunWizard, password: str = "mima1234", password2: str | None = None) -> None:
    p = w.admin_page
    type_text(p.username, "zhangsan")
    type_text(p.display_name, "张𠀋·管理员")  # a CJK Extension B character and a middle dot
    type_text(p.password, password)
    type_text(p.password2, password if password2 is None else password2)


def to_admin_done(qtbot: Any, w: FirstRunWizard, url: str = "") -> None:
    press_next(qtbot, w)
    assert w.currentPage() is w.center_page
    fill_center(w, url)
    press_next(qtbot, w)
    assert w.currentPage() is w.admin_page
    fill_admin(w)
    press_next(qtbot, w)
    qtbot.waitUntil(lambda: w.currentPage() is w.enrol_page, timeout=10_000)


def test_complete_wizard_on_fresh_folder(wizard: FirstRunWizard, fresh_state: AppState, qtbot: Any) -> None:
    w = wizard
    assert w.button(QWizard.WizardButton.BackButton).isHidden()  # nothing to go back to on the welcome page
    to_admin_done(qtbot, w)
    # the account page was the commit page: no way back to create a second admin
    back = w.button(QWizard.WizardButton.BackButton)
    assert not (back.isVisible() and back.isEnabled())

    press_next(qtbot, w)  # no enrolment code: the step is skipped
    assert w.currentPage() is w.demo_page
    qtbot.keyClick(w.demo_page.enable, Qt.Key.Key_Space)
    assert w.demo_page.count.isEnabled()
    w.demo_page.count.setValue(300)
    press_next(qtbot, w)
    qtbot.waitUntil(lambda: w.currentPage() is w.finish_page, timeout=30_000)

    summary = w.finish_page.summary.text()
    assert "示范镇社会治理服务中心" in summary and "zhangsan" in summary and "300" in summary and "未注册" in summary
    qtbot.mouseClick(w.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert w.result() == QDialog.DialogCode.Accepted

    # the admin signs in, also with a fresh Settings read from disk
    assert fresh_state.actor is not None and fresh_state.actor.username == "zhangsan"
    user = authenticate(fresh_state.db, "zhangsan", "mima1234")
    assert user.display_name == "张𠀋·管理员"
    with pytest.raises(AuthError):
        authenticate(fresh_state.db, "zhangsan", "wrong-password")
    saved = Settings.load(fresh_state.paths.settings_file)
    assert saved.setup_done
    assert {k: getattr(saved, k) for k in CENTER} == CENTER
    conn = cipher.connect(fresh_state.paths.database)
    try:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 300
    finally:
        conn.close()


def test_bad_center_details_show_messages_beside_fields(wizard: FirstRunWizard, fresh_state: AppState, qtbot: Any) -> None:
    w = wizard
    press_next(qtbot, w)
    page = w.center_page
    fill_center(w, "http://county.example.cn", township_code="12ab", committee_short="", center_name="",
                center_phone="电话")
    press_next(qtbot, w)
    assert w.currentPage() is page
    assert error_text(page, "center_name") == "请填写中心名称"
    assert error_text(page, "township_code") == "乡镇代码应为6到12位数字"
    assert "简称" in error_text(page, "committee_short")
    assert "http" in error_text(page, "county_url")
    assert "电话号码" in error_text(page, "center_phone")
    assert error_text(page, "township_name") == ""

    # fixing them (and allowing plain http explicitly) moves on and clears the messages
    fill_center(w, "http://county.example.cn")
    qtbot.keyClick(page.allow_insecure, Qt.Key.Key_Space)
    press_next(qtbot, w)
    assert w.currentPage() is w.admin_page
    assert error_text(page, "township_code") == ""
    assert not Settings.load(fresh_state.paths.settings_file).setup_done  # nothing saved before the account


def test_bad_admin_inputs_show_messages_and_create_nothing(wizard: FirstRunWizard, fresh_state: AppState, qtbot: Any) -> None:
    w = wizard
    press_next(qtbot, w)
    fill_center(w)
    press_next(qtbot, w)
    page = w.admin_page
    type_text(page.username, "张三")
    type_text(page.password, "123")
    press_next(qtbot, w)
    assert w.currentPage() is page
    assert "字母" in error_text(page, "username")
    assert error_text(page, "display_name") == "请填写管理员姓名"
    assert error_text(page, "password") == "密码至少6位"

    fill_admin(w, password="mima1234", password2="mima12345")
    press_next(qtbot, w)
    assert error_text(page, "password2") == "两次输入的密码不一致"
    assert w.currentPage() is page
    assert count_users(fresh_state.db) == 0

    # cancelling before the account exists leaves the folder without an account
    w.reject()
    assert w.result() == QDialog.DialogCode.Rejected
    assert count_users(fresh_state.db) == 0


def test_cancel_after_account_skips_optional_steps(wizard: FirstRunWizard, fresh_state: AppState, qtbot: Any) -> None:
    to_admin_done(qtbot, wizard)
    wizard.reject()
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert fresh_state.actor is not None and count_users(fresh_state.db) == 1


def test_county_url_rules() -> None:
    assert check_county_url("", False) is None
    assert check_county_url("https://county.example.gov.cn", False) is None
    assert check_county_url("http://127.0.0.1:8000", False) is None
    assert check_county_url("http://county.example.gov.cn", False) is not None
    assert check_county_url("http://county.example.gov.cn", True) is None
    assert check_county_url("county.example.gov.cn", True) is not None
    assert check_county_url("ftp://county.example.gov.cn", True) is not None


@pytest.fixture
def county(tmp_path: Path) -> Iterator[dict[str, str]]:
    server = pytest.importorskip("tests.county.server")
    db_url = f"sqlite:///{tmp_path / 'county.sqlite3'}"
    base_url, stop = server.start_server(db_url, tmp_path / "blobs")
    try:
        yield {"url": base_url, "db_url": db_url, "township": server.make_township(db_url, "220402999")}
    finally:
        stop()


def test_enrol_with_real_county_server(wizard: FirstRunWizard, fresh_state: AppState, county: dict[str, str],
                                       qtbot: Any) -> None:
    from tests.county.server import issue_code

    w = wizard
    to_admin_done(qtbot, w, url=county["url"])
    page = w.enrol_page
    assert page.url.text() == county["url"]

    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已连接" in page.status.text(), timeout=10_000)

    type_text(page.code, "WRONG-CODE")
    press_next(qtbot, w)
    qtbot.waitUntil(lambda: error_text(page, "enrol_code") != "", timeout=10_000)
    assert w.currentPage() is page
    assert page.status.text() == ""  # no stale "正在注册…" beside the refusal
    assert not (fresh_state.paths.data_dir / "device.token").exists()

    type_text(page.code, issue_code(county["db_url"], county["township"]))
    type_text(page.device, "受理窗口1号机")
    press_next(qtbot, w)
    qtbot.waitUntil(lambda: w.currentPage() is w.demo_page, timeout=10_000)
    assert error_text(page, "enrol_code") == ""
    # the county's township details replace what was typed, in memory and on disk
    assert fresh_state.settings.township_code == county["township"]
    assert Settings.load(fresh_state.paths.settings_file).township_code == county["township"]
    assert (fresh_state.paths.data_dir / "device.token").exists()

    press_next(qtbot, w)  # no demo data
    qtbot.waitUntil(lambda: w.currentPage() is w.finish_page, timeout=10_000)
    assert "已注册" in w.finish_page.summary.text()
    qtbot.mouseClick(w.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert w.result() == QDialog.DialogCode.Accepted
