"""The gateway callbacks: tamper, replay, wrong amount, unknown order, double payment — each
answered with VNPay's IPN code, logged, and leaving the books right."""

from __future__ import annotations

import logging

import pytest
import time_machine
from django.core.exceptions import ValidationError

from motcua.core.models import AuditEntry
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import Dossier, DossierEvent, Notification
from motcua.payments.actions import apply_gateway_result, do_start_payment
from motcua.payments.choices import CallbackKind, PaymentStatus
from motcua.payments.gateways import get_gateway
from motcua.payments.models import PaymentEvent, PaymentOrder, PaymentReceipt

from .conftest import TOTAL, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(dossier, citizen):
    order, _url = do_start_payment(dossier, actor=citizen, ip="127.0.0.1")
    return order


def paid_orders(dossier) -> list[PaymentOrder]:
    return list(PaymentOrder.objects.filter(dossier=dossier, status=PaymentStatus.PAID))


def last_event() -> PaymentEvent:
    return PaymentEvent.objects.latest("id")


# -- tamper --------------------------------------------------------------------------------------


@pytest.mark.parametrize("field, value", [("vnp_Amount", "100"), ("vnp_TxnRef", "forged")])
def test_tampered_ipn_is_rejected_with_97_logged_and_nothing_paid(
    order, dossier, signed, send_ipn, caplog, field, value
):
    params = signed(order)
    params[field] = value  # changed after signing
    with caplog.at_level(logging.WARNING, logger="motcua.payments"):
        answer = send_ipn(params)
    assert answer == {"RspCode": "97", "Message": "Invalid signature"}
    event = last_event()
    assert (event.kind, event.verified, event.outcome) == (CallbackKind.IPN, False, "97")
    assert event.params[field] == value and event.remote_addr == "203.0.113.10"
    assert "97" in caplog.text
    assert PaymentOrder.objects.get(pk=order.pk).status == PaymentStatus.PENDING
    assert Dossier.objects.get(pk=dossier.pk).paid_at is None


def test_ipn_without_signature_is_rejected(order, signed, send_ipn):
    params = signed(order)
    del params["vnp_SecureHash"]
    assert send_ipn(params)["RspCode"] == "97"
    assert not paid_orders(order.dossier)


# -- replay --------------------------------------------------------------------------------------


def test_replayed_ipn_answers_02_and_changes_nothing(order, dossier, signed, send_ipn, caplog):
    params = signed(order)
    with time_machine.travel(vn("2025-01-24 10:31"), tick=False) as traveller:
        assert send_ipn(params) == {"RspCode": "00", "Message": "Confirm Success"}
        first_paid_at = Dossier.objects.get(pk=dossier.pk).paid_at
        traveller.move_to(vn("2025-01-24 11:00"))
        with caplog.at_level(logging.WARNING, logger="motcua.payments"):
            assert send_ipn(params) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert "02" in caplog.text
    assert len(paid_orders(dossier)) == 1
    assert Dossier.objects.get(pk=dossier.pk).paid_at == first_paid_at
    # Counted as paid online through the provincial gateway (DuocThanhToanTrucTuyen = 2).
    assert Dossier.objects.get(pk=dossier.pk).paid_online == "2"
    assert PaymentReceipt.objects.count() == 1
    assert AuditEntry.objects.filter(verb="payment.paid").count() == 1
    assert list(PaymentEvent.objects.values_list("outcome", "verified")) == [
        ("00", True),
        ("02", True),
    ]


def test_a_second_successful_gateway_transaction_for_a_paid_order_is_flagged(
    order, signed, send_ipn
):
    send_ipn(signed(order, transaction_no="111"))
    assert send_ipn(signed(order, transaction_no="222"))["RspCode"] == "02"
    assert AuditEntry.objects.filter(verb="payment.duplicate_transaction").count() == 1
    assert PaymentOrder.objects.get(pk=order.pk).gateway_transaction_no == "111"


def test_cancelled_order_is_final(order, signed, send_ipn):
    assert send_ipn(signed(order, response_code="24"))["RspCode"] == "00"
    assert PaymentOrder.objects.get(pk=order.pk).status == PaymentStatus.CANCELLED
    assert send_ipn(signed(order, response_code="24"))["RspCode"] == "02"


# -- amount and order checks ---------------------------------------------------------------------


def test_correctly_signed_wrong_amount_answers_04_and_leaves_the_order(
    order, dossier, signed, send_ipn, caplog
):
    with caplog.at_level(logging.WARNING, logger="motcua.payments"):
        answer = send_ipn(signed(order, amount=TOTAL - 1000))
    assert answer == {"RspCode": "04", "Message": "Invalid amount"}
    event = last_event()
    assert event.verified and event.outcome == "04" and event.order == order
    assert "04" in caplog.text
    assert PaymentOrder.objects.get(pk=order.pk).status == PaymentStatus.PENDING
    assert Dossier.objects.get(pk=dossier.pk).paid_at is None


def test_unknown_order_answers_01(order, signed, send_ipn):
    order.txn_ref = "000.01.40.H99-250124-9999-01"  # signed, but not ours
    assert send_ipn(signed(order)) == {"RspCode": "01", "Message": "Order not found"}
    event = last_event()
    assert event.verified and event.outcome == "01" and event.order is None


def test_ipn_needs_no_login_and_no_csrf_token_even_as_post(order, signed, ipn_client):
    response = ipn_client.post("/payments/ipn/", signed(order))
    assert response.status_code == 200 and response.json()["RspCode"] == "00"


# -- double payment ------------------------------------------------------------------------------


