"""Font selection, registration and per-character fallback for the PDF documents.

Body text uses a Fangsong or Song system face when one is installed, otherwise the shipped
AR PL UMing CN; characters that face lacks (rare name characters in CJK Extension B and beyond)
fall back, character by character, to the next face of a chain that ends with the shipped
HanaMinB. Fonts are registered once per process; fallback faces load only when a character
needs them, so a plain document never pays for the 30 MB HanaMinB.
"""

from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import platformdirs
from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTEncoding, TTFError, TTFNameBytes, TTFont, TTFontFace
from reportlab.pdfgen.textobject import PDFTextObject

from .errors import DocumentError

RESOURCES_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
SHIPPED_MAIN = RESOURCES_FONTS / "uming.ttc"
SHIPPED_FALLBACK = RESOURCES_FONTS / "HanaMinB.ttf"

# Set to 1 to ignore system fonts (tests of the shipped-font path, reproducible output across PCs).
ENV_SHIPPED_ONLY = "TOWNSHIP_DESK_SHIPPED_FONTS_ONLY"

# Where parsed font tables are cached (a directory; "" disables the cache).
ENV_FONT_CACHE = "TOWNSHIP_DESK_FONT_CACHE"
_CACHE_FORMAT = 2

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
# Licensed official-document faces, offered first in the settings (and used first when found).
_PREFERRED_BODY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("仿宋_GB2312", ("C:/Windows/Fonts/SIMFANG_GB2312.TTF", "C:/Windows/Fonts/FS_GB2312.TTF")),
    ("FangSong_GB2312", ("C:/Windows/Fonts/FS_GB2312.ttf",)),
)
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


# ---------------------------------------------------------------- parsed-font cache
# reportlab parses a whole TrueType file (cmap, hmtx, loca) before the first glyph: ~0.3 s for the
# shipped UMing and ~0.5 s for the 30 MB HanaMinB, on every start. The parsed tables are plain
# dicts and lists, so they are kept in a marshal file (data only, no code) keyed by the font file's
# path, size and time and the reportlab version; the font file itself is memory-mapped, so only
# the glyphs a document uses are ever read.


def font_cache_dir() -> Path | None:
    configured = os.environ.get(ENV_FONT_CACHE)
    if configured is not None:
        return Path(configured) if configured else None
    return Path(platformdirs.user_cache_dir("township-desk", appauthor=False)) / "fonts"


def _cache_file(source: FontSource) -> Path | None:
    folder = font_cache_dir()
    if folder is None:
        return None
    try:
        st = os.stat(source.path)
    except OSError:
        return None
    key = f"{_CACHE_FORMAT}|{REPORTLAB_VERSION}|{os.path.abspath(source.path)}|{source.index}|{st.st_size}|{st.st_mtime_ns}"
    return folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".marshal")


def _plain(value: Any) -> Any:
    return ("__name__", bytes(value), value.ustr) if isinstance(value, TTFNameBytes) else value


def _restore(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 3 and value[0] == "__name__":
        name = TTFNameBytes(value[1])
        name.ustr = value[2]
        return name
    return value


# Not kept: the file itself (memory-mapped instead), a lambda, and the glyph → characters map,
# which only text shaping uses (documents register fonts unshaped).
_UNCACHED = frozenset({"_ttf_data", "_pdfScale", "glyphToChar"})


def _scale(units_per_em: int) -> Any:
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _mapped(path: str) -> Any:
    with open(path, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


class _Window:
    """A read-only view of part of the font file: slicing reads only those bytes."""

    def __init__(self, data: Any, start: int, length: int) -> None:
        self.data, self.start, self.length = data, start, length

    def __len__(self) -> int:
        return int(self.length)

    def __getitem__(self, key: slice) -> bytes:
        begin, end, _step = key.indices(self.length)
        return bytes(self.data[self.start + begin:self.start + end])


class _Face(TTFontFace):  # type: ignore[misc]  # reportlab ships no type hints
    """reportlab's face, except that subsetting reads single glyphs instead of copying the whole
    glyf table (20–30 MB for CJK faces) for every document."""

    def get_table(self, tag: str) -> Any:
        if tag == "glyf":
            pos, length = self.get_table_pos(tag)
            return _Window(self._ttf_data, pos, length)
        return super().get_table(tag)


def _load_face(source: FontSource) -> TTFontFace:
    """The parsed face of ``source``, from the cache when it has it (and into the cache when not)."""
    cached = _cache_file(source)
    if cached is not None:
        try:
            state = marshal.loads(cached.read_bytes())
            face = _Face.__new__(_Face)
            face.__dict__.update({k: _restore(v) for k, v in state.items()})
            face._pdfScale = _scale(face.unitsPerEm)
            face.glyphToChar = {}
            face._ttf_data = _mapped(source.path)
            return face
        except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
            pass
    face = _Face(source.path, subfontIndex=source.index)
    if cached is not None:
        try:
            state = {k: _plain(v) for k, v in face.__dict__.items() if k not in _UNCACHED}
            cached.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".font-")
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps(state))
            os.replace(tmp, cached)
        except (OSError, ValueError):
            pass
    return face


