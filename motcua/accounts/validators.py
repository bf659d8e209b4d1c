"""Contact data of an account: Vietnamese mobile numbers and the citizen ID number."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mobile numbers since the 2018 conversion to 10 digits (Thông tư 22/2014/TT-BTTTT as
# amended; the 11-digit 01x ranges moved to 03x, 05x, 07x, 08x): 0 + 9 digits, with the
# network prefix 3, 5, 7, 8 or 9.
_MOBILE = re.compile(r"0[35789]\d{8}")
# Spaces, dots, dashes and brackets people type between groups of digits.
_SEPARATORS = re.compile(r"[\s.\-()]")
# Căn cước / căn cước công dân: the 12-digit personal identification number (Luật Căn
# cước 2023 Điều 12; Nghị định 137/2015/NĐ-CP Điều 7 for its structure).
_ID_NUMBER = re.compile(r"\d{12}")


def normalize_phone(raw: str) -> str | None:
    """The mobile number as ``0xxxxxxxxx``, or None when ``raw`` is not one. Accepts the
    national form (0905 123 456) and the international one (+84 905 123 456, 84905123456,
    0084905123456)."""
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _MOBILE.fullmatch(digits) else None


def phone_variants(phone: str) -> list[str]:
    """The ways the same normalised number may have been stored by older data (staff
    records are typed in by hand): for uniqueness checks and logins."""
    return [phone, "+84" + phone[1:], "84" + phone[1:]]


def validate_phone(value: str) -> None:
    if normalize_phone(value) is None:
        raise ValidationError(
            _(
                "Số điện thoại di động không hợp lệ: nhập 10 chữ số bắt đầu bằng 0 "
                "(ví dụ 0905123456) hoặc dạng +84 (ví dụ +84905123456)."
            ),
            code="invalid_phone",
        )


def normalize_id_number(raw: str) -> str:
    return _SEPARATORS.sub("", raw or "")


def validate_id_number(value: str) -> None:
    if not _ID_NUMBER.fullmatch(normalize_id_number(value)):
        raise ValidationError(
            _("Số định danh cá nhân (căn cước) phải gồm đúng 12 chữ số."),
            code="invalid_id_number",
        )
