"""Paths (platformdirs, overridable) and the center's settings file."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

from desktop.domain.enums import DEFAULT_CATEGORIES

APP_NAME = "township-desk"
ENV_DATA_DIR = "TOWNSHIP_DESK_DATA"


@dataclass(frozen=True)
class Paths:
    """Where one installation keeps its data; everything derives from the data folder."""

    data_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> Paths:
        chosen = data_dir or os.environ.get(ENV_DATA_DIR) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
        return cls(Path(chosen).expanduser().resolve())

    @property
    def database(self) -> Path:
        return self.data_dir / "township.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.json"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def attachments(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def sync_lock(self) -> Path:
        return self.data_dir / "sync.lock"

    def ensure(self) -> Paths:
        """Create the folders, private to the OS user (0700; files inside are 0600 through the umask)."""
        for folder in (self.data_dir, self.backups, self.logs, self.attachments):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name == "posix" and folder.stat().st_mode & 0o077:
                folder.chmod(0o700)
        if os.name == "posix":
            for folder in (self.data_dir, self.backups, self.logs):  # files left by older versions (0644)
                for item in folder.iterdir():
                    if item.is_file() and item.stat().st_mode & 0o077:
                        item.chmod(0o600)
        return self


@dataclass
class Settings:
    """The center's own details and preferences, kept in settings.json in the data folder."""

    center_name: str = ""
    township_code: str = ""
    township_name: str = ""
    committee_name: str = ""  # 人民调解委员会 name printed on documents
    committee_short: str = ""  # the short mark in 卷号 "（2026）X人调字第N号"
    court_name: str = ""  # basic-level court for judicial confirmation applications
    center_phone: str = ""  # printed on the intake receipt
    county_url: str = ""
    allow_insecure_http: bool = False
    categories: list[str] = field(default_factory=lambda: list(DEFAULT_CATEGORIES))
    villages: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)  # township offices that take assigned work
    deadline_days: dict[str, int] = field(default_factory=lambda: {"simple": 1, "normal": 7, "complex": 20})
    mediation_days: int = 30
    repeat_visit_days: int = 30
    font_scale: float = 1.0
    # Body face of the printed documents: "" chooses automatically; else a family name or a
    # TrueType file (a licensed 仿宋_GB2312 / SimSun on this PC), embedded as a subset.
    document_font: str = ""
    setup_done: bool = False

    @classmethod
    def load(cls, path: Path) -> Settings:
        if not path.exists():
            return cls()
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, path: Path) -> None:
        """Write atomically so a crash never leaves a half-written settings file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(self), fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
