from desktop.domain.privacy import PersonalField, mask_id_number, mask_phone, masked, shown


def test_id_numbers_and_phones_keep_only_their_ends() -> None:
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number(None) == mask_phone("") == ""
    assert mask_id_number("1234567") == "*******"


def test_shown_reveals_only_when_asked() -> None:
    assert shown("13812345678", PersonalField.PHONE, revealed=False) == "138****5678"
    assert shown("13812345678", PersonalField.PHONE, revealed=True) == "13812345678"
    assert masked("11010519491231002X", PersonalField.ID_NUMBER) == "1101**********002X"


def test_names_keep_the_first_character() -> None:
    from desktop.domain.privacy import mask_name

    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("李") == "*"
    assert mask_name(None) == ""


def test_scrub_masks_numbers_and_names_inside_free_text() -> None:
    from desktop.domain.privacy import scrub

    text = "甲方张三丰（身份证11010519491231002X，电话13812345678）与乙方李四达成协议"
    out = scrub(text, ["张三丰", "李四"])
    assert "11010519491231002X" not in out and "13812345678" not in out
    assert "张三丰" not in out and "李四" not in out
    assert "1101**********002X" in out and "138****5678" in out and "张**" in out
