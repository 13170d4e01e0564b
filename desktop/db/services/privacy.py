"""Disclosures of personal data, each written to the audit log: who, when, which record (never the value).

A full ID number or phone on screen (`reveal_party`), in an unmasked export or on a printout
(`audit_disclosure`) is recorded; lists and details otherwise show `desktop.domain.privacy.masked`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import insert, select

from desktop.domain.errors import DomainError

from ..engine import Database
from ..models import AuditEntry, Party
from ..types import utcnow
from ..uow import Actor

REVEAL = "reveal_id"  # a full ID number / phone shown on screen
EXPORT_UNMASKED = "export_unmasked"
PRINT_FULL_ID = "print_full_id"


@dataclass(frozen=True)
class RevealedParty:
    party_id: str
    id_number: str
    phone: str


def reveal_party(db: Database, actor: Actor, party_id: str) -> RevealedParty:
    """The full ID number and phone of one party, for a user who clicked to see them (audited)."""
    with db.write() as s:
        party = s.get(Party, party_id)
        if party is None:
            raise DomainError("找不到该当事人")
        s.add(AuditEntry(actor=actor.username, action=REVEAL, entity="party", entity_id=party.id))
        return RevealedParty(party.id, party.id_number or "", party.phone or "")


def audit_disclosure(db: Database, actor: Actor, action: str, entity: str, ids: Iterable[str]) -> int:
    """One audit entry per record disclosed in full (an unmasked export, a printout); returns the count."""
    now = utcnow()
    rows = [{"actor": actor.username, "action": action, "entity": entity, "entity_id": i, "at": now} for i in ids]
    if rows:
        with db.write() as s:
            for start in range(0, len(rows), 5000):
                s.execute(insert(AuditEntry), rows[start:start + 5000])
    return len(rows)


def disclosures(db: Database, entity_id: str) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity_id == entity_id,
                                                       AuditEntry.action.in_((REVEAL, EXPORT_UNMASKED, PRINT_FULL_ID)))))