def _make_font(name: str, source: FontSource) -> _Font:
    """A registered-ready font like ``_Font(name, path, subfontIndex=…)``, parsed via the cache."""
    font = _Font.__new__(_Font)
    font.fontName = name
    font.face = _load_face(source)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = False
    return font


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


@lru_cache(maxsize=1)
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


def discover_body_fonts() -> list[FontSource]:
    """Installed Fangsong/Song TrueType faces a center may choose for the documents' body text
    (仿宋_GB2312, FangSong, SimSun…), best first; the shipped face is not listed."""
    fc = _fc_list()
    out: list[FontSource] = []
    for family, paths in (*_PREFERRED_BODY, *_BODY_CANDIDATES):
        found = _find([(family, paths)], fc)
        if found is not None and found.path != str(SHIPPED_MAIN) and found not in out:
            out.append(found)
    return out


def resolve_body(spec: str, fc: dict[str, FontSource] | None = None) -> FontSource | None:
    """The face a ``document_font`` setting names: a TrueType file, or an installed family."""
    spec = spec.strip()
    if not spec:
        return None
    if spec.lower().endswith((".ttf", ".ttc")) and os.path.isfile(spec):
        name = Path(spec).stem
        return FontSource(spec, _face_index(spec, name), name)
    fc = _fc_list() if fc is None else fc
    return _find([(spec, ())], fc) or next((f for f in discover_body_fonts() if f.family == spec), None)


@dataclass(frozen=True)
class FontPlan:
    """Which faces a process uses: body, title (with or without fake bold) and the fallback chain."""

    body: FontSource
    title: FontSource
    title_fake_bold: bool
    fallbacks: tuple[FontSource, ...]


def plan_fonts(shipped_only: bool | None = None, preferred: str = "") -> FontPlan:
    """Choose faces: the face the settings name, else system Fangsong/Song where installed, else
    the shipped ones."""
    if shipped_only is None:
        shipped_only = os.environ.get(ENV_SHIPPED_ONLY, "") == "1"
    shipped_main = FontSource(str(SHIPPED_MAIN), 0, "AR PL UMing CN")
    shipped_fallback = FontSource(str(SHIPPED_FALLBACK), 0, "HanaMinB")
    if shipped_only:
        return FontPlan(shipped_main, shipped_main, True, (shipped_fallback,))
    fc = _fc_list()
    body = resolve_body(preferred, fc) or _find((*_PREFERRED_BODY, *_BODY_CANDIDATES), fc) or shipped_main
    title = _find(_TITLE_CANDIDATES, fc) or body
    chain: list[FontSource] = []
    for source in (title, _find(_FALLBACK_CANDIDATES, fc), shipped_main):
        if source is not None and source.family not in {body.family, *(c.family for c in chain)}:
            chain.append(source)
    system_b = fc.get("HanaMinB")
    chain.append(system_b if system_b is not None else shipped_fallback)
    return FontPlan(body, title, title.family not in _HEAVY_TITLE_FAMILIES, tuple(chain))


