"""卷宗: cover, contents list with page numbers, every document of the mediation, and the closing note.

Pages are numbered throughout. The contents list needs the page each document starts on, so the
file is laid out twice: the first pass records where each document lands, the second prints it.
"""

from __future__ import annotations

from types import ModuleType

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from . import agreement, application, followup, judicial, oral, receipt, record, register
from .checks import Problems
from .layout import Kit, Marker, Meta, build_pdf, cn_date, form
from .model import (
    AcceptanceRegisterDoc,
    AgreementDoc,
    ApplicationDoc,
    CaseFileDoc,
    Document,
    FollowupDoc,
    JudicialConfirmationDoc,
    MediationRecordDoc,
    OralAgreementDoc,
    ReceiptDoc,
)

TITLE = "人民调解卷宗"

_MODULES: dict[type, ModuleType] = {
    ApplicationDoc: application,
    AcceptanceRegisterDoc: register,
    MediationRecordDoc: record,
    AgreementDoc: agreement,
    OralAgreementDoc: oral,
    FollowupDoc: followup,
    JudicialConfirmationDoc: judicial,
    ReceiptDoc: receipt,
}

# Filing order of DOMAIN.md's contents list; paper materials slot in by name.
_ORDER = {
    "受理回执": 0, "人民调解申请书": 1, "人民调解受理登记表": 2, "权利义务告知书": 3, "身份证明": 4,
    "授权委托书": 5, "调查记录": 6, "证据材料": 7, "人民调解记录": 8, "人民调解协议书": 9,
    "口头协议登记表": 9, "履行凭证": 10, "回访记录": 11, "司法确认申请书": 12, "司法确认材料": 12,
}
_PAPER_DEFAULT = 13


def _title(doc: Document) -> str:
    return doc.title if isinstance(doc, MediationRecordDoc) else str(_MODULES[type(doc)].TITLE)


def _rank(name: str) -> int:
    return _ORDER.get(name, next((v for k, v in _ORDER.items() if k in name), _PAPER_DEFAULT))


def check(doc: CaseFileDoc) -> None:
    problems = Problems("卷宗")
    problems.require(doc.title, "卷名")
    problems.require(doc.file_number, "卷号")
    problems.require(doc.committee, "人民调解委员会名称")
    problems.require(doc.mediator, "调解员")
    problems.require(doc.mediation_date, "调解日期")
    problems.require(doc.filed_by, "立卷人")
    problems.require(doc.filed_date, "立卷日期")
    problems.require(doc.retention, "保管期限")
    if not doc.documents:
        problems.add("卷内没有文书")
    problems.raise_if_any()
    for item in doc.documents:
        module = _MODULES.get(type(item))
        if module is None:
            raise ValueError(type(item).__name__)
        module.check(item)


def ordered(doc: CaseFileDoc) -> list[tuple[str, Document | None]]:
    """Contents in filing order: (title, document) or (paper material name, None)."""
    items: list[tuple[int, int, str, Document | None]] = []
    for i, item in enumerate(doc.documents):
        items.append((_rank(_title(item)), i, _title(item), item))
    for i, name in enumerate(doc.paper_materials):
        items.append((_rank(name), len(doc.documents) + i, name, None))
    return [(title, item) for _, _, title, item in sorted(items, key=lambda t: (t[0], t[1]))]


def _story(doc: CaseFileDoc, kit: Kit, pages: dict[str, int], total: int | None) -> list[Flowable]:
    contents = ordered(doc)
    out: list[Flowable] = [
        Marker("cover"),
        Spacer(1, 20 * mm),
        kit.p(doc.committee, kit.center),
        Spacer(1, 10 * mm),
        kit.title(TITLE, size=30),
        Spacer(1, 25 * mm),
        form(kit, [
            ("卷　　名", doc.title),
            ("卷　　号", doc.file_number),
            ("调 解 员", doc.mediator),
            ("调解日期", cn_date(doc.mediation_date)),
            ("立 卷 人", doc.filed_by),
            ("立卷日期", cn_date(doc.filed_date)),
            ("保管期限", doc.retention),
        ], label_width=36 * mm),
        PageBreak(),
        kit.title("卷内目录"),
    ]
    rows: list[list[object]] = [[kit.label_cell(h) for h in ("序号", "材料名称", "页号", "备注")]]
    for n, (title, item) in enumerate(contents, start=1):
        page = str(pages.get(f"doc{n}", "")) if item is not None else ""
        rows.append([kit.label_cell(str(n)), title, kit.label_cell(page), "" if item else "纸质材料另附"])
    n_notes = len(contents) + 1
    rows.append([kit.label_cell(str(n_notes)), "卷宗情况说明", kit.label_cell(str(pages.get("notes", ""))), ""])
    out.append(kit.table(rows, [16 * mm, 86 * mm, 18 * mm, 36 * mm], header_rows=1))
    for n, (_title_text, item) in enumerate(contents, start=1):
        if item is None:
            continue
        out += [PageBreak(), Marker(f"doc{n}"), *_MODULES[type(item)].story(item, kit)]
    total_text = f"{total}" if total else "　　"
    out += [
        PageBreak(),
        Marker("notes"),
        kit.title("卷宗情况说明"),
        kit.p(f"本卷共{total_text}页，收入文书材料 {len(contents)} 件。", kit.indented),
        *kit.paras(doc.notes or "卷内材料齐全，排列有序。"),
        Spacer(1, 20 * mm),
        kit.p(f"立卷人：{doc.filed_by}", kit.right),
        kit.p(cn_date(doc.filed_date), kit.right),
        Marker("end"),
    ]
    return out


def build(doc: CaseFileDoc, kit: Kit, meta: Meta) -> bytes:
    """Two passes: the first learns each document's first page and the page count."""
    pages: dict[str, int] = {}

    def note(key: str, page: int) -> None:
        pages[key] = page

    build_pdf(_story(doc, kit, {}, None), meta, kit.fonts, note)
    return build_pdf(_story(doc, kit, dict(pages), pages["end"]), meta, kit.fonts)
