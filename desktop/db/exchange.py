"""The JSON exchange format (docs/data-format.md): export and validated import of cases and mediations."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, true
from sqlalchemy.orm import Session, selectinload

from desktop.domain.enums import CaseStatus, Channel, Complexity, PartyKind, PartyRole, RiskLevel, Sex
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop.domain.forms import AgreementForm, CaseForm, PartyForm
from desktop.domain.numbering import Series
from desktop.domain.privacy import mask_id_number, mask_name, mask_phone, scrub

from .models import (
    DEMO_DEVICE_ID,
    Agreement,
    Attachment,
    Base,
    Case,
    CaseEvent,
    CountyItem,
    Followup,
    Mediation,
    MediationRecord,
    Reception,
)
from .payloads import apply_payload, to_payload
from .services.cases import number_format, register_case_in
from .services.numbers import next_number
from .types import utcnow
from .uow import Actor, Context, UnitOfWork

FORMAT = "township-desk/cases"
VERSION = 2
READABLE_VERSIONS = (1, 2)
BATCH = 500  # cases per export query batch
IMPORT_CHUNK = 200  # cases per import transaction: bounds how long other writers wait

# A case's records in the file, each list a key of the case object (version 2).
_CASE_CHILDREN: dict[str, type[Base]] = {
    "events": CaseEvent, "followups": Followup, "receptions": Reception, "attachments": Attachment,
}


def _by(session: Session, model: Any, column: Any, keys: list[str], order: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for obj in session.scalars(select(model).where(column.in_(keys)).order_by(*order)):
        out.setdefault(getattr(obj, column.key), []).append(obj)
    return out


def export_cases(session: Session) -> Iterator[dict[str, Any]]:
    """Every case with everything that belongs to it (status, full history, parties, mediations with their
    records and agreements, follow-ups, receptions, attachments' metadata), in id order, batch by batch."""
    last = ""
    while True:
        cases = session.scalars(
            select(Case).where(Case.id > last).order_by(Case.id).limit(BATCH).options(selectinload(Case.parties))
        ).all()
        if not cases:
            return
        ids = [c.id for c in cases]
        children = {key: _by(session, model, model.case_id, ids, (model.id,))  # type: ignore[attr-defined]
                    for key, model in _CASE_CHILDREN.items()}
        meds = _by(session, Mediation, Mediation.case_id, ids, (Mediation.id,))
        med_ids = [m.id for ms in meds.values() for m in ms]
        records = _by(session, MediationRecord, MediationRecord.mediation_id, med_ids, (MediationRecord.id,))
        agreements = _by(session, Agreement, Agreement.mediation_id, med_ids, (Agreement.id,))
        for c in cases:
            record = to_payload(c)
            for key in _CASE_CHILDREN:
                record[key] = [to_payload(o) for o in children[key].get(c.id, [])]
            record["mediations"] = []
            for m in meds.get(c.id, []):
                entry = to_payload(m)
                entry["records"] = [to_payload(r) for r in records.get(m.id, [])]
                entry["agreements"] = [to_payload(a) for a in agreements.get(m.id, [])]
                record["mediations"].append(entry)
            yield record
        last = cases[-1].id


def export_loose(session: Session, model: Any, *where: Any) -> Iterator[dict[str, Any]]:
    """Records that belong to no case: receptions answered at the window, items the county sent down."""
    last = ""
    while True:
        rows = session.scalars(select(model).where(*where, model.id > last).order_by(model.id).limit(BATCH)).all()
        if not rows:
            return
        yield from (to_payload(r) for r in rows)
        last = rows[-1].id


# Top-level lists of records that belong to no case; county items are the county's and never queued.
_LOOSE: dict[str, tuple[type[Base], Any]] = {
    "receptions": (Reception, Reception.case_id.is_(None)),
    "county_items": (CountyItem, true()),
}


_TEXT_FIELDS = ("summary", "demands", "party_names", "terms", "text", "facts", "notes", "content", "result",
                "answer", "title", "feedback", "purpose")
_NAME_FIELDS = ("name", "visitor_name", "representative", "visited_person")


def _mask_value(key: str, value: Any) -> Any:
    if key.endswith("id_number"):
        return mask_id_number(value)
    if key.endswith("phone"):
        return mask_phone(value)
    if key in _NAME_FIELDS:
        return mask_name(value)
    if key.endswith("address"):
        return ""
    if key == "birth_date":
        return None
    return value


def _names(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        found = [str(v) for k, v in obj.items() if k in _NAME_FIELDS and v]
        return found + [n for v in obj.values() for n in _names(v)]
    if isinstance(obj, list):
        return [n for item in obj for n in _names(item)]
    return []


def mask_record(record: dict[str, Any]) -> dict[str, Any]:
    """A de-identified record (case, reception, county item): names, ID numbers, phones and addresses masked,
    also inside free text (`desktop.domain.privacy`, the one masking definition)."""
    _mask_dict(record, _names(record))
    return record


def _mask_dict(obj: dict[str, Any], names: list[str]) -> None:
    for key, value in obj.items():
        if isinstance(value, str) and value:
            masked = _mask_value(key, value)
            if masked == value and (key in _TEXT_FIELDS or key.endswith(("_text", "_names"))):
                masked = scrub(value, names)
            obj[key] = masked
        elif isinstance(value, dict):
            _mask_dict(value, names)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _mask_dict(item, names)


def write_export(session: Session, out: Path, unmasked: bool = False,
                 on_record: Callable[[str], None] | None = None) -> int:
    """Write the exchange file (version 2) atomically, 0600; returns the number of cases.

    De-identified unless `unmasked` (an administrator's choice), when `on_record` audits each case id.
    """
    n = 0
    tmp = out.with_suffix(out.suffix + ".partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    shown = (lambda r: r) if unmasked else mask_record
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        header = {"format": FORMAT, "version": VERSION, "masked": not unmasked}
        fh.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "cases": [\n')
        for i, record in enumerate(export_cases(session)):
            if unmasked and on_record is not None:
                on_record(str(record["id"]))
            fh.write(("," if i else "") + json.dumps(shown(record), ensure_ascii=False) + "\n")
            n += 1
        for key, (model, where) in _LOOSE.items():
            fh.write(f'], "{key}": [\n')
            for i, record in enumerate(export_loose(session, model, where)):
                fh.write(("," if i else "") + json.dumps(shown(record), ensure_ascii=False) + "\n")
        fh.write("]}\n")
    tmp.replace(out)
    return n


@dataclass
class ImportError_:
    record: int  # 1-based position in the file
    field: str
    message: str


@dataclass
class Renumbered:
    case_id: str
    series: str  # case | file | agreement
    old: str
    new: str  # "" in a dry run (the number is only taken when importing)


@dataclass
class ImportReport:
    imported: int = 0
    skipped_existing: int = 0
    receptions: int = 0  # receptions without a case
    renumbered: list[Renumbered] = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)
    dry_run: bool = False


def _enum(cls: Any, value: Any, fname: str, label: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        try:
            return cls.from_label(value)
        except (ValueError, AttributeError):
            raise ValidationError(f"{label}取值无效：{value!s:.20}", fname) from None


def _parse_dt(value: Any, fname: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(f"时间格式无效：{value!s:.30}", fname) from None
    if dt.tzinfo is None:
        dt = dt.astimezone()
    return dt


def _case_form(raw: dict[str, Any]) -> CaseForm:
    errors: list[ValidationError] = []
    parties: list[PartyForm] = []
    for i, p in enumerate(raw.get("parties") or []):
        try:
            parties.append(
                PartyForm(
                    name=str(p.get("name") or ""),
                    role=_enum(PartyRole, p.get("role", "applicant"), f"parties[{i}].role", "当事人身份"),
                    kind=_enum(PartyKind, p.get("kind", "person"), f"parties[{i}].kind", "当事人类型"),
                    id_number=str(p.get("id_number") or ""),
                    phone=str(p.get("phone") or ""),
                    sex=_enum(Sex, p["sex"], f"parties[{i}].sex", "性别") if p.get("sex") else None,
                    ethnicity=str(p.get("ethnicity") or ""),
                    occupation=str(p.get("occupation") or ""),
                    address=str(p.get("address") or ""),
                    representative=str(p.get("representative") or ""),
                    representative_title=str(p.get("representative_title") or ""),
                )
            )
        except ValidationError as e:
            errors.append(e)
    try:
        form = CaseForm(
            channel=_enum(Channel, raw.get("channel"), "channel", "来源渠道"),
            category=str(raw.get("category") or ""),
            summary=str(raw.get("summary") or ""),
            parties=parties,
            demands=str(raw.get("demands") or ""),
            village=str(raw.get("village") or ""),
            risk_level=_enum(RiskLevel, raw.get("risk_level", "low"), "risk_level", "风险等级"),
            complexity=_enum(Complexity, raw.get("complexity", "normal"), "complexity", "复杂程度"),
            registered_at=_parse_dt(raw.get("registered_at"), "registered_at"),
        )
    except ValidationError as e:
        errors.append(e)
        raise ValidationErrors(errors) from None
    if errors:
        raise ValidationErrors(errors)
    return form


@dataclass
class ExchangeFile:
    version: int
    cases: list[Any]
    loose: dict[str, list[Any]]  # _LOOSE keys


def read_import_file(path: Path) -> ExchangeFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DomainError(f"无法读取导入文件：{e}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DomainError(f"不是本软件的数据交换文件（format 应为 {FORMAT}）")
    if data.get("version") not in READABLE_VERSIONS:
        raise DomainError(f"不支持的文件版本：{data.get('version')}")
    cases = data.get("cases")
    loose = {key: data.get(key) or [] for key in _LOOSE}
    if not isinstance(cases, list) or not all(isinstance(v, list) for v in loose.values()):
        raise DomainError("文件中缺少 cases 列表")
    return ExchangeFile(int(data["version"]), cases, loose)


def _validate(ctx: Context, raw: Any, version: int) -> CaseForm:
    if not isinstance(raw, dict):
        raise ValidationError("记录应为对象", "")
    form = _case_form(raw).validated(ctx.settings.categories, today=date.today())
    if version >= 2:
        for key in ("id", "number"):
            if not raw.get(key):
                raise ValidationError(f"缺少 {key}", key)
        _enum(CaseStatus, raw.get("status"), "status", "案件状态")
        for fname in ("deadline_at", "closed_at", "created_at", "updated_at"):
            _parse_dt(raw.get(fname), fname)
        for j, med in enumerate(raw.get("mediations") or []):
            if not isinstance(med, dict) or not med.get("id") or not med.get("file_number"):
                raise ValidationError("调解记录缺少 id 或卷号", f"mediations[{j}]")
    for j, med in enumerate(raw.get("mediations") or []):
        for k, ag in enumerate(med.get("agreements") or []):
            try:
                AgreementForm(facts=str(ag.get("facts") or ""), terms=list(ag.get("terms") or []),
                              performance=str(ag.get("performance") or ""), oral=bool(ag.get("oral")),
                              parties_count=max(2, len(form.parties))).validated()
            except ValidationErrors as e:
                for err in e.errors:
                    err.field = f"mediations[{j}].agreements[{k}].{err.field}"
                raise
    return form


def import_cases(ctx: Context, actor: Actor, path: Path, skip_invalid: bool = False, dry_run: bool = False) -> ImportReport:
    """Validate every record first; then import the valid ones in transactions of IMPORT_CHUNK cases.

    Records already present (same id) are skipped, so an interrupted import run again continues. Nothing
    is imported when any record is invalid, unless `skip_invalid`. `dry_run` reports what would be
    imported, skipped and renumbered without writing.
    """
    doc = read_import_file(path)
    report = ImportReport(dry_run=dry_run)
    valid: list[tuple[dict[str, Any], CaseForm]] = []
    for i, raw in enumerate(doc.cases, start=1):
        try:
            valid.append((raw, _validate(ctx, raw, doc.version)))
        except ValidationErrors as e:
            report.errors.extend(ImportError_(i, err.field or "", err.message) for err in e.errors)
        except ValidationError as e:
            report.errors.append(ImportError_(i, e.field or "", e.message))
    if report.errors and not skip_invalid:
        return report
    taken: dict[Series, set[str]] = {s: set() for s in Series}  # numbers given out by this import
    for first in range(0, len(valid), IMPORT_CHUNK):
        chunk = valid[first:first + IMPORT_CHUNK]
        if dry_run:
            with ctx.db.read() as session:
                for raw, _form in chunk:
                    _plan_case(session, raw, report, taken, doc.version)
            continue
        with ctx.unit(actor) as uow:
            for raw, form in chunk:
                if doc.version == 1:
                    _import_v1_case(uow, ctx, raw, form, report)
                else:
                    _import_case(uow, ctx, raw, report, taken)
    for key, rows in doc.loose.items():
        _import_loose(ctx, actor, _LOOSE[key][0], rows, report, dry_run)
    return report


def _import_v1_case(uow: UnitOfWork, ctx: Context, raw: dict[str, Any], form: CaseForm, report: ImportReport) -> None:
    """Version 1 files carried no status or history: the case is registered anew (as before)."""
    if raw.get("id") and uow.session.get(Case, raw["id"]) is not None:
        report.skipped_existing += 1
        return
    case = register_case_in(uow, ctx, form, case_id=str(raw["id"]) if raw.get("id") else None)
    for med in raw.get("mediations") or []:
        m = Mediation(case_id=case.id, file_number=str(med.get("file_number") or f"导入-{case.number}"),
                      mediator=str(med.get("mediator") or ""), recorder=str(med.get("recorder") or ""),
                      started_at=_parse_dt(med.get("started_at"), "started_at") or case.registered_at,
                      outcome=med.get("outcome"), device_id=uow.device_id)
        m.file_number = _free_number(uow.session, ctx, Mediation.file_number, m.file_number, Series.FILE,
                                     m.started_at, {}) or m.file_number
        uow.save(m, "import")
        for ag in med.get("agreements") or []:
            a = Agreement(mediation_id=m.id, number=str(ag.get("number") or f"导入-{case.number}"),
                          oral=bool(ag.get("oral")), facts=str(ag.get("facts") or ""),
                          terms=[str(t) for t in ag.get("terms") or []], performance=str(ag.get("performance") or ""),
                          copies=int(ag.get("copies") or len(form.parties) + 1), status=str(ag.get("status") or "draft"),
                          device_id=uow.device_id)
            a.number = _free_number(uow.session, ctx, Agreement.number, a.number, Series.AGREEMENT,
                                    case.registered_at, {}) or a.number
            uow.save(a, "import")
    report.imported += 1


# --- version 2: every record kept as it was -------------------------------------------------------

_NUMBER_COLUMNS = {Series.CASE: Case.number, Series.FILE: Mediation.file_number, Series.AGREEMENT: Agreement.number}


def _number_in_use(session: Session, column: Any, number: str, taken: set[str]) -> bool:
    return number in taken or session.scalar(select(column).where(column == number).limit(1)) is not None


def _free_number(session: Session, ctx: Context, column: Any, number: str, series: Series, at: datetime | None,
                 taken: dict[Series, set[str]]) -> str | None:
    """None when `number` is free (it is then noted as taken); else a new number of this PC's series."""
    if not _number_in_use(session, column, number, taken.get(series, set())):
        taken.setdefault(series, set()).add(number)
        return None
    year = (at or utcnow()).astimezone().year
    new = next_number(session, number_format(ctx), series, year)
    taken.setdefault(series, set()).add(new)
    return new


def _plan_case(session: Session, raw: dict[str, Any], report: ImportReport, taken: dict[Series, set[str]],
               version: int) -> None:
    """Dry run: what importing this case would do (no number is taken)."""
    if raw.get("id") and session.get(Case, raw["id"]) is not None:
        report.skipped_existing += 1
        return
    report.imported += 1
    numbers = [(Series.CASE, str(raw["number"]))] if version >= 2 else []  # version 1: numbered anew anyway
    for med in raw.get("mediations") or []:
        numbers += [(Series.FILE, str(med["file_number"]))] if med.get("file_number") else []
        numbers += [(Series.AGREEMENT, str(a["number"])) for a in med.get("agreements") or [] if a.get("number")]
    for series, number in numbers:
        if _number_in_use(session, _NUMBER_COLUMNS[series], number, taken[series]):
            report.renumbered.append(Renumbered(str(raw.get("id") or ""), series.value, number, ""))
        else:
            taken[series].add(number)


def _make(model: type[Base], payload: dict[str, Any], **fixed: Any) -> Any:
    obj = model()
    apply_payload(obj, payload)
    for key, value in fixed.items():
        setattr(obj, key, value)
    return obj


def _import_case(uow: UnitOfWork, ctx: Context, raw: dict[str, Any], report: ImportReport,
                 taken: dict[Series, set[str]]) -> None:
    session = uow.session
    if session.get(Case, raw["id"]) is not None:
        report.skipped_existing += 1
        return
    # Training data never travels (docs/numbering.md): imported demo records are not queued either.
    uow.queue_ops = raw.get("device_id") != DEMO_DEVICE_ID
    case: Case = _make(Case, raw, server_rev=None)
    renumbered: list[Renumbered] = []

    def free(column: Any, number: str, series: Series, at: datetime | None) -> str:
        new = _free_number(session, ctx, column, number, series, at, taken)
        if new is None:
            return number
        renumbered.append(Renumbered(case.id, series.value, number, new))
        return new

    case.number = free(Case.number, case.number, Series.CASE, case.registered_at)
    uow.save(case, "import")
    for ev in raw.get("events") or []:
        if session.get(CaseEvent, ev.get("id")) is None:
            uow.add_event(_make(CaseEvent, ev, case_id=case.id))
    for med in raw.get("mediations") or []:
        if session.get(Mediation, med["id"]) is not None:
            continue
        m: Mediation = _make(Mediation, med, case_id=case.id, server_rev=None)
        m.file_number = free(Mediation.file_number, m.file_number, Series.FILE, m.started_at)
        uow.save(m, "import")
        for rec in med.get("records") or []:
            if session.get(MediationRecord, rec.get("id")) is None:
                uow.save(_make(MediationRecord, rec, mediation_id=m.id, server_rev=None), "import")
        for ag in med.get("agreements") or []:
            if session.get(Agreement, ag.get("id")) is None:
                a: Agreement = _make(Agreement, ag, mediation_id=m.id, server_rev=None)
                a.number = free(Agreement.number, a.number, Series.AGREEMENT, a.effective_at or a.created_at)
                uow.save(a, "import")
    for key, model in _CASE_CHILDREN.items():
        if model is CaseEvent:
            continue
        for child in raw.get(key) or []:
            if session.get(model, child.get("id")) is None:
                uow.save(_make(model, child, case_id=case.id, server_rev=None), "import")
    for r in renumbered:
        # The history says why the number differs from the source's (and the source's number is kept there).
        uow.event(case.id, "renumbered", {"series": r.series, "from": r.old, "to": r.new, "reason": "import"})
    report.renumbered += renumbered
    report.imported += 1


def _import_loose(ctx: Context, actor: Actor, model: type[Base], rows: list[Any], report: ImportReport,
                  dry_run: bool) -> None:
    """Records without a case (receptions, county items); those already present are skipped."""
    good = [r for r in rows if isinstance(r, dict) and r.get("id")]
    counted = model is Reception
    for first in range(0, len(good), IMPORT_CHUNK * 5):
        chunk = good[first:first + IMPORT_CHUNK * 5]
        if dry_run:
            with ctx.db.read() as session:
                report.receptions += sum(session.get(model, r["id"]) is None for r in chunk) if counted else 0
            continue
        with ctx.unit(actor) as uow:
            for raw in chunk:
                if uow.session.get(model, raw["id"]) is None:
                    uow.queue_ops = model is not CountyItem and raw.get("device_id") != DEMO_DEVICE_ID
                    uow.save(_make(model, raw, server_rev=None), "import")
                    report.receptions += int(counted)
