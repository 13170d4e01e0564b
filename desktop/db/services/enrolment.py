"""Reconciling numbers issued before enrolment (docs/numbering.md).

Before enrolment a PC numbers offline with a slot it picked at random (0–98), so two PCs may have picked
the same slot and issued the same numbers. At enrolment the county assigns a slot no other PC of the
township has; every number this PC issued with its random slot is then moved to the same position in
the assigned slot's range (n stays n), with an event `renumbered` in the case's history, and the list is
shown to the user. The records are queued for the county with their new numbers, so duplicates never
reach it. Leased numbers and demo numbers are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.domain.numbering import NumberFormat, Series, fallback_index, fallback_value, parse_value

from ..models import Agreement, Case, Mediation
from ..uow import UnitOfWork


@dataclass(frozen=True)
class Renumbering:
    case_id: str
    series: str
    old: str
    new: str


def reconcile_pre_enrolment(uow: UnitOfWork, fmt: NumberFormat, old_slot: int, new_slot: int) -> list[Renumbering]:
    """Move numbers of `old_slot`'s fallback range to `new_slot`'s (inside the caller's unit of work)."""
    if old_slot % 99 == new_slot % 99:
        return []
    s = uow.session
    out: list[Renumbering] = []

    def moved(series: Series, number: str) -> str | None:
        parsed = parse_value(series, number)
        n = fallback_index(old_slot, parsed[1]) if parsed else None
        if parsed is None or n is None:
            return None
        return fmt.format(series, parsed[0], fallback_value(new_slot, n))

    for case in s.scalars(select(Case)):
        new = moved(Series.CASE, case.number)
        if new is not None:
            out.append(Renumbering(case.id, Series.CASE.value, case.number, new))
            case.number = new
            uow.save(case, "renumber")
    for med in s.scalars(select(Mediation)):
        new = moved(Series.FILE, med.file_number)
        if new is not None:
            out.append(Renumbering(med.case_id, Series.FILE.value, med.file_number, new))
            med.file_number = new
            uow.save(med, "renumber")
    for ag, case_id in s.execute(select(Agreement, Mediation.case_id).join(Mediation, Mediation.id == Agreement.mediation_id)):
        new = moved(Series.AGREEMENT, ag.number)
        if new is not None:
            out.append(Renumbering(case_id, Series.AGREEMENT.value, ag.number, new))
            ag.number = new
            uow.save(ag, "renumber")
    for r in out:
        uow.event(r.case_id, "renumbered", {"series": r.series, "from": r.old, "to": r.new, "reason": "enrolment"})
    return out
