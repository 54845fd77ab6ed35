"""Checks and normalisation of the applicant's identifiers, and masking for public views.

Each `normalize_*` returns the stored form or raises InvalidInput naming the field.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from motcua.core.errors import InvalidInput
from motcua.core.text import clean

_DIGITS12 = re.compile(r"^\d{12}$")
_TAX10 = re.compile(r"^\d{10}$")
_TAX13 = re.compile(r"^(\d{10})-?(\d{3})$")
_PHONE = re.compile(r"^0\d{9,10}$")

# 4th digit of a citizen ID: sex and century of birth (Circular 59/2021/TT-BCA art. 7).
_CENTURY_BY_DIGIT = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200}
_CENTURY_BY_DIGIT.update({8: 2300, 9: 2300})


def normalize_citizen_id(
    value: str, *, field: str = "citizen_id", date_of_birth: dt.date | None = None
) -> str:
    """A 12-digit citizen ID (CCCD / số định danh cá nhân).

    Digits 1–3: province of birth registration, 001–096; digit 4: sex and century;
    digits 5–6: the last two digits of the year of birth; digits 7–12: a serial number.
    When the date of birth is known, century and year must match it.
    """
    raw = re.sub(r"[\s.]", "", value or "")
    if not _DIGITS12.match(raw):
        raise InvalidInput("Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.", field=field)
    province = int(raw[:3])
    if not 1 <= province <= 96:
        raise InvalidInput(
            "Số định danh cá nhân (CCCD) không hợp lệ: 3 chữ số đầu là mã tỉnh từ 001 đến 096.",
            field=field,
        )
    if date_of_birth is not None:
        year = _CENTURY_BY_DIGIT[int(raw[3])] + int(raw[4:6])
        if year != date_of_birth.year:
            raise InvalidInput(
                "Số định danh cá nhân (CCCD) không khớp năm sinh "
                f"{date_of_birth.year} (chữ số thứ 4–6 cho năm {year}).",
                field=field,
            )
    return raw


def normalize_tax_code(value: str, *, field: str = "tax_code") -> str:
    """An organisation's tax code: 10 digits, or 13 for a branch (stored as 0101234567-001)."""
    raw = re.sub(r"[\s.]", "", value or "")
    if _TAX10.match(raw):
        return raw
    m = _TAX13.match(raw)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    raise InvalidInput(
        "Mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc (ví dụ 0101234567-001).",
        field=field,
    )


def normalize_phone(value: str, *, field: str = "phone") -> str:
    """A Vietnamese phone number, stored as 0xxxxxxxxx; +84 / 84 prefixes are accepted."""
    raw = re.sub(r"[\s.\-()]", "", value or "")
    if not raw:
        return ""
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) >= 11:
        raw = "0" + raw[2:]
    if not _PHONE.match(raw):
        raise InvalidInput(
            "Số điện thoại không hợp lệ (10 hoặc 11 chữ số, bắt đầu bằng 0).", field=field
        )
    return raw


def normalize_email(value: str, *, field: str = "email") -> str:
    raw = (value or "").strip()
    if not raw:
        return ""
    try:
        validate_email(raw)
    except ValidationError:
        raise InvalidInput("Địa chỉ e-mail không hợp lệ.", field=field) from None
    return raw


def require_text(value: str, *, field: str, label: str, max_length: int = 255) -> str:
    text = clean(value or "")
    if not text:
        raise InvalidInput(f"Chưa nhập {label}.", field=field)
    if len(text) > max_length:
        raise InvalidInput(
            f"{label[:1].upper()}{label[1:]} quá dài (tối đa {max_length} ký tự).", field=field
        )
    return text


# --- Masking for the public look-up ------------------------------------------------------


def mask_name(name: str) -> str:
    """ "Nguyễn Văn An" → "Nguyễn V*** A": surname kept, middle names as initial + ***,
    given name as its initial."""
    words = clean(name).split(" ")
    if not words or not words[0]:
        return ""
    if len(words) == 1:
        return words[0][:1] + "***"
    middle = [w[:1] + "***" for w in words[1:-1]]
    return " ".join([words[0], *middle, words[-1][:1]])


def mask_id(value: str) -> str:
    """ "079012345612" → "0790******12"; a tax code keeps its first 4 and last 2 characters."""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


def mask_phone(value: str) -> str:
    """ "0901234589" → "090*****89"."""
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def mask_email(value: str) -> str:
    """ "an.nguyen@gmail.com" → "a***@gmail.com"."""
    local_part, sep, domain = value.partition("@")
    if not sep:
        return mask_id(value)
    return f"{local_part[:1]}***@{domain}"


def mask_address(value: str) -> str:
    """Only the last two parts of an address (ward, province) are shown."""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if len(parts) <= 2:
        return "***" if parts else ""
    return "***, " + ", ".join(parts[-2:])
