"""Font loading: the parsed-font cache, warm-up, and a body face chosen in the settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.config import Settings
from desktop.documents import fonts as fonts_module
from desktop.documents import render, samples

from .pdfcheck import flat_text, font_coverage

REPO = Path(__file__).resolve().parents[2]
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

_RENDER = (
    "import sys, time;from desktop.documents import render, samples;"
    "from desktop.documents.fonts import warm_up;"
    "t = time.perf_counter();pdf = render(samples.agreement());"
    "sys.stderr.write(str(time.perf_counter() - t));sys.stdout.buffer.write(pdf)"
)


def _render_in_process(cache: str) -> bytes:
    env = {**os.environ, "PYTHONPATH": str(REPO), fonts_module.ENV_FONT_CACHE: cache,
           fonts_module.ENV_SHIPPED_ONLY: "1"}
    return subprocess.run([sys.executable, "-c", _RENDER], env=env, capture_output=True, check=True, cwd=REPO,
                          timeout=120).stdout


@pytest.mark.slow  # fresh Python processes render with and without the cache
def test_cached_fonts_give_the_same_bytes_as_parsed_ones(tmp_path: Path) -> None:
    cache = tmp_path / "fonts"
    uncached = _render_in_process("")
    first = _render_in_process(str(cache))  # parses and fills the cache
    assert len(list(cache.glob("*.marshal"))) == 2  # the body face and HanaMinB (Extension-B names)
    second = _render_in_process(str(cache))  # reads the cache, memory-maps the font files
    assert uncached == first == second
    assert "张𠀀明" in flat_text(second)


@pytest.mark.slow  # fresh Python processes render with and without the cache
def test_a_damaged_cache_is_parsed_again(tmp_path: Path) -> None:
    cache = tmp_path / "fonts"
    good = _render_in_process(str(cache))
    for item in cache.glob("*.marshal"):
        item.write_bytes(b"\x00garbage")
    assert _render_in_process(str(cache)) == good


def test_warm_up_loads_the_fallback_faces() -> None:
    fonts_module.warm_up()
    fonts = fonts_module.get_fonts()
    assert len(fonts.font_names()) >= 1 + len(fonts.plan.fallbacks)


def test_settings_choose_the_body_face(tmp_path: Path) -> None:
    if not WQY.exists():
        pytest.skip("no second TrueType CJK face installed to choose")
    assert Settings().document_font == ""
    settings = Settings(document_font=str(WQY))
    settings.save(tmp_path / "settings.json")
    assert Settings.load(tmp_path / "settings.json").document_font == str(WQY)
    try:
        fonts_module.use_body_font(settings.document_font)
        assert fonts_module.get_fonts().plan.body.path == str(WQY)
        pdf = render(samples.agreement())
        names = font_coverage(pdf)  # every font embedded (FontFile2)
        assert any("WenQuanYi" in n or "wqy" in n.lower() for n in names), names
        assert all("+" in n for n in names), "fonts are embedded as subsets"
        assert "张𠀀明" in flat_text(pdf)
    finally:
        fonts_module.use_body_font("")
    assert fonts_module.get_fonts().plan.body.path != str(WQY)


def test_discovery_lists_installed_faces_only() -> None:
    found = fonts_module.discover_body_fonts()
    assert all(Path(f.path).is_file() and f.path != str(fonts_module.SHIPPED_MAIN) for f in found)
    assert fonts_module.resolve_body("") is None
    assert fonts_module.resolve_body("不存在的字体") is None


def _ink_of_rows(pdf: bytes, tmp_path: Path) -> list[int]:
    """Dark pixels of each text row of the first page, rendered at 600 dpi."""
    from PIL import Image

    src = tmp_path / "w.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "600", "-gray", "-f", "1", "-l", "1", str(src), str(tmp_path / "w")],
                   check=True, timeout=120)
    image = Image.open(next(tmp_path.glob("w-*.pgm")))
    width, height = image.size
    data = image.tobytes()
    rows = [sum(1 for b in data[y * width:(y + 1) * width] if b < 128) for y in range(height)]
    groups: list[list[int]] = []
    for y, count in enumerate(rows):
        if count and groups and y - groups[-1][1] <= 5:
            groups[-1][1] = y
        elif count:
            groups.append([y, y])
    return [sum(rows[a:b + 1]) for a, b in groups]


def test_fallback_characters_match_the_body_weight(tmp_path: Path) -> None:
    """The same character drawn by the body face and by the Extension-B fallback carries the same ink."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from desktop.documents.layout import Kit

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    fonts = fonts_module.get_fonts()
    fonts.font_for("𠀀")  # loads the fallback chain down to HanaMinB
    heavy = fonts._chain_names[-1]
    assert heavy in fonts_module._light_fonts
    kit = Kit.create(fonts)
    style = ParagraphStyle("w", parent=kit.body, fontSize=14, leading=30)
    out = tmp_path / "w.pdf"
    SimpleDocTemplate(str(out), pagesize=(300, 120), leftMargin=10, rightMargin=10, topMargin=10,
                      bottomMargin=10).build([Paragraph("明明明明", style),
                                              Paragraph(f'<font name="{heavy}">明明明明</font>', style)])
    body, fallback = _ink_of_rows(out.read_bytes(), tmp_path)
    assert 0.94 < fallback / body < 1.06, (body, fallback)
