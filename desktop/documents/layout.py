"""Shared page layout of the mediation documents: A4, official-document margins and type, page numbers.

Margins follow GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm); titles are 22 pt
(二号) bold Song, body 14 pt (四号), tables 12 pt (小四). Pages are numbered "第N页　共M页" in
14 pt, 7 mm below the type area, odd pages at the right and even pages at the left (GB/T 9704
7.5); the total needs the whole document, so the canvas keeps the pages and writes the numbers
when it saves. Every piece of text goes through ``FontSet.markup`` so characters the body face
lacks fall back to another face instead of printing a box, and every paragraph breaks lines
with ``linebreak.break_lines``.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import DummyDoc, PDFText
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from . import linebreak
from .fonts import FontSet
from .model import PartyInfo

linebreak.install()

PAGE_W, PAGE_H = A4
MARGIN_TOP = 37 * mm
MARGIN_BOTTOM = 35 * mm
MARGIN_LEFT = 28 * mm
MARGIN_RIGHT = 26 * mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT

TITLE_SIZE = 22
BODY_SIZE = 14
TABLE_SIZE = 12
PAGE_NUMBER_SIZE = 14
PAGE_NUMBER_GAP = 7 * mm  # GB/T 9704: the page number sits 7 mm below the type area

CREATOR = "township-desk"


def cn_date(d: date | datetime | None) -> str:
    """2026年11月30日; a blank to fill by hand when unknown."""
    if d is None:
        return "　　　　年　　月　　日"
    return f"{d.year}年{d.month}月{d.day}日"


def cn_datetime(d: datetime) -> str:
    return f"{cn_date(d)}{d.hour}时{d.minute:02d}分"


def page_label(number: int, total: int) -> str:
    return f"第{number}页　共{total}页"


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numeral for 1..999 as used in clause numbering (一、十一、二十、一百零五)."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def doc_number(text: str) -> str:
    """A document number without ASCII spaces: "（2026）东大人调字第 12 号" prints 第12号."""
    return "".join(text.split(" "))


@dataclass
class Kit:
    """Fonts and paragraph styles for one render."""

    fonts: FontSet
    body: ParagraphStyle
    indented: ParagraphStyle
    continued: ParagraphStyle  # the sub-items of a numbered term: aligned under its text
    label: ParagraphStyle
    right: ParagraphStyle
    center: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    small: ParagraphStyle

    @classmethod
    def create(cls, fonts: FontSet) -> Kit:
        base = ParagraphStyle(
            "td-body", fontName=fonts.body, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.75,
            wordWrap="CJK", alignment=TA_JUSTIFY, allowWidows=0, allowOrphans=0,
        )
        cell = ParagraphStyle("td-cell", parent=base, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.5)
        return cls(
            fonts=fonts,
            body=base,
            indented=ParagraphStyle("td-indented", parent=base, firstLineIndent=2 * BODY_SIZE),
            continued=ParagraphStyle("td-continued", parent=base, leftIndent=2 * BODY_SIZE),
            label=ParagraphStyle("td-label", parent=base, spaceBefore=4),
            right=ParagraphStyle("td-right", parent=base, alignment=TA_RIGHT),
            center=ParagraphStyle("td-center", parent=base, alignment=TA_CENTER),
            cell=cell,
            cell_center=ParagraphStyle("td-cell-center", parent=cell, alignment=TA_CENTER),
            small=ParagraphStyle("td-small", parent=base, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.6),
        )

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of plain text (escaped, font fallback applied)."""
        return Paragraph(self.fonts.markup(text), style or self.body)

    def paras(self, text: str, style: ParagraphStyle | None = None) -> list[Flowable]:
        """One indented paragraph per non-empty line of ``text``; long text flows across pages."""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return [self.p(line, style or self.indented) for line in lines] or [self.p("", style)]

    def rich(self, pieces: Sequence[tuple[str, bool]], style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph from (text, underlined) pieces: underlined pieces are filled-in values."""
        out = []
        for text, underline in pieces:
            marked = self.fonts.markup(text)
            out.append(f"<u>{marked}</u>" if underline and text else marked)
        return Paragraph("".join(out), style or self.body)

    def title(self, text: str, size: float = TITLE_SIZE) -> Flowable:
        return Title(self.fonts, text, size)

    def number_line(self, label: str, value: str) -> Paragraph:
        return self.p(f"{label}：{doc_number(value)}", self.right)

    def table(
        self,
        rows: list[list[Any]],
        col_widths: Sequence[float],
        header_rows: int = 0,
        spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    ) -> Table:
        """A ruled table whose rows never split (no ghost cells); header rows repeat on each page."""
        data = [
            [_cell(self, c) if isinstance(c, str) else c for c in row]
            for row in rows
        ]
        table = Table(
            data, colWidths=list(col_widths), repeatRows=header_rows,
            splitByRow=1, splitInRow=0, hAlign="CENTER",
        )
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.body),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        commands += [("SPAN", a, b) for a, b in spans]
        table.setStyle(TableStyle(commands))
        return table

    def label_cell(self, text: str) -> Paragraph:
        return self.p(text, self.cell_center)


def _cell(kit: Kit, text: str) -> Any:
    return _multiline(kit, text)


def _break_text(fonts: FontSet, text: str, primary: str, size: float, width: float) -> list[str]:
    """``text`` cut into lines of at most ``width`` by the shared line breaker."""
    chars = list(text)
    widths = [pdfmetrics.stringWidth(ch, fonts.font_for(ch, primary) or primary, size) for ch in chars]
    lines, start = [], 0
    for end in linebreak.break_lines(chars, widths, [width], [False] * len(chars)):
        lines.append(text[start:end])
        start = end
    return lines


class Title(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A centred title in the Song face, bold by stroking the outlines (no bold Song is shipped).

    Fake bold: text render mode 2 (fill then stroke) with a stroke of 3 % of the size, the usual
    way to embolden a single-weight CJK face; text stays extractable. With a heavy title face
    (方正小标宋) it is drawn filled only. Long titles wrap by the shared line breaker.
    """

    def __init__(self, fonts: FontSet, text: str, size: float = TITLE_SIZE) -> None:
        super().__init__()
        self.fonts = fonts
        self.text = text
        self.size = size
        self.leading = size * 1.5
        self.lines: list[list[tuple[str, str]]] = []
        self.spaceAfter = size * 0.6

    def _width(self, runs: list[tuple[str, str]]) -> float:
        return float(sum(pdfmetrics.stringWidth(t, f, self.size) for f, t in runs))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.lines = [self.fonts.segments(line, self.fonts.title)
                      for line in _break_text(self.fonts, self.text, self.fonts.title, self.size, avail_width)]
        self.width = avail_width
        self.height = self.leading * len(self.lines)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(colors.black)
        c.setStrokeColor(colors.black)
        for i, line in enumerate(self.lines):
            x = (self.width - self._width(line)) / 2
            y = self.height - (i + 1) * self.leading + (self.leading - self.size) / 2 + self.size * 0.12
            text = c.beginText(x, y)
            if self.fonts.title_fake_bold:
                text.setTextRenderMode(2)
                c.setLineWidth(self.size * 0.03)
            for fontname, run in line:
                text.setFont(fontname, self.size)
                text.textOut(run)
            c.drawText(text)
        c.restoreState()


def draw_centred(canvas: Canvas, fonts: FontSet, text: str, x: float, y: float, size: float) -> None:
    runs = fonts.segments(text)
    width = sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs)
    pos = x - width / 2
    for fontname, run in runs:
        canvas.setFont(fontname, size)
        canvas.drawString(pos, y, run)
        pos += pdfmetrics.stringWidth(run, fontname, size)


