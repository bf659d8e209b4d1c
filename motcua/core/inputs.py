"""What the system accepts as input, in one place for the API schemas and the HTML forms:
the length of every kind of text, the bounds of numbers, Vietnamese phone numbers and
identity numbers, and NFC normalisation.

The API (ninja schemas) uses the ``Annotated`` types below; the forms use the same
constants (``max_length=NAME_MAX``) and validators, and ``NfcFormMixin`` for the
normalisation; the models' ``max_length`` are these constants too, so that the three can
never disagree (``motcua/tests/test_input_limits.py`` walks them).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, Field

from motcua.core.text import nfc

# -- lengths of text (characters) -------------------------------------------------------

NAME_MAX = 200  # a person's or an organisation's name
ID_NUMBER_MAX = 20  # as stored; the validator below allows 12, 9 or 8 characters
PHONE_MAX = 20
EMAIL_MAX = 254  # RFC 5321 path limit, Django's EmailField
ADDRESS_MAX = 300
DOCUMENT_NAME_MAX = 500
RESULT_SUMMARY_MAX = 500
NOTE_MAX = 2000  # notes and reasons written by an officer or a citizen
RECEIPT_NUMBER_MAX = 40
CODE_MAX = 100  # codes and usernames given as references in a body or a query
SEARCH_MAX = 200  # a search box
TITLE_MAX = 255  # the title of a petition or a published answer
LONG_TEXT_MAX = 10_000  # a petition's content, an answer, a proposal
SECRET_MAX = 64  # a tracking secret given back by its holder

# -- bounds of numbers --------------------------------------------------------------------

# A dossier's sets and a document's copies: a desk never takes 100 sets of one application.
QUANTITY_MAX = 99
# Fees in đồng: the largest fee of the national catalogue is far below 10^12 (a thousand
# billion đồng); the bound only keeps numbers inside the database's 64-bit integers.
AMOUNT_MAX = 10**12
# Versions, ids and offsets: inside a signed 64-bit integer (SQLite and PostgreSQL).
INT64_MAX = 2**63 - 1
OFFSET_MAX = 10**9
PAGE_MAX = 500


def text(max_length: int) -> Any:
    """A string of at most ``max_length`` characters, normalised to NFC."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(nfc)]


Name = text(NAME_MAX)
Note = text(NOTE_MAX)
Code = text(CODE_MAX)
Search = text(SEARCH_MAX)
Title = text(TITLE_MAX)
LongText = text(LONG_TEXT_MAX)
Secret = text(SECRET_MAX)
Quantity = Annotated[int, Field(ge=1, le=QUANTITY_MAX)]
Amount = Annotated[int, Field(ge=0, le=AMOUNT_MAX)]
Version = Annotated[int, Field(ge=0, le=INT64_MAX)]
Id = Annotated[int, Field(ge=1, le=INT64_MAX)]
Offset = Annotated[int, Field(ge=0, le=OFFSET_MAX)]
Limit = Annotated[int, Field(ge=1, le=PAGE_MAX)]


# -- phone numbers ------------------------------------------------------------------------

# Spaces, dots, dashes and brackets people type between groups of digits.
_SEPARATORS = re.compile(r"[\s.\-()]")
# Numbers after the 2017–2018 conversions (Quyết định 798/QĐ-BTTTT 2017 for the fixed
# network, Thông tư 22/2014/TT-BTTTT as amended for mobiles): national significant
# number without the leading 0.
#   mobile:   9 digits, network prefix 3, 5, 7, 8 or 9 (0905 123 456)
#   landline: 10 digits, area code starting with 2 (024 3825 1234, 0236 3821 234)
_MOBILE = re.compile(r"[35789]\d{8}")
_LANDLINE = re.compile(r"2\d{9}")


def _national(raw: str) -> str:
    """The national significant number of ``raw`` (without 0 or +84), or "" when ``raw``
    has no country/trunk prefix we know."""
    digits = _SEPARATORS.sub("", raw or "")
    for prefix in ("+84", "0084"):
        if digits.startswith(prefix):
            return digits[len(prefix) :]
    if digits.startswith("84") and len(digits) in (11, 12):
        return digits[2:]
    if digits.startswith("0") and not digits.startswith("00"):
        return digits[1:]
    return ""


