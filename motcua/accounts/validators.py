"""Contact data of an account: Vietnamese mobile numbers and the citizen ID number."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.core import inputs

# The rules of phone and identity numbers are those of motcua/core/inputs.py; an account
# keeps its mobile in the national form (0905123456), which logins and older staff rows use.
# Căn cước / căn cước công dân: the 12-digit personal identification number (Luật Căn
# cước 2023 Điều 12; Nghị định 137/2015/NĐ-CP Điều 7 for its structure) — an account is
# tied to that number, not to an old CMND or a passport.
_ID_NUMBER = re.compile(r"\d{12}")


def normalize_phone(raw: str) -> str | None:
    """The mobile number as ``0xxxxxxxxx``, or None when ``raw`` is not one. Accepts the
    national form (0905 123 456) and the international one (+84 905 123 456, 84905123456,
    0084905123456)."""
    international = inputs.normalize_phone(raw, mobile_only=True)
    return "0" + international[3:] if international else None


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
    return inputs.normalize_id_number(raw)


def validate_id_number(value: str) -> None:
    if not _ID_NUMBER.fullmatch(normalize_id_number(value)):
        raise ValidationError(
            _("Số định danh cá nhân (căn cước) phải gồm đúng 12 chữ số."),
            code="invalid_id_number",
        )
