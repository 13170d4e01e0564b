"""Validators for resident ID numbers, phone numbers, names and free text (messages in Chinese)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .enums import Sex
from .errors import ValidationError
from .privacy import mask_id_number as mask_id_number  # re-exported: older imports keep working
from .privacy import mask_phone as mask_phone

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Landline: optional area code 0xx / 0xxx, a 7–8 digit number, optional extension.
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")
_SERVICE = re.compile(r"^(1\d{4}|400\d{7}|800\d{7})$")

# One limit for a case's or a visit's summary (事项概要 / 来访事由): a visit becomes a case's summary.
SUMMARY_MAX_CHARS = 4000
# Other free text (诉求, 答复内容, 履行情况, …).
TEXT_MAX_CHARS = 2000

# What people paste: full-width digits and letters from an input method, dashes of every width,
# ideographic spaces, and characters nobody can see (zero-width spaces, BOM, soft hyphen).
_FOLD = str.maketrans("０１２３４５６７８９ｘＸ－—–―‐　", "0123456789XX----- ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None)
_BLANK_BETWEEN_WIDE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def clean_text(raw: str | None) -> str:
    """Multi-line text as pasted: invisible characters removed, Windows line ends unified, trimmed."""
    return (raw or "").translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n").strip()


def clean_line(raw: str | None) -> str:
    """One-line text as pasted: `clean_text`, then every run of spaces, tabs and newlines is one space."""
    return " ".join(clean_text(raw).split())


def fold_number(raw: str | None) -> str:
    """An ID or phone number as pasted: full-width digits made ASCII, spaces and dashes removed, X upper."""
    return re.sub(r"[\s\-]", "", clean_text(raw).translate(_FOLD)).upper()


@dataclass(frozen=True)
class ResidentId:
    """A validated resident ID with what it encodes."""

    number: str
    birth_date: date
    sex: Sex
    area_code: str
    legacy: bool  # a 15-digit first-generation number

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


def id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def parse_resident_id(raw: str, field: str = "id_number", today: date | None = None) -> ResidentId:
    """Validate an 18-digit (or legacy 15-digit) resident ID number; raise ValidationError in Chinese."""
    number = fold_number(raw)
    if not number:
        raise ValidationError("请填写身份证号码", field)
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError("15位身份证号码应全部为数字", field)
        birth_text = "19" + number[6:12]
        legacy = True
        seq = number[12:15]
    elif len(number) == 18:
        if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
            raise ValidationError("身份证号码前17位应为数字，最后一位为数字或X", field)
        expected = id_check_digit(number[:17])
        if number[17] != expected:
            raise ValidationError("身份证号码校验位不正确，请核对后重新输入", field)
        birth_text = number[6:14]
        legacy = False
        seq = number[14:17]
    else:
        raise ValidationError(f"身份证号码应为18位（当前{len(number)}位）", field)
    try:
        birth = date(int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:8]))
    except ValueError:
        raise ValidationError("身份证号码中的出生日期无效", field) from None
    if birth > (today or date.today()) or birth.year < 1880:
        raise ValidationError("身份证号码中的出生日期不合理", field)
    sex = Sex.MALE if int(seq[-1]) % 2 == 1 else Sex.FEMALE
    return ResidentId(number=number, birth_date=birth, sex=sex, area_code=number[:6], legacy=legacy)


def normalize_phone(raw: str, field: str = "phone") -> str:
    """Validate a mobile, landline or service number; return it without spaces (a mobile as 11 digits,
    however it was grouped: "138-1234-5678", "138 1234 5678", full-width digits)."""
    phone = re.sub(r"[\s()（）]", "", clean_text(raw).translate(_FOLD))
    if phone.startswith("+86"):
        phone = phone[3:]
    if not phone:
        raise ValidationError("请填写联系电话", field)
    if _MOBILE.match(phone.replace("-", "")):
        return phone.replace("-", "")
    if _LANDLINE.match(phone) or _SERVICE.match(phone):
        return phone
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("1") and len(digits) != 11:
        raise ValidationError(f"手机号码应为11位（当前{len(digits)}位）", field)
    raise ValidationError("电话号码格式不正确：手机号为11位，固定电话如 0434-1234567", field)


def is_mobile(phone: str) -> bool:
    return bool(_MOBILE.match(phone))


def normalize_name(raw: str, field: str = "name", max_len: int = 40) -> str:
    """Keep a person's name exactly (rare characters, '·'), only trimming, dropping invisible characters
    and line breaks around it, and unifying the middle dot."""
    name = clean_line(raw)
    # Several look-alike dots are typed for minority names; store the one the ID card uses.
    for dot in ("•", "∙", "‧", "・", "．", "."):
        name = name.replace(dot, "·")
    name = re.sub(r"\s*·\s*", "·", name)
    if not name:
        raise ValidationError("请填写姓名", field)
    if len(name) > max_len:
        raise ValidationError(f"姓名不能超过{max_len}个字", field)
    if _BLANK_BETWEEN_WIDE.search(name):
        # "张三\n李四" pasted from a list is two people, not one name with a space.
        raise ValidationError("姓名中间不能有空格或换行，请只填写一个人的姓名", field)
    for ch in name:
        cat = unicodedata.category(ch)
        if ch != "·" and not cat.startswith("L") and ch not in " ":
            raise ValidationError(f"姓名中含有不允许的字符“{ch}”", field)
    return name


def require_text(raw: str | None, label: str, field: str, max_len: int = TEXT_MAX_CHARS, required: bool = True) -> str:
    text = clean_text(raw)
    if required and not text:
        raise ValidationError(f"请填写{label}", field)
    if len(text) > max_len:
        raise ValidationError(f"{label}不能超过{max_len}字（当前{len(text)}字）", field)
    return text
