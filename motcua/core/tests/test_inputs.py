"""The one place of input rules (motcua/core/inputs.py)."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from motcua.core import inputs
from motcua.core.text import fold, nfc


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0905123456", "+84905123456"),
        ("0905 123 456", "+84905123456"),
        ("(+84) 905-123-456", "+84905123456"),
        ("0084905123456", "+84905123456"),
        ("84905123456", "+84905123456"),
        ("0386123456", "+84386123456"),
        ("02438251234", "+842438251234"),
        ("+84 24 3825 1234", "+842438251234"),
        ("abc", None),
        ("", None),
        ("0105123456", None),  # no 01x mobiles since 2018
        ("09051234567", None),
        ("0243825123", None),  # a landline is 11 digits with its 0
        ("001234567890", None),
    ],
)
def test_normalize_phone(raw, expected):
    assert inputs.normalize_phone(raw) == expected


def test_mobile_only():
    assert inputs.normalize_phone("02438251234", mobile_only=True) is None
    assert inputs.normalize_phone("0905123456", mobile_only=True) == "+84905123456"


def test_clean_phone_refuses_in_vietnamese_and_keeps_empty():
    assert inputs.clean_phone("  ") == ""
    with pytest.raises(ValidationError) as refused:
        inputs.clean_phone("abc")
    assert refused.value.code == "invalid_phone"
    assert "Số điện thoại không hợp lệ" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("056090001234", "056090001234"),
        ("056 090 001 234", "056090001234"),
        ("123456789", "123456789"),
        ("c 1234567", "C1234567"),
        ("", ""),
    ],
)
def test_identity_numbers_accepted(raw, expected):
    assert inputs.clean_id_number(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "1234567890", "0560900012345", "CC123456", "C123456"])
def test_identity_numbers_refused(raw):
    with pytest.raises(ValidationError) as refused:
        inputs.clean_id_number(raw)
    assert refused.value.code == "invalid_id_number"


def test_display_phone():
    assert inputs.display_phone("+84905123456") == "0905123456"
    assert inputs.display_phone("0905123456") == "0905123456"
    assert inputs.display_phone("") == ""


def test_nfc_and_fold_agree_on_nfd_input():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    assert nfc(nfd) == "Nguyễn Thị Ánh Tuyết"
    assert fold(nfd) == fold("Nguyễn Thị Ánh Tuyết") == "nguyen thi anh tuyet"


def test_nfc_form_mixin_normalises_every_submitted_value():
    from django import forms
    from django.http import QueryDict

    class F(inputs.NfcFormMixin, forms.Form):
        name = forms.CharField(max_length=5)

    nfd = unicodedata.normalize("NFD", "Tuyết")  # 7 code points, 5 letters
    data = QueryDict(mutable=True)
    data["name"] = nfd
    form = F(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Tuyết"
    assert F({"name": nfd}).is_valid()
