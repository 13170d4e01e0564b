"""The record vocabulary: which kinds of record exist, how their changes are expressed, and their names.

The wire protocol (desktop/sync/protocol.py), the unit of work, the sync services, the county server
and the UI all speak of records in these words; the protocol only says how they travel.
"""

from __future__ import annotations

from enum import Enum


class Entity(str, Enum):
    """Record types that travel. Events are appended (union-merged); the rest are upserted."""

    CASE = "case"  # the case record with its parties embedded
    CASE_EVENT = "case_event"  # one entry of a case's append-only history
    RECEPTION = "reception"
    MEDIATION = "mediation"
    MEDIATION_RECORD = "mediation_record"
    AGREEMENT = "agreement"
    FOLLOWUP = "followup"
    COUNTY_ITEM = "county_item"  # made by the county; the township updates its handling fields
    ATTACHMENT = "attachment"  # metadata; the content goes to /blobs


class Action(str, Enum):
    UPSERT = "upsert"
    APPEND = "append"


APPEND_ONLY = frozenset({Entity.CASE_EVENT})

# What a clerk calls each kind of record (UI, problem lists, reports).
ENTITY_LABELS: dict[str, str] = {
    Entity.CASE.value: "案件",
    Entity.CASE_EVENT.value: "案件办理记录",
    Entity.RECEPTION.value: "接待登记",
    Entity.MEDIATION.value: "人民调解",
    Entity.MEDIATION_RECORD.value: "调解/调查记录",
    Entity.AGREEMENT.value: "调解协议",
    Entity.FOLLOWUP.value: "回访记录",
    Entity.COUNTY_ITEM.value: "县平台事项",
    Entity.ATTACHMENT.value: "附件",
}


def entity_label(entity: str) -> str:
    """The Chinese name of a record kind; the code itself for a kind this program does not know."""
    return ENTITY_LABELS.get(entity, entity)
