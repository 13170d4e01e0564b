"""Reconciling numbers issued before enrolment (docs/numbering.md).

Before enrolment a PC numbers offline with a slot it picked at random (0–98), so two PCs may have picked
the same slot and issued the same numbers. At enrolment the county assigns a slot no other PC of the
township has; every number this PC issued with its random slots (one, plus one per restore) is then
moved to the same position in the assigned slot's range (n stays n), with an event `renumbered` in the case's history, and the list is
shown to the user. The records are queued for the county with their new numbers, so duplicates never
reach it. Leased numbers and demo numbers are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.domain.numbering import NumberFormat, Series, fallback_index, fallback_value, parse_value

from ..models import DEMO_DEVICE_ID, Agreement, Case, Mediation
from ..uow import UnitOfWork


@dataclass(frozen=True)
class Renumbering:
    case_id: str
    series: str
    old: str
    new: str


def reconcile_pre_enrolment(uow: UnitOfWork, fmt: NumberFormat, old_slots: set[int], new_slot: int) -> list[Renumbering]:
    """Move numbers of the fallback ranges of `old_slots` (every slot picked before enrolment: one, plus one
    per restore, docs/numbering.md) to `new_slot`'s, and cases registered under another township code to
    the enrolled township's (inside the caller's unit of work). Demo data is left alone. n stays n: the
    fallback counter is shared by all slots of a database, so no two of its numbers have the same n."""
    s = uow.session
    out: list[Renumbering] = []
    olds = sorted({o % 99 for o in old_slots} - {new_slot % 99})

    def index(value: int) -> int | None:
        for old in olds:
            n = fallback_index(old, value)
            if n is not None:
                return n
        return None

    def moved(series: Series, number: str) -> str | None:
        parsed = parse_value(series, number)
        if parsed is None:
            return None
        n = index(parsed[1])
        value = fallback_value(new_slot, n) if n is not None else parsed[1]
        new = fmt.format(series, parsed[0], value)
        return new if new != number else None

    for case in s.scalars(select(Case).where(Case.device_id != DEMO_DEVICE_ID)):
        new = moved(Series.CASE, case.number)
        if new is None and case.township_code == fmt.township_code:
            continue
        if new is not None:
            out.append(Renumbering(case.id, Series.CASE.value, case.number, new))
            case.number = new
        case.township_code = fmt.township_code
        uow.save(case, "renumber")
    books: list[tuple[Series, object, str]] = []
    if olds:
        books = [(Series.FILE, m, m.case_id) for m in s.scalars(select(Mediation).where(Mediation.device_id != DEMO_DEVICE_ID))]
        books += [(Series.AGREEMENT, a, case_id) for a, case_id in s.execute(
            select(Agreement, Mediation.case_id).join(Mediation, Mediation.id == Agreement.mediation_id)
            .where(Agreement.device_id != DEMO_DEVICE_ID))]
    for series, obj, case_id in books:
        attr = "file_number" if series is Series.FILE else "number"
        parsed = parse_value(series, getattr(obj, attr))
        if parsed is None or index(parsed[1]) is None:
            continue  # 卷号/agreement numbers carry no township code: only slot moves matter
        new = moved(series, getattr(obj, attr))
        if new is not None:
            out.append(Renumbering(case_id, series.value, getattr(obj, attr), new))
            setattr(obj, attr, new)
            uow.save(obj, "renumber")  # type: ignore[arg-type]
    for r in out:
        uow.event(r.case_id, "renumbered", {"series": r.series, "from": r.old, "to": r.new, "reason": "enrolment"})
    return out
