"""Find bundled resources (fonts, translations, icons) both from a source checkout and a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def app_root() -> Path:
    """The folder that holds `resources/`: the bundle's data folder when frozen, else the repository root."""
    if is_frozen():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]  # set by the PyInstaller bootloader
    return _SOURCE_ROOT


def resource_path(*parts: str) -> Path:
    """Path of a file under resources/, e.g. resource_path("fonts", "uming.ttc")."""
    return app_root().joinpath("resources", *parts)