def normalize_phone(raw: str, *, mobile_only: bool = False) -> str | None:
    """A Vietnamese phone number in the +84 form (``+84905123456``), or None when ``raw``
    is not one. Accepts 0905 123 456, +84 905 123 456, 84905123456, 0084905123456 and the
    landline forms (024 3825 1234)."""
    national = _national(raw)
    if _MOBILE.fullmatch(national) or (not mobile_only and _LANDLINE.fullmatch(national)):
        return "+84" + national
    return None


PHONE_ERROR = _(
    "Số điện thoại không hợp lệ: nhập số di động 10 chữ số (ví dụ 0905123456), số cố định "
    "có mã vùng (ví dụ 02438251234) hoặc dạng +84 (ví dụ +84905123456)."
)


def clean_phone(raw: str) -> str:
    """``raw`` in the +84 form; "" stays ""; anything else is a ``ValidationError``."""
    if not (raw or "").strip():
        return ""
    phone = normalize_phone(raw)
    if phone is None:
        raise ValidationError(PHONE_ERROR, code="invalid_phone")
    return phone


# -- identity numbers ---------------------------------------------------------------------

# Số định danh cá nhân / căn cước (công dân): 12 digits (Luật Căn cước 2023 Điều 12; Nghị
# định 137/2015/NĐ-CP Điều 7 for its structure); the old chứng minh nhân dân: 9 digits
# (Nghị định 05/1999/NĐ-CP); a Vietnamese passport: one letter and 7 digits (C1234567,
# Thông tư 73/2021/TT-BCA mẫu hộ chiếu).
_ID_FORMS = re.compile(r"\d{12}|\d{9}|[A-Z]\d{7}")

ID_NUMBER_ERROR = _(
    "Số giấy tờ tùy thân không hợp lệ: số định danh cá nhân (căn cước) gồm 12 chữ số, "
    "chứng minh nhân dân cũ 9 chữ số, hộ chiếu một chữ cái và 7 chữ số (ví dụ C1234567)."
)


def normalize_id_number(raw: str) -> str:
    return _SEPARATORS.sub("", raw or "").upper()


def clean_id_number(raw: str) -> str:
    """``raw`` without separators, upper case; "" stays ""; otherwise a ``ValidationError``."""
    number = normalize_id_number(raw)
    if not number:
        return ""
    if not _ID_FORMS.fullmatch(number):
        raise ValidationError(ID_NUMBER_ERROR, code="invalid_id_number")
    return number


# -- the API's validated types ------------------------------------------------------------


def _pydantic(clean: Any) -> Any:
    def check(value: str) -> str:
        try:
            return str(clean(value))
        except ValidationError as exc:
            raise ValueError(" ".join(str(m) for m in exc.messages)) from None

    return check


Phone = Annotated[str, Field(max_length=PHONE_MAX), AfterValidator(_pydantic(clean_phone))]
IdNumber = Annotated[
    str, Field(max_length=ID_NUMBER_MAX), AfterValidator(_pydantic(clean_id_number))
]


# -- forms --------------------------------------------------------------------------------


class NfcFormMixin:
    """Put first in a form's bases: every submitted text value is normalised to NFC before
    the fields see it (a name typed on a keyboard that sends NFD is stored as NFC)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = getattr(self, "data", None)
        if getattr(self, "is_bound", False) and data is not None:
            copy = data.copy()
            if hasattr(copy, "setlist"):
                for key in list(copy.keys()):
                    copy.setlist(
                        key, [nfc(v) if isinstance(v, str) else v for v in copy.getlist(key)]
                    )
            else:
                copy = {k: nfc(v) if isinstance(v, str) else v for k, v in copy.items()}
            self.data = copy


def display_phone(value: str) -> str:
    """A stored +84 number as people write it on paper (0905123456); anything else (older
    rows) unchanged."""
    if value.startswith("+84") and normalize_phone(value) is not None:
        return "0" + value[3:]
    return value
