"""Chinese line breaking for reportlab paragraphs (禁则: no closing punctuation at a line start).

reportlab's CJK wrapping lets one closing mark hang into the margin and then starts the next line
with the second one ("）" hangs, "。" begins a line), and a hanging mark crosses table rules. This
breaker pulls the previous character down instead, never ends a line on an opening mark and keeps
short Latin/digit runs (amounts, dates, ID numbers) together. It replaces reportlab's
``cjkFragSplit`` once, when the documents package is imported; reportlab has no hook for it.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
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


def cjk_frag_split(frags: Any, maxWidths: Any, calcBounds: Any, encoding: str = "utf8") -> Any:
    units: list[Any] = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        if text:
            units.extend(_paragraph.cjkU(t, f, encoding) for t in text)
        else:
            units.append(_paragraph.cjkU(text, f, encoding))
    lines: list[Any] = []
    max_width = maxWidths[0]
    start = i = 0
    used = 0.0
    n = len(units)
    while i < n:
        u = units[i]
        i += 1
        used += _width(u, max_width)
        line_break = hasattr(u.frag, "lineBreak")
        if not (line_break or (used > max_width + _FUZZ and used > 0)):
            continue
        end = i
        if not line_break:
            end = i - 1  # the overflowing character moves down
            while end > start + 1 and (str(units[end]) in _CANNOT_START or str(units[end - 1]) in _CANNOT_END):
                end -= 1
            if end < n and _is_word_char(str(units[end])) and _is_word_char(str(units[end - 1])):
                k = end
                while k > start and _is_word_char(str(units[k - 1])):
                    k -= 1
                if k > start + (end - start) // 2:
                    end = k
            end = max(end, start + 1)
        width = sum(_width(x, max_width) for x in units[start:end])
        lines.append(_paragraph.makeCJKParaLine(units[start:end], max_width, width, max_width - width,
                                                line_break, calcBounds))
        max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
        start = i = end
        used = 0.0
    if start < n:
        width = sum(_width(x, max_width) for x in units[start:])
        lines.append(_paragraph.makeCJKParaLine(units[start:], max_width, width, max_width - width, False,
                                                calcBounds))
    return _paragraph.ParaLines(kind=1, lines=lines)


def install() -> None:
    _paragraph.cjkFragSplit = cjk_frag_split
