"""The OS key store's backend is chosen once (keyring's entry-point scan) and pinned for later processes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from keyring import core

from desktop.db import keys

from .file_keyring import ENV_FILE, EnvFileKeyring, FileKeyring

PINNED = f"{EnvFileKeyring.__module__}.EnvFileKeyring"


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A fresh "process": no backend chosen yet, a real-looking store, the pin in tmp_path; counts scans."""
    monkeypatch.delenv(keys.ENV_KEYRING, raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv(ENV_FILE, str(tmp_path / "store.json"))
    pin = tmp_path / "cache" / "keyring-backend"
    monkeypatch.setattr(keys, "keyring_pin_file", lambda: pin)
    monkeypatch.setattr(core, "_keyring_backend", None)
    # new_process() empties the unlocked-key cache: give it a copy, so keys other tests unlocked earlier in
    # this process (the session's database template) are still there afterwards.
    monkeypatch.setattr(keys, "_unlocked", dict(keys._unlocked))
    state: dict[str, Any] = {"scans": 0, "pin": pin}

    def scan(limit: Any = None) -> Any:
        state["scans"] += 1
        return EnvFileKeyring()

    monkeypatch.setattr(core, "_detect_backend", scan)
    return state


def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "_keyring_backend", None)
    keys._unlocked.clear()


def test_first_choice_is_pinned_and_later_processes_skip_the_scan(
        store: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    key = keys.create_key(folder)
    assert keys.KeyFile.load(folder).mode == "keyring"  # type: ignore[union-attr]
    assert store["scans"] == 1
    assert store["pin"].read_text().strip() == PINNED
    new_process(monkeypatch)
    assert keys.database_key(folder) == key
    assert store["scans"] == 1  # the pinned class was loaded directly


def test_a_pin_that_no_longer_loads_is_replaced(store: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    store["pin"].parent.mkdir(parents=True)
    store["pin"].write_text("keyring.backends.NoSuchStore.Keyring\n")
    assert isinstance(keys.os_store(), EnvFileKeyring)
    assert store["scans"] == 1
    assert store["pin"].read_text().strip() == PINNED


def test_a_backend_set_in_the_process_wins_over_the_pin(
        store: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store["pin"].parent.mkdir(parents=True)
    store["pin"].write_text(PINNED + "\n")
    mine = FileKeyring(tmp_path / "mine.json")
    monkeypatch.setattr(core, "_keyring_backend", mine)
    assert keys.os_store() is mine
    assert store["pin"].read_text().strip() == PINNED


def test_no_real_store_pins_nothing(store: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import fail

    monkeypatch.setattr(core, "_detect_backend", lambda limit=None: fail.Keyring())
    assert keys.os_store() is None
    assert not store["pin"].exists()
