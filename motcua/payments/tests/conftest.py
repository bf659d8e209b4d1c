"""Payment fixtures: the marriage procedure with fees of 1.250.000 đ, a dossier received at
the desk for the citizen persona, signed gateway callbacks, and the sandbox's IPN routed
through the test client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from motcua.dossiers.intake import Applicant

# The dossier fixtures (the marriage procedure, reception at the desk) of the dossiers app.
from motcua.dossiers.tests.conftest import marriage, receive, vn  # noqa: F401
from motcua.payments.gateways import sandbox, vnpay
from motcua.payments.models import PaymentOrder
from motcua.procedures.models import Fee

TOTAL = 1_250_000


@pytest.fixture
def fees(marriage):  # noqa: F811 - the imported fixture
    Fee.objects.create(
        procedure=marriage,
        order=1,
        kind="fee",
        amount=1_200_000,
        description="Phí thẩm định hồ sơ",
    )
    Fee.objects.create(
        procedure=marriage,
        order=2,
        kind="charge",
        amount=50_000,
        description="Lệ phí đăng ký kết hôn",
        exemption="Miễn lệ phí cho người thuộc hộ nghèo",
    )
    return marriage


@pytest.fixture
def dossier(fees, receive, citizen):  # noqa: F811
    """A paper dossier of the citizen (linked to their account), fees due at intake."""
    return receive(
        applicant=Applicant(
            "Nguyễn Văn An",
            id_number="056090001234",
            phone="0905123456",
            address="12 Lê Lợi, An Bình",
            user=citizen,
        )
    )


def callback_params(
    order: PaymentOrder,
    *,
    response_code: str = "00",
    transaction_status: str | None = None,
    amount: int | None = None,
    transaction_no: str = "14831393",
    secret: str | None = None,
    **extra: str,
) -> dict[str, str]:
    """What the gateway sends (IPN and return), signed with the sandbox secret."""
    from django.conf import settings

    if transaction_status is None:
        transaction_status = "00" if response_code == "00" else "02"
    params = {
        "vnp_TmnCode": settings.PAYMENT_SANDBOX_TMN_CODE,
        "vnp_Amount": str((order.amount if amount is None else amount) * 100),
        "vnp_BankCode": "NCB",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": order.description,
        "vnp_PayDate": "20250124103000",
        "vnp_ResponseCode": response_code,
        "vnp_TransactionNo": transaction_no,
        "vnp_TransactionStatus": transaction_status,
        "vnp_TxnRef": order.txn_ref,
        **extra,
    }
    params["vnp_SecureHash"] = vnpay.sign(params, secret or settings.PAYMENT_SANDBOX_SECRET)
    return params


@pytest.fixture
def signed() -> Callable[..., dict[str, str]]:
    return callback_params


@pytest.fixture
def ipn_client() -> Client:
    """The gateway's server: no session, CSRF enforced as for any outside caller."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.10")


@pytest.fixture
def send_ipn(ipn_client) -> Callable[[dict[str, str]], dict[str, Any]]:
    def _send(params: dict[str, str]) -> dict[str, Any]:
        response = ipn_client.get("/payments/ipn/", params)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        return response.json()

    return _send


@pytest.fixture
def sandbox_ipn(monkeypatch, ipn_client) -> list[dict[str, str]]:
    """Route the sandbox's IPN (a real HTTP GET in production) through the test client;
    the answers it got are collected in the returned list."""
    answers: list[dict[str, str]] = []

    def deliver(url: str, *, timeout: float | None = None) -> sandbox.IpnDelivery:
        parts = urlsplit(url)
        response = ipn_client.get(parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)))
        answer = response.json()
        answers.append(answer)
        return sandbox.IpnDelivery(url, response.status_code, answer)

    monkeypatch.setattr(sandbox, "deliver_ipn", deliver)
    return answers


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
