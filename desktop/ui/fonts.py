"""The UI font: a system CJK UI font when installed, else the bundled one, so Chinese never shows boxes."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from .resources import resources_dir

log = logging.getLogger(__name__)

# Sans-serif UI faces first (easier to read on screen); the bundled Ming face is the last resort.
PREFERRED = (
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "SimSun",
)
BASE_POINT_SIZE = 11.0  # larger than Qt's default: many users are not young


def register_bundled() -> list[str]:
    """Register the bundled fonts; return the families they provide (UMing, then the Ext-B fallback)."""
    families: list[str] = []
    for name in ("uming.ttc", "HanaMinB.ttf"):
        path = resources_dir() / "fonts" / name
        if not path.exists():
            log.warning("bundled font missing: %s", name)
            continue
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid >= 0:
            fams = QFontDatabase.applicationFontFamilies(fid)
            # uming.ttc holds TW/HK/CN variants; prefer the CN one for simplified glyph shapes.
            fams = sorted(fams, key=lambda f: (" CN" not in f, f))
            families.extend(fams[:1])
    return families


def choose_families(installed: list[str], bundled: list[str]) -> list[str]:
    """The UI font list: the first preferred system face found, then the bundled faces as fallbacks."""
    have = set(installed)
    chosen = [f for f in PREFERRED if f in have][:1]
    return chosen + [f for f in bundled if f not in chosen]


def setup_fonts(app: QApplication, scale: float = 1.0) -> QFont:
    bundled = register_bundled()
    families = choose_families(QFontDatabase.families(), bundled)
    font = QFont(app.font())
    if families:
        font.setFamilies(families)
    font.setPointSizeF(BASE_POINT_SIZE * max(0.8, min(scale, 2.0)))
    app.setFont(font)
    log.info("UI font: %s at %.1fpt", families[:1], font.pointSizeF())
    return font


def apply_scale(app: QApplication, scale: float) -> None:
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * max(0.8, min(scale, 2.0)))
    app.setFont(font)
