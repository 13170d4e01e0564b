"""Font selection, registration and per-character fallback for the PDF documents.

Body text uses a Fangsong or Song system face when one is installed, otherwise the shipped
AR PL UMing CN; characters that face lacks (rare name characters in CJK Extension B and beyond)
fall back, character by character, to the next face of a chain that ends with the shipped
HanaMinB. Fonts are registered once per process; fallback faces load only when a character
needs them, so a plain document never pays for the 30 MB HanaMinB.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFError, TTFont

from .errors import DocumentError

RESOURCES_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
SHIPPED_MAIN = RESOURCES_FONTS / "uming.ttc"
SHIPPED_FALLBACK = RESOURCES_FONTS / "HanaMinB.ttf"

# Set to 1 to ignore system fonts (tests of the shipped-font path, reproducible output across PCs).
ENV_SHIPPED_ONLY = "TOWNSHIP_DESK_SHIPPED_FONTS_ONLY"

# Characters that never need a glyph: they are layout, not text.
_LAYOUT_CHARS = frozenset("\n\r\t")


@dataclass(frozen=True)
class FontSource:
    """One TrueType face in a file (``index`` selects the face of a .ttc collection)."""

    path: str
    index: int
    family: str


# Candidate system faces, best first. Names are fontconfig family names; files are the usual
# Windows/Kylin/UOS/Debian paths, checked directly so Windows (no fc-list) works too.
_BODY_CANDIDATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("FangSong", ("C:/Windows/Fonts/simfang.ttf", "/usr/share/fonts/simfang.ttf",
                  "/usr/share/fonts/truetype/windows/simfang.ttf")),
    ("仿宋", ()),
    ("FangSong_GB2312", ("C:/Windows/Fonts/FS_GB2312.ttf",)),
    ("SimSun", ("C:/Windows/Fonts/simsun.ttc", "/usr/share/fonts/simsun.ttc",
                "/usr/share/fonts/truetype/windows/simsun.ttc")),
    ("宋体", ()),
    ("AR PL UMing CN", ("/usr/share/fonts/truetype/arphic/uming.ttc",)),
)
_TITLE_CANDIDATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # 方正小标宋 is the title face of official documents (GB/T 9704); it is already heavy.
    ("FZXiaoBiaoSong-B05S", ("C:/Windows/Fonts/FZXBSJW.TTF",)),
    ("方正小标宋简体", ()),
    ("SimSun", ("C:/Windows/Fonts/simsun.ttc",)),
    ("宋体", ()),
    ("AR PL UMing CN", ("/usr/share/fonts/truetype/arphic/uming.ttc",)),
)
_HEAVY_TITLE_FAMILIES = frozenset({"FZXiaoBiaoSong-B05S", "方正小标宋简体"})
_FALLBACK_CANDIDATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AR PL UMing CN", ("/usr/share/fonts/truetype/arphic/uming.ttc",)),
    ("SimSun-ExtB", ("C:/Windows/Fonts/simsunb.ttf",)),
    ("HanaMinA", ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",)),
)


class _Font(TTFont):  # type: ignore[misc]  # reportlab ships no type hints
    """TTFont whose ToUnicode maps are correct for characters outside the BMP.

    reportlab writes ``<NN> <20000>`` for U+20000, which is invalid (the destination must be
    UTF-16BE), so copy-paste and text extraction lose every Extension B character. This
    override writes surrogate pairs; everything else is reportlab's own ``addObjects``.
    """

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font_name = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode(
                "pdfdoc"
            )
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
            cmap_stream = pdfdoc.PDFStream()
            cmap_stream.content = _to_unicode_cmap(base_font_name, subset)
            if doc.compression:
                cmap_stream.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap_stream, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def _fc_list() -> dict[str, FontSource]:
    """Family name → face, from fontconfig (empty where fc-list is absent, e.g. Windows)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return {}
    try:
        out = subprocess.run(
            [exe, "--format", "%{family}\t%{file}\t%{index}\n"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, FontSource] = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[1].lower().endswith((".ttf", ".ttc")):
            continue
        index = int(parts[2]) if parts[2].isdigit() else 0
        for family in parts[0].split(","):
            found.setdefault(family.strip(), FontSource(parts[1], index, family.strip()))
    return found


def _face_index(path: str, family: str) -> int:
    """Index of ``family`` in a collection file (0 for a plain .ttf or when not found)."""
    if not path.lower().endswith(".ttc"):
        return 0
    for index in range(16):
        try:
            font = TTFont(f"probe-{index}", path, subfontIndex=index)
        except (TTFError, OSError, IndexError):
            break
        if font.face.familyName.decode("latin-1", "replace") == family:
            return index
    return 0


def _find(candidates: Iterable[tuple[str, tuple[str, ...]]], fc: dict[str, FontSource]) -> FontSource | None:
    for family, paths in candidates:
        if family in fc:
            return fc[family]
        for path in paths:
            if os.path.isfile(path):
                return FontSource(path, _face_index(path, family), family)
    return None


@dataclass(frozen=True)
class FontPlan:
    """Which faces a process uses: body, title (with or without fake bold) and the fallback chain."""

    body: FontSource
    title: FontSource
    title_fake_bold: bool
    fallbacks: tuple[FontSource, ...]


def plan_fonts(shipped_only: bool | None = None) -> FontPlan:
    """Choose faces: system Fangsong/Song where installed, else the shipped ones."""
    if shipped_only is None:
        shipped_only = os.environ.get(ENV_SHIPPED_ONLY, "") == "1"
    shipped_main = FontSource(str(SHIPPED_MAIN), 0, "AR PL UMing CN")
    shipped_fallback = FontSource(str(SHIPPED_FALLBACK), 0, "HanaMinB")
    if shipped_only:
        return FontPlan(shipped_main, shipped_main, True, (shipped_fallback,))
    fc = _fc_list()
    body = _find(_BODY_CANDIDATES, fc) or shipped_main
    title = _find(_TITLE_CANDIDATES, fc) or body
    chain: list[FontSource] = []
    for source in (title, _find(_FALLBACK_CANDIDATES, fc), shipped_main):
        if source is not None and source.family not in {body.family, *(c.family for c in chain)}:
            chain.append(source)
    system_b = fc.get("HanaMinB")
    chain.append(system_b if system_b is not None else shipped_fallback)
    return FontPlan(body, title, title.family not in _HEAVY_TITLE_FAMILIES, tuple(chain))


class FontSet:
    """Registered fonts for the documents, with per-character fallback.

    ``body`` and ``title`` are reportlab font names. Fallback faces register lazily: a face is
    loaded only when a character is missing from every face before it in the chain.
    """

    BODY = "TD-Body"
    TITLE = "TD-Title"

    def __init__(self, plan: FontPlan) -> None:
        self.plan = plan
        self._lock = threading.RLock()
        self._loaded: dict[str, _Font] = {}
        self.body = self._register(self.BODY, plan.body)
        self.title = self._register(self.TITLE, plan.title) if plan.title != plan.body else self.body
        self.title_fake_bold = plan.title_fake_bold
        self._chain_names = [f"TD-Fallback{i + 1}" for i in range(len(plan.fallbacks))]
        self._coverage: dict[tuple[str, str], str | None] = {}

    def _register(self, name: str, source: FontSource) -> str:
        try:
            font = _Font(name, source.path, subfontIndex=source.index)
        except (TTFError, OSError) as exc:
            raise DocumentError(f"无法加载字体 {source.family}（{source.path}）：{exc}") from exc
        pdfmetrics.registerFont(font)
        self._loaded[name] = font
        return name

    def _font(self, index: int) -> _Font:
        name = self._chain_names[index]
        with self._lock:
            if name not in self._loaded:
                self._register(name, self.plan.fallbacks[index])
        return self._loaded[name]

    def has_glyph(self, fontname: str, ch: str) -> bool:
        return ord(ch) in self._loaded[fontname].face.charToGlyph

    def font_for(self, ch: str, primary: str | None = None) -> str | None:
        """The first registered font (``primary``, then the chain) with a glyph for ``ch``."""
        primary = primary or self.body
        key = (primary, ch)
        if key in self._coverage:
            return self._coverage[key]
        found: str | None = None
        if ch in _LAYOUT_CHARS or self._loaded[primary].face.charToGlyph.get(ord(ch), 0):
            found = primary
        else:
            for index in range(len(self._chain_names)):
                if ord(ch) in self._font(index).face.charToGlyph:
                    found = self._chain_names[index]
                    break
        self._coverage[key] = found
        return found

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` no face of the chain can draw (distinct, in order)."""
        out: list[str] = []
        for ch in text:
            if ch not in out and self.font_for(ch) is None:
                out.append(ch)
        return out

    def segments(self, text: str, primary: str | None = None) -> list[tuple[str, str]]:
        """Split ``text`` into (fontname, run) pieces so each run is drawable by its font."""
        primary = primary or self.body
        runs: list[tuple[str, str]] = []
        for ch in text:
            name = self.font_for(ch, primary) or primary
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + ch)
            else:
                runs.append((name, ch))
        return runs

    def markup(self, text: str, primary: str | None = None) -> str:
        """Paragraph markup for plain ``text``: escaped, with <font> tags around fallback runs."""
        primary = primary or self.body
        parts = []
        for name, run in self.segments(text, primary):
            esc = escape(run).replace("\n", "<br/>")
            parts.append(esc if name == primary else f'<font name="{name}">{esc}</font>')
        return "".join(parts)

    def font_names(self) -> list[str]:
        """Every font registered so far (body, title, loaded fallbacks)."""
        return list(self._loaded)

    def face_of(self, fontname: str) -> _Font:
        return self._loaded[fontname]


_FONTSET_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def _fontset(shipped_only: bool) -> FontSet:
    return FontSet(plan_fonts(shipped_only))


def get_fonts() -> FontSet:
    """The process-wide font set, registered on first use."""
    with _FONTSET_LOCK:
        return _fontset(os.environ.get(ENV_SHIPPED_ONLY, "") == "1")
