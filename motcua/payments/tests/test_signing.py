"""The VNPay signing rules the sandbox and the real adapter share."""

from __future__ import annotations

import pytest

from motcua.payments.gateways import Outcome, get_gateway, vnpay
from motcua.payments.gateways.sandbox import SandboxGateway

PARAMS = {
    "vnp_TxnRef": "000.01.40.H99-250124-0001-01",
    "vnp_Amount": "125000000",
    "vnp_OrderInfo": "Nộp phí, lệ phí",
    "vnp_TmnCode": "MOTCUA01",
    "vnp_ResponseCode": "00",
    "vnp_ReturnUrl": "http://testserver/payments/return/",
    # Never signed: the signature itself, its type, anything not vnp_*.
    "vnp_SecureHash": "ignored",
    "vnp_SecureHashType": "HmacSHA512",
    "utm_source": "ignored",
}
CANONICAL = (
    "vnp_Amount=125000000"
    "&vnp_OrderInfo=N%E1%BB%99p+ph%C3%AD%2C+l%E1%BB%87+ph%C3%AD"
    "&vnp_ResponseCode=00"
    "&vnp_ReturnUrl=http%3A%2F%2Ftestserver%2Fpayments%2Freturn%2F"
    "&vnp_TmnCode=MOTCUA01"
    "&vnp_TxnRef=000.01.40.H99-250124-0001-01"
)
# printf '%s' "$CANONICAL" | openssl dgst -sha512 -hmac bi-mat-thu-nghiem
KNOWN_HASH = (
    "db801631e4af0587862afcf28f4bf93010dd8153b84f33c7b2394f9f036b5880"
    "ed8c1f081e07f2848c4f05362db237028b16f85e23c50e7ab4e300e9c1180674"
)


def test_signed_string_is_the_sorted_form_encoded_vnp_parameters():
    assert vnpay.canonical_query(PARAMS) == CANONICAL


def test_signature_is_hmac_sha512_of_the_signed_string_known_answer():
    assert vnpay.sign(PARAMS, "bi-mat-thu-nghiem") == KNOWN_HASH


def gateway() -> SandboxGateway:
    return SandboxGateway(pay_url="/pay/", tmn_code="MOTCUA01", secret="bi-mat-thu-nghiem")


def test_verify_accepts_what_sign_produced_and_reads_it():
    params = {k: v for k, v in PARAMS.items() if k != "vnp_SecureHash"}
    params["vnp_TransactionNo"] = "14831393"
    params["vnp_PayDate"] = "20250124103000"
    params["vnp_SecureHash"] = vnpay.sign(params, "bi-mat-thu-nghiem")
    verified = gateway().verify(params)
    assert verified.valid_signature and verified.succeeded
    assert verified.txn_ref == "000.01.40.H99-250124-0001-01"
    assert verified.amount == 1_250_000  # VNPay carries đồng × 100
    assert verified.transaction_no == "14831393"
    assert verified.paid_at is not None and verified.paid_at.isoformat() == (
        "2025-01-24T10:30:00+07:00"
    )


@pytest.mark.parametrize(
    "field, value",
    [
        ("vnp_Amount", "100"),
        ("vnp_TxnRef", "000.01.40.H99-250124-0002-01"),
        ("vnp_ResponseCode", "24"),
        ("vnp_SecureHash", "0" * 128),
    ],
)
def test_any_change_after_signing_breaks_the_signature(field, value):
    params = dict(PARAMS, vnp_SecureHash=vnpay.sign(PARAMS, "bi-mat-thu-nghiem"))
    params[field] = value
    assert not gateway().verify(params).valid_signature


def test_another_secret_or_terminal_does_not_verify():
    params = dict(PARAMS, vnp_SecureHash=vnpay.sign(PARAMS, "another-secret"))
    assert not gateway().verify(params).valid_signature
    other_terminal = dict(PARAMS, vnp_TmnCode="OTHER001")
    other_terminal["vnp_SecureHash"] = vnpay.sign(other_terminal, "bi-mat-thu-nghiem")
    assert not gateway().verify(other_terminal).valid_signature


def test_verify_never_raises_on_garbage():
    verified = gateway().verify({"vnp_Amount": "abc", "x": "y"})
    assert not verified.valid_signature and verified.amount is None


@pytest.mark.parametrize(
    "response_code, status, outcome",
    [
        ("00", "00", Outcome.PAID),
        ("00", None, Outcome.PAID),
        ("00", "02", Outcome.FAILED),
        ("24", "02", Outcome.CANCELLED),
        ("51", "02", Outcome.FAILED),
        ("07", "00", Outcome.FAILED),
    ],
)
def test_result_codes(response_code, status, outcome):
    assert vnpay.outcome_of(response_code, status) == outcome


@pytest.mark.parametrize("raw, amount", [("125000000", 1_250_000), ("125000050", None), ("", None)])
def test_amounts_are_whole_dong_times_100(raw, amount):
    assert vnpay.parse_amount(raw) == amount


def test_gateway_is_chosen_by_setting(settings):
    assert get_gateway().name == "sandbox"
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.PAYMENT_VNPAY_TMN_CODE = "2QXUI4J4"
    settings.PAYMENT_VNPAY_SECRET = "s"
    real = get_gateway()
    assert real.name == "vnpay"
    settings.PAYMENT_GATEWAY = "motcua.payments.gateways.sandbox.SandboxGateway"
    assert get_gateway().name == "sandbox"
    settings.PAYMENT_GATEWAY = "nope"
    with pytest.raises(LookupError):
        get_gateway()