def test_two_orders_paid_at_the_gateway_charge_the_dossier_once(
    dossier, citizen, clerk, signed, send_ipn, caplog
):
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False) as traveller:
        first, _ = do_start_payment(dossier, actor=citizen, ip="127.0.0.1")
        # The first link expires in one tab; the citizen starts again in another.
        traveller.move_to(vn("2025-01-24 10:20"))
        second, _ = do_start_payment(dossier, actor=citizen, ip="127.0.0.1")
        assert first.pk != second.pk
        assert PaymentOrder.objects.get(pk=first.pk).status == PaymentStatus.EXPIRED
        assert send_ipn(signed(second, transaction_no="222"))["RspCode"] == "00"
        paid_at = Dossier.objects.get(pk=dossier.pk).paid_at
        # ... and yet the first tab's (late) payment goes through at the gateway too.
        traveller.move_to(vn("2025-01-24 10:25"))
        with caplog.at_level(logging.WARNING, logger="motcua.payments"):
            assert send_ipn(signed(first, transaction_no="111"))["RspCode"] == "00"
    assert "refund required" in caplog.text
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == PaymentStatus.PAID
    assert first.refund_required and not second.refund_required
    assert Dossier.objects.get(pk=dossier.pk).paid_at == paid_at
    assert PaymentReceipt.objects.filter(order__dossier=dossier).count() == 1
    assert AuditEntry.objects.filter(verb="payment.refund_required").count() == 1
    # The desk is told the money must go back.
    assert Notification.objects.filter(user=clerk, message__contains="hoàn trả").exists()


def test_concurrent_confirmations_cannot_both_count(dossier, citizen, signed):
    """The compare-and-set on paid_at: a second order applied after the first (as if both
    confirmations raced) ends up to be refunded, never counted."""
    first, _ = do_start_payment(dossier, actor=citizen, ip="127.0.0.1")
    PaymentOrder.objects.filter(pk=first.pk).update(status=PaymentStatus.EXPIRED)
    second, _ = do_start_payment(dossier, actor=citizen, ip="127.0.0.1")
    gateway = get_gateway()
    one = apply_gateway_result(gateway.verify(signed(first)))
    two = apply_gateway_result(gateway.verify(signed(second)))
    assert one.code == two.code == "00"
    counted = PaymentOrder.objects.filter(status=PaymentStatus.PAID, refund_required=False)
    assert list(counted) == [first]


def test_paid_dossier_cannot_start_another_payment(order, dossier, citizen, signed, send_ipn):
    send_ipn(signed(order))
    dossier.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        do_start_payment(dossier, actor=citizen, ip="127.0.0.1")
    assert excinfo.value.code == "already_paid"
    assert PaymentOrder.objects.filter(dossier=dossier).count() == 1


def test_paid_dossier_page_refuses_to_start_a_payment(
    order, dossier, citizen, as_user, signed, send_ipn
):
    send_ipn(signed(order))
    client = as_user(citizen)
    response = client.post(f"/payments/dossier/{dossier.code}/", follow=True)
    assert "đã được thanh toán" in response.content.decode()
    assert PaymentOrder.objects.filter(dossier=dossier).count() == 1


def test_paid_at_the_desk_blocks_online_payment(order, dossier, citizen, signed, send_ipn):
    Dossier.objects.filter(pk=dossier.pk).update(paid_at=vn("2025-01-24 09:00"))
    # The link was opened before: the gateway takes the money, the books do not.
    assert send_ipn(signed(order))["RspCode"] == "00"
    order.refresh_from_db()
    assert order.status == PaymentStatus.PAID and order.refund_required


def test_pending_order_is_reused(dossier, citizen):
    first, url1 = do_start_payment(dossier, actor=citizen, ip="127.0.0.1")
    second, url2 = do_start_payment(dossier, actor=citizen, ip="127.0.0.1")
    assert first.pk == second.pk and PaymentOrder.objects.count() == 1


def test_nothing_due_cannot_start_a_payment(receive, marriage, citizen):
    from motcua.dossiers.intake import Applicant

    free = receive(applicant=Applicant("Nguyễn Văn An", user=citizen))
    with pytest.raises(ValidationError) as excinfo:
        do_start_payment(free, actor=citizen, ip="127.0.0.1")
    assert excinfo.value.code == "nothing_due"


def test_only_the_applicant_or_staff_in_scope_may_start(dossier, other_commune):
    from django.core.exceptions import PermissionDenied

    from motcua.testing.factories import UserFactory

    with pytest.raises(PermissionDenied):
        do_start_payment(dossier, actor=UserFactory(), ip="127.0.0.1")


# -- the dossier's financial obligation ----------------------------------------------------------


def test_awaiting_payment_dossier_goes_back_to_in_process_after_payment(
    dossier, citizen, clerk, specialist, signed, send_ipn
):
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False) as traveller:
        dossier_actions.do_hand_on(dossier, actor=clerk)
        traveller.move_to(vn("2025-01-27 09:00"))
        dossier_actions.do_require_payment(dossier, actor=specialist, amount=200_000)
        assert dossier.state == DossierState.AWAITING_PAYMENT
        traveller.move_to(vn("2025-01-27 15:00"))
        order, _ = do_start_payment(dossier, actor=citizen, ip="127.0.0.1")
        assert order.amount == 200_000
        assert send_ipn(signed(order))["RspCode"] == "00"
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_PROCESS
    assert dossier.paid_at is not None and dossier.paused_since is None
    event = DossierEvent.objects.filter(dossier=dossier).latest("id")
    # Recorded by the gateway's verified callback, not by the payer's account (issue 7).
    assert (event.action, event.actor, event.to_state) == (
        "record_payment",
        None,
        DossierState.IN_PROCESS,
    )
    assert event.data["txn_ref"] == order.txn_ref
    assert order.txn_ref in event.note
