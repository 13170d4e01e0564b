"""卷宗 per the Ministry of Justice format: cover, 卷内目录, the materials in filing order, 封底.

The cover shows 卷名, 卷号, 人民调解员, 调解日期 (from…to), 立卷人, 立卷日期, 保管期限 and 备注 and,
like the contents list and the back cover, carries no page number. Materials are numbered from 1;
paper materials (scanned or only on paper) take their counted pages in that numbering, so the
contents list gives every material its page range. The list always has the mandatory
权利义务告知书 and 当事人身份证明 (marked missing when not filed) and ends with 封底. The closing
note says "卷内材料齐全" only when nothing is missing and every paper material is counted.

The contents list needs the pages each material lands on, so the file is laid out twice.
"""

from __future__ import annotations

from types import ModuleType

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from . import agreement, application, followup, judicial, oral, receipt, record, register
from .checks import Problems
from .layout import (
    PLAIN,
    Kit,
    Marker,
    Meta,
    build_counted,
    build_pdf,
    cn_date,
    doc_number,
    form,
    numbered_pages,
)
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
    PaperMaterial,
    ReceiptDoc,
)

TITLE = "人民调解卷宗"
BACK_COVER = "封底"
# Materials every case file holds; filed on paper, so they come in as paper materials.
REQUIRED_PAPER = ("权利义务告知书", "当事人身份证明")
COMPLETE = "卷内材料齐全，排列有序。"

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
    "受理回执": 0, "人民调解申请书": 1, "人民调解受理登记表": 2, "权利义务告知书": 3, "当事人身份证明": 4,
    "身份证明": 4, "授权委托书": 5, "调查记录": 6, "证据材料": 7, "人民调解记录": 8, "人民调解协议书": 9,
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
    problems.require(doc.mediator, "人民调解员")
    problems.require(doc.mediation_date, "调解日期")
    problems.require(doc.filed_by, "立卷人")
    problems.require(doc.filed_date, "立卷日期")
    problems.require(doc.retention, "保管期限")
    if not doc.documents:
        problems.add("卷内没有文书")
    for material in doc.paper_materials:
        if not material.name.strip():
            problems.add("纸质材料缺少名称")
        if material.pages < 0:
            problems.add(f"纸质材料「{material.name}」的页数不能为负数")
    problems.raise_if_any()
    for item in doc.documents:
        module = _MODULES.get(type(item))
        if module is None:
            raise ValueError(type(item).__name__)
        module.check(item)


Item = Document | PaperMaterial | None  # None: a mandatory material not filed


def ordered(doc: CaseFileDoc) -> list[tuple[str, Item]]:
    """Contents in filing order: (title, document / paper material / None for a missing one)."""
    items: list[tuple[int, int, str, Item]] = []
    for i, item in enumerate(doc.documents):
        items.append((_rank(_title(item)), i, _title(item), item))
    for i, material in enumerate(doc.paper_materials):
        items.append((_rank(material.name), len(doc.documents) + i, material.name, material))
    filed = {m.name for m in doc.paper_materials}
    for i, name in enumerate(REQUIRED_PAPER):
        if name not in filed:
            items.append((_rank(name), 10_000 + i, name, None))
    return [(title, item) for _, _, title, item in sorted(items, key=lambda t: (t[0], t[1]))]


def missing(doc: CaseFileDoc) -> list[str]:
    """What keeps the file from being complete: mandatory materials not filed, uncounted pages."""
    out = [title for title, item in ordered(doc) if item is None]
    out += [f"{m.name}（页数未清点）" for m in doc.paper_materials if m.pages <= 0]
    return out


def _pages(start: int | None, end: int | None) -> str:
    if not start:
        return ""
    return str(start) if not end or end <= start else f"{start}—{end}"


def _remark(item: Item) -> str:
    if item is None:
        return "未归档"
    if isinstance(item, PaperMaterial):
        kind = "扫描件" if item.scanned else "纸质"
        count = f"{item.pages}页" if item.pages > 0 else "页数未清点"
        return "，".join(x for x in (kind, count, item.note) if x)
    return ""


