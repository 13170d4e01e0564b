"""Real PDFs of every mediation document: fields in the text, glyphs embedded, pages not blank."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop.documents import DocumentError, PartyInfo, dispatch, render, samples
from desktop.documents.dispatch import texts
from desktop.documents.fonts import get_fonts
from desktop.documents.layout import cn_date, cn_number
from desktop.documents.model import CaseFileDoc

from .pdfcheck import (
    assert_contains,
    covered_chars,
    flat_text,
    font_coverage,
    ink_ratio,
    page_number,
    page_texts,
    reader,
    rendered_pages,
    squash,
    squash_all,
)

REPO = Path(__file__).resolve().parents[2]
KINDS = sorted(samples.ALL)

# Party fields each document prints (forms and records print fewer than the agreement).
_NAME_ONLY = {"role", "name"}
_TABLE = {"role", "name", "sex", "ethnicity", "phone", "address", "representative"}


def expected_texts(doc: object) -> list[str]:
    """Every input string the document must print."""
    if isinstance(doc, CaseFileDoc):
        cover = [doc.title, doc.file_number.replace(" ", ""), doc.committee, doc.mediator, doc.filed_by,
                 doc.retention, doc.notes, *(m.name for m in doc.paper_materials)]
        return cover + [t for item in doc.documents for t in expected_texts(item)]
    kind = type(doc).__name__
    shown = {"MediationRecordDoc": _NAME_ONLY, "FollowupDoc": _NAME_ONLY, "AcceptanceRegisterDoc": _TABLE,
             "OralAgreementDoc": _TABLE}.get(kind)
    out: list[str] = []
    for f in dataclasses.fields(doc):  # type: ignore[arg-type]
        value = getattr(doc, f.name)
        if f.name == "parties":
            for party in value:
                out += [str(getattr(party, k)) for k in (shown or _all_party_fields()) if k != "kind"]
        elif f.name in ("number", "agreement_number", "case_number", "file_number"):
            out.append(value.replace(" ", ""))  # printed without ASCII spaces: 第12号
        else:
            out += texts(value)
    return [t for t in out if t.strip() and t != "None"]


def _all_party_fields() -> list[str]:
    return [f.name for f in dataclasses.fields(PartyInfo)]


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: render(make()) for name, make in samples.ALL.items()}


@pytest.mark.parametrize("kind", KINDS)
def test_every_input_field_is_in_the_text(pdfs: dict[str, bytes], kind: str) -> None:
    doc = samples.ALL[kind]()
    assert_contains(pdfs[kind], *expected_texts(doc))


@pytest.mark.parametrize("kind", KINDS)
def test_every_character_has_an_embedded_glyph(pdfs: dict[str, bytes], kind: str) -> None:
    doc = samples.ALL[kind]()
    wanted = {ch for t in expected_texts(doc) for ch in t if not ch.isspace()}
    missing = wanted - covered_chars(pdfs[kind])
    assert not missing, f"characters without an embedded glyph: {sorted(missing)}"


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_is_blank(pdfs: dict[str, bytes], kind: str, tmp_path: Path) -> None:
    pages = rendered_pages(pdfs[kind], tmp_path)
    assert len(pages) == len(reader(pdfs[kind]).pages)
    texts_ = page_texts(pdfs[kind])
    for number, page in enumerate(pages, start=1):
        assert ink_ratio(page) > 0.002, f"page {number} of {kind} is blank"
        if page_number(texts_[number - 1]) is not None:  # the case file's cover and contents have none
            assert ink_ratio(page, top=0.88, bottom=1.0) > 0, f"page {number} of {kind}: number not in the footer"
        else:
            assert kind == "case-file", f"page {number} of {kind} has no page number"


@pytest.mark.parametrize("kind", KINDS)
def test_metadata_and_fonts(pdfs: dict[str, bytes], kind: str) -> None:
    doc = samples.ALL[kind]()
    meta = reader(pdfs[kind]).metadata
    assert meta is not None
    assert meta.author == (samples.CENTER if kind == "receipt" else samples.COMMITTEE)
    assert meta.title
    names = font_coverage(pdfs[kind])  # asserts every font is embedded
    assert names and not any("STSong" in n for n in names)
    assert b"STSong" not in pdfs[kind] and b"Helvetica" not in pdfs[kind]
    assert doc is not None


def test_agreement_prints_every_domain_field(pdfs: dict[str, bytes]) -> None:
    doc = samples.agreement()
    pdf = pdfs["agreement"]
    assert_contains(
        pdf, "人民调解协议书", f"编号：{doc.number}", "纠纷主要事实、争议事项：", "经调解，自愿达成如下协议：",
        "履行方式、时限：", f"本协议一式{cn_number(len(doc.parties) + 1)}份，当事人、人民调解委员会各持一份。",
        f"人民调解员：{doc.mediator}签名：", f"记录人：{doc.recorder}签名：", f"{doc.committee}（印）", cn_date(doc.date),
        "姓名张𠀀明", "性别男", "民族汉族", "年龄45岁", "职业或职务农民", "联系方式13800000000",
        "单位或住址吉林省辽源市东丰县大阳镇新发村三组",
    )
    for i, term in enumerate(doc.terms, start=1):
        assert_contains(pdf, f"{cn_number(i)}、{term}")
    text = flat_text(pdf)
    persons = [p for p in doc.parties if not p.is_organization]
    for person in persons:  # each person signs in a field with the name beside it, and a fingerprint box
        assert f"{person.role}：{person.name}签名：指印" in text
    # The organization seals and its representative signs.
    assert_contains(pdf, "被申请人：辽源市宏𬌗建筑有限公司盖章：", "法定代表人（负责人）：王𪚥签名：")
    assert text.count("指印：") == 0 and text.count("签名：指印") == len(persons)
    assert doc.copies == 4


def test_rare_and_minority_names_extract_exactly(pdfs: dict[str, bytes]) -> None:
    text = flat_text(pdfs["agreement"])
    for name in ("张𠀀明", "买买提·艾力", "王𪚥", "辽源市宏𬌗建筑有限公司"):
        assert name in text
    fonts = get_fonts()
    assert fonts.font_for("𠀀") != fonts.body  # drawn by the fallback face, not as a box


def test_fifty_terms_paginate_with_page_numbers(tmp_path: Path) -> None:
    doc = samples.many_terms(50)
    pdf = render(doc)
    pages = page_texts(pdf)
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页共{len(pages)}页" in squash_all(page)
    for i, term in enumerate(doc.terms, start=1):
        assert_contains(pdf, f"{cn_number(i)}、{term}")
    assert all(ink_ratio(p) > 0.002 for p in rendered_pages(pdf, tmp_path))


def test_ten_parties_fit() -> None:
    doc = samples.many_parties(10)
    pdf = render(doc)
    text = flat_text(pdf)
    for party in doc.parties:
        assert f"姓名{party.name}" in text
        assert f"{party.role}：{party.name}签名：指印" in text
    assert f"本协议一式{cn_number(11)}份" in text


def test_case_file_contents_list_gives_real_page_numbers() -> None:
    doc = samples.case_file()
    pdf = render(doc)
    pages = page_texts(pdf)
    assert "人民调解卷宗" in pages[0] and "卷内目录" in pages[1]
    numbered = [page_number(p) for p in pages]
    assert numbered[0] is None and numbered[1] is None and numbered[-1] is None  # cover, contents, back cover
    total = sum(m.pages for m in doc.paper_materials) + len(pages) - 3
    assert_contains(pdf, doc.title, doc.retention, f"本卷共{total}页")
    contents = "".join(pages[1].split())
    for title in ("人民调解协议书", "人民调解申请书", "人民调解受理登记表", "调查记录", "回访记录", "司法确认申请书"):
        index = next(i for i, p in enumerate(pages[2:], start=2) if squash(p).startswith(title))
        start = numbered[index]
        assert f"{title}{start}" in contents, f"{title} should be listed on page {start}"
    # filing order: application before the agreement before the follow-up
    assert contents.index("人民调解申请书") < contents.index("人民调解协议书") < contents.index("回访记录")


def test_same_input_gives_identical_bytes() -> None:
    assert render(samples.agreement()) == render(samples.agreement())
    assert render(samples.case_file()) == render(samples.case_file())


@pytest.mark.slow  # fresh interpreters
def test_identical_bytes_across_processes() -> None:
    code = "import sys;from desktop.documents import render, samples;sys.stdout.buffer.write(render(samples.agreement()))"
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        outs.append(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True,
                                   cwd=REPO, timeout=120).stdout)
    assert outs[0] == outs[1] == render(samples.agreement())


def test_different_input_gives_a_different_id() -> None:
    a = reader(render(samples.agreement())).trailer["/ID"]
    b = reader(render(dataclasses.replace(samples.agreement(), number="（2026）东大人调字第 13 号"))).trailer["/ID"]
    assert a != b


@pytest.fixture
def no_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("layout started despite invalid input")

    monkeypatch.setattr(dispatch, "build_pdf", fail)


@pytest.mark.usefixtures("no_layout")
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"parties": ()}, "当事人不足"),
        ({"parties": (samples.APPLICANT,)}, "当事人不足"),
        ({"terms": ()}, "没有协议条款"),
        ({"terms": ("给付五百元。", "  ")}, "第 2 条协议条款为空"),
        ({"number": ""}, "缺少协议编号"),
        ({"facts": ""}, "缺少纠纷主要事实、争议事项"),
        ({"mediator": ""}, "缺少人民调解员"),
        ({"parties": (samples.APPLICANT, dataclasses.replace(samples.COMPANY, representative=""))}, "缺少法定代表人"),
    ],
)
def test_bad_agreement_is_refused_before_layout(change: dict[str, object], message: str) -> None:
    with pytest.raises(DocumentError) as err:
        render(dataclasses.replace(samples.agreement(), **change))  # type: ignore[arg-type]
    assert message in str(err.value)
    assert str(err.value).startswith("无法生成人民调解协议书")


@pytest.mark.usefixtures("no_layout")
def test_all_problems_are_reported_together() -> None:
    with pytest.raises(DocumentError) as err:
        render(dataclasses.replace(samples.agreement(), parties=(), terms=(), number=""))
    assert len(err.value.problems) == 3


@pytest.mark.usefixtures("no_layout")
def test_character_no_font_has_is_refused() -> None:
    odd = PartyInfo(role="被申请人", name="李\U0010fffd")
    with pytest.raises(DocumentError, match="U\\+10FFFD"):
        render(dataclasses.replace(samples.agreement(), parties=(samples.APPLICANT, odd)))


@pytest.mark.usefixtures("no_layout")
def test_other_documents_refuse_missing_fields() -> None:
    cases = [
        (dataclasses.replace(samples.application(), requests=""), "缺少申请事项"),
        (dataclasses.replace(samples.register(), source="路过"), "案件来源「路过」"),
        (dataclasses.replace(samples.record(), statements=(), facts=""), "记录内容为空"),
        (dataclasses.replace(samples.oral(), content=""), "缺少协议内容"),
        (dataclasses.replace(samples.followup(), satisfaction="还行"), "满意度「还行」"),
        (dataclasses.replace(samples.judicial(), date=date(2027, 3, 1)), "已超过申请期限"),
        (dataclasses.replace(samples.receipt(), query_code=""), "缺少查询码"),
        (dataclasses.replace(samples.case_file(), documents=()), "卷内没有文书"),
    ]
    for doc, message in cases:
        with pytest.raises(DocumentError, match=message):
            render(doc)


def test_unknown_type_is_refused() -> None:
    with pytest.raises(DocumentError, match="不支持的文书类型"):
        render("not a document")


@pytest.mark.slow  # a fresh interpreter
def test_shipped_fonts_alone_render_rare_characters() -> None:
    code = (
        "import sys;from desktop.documents import render, samples;"
        "sys.stdout.buffer.write(render(samples.agreement()))"
    )
    env = {**os.environ, "TOWNSHIP_DESK_SHIPPED_FONTS_ONLY": "1", "PYTHONPATH": str(REPO)}
    pdf = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True, cwd=REPO,
                         timeout=120).stdout
    names = font_coverage(pdf)
    assert any("UMingCN" in n for n in names) and any("HanaMinB" in n for n in names)
    assert "张𠀀明" in flat_text(pdf)


def test_chinese_numbers() -> None:
    assert [cn_number(n) for n in (1, 10, 11, 20, 21, 50, 100, 105, 110)] == [
        "一", "十", "十一", "二十", "二十一", "五十", "一百", "一百零五", "一百一十"]


@pytest.mark.parametrize("kind", KINDS)
def test_no_line_starts_with_closing_punctuation(pdfs: dict[str, bytes], kind: str) -> None:
    for page in page_texts(pdfs[kind]):
        for line in page.splitlines():
            stripped = line.strip()
            assert not stripped or stripped[0] not in "，。、；：）》」』】！？", f"line starts with a mark: {stripped!r}"


def test_line_breaker_keeps_amounts_and_brackets_together() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.documents.linebreak import word_split

    fonts = get_fonts()
    text = "申请人一次性补偿被申请人拆墙材料费人民币伍佰元（¥500.00），于签订本协议之日当面付清。"
    width = stringWidth("申请人一次性补偿被申请人拆墙材料费人民币伍佰元（¥50", fonts.body, 14)
    lines = [t for _, t in word_split(text, [width], fonts.body, 14)]
    assert "".join(lines) == text
    assert lines[1].startswith("（¥500.00），")
    assert all(stringWidth(t, fonts.body, 14) <= width + 0.01 for t in lines)
