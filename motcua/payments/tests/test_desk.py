"""Issue 7: the desk takes a fee (cash, bank transfer, card terminal) with its receipt
number, a result with a fee still due cannot be returned, and the citizen sees what was
paid, when, how, with the receipt."""

import io

import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader

from motcua.core.models import AuditEntry
from motcua.dossiers import actions
from motcua.dossiers.choices import DossierState, OnlinePayment
from motcua.org.tokens import do_create_token
from motcua.payments.models import DeskPayment, PaymentOrder
from motcua.payments.tests.conftest import TOTAL, vn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False) as traveller:
        yield traveller


def bearer(user):
    _token, raw = do_create_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def to_processed(dossier, clerk, specialist, leader):
    actions.do_hand_on(dossier, actor=clerk)
    actions.do_hand_on(dossier, actor=specialist)
    actions.do_complete(dossier, actor=leader, result_summary="Giấy chứng nhận kết hôn số 7")


def test_cash_at_the_desk_over_the_api_resumes_the_dossier(dossier, clerk, specialist):
    actions.do_hand_on(dossier, actor=clerk)
    actions.do_require_payment(dossier, actor=specialist, amount=TOTAL)
    desk = bearer(clerk)
    body = {
        "version": dossier.version,
        "method": "cash",
        "amount": TOTAL,
        "receipt_number": "0001234",
    }
    done = post(desk, f"/api/v1/dossiers/{dossier.code}/record-payment", body)
    assert done.status_code == 200, done.content
    assert (done.json()["state"], done.json()["paused"]) == ("in_process", False)
    dossier.refresh_from_db()
    assert dossier.paid_at.isoformat() == "2025-01-24T03:00:00+00:00"
    assert dossier.paid_online == OnlinePayment.NO  # the 766 index counts online payments only
    payment = DeskPayment.objects.get(dossier=dossier)
    assert (payment.method, payment.amount, payment.receipt_number, payment.dossier_state) == (
        "cash",
        TOTAL,
        "0001234",
        "awaiting_payment",
    )
    assert AuditEntry.objects.filter(verb="payment.desk").count() == 1
    history = desk.get(f"/api/v1/dossiers/{dossier.code}/history").json()
    assert history[-1]["action"] == "record_payment"
    assert history[-1]["actor"] == clerk.username
    assert history[-1]["data"]["receipt_number"] == "0001234"
    again = post(desk, f"/api/v1/dossiers/{dossier.code}/record-payment", {**body, "version": None})
    assert again.status_code == 409 and again.json()["code"] == "already_paid"


def test_the_amount_must_be_what_is_due_unless_an_exemption_is_stated(dossier, clerk):
    desk = bearer(clerk)
    path = f"/api/v1/dossiers/{dossier.code}/record-payment"
    base = {"method": "bank_transfer", "receipt_number": "BL-7"}
    more = post(desk, path, {**base, "amount": TOTAL + 1})
    assert (more.status_code, more.json()["code"]) == (400, "amount_mismatch")
    assert more.json()["message"] == "Số tiền thu phải đúng số phải nộp: 1.250.000 đ."
    less = post(desk, path, {**base, "amount": 1_200_000})
    assert (less.status_code, less.json()["code"]) == (400, "exemption_reason_required")
    no_number = post(desk, path, {**base, "amount": TOTAL, "receipt_number": "  "})
    assert no_number.json()["code"] == "receipt_number_required"
    bad_method = post(desk, path, {**base, "amount": TOTAL, "method": "bitcoin"})
    assert bad_method.json()["code"] == "invalid_method"
    assert not DeskPayment.objects.exists()
    exempt = post(
        desk,
        path,
        {**base, "amount": 1_200_000, "exemption_reason": "Miễn lệ phí cho người thuộc hộ nghèo"},
    )
    assert exempt.status_code == 200, exempt.content
    payment = DeskPayment.objects.get()
    assert (payment.amount, payment.amount_due, payment.exempted) == (1_200_000, TOTAL, True)


def test_a_receipt_number_is_used_once_per_desk(fees, receive, citizen, clerk):
    first, second = receive(), receive()
    desk = bearer(clerk)
    body = {"method": "card_terminal", "amount": TOTAL, "receipt_number": "0000009"}
    assert post(desk, f"/api/v1/dossiers/{first.code}/record-payment", body).status_code == 200
    used = post(desk, f"/api/v1/dossiers/{second.code}/record-payment", body)
    assert (used.status_code, used.json()["code"]) == (400, "receipt_number_used")


