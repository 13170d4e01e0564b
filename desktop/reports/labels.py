"""Chinese labels for stored codes, tolerant of codes a newer version may have added."""

from __future__ import annotations

from desktop.domain.enums import LabeledEnum


def label(cls: type[LabeledEnum], value: str | None, default: str = "") -> str:
    member = cls._value2member_map_.get(value or "")
    if member is None:
        return default or (value or "")
    return str(getattr(member, "label", value))
