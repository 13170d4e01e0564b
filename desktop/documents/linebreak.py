"""Chinese line breaking for reportlab paragraphs (禁则: no closing punctuation at a line start).

reportlab's CJK wrapping lets one closing mark hang into the margin and then starts the next line
with the second one ("）" hangs, "。" begins a line), and a hanging mark crosses table rules. This
breaker pulls the previous character down instead, never ends a line on an opening mark and keeps
short Latin/digit runs (amounts, dates, ID numbers) together. It replaces reportlab's
``cjkFragSplit`` and ``wordSplit`` once, when the documents package is imported; reportlab has no hook for it.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as _paragraph
from reportlab.rl_config import _FUZZ

_CANNOT_START = frozenset(ALL_CANNOT_START + "）》」』】〕〉！？；：，、。．％‰")
_CANNOT_END = frozenset(ALL_CANNOT_END + "（《「『【〔〈￥¥")


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".-_/@")


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


def _breaks(chars: list[str], widths: list[float], max_widths: list[float], hard: list[bool]) -> list[int]:
    """Line end positions (exclusive) for ``chars``; ``hard[i]`` marks an explicit break after i."""
    ends: list[int] = []
    max_width = max_widths[0]
    start = i = 0
    used = 0.0
    n = len(chars)
    while i < n:
        used += widths[i]
        i += 1
        if not (hard[i - 1] or (used > max_width + _FUZZ and used > 0)):
            continue
        end = i
        if not hard[i - 1]:
            end = i - 1  # the overflowing character moves down
            while end > start + 1 and (chars[end] in _CANNOT_START or chars[end - 1] in _CANNOT_END):
                end -= 1
            if _is_word_char(chars[end]) and _is_word_char(chars[end - 1]):
                k = end
                while k > start and _is_word_char(chars[k - 1]):
                    k -= 1
                if k > start + (end - start) // 2:
                    end = k
                    while end > start + 1 and chars[end - 1] in _CANNOT_END:
                        end -= 1
            end = max(end, start + 1)
        ends.append(end)
        max_width = max_widths[min(len(ends), len(max_widths) - 1)]
        start = i = end
        used = 0.0
    if start < n:
        ends.append(n)
    return ends


def cjk_frag_split(frags: Any, maxWidths: Any, calcBounds: Any, encoding: str = "utf8") -> Any:
    """Replacement of reportlab's ``cjkFragSplit`` (paragraphs with several fragments)."""
    units: list[Any] = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        if text:
            units.extend(_paragraph.cjkU(t, f, encoding) for t in text)
        else:
            units.append(_paragraph.cjkU(text, f, encoding))
    widths = [_width(u, maxWidths[0]) for u in units]
    hard = [hasattr(u.frag, "lineBreak") for u in units]
    lines: list[Any] = []
    start = 0
    for k, end in enumerate(_breaks([str(u) for u in units], widths, list(maxWidths), hard)):
        max_width = maxWidths[min(k, len(maxWidths) - 1)]
        width = sum(widths[start:end])
        is_last = end == len(units)
        lines.append(_paragraph.makeCJKParaLine(units[start:end], max_width, width, max_width - width,
                                                hard[end - 1] if not is_last else False, calcBounds))
        start = end
    return _paragraph.ParaLines(kind=1, lines=lines)


def word_split(word: Any, maxWidths: Any, fontName: str, fontSize: float, encoding: str = "utf8") -> Any:
    """Replacement of reportlab's ``wordSplit`` (paragraphs of a single fragment)."""
    text = word.decode(encoding) if isinstance(word, bytes) else word
    widths = [stringWidth(ch, fontName, fontSize) for ch in text]
    widths_list = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
    out: list[list[Any]] = []
    start = 0
    for k, end in enumerate(_breaks(list(text), widths, list(widths_list), [False] * len(text))):
        max_width = widths_list[min(k, len(widths_list) - 1)]
        out.append([max_width - sum(widths[start:end]), text[start:end]])
        start = end
    return out


def install() -> None:
    _paragraph.cjkFragSplit = cjk_frag_split
    _paragraph.wordSplit = word_split
