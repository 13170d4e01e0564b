"""Issue 14: documents a court clerk accepts, checked on the real PDFs of the hidden-case-style set.

Text by line (pdftotext -layout), line boxes (pdftotext -bbox-layout), which page the signature
block lands on, page counts and embedded fonts.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.documents import render, samples
from desktop.documents.case_file import COMPLETE
from desktop.documents.layout import MARGIN_LEFT, MARGIN_RIGHT, PAGE_W, TEXT_W
from desktop.documents.linebreak import CANNOT_END, CANNOT_START, UNITS, break_lines, can_break
from desktop.documents.model import PaperMaterial

from .pdfcheck import (
    covered_chars,
    flat_text,
    font_coverage,
    layout_pages,
    line_boxes,
    page_of,
    page_texts,
    reader,
    squash_all,
)


@pytest.fixture(scope="module")
def hard() -> dict[str, bytes]:
    return {kind: render(make()) for kind, make in samples.HARD.items()}


@pytest.fixture(scope="module")
def lines(hard: dict[str, bytes]) -> dict[str, list[list[str]]]:
    return {kind: layout_pages(pdf) for kind, pdf in hard.items()}


def _all_lines(pages: list[list[str]]) -> list[str]:
    return [line for page in pages for line in page]


# ---------------------------------------------------------------- 1. signatures with their clause, page numbers

SIGNATURE_PAGES = [
    ("agreement", "本协议一式七份"),
    ("judicial", "此致"),
    ("record", "以上记录已经本人阅读"),
    ("register", "登记人周受理"),
]


@pytest.mark.parametrize(("kind", "clause"), SIGNATURE_PAGES)
def test_signature_block_shares_its_page_with_the_closing_clause(
        lines: dict[str, list[list[str]]], kind: str, clause: str) -> None:
    pages = lines[kind]
    assert len(pages) > 1, "the hard sample must run over pages for this test to mean anything"
    signing = page_of(pages, "签名：")
    assert signing, "no signature line"
    clause_pages = page_of(pages, clause)
    assert clause_pages and min(signing) == clause_pages[-1], (
        f"{kind}: signatures start on page {min(signing)}, the closing clause is on {clause_pages}")


def test_the_five_page_agreement_keeps_everything_signed_on_the_last_page(lines: dict[str, list[list[str]]]) -> None:
    pages = lines["agreement"]
    last = squash_all("".join(pages[-1]))
    doc = samples.hard_agreement()
    for party in doc.parties:
        assert party.name in last
    for text in ("本协议一式七份", "人民调解员：李和平", "记录人：赵文书", f"{doc.committee}（印）", "2026年11月30日"):
        assert text in last


@pytest.mark.parametrize("kind", ["agreement", "judicial", "register", "record", "receipt", "followup"])
def test_pages_say_n_of_m_at_the_gbt9704_place(hard: dict[str, bytes], lines: dict[str, list[list[str]]],
                                               kind: str) -> None:
    pages = lines[kind]
    total = len(reader(hard[kind]).pages)
    assert len(pages) == total
    boxes = line_boxes(hard[kind])
    for n, page in enumerate(pages, start=1):
        label = f"第{n}页共{total}页"
        assert squash_all(page[-1]) == label, f"page {n} ends with {page[-1]!r}"
        first = next(b for b in boxes[n - 1] if b[2] == f"第{n}页")
        last = next(b for b in boxes[n - 1] if b[2] == f"共{total}页")
        if n % 2:  # odd pages: at the right, one character in from the type area
            assert abs(last[1] - (PAGE_W - MARGIN_RIGHT - 14)) < 2
        else:
            assert abs(first[0] - (MARGIN_LEFT + 14)) < 2


def test_no_ascii_spaces_in_document_numbers(lines: dict[str, list[list[str]]]) -> None:
    text = "\n".join(_all_lines(lines["agreement"]))
    assert "（2026）伊墩人调字第41号" in text
    for kind, pages in lines.items():
        assert not re.search(r"第 \d+ 号", "\n".join(_all_lines(pages))), kind


# ---------------------------------------------------------------- 2. named signature fields

@pytest.mark.parametrize("kind", ["agreement", "judicial", "record"])
def test_each_party_signs_in_a_named_field_with_a_fingerprint_box(lines: dict[str, list[list[str]]],
                                                                    kind: str) -> None:
    flat = _all_lines(lines[kind])
    doc = samples.HARD[kind]()
    for party in doc.parties:
        if party.is_organization:
            continue
        row = [line for line in flat if party.name in line and "签名：" in line]
        assert row, f"no signing line beside {party.name}"
        assert "指印" in row[0], "no fingerprint box beside the signature"
    text = squash_all("".join(flat))
    if kind != "record":
        assert "伊宁县𬌗𠀀农业机械专业合作社有限责任公司盖章：" in text
        assert "法定代表人（负责人）：艾尔肯·吐尔逊签名：" in text


# ---------------------------------------------------------------- 3. 司法确认申请书

def test_judicial_confirmation_is_a_joint_application(lines: dict[str, list[list[str]]]) -> None:
    flat = _all_lines(lines["judicial"])
    headers = [line for line in flat if re.match(r"^(被)?申请人：(姓名|名称)", line)]
    assert len(headers) == 3 and all(h.startswith("申请人：") for h in headers)
    text = squash_all("".join(flat))
    assert text.index("2026年12月5日") < text.index("附：") < text.index("当事人送达地址确认书")
    assert "被申请人：" not in text and "被申请人（" not in text


# ---------------------------------------------------------------- 4. line breaking

def test_no_line_opens_with_a_forbidden_character(lines: dict[str, list[list[str]]]) -> None:
    for kind, pages in lines.items():
        for line in _all_lines(pages):
            assert line[0] not in CANNOT_START, f"{kind}: {line!r}"
            assert line[-1] not in "□■（《“", f"{kind}: {line!r}"


def test_amounts_units_and_names_are_never_split(lines: dict[str, list[list[str]]]) -> None:
    flat = _all_lines(lines["agreement"]) + _all_lines(lines["judicial"])
    text = "\n".join(flat)
    for whole in ("9,400.00元", "12,345.67元", "21,745.67元", "6,625.00元", "5.25%", "41岁", "132.5亩",
                  "3,600个", "6228480012345678901", "65402119850315002X", "阿依古丽·买买提"):
        assert whole in text, f"{whole} is split across lines"
    for line in flat:
        assert not re.search(r"\d[,.]$", line), line


def test_cjk_lines_are_justified_to_the_right_margin(hard: dict[str, bytes]) -> None:
    right = MARGIN_LEFT + TEXT_W
    checked = 0
    for page in line_boxes(hard["agreement"]):
        body = [b for b in page if b[0] >= MARGIN_LEFT - 1 and len(b[2]) >= 20]
        for (_x0, x1, text), nxt in itertools.pairwise(body):
            # a line followed by a continuation of the same paragraph (not indented, not a new item)
            if nxt[0] < MARGIN_LEFT + 3 and not re.match(r"^(申请人|被申请人|职业|身份|单位|法定|联系)", nxt[2]):
                assert right - x1 < 3, f"ragged line ends {right - x1:.1f} pt short: {text}"
                checked += 1
    assert checked > 10


CJK = st.sampled_from(list("申请人被调解协议书纠纷事实和双方同意支付赔偿款项年月日元岁号"))
PUNCT = st.sampled_from(list("，。、；：）（《》“”%·□■"))
NUMBER = st.builds(lambda a, b, c: f"{a:,}.{b:02d}{c}", st.integers(0, 10**7), st.integers(0, 99),
                   st.sampled_from(["元", "%", "岁", ""]))
ASCII = st.text(alphabet="0123456789ABCX-", min_size=1, max_size=25)
TEXT = st.lists(st.one_of(CJK, PUNCT, NUMBER, ASCII, st.just(" ")), min_size=1, max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=3, max_value=30))
def test_break_lines_rules_hold_for_any_text(text: str, per_line: int) -> None:
    widths = [0.5 if ch.isascii() else 1.0 for ch in text]
    ends = break_lines(list(text), widths, [float(per_line)], [False] * len(text))
    assert ends and ends[-1] == len(text) and ends == sorted(set(ends))
    start = 0
    for end in ends[:-1]:
        line = text[start:end]
        fits = sum(widths[start:start + len(line.rstrip(" "))]) <= per_line + 1e-6
        # a line never overflows, unless it is one unbreakable run wider than a line
        assert fits or not any(can_break(text, k) for k in range(start + 1, end))
        if fits and end < len(text):
            nxt = text[end:].lstrip(" ")
            assert not nxt or nxt[0] not in CANNOT_START or not any(
                can_break(text, k) for k in range(start + 1, end)), (line, nxt)
            assert line.rstrip(" ")[-1:] not in CANNOT_END or not any(
                can_break(text, k) for k in range(start + 1, end - 1)), line
        start = end


@given(NUMBER)
def test_a_number_with_separators_and_its_unit_never_breaks(number: str) -> None:
    text = f"合计人民币{number}，当面付清"
    offset = len("合计人民币")
    assert not any(can_break(text, k) for k in range(offset + 1, offset + len(number)))
    if number[-1] in UNITS:
        assert not can_break(text, offset + len(number) - 1)


def test_break_lines_examples() -> None:
    def split(text: str, width: int) -> list[str]:
        ends = break_lines(list(text), [1.0] * len(text), [float(width)], [False] * len(text))
        return [text[a:b] for a, b in zip([0, *ends], ends, strict=False)]

    assert split("支付人民币9,400.00元整", 10) == ["支付人民币", "9,400.00元整"]
    assert split("姓名阿依古丽·买买提", 7) == ["姓名阿依古丽", "·买买提"] or "·" not in split("姓名阿依古丽·买买提", 7)[1][:1]
    assert split("来源□当事人申请", 3) == ["来源", "□当事", "人申请"]
    assert split("年龄 41岁", 5) == ["年龄 ", "41岁"]


# ---------------------------------------------------------------- 5. stored values

def test_stored_copies_are_printed(lines: dict[str, list[list[str]]]) -> None:
    assert "本协议一式七份" in squash_all("".join(_all_lines(lines["agreement"])))
    default = render(samples.agreement())
    assert "本协议一式四份" in squash_all("".join(_all_lines(layout_pages(default))))


# ---------------------------------------------------------------- 6. table rows

def test_a_long_form_cell_continues_under_its_label(hard: dict[str, bytes], lines: dict[str, list[list[str]]]) -> None:
    pages = [squash_all(t) for t in page_texts(hard["register"])]
    first = next(i for i, t in enumerate(pages) if "纠纷简要情况" in t)
    assert "纠纷简要情况（续）" not in pages[first]
    assert "纠纷简要情况（续）" in pages[first + 1], "the continued cell repeats its label"
    # no ghost cells: every label printed once per page at most
    for text in pages:
        assert text.count("纠纷简要情况") <= 1


def test_the_receipt_is_one_page_with_an_abridged_summary(hard: dict[str, bytes],
                                                          lines: dict[str, list[list[str]]]) -> None:
    assert len(reader(hard["receipt"]).pages) == 1
    text = squash_all("".join(lines["receipt"][0]))
    assert "详见登记表" in text and "咨询电话0999-4321098" in text and "东丰县大阳镇社会治理服务中心（章）" in text
    short = render(samples.receipt())
    assert len(reader(short).pages) == 1 and "详见登记表" not in squash_all("".join(layout_pages(short)[0]))


# ---------------------------------------------------------------- 7. 卷宗

def test_case_file_cover_contents_and_back_cover(hard: dict[str, bytes], lines: dict[str, list[list[str]]]) -> None:
    pages = lines["case-file"]
    cover = squash_all(page_texts(hard["case-file"])[0])
    for field in ("卷名", "卷号", "人民调解员", "调解日期", "立卷人", "立卷日期", "保管期限", "备注"):
        assert field in cover
    assert "阿依古丽·买买提等与伊宁县𬌗𠀀农业机械专业合作社有限责任公司农机作业纠纷" in cover
    assert "自2026年11月20日至2026年11月30日" in cover and "（2026）伊墩人调字第41号" in cover
    assert not re.search(r"第\d+页", cover), "the cover is not page-numbered"
    contents = squash_all("".join(pages[1]))
    for item in ("权利义务告知书", "当事人身份证明", "封底"):
        assert item in contents
    assert "当事人身份证明9—11扫描件，3页" in contents or re.search(r"当事人身份证明\d+—\d+扫描件，3页", contents)
    assert COMPLETE.rstrip("。") in squash_all("".join(pages[-1]))


def test_an_incomplete_case_file_never_says_complete() -> None:
    doc = samples.hard_case_file(paper=(PaperMaterial("当事人身份证明", 0),))
    pages = layout_pages(render(doc))
    contents = squash_all("".join(pages[1]))
    assert "权利义务告知书" in contents and "未归档" in contents and "页数未清点" in contents
    back = squash_all("".join(pages[-1]))
    assert "卷内材料齐全" not in back
    assert "卷内材料不全：权利义务告知书、当事人身份证明（页数未清点）" in back


def test_paper_pages_take_their_place_in_the_numbering() -> None:
    doc = samples.hard_case_file()
    pdf = render(doc)
    pages = layout_pages(pdf)
    numbers = [re.search(r"第(\d+)页共(\d+)页", squash_all("".join(p))) for p in pages]
    numbered = [(int(m.group(1)), int(m.group(2))) for m in numbers if m]
    paper = sum(m.pages for m in doc.paper_materials)
    assert numbered[-1][1] == len(numbered) + paper  # 共M页 counts the paper pages
    assert f"本卷共{len(numbered) + paper}页（其中纸质材料{paper}页）" in squash_all("".join(pages[-1]))


# ---------------------------------------------------------------- 8. 回访记录

def test_followup_has_purpose_and_visited_person(hard: dict[str, bytes]) -> None:
    text = flat_text(hard["followup"])
    assert "回访事由回访调解协议（编号：（2026）东大人调字第12号）履行情况及当事人满意度" in text
    assert "被回访人□阿依古丽·买买提□𠀾𡈼𪚥□伊宁县𬌗𠀀农业机械专业合作社有限责任公司" in text
    named = render(dataclasses.replace(samples.followup(), purpose="了解补偿款支付情况"))
    named_text = flat_text(named)
    assert "回访事由了解补偿款支付情况" in named_text and "被回访人张𠀀明" in named_text


# ---------------------------------------------------------------- 9. minor points, fonts

def test_term_sub_items_stay_lines_of_their_own(lines: dict[str, list[list[str]]]) -> None:
    flat = _all_lines(lines["agreement"])
    for item in ("（1）更换主管道约120米；", "（2）更换支管及滴头共计3,600个；"):
        assert item in flat


@pytest.mark.parametrize("kind", sorted(samples.HARD))
def test_hard_set_fonts_embedded_and_every_glyph_present(hard: dict[str, bytes], kind: str) -> None:
    fonts = font_coverage(hard[kind])  # asserts each font is embedded
    assert fonts
    doc = samples.HARD[kind]()
    names = {p.name for p in getattr(doc, "parties", ())}
    wanted = {ch for name in names for ch in name}
    assert not wanted - covered_chars(hard[kind])


def test_hard_set_repeats_byte_identical() -> None:
    for make in samples.HARD.values():
        assert render(make()) == render(make())


def test_a_paragraph_continued_on_the_next_page_is_not_indented_again(hard: dict[str, bytes]) -> None:
    pages = line_boxes(hard["agreement"])
    top = next(b for b in pages[1] if b[2])
    # page 2 opens in the middle of the facts paragraph: flush left, not a new first-line indent
    assert "120米" in top[2] and abs(top[0] - MARGIN_LEFT) < 2


@pytest.mark.parametrize("kind", ["agreement", "judicial", "register", "record"])
def test_no_page_but_the_last_is_mostly_empty(hard: dict[str, bytes], kind: str) -> None:
    """Keeping the signatures with their clause moves content, but never leaves a page mostly blank."""
    boxes = line_boxes(hard[kind])
    page_h = 841.89
    for n, page in enumerate(boxes[:-1], start=1):
        body = [b for b in page if not re.fullmatch(r"第\d+页|共\d+页", b[2])]
        assert body, f"page {n} is empty"
    ys = _text_bottoms(hard[kind])
    type_top, type_bottom = 37 * 72 / 25.4, page_h - 35 * 72 / 25.4
    for n, bottom in enumerate(ys[:-1], start=1):
        used = (bottom - type_top) / (type_bottom - type_top)
        assert used > 0.5, f"{kind}: page {n} is {1 - used:.0%} empty"


def _text_bottoms(pdf: bytes) -> list[float]:
    """Per page, the lowest y (from the top) of any text above the footer."""
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True,
                          timeout=120).stdout.decode("utf-8")
    out = []
    for page in html.split("<page ")[1:]:
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)
        body = [float(y1) for _y0, y1, w in words if not re.fullmatch(r"第\d+页|共\d+页", w)]
        out.append(max(body) if body else 0.0)
    return out


def test_judicial_attachments_stay_with_the_signatures_and_date() -> None:
    """The 附 list after the signatures and the date never starts a page of its own: every length of the
    terms that moves the end of the application across a page boundary keeps 附 on the date's page."""
    from desktop.documents.layout import cn_date

    base = samples.judicial()
    seen_pages: set[int] = set()
    for extra in range(24):
        terms = tuple(base.terms) + tuple(
            f"第{i}项：被申请人于2027年{i % 12 + 1}月底前支付分期款人民币3,000.00元至申请人指定账户" for i in range(extra))
        doc = dataclasses.replace(base, terms=terms)
        pages = layout_pages(render(doc))
        seen_pages.add(len(pages))
        attached, dated = page_of(pages, "附："), page_of(pages, cn_date(doc.date))
        assert attached == dated == [len(pages)], (extra, attached, dated)
        last = "".join("".join(line.split()) for line in pages[-1])
        assert "申请人" in last and "签名" in last  # the signature rows are on that page too
        assert all(a in last for a in doc.attachments)
    assert len(seen_pages) >= 3  # the lengths crossed at least two page boundaries
    # many applicants: the closing block is taller than a page and flows; the date still keeps 附 with it
    for n in (9, 14, 20):  # 9 and 20 put the date last on a page without the keep
        parties = tuple(dataclasses.replace(base.parties[0], name=f"申请人{chr(0x4E00 + i)}某") for i in range(n))
        doc = dataclasses.replace(base, parties=parties)
        pages = layout_pages(render(doc))
        assert page_of(pages, "附：") == page_of(pages, cn_date(doc.date)) == [len(pages)], n
