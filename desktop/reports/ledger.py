"""Import of Excel ledgers (台账): column mappings per layout, row validation, one-transaction import.

Every valid row is registered through `register_case_in` (so it gets a case number, its history and
an outbox entry like any other case). A fingerprint per ledger row (table `ledger_imports`) makes
re-importing the same ledger, or a later version of it with more rows, add only the new rows.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from desktop.db.services.cases import TransitionRequest, apply_transition, register_case_in
from desktop.db.types import to_db_ts, utcnow
from desktop.db.uow import Actor, Context
from desktop.domain.accounts import Permission
from desktop.domain.enums import Channel, PartyRole
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop.domain.forms import CaseForm, PartyForm

# Fields a ledger column can map to, with the label the mapping dialog shows.
FIELDS: dict[str, str] = {
    "ignore": "（不导入）",
    "registered_at": "登记日期",
    "party_name": "当事人",
    "id_number": "身份证号",
    "phone": "联系电话",
    "respondent": "对方当事人",
    "village": "村（社区）",
    "category": "纠纷类型",
    "channel": "来源",
    "summary": "简要情况",
    "demands": "诉求",
    "result": "办理结果",
}
REQUIRED = ("registered_at", "party_name", "category", "summary")

DEFAULT_COLUMNS: dict[str, str] = {
    "序号": "ignore",
    "登记日期": "registered_at",
    "当事人": "party_name",
    "身份证号": "id_number",
    "联系电话": "phone",
    "村（社区）": "village",
    "纠纷类型": "category",
    "来源": "channel",
    "简要情况": "summary",
    "诉求": "demands",
    "办理结果": "result",
}
CHANNEL_WORDS: tuple[tuple[str, Channel], ...] = (
    ("网上预约", Channel.ONLINE), ("预约", Channel.ONLINE), ("网上", Channel.ONLINE),
    ("网格", Channel.GRID), ("交办", Channel.ASSIGNED), ("上级", Channel.ASSIGNED),
    ("来电", Channel.PHONE), ("电话", Channel.PHONE), ("热线", Channel.PHONE),
    ("来信", Channel.LETTER), ("信件", Channel.LETTER),
    ("来访", Channel.WALK_IN), ("走访", Channel.WALK_IN), ("到访", Channel.WALK_IN), ("窗口", Channel.WALK_IN),
)
OPEN_RESULTS = {"", "正在办理", "办理中", "未办结", "待办", "在办", "调解中"}
EXPUNGE_EVERY = 100
IMPORT_CHUNK = 1000  # rows per transaction: bounds how long other writers wait
_NAME_SPLIT = re.compile(r"[、，,；;/]+")
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def normalize_header(h: Any) -> str:
    """Headers compare without spaces and with parentheses of either width."""
    s = str(h or "").strip().replace(" ", "").replace("\u3000", "").replace("\n", "")
    return s.replace("(", "（").replace(")", "）")


@dataclass
class LedgerMapping:
    """How one ledger layout's columns map to case fields (kept as JSON in the data folder)."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)  # normalised header -> field
    header_row: int = 1
    sheet: str = ""  # empty: the first sheet

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LedgerMapping:
        cols = {normalize_header(k): str(v) for k, v in dict(data.get("columns") or {}).items()}
        unknown = sorted({v for v in cols.values() if v not in FIELDS})
        if unknown:
            raise DomainError(f"列对应方案中有未知字段：{'、'.join(unknown)}")
        return cls(str(data.get("name") or ""), cols, int(data.get("header_row") or 1), str(data.get("sheet") or ""))

    def check(self) -> None:
        mapped = set(self.columns.values())
        missing = [FIELDS[f] for f in REQUIRED if f not in mapped]
        if missing:
            raise DomainError(f"列对应方案“{self.name}”缺少必需的字段：{'、'.join(missing)}")
        dup = sorted({f for f in mapped if f != "ignore" and list(self.columns.values()).count(f) > 1})
        if dup:
            raise DomainError(f"同一字段对应了多列：{'、'.join(FIELDS[f] for f in dup)}")


def default_mapping() -> LedgerMapping:
    return LedgerMapping("default", {normalize_header(k): v for k, v in DEFAULT_COLUMNS.items()})