def _dates(doc: CaseFileDoc) -> str:
    end = cn_date(doc.mediation_end) if doc.mediation_end else "　　　　年　　月　　日"
    return f"自{cn_date(doc.mediation_date)}至{end}"


def _story(doc: CaseFileDoc, kit: Kit, pages: dict[str, int], total: int | None) -> list[Flowable]:
    contents = ordered(doc)
    out: list[Flowable] = [
        Spacer(1, 10 * mm),
        kit.p(doc.committee, kit.center),
        Spacer(1, 8 * mm),
        kit.title(TITLE, size=30),
        Spacer(1, 14 * mm),
        *form(kit, [
            ("卷　　名", doc.title),
            ("卷　　号", doc_number(doc.file_number)),
            ("人民调解员", doc.mediator),
            ("调解日期", _dates(doc)),
            ("立 卷 人", doc.filed_by),
            ("立卷日期", cn_date(doc.filed_date)),
            ("保管期限", doc.retention),
            ("备　　注", doc.remarks or "　"),
        ], label_width=36 * mm),
        PageBreak(),
        kit.title("卷内目录"),
    ]
    rows: list[list[object]] = [[kit.label_cell(h) for h in ("序号", "材料名称", "页号", "备注")]]
    for n, (title, item) in enumerate(contents, start=1):
        page = _pages(pages.get(f"doc{n}"), pages.get(f"end{n}")) if item is not None else ""
        rows.append([kit.label_cell(str(n)), title, kit.label_cell(page), _remark(item)])
    rows.append([kit.label_cell(str(len(contents) + 1)), BACK_COVER, kit.label_cell(""), "含卷宗情况说明"])
    out.append(kit.table(rows, [16 * mm, 74 * mm, 24 * mm, 42 * mm], header_rows=1))
    out.append(numbered_pages(True))
    for n, (_title_text, item) in enumerate(contents, start=1):
        if isinstance(item, PaperMaterial):
            out.append(Marker(f"doc{n}", gap=item.pages))
        elif item is not None:
            out += [PageBreak(), Marker(f"doc{n}"), *_MODULES[type(item)].story(item, kit), Marker(f"end{n}")]
    count_text = f"{total}" if total is not None else "　　"
    paper = sum(m.pages for m in doc.paper_materials)
    lacking = missing(doc)
    state = COMPLETE if not lacking else f"卷内材料不全：{'、'.join(lacking)}，待补齐后再行核对。"
    filed = sum(1 for _t, item in contents if item is not None)
    out += [
        numbered_pages(False),
        PageBreak(),
        kit.title(BACK_COVER),
        kit.p("卷宗情况说明", kit.center),
        kit.p(f"本卷共{count_text}页（其中纸质材料{paper}页），收入材料{filed}件。", kit.indented),
        kit.p(state, kit.indented),
        *(kit.paras(doc.notes) if doc.notes.strip() else []),
        Spacer(1, 20 * mm),
        kit.p(f"立卷人：{doc.filed_by}", kit.right),
        kit.p(cn_date(doc.filed_date), kit.right),
    ]
    return out


def build(doc: CaseFileDoc, kit: Kit, meta: Meta) -> bytes:
    """Two passes: the first learns each material's pages and the page count."""
    pages: dict[str, int] = {}
    ends: dict[str, int] = {}

    def note(key: str, page: int) -> None:
        (ends if key.startswith("end") else pages)[key] = page

    _pdf, _physical, total = build_counted(_story(doc, kit, {}, None), meta, kit.fonts, note, first_page=PLAIN)
    for n, (_t, item) in enumerate(ordered(doc), start=1):
        if isinstance(item, PaperMaterial) and item.pages > 0 and f"doc{n}" in pages:
            ends[f"end{n}"] = pages[f"doc{n}"] + item.pages - 1
    return build_pdf(_story(doc, kit, {**pages, **ends}, total), meta, kit.fonts, first_page=PLAIN)