def test_only_the_clerk_records_a_desk_payment(dossier, specialist, leader):
    for person in (specialist, leader):
        refused = post(
            bearer(person),
            f"/api/v1/dossiers/{dossier.code}/record-payment",
            {"method": "cash", "amount": TOTAL, "receipt_number": "1"},
        )
        assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")


def test_a_result_with_a_fee_due_is_not_returned_until_the_desk_takes_it(
    dossier, clerk, specialist, leader, as_user
):
    to_processed(dossier, clerk, specialist, leader)
    desk = bearer(clerk)
    refused = post(desk, f"/api/v1/dossiers/{dossier.code}/return-result", {"method": "desk"})
    assert (refused.status_code, refused.json()["code"]) == (409, "fee_due")
    assert refused.json()["message"] == (
        f"Hồ sơ {dossier.code} còn 1.250.000 đồng phí, lệ phí chưa nộp: thu phí (ghi biên lai) "
        "trước khi trả kết quả."
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.PROCESSED
    # The officer's page offers the desk payment instead of the return.
    browser = as_user(clerk)
    page = browser.get(f"/dossiers/{dossier.code}/").content.decode()
    assert 'data-fee-due="1250000"' in page and "thu phí trước khi trả kết quả" in page
    assert 'id="action-return_result"' not in page
    assert f'href="/payments/desk/{dossier.code}/"' in page
    # At the return: the clerk takes the fee at the counter and prints the receipt.
    form = browser.get(f"/payments/desk/{dossier.code}/")
    assert form.status_code == 200 and 'data-due="1250000"' in form.content.decode()
    paid = browser.post(
        f"/payments/desk/{dossier.code}/",
        {"method": "cash", "amount": str(TOTAL), "receipt_number": "0005678", "note": ""},
    )
    payment = DeskPayment.objects.get(dossier=dossier)
    assert paid.status_code == 302 and paid["Location"] == f"/payments/desk-receipt/{payment.pk}/"
    receipt = browser.get(paid["Location"]).content.decode()
    for text in ("Biên lai thu phí, lệ phí", "0005678", "Tiền mặt", "1.250.000 đ", "Lê Thị Mai"):
        assert text in receipt
    pdf = browser.get(f"/payments/desk-receipt/{payment.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "0005678" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert post(desk, f"/api/v1/dossiers/{dossier.code}/return-result", {}).json()["state"] == (
        "delivered"
    )


def test_a_bad_desk_form_says_why_in_vietnamese(dossier, clerk, as_user):
    browser = as_user(clerk)
    response = browser.post(
        f"/payments/desk/{dossier.code}/",
        {"method": "cash", "amount": "1000", "receipt_number": "12"},
    )
    assert response.status_code == 400
    assert "ghi căn cứ miễn, giảm theo quy định" in response.content.decode()
    assert not DeskPayment.objects.exists()


def test_the_citizen_sees_what_was_paid_when_how_and_the_receipt(
    dossier, clerk, citizen, other_commune, as_user
):
    from motcua.org.choices import Role
    from motcua.testing.factories import staff

    PaymentOrder.objects.create(
        dossier=dossier,
        txn_ref=f"{dossier.code}-01",
        amount=TOTAL,
        gateway="sandbox",
        expires_at=vn("2025-01-24 10:15"),
    )
    post(
        bearer(clerk),
        f"/api/v1/dossiers/{dossier.code}/record-payment",
        {"method": "bank_transfer", "amount": TOTAL, "receipt_number": "0000042"},
    )
    # The link the citizen had opened can no longer take the money a second time.
    assert PaymentOrder.objects.get().status == "expired"
    payment = DeskPayment.objects.get()
    page = as_user(citizen).get(f"/portal/my/{dossier.code}/").content.decode()
    assert "Phí, lệ phí đã nộp" in page
    assert "10:00 24/01/2025" in page
    assert "Chuyển khoản tại Bộ phận Một cửa" in page
    assert "1.250.000 đ" in page
    assert f'href="/payments/desk-receipt/{payment.pk}/"' in page
    assert as_user(citizen).get(f"/payments/desk-receipt/{payment.pk}/").status_code == 200
    stranger = staff(other_commune, Role.CLERK, username="ngoai")
    assert as_user(stranger).get(f"/payments/desk-receipt/{payment.pk}/").status_code == 404