# ---------------------------------------------------------------- party blocks and signatures

def _age(party: PartyInfo) -> str:
    return f"{party.age}岁" if party.age is not None else ""


def party_block(kit: Kit, party: PartyInfo, with_id: bool = True, role: str | None = None) -> list[Flowable]:
    """The lines of DOMAIN.md's party block; organizations print name and representative.

    ``role`` overrides the party's role (the 司法确认申请书 calls every party 申请人)."""
    gap = ("　　", False)
    role = role or party.role
    lines: list[Flowable] = []
    if party.is_organization:
        lines.append(kit.rich([(f"{role}：", False), ("名称 ", False), (party.name, True)]))
        lines.append(kit.rich([
            ("法定代表人（负责人）：", False), (party.representative or "　　　　", True), gap,
            ("职务：", False), (party.representative_title or "　　　　", True),
        ]))
        lines.append(kit.rich([("联系方式：", False), (party.phone or "　　　　　　", True)]))
        lines.append(kit.rich([("单位地址：", False), (party.address or "　　　　　　　　", True)]))
    else:
        lines.append(kit.rich([
            (f"{role}：", False), ("姓名 ", False), (party.name, True), gap,
            ("性别 ", False), (party.sex or "　　", True), gap,
            ("民族 ", False), (party.ethnicity or "　　", True), gap,
            ("年龄 ", False), (_age(party) or "　　", True),
        ]))
        lines.append(kit.rich([
            ("职业或职务 ", False), (party.occupation or "　　　　", True), gap,
            ("联系方式 ", False), (party.phone or "　　　　　　", True),
        ]))
        if with_id and party.id_number:
            lines.append(kit.rich([("身份证号码 ", False), (party.id_number, True)]))
        lines.append(kit.rich([("单位或住址 ", False), (party.address or "　　　　　　　　", True)]))
    if party.agent:
        lines.append(kit.rich([("委托代理人 ", False), (party.agent, True)]))
    return [KeepTogether([*lines, Spacer(1, 4)])]


