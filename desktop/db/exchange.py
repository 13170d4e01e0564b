"""The JSON exchange format (docs/data-format.md): export and validated import of cases and mediations."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.domain.enums import Channel, Complexity, PartyKind, PartyRole, RiskLevel, Sex
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop.domain.forms import AgreementForm, CaseForm, PartyForm
from desktop.domain.privacy import mask_id_number, mask_name, mask_phone, scrub

from .models import Agreement, Case, Mediation
from .payloads import to_payload
from .services.cases import register_case_in
from .uow import Actor, Context

FORMAT = "township-desk/cases"
VERSION = 1


def export_cases(session: Session) -> Iterator[dict[str, Any]]:
    """Every case with its parties, mediations and agreements, streamed in registration order."""
    last = ""
    while True:
        cases = session.scalars(
            select(Case).where(Case.id > last).order_by(Case.id).limit(500).options(selectinload(Case.parties))
        ).all()
        if not cases:
            return
        ids = [c.id for c in cases]
        meds: dict[str, list[dict[str, Any]]] = {}
        for m in session.scalars(select(Mediation).where(Mediation.case_id.in_(ids))):
            entry = to_payload(m)
            entry["agreements"] = [to_payload(a) for a in session.scalars(select(Agreement).where(Agreement.mediation_id == m.id))]
            meds.setdefault(m.case_id, []).append(entry)
        for c in cases:
            record = to_payload(c)
            record["mediations"] = meds.get(c.id, [])
            yield record
        last = cases[-1].id


_PARTY_MASKS: dict[str, Callable[[Any], Any]] = {"name": mask_name, "id_number": mask_id_number, "phone": mask_phone, "address": lambda _v: "",
                "representative": mask_name, "birth_date": lambda _v: None}
_TEXT_FIELDS = ("summary", "demands", "party_names", "terms", "text", "facts", "notes", "content", "result")


def mask_record(record: dict[str, Any]) -> dict[str, Any]:
    """A de-identified case record: names, ID numbers, phones and addresses masked, also inside free text."""
    names = [str(p.get("name") or "") for p in record.get("parties", [])]
    names += [str(p.get("representative") or "") for p in record.get("parties", [])]
    for party in record.get("parties", []):
        for key, fn in _PARTY_MASKS.items():
            if party.get(key):
                party[key] = fn(party[key])
    _scrub_dict(record, names)
    return record


def _scrub_dict(obj: dict[str, Any], names: list[str]) -> None:
    for key, value in obj.items():
        if isinstance(value, str) and (key in _TEXT_FIELDS or key.endswith(("_text", "_name", "_names"))):
            obj[key] = scrub(value, names)
        elif isinstance(value, dict):
            _scrub_dict(value, names)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _scrub_dict(item, names)


def write_export(session: Session, out: Path, unmasked: bool = False,
                 on_record: Callable[[str], None] | None = None) -> int:
    """Write every case; masked (de-identified) unless `unmasked`, when `on_record` audits each case id."""
    n = 0
    tmp = out.with_suffix(out.suffix + ".partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        header = {"format": FORMAT, "version": VERSION, "masked": not unmasked}
        fh.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "cases": [\n')
        for i, record in enumerate(export_cases(session)):
            if unmasked and on_record is not None:
                on_record(str(record["id"]))
            fh.write(("," if i else "") + json.dumps(record if unmasked else mask_record(record), ensure_ascii=False) + "\n")
            n += 1
        fh.write("]}\n")
    tmp.replace(out)
    return n


@dataclass
class ImportError_:
    record: int  # 1-based position in the file
    field: str
    message: str


@dataclass
class ImportReport:
    imported: int = 0
    skipped_existing: int = 0
    errors: list[ImportError_] = field(default_factory=list)


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


def read_import_file(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DomainError(f"无法读取导入文件：{e}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DomainError(f"不是本软件的数据交换文件（format 应为 {FORMAT}）")
    if data.get("version") != VERSION:
        raise DomainError(f"不支持的文件版本：{data.get('version')}")
    cases = data.get("cases")
    if not isinstance(cases, list):
        raise DomainError("文件中缺少 cases 列表")
    return cases


def import_cases(ctx: Context, actor: Actor, path: Path, skip_invalid: bool = False, dry_run: bool = False) -> ImportReport:
    """Validate every record first; import all valid ones in one transaction (none if any is invalid, unless skipping)."""
    records = read_import_file(path)
    report = ImportReport()
    valid: list[tuple[dict[str, Any], CaseForm]] = []
    for i, raw in enumerate(records, start=1):
        if not isinstance(raw, dict):
            report.errors.append(ImportError_(i, "", "记录应为对象"))
            continue
        try:
            form = _case_form(raw).validated(ctx.settings.categories, today=date.today())
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
            valid.append((raw, form))
        except ValidationErrors as e:
            report.errors.extend(ImportError_(i, err.field or "", err.message) for err in e.errors)
        except ValidationError as e:
            report.errors.append(ImportError_(i, e.field or "", e.message))
    if (report.errors and not skip_invalid) or dry_run:
        return report
    with ctx.unit(actor) as uow:
        for raw, form in valid:
            if raw.get("id") and uow.session.get(Case, raw["id"]) is not None:
                report.skipped_existing += 1
                continue
            case = register_case_in(uow, ctx, form, case_id=str(raw["id"]) if raw.get("id") else None)
            for med in raw.get("mediations") or []:
                m = Mediation(case_id=case.id, file_number=str(med.get("file_number") or f"导入-{case.number}"),
                              mediator=str(med.get("mediator") or ""), recorder=str(med.get("recorder") or ""),
                              started_at=_parse_dt(med.get("started_at"), "started_at") or case.registered_at,
                              outcome=med.get("outcome"), device_id=uow.device_id)
                uow.save(m, "import")
                for ag in med.get("agreements") or []:
                    a = Agreement(mediation_id=m.id, number=str(ag.get("number") or f"导入-{case.number}"),
                                  oral=bool(ag.get("oral")), facts=str(ag.get("facts") or ""),
                                  terms=[str(t) for t in ag.get("terms") or []], performance=str(ag.get("performance") or ""),
                                  copies=int(ag.get("copies") or len(form.parties) + 1), status=str(ag.get("status") or "draft"),
                                  device_id=uow.device_id)
                    uow.save(a, "import")
            report.imported += 1
    return report