class MappingStore:
    """Saved mappings: <data>/ledger_mappings/NAME.json; "default" exists even when not saved."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "ledger_mappings"

    def _path(self, name: str) -> Path:
        if not re.fullmatch(r"[\w\-\u4e00-\u9fff]{1,40}", name):
            raise DomainError("方案名称只能包含汉字、字母、数字、下划线或短横线（最多40字）")
        return self.folder / f"{name}.json"

    def names(self) -> list[str]:
        saved = sorted(p.stem for p in self.folder.glob("*.json")) if self.folder.exists() else []
        return ["default", *[n for n in saved if n != "default"]]

    def load(self, name: str) -> LedgerMapping:
        path = self._path(name)
        if not path.exists():
            if name == "default":
                return default_mapping()
            raise DomainError(f"找不到列对应方案“{name}”")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise DomainError(f"列对应方案“{name}”无法读取：{e}") from e
        mapping = LedgerMapping.from_dict(data)
        mapping.name = name
        return mapping

    def save(self, mapping: LedgerMapping) -> Path:
        mapping.check()
        path = self._path(mapping.name)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(mapping.to_json(), encoding="utf-8")
        tmp.replace(path)
        return path


def guess_mapping(name: str, headers: list[str]) -> LedgerMapping:
    """A first proposal for a new layout: known headers and near matches, the rest ignored."""
    cols: dict[str, str] = {}
    by_label = {normalize_header(v): k for k, v in FIELDS.items() if k != "ignore"}
    known = {normalize_header(k): v for k, v in DEFAULT_COLUMNS.items()}
    synonyms = {"姓名": "party_name", "申请人": "party_name", "当事人姓名": "party_name", "身份证号码": "id_number",
                "电话": "phone", "手机": "phone", "手机号": "phone", "村社区": "village", "村（居）": "village",
                "所在村": "village", "类别": "category", "纠纷类别": "category", "诉求类型": "category",
                "渠道": "channel", "来源渠道": "channel", "受理日期": "registered_at", "日期": "registered_at",
                "时间": "registered_at", "事由": "summary", "主要内容": "summary", "基本情况": "summary",
                "诉求事项": "demands", "结果": "result", "处理结果": "result", "被申请人": "respondent"}
    used: set[str] = set()
    for h in headers:
        key = normalize_header(h)
        if not key:
            continue
        f = known.get(key) or by_label.get(key) or synonyms.get(key) or "ignore"
        if f != "ignore" and f in used:
            f = "ignore"
        used.add(f)
        cols[key] = f
    return LedgerMapping(name, cols)


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as Excel shows it
    column: str  # the ledger's column header ("" when the row as a whole is wrong)
    message: str


@dataclass
class LedgerRow:
    row: int
    fingerprint: str
    form: CaseForm
    result: str


@dataclass
class LedgerReport:
    total: int = 0
    valid: list[LedgerRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    already_imported: list[int] = field(default_factory=list)
    duplicates_in_file: list[int] = field(default_factory=list)
    imported: int = 0
    dry_run: bool = False

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "valid": len(self.valid),
            "imported": self.imported,
            "rejected": len(self.rejected_rows),
            "already_imported": self.already_imported,
            "duplicates_in_file": self.duplicates_in_file,
            "errors": [asdict(e) for e in self.errors],
            "dry_run": self.dry_run,
        }


def read_headers(path: Path, header_row: int = 1, sheet: str = "") -> list[str]:
    """The header row of a ledger (for building a mapping)."""
    for i, values in enumerate(_rows(path, sheet, header_row)):
        if i == 0:
            return [str(v).strip() if v is not None else "" for v in values]
    return []


def _rows(path: Path, sheet: str, first_row: int) -> Iterator[tuple[Any, ...]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as e:
        raise DomainError(f"无法读取台账文件（需为 .xlsx 格式）：{e}") from e
    try:
        if sheet:
            if sheet not in wb.sheetnames:
                raise DomainError(f"台账中没有名为“{sheet}”的工作表")
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        yield from ws.iter_rows(min_row=first_row, values_only=True)
    finally:
        wb.close()


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # IDs and phones typed as numbers
    return str(v).strip()


def parse_date(v: Any, today: date) -> datetime:
    """A ledger date (Excel date, or text like 2026-10-05, 2026/10/5, 2026年10月5日) at local 00:00."""
    if isinstance(v, datetime):
        d = v.date()
        t = v.time()
    elif isinstance(v, date):
        d, t = v, time()
    else:
        m = _DATE_RE.match(_cell_text(v))
        if not m:
            raise ValidationError(f"日期格式无法识别：“{_cell_text(v)[:20]}”（应如 2026-10-05）", "registered_at")
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ValidationError(f"日期不存在：“{_cell_text(v)[:20]}”", "registered_at") from None
        t = time()
    if d > today:
        raise ValidationError("登记日期不能晚于今天", "registered_at")
    if d.year < 2000:
        raise ValidationError("登记日期早于2000年，请核对", "registered_at")
    return datetime.combine(d, t).astimezone()


def parse_channel(v: str) -> Channel:
    if not v:
        return Channel.WALK_IN  # a ledger without a source column records window visits
    for member in Channel:
        if v in (member.value, member.label):
            return member
    for word, member in CHANNEL_WORDS:
        if word in v:
            return member
    raise ValidationError(f"来源“{v[:20]}”无法识别（应为来访、来电、来信、网上预约、网格员转来或上级交办）", "channel")


def parse_category(v: str, categories: list[str] | tuple[str, ...]) -> str:
    if v in categories:
        return v
    for suffix in ("纠纷", "类", "问题", "矛盾"):
        if v.endswith(suffix) and v[: -len(suffix)] in categories:
            return v[: -len(suffix)]
    if not v:
        raise ValidationError("请填写纠纷类型", "category")
    raise ValidationError(f"纠纷类型“{v[:20]}”不在类别表中", "category")


def fingerprint(values: dict[str, str]) -> str:
    """Identifies a ledger row by its content (not its position), so inserted rows do not shift it."""
    keys = ("registered_at", "party_name", "id_number", "phone", "category", "summary")
    raw = "\x1f".join(values.get(k, "") for k in keys)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


_FIELD_OF_FORM = {
    "summary": "summary", "demands": "demands", "category": "category", "channel": "channel",
    "registered_at": "registered_at", "parties": "party_name",
}


def _form_field(err_field: str | None) -> str:
    f = err_field or ""
    if f.startswith("parties[0]."):
        return {"name": "party_name", "id_number": "id_number", "phone": "phone", "sex": "id_number",
                "address": "party_name"}.get(f.split(".", 1)[1], "party_name")
    if f.startswith("parties["):
        return "respondent" if ".name" in f else "party_name"
    return _FIELD_OF_FORM.get(f, f)


def parse_ledger(path: Path, mapping: LedgerMapping, categories: list[str] | tuple[str, ...],
                 today: date | None = None) -> LedgerReport:
    """Read and validate every row; nothing is written."""
    mapping.check()
    today = today or date.today()
    report = LedgerReport()
    rows = _rows(path, mapping.sheet, mapping.header_row)
    header = next(rows, None)
    if header is None:
        raise DomainError("台账是空的：没有找到表头行")
    headers = [normalize_header(h) for h in header]
    col_of: dict[str, int] = {}
    header_of: dict[str, str] = {}
    for i, h in enumerate(headers):
        f = mapping.columns.get(h)
        if f and f != "ignore":
            col_of[f] = i
            header_of[f] = str(header[i]).strip()
    missing = [FIELDS[f] for f in REQUIRED if f not in col_of]
    if missing:
        raise DomainError(f"台账表头中找不到必需的列：{'、'.join(missing)}（请检查列对应方案“{mapping.name}”）")
    seen: dict[str, int] = {}
    for offset, values in enumerate(rows):
        row_no = mapping.header_row + 1 + offset
        cells = {f: values[i] if i < len(values) else None for f, i in col_of.items()}
        if all(_cell_text(v) == "" for v in cells.values()):
            continue
        report.total += 1
        errors: list[RowError] = []

        def err(f: str, message: str, _row: int = row_no, _errors: list[RowError] = errors) -> None:
            _errors.append(RowError(_row, header_of.get(f, FIELDS.get(f, f)), message))

        text_of = {f: _cell_text(v) for f, v in cells.items()}
        registered_at = channel = category = None
        try:
            registered_at = parse_date(cells.get("registered_at"), today)
        except ValidationError as e:
            err("registered_at", e.message)
        try:
            channel = parse_channel(text_of.get("channel", ""))
        except ValidationError as e:
            err("channel", e.message)
        try:
            category = parse_category(text_of.get("category", ""), categories)
        except ValidationError as e:
            err("category", e.message)
        names = [n for n in _NAME_SPLIT.split(text_of.get("party_name", "")) if n.strip()]
        if not names:
            err("party_name", "请填写当事人姓名")
        if len(text_of.get("village", "")) > 40:
            err("village", "村（社区）名称不能超过40字")
        parties = [PartyForm(name=n.strip(), id_number=text_of.get("id_number", "") if i == 0 else "",
                             phone=text_of.get("phone", "") if i == 0 else "") for i, n in enumerate(names)]
        parties += [PartyForm(name=n.strip(), role=PartyRole.RESPONDENT)
                    for n in _NAME_SPLIT.split(text_of.get("respondent", "")) if n.strip()]
        form = CaseForm(channel=channel or Channel.WALK_IN, category=category or "", summary=text_of.get("summary", ""),
                        parties=parties, demands=text_of.get("demands", ""), village=text_of.get("village", ""),
                        registered_at=registered_at)
        valid: CaseForm | None = None
        try:
            valid = form.validated(categories, today)
        except ValidationErrors as many:
            for problem in many.errors:
                if (problem.field == "category" and category is None) or (problem.field == "parties" and not names):
                    continue  # already reported in the ledger's own terms
                err(_form_field(problem.field), problem.message)
        result = text_of.get("result", "")
        if len(result) > 4000:
            err("result", "办理结果不能超过4000字")
        if errors:
            report.errors.extend(errors)
            continue
        assert valid is not None
        fp = fingerprint({**text_of, "registered_at": registered_at.isoformat() if registered_at else ""})
        if fp in seen:
            report.duplicates_in_file.append(row_no)
            continue
        seen[fp] = row_no
        report.valid.append(LedgerRow(row_no, fp, valid, "" if result in OPEN_RESULTS else result))
    return report


def import_ledger(ctx: Context, actor: Actor, path: Path, mapping: LedgerMapping, dry_run: bool = False,
                  today: date | None = None, progress: Callable[[int, int], None] | None = None) -> LedgerReport:
    """Validate the ledger, then register every valid row not imported before.

    Rows are written in transactions of IMPORT_CHUNK rows, each with its rows' fingerprints, so other
    writers (a sync, the GUI) wait for one chunk at most and an interrupted import, run again, continues
    where it stopped (rows already imported are recognised by their fingerprint).
    """
    from desktop.db.busy import announce

    actor.require(Permission.RECEIVE)
    report = parse_ledger(path, mapping, ctx.settings.categories, today)
    report.dry_run = dry_run
    with ctx.db.read() as s:
        known = _known_fingerprints(s, [r.fingerprint for r in report.valid])
    fresh = [r for r in report.valid if r.fingerprint not in known]
    report.already_imported = [r.row for r in report.valid if r.fingerprint in known]
    if dry_run or not fresh:
        return report
    ledger_name = path.name[:200]
    with announce(ctx.db.path, "导入台账"):
        for first in range(0, len(fresh), IMPORT_CHUNK):
            _import_chunk(ctx, actor, fresh, first, ledger_name, progress)
            report.imported = min(len(fresh), first + IMPORT_CHUNK)
    return report


def _import_chunk(ctx: Context, actor: Actor, fresh: list[LedgerRow], first: int, ledger_name: str,
                  progress: Callable[[int, int], None] | None) -> None:
    with ctx.unit(actor) as uow:
        session = uow.session
        if first == 0:
            _check_numbers(session, fresh)
        # The stats triggers fire per row anyway; autoflush off avoids the ORM re-flushing on each query.
        with session.no_autoflush:
            register_rows: list[dict[str, Any]] = []
            for i, row in enumerate(fresh[first:first + IMPORT_CHUNK], start=first):
                case = register_case_in(uow, ctx, row.form)
                if row.result:
                    apply_transition(uow, case, TransitionRequest("close_on_spot", result=row.result))
                register_rows.append({"fp": row.fingerprint, "case_id": case.id, "ledger": ledger_name,
                                      "row": row.row, "at": to_db_ts(utcnow())})
                if (i + 1) % EXPUNGE_EVERY == 0:
                    # Everything so far is flushed; a small identity map keeps each flush cheap.
                    session.flush()
                    session.expunge_all()
                if progress and (i + 1) % 500 == 0:
                    progress(i + 1, len(fresh))
        session.execute(
            text("INSERT INTO ledger_imports (fingerprint, case_id, ledger, row_number, imported_at) "
                 "VALUES (:fp, :case_id, :ledger, :row, :at)"),
            register_rows,
        )


def _check_numbers(session: Any, rows: list[LedgerRow]) -> None:
    """Refuse up front when this PC cannot number every row (leased blocks plus the offline fallback)."""
    from collections import Counter

    from desktop.db.models import NumberFallback
    from desktop.db.services.numbers import remaining
    from desktop.domain.numbering import FALLBACK_SPAN, Series

    need = Counter((r.form.registered_at or utcnow()).astimezone().year for r in rows)
    for year, n in sorted(need.items()):
        counter = session.get(NumberFallback, (Series.CASE.value, year))
        available = remaining(session, Series.CASE, year) + FALLBACK_SPAN - (counter.next_n if counter else 0)
        if n > available:
            raise DomainError(
                f"{year}年的案件编号不足：本次需要 {n} 个，本机现有 {available} 个。"
                "请先联网同步以领取编号段，再导入台账（也可分批导入）。"
            )


def _known_fingerprints(session: Any, fps: list[str]) -> set[str]:
    known: set[str] = set()
    for i in range(0, len(fps), 500):
        chunk = fps[i:i + 500]
        params = {f"f{j}": fp for j, fp in enumerate(chunk)}
        marks = ", ".join(f":f{j}" for j in range(len(chunk)))
        known |= set(session.scalars(
            text(f"SELECT fingerprint FROM ledger_imports WHERE fingerprint IN ({marks})"), params
        ))
    return known
