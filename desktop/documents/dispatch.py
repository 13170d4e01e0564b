"""``render(doc) -> bytes``: check the input, then lay out the matching document as PDF."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date, datetime
from types import ModuleType
from typing import Any

from . import (
    agreement,
    application,
    case_file,
    followup,
    judicial,
    oral,
    receipt,
    record,
    register,
)
from .errors import DocumentError
from .fonts import FontSet, get_fonts
from .layout import Kit, Meta, build_pdf
from .model import (
    AcceptanceRegisterDoc,
    AgreementDoc,
    ApplicationDoc,
    CaseFileDoc,
    FollowupDoc,
    JudicialConfirmationDoc,
    MediationRecordDoc,
    OralAgreementDoc,
    ReceiptDoc,
)

MODULES: dict[type, ModuleType] = {
    AgreementDoc: agreement,
    ApplicationDoc: application,
    AcceptanceRegisterDoc: register,
    MediationRecordDoc: record,
    OralAgreementDoc: oral,
    FollowupDoc: followup,
    JudicialConfirmationDoc: judicial,
    ReceiptDoc: receipt,
    CaseFileDoc: case_file,
}

# reportlab keeps per-document state on shared font objects: one render at a time.
_RENDER_LOCK = threading.Lock()


def module_for(doc: object) -> ModuleType:
    module = MODULES.get(type(doc))
    if module is None:
        raise DocumentError(f"不支持的文书类型：{type(doc).__name__}")
    return module


def texts(value: Any) -> list[str]:
    """Every string inside a document input (recursing into dataclasses and tuples)."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [t for f in dataclasses.fields(value) for t in texts(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [t for item in value for t in texts(item)]
    return []


def title_of(doc: object) -> str:
    module = module_for(doc)
    title = getattr(doc, "title", None)
    return title if isinstance(title, str) and title and not isinstance(doc, CaseFileDoc) else module.TITLE


def issuer_of(doc: object) -> str:
    if isinstance(doc, ReceiptDoc):
        return doc.center
    if isinstance(doc, JudicialConfirmationDoc):
        return doc.committee
    return str(getattr(doc, "committee", ""))


def date_of(doc: object) -> date:
    for name in ("date", "held_at", "visited_at", "filed_date"):
        value = getattr(doc, name, None)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
    return date(2000, 1, 1)


def check(doc: object, fonts: FontSet | None = None) -> None:
    """Raise DocumentError for missing fields or characters no installed face can draw."""
    module_for(doc).check(doc)
    fonts = fonts or get_fonts()
    missing = fonts.missing("".join(texts(doc)))
    if missing:
        shown = "、".join(f"「{ch}」(U+{ord(ch):04X})" for ch in missing[:10])
        raise DocumentError(f"无法生成{title_of(doc)}：以下字符没有可用字体，无法打印：{shown}")


def render(doc: object) -> bytes:
    """The PDF of ``doc``; identical input gives identical bytes (on the same fonts)."""
    fonts = get_fonts()
    check(doc, fonts)
    module = module_for(doc)
    kit = Kit.create(fonts)
    meta = Meta(
        title=title_of(doc), author=issuer_of(doc), subject=title_of(doc), when=date_of(doc),
        fingerprint=repr(doc),
    )
    with _RENDER_LOCK:
        if hasattr(module, "build"):  # the case file (two passes) and the one-page receipt
            return bytes(module.build(doc, kit, meta))
        return build_pdf(module.story(doc, kit), meta, fonts)