def closing(clause: Sequence[Flowable], signatures: Sequence[Flowable]) -> list[Flowable]:
    """The closing clause (本协议一式…份, 以上记录…, the promise and 此致) kept on one page with
    the signature block, so no page carries signatures without the text they sign. Taller than
    a page (many parties), the block flows on and the clause still starts the signatures."""
    return [KeepTogether([*clause, *signatures])]


def party_table(kit: Kit, parties: Sequence[PartyInfo]) -> Table:
    """Parties as table rows with a repeated header (forms: 登记表, 口头协议登记表)."""
    header = ["身份", "姓名（名称）", "性别", "民族", "年龄", "联系方式", "单位或住址"]
    rows: list[list[Any]] = [[kit.label_cell(h) for h in header]]
    for party in parties:
        name = party.name
        if party.is_organization and party.representative:
            name += f"\n法定代表人（负责人）：{party.representative}"
        rows.append([
            kit.label_cell(party.role), name, kit.label_cell(party.sex), kit.label_cell(party.ethnicity),
            kit.label_cell(_age(party)), party.phone, party.address,
        ])
    widths = [m * mm for m in (18, 30, 12, 15, 13, 30, 38)]
    return kit.table(rows, widths, header_rows=1)


CELL_PAD = 4.0
CONTINUED = "（续）"
MIN_SPLIT_LINES = 2


