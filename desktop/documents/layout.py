"""Shared page layout of the mediation documents: A4, official-document margins and type, page numbers.

Margins follow GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm); titles are 22 pt
(二号) bold Song, body 14 pt (四号), tables 12 pt (小四); page numbers "— N —" sit centred
below the type area. Every piece of text goes through ``FontSet.markup`` so characters the
body face lacks fall back to another face instead of printing a box.
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
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
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

CREATOR = "township-desk"


def cn_date(d: date | datetime | None) -> str:
    """2026年11月30日; a blank to fill by hand when unknown."""
    if d is None:
        return "　　　　年　　月　　日"
    return f"{d.year}年{d.month}月{d.day}日"


def cn_datetime(d: datetime) -> str:
    return f"{cn_date(d)}{d.hour}时{d.minute:02d}分"


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


@dataclass
class Kit:
    """Fonts and paragraph styles for one render."""

    fonts: FontSet
    body: ParagraphStyle
    indented: ParagraphStyle
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
        cell = ParagraphStyle(
            "td-cell", parent=base, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.5, alignment=TA_LEFT,
        )
        return cls(
            fonts=fonts,
            body=base,
            indented=ParagraphStyle("td-indented", parent=base, firstLineIndent=2 * BODY_SIZE),
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
        return self.p(f"{label}：{value}", self.right)

    def table(
        self,
        rows: list[list[Any]],
        col_widths: Sequence[float],
        header_rows: int = 0,
        spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    ) -> Table:
        """A ruled form table whose rows split across pages; header rows repeat on each page."""
        data = [
            [_cell(self, c) if isinstance(c, str) else c for c in row]
            for row in rows
        ]
        table = Table(
            data, colWidths=list(col_widths), repeatRows=header_rows,
            splitByRow=1, splitInRow=1, hAlign="CENTER",
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


class Title(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A centred title in the Song face, bold by stroking the outlines (no bold Song is shipped).

    Fake bold: text render mode 2 (fill then stroke) with a stroke of 3 % of the size, the usual
    way to embolden a single-weight CJK face; text stays extractable. With a heavy title face
    (方正小标宋) it is drawn filled only. Long titles wrap by character.
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
        self.lines = []
        line: list[tuple[str, str]] = []
        for ch in self.text:
            candidate = [*line, *self.fonts.segments(ch, self.fonts.title)]
            if line and self._width(candidate) > avail_width:
                self.lines.append(line)
                line = self.fonts.segments(ch, self.fonts.title)
            else:
                line = candidate
        if line:
            self.lines.append(line)
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


def party_block(kit: Kit, party: PartyInfo, with_id: bool = True) -> list[Flowable]:
    """The three lines of DOMAIN.md's party block; organizations print name and representative."""
    gap = ("　　", False)
    lines: list[Flowable] = []
    if party.is_organization:
        lines.append(kit.rich([(f"{party.role}：", False), ("名称 ", False), (party.name, True)]))
        lines.append(kit.rich([
            ("法定代表人（负责人）：", False), (party.representative or "　　　　", True), gap,
            ("职务：", False), (party.representative_title or "　　　　", True),
        ]))
        lines.append(kit.rich([("联系方式：", False), (party.phone or "　　　　　　", True)]))
        lines.append(kit.rich([("单位地址：", False), (party.address or "　　　　　　　　", True)]))
    else:
        lines.append(kit.rich([
            (f"{party.role}：", False), ("姓名 ", False), (party.name, True), gap,
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


def with_signatures(story: list[Flowable], signatures: list[Flowable]) -> list[Flowable]:
    """Append the signature block kept on one page with the story's last paragraph or table (use
    ``form_parts`` so that table is one row), so no page carries signatures without text above them."""
    if not story or not isinstance(story[-1], (Paragraph, Table)):
        return [*story, *signatures]
    return [*story[:-1], KeepTogether([story[-1], *signatures])]


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


def form(kit: Kit, rows: Sequence[tuple[str, str]], label_width: float = 34 * mm) -> Table:
    """A two-column ruled form: label | value; long values split across pages."""
    data: list[list[Any]] = [[kit.label_cell(label), _multiline(kit, value)] for label, value in rows]
    return kit.table(data, [label_width, TEXT_W - label_width])


def form_parts(kit: Kit, rows: Sequence[tuple[str, str]], label_width: float = 34 * mm) -> list[Flowable]:
    """``form`` as two tables, the last row alone, so ``with_signatures`` can keep that row on
    the signature page: signatures never stand on a page of their own."""
    if len(rows) < 2:
        return [form(kit, rows, label_width)]
    return [form(kit, rows[:-1], label_width), form(kit, rows[-1:], label_width)]


def _multiline(kit: Kit, value: str) -> Any:
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if len(lines) <= 1:
        return kit.p(lines[0] if lines else "", kit.cell)
    return [kit.p(line, kit.cell) for line in lines]


def checkbox_line(options: Sequence[str], chosen: str) -> str:
    """Options of a closed list with the chosen one ticked: ■当事人申请　□人民调解委员会主动调解."""
    return "　".join(("■" if option == chosen else "□") + option for option in options)


MEDIATOR_SIGNS = ("人民调解员（签名）", "记录人（签名）")


def signature_block(
    kit: Kit,
    parties: Sequence[PartyInfo],
    committee: str,
    when: date | None,
    *,
    party_caption: str = "（签名盖章或按指印）",
    officials: Sequence[str] = MEDIATOR_SIGNS,
    seal: bool = True,
    seal_word: str = "印",
) -> list[Flowable]:
    """Signature lines: one per party (an organization signs through its representative and
    adds its seal), then the officials (mediator, recorder…), the seal place and the date."""
    labels: list[str] = []
    for party in parties:
        if party.is_organization:
            labels += [f"{party.role}（盖章）", "法定代表人（负责人）（签名）"]
        else:
            labels.append(f"{party.role}{party_caption}")
    labels += list(officials)
    rows: list[list[Any]] = [[kit.p(f"{label}：", kit.body), ""] for label in labels]
    closing: list[Flowable] = [Spacer(1, 12)]
    if rows:
        # Signing space: a ruled line to the right of each label, tall enough for a signature.
        table = Table(rows, colWidths=[TEXT_W * 0.56, TEXT_W * 0.36], rowHeights=[BODY_SIZE * 2.6] * len(rows),
                      splitByRow=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
            ("FONTNAME", (0, 0), (-1, -1), kit.fonts.body),
        ]))
        closing += [table, Spacer(1, 24)]
    if seal and committee:
        closing.append(kit.p(f"{committee}（{seal_word}）", kit.right))
    closing.append(kit.p(cn_date(when), kit.right))
    return closing


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


class _DocTemplate(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type hints
    """Page template with the page number, and a hook telling which page a marker landed on."""

    def __init__(self, buffer: BytesIO, meta: Meta, fonts: FontSet,
                 on_marker: Callable[[str, int], None] | None) -> None:
        self.meta = meta
        self.fonts = fonts
        self.on_marker = on_marker

        def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
            kwargs["invariant"] = 1
            canvas = Canvas(*args, **kwargs)
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
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate("page", frames=[frame], onPage=self._page_number)])

    def _page_number(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        draw_centred(canvas, self.fonts, f"— {doc.page} —", PAGE_W / 2, MARGIN_BOTTOM - 14 * mm,
                     PAGE_NUMBER_SIZE)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        marker = getattr(flowable, "td_marker", None)
        if marker is not None and self.on_marker is not None:
            self.on_marker(marker, self.page)


class Marker(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Zero-size flowable that reports the page it lands on (for the case file's contents list)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.td_marker = key
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def build_pdf(story: list[Flowable], meta: Meta, fonts: FontSet,
              on_marker: Callable[[str, int], None] | None = None) -> bytes:
    buffer = BytesIO()
    doc = _DocTemplate(buffer, meta, fonts, on_marker)
    doc.build(story, canvasmaker=doc._canvasmaker)
    return buffer.getvalue()