_sets_made: set[str] = set()


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
        # Names are global in reportlab: a set for another plan (another body face chosen in the
        # settings) gets its own, so both can live in one process.
        tag = "" if not _sets_made else "-" + hashlib.sha256(repr(plan).encode()).hexdigest()[:8]
        _sets_made.add(tag)
        self.body = self._register(self.BODY + tag, plan.body)
        self.title = self._register(self.TITLE + tag, plan.title) if plan.title != plan.body else self.body
        self.title_fake_bold = plan.title_fake_bold
        self._chain_names = [f"TD-Fallback{i + 1}{tag}" for i in range(len(plan.fallbacks))]
        # the last face of the chain is the heavy Extension-B face (HanaMinB): drawn thinner
        if plan.fallbacks and plan.fallbacks[-1].family.startswith("HanaMin"):
            _light_fonts.add(self._chain_names[-1])
        self._coverage: dict[tuple[str, str], str | None] = {}

    def _register(self, name: str, source: FontSource) -> str:
        try:
            font = _make_font(name, source)
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
            esc = _escape(run).replace("\n", "<br/>")
            parts.append(esc if name == primary else f'<font name="{name}">{esc}</font>')
        return "".join(parts)

    def font_names(self) -> list[str]:
        """Every font registered so far (body, title, loaded fallbacks)."""
        return list(self._loaded)

    def face_of(self, fontname: str) -> _Font:
        return self._loaded[fontname]


_FONTSET_LOCK = threading.Lock()


_preferred_body = ""


def use_body_font(spec: str) -> None:
    """Use the ``document_font`` setting (family or file; "" = automatic) from the next render on."""
    global _preferred_body
    with _FONTSET_LOCK:
        _preferred_body = spec.strip()


@lru_cache(maxsize=4)
def _fontset(shipped_only: bool, preferred: str) -> FontSet:
    return FontSet(plan_fonts(shipped_only, preferred))


def get_fonts() -> FontSet:
    """The process-wide font set, registered on first use."""
    with _FONTSET_LOCK:
        return _fontset(os.environ.get(ENV_SHIPPED_ONLY, "") == "1", _preferred_body)


def warm_up() -> None:
    """Load every face documents may need (and fill the parsed-font cache): call it on a
    background thread at start-up so the first PDF preview does not wait for fonts."""
    fonts = get_fonts()
    with fonts._lock:
        for index in range(len(fonts._chain_names)):
            fonts._font(index)


# ---------------------------------------------------------------- fallback weight
# HanaMinB's strokes are heavier than UMing's (the same character carries ~13 % more ink), so a
# rare character in a name looked bold beside its neighbours. Text in a fallback face is drawn
# with render mode 2 (fill, then stroke) and a thin white stroke that pares the outline back to
# the body face's weight; the text stays extractable. Only the paragraph path sets fonts this way.

THIN_STROKE = 0.004  # of the font size: 1.10 → 1.00 of the body face's ink at 600 dpi
_light_fonts: set[str] = set()
_reportlab_set_font = PDFTextObject._setFont
_reportlab_set_font_public = PDFTextObject.setFont
_reportlab_get_code = PDFTextObject.getCode


def _restore_code(text: Any) -> str:
    return f"{text._textRenderMode} Tr 0 0 0 RG {fp_str(text._canvas._lineWidth)} w"


def _set_font(self: Any, psfontname: str, size: float) -> None:
    _reportlab_set_font(self, psfontname, size)
    _lighten(self, psfontname, size)


def _set_font_public(self: Any, psfontname: str, size: float, leading: float | None = None) -> None:
    _reportlab_set_font_public(self, psfontname, size, leading)
    _lighten(self, psfontname, size)


def _lighten(self: Any, psfontname: str, size: float) -> None:
    light = psfontname in _light_fonts
    if light != getattr(self, "_td_light", False):
        self._td_light = light
        self._code.append(f"2 Tr 1 1 1 RG {fp_str(size * THIN_STROKE)} w" if light else _restore_code(self))


def _get_code(self: Any) -> str:
    if getattr(self, "_td_light", False):
        self._td_light = False
        self._code.append(_restore_code(self))
    return str(_reportlab_get_code(self))


PDFTextObject._setFont = _set_font
PDFTextObject.setFont = _set_font_public
PDFTextObject.getCode = _get_code


def _escape(text: str) -> str:
    """Paragraph markup escaping (what xml.sax.saxutils.escape does; that module pulls in urllib.request,
    http.client, ssl and email, ~30 modules a cold `township-desk print` does not need)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
