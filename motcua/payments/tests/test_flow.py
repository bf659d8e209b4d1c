"""The citizen's path through the sandbox gateway, driven over HTTP as a browser would:
payment page → sandbox bank page → pay / cancel / fail → IPN → return page → receipt."""

from __future__ import annotations

import logging

import pytest
import time_machine

from motcua.dossiers.models import Dossier
from motcua.payments.choices import CallbackKind, PaymentStatus
from motcua.payments.models import PaymentEvent, PaymentOrder

from .conftest import TOTAL, query_of, vn

pytestmark = pytest.mark.django_db


def start(client, dossier):
    response = client.post(f"/payments/dossier/{dossier.code}/")
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith("/payments/sandbox/pay/?")
    return url


def choose(client, pay_url: str, choice: str):
    """Open the sandbox page and press a button (the form re-posts the signed request)."""
    page = client.get(pay_url)
    assert page.status_code == 200
    return page, client.post("/payments/sandbox/pay/", {**query_of(pay_url), "choice": choice})


def test_citizen_pays_online_and_downloads_the_receipt(dossier, citizen, as_user, sandbox_ipn):
    client = as_user(citizen)
    with time_machine.travel(vn("2025-01-24 10:30"), tick=False):
        page = client.get(f"/payments/dossier/{dossier.code}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Phí thẩm định hồ sơ" in html and 'data-due="1250000"' in html
        assert "Thanh toán trực tuyến" in html

        pay_url = start(client, dossier)
        params = query_of(pay_url)
        assert params["vnp_Amount"] == "125000000" and params["vnp_Command"] == "pay"
        assert params["vnp_ReturnUrl"] == "http://testserver/payments/return/"
        bank, response = choose(client, pay_url, "pay")
        bank_html = bank.content.decode()
        assert "Cổng thanh toán thử nghiệm" in bank_html and "1.250.000 đ" in bank_html
        for button in ("Thanh toán", "Hủy giao dịch", "Giả lập lỗi"):
            assert button in bank_html

        # The sandbox notified our IPN (server to server) before sending the browser back.
        assert sandbox_ipn == [{"RspCode": "00", "Message": "Confirm Success"}]
        assert response.status_code == 302
        assert response["Location"].startswith("http://testserver/payments/return/?")
        result = client.get(response["Location"])

    assert result.status_code == 200
    assert "Thanh toán thành công" in result.content.decode()
    order = PaymentOrder.objects.get(dossier=dossier)
    assert order.status == PaymentStatus.PAID and not order.refund_required
    assert order.amount == TOTAL and order.gateway == "sandbox"
    assert order.txn_ref == f"{dossier.code}-01" and order.created_by == citizen
    dossier.refresh_from_db()
    assert dossier.paid_at is not None
    # IPN first (it confirmed), then the return (already confirmed, nothing changed).
    kinds = list(PaymentEvent.objects.values_list("kind", "outcome", "verified"))
    assert kinds == [(CallbackKind.IPN, "00", True), (CallbackKind.RETURN, "02", True)]

    receipt = client.get(f"/payments/receipt/{order.txn_ref}/")
    assert receipt.status_code == 200
    text = receipt.content.decode()
    assert "Biên lai thu phí, lệ phí".upper() in text.upper()
    assert "Một triệu hai trăm năm mươi nghìn đồng" in text
    assert "1.250.000 đ" in text and dossier.code in text and "Nguyễn Văn An" in text
    assert order.receipt.number in text and order.gateway_transaction_no in text

    pdf = client.get(f"/payments/receipt/{order.txn_ref}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    again = client.get(f"/payments/dossier/{dossier.code}/")
    assert 'data-paid="1"' in again.content.decode()


def test_cancel_at_the_gateway_leaves_the_dossier_unpaid(dossier, citizen, as_user, sandbox_ipn):
    client = as_user(citizen)
    _bank, response = choose(client, start(client, dossier), "cancel")
    assert sandbox_ipn == [{"RspCode": "00", "Message": "Confirm Success"}]
    result = client.get(response["Location"])
    assert "Đã hủy giao dịch" in result.content.decode()
    order = PaymentOrder.objects.get(dossier=dossier)
    assert order.status == PaymentStatus.CANCELLED and order.response_code == "24"
    dossier.refresh_from_db()
    assert dossier.paid_at is None
    # The citizen may try again: a new order.
    start(client, dossier)
    assert PaymentOrder.objects.get(status=PaymentStatus.PENDING).txn_ref.endswith("-02")


def test_bank_failure_is_shown_and_nothing_is_paid(dossier, citizen, as_user, sandbox_ipn):
    client = as_user(citizen)
    _bank, response = choose(client, start(client, dossier), "fail")
    result = client.get(response["Location"])
    html = result.content.decode()
    assert "Thanh toán không thành công" in html and "không đủ số dư" in html
    assert PaymentOrder.objects.get(dossier=dossier).status == PaymentStatus.FAILED
    assert Dossier.objects.get(pk=dossier.pk).paid_at is None
    assert not hasattr(PaymentOrder.objects.get(dossier=dossier), "receipt")


def test_return_page_confirms_the_payment_when_no_ipn_arrived(
    dossier, citizen, as_user, settings, caplog
):
    # Nothing listens there: the sandbox's real HTTP IPN fails and is logged.
    settings.PAYMENT_IPN_BASE_URL = "http://127.0.0.1:9"
    settings.PAYMENT_SANDBOX_IPN_TIMEOUT = 2
    client = as_user(citizen)
    with caplog.at_level(logging.WARNING, logger="motcua.payments.sandbox"):
        _bank, response = choose(client, start(client, dossier), "pay")
    assert "sandbox IPN" in caplog.text
    result = client.get(response["Location"])
    assert "Thanh toán thành công" in result.content.decode()
    assert PaymentOrder.objects.get(dossier=dossier).status == PaymentStatus.PAID
    assert Dossier.objects.get(pk=dossier.pk).paid_at is not None
    assert list(PaymentEvent.objects.values_list("kind", "outcome")) == [
        (CallbackKind.RETURN, "00")
    ]


def test_sandbox_refuses_a_tampered_payment_request(dossier, citizen, as_user):
    client = as_user(citizen)
    pay_url = start(client, dossier)
    tampered = pay_url.replace("vnp_Amount=125000000", "vnp_Amount=100")
    response = client.get(tampered)
    assert response.status_code == 400
    assert "Sai chữ ký" in response.content.decode()


def test_sandbox_refuses_an_expired_link(dossier, citizen, as_user):
    client = as_user(citizen)
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False) as traveller:
        pay_url = start(client, dossier)
        traveller.move_to(vn("2025-01-24 10:16"))
        response = client.get(pay_url)
    assert response.status_code == 400
    assert "hết hạn" in response.content.decode()


def test_sandbox_page_is_gone_when_a_real_gateway_is_configured(dossier, citizen, settings):
    settings.PAYMENT_GATEWAY = "vnpay"
    from django.test import Client

    assert Client().get("/payments/sandbox/pay/?vnp_TxnRef=x").status_code == 404


def test_return_with_a_forged_signature_shows_an_error_and_changes_nothing(
    dossier, citizen, as_user, signed
):
    client = as_user(citizen)
    start(client, dossier)
    order = PaymentOrder.objects.get(dossier=dossier)
    params = signed(order, secret="not-the-secret")
    response = client.get("/payments/return/", params)
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    assert PaymentOrder.objects.get(pk=order.pk).status == PaymentStatus.PENDING


def test_receipt_is_for_the_applicant_and_staff_in_scope_only(
    dossier, citizen, clerk, other_commune, as_user, signed, send_ipn
):
    from motcua.org.choices import Role
    from motcua.payments.actions import do_start_payment
    from motcua.testing.factories import UserFactory, staff

    order, _url = do_start_payment(dossier, actor=citizen, ip="127.0.0.1")
    assert send_ipn(signed(order))["RspCode"] == "00"
    url = f"/payments/receipt/{order.txn_ref}/"
    assert as_user(citizen).get(url).status_code == 200
    assert as_user(clerk).get(url).status_code == 200
    assert as_user(UserFactory(username="nguoikhac")).get(url).status_code == 404
    outsider = staff(other_commune, Role.CLERK, username="motcuaxakhac")
    assert as_user(outsider).get(url).status_code == 404
    assert as_user(outsider).get(f"/payments/dossier/{dossier.code}/").status_code == 404
    from django.test import Client

    assert Client().get(url).status_code == 302  # to the login page
