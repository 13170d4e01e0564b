"""What people paste is normalised in one place (desktop/domain/validation.py); the rest is rejected
with every problem at once, in Chinese, each on its field."""

from __future__ import annotations

import pytest

from desktop.domain.enums import Channel
from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.domain.forms import CaseForm, PartyForm, ReceptionForm
from desktop.domain.validation import (
    SUMMARY_MAX_CHARS,
    clean_line,
    fold_number,
    normalize_name,
    normalize_phone,
    parse_resident_id,
)

ID = "11010519491231002X"


@pytest.mark.parametrize("pasted", ["138-1234-5678", "138 1234 5678", "１３８１２３４５６７８", "+86 138-1234-5678",
                                    " 13812345678\n", "138－1234－5678"])
def test_mobile_numbers_as_pasted(pasted: str) -> None:
    assert normalize_phone(pasted) == "13812345678"


def test_landline_keeps_its_area_code_dash() -> None:
    assert normalize_phone("0434－3234567") == "0434-3234567"
    assert normalize_phone("(0434) 3234567") == "04343234567"


@pytest.mark.parametrize("pasted", ["110105 19491231 002X", "110105-19491231-002x", "１１０１０５１９４９１２３１００２Ｘ",
                                    f"\ufeff{ID}\u200b"])
def test_id_numbers_as_pasted(pasted: str) -> None:
    assert fold_number(pasted) == ID
    assert parse_resident_id(pasted).number == ID


@pytest.mark.parametrize("pasted", ["张三\n", " 张三 ", "\u200b张三", "张三\r\n", "\t张三"])
def test_names_trimmed_of_what_cannot_be_seen(pasted: str) -> None:
    assert normalize_name(pasted) == "张三"


def test_two_names_pasted_as_one_is_said_plainly() -> None:
    with pytest.raises(ValidationError, match="只填写一个人的姓名"):
        normalize_name("张三\n李四")
    assert normalize_name("买买提 · 艾力") == "买买提·艾力"
    assert normalize_name("John  Smith") == "John Smith"
    assert clean_line("a\n\n b") == "a b"


def test_one_summary_limit_for_visits_and_cases() -> None:
    text = "字" * SUMMARY_MAX_CHARS
    assert ReceptionForm(Channel.WALK_IN, summary=text).validated().summary == text
    assert CaseForm(Channel.WALK_IN, "邻里", text, [PartyForm(name="张三")]).validated(["邻里"]).summary == text
    with pytest.raises(ValidationErrors, match=f"不能超过{SUMMARY_MAX_CHARS}字"):
        ReceptionForm(Channel.WALK_IN, summary=text + "多").validated()
    with pytest.raises(ValidationErrors, match=f"不能超过{SUMMARY_MAX_CHARS}字"):
        CaseForm(Channel.WALK_IN, "邻里", text + "多", [PartyForm(name="张三")]).validated(["邻里"])


def test_every_error_at_once() -> None:
    form = ReceptionForm(Channel.WALK_IN, visitor_name="张三\n李四", visitor_id_number="110105194912310021",
                         visitor_phone="138-1234-567", summary="")
    with pytest.raises(ValidationErrors) as caught:
        form.validated()
    fields = {e.field for e in caught.value.errors}
    assert fields == {"visitor_name", "visitor_id_number", "visitor_phone", "summary"}
