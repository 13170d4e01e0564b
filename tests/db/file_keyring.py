"""A file-backed keyring backend for tests only: stands in for Windows Credential Manager / Secret Service.

Never for production: it stores secrets in clear in one JSON file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jaraco.classes.properties import classproperty
from keyring.backend import KeyringBackend

ENV_FILE = "TOWNSHIP_DESK_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    priority = 1

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self.path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self.path.write_text(json.dumps(data))



class EnvFileKeyring(FileKeyring):
    """A FileKeyring that keyring can load by class name alone (no arguments), as a pinned backend is:
    its file is named by TOWNSHIP_DESK_TEST_KEYRING_FILE; without it the class is not viable (keyring's
    own scan instantiates every backend class it knows)."""

    @classproperty
    def priority(cls) -> float:
        if ENV_FILE not in os.environ:
            raise RuntimeError("no test key store configured")
        return 1

    def __init__(self) -> None:
        super().__init__(Path(os.environ.get(ENV_FILE, os.devnull)))
