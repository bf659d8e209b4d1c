import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.validators import normalize_phone, validate_id_number


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("0905123456", "0905123456"),
        ("0905 123 456", "0905123456"),
        ("0905.123.456", "0905123456"),
        ("+84905123456", "0905123456"),
        ("+84 905 123 456", "0905123456"),
        ("84905123456", "0905123456"),
        ("0084905123456", "0905123456"),
        ("0312345678", "0312345678"),
        ("0812345678", "0812345678"),
    ],
)
def test_mobile_numbers_are_normalised_to_ten_digits(raw, normalised):
    assert normalize_phone(raw) == normalised


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "090512345",
        "09051234567",
        "0105123456",
        "0245123456",
        "+8490512345",
        "abc",
        "0905-12x-456",
    ],
)
def test_other_numbers_are_not_mobile_numbers(raw):
    assert normalize_phone(raw) is None


def test_id_number_has_twelve_digits():
    validate_id_number("079190001234")
    validate_id_number("0791 9000 1234")
    for wrong in ("07919000123", "0791900012345", "07919000123a"):
        with pytest.raises(ValidationError):
            validate_id_number(wrong)
