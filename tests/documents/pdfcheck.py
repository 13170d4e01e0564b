"""Helpers that inspect real PDFs: extracted text, embedded fonts' coverage, rendered pages."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pypdf
import pytest
from PIL import Image

PAGE_NUMBER = re.compile(r"第\s*\d+\s*页\s*共\s*\d+\s*页")


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


def squash(text: str) -> str:
    """Text without whitespace and page numbers, so wrapped and page-split clauses compare whole."""
    return "".join(PAGE_NUMBER.sub("", text).split())


def squash_all(text: str) -> str:
    """Text without any whitespace (page numbers kept)."""
    return "".join(text.split())


def page_number(text: str) -> int | None:
    """The "第N页" printed on a page, None when the page has no number."""
    found = re.search(r"第(\d+)页共\d+页", squash_all(text))
    return int(found.group(1)) if found else None


def flat_text(pdf: bytes) -> str:
    return squash("".join(page_texts(pdf)))


def assert_contains(pdf: bytes, *values: str) -> None:
    text = flat_text(pdf)
    for value in values:
        for line in value.splitlines():
            assert squash(line) in text, f"missing in PDF text: {line!r}"


def subset_cmap(font: bytes) -> dict[int, int]:
    """Code → glyph id of an embedded subset's cmap (reportlab writes one format 6 subtable)."""
    num_tables = struct.unpack(">H", font[4:6])[0]
    for i in range(num_tables):
        tag, _checksum, offset, _length = struct.unpack(">4sIII", font[12 + 16 * i: 28 + 16 * i])
        if tag != b"cmap":
            continue
        sub_offset = offset + struct.unpack(">I", font[offset + 8: offset + 12])[0]
        fmt, _len, _lang, first, count = struct.unpack(">5H", font[sub_offset: sub_offset + 10])
        assert fmt == 6, f"unexpected cmap format {fmt}"
        ids = struct.unpack(f">{count}H", font[sub_offset + 10: sub_offset + 10 + 2 * count])
        return {first + k: gid for k, gid in enumerate(ids)}
    raise AssertionError("embedded font has no cmap")


def font_coverage(pdf: bytes) -> dict[str, set[str]]:
    """Per embedded font: characters it maps (ToUnicode) to a real glyph (not .notdef) in its program.

    Fails on a font that is not embedded."""
    out: dict[str, set[str]] = {}
    for page in reader(pdf).pages:
        fonts = page["/Resources"].get("/Font", {})
        for font_ref in fonts.values():
            font = font_ref.get_object()
            name = str(font["/BaseFont"])
            if name in out:
                continue
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"font {name} is not embedded as TrueType"
            glyphs = subset_cmap(descriptor["/FontFile2"].get_object().get_data())
            cmap_text = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            chars: set[str] = set()
            section = cmap_text.split("beginbfchar", 1)[1].split("endbfchar", 1)[0]
            for code, uni in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]+)>", section):
                ch = bytes.fromhex(uni).decode("utf-16-be")
                if ch != "\x00" and glyphs.get(int(code, 16), 0) != 0:
                    chars.add(ch)
            out[name] = chars
    return out


def covered_chars(pdf: bytes) -> set[str]:
    return set().union(*font_coverage(pdf).values())


def rendered_pages(pdf: bytes, tmp_path: Path, dpi: int = 30) -> list[Image.Image]:
    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: pages cannot be rendered")
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf)
    subprocess.run([exe, "-gray", "-r", str(dpi), str(src), str(tmp_path / "page")], check=True, timeout=120)
    files = sorted(tmp_path.glob("page-*.pgm"))
    return [Image.open(f) for f in files]


def ink_ratio(image: Image.Image, top: float = 0.0, bottom: float = 0.88) -> float:
    """Share of dark pixels in a horizontal band of the page (default: above the page number)."""
    w, h = image.size
    band = image.crop((0, int(h * top), w, int(h * bottom)))
    hist = band.histogram()
    dark = sum(hist[:200])
    return dark / (band.size[0] * band.size[1])


def _poppler(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return exe


def layout_pages(pdf: bytes) -> list[list[str]]:
    """Lines of each page as ``pdftotext -layout`` prints them (stripped, blank lines dropped)."""
    out = subprocess.run([_poppler("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True,
                         check=True, timeout=120).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]


def page_of(pages: list[list[str]], text: str) -> list[int]:
    """1-based pages whose whitespace-free text contains ``text``."""
    wanted = squash_all(text)
    return [i for i, lines in enumerate(pages, start=1) if wanted in squash_all("".join(lines))]


def line_boxes(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page: (xMin, xMax, text) of each line, from ``pdftotext -bbox-layout`` (points)."""
    html = subprocess.run([_poppler("pdftotext"), "-bbox-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=120).stdout.decode("utf-8")
    pages = []
    for page in html.split("<page ")[1:]:
        lines = []
        for line in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>',
                               page, flags=re.S):
            words = "".join(re.findall(r">([^<]*)</word>", line[2]))
            lines.append((float(line[0]), float(line[1]), words))
        pages.append(lines)
    return pages
