"""Paper materials of a case's 卷宗 (scanned or only on paper) with their page counts.

Rows are local (not synced). Listing needs no permission beyond reading; changing the list needs
the mediation permission, like the other mediation paperwork.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.accounts import Permission
from desktop.domain.errors import DomainError, ValidationError

from ..models import Case, CaseFileMaterial
from ..uow import Actor, Context

MAX_PAGES = 9999
MAX_NAME = 60


@dataclass(frozen=True)
class MaterialRow:
    id: str
    name: str
    pages: int
    scanned: bool
    note: str


def _case(session: Session, case_number: str) -> Case:
    case = session.scalars(select(Case).where(Case.number == case_number)).one_or_none()
    if case is None:
        raise DomainError(f"找不到案件编号为「{case_number}」的案件")
    return case


def _row(m: CaseFileMaterial) -> MaterialRow:
    return MaterialRow(m.id, m.name, m.pages, m.scanned, m.note)


def list_materials(session: Session, case_id: str) -> list[MaterialRow]:
    rows = session.scalars(select(CaseFileMaterial).where(CaseFileMaterial.case_id == case_id)
                           .order_by(CaseFileMaterial.position, CaseFileMaterial.id))
    return [_row(m) for m in rows]


def validate(name: str, pages: int) -> tuple[str, int]:
    """The cleaned name and pages, or a DomainError in Chinese naming the field."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("请填写材料名称", "name")
    if len(name) > MAX_NAME:
        raise ValidationError(f"材料名称不能超过 {MAX_NAME} 个字", "name")
    if not 1 <= pages <= MAX_PAGES:
        raise ValidationError(f"页数应为 1 到 {MAX_PAGES} 之间的整数", "pages")
    return name, pages


def case_id_of(ctx: Context, case_number: str) -> str:
    with ctx.db.read() as session:
        return _case(session, case_number).id


def add_material(ctx: Context, actor: Actor, case_id: str, name: str, pages: int, scanned: bool = False,
                 note: str = "") -> MaterialRow:
    actor.require(Permission.MEDIATE)
    name, pages = validate(name, pages)
    with ctx.unit(actor, queue_ops=False) as uow:
        case = uow.session.get(Case, case_id)
        if case is None:
            raise DomainError("案件不存在")
        position = uow.session.scalar(select(func.coalesce(func.max(CaseFileMaterial.position), -1))
                                      .where(CaseFileMaterial.case_id == case.id))
        material = CaseFileMaterial(case_id=case.id, position=int(position or 0) + 1, name=name, pages=pages,
                                    scanned=scanned, note=note.strip()[:100])
        uow.session.add(material)
        uow.session.flush()
        uow.audit("add", "case_file_material", material.id)
        return _row(material)


def remove_material(ctx: Context, actor: Actor, material_id: str) -> None:
    actor.require(Permission.MEDIATE)
    with ctx.unit(actor, queue_ops=False) as uow:
        material = uow.session.get(CaseFileMaterial, material_id)
        if material is None:
            raise DomainError("该材料已不存在")
        uow.session.delete(material)
        uow.audit("remove", "case_file_material", material_id)


def materials_of(ctx: Context, case_id: str) -> list[MaterialRow]:
    with ctx.db.read() as session:
        return list_materials(session, case_id)