class FormRow(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """One ruled row of a two-column form (label | value) that splits cleanly across pages.

    A value taller than the space left is cut between its lines; the rest continues on the next
    page under the label repeated with "（续）". Fewer than two lines never stay behind (the row
    moves down whole), so there are no near-empty cells and no ghost cells of a split table row.
    Adjacent rows share their rule: each draws its own box on the same lines.
    """

    def __init__(self, kit: Kit, label: str, values: Sequence[Flowable], label_width: float) -> None:
        super().__init__()
        self.kit = kit
        self.label = label
        self.label_para = kit.p(label, kit.cell_center)
        self.values = list(values)
        self.label_width = label_width
        self._heights: list[float] = []
        self._label_h = 0.0

    def _value_width(self, avail_width: float) -> float:
        return avail_width - self.label_width - 2 * CELL_PAD

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        inner = self._value_width(avail_width)
        self._label_h = self.label_para.wrap(self.label_width - 2 * CELL_PAD, 1e6)[1]
        self._heights = [v.wrap(inner, 1e6)[1] for v in self.values]
        self.height = max(self._label_h, sum(self._heights)) + 2 * CELL_PAD + 1
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        room = avail_height - 2 * CELL_PAD - 1
        if self._label_h > room:
            return []
        inner = self._value_width(avail_width)
        used, taken = 0.0, []
        rest = list(self.values)
        while rest:
            h = rest[0].wrap(inner, 1e6)[1]
            if used + h <= room:
                taken.append(rest.pop(0))
                used += h
                continue
            parts = rest[0].split(inner, room - used) if isinstance(rest[0], Paragraph) else []
            if len(parts) == 2:
                taken.append(parts[0])
                rest[0] = parts[1]
                used += parts[0].wrap(inner, 1e6)[1]
            break
        leading = self.kit.cell.leading
        if not taken or not rest or used < MIN_SPLIT_LINES * leading - 0.1:
            return []
        label = self.label if self.label.endswith(CONTINUED) else self.label + CONTINUED
        return [FormRow(self.kit, self.label, taken, self.label_width),
                FormRow(self.kit, label, rest, self.label_width)]

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setLineWidth(0.75)
        c.setStrokeColor(colors.black)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        c.line(self.label_width, 0, self.label_width, self.height)
        c.restoreState()
        self.label_para.drawOn(c, CELL_PAD, (self.height - self._label_h) / 2)
        total = sum(self._heights)
        y = (self.height + total) / 2
        for value, h in zip(self.values, self._heights, strict=True):
            y -= h
            value.drawOn(c, self.label_width + CELL_PAD, y)


def form(kit: Kit, rows: Sequence[tuple[str, str]], label_width: float = 34 * mm) -> list[Flowable]:
    """A two-column ruled form: one ``FormRow`` per (label, value); long values continue with
    the label repeated "（续）" on the next page."""
    return [FormRow(kit, label, _values(kit, value), label_width) for label, value in rows]


def _values(kit: Kit, value: str) -> list[Flowable]:
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    return [kit.p(line, kit.cell) for line in lines] or [kit.p("", kit.cell)]


def _multiline(kit: Kit, value: str) -> Any:
    values = _values(kit, value)
    return values[0] if len(values) == 1 else values


def checkbox_line(options: Sequence[str], chosen: str) -> str:
    """Options of a closed list with the chosen one ticked: ■当事人申请　□人民调解委员会主动调解."""
    return "　".join(("■" if option == chosen else "□") + option for option in options)


# ---------------------------------------------------------------- signatures

FINGERPRINT_SIZE = 15 * mm
PARTY_ROW = 18 * mm  # room for a signature and a fingerprint
SEAL_ROW = 22 * mm  # room for an organization's round seal (placed across the name)
OFFICIAL_ROW = 12 * mm
CAPTION_SHARE = 0.54  # of the text width: the printed name; then the signing line, then the fingerprint


class FingerprintBox(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A square for the party's fingerprint (按指印), captioned "指印" in small type."""

    def __init__(self, fonts: FontSet, caption: str = "指印") -> None:
        super().__init__()
        self.fonts = fonts
        self.caption = caption
        self.width = self.height = FINGERPRINT_SIZE

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setLineWidth(0.5)
        c.setStrokeColor(colors.Color(0.45, 0.45, 0.45))
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        c.setFillColor(colors.Color(0.45, 0.45, 0.45))
        draw_centred(c, self.fonts, self.caption, self.width / 2, 2 * mm, 8)
        c.restoreState()


@dataclass(frozen=True)
class Signer:
    """One line of a signature block: who (printed), and the space they sign or seal in."""

    title: str  # 申请人 / 人民调解员 / 法定代表人（负责人）
    name: str
    action: str = "签名"  # 签名 / 盖章
    fingerprint: bool = False
    height: float = OFFICIAL_ROW


def party_signers(parties: Sequence[PartyInfo], role: str | None = None) -> list[Signer]:
    """Each party in its own named field: a person signs and puts a fingerprint beside the name;
    an organization seals (盖章) and its legal representative signs."""
    out: list[Signer] = []
    for party in parties:
        who = role or party.role
        if party.is_organization:
            out.append(Signer(who, party.name, "盖章", height=SEAL_ROW))
            out.append(Signer("法定代表人（负责人）", party.representative, "签名", height=PARTY_ROW * 0.8))
        else:
            out.append(Signer(who, party.name, "签名", fingerprint=True, height=PARTY_ROW))
    return out


def official_signers(officials: Sequence[tuple[str, str]]) -> list[Signer]:
    """(title, name) of the mediator, recorder…: the name printed, the signature beside it."""
    return [Signer(title, name.strip(), "签名") for title, name in officials]


def signature_block(
    kit: Kit,
    signers: Sequence[Signer],
    committee: str,
    when: date | None,
    *,
    seal: bool = True,
    seal_word: str = "印",
) -> list[Flowable]:
    """Signature rows (name | 签名/盖章 on a ruled line | fingerprint box), then the seal place
    and the date at the right."""
    rows: list[list[Any]] = []
    heights: list[float] = []
    caption_width = TEXT_W * CAPTION_SHARE
    for signer in signers:
        caption = f"{signer.title}：{signer.name}"
        if pdfmetrics.stringWidth(caption, kit.fonts.body, TABLE_SIZE) > caption_width:
            caption = f"{signer.title}：\n{signer.name}"  # a name is never cut in two
        rows.append([
            _multiline(kit, caption),
            kit.p(f"{signer.action}：", kit.cell),
            FingerprintBox(kit.fonts) if signer.fingerprint else "",
        ])
        heights.append(signer.height)
    out: list[Flowable] = [Spacer(1, 10)]
    if rows:
        table = Table(rows, colWidths=[caption_width, TEXT_W * (0.82 - CAPTION_SHARE), TEXT_W * 0.18],
                      rowHeights=heights,
                      splitByRow=1, splitInRow=0, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (1, -1), "BOTTOM"),
            ("VALIGN", (2, 0), (2, -1), "MIDDLE"),
            ("ALIGN", (2, 0), (2, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (1, -1), 3),
            ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
            ("FONTNAME", (0, 0), (-1, -1), kit.fonts.body),
        ]))
        out += [table, Spacer(1, 18)]
    if seal and committee:
        out.append(kit.p(f"{committee}（{seal_word}）", kit.right))
    out.append(kit.p(cn_date(when), kit.right))
    return out


