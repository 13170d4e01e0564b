"""Records ↔ sync payloads: one generic mapping from model columns to JSON and back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date
from sqlalchemy import inspect as sa_inspect

from desktop.domain.records import Entity

from .models import (
    Agreement,
    Attachment,
    Base,
    Case,
    CaseEvent,
    CountyItem,
    Followup,
    Mediation,
    MediationRecord,
    Party,
    Reception,
)
from .types import UTCDateTime

ENTITY_MODELS: dict[Entity, type[Base]] = {
    Entity.CASE: Case,
    Entity.CASE_EVENT: CaseEvent,
    Entity.RECEPTION: Reception,
    Entity.MEDIATION: Mediation,
    Entity.MEDIATION_RECORD: MediationRecord,
    Entity.AGREEMENT: Agreement,
    Entity.FOLLOWUP: Followup,
    Entity.COUNTY_ITEM: CountyItem,
    Entity.ATTACHMENT: Attachment,
}
MODEL_ENTITIES: dict[type[Base], Entity] = {v: k for k, v in ENTITY_MODELS.items()}

# Local bookkeeping that never travels.
_LOCAL_ONLY = {"server_rev", "uploaded", "party_names"}


def _columns(model: type[Base]) -> list[Any]:
    return [c for c in sa_inspect(model).columns if c.key not in _LOCAL_ONLY]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decode(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime):
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if isinstance(column.type, Date):
        return date.fromisoformat(str(value))
    return value


def to_payload(obj: Base) -> dict[str, Any]:
    """The record as the JSON object that travels; a case carries its parties."""
    data = {c.key: _encode(getattr(obj, c.key)) for c in _columns(type(obj))}
    if isinstance(obj, Case):
        data["parties"] = [
            {c.key: _encode(getattr(p, c.key)) for c in _columns(Party) if c.key != "case_id"} for p in obj.parties
        ]
    return data


def apply_payload(obj: Base, payload: dict[str, Any]) -> None:
    """Set the record's columns from a payload (unknown keys ignored; missing keys left alone)."""
    for column in _columns(type(obj)):
        if column.key in payload:
            setattr(obj, column.key, _decode(column, payload[column.key]))
    if isinstance(obj, Case) and isinstance(payload.get("parties"), list):
        obj.parties.clear()
        for raw in payload["parties"]:
            party = Party()
            for column in _columns(Party):
                if column.key in raw and column.key != "case_id":
                    setattr(party, column.key, _decode(column, raw[column.key]))
            obj.parties.append(party)
        obj.party_names = party_names_of(obj)


def party_names_of(case: Case) -> str:
    return " ".join(p.name for p in case.parties)
