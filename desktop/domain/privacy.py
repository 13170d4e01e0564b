"""Personal data on screen and in files: the one definition of how ID numbers and phones are masked.

Lists, case detail, party views, exports and printouts show `masked(...)`; the full value only after an
explicit, audited reveal (`desktop.db.services.privacy.reveal_party`). Import from here, not from
`validation` (which re-exports these for older call sites).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

_ID_LIKE = re.compile(r"(?<![0-9])[0-9]{6}(?:[0-9]{8}|[0-9]{11}[0-9Xx])(?![0-9Xx])")  # 15 or 18 characters
_PHONE_LIKE = re.compile(r"(?<![0-9])(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[2-9][0-9]{6,7})(?![0-9])")


class PersonalField(str, Enum):
    """The personal fields that are masked unless revealed."""

    ID_NUMBER = "id_number"
    PHONE = "phone"


def mask_id_number(number: str | None) -> str:
    """Keep the first 4 and last 4 characters: 2204**********1234 (region and check digit stay visible)."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """Keep the first 3 and last 4 characters: 138****5678."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str | None) -> str:
    """Keep the first character (the surname, usually): 张** (for de-identified exports)."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else "*"


def masked(value: str | None, field: PersonalField) -> str:
    return mask_id_number(value) if field is PersonalField.ID_NUMBER else mask_phone(value)


def shown(value: str | None, field: PersonalField, revealed: bool) -> str:
    """What a view displays: the full value only when the user has revealed it (an audited action)."""
    return (value or "") if revealed else masked(value, field)


def scrub(text: str | None, names: Iterable[str] = ()) -> str:
    """Free text (summaries, agreement terms) with ID numbers, phones and the given names masked."""
    if not text:
        return text or ""
    out = _ID_LIKE.sub(lambda m: mask_id_number(m.group()), text)
    out = _PHONE_LIKE.sub(lambda m: mask_phone(m.group()), out)
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        out = out.replace(name, mask_name(name))
    return out