# ---------------------------------------------------------------- building the PDF

@dataclass(frozen=True)
class Meta:
    title: str
    author: str
    subject: str
    when: date
    fingerprint: str  # stable text identifying the input: the PDF's /ID derives from it


def _fixed_timestamp(when: date) -> TimeStamp:
    stamp = TimeStamp(invariant=1)
    stamp.t = calendar.timegm((when.year, when.month, when.day, 0, 0, 0))
    stamp.lt = (when.year, when.month, when.day, 0, 0, 0, 0, 1, 0)
    stamp.YMDhms = (when.year, when.month, when.day, 0, 0, 0)
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


NUMBERED = "numbered"
PLAIN = "plain"  # pages without a number (the case file's cover, contents and back cover)


class _PagedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Keeps every page until ``save`` so page numbers can say how many pages there are."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._td_pages: list[dict[str, Any]] = []
        self._td_footer = footer

    def showPage(self) -> None:
        self._td_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for index, state in enumerate(self._td_pages):
            self.__dict__.update(state)
            self._td_footer(self, index)
            Canvas.showPage(self)
        Canvas.save(self)


class _DocTemplate(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type hints
    """Numbered and plain page templates, paper-material gaps in the numbering, and a hook
    telling which page number a marker landed on."""

    def __init__(self, buffer: BytesIO, meta: Meta, fonts: FontSet,
                 on_marker: Callable[[str, int], None] | None) -> None:
        self.meta = meta
        self.fonts = fonts
        self.on_marker = on_marker
        self.labels: list[int | None] = []  # per physical page: its number, None when not numbered
        self.next_number = 1
        self.pending_gap = 0  # pages of paper materials filed before the next numbered page

        def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
            kwargs["invariant"] = 1
            canvas = _PagedCanvas(*args, footer=self._footer, **kwargs)
            pdf = canvas._doc
            pdf._timeStamp = _fixed_timestamp(meta.when)
            digest = hashlib.md5(meta.fingerprint.encode("utf-8"), usedforsecurity=False).digest()
            ids = PDFText(digest, enc="raw").format(DummyDoc())
            pdf._ID = b"\n[" + ids + ids + b"]\n"
            canvas.setCreator(CREATOR)
            return canvas

        self._canvasmaker = canvasmaker
        super().__init__(
            buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=meta.title, author=meta.author,
            subject=meta.subject, creator=CREATOR, producer=CREATOR, invariant=1, pageCompression=1,
            lang="zh-CN", initialFontName=fonts.body, initialFontSize=BODY_SIZE,
        )

        def frame() -> Frame:
            return Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")

        self.addPageTemplates([
            PageTemplate(NUMBERED, frames=[frame()], onPage=self._numbered_page),
            PageTemplate(PLAIN, frames=[frame()], onPage=self._plain_page),
        ])

    def _numbered_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self.next_number += self.pending_gap
        self.pending_gap = 0
        self.labels.append(self.next_number)
        self.next_number += 1

    def _plain_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self.labels.append(None)

    @property
    def total(self) -> int:
        return self.next_number - 1 + self.pending_gap

    def _footer(self, canvas: Canvas, index: int) -> None:
        number = self.labels[index] if index < len(self.labels) else None
        if number is None:
            return
        text = page_label(number, self.total)
        width = sum(pdfmetrics.stringWidth(t, f, PAGE_NUMBER_SIZE) for f, t in self.fonts.segments(text))
        y = MARGIN_BOTTOM - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE * 0.8
        # odd pages at the right, even pages at the left, one character in from the type area
        x = PAGE_W - MARGIN_RIGHT - PAGE_NUMBER_SIZE - width if number % 2 else MARGIN_LEFT + PAGE_NUMBER_SIZE
        canvas.saveState()
        draw_centred(canvas, self.fonts, text, x + width / 2, y, PAGE_NUMBER_SIZE)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        gap = getattr(flowable, "td_gap", 0)
        marker = getattr(flowable, "td_marker", None)
        if marker is not None and self.on_marker is not None:
            if gap:
                self.on_marker(marker, self.next_number + self.pending_gap)
            else:
                label = self.labels[-1] if self.labels else None
                self.on_marker(marker, label if label is not None else 0)
        self.pending_gap += gap


class Marker(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Zero-size flowable that reports the page number it lands on (the case file's contents).

    With ``gap`` it stands for that many pages of paper filed before the next numbered page; it
    reports the first of them."""

    def __init__(self, key: str, gap: int = 0) -> None:
        super().__init__()
        self.td_marker = key
        self.td_gap = gap
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def numbered_pages(on: bool) -> Flowable:
    """Put before a page break: the pages after it are numbered (or not)."""
    return NextPageTemplate(NUMBERED if on else PLAIN)


def build_counted(story: list[Flowable], meta: Meta, fonts: FontSet,
                  on_marker: Callable[[str, int], None] | None = None,
                  first_page: str = NUMBERED) -> tuple[bytes, int, int]:
    """The PDF, its number of physical pages and the last page number (with paper pages)."""
    buffer = BytesIO()
    doc = _DocTemplate(buffer, meta, fonts, on_marker)
    if first_page != NUMBERED:
        doc.pageTemplates.sort(key=lambda t: t.id != first_page)
    doc.build(story, canvasmaker=doc._canvasmaker)
    return buffer.getvalue(), len(doc.labels), doc.total


def build_pdf(story: list[Flowable], meta: Meta, fonts: FontSet,
              on_marker: Callable[[str, int], None] | None = None, first_page: str = NUMBERED) -> bytes:
    return build_counted(story, meta, fonts, on_marker, first_page)[0]
