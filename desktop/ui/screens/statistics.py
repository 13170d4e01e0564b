"""统计: figures for any period (each opens its records), tables, charts, 分析研判, monthly report, ledger import."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.db import queries
from desktop.domain.enums import Role
from desktop.domain.errors import DomainError
from desktop.reports import analysis as analysis_mod
from desktop.reports import drill as drill_mod
from desktop.reports.figures import FIGURE_ORDER, BreakdownRow, Statistics, compute
from desktop.reports.ledger import FIELDS, LedgerMapping, LedgerReport, MappingStore, guess_mapping
from desktop.reports.periods import KINDS, Period

from ..appstate import AppState
from ..errors import show_error
from ..ops import Op

RELEVANT = {"case", "case_event", "reception", "county_item", "mediation", "agreement", "followup"}
PAGE = 200


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _model(headers: list[str], rows: list[list[str]]) -> QStandardItemModel:
    m = QStandardItemModel(len(rows), len(headers))
    m.setHorizontalHeaderLabels(headers)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QStandardItem(value)
            item.setEditable(False)
            if c > 0 and value.replace(".", "").replace("%", "").replace("-", "").replace("+", "").isdigit():
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            m.setItem(r, c, item)
    return m


def _table() -> QTableView:
    v = QTableView()
    v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    v.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    v.horizontalHeader().setStretchLastSection(True)
    v.verticalHeader().setVisible(False)
    return v


class FigureButton(QPushButton):
    """A large clickable number with its caption; clicking opens the records behind it."""

    def __init__(self, key: str, caption: str, unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.caption = caption
        self.unit = unit
        self.setMinimumSize(120, 72)  # five in a row fit beside the navigation at 1024 pixels
        self.setObjectName(f"figure_{key}")
        self.set_text("…")

    def set_text(self, value: str) -> None:
        number = f"{value} {self.unit}" if self.unit and value != "…" else value
        self.setText(f"{number}\n{self.caption}")
        self.setStyleSheet("QPushButton { font-size: 15pt; font-weight: bold; padding: 6px; }")


class DrillDialog(QDialog):
    """The records behind one figure; double-click opens a case."""

    def __init__(self, state: AppState, title: str, drill: drill_mod.Drill, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.drill = drill
        self.setWindowTitle(title)
        self.resize(980, 560)
        self.case_ids: list[str | None] = []
        self._after: Any = None
        self._offset = 0
        self._filter: queries.CaseFilter | None = None
        lay = QVBoxLayout(self)
        self.summary = QLabel(self.tr("正在读取…"))
        lay.addWidget(self.summary)
        self.view = _table()
        self.model = QStandardItemModel(0, 0, self)
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(self._open)
        lay.addWidget(self.view)
        row = QHBoxLayout()
        self.more = QPushButton(self.tr("加载更多"))
        self.more.clicked.connect(self._load)
        row.addWidget(self.more)
        row.addStretch(1)
        self.unmasked = QCheckBox(self.tr("导出完整身份证号和电话"))
        is_admin = state.actor is not None and state.actor.role is Role.ADMIN
        self.unmasked.setVisible(is_admin)
        self.export_btn = QPushButton(self.tr("导出清单…"))
        self.export_btn.setVisible(drill.kind == "cases")
        self.export_btn.clicked.connect(self._export)
        row.addWidget(self.unmasked)
        row.addWidget(self.export_btn)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        lay.addLayout(row)
        self._load()

    def _load(self) -> None:
        self.more.setEnabled(False)
        d, after, offset = self.drill, self._after, self._offset

        def work() -> tuple[list[str], list[list[str]], list[str | None], Any, int]:
            with self.state.db.read() as s:
                if d.kind == "cases":
                    if self._filter is None:
                        self._filter = drill_mod.case_filter(s, d)
                    rows, nxt = queries.list_cases(s, self._filter, after=after, limit=PAGE)
                    total = queries.count_cases(s, self._filter) if after is None else -1
                    headers = [self.tr("案件编号"), self.tr("登记时间"), self.tr("类别"), self.tr("状态"),
                               self.tr("村（社区）"), self.tr("当事人"), self.tr("身份证号"), self.tr("承办")]
                    data = [[r.number, r.registered_at.astimezone().strftime("%Y-%m-%d %H:%M"), r.category,
                             _status(r.status), r.village, r.party_names, r.masked_id, r.assignee] for r in rows]
                    return headers, data, [r.id for r in rows], nxt, total
                page = drill_mod.list_records(s, d, offset, PAGE)
                total = drill_mod.count(s, d) if offset == 0 else -1
                more = offset + PAGE if len(page.rows) == PAGE else None
                return list(page.headers), [list(r) for r in page.rows], page.case_ids, more, total

        Op(self, work).on_success(self._loaded).run()

    def _loaded(self, result: tuple[list[str], list[list[str]], list[str | None], Any, int]) -> None:
        headers, rows, ids, nxt, total = result
        if self.model.columnCount() == 0:
            self.model.setHorizontalHeaderLabels(headers)
        for row in rows:
            items = [QStandardItem(v) for v in row]
            for it in items:
                it.setEditable(False)
            self.model.appendRow(items)
        self.case_ids.extend(ids)
        if total >= 0:
            self.total = total
            self.summary.setText(self.tr("共 %n 条记录（双击打开案件）", "", total))
        if self.drill.kind == "cases":
            self._after = nxt
        else:
            self._offset = nxt or 0
        self.more.setEnabled(nxt is not None)

    def _open(self, index: Any) -> None:
        case_id = self.case_ids[index.row()] if 0 <= index.row() < len(self.case_ids) else None
        opener = getattr(self.state, "open_case", None)
        if case_id and opener is not None:
            opener(case_id)

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出清单"), "案件清单.xlsx",
                                              self.tr("Excel 文件 (*.xlsx);;CSV 文件 (*.csv)"))
        if not path:
            return
        self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        from desktop.reports.exports import export_cases

        unmasked = self.unmasked.isVisible() and self.unmasked.isChecked()
        d = self.drill

        def work() -> int:
            with self.state.db.read() as s:
                return export_cases(s, self._filter or drill_mod.case_filter(s, d), path, unmasked=unmasked)

        Op(self, work).on_success(lambda n: self.summary.setText(self.tr("已导出 %n 条到 ", "", n) + str(path))).run()


def _status(value: str) -> str:
    from desktop.domain.enums import CaseStatus
    from desktop.reports.labels import label

    return label(CaseStatus, value)


class LedgerDialog(QDialog):
    """导入台账: choose a file, map its columns (saved per layout), check every row, import the valid ones."""

    imported = Signal(int)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.store = MappingStore(state.paths.data_dir)
        self.path: Path | None = None
        self.headers: list[str] = []
        self.report: LedgerReport | None = None
        self.setWindowTitle(self.tr("导入台账"))
        self.resize(900, 640)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.file_label = QLabel(self.tr("尚未选择文件"))
        pick = QPushButton(self.tr("选择台账文件…"))
        pick.clicked.connect(self._pick)
        top.addWidget(pick)
        top.addWidget(self.file_label, 1)
        lay.addLayout(top)
        mrow = QHBoxLayout()
        mrow.addWidget(QLabel(self.tr("列对应方案：")))
        self.mapping_combo = QComboBox()
        self.mapping_combo.addItems(self.store.names())
        self.mapping_combo.currentTextChanged.connect(self._apply_mapping)
        mrow.addWidget(self.mapping_combo)
        mrow.addWidget(QLabel(self.tr("另存为：")))
        self.mapping_name = QLineEdit()
        self.mapping_name.setPlaceholderText(self.tr("新方案名称"))
        mrow.addWidget(self.mapping_name)
        save = QPushButton(self.tr("保存方案"))
        save.clicked.connect(self._save_mapping)
        mrow.addWidget(save)
        lay.addLayout(mrow)
        self.columns = QGroupBox(self.tr("台账列 → 字段"))
        self.columns_layout = QGridLayout(self.columns)
        self.field_boxes: dict[str, QComboBox] = {}
        lay.addWidget(self.columns)
        actions = QHBoxLayout()
        self.check_btn = QPushButton(self.tr("检查"))
        self.check_btn.clicked.connect(lambda: self._run(dry_run=True))
        self.import_btn = QPushButton(self.tr("导入有效行"))
        self.import_btn.setEnabled(False)
        self.import_btn.clicked.connect(lambda: self._run(dry_run=False))
        actions.addWidget(self.check_btn)
        actions.addWidget(self.import_btn)
        actions.addStretch(1)
        lay.addLayout(actions)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        lay.addWidget(self.result_label)
        self.errors_view = _table()
        self.errors_model = QStandardItemModel(0, 3, self)
        self.errors_model.setHorizontalHeaderLabels([self.tr("行号"), self.tr("列"), self.tr("原因")])
        self.errors_view.setModel(self.errors_model)
        lay.addWidget(self.errors_view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择台账文件"), "", self.tr("Excel 文件 (*.xlsx)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        from desktop.reports.ledger import read_headers

        self.path = path
        self.file_label.setText(path.name)
        Op(self, lambda: read_headers(path)).on_success(self._headers_read).on_failure(self._failed).run()

    def _headers_read(self, headers: list[str]) -> None:
        self.headers = [h for h in headers if h]
        while self.columns_layout.count():
            item = self.columns_layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.field_boxes = {}
        for i, h in enumerate(self.headers):
            box = QComboBox()
            for key, text in FIELDS.items():
                box.addItem(text, key)
            self.columns_layout.addWidget(QLabel(h), i // 3, (i % 3) * 2)
            self.columns_layout.addWidget(box, i // 3, (i % 3) * 2 + 1)
            self.field_boxes[h] = box
        self._apply_mapping(self.mapping_combo.currentText())

    def _apply_mapping(self, name: str) -> None:
        if not self.field_boxes:
            return
        from desktop.reports.ledger import normalize_header

        try:
            mapping = self.store.load(name)
        except Exception:  # an unreadable saved mapping falls back to a guess
            mapping = guess_mapping(name, self.headers)
        guessed = guess_mapping(name, self.headers)
        for h, box in self.field_boxes.items():
            key = normalize_header(h)
            field = mapping.columns.get(key) or guessed.columns.get(key, "ignore")
            box.setCurrentIndex(max(0, box.findData(field)))
        self.import_btn.setEnabled(False)

    def current_mapping(self) -> LedgerMapping:
        from desktop.reports.ledger import normalize_header

        name = self.mapping_name.text().strip() or self.mapping_combo.currentText() or "default"
        return LedgerMapping(name, {normalize_header(h): str(b.currentData()) for h, b in self.field_boxes.items()})

    def _save_mapping(self) -> None:
        try:
            m = self.current_mapping()
            self.store.save(m)
        except DomainError as e:  # anything else is a bug: the excepthook logs it and shows the crash dialog
            self.result_label.setText(e.message)
            return
        if self.mapping_combo.findText(m.name) < 0:
            self.mapping_combo.addItem(m.name)
        self.mapping_combo.setCurrentText(m.name)
        self.result_label.setText(self.tr("已保存列对应方案“%1”").replace("%1", m.name))

    def _run(self, dry_run: bool) -> None:
        if self.path is None:
            self.result_label.setText(self.tr("请先选择台账文件"))
            return
        from desktop.reports.ledger import import_ledger

        actor = self.state.actor
        if actor is None:
            return
        path, mapping = self.path, self.current_mapping()
        self.check_btn.setEnabled(False)
        self.import_btn.setEnabled(False)
        op = Op(self, lambda: import_ledger(self.state.ctx, actor, path, mapping, dry_run=dry_run))
        op.on_success(self._done).on_failure(self._failed).run()

    def _done(self, report: LedgerReport) -> None:
        self.report = report
        self.check_btn.setEnabled(True)
        self.errors_model.removeRows(0, self.errors_model.rowCount())
        for e in report.errors:
            items = [QStandardItem(str(e.row)), QStandardItem(e.column), QStandardItem(e.message)]
            for it in items:
                it.setEditable(False)
            self.errors_model.appendRow(items)
        fresh = len(report.valid) - len(report.already_imported)
        if report.dry_run:
            self.result_label.setText(
                self.tr("共 %1 行：可导入 %2 行，有误 %3 行（见下表），此前已导入 %4 行，文件内重复 %5 行。")
                .replace("%1", str(report.total)).replace("%2", str(fresh))
                .replace("%3", str(len(report.rejected_rows))).replace("%4", str(len(report.already_imported)))
                .replace("%5", str(len(report.duplicates_in_file))))
            self.import_btn.setEnabled(fresh > 0)
        else:
            self.result_label.setText(self.tr("已导入 %1 行，已加入待同步队列；有误 %2 行未导入（见下表）。")
                                      .replace("%1", str(report.imported))
                                      .replace("%2", str(len(report.rejected_rows))))
            self.imported.emit(report.imported)  # the op runner published the cases the import committed

    def _failed(self, exc: BaseException) -> None:
        self.check_btn.setEnabled(True)
        if not isinstance(exc, DomainError):
            self.result_label.setText("")
            show_error(self, exc)  # a bug: logged, the standard error dialog (never the exception's text)
            return
        self.result_label.setText(exc.message)


class StatisticsScreen(QWidget):
    loaded = Signal()  # figures, tables and charts shown
    analysed = Signal()  # 分析研判 shown

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.stats: Statistics | None = None
        self.analysis: analysis_mod.Analysis | None = None
        self._stale = True
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.kind = QComboBox()
        kind_labels = {"day": self.tr("日"), "week": self.tr("周"), "month": self.tr("月"),
                       "quarter": self.tr("季度"), "year": self.tr("年"), "custom": self.tr("自定义")}
        for k in KINDS:
            self.kind.addItem(kind_labels[k], k)
        self.kind.setCurrentIndex(KINDS.index("month"))
        self.anchor = QDateEdit(_qdate(date.today()))
        self.anchor.setCalendarPopup(True)
        self.anchor.setDisplayFormat("yyyy-MM-dd")
        self.date_to = QDateEdit(_qdate(date.today()))
        self.date_to.setCalendarPopup(True)
        self.date_to.setDisplayFormat("yyyy-MM-dd")
        self.to_label = QLabel(self.tr("至"))
        prev_btn = QPushButton(self.tr("◀ 上一期"))
        next_btn = QPushButton(self.tr("下一期 ▶"))
        prev_btn.clicked.connect(lambda: self._step(-1))
        next_btn.clicked.connect(lambda: self._step(1))
        self.period_label = QLabel()
        for w in (QLabel(self.tr("期间：")), self.kind, self.anchor, self.to_label, self.date_to, prev_btn, next_btn,
                  self.period_label):
            bar.addWidget(w)
        bar.addStretch(1)
        self.pdf_btn = QPushButton(self.tr("导出月报 PDF"))
        self.xlsx_btn = QPushButton(self.tr("导出月报 Excel"))
        self.ledger_btn = QPushButton(self.tr("导入台账"))
        self.pdf_btn.clicked.connect(lambda: self._export_monthly("pdf"))
        self.xlsx_btn.clicked.connect(lambda: self._export_monthly("xlsx"))
        self.ledger_btn.clicked.connect(self.open_ledger_dialog)
        # The exports get their own row: period controls and three buttons in one row do not fit
        # beside the navigation at 1024 pixels.
        exports = QHBoxLayout()
        for w in (self.pdf_btn, self.xlsx_btn, self.ledger_btn):
            exports.addWidget(w)
        exports.addStretch(1)
        lay.addLayout(bar)
        lay.addLayout(exports)
        self.kind.currentIndexChanged.connect(self._period_changed)
        self.anchor.dateChanged.connect(self._period_changed)
        self.date_to.dateChanged.connect(self._period_changed)
        self.status = QLabel()
        lay.addWidget(self.status)

        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        overview = QWidget()
        ov = QVBoxLayout(overview)
        grid = QGridLayout()
        self.figures: dict[str, FigureButton] = {}
        labels = {
            "people_received": self.tr("接待群众"), "visits": self.tr("接待"), "consultations": self.tr("当场答复咨询"),
            "cases_accepted": self.tr("受理诉求（件）"), "cases_resolved": self.tr("已办结（件）"), "resolution_rate": self.tr("办结率"),
            "grid_events": self.tr("网格上报事件"), "grid_events_resolved": self.tr("网格事件已解决"), "appointments": self.tr("网上预约"),
            "assigned_items": self.tr("上级交办"), "overdue": self.tr("超期未办结"), "due_soon": self.tr("3日内到期"),
            "mediations": self.tr("人民调解（件）"), "mediations_concluded": self.tr("调解已结束"), "mediations_success": self.tr("调解成功"),
            "mediation_success_rate": self.tr("调解成功率"), "agreements_written": self.tr("书面协议"), "agreements_oral": self.tr("口头协议"),
            "judicial_confirmations": self.tr("申请司法确认"),
        }
        # People and visits read backwards unless explained: a group of five is 5 人 but 1 人次.
        tips = {
            "people_received": self.tr("接待群众 N 人：每次来访的人数相加（5人集体访计5人）"),
            "visits": self.tr("接待 M 人次：登记的接待次数（一次来访、来电或来信计1人次，无论几人同来）"),
        }
        units = {"people_received": self.tr("人"), "visits": self.tr("人次")}
        for i, key in enumerate(FIGURE_ORDER):
            b = FigureButton(key, labels[key], units.get(key, ""))
            b.setToolTip(tips.get(key, ""))
            b.clicked.connect(lambda _c=False, k=key: self.open_figure(k))
            grid.addWidget(b, i // 5, i % 5)
            self.figures[key] = b
        ov.addLayout(grid)
        self.breakdown_tabs = QTabWidget()
        self.breakdown_views: dict[str, QTableView] = {}
        self._breakdowns: dict[str, list[BreakdownRow]] = {}
        for key, title in (("by_category", self.tr("按纠纷类型")), ("by_channel", self.tr("按来源渠道")),
                           ("by_village", self.tr("按村（社区）")), ("by_first_responder", self.tr("按首问受理人")),
                           ("by_assignee", self.tr("按承办单位")), ("satisfaction", self.tr("满意度"))):
            v = _table()
            v.doubleClicked.connect(lambda idx, k=key: self._open_breakdown(k, idx.row(), idx.column()))
            self.breakdown_views[key] = v
            self.breakdown_tabs.addTab(v, title)
        ov.addWidget(self.breakdown_tabs, 1)
        self.tabs.addTab(overview, self.tr("概况"))

        charts = QWidget()
        cl = QGridLayout(charts)
        self.trend_view = QChartView()
        self.category_view = QChartView()
        self.channel_view = QChartView()
        for chart_view in (self.trend_view, self.category_view, self.channel_view):
            chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
            chart_view.setMinimumHeight(240)
        cl.addWidget(self.trend_view, 0, 0, 1, 2)
        cl.addWidget(self.category_view, 1, 0)
        cl.addWidget(self.channel_view, 1, 1)
        self.tabs.addTab(charts, self.tr("图表"))

        an = QWidget()
        al = QVBoxLayout(an)
        rrow = QHBoxLayout()
        rrow.addWidget(QLabel(self.tr("重复来访：")))
        self.repeat_days = QSpinBox()
        self.repeat_days.setRange(1, 365)
        self.repeat_days.setValue(getattr(state.settings, "repeat_visit_days", 30) or 30)
        self.repeat_days.setSuffix(self.tr(" 天内"))
        self.repeat_times = QSpinBox()
        self.repeat_times.setRange(2, 100)
        self.repeat_times.setValue(3)
        self.repeat_times.setSuffix(self.tr(" 次及以上"))
        rrow.addWidget(self.repeat_days)
        rrow.addWidget(self.repeat_times)
        apply_btn = QPushButton(self.tr("重新分析"))
        apply_btn.clicked.connect(self.refresh_analysis)
        rrow.addWidget(apply_btn)
        self.high_risk_btn = QPushButton(self.tr("高风险在办：…"))
        self.high_risk_btn.clicked.connect(self._open_high_risk)
        rrow.addWidget(self.high_risk_btn)
        rrow.addStretch(1)
        al.addLayout(rrow)
        agrid = QGridLayout()
        self.rising_view, self.hotspot_view, self.repeat_view, self.workload_view = _table(), _table(), _table(), _table()
        self.rising_view.doubleClicked.connect(lambda idx: self._open_analysis("rising", idx.row()))
        self.hotspot_view.doubleClicked.connect(lambda idx: self._open_analysis("hotspots", idx.row()))
        self.repeat_view.doubleClicked.connect(lambda idx: self._open_analysis("repeat", idx.row()))
        for i, (title, view) in enumerate(((self.tr("上升的纠纷类型（与上期比）"), self.rising_view),
                                           (self.tr("矛盾纠纷高发村（社区）"), self.hotspot_view),
                                           (self.tr("重复来访人员"), self.repeat_view),
                                           (self.tr("调解员工作量"), self.workload_view))):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(view)
            agrid.addWidget(box, i // 2, i % 2)
        al.addLayout(agrid, 1)
        self.tabs.addTab(an, self.tr("分析研判"))
        self._show_period()  # figures load on activate(), when the screen is first shown
        state.bus.changed.connect(self._on_changed)

    # --- period -----------------------------------------------------------------------------
    def period(self) -> Period:
        kind = str(self.kind.currentData())
        if kind == "custom":
            a, b = _pydate(self.anchor.date()), _pydate(self.date_to.date())
            return Period.custom(min(a, b), max(a, b))
        return Period.containing(kind, _pydate(self.anchor.date()))

    def set_period(self, period: Period) -> None:
        self.kind.blockSignals(True)
        self.anchor.blockSignals(True)
        self.date_to.blockSignals(True)
        self.kind.setCurrentIndex(KINDS.index(period.kind))
        self.anchor.setDate(_qdate(period.start))
        self.date_to.setDate(_qdate(period.end))
        self.kind.blockSignals(False)
        self.anchor.blockSignals(False)
        self.date_to.blockSignals(False)
        self._period_changed()

    def _step(self, direction: int) -> None:
        p = self.period()
        if direction < 0:
            self.set_period(p.previous())
        else:
            nxt = Period.containing(p.kind, p.end.fromordinal(p.end.toordinal() + 1)) if p.kind != "custom" else \
                Period.custom(p.end.fromordinal(p.end.toordinal() + 1), p.end.fromordinal(p.end.toordinal() + p.days))
            self.set_period(nxt)

    def _period_changed(self, *_args: Any) -> None:
        self._show_period()
        self.refresh()

    def _show_period(self) -> None:
        custom = self.kind.currentData() == "custom"
        self.to_label.setVisible(custom)
        self.date_to.setVisible(custom)
        p = self.period()
        self.period_label.setText(self.tr("%1（%2 至 %3）").replace("%1", p.label())
                                  .replace("%2", p.start.isoformat()).replace("%3", p.end.isoformat()))

    def activate(self) -> None:
        if self._stale:
            self.refresh()

    def _on_changed(self, entities: set[str], _ids: set[str]) -> None:
        if entities & RELEVANT:
            self._stale = True
            if self.isVisible():
                self.refresh()

    # --- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        self._stale = False
        period = self.period()
        categories = tuple(self.state.settings.categories)

        def figures() -> Statistics:
            with self.state.db.read() as s:
                return compute(s, period, categories=categories)

        self.status.setText(self.tr("正在统计…"))
        Op(self, figures).on_success(self._show).run()
        self.refresh_analysis()

    def refresh_analysis(self) -> None:
        """分析研判 runs as its own operation: the figures never wait for it."""
        period = self.period()
        days, times = self.repeat_days.value(), self.repeat_times.value()

        def work() -> analysis_mod.Analysis:
            with self.state.db.read() as s:
                return analysis_mod.analyse(s, period, days, times)

        Op(self, work).on_success(self._show_analysis).run()

    def _show(self, st: Statistics) -> None:
        if st.period != self.period():
            return  # an older request finished after the period changed
        self.stats = st
        self.status.setText(self.tr("统计截至 ") + st.as_of.astimezone().strftime("%Y-%m-%d %H:%M"))
        for key, b in self.figures.items():
            b.set_text(st.figures[key].text())
        heads = [self.tr("受理（件）"), self.tr("办结（件）"), self.tr("办结率")]
        for key, view in self.breakdown_views.items():
            rows: list[BreakdownRow] = getattr(st, key)
            self._breakdowns[key] = rows
            first = {"by_category": self.tr("纠纷类型"), "by_channel": self.tr("来源渠道"),
                     "by_village": self.tr("村（社区）"), "by_first_responder": self.tr("首问受理人"),
                     "by_assignee": self.tr("承办单位"), "satisfaction": self.tr("评价")}[key]
            view.setModel(_model([first, *heads],
                                 [[r.label, str(r.accepted), str(r.resolved), f"{r.rate:.1%}"] for r in rows]))
        self._charts(st)
        self.loaded.emit()

    def _show_analysis(self, an: analysis_mod.Analysis) -> None:
        if an.period != self.period():
            return
        self.analysis = an
        self.high_risk_btn.setText(self.tr("高风险在办：%1 件").replace("%1", str(an.high_risk_open)))
        self.rising_view.setModel(_model(
            [self.tr("纠纷类型"), self.tr("本期"), self.tr("上期"), self.tr("增加"), self.tr("增幅")],
            [[r.category, str(r.now), str(r.before), f"+{r.change}", f"{r.percent:+.0%}" if r.percent is not None
              else self.tr("新出现")] for r in an.rising]))
        self.hotspot_view.setModel(_model(
            [self.tr("村（社区）"), self.tr("受理"), self.tr("未办结"), self.tr("上期"), self.tr("占比")],
            [[h.village, str(h.accepted), str(h.unresolved), str(h.before), f"{h.share:.1%}"] for h in an.hotspots]))
        self.repeat_view.setModel(_model(
            [self.tr("证件/电话"), self.tr("次数"), self.tr("最近一次")],
            [[r.masked, str(r.times), r.last_at.astimezone().strftime("%Y-%m-%d")] for r in an.repeat_visitors]))
        self.workload_view.setModel(_model(
            [self.tr("调解员"), self.tr("在办"), self.tr("超期"), self.tr("本期受理"), self.tr("本期成功")],
            [[w.mediator, str(w.open), str(w.overdue), str(w.started), str(w.succeeded)] for w in an.workload]))
        self.analysed.emit()

    def _charts(self, st: Statistics) -> None:
        trend = QChart()
        trend.setTitle(self.tr("受理趋势"))
        accepted, resolved = QBarSet(self.tr("受理")), QBarSet(self.tr("办结"))
        for _step, n, r in st.trend:
            accepted.append(n)
            resolved.append(r)
        series = QBarSeries()
        series.append(accepted)
        series.append(resolved)
        trend.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([s[-5:] if len(s) == 10 else s for s, _n, _r in st.trend])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        axis_y.setMin(0)
        trend.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        trend.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        self.trend_view.setChart(trend)

        cats = QChart()
        cats.setTitle(self.tr("按纠纷类型"))
        cs = QBarSet(self.tr("受理"))
        shown = [r for r in st.by_category if r.accepted]
        for row in shown:
            cs.append(row.accepted)
        cseries = QBarSeries()
        cseries.append(cs)
        cats.addSeries(cseries)
        cx = QBarCategoryAxis()
        cx.append([row.label for row in shown])
        cy = QValueAxis()
        cy.setLabelFormat("%d")
        cy.setMin(0)
        cats.addAxis(cx, Qt.AlignmentFlag.AlignBottom)
        cats.addAxis(cy, Qt.AlignmentFlag.AlignLeft)
        cseries.attachAxis(cx)
        cseries.attachAxis(cy)
        cats.legend().setVisible(False)
        self.category_view.setChart(cats)

        ch = QChart()
        ch.setTitle(self.tr("按来源渠道"))
        pie = QPieSeries()
        for row in st.by_channel:
            if row.accepted:
                pie.append(f"{row.label} {row.accepted}", row.accepted)
        ch.addSeries(pie)
        self.channel_view.setChart(ch)

    # --- drill-down -------------------------------------------------------------------------
    def open_figure(self, key: str) -> DrillDialog | None:
        if self.stats is None:
            return None
        fig = self.stats.figures[key]
        if fig.drill is None:
            return None
        return self._drill(f"{fig.label}：{fig.text()}", fig.drill)

    def _open_breakdown(self, key: str, row: int, column: int) -> DrillDialog | None:
        rows = self._breakdowns.get(key, [])
        if not 0 <= row < len(rows):
            return None
        r = rows[row]
        resolved = column == 2
        return self._drill(f"{r.label}：{self.tr('办结') if resolved else self.tr('受理')}",
                           r.resolved_drill if resolved else r.drill)

    def _open_high_risk(self) -> None:
        if self.analysis is not None:
            self._drill(self.tr("高风险在办"), self.analysis.high_risk_drill)

    def _open_analysis(self, which: str, row: int) -> DrillDialog | None:
        an = self.analysis
        if an is None:
            return None
        if which == "rising" and 0 <= row < len(an.rising):
            return self._drill(an.rising[row].category, an.rising[row].drill)
        if which == "hotspots" and 0 <= row < len(an.hotspots):
            return self._drill(an.hotspots[row].village, an.hotspots[row].drill)
        if which == "repeat" and 0 <= row < len(an.repeat_visitors):
            ids = an.repeat_visitors[row].case_ids
            opener = getattr(self.state, "open_case_list", None)
            if opener is not None and ids:
                opener(queries.CaseFilter(ids=ids))
        return None

    def _drill(self, title: str, d: drill_mod.Drill) -> DrillDialog:
        dlg = DrillDialog(self.state, title, d, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        self.last_drill = dlg
        return dlg

    # --- exports and import -----------------------------------------------------------------
    def _export_monthly(self, fmt: str) -> None:
        p = self.period()
        month = p if p.kind == "month" else Period.month(p.start.year, p.start.month)
        default = f"{month.label()}工作统计报表.{fmt}"
        filt = self.tr("PDF 文件 (*.pdf)") if fmt == "pdf" else self.tr("Excel 文件 (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出月报"), default, filt)
        if path:
            self.export_monthly(Path(path), fmt, month)

    def export_monthly(self, path: Path, fmt: str, month: Period) -> Op[Path]:
        from desktop.reports.monthly import write_pdf, write_xlsx
        from desktop.reports.tables import build_monthly

        center = self.state.settings.center_name or "社会治理服务中心"
        categories = tuple(self.state.settings.categories)

        def work() -> Path:
            with self.state.db.read() as s:
                report = build_monthly(s, month, center, categories)
            return (write_pdf if fmt == "pdf" else write_xlsx)(report, path)

        def done(out: Path) -> None:
            self.status.setText(self.tr("已导出月报：") + str(out))
            self.state.bus.info(self.tr("已导出月报：") + str(out))

        return Op(self, work, busy_text=self.tr("正在生成月报…")).on_success(done).run()

    def open_ledger_dialog(self) -> LedgerDialog:
        dlg = LedgerDialog(self.state, self)
        dlg.imported.connect(lambda _n: self.refresh())
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        self.last_ledger = dlg
        return dlg


__all__ = ["DrillDialog", "LedgerDialog", "StatisticsScreen"]
