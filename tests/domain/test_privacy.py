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
