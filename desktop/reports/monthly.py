"""The monthly report as PDF (reportlab: tables, a trend chart, page numbers) and as Excel (openpyxl)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .tables import Cell, MonthlyReport, ReportTable, is_rate_row

Markup = Callable[[str], str]


def pdf_fonts() -> tuple[str, str, Markup]:
    """(body font, title font, markup for text with per-character fallback).

    Uses the documents area's font set when present; otherwise registers the shipped AR PL UMing CN
    (TrueType, embedded). Never the STSong-Light CID font, which is not embedded.
    """
    try:
        from desktop.documents.fonts import get_fonts
    except ImportError:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        name = "TD-Report"
        if name not in pdfmetrics.getRegisteredFontNames():
            path = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "uming.ttc"
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
        return name, name, lambda t: escape(t)
    fs = get_fonts()
    return fs.body, fs.title, fs.markup


def _fmt(table: ReportTable, row: list[Cell], i: int, v: Cell) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and (i in table.percent_cols or is_rate_row(table, row)):
        if table.headers[i] == "增减":
            return f"{v * 100:+.1f}个百分点"
        return f"{v:.1%}"
    if isinstance(v, int) and table.headers[i] == "增减":
        return f"{v:+d}"
    return str(v)


def write_pdf(report: MonthlyReport, out: Path) -> Path:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body, title_font, markup = pdf_fonts()
    title_style = ParagraphStyle("title", fontName=title_font, fontSize=18, leading=26, alignment=TA_CENTER)
    sub_style = ParagraphStyle("sub", fontName=body, fontSize=10.5, leading=16, alignment=TA_CENTER)
    h_style = ParagraphStyle("h", fontName=body, fontSize=13, leading=20, spaceBefore=8, spaceAfter=4)
    cell_style = ParagraphStyle("cell", fontName=body, fontSize=10, leading=13)
    head_style = ParagraphStyle("head", parent=cell_style, alignment=TA_CENTER)

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
        """Two-pass page numbers: "第 N 页 共 M 页" at the foot of every page."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont(body, 9)
                self.drawCentredString(A4[0] / 2, 12 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
                super().showPage()
            super().save()

    st = report.stats
    start, end = report.period.start, report.period.end
    story: list[Any] = [
        Paragraph(markup(report.title), title_style),
        Paragraph(escape(f"统计期间：{start.isoformat()} 至 {end.isoformat()}　　"
                         f"制表时间：{report.made_at.astimezone():%Y-%m-%d %H:%M}"), sub_style),
        Spacer(1, 4 * mm),
    ]
    usable = A4[0] - 36 * mm

    def table_flow(t: ReportTable) -> Any:
        data = [[Paragraph(escape(h), head_style) for h in t.headers]]
        for row in t.rows:
            data.append([Paragraph(markup(_fmt(t, row, i, v)), cell_style) for i, v in enumerate(row)])
        if not t.rows:
            data.append([Paragraph("（本期无数据）", cell_style)] + [""] * (len(t.headers) - 1))
        total_w = sum(t.widths) or len(t.headers)
        widths = [usable * w / total_w for w in (t.widths or [1] * len(t.headers))]
        tbl = Table(data, colWidths=widths, repeatRows=1)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.9, 0.95)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        if t.rows and t.rows[-1][0] == "合计":
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)))
        if not t.rows:
            style.append(("SPAN", (0, 1), (-1, 1)))
        tbl.setStyle(TableStyle(style))
        return tbl

    def chart(trend: list[tuple[str, int, int]]) -> Any:
        d = Drawing(usable, 82 * mm)
        bc = VerticalBarChart()
        bc.x, bc.y, bc.width, bc.height = 12 * mm, 14 * mm, usable - 20 * mm, 52 * mm
        bc.data = [[n for _s, n, _r in trend] or [0], [r for _s, _n, r in trend] or [0]]
        bc.categoryAxis.categoryNames = [s[-2:] if len(s) == 10 else s[-2:] + "月" for s, _n, _r in trend] or [""]
        bc.categoryAxis.labels.fontName = body
        bc.categoryAxis.labels.fontSize = 7
        bc.valueAxis.labels.fontName = body
        bc.valueAxis.valueMin = 0
        bc.bars[0].fillColor = colors.Color(0.25, 0.45, 0.75)
        bc.bars[1].fillColor = colors.Color(0.45, 0.7, 0.4)
        bc.groupSpacing = 2
        d.add(bc)
        legend = Legend()
        legend.fontName = body
        legend.x, legend.y = usable - 50 * mm, 78 * mm
        legend.columnMaximum = 1
        legend.deltax = 22 * mm
        legend.colorNamePairs = [(bc.bars[0].fillColor, "受理"), (bc.bars[1].fillColor, "办结")]
        d.add(legend)
        d.add(String(4 * mm, 72 * mm, "单位：件", fontName=body, fontSize=8))
        return d

    for t in report.tables:
        if t.sheet == "受理趋势":
            story.append(KeepTogether([Paragraph(escape(t.title), h_style), chart(report.trend)]))
            continue
        story.append(KeepTogether([Paragraph(escape(t.title), h_style), table_flow(t)]) if len(t.rows) < 25
                     else Paragraph(escape(t.title), h_style))
        if len(t.rows) >= 25:
            story.append(table_flow(t))
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(escape(f"说明：受理、办结按登记时间统计（截至制表时的办理状态）；超期、即将到期为制表时的在办件。"
                                  f"本期受理 {int(st.value('cases_accepted'))} 件。"), cell_style))
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                            bottomMargin=20 * mm, title=report.title, author=report.center, creator="township-desk")
    doc.build(story, canvasmaker=NumberedCanvas)
    return out


def write_xlsx(report: MonthlyReport, out: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    default = wb.active
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DCE3F0")
    for t in report.tables:
        ws = wb.create_sheet(t.sheet[:31])
        ws.append([report.title])
        ws["A1"].font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(t.headers))
        ws.append([f"统计期间：{report.period.start.isoformat()} 至 {report.period.end.isoformat()}　{t.title}"])
        ws.append(t.headers)
        for c in ws[3]:
            c.font = Font(bold=True)
            c.fill = head_fill
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            c.border = border
        for row in t.rows:
            ws.append(list(row))
            for i, c in enumerate(ws[ws.max_row]):
                c.border = border
                if isinstance(row[i], float) and (i in t.percent_cols or is_rate_row(t, row)):
                    c.number_format = "0.0%"
            if row and row[0] == "合计":
                for c in ws[ws.max_row]:
                    c.font = Font(bold=True)
        for i, w in enumerate(t.widths or [12] * len(t.headers), start=1):
            ws.column_dimensions[get_column_letter(i)].width = w * 1.6 + 2
        ws.freeze_panes = "A4"
        if t.sheet == "受理趋势" and t.rows:
            ch = BarChart()
            ch.title = "受理趋势"
            ch.y_axis.title = "件"
            data = Reference(ws, min_col=2, max_col=3, min_row=3, max_row=3 + len(t.rows))
            cats = Reference(ws, min_col=1, min_row=4, max_row=3 + len(t.rows))
            ch.add_data(data, titles_from_data=True)
            ch.set_categories(cats)
            ch.width, ch.height = 24, 10
            ws.add_chart(ch, "E4")
    if default is not None:
        wb.remove(default)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
