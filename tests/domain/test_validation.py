from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.enums import Channel, Sex
from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.domain.forms import CaseForm, PartyForm
from desktop.domain.validation import (
    id_check_digit,
    mask_id_number,
    normalize_name,
    normalize_phone,
    parse_resident_id,
)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_documented_examples_are_valid(number: str) -> None:
    rid = parse_resident_id(number)
    assert rid.number == number
    assert not rid.legacy


def test_example_fields() -> None:
    rid = parse_resident_id("11010519491231002x")
    assert rid.birth_date == date(1949, 12, 31)
    assert rid.sex is Sex.FEMALE  # sequence 002: even
    assert rid.number.endswith("X")


births = st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31))


@given(area=st.integers(110000, 659999), birth=births, seq=st.integers(0, 999))
def test_generated_ids_roundtrip(area: int, birth: date, seq: int) -> None:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    rid = parse_resident_id(first17 + id_check_digit(first17))
    assert rid.birth_date == birth
    assert rid.sex is (Sex.MALE if seq % 2 else Sex.FEMALE)


@given(area=st.integers(110000, 659999), birth=births, seq=st.integers(0, 999), wrong=st.sampled_from("0123456789X"))
def test_wrong_check_digit_is_refused(area: int, birth: date, seq: int, wrong: str) -> None:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    if wrong == id_check_digit(first17):
        return
    with pytest.raises(ValidationError, match="校验位"):
        parse_resident_id(first17 + wrong)


@given(st.text(max_size=25))
def test_parser_never_crashes(text: str) -> None:
    try:
        parse_resident_id(text)
    except ValidationError as e:
        assert e.message and e.field == "id_number"


def test_legacy_15_digit_is_flagged() -> None:
    rid = parse_resident_id("110105491231002")
    assert rid.legacy and rid.birth_date == date(1949, 12, 31)


@pytest.mark.parametrize("raw,expected", [("138 0013 8000", "13800138000"), ("+8613800138000", "13800138000"),
                                         ("0434-3271234", "0434-3271234"), ("12345", "12345")])
def test_phones(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["1380013800", "23800138000x", "abc"])
def test_bad_phones(raw: str) -> None:
    with pytest.raises(ValidationError):
        normalize_phone(raw)


def test_names_keep_rare_characters_and_dot() -> None:
    assert normalize_name(" 张𠀾三 ") == "张𠀾三"
    assert normalize_name("买买提•艾力") == "买买提·艾力"
    with pytest.raises(ValidationError):
        normalize_name("张三3")


def test_mask() -> None:
    assert mask_id_number("220402199001011234") == "2204**********1234"


def test_case_form_reports_every_error_with_its_field() -> None:
    form = CaseForm(Channel.WALK_IN, "不存在的类别", "", [PartyForm("", id_number="110105194912310021"), PartyForm("李四", phone="123")])
    with pytest.raises(ValidationErrors) as info:
        form.validated(["邻里"])
    fields = {e.field for e in info.value.errors}
    assert {"category", "summary", "parties[0].name", "parties[0].id_number", "parties[1].phone"} <= fields


def test_party_form_fills_birth_and_sex() -> None:
    p = PartyForm("王五", id_number="440524188001010014").validated()
    assert p.birth_date == date(1880, 1, 1) and p.sex is Sex.MALE
