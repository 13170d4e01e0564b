"""Chinese line breaking for every paragraph of the documents (禁则, GB/T 15834 / JIS X 4051 style).

``break_lines`` is one pure function: given the characters of a paragraph, their widths and the
line widths, it returns where lines end. Rules, for CJK text with ASCII runs mixed in:

- no line opens with closing punctuation, "%"/"‰", "·" (the dot inside 阿依古丽·买买提), "℃";
  no line ends with opening punctuation, a currency sign or a check box "□"/"■" (it stays with
  its label);
- a number stays whole: digits with thousands separators and decimals ("9,400.00"), a sign or
  currency before it, and a unit after it ("41岁", "500元", "12号", "30%");
- other ASCII words (ID numbers, phone numbers, codes) stay whole unless longer than a line;
- a closing mark never hangs into the margin: the character before it moves down with it.

It replaces reportlab's ``cjkFragSplit`` and ``wordSplit`` once, when the documents package is
imported (reportlab has no hook), and CJK lines other than a paragraph's last are justified to
the right margin by spreading the spare width over the gaps between characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as _paragraph
from reportlab.rl_config import _FUZZ

CANNOT_START = frozenset(
    "!),.:;?]}、。，．：；？！）」』】〕〉》］｝〗〙〛’”…‥—-–~～"
    "%％‰℃°′″·・•ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ゛゜ヽヾゝゞ"
)
CANNOT_END = frozenset("([{（「『【〔〈《［｛〖〘〚‘“¥￥$＄£￡€#＃□■☐☑·・")
# Units and words that belong to the number before them (年龄 41岁, 500元, 第12号, 30%).
UNITS = frozenset("元角分岁年月日时秒号米亩斤吨升克个件份次天周户人间栋层条项页章节%％‰℃°")
_NUMBER_INNER = frozenset(",.，:：")  # 9,400.00 / 10:30 / 1，000 between digits
_NUMBER_LEAD = frozenset("¥￥$＄+-−#＃")
_WORD_PUNCT = frozenset(".-_/@")


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in _WORD_PUNCT)


def _digit(ch: str) -> bool:
    return "0" <= ch <= "9" or "０" <= ch <= "９"


def can_break(chars: Sequence[str], i: int) -> bool:
    """May a line end between ``chars[i - 1]`` and ``chars[i]``?"""
    prev, cur = chars[i - 1], chars[i]
    if cur in CANNOT_START or prev in CANNOT_END:
        return False
    if cur.isspace() or prev.isspace():  # at spaces: judge the marks on either side of them
        after = next((ch for ch in chars[i:] if not ch.isspace()), "")
        before = next((chars[k] for k in range(i - 1, -1, -1) if not chars[k].isspace()), "")
        return after not in CANNOT_START and before not in CANNOT_END
    if _digit(prev) and cur in UNITS:
        return False
    if _digit(cur) and prev in _NUMBER_LEAD:
        return False
    if prev in _NUMBER_INNER and _digit(cur) and i >= 2 and _digit(chars[i - 2]):
        return False
    if _digit(prev) and cur in _NUMBER_INNER and i + 1 < len(chars) and _digit(chars[i + 1]):
        return False
    return not (_ascii_word(prev) and _ascii_word(cur))


def break_lines(
    chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float], hard: Sequence[bool]
) -> list[int]:
    """Line ends (exclusive indices) for ``chars``; ``hard[i]`` forces a break after ``chars[i]``.

    Greedy: each line takes as many characters as fit, then backs up to the last position where
    ``can_break`` allows a break. A run that cannot be broken and is wider than a line is cut
    where it overflows, so the function always terminates and never loses a character.
    """
    n = len(chars)
    ends: list[int] = []
    start = 0
    while start < n:
        max_width = max_widths[min(len(ends), len(max_widths) - 1)]
        used = 0.0
        i = start
        while i < n:
            used += widths[i]
            if used > max_width + _FUZZ and i > start:
                break
            i += 1
            if hard[i - 1]:
                break
        else:
            ends.append(n)
            break
        if hard[i - 1]:
            ends.append(i)
            start = i
            continue
        end = i  # chars[i] does not fit: find a break at or before it
        while end > start and not can_break(chars, end):
            end -= 1
        if end == start:
            end = i  # one unbreakable run wider than the line
        while end < n and chars[end] == " ":  # a space at a break is swallowed by the end of the line
            end += 1
        ends.append(end)
        start = end
    return ends


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


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
    for k, end in enumerate(break_lines([str(u) for u in units], widths, list(maxWidths), hard)):
        max_width = maxWidths[min(k, len(maxWidths) - 1)]
        line = units[start:end]
        while line and str(line[-1]) == " " and len(line) > 1:
            line = line[:-1]
        width = sum(_width(u, max_width) for u in line)
        is_last = end == len(units)
        lines.append(_paragraph.makeCJKParaLine(line, max_width, width, max_width - width,
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
    for k, end in enumerate(break_lines(list(text), widths, list(widths_list), [False] * len(text))):
        max_width = widths_list[min(k, len(widths_list) - 1)]
        piece = text[start:end].rstrip(" ") or text[start:end]
        out.append([max_width - stringWidth(piece, fontName, fontSize), piece])
        start = end
    return out


_reportlab_justify = _paragraph._justifyDrawParaLineX
_reportlab_justify_plain = _paragraph._justifyDrawParaLine


def _justify_plain_line(tx: Any, offset: float, extraspace: float, words: list[str], last: int = 0) -> Any:
    """TA_JUSTIFY for a single-font CJK line (reportlab's simple path): character spacing
    instead of word spacing, since the line has no spaces to widen."""
    text = " ".join(words)
    if last or extraspace <= 1e-6 or len(text) < 2 or " " in text:
        return _reportlab_justify_plain(tx, offset, extraspace, words, last)
    _paragraph.setXPos(tx, offset)
    tx.setCharSpace(extraspace / (len(text) - 1))
    tx._textOut(text, 1)
    tx.setCharSpace(0)
    _paragraph.setXPos(tx, -offset)
    return offset


def _justify_line(tx: Any, offset: float, line: Any, last: int = 0) -> Any:
    """TA_JUSTIFY for CJK lines: reportlab spreads spare width over spaces only, and CJK lines
    have none, so their right edge was ragged. Spread it over the gaps between characters
    (PDF character spacing); the canvas' string widths include that spacing while the line is
    drawn, so underlines follow the text."""
    if getattr(line, "kind", 0) != 1 or last or line.lineBreak or line.extraSpace <= 1e-6:
        return _reportlab_justify(tx, offset, line, last)
    count = sum(len(w.text) for w in line.words if not hasattr(w, "cbDefn"))
    if count < 2:
        return _reportlab_justify(tx, offset, line, last)
    spacing = float(line.extraSpace) / (count - 1)
    canvas = tx._canvas
    plain = canvas.stringWidth

    def spaced(text: str, font: str, size: float) -> float:
        return float(plain(text, font, size)) + spacing * len(text)

    tx.setCharSpace(spacing)
    canvas.stringWidth = spaced
    try:
        line.extraSpace = 0
        return _reportlab_justify(tx, offset, line, last)
    finally:
        del canvas.stringWidth
        tx.setCharSpace(0)


def install() -> None:
    _paragraph.cjkFragSplit = cjk_frag_split
    _paragraph.wordSplit = word_split
    _paragraph._justifyDrawParaLineX = _justify_line
    _paragraph._justifyDrawParaLine = _justify_plain_line
