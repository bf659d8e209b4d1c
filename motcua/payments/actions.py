"""Write actions of online payment: start a payment, apply what the gateway reports.

The rules that keep the books right (docs/payments.md):

* an order's status moves only by compare-and-set from an open status, so a repeated
  callback (VNPay retries its IPN; the browser's return arrives too) changes nothing the
  second time and is answered "02 already confirmed";
* a dossier is charged once: ``Dossier.paid_at`` is set by an update filtered on
  ``paid_at IS NULL`` — of two orders confirmed at once only one wins — and a database
  constraint allows one counted paid order per dossier. An order paid at the gateway
  after the dossier was already paid is recorded as paid (the money did move) but flagged
  ``refund_required``, logged, and the desk is told;
* every message from a gateway is logged as a ``PaymentEvent`` whatever its fate; the
  rejected ones (bad signature, unknown order, wrong amount) and IPN replays also go to
  the ``motcua.payments`` logger at WARNING.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.core.siteurl import public_base_url
from motcua.dossiers.actions import do_record_payment
from motcua.dossiers.choices import DossierState, OnlinePayment
from motcua.dossiers.models import Dossier
from motcua.dossiers.notify import notify_unit_role, notify_user
from motcua.dossiers.signals import dossier_changed
from motcua.dossiers.transitions import GATEWAY, DossierConflict
from motcua.dossiers.workflow import TransitionRefused
from motcua.org.choices import Role
from motcua.payments.choices import CallbackKind, IpnCode, PaymentStatus
from motcua.payments.fees import amount_due, format_vnd, is_paid
from motcua.payments.gateways import Outcome, VerifiedCallback, get_gateway
from motcua.payments.models import PaymentEvent, PaymentOrder, PaymentReceipt

logger = logging.getLogger("motcua.payments")

# No payment for a dossier that will not be settled (or was, and its result handed back).
CLOSED_STATES = DossierState.FINAL | {DossierState.REFUSED}
# A callback's raw parameters are logged, within reason (a forged request may be huge).
MAX_LOGGED_PARAMS = 60
MAX_LOGGED_VALUE = 500


def _refuse(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


def can_pay(user: Any, dossier: Dossier) -> bool:
    """The applicant, and staff who may see the dossier (paying at the desk for someone)."""
    return Dossier.objects.restrict(user, "view").filter(pk=dossier.pk).exists()


def _txn_ref(dossier: Dossier) -> str:
    """Our order id: the dossier code and the attempt number ("...-0361-02")."""
    n = dossier.payment_orders.count() + 1
    while PaymentOrder.objects.filter(txn_ref=f"{dossier.code}-{n:02d}").exists():
        n += 1
    return f"{dossier.code}-{n:02d}"


def expire_stale_orders(*, now: datetime | None = None, dossier: Dossier | None = None) -> int:
    """Pending orders past their time become expired (a late success from the gateway is
    still recorded: ``PaymentStatus.OPEN``)."""
    now = now or timezone.now()
    queryset = PaymentOrder.objects.filter(status=PaymentStatus.PENDING, expires_at__lte=now)
    if dossier is not None:
        queryset = queryset.filter(dossier=dossier)
    return queryset.update(status=PaymentStatus.EXPIRED, closed_at=now)


def default_return_url() -> str:
    return f"{public_base_url()}{reverse('payments:return')}"


def do_start_payment(
    dossier: Dossier, *, actor: Any, ip: str, return_url: str | None = None
) -> tuple[PaymentOrder, str]:
    """Thanh toán trực tuyến: the order to pay (a still-pending one is reused) and the
    gateway URL to send the browser to."""
    if not can_pay(actor, dossier):
        raise PermissionDenied(_("Bạn không có quyền thanh toán cho hồ sơ này."))
    gateway = get_gateway()
    now = timezone.now()
    ttl = timedelta(minutes=settings.PAYMENT_ORDER_TTL_MINUTES)
    with transaction.atomic():
        # The row lock serialises two tabs starting at once (on SQLite the IMMEDIATE
        # transactions do the same): the second one finds and reuses the first's order.
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.state in CLOSED_STATES:
            raise _refuse(
                "dossier_closed",
                _("Hồ sơ %(code)s ở trạng thái “%(state)s”: không thể thanh toán.")
                % {"code": dossier.code, "state": DossierState.label(dossier.state)},
            )
        if is_paid(dossier):
            raise _refuse(
                "already_paid",
                _("Hồ sơ %(code)s đã được thanh toán phí, lệ phí; không thanh toán lại.")
                % {"code": dossier.code},
            )
        amount = amount_due(dossier)
        if amount <= 0:
            raise _refuse(
                "nothing_due",
                _("Hồ sơ %(code)s không có khoản phí, lệ phí phải nộp.") % {"code": dossier.code},
            )
        expire_stale_orders(now=now, dossier=dossier)
        order = dossier.payment_orders.filter(status=PaymentStatus.PENDING).first()
        if order is not None and (order.amount != amount or order.gateway != gateway.name):
            # The fee changed, or the gateway was switched: the old link must not be paid.
            PaymentOrder.objects.filter(pk=order.pk, status=PaymentStatus.PENDING).update(
                status=PaymentStatus.EXPIRED, closed_at=now
            )
            order = None
        if order is None:
            order = PaymentOrder.objects.create(
                dossier=dossier,
                txn_ref=_txn_ref(dossier),
                amount=amount,
                gateway=gateway.name,
                # VNPay wants the order info in Vietnamese without diacritics.
                description=f"Nop phi, le phi ho so {dossier.code}",
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                created_at=now,
                expires_at=now + ttl,
            )
            record_audit(
                actor,
                "payment.start",
                order,
                _("Tạo giao dịch thanh toán %(ref)s, %(amount)s")
                % {"ref": order.txn_ref, "amount": format_vnd(amount)},
                {"dossier": dossier.code, "amount": amount, "gateway": gateway.name},
            )
        else:
            # Reused: a fresh link with a fresh time window.
            order.expires_at = now + ttl
            order.save(update_fields=["expires_at"])
    url = gateway.payment_url(order, return_url or default_return_url(), ip)
    return order, url


# -- what the gateway reports -------------------------------------------------------------------


@dataclass(frozen=True)
class ApplyResult:
    """The answer to a verified callback: an IPN code and the order it concerned."""

    code: str
    order: PaymentOrder | None
    changed: bool = False
    note: str = ""

    @property
    def message(self) -> str:
        return IpnCode.MESSAGES[self.code]


def apply_gateway_result(verified: VerifiedCallback, *, gateway: str | None = None) -> ApplyResult:
    """Apply a callback whose signature the gateway adapter verified: find the order (01
    if unknown to ``gateway``), check the amount (04), apply the outcome once (00) or
    report that it was already applied (02). Idempotent."""
    if not verified.valid_signature:
        raise ValueError("apply_gateway_result needs a verified callback")
    gateway = gateway or get_gateway().name
    with transaction.atomic():
        order = (
            # Lock the order row only: PostgreSQL refuses FOR UPDATE on the nullable side
            # of the outer join that select_related makes for created_by.
            PaymentOrder.objects.select_for_update(of=("self",))
            .select_related("dossier", "created_by")
            .filter(txn_ref=verified.txn_ref, gateway=gateway)
            .first()
        )
        if order is None:
            return ApplyResult(IpnCode.ORDER_NOT_FOUND, None)
        if verified.amount != order.amount:
            return ApplyResult(
                IpnCode.INVALID_AMOUNT,
                order,
                note=f"amount {verified.amount} != order amount {order.amount}",
            )
        if order.status not in PaymentStatus.OPEN:
            return ApplyResult(IpnCode.ALREADY_CONFIRMED, order, note=_duplicate(order, verified))
        if verified.outcome == Outcome.PAID:
            return _apply_paid(order, verified)
        return _apply_unpaid(order, verified)


def _duplicate(order: PaymentOrder, verified: VerifiedCallback) -> str:
    """A second *successful* gateway transaction for an order already paid means the
    gateway took the money twice: nothing changes here, but it must be refunded."""
    if (
        order.status == PaymentStatus.PAID
        and verified.succeeded
        and verified.transaction_no
        and verified.transaction_no != order.gateway_transaction_no
    ):
        logger.warning(
            "payment %s: second successful gateway transaction %s (first %s); refund it",
            order.txn_ref,
            verified.transaction_no,
            order.gateway_transaction_no,
        )
        record_audit(
            None,
            "payment.duplicate_transaction",
            order,
            _(
                "Cổng thanh toán báo giao dịch thành công lần hai (%(no)s) cho %(ref)s: cần hoàn tiền"
            )
            % {"no": verified.transaction_no, "ref": order.txn_ref},
            {"transaction_no": verified.transaction_no},
        )
        return "duplicate gateway transaction"
    return ""


def _apply_paid(order: PaymentOrder, verified: VerifiedCallback) -> ApplyResult:
    now = timezone.now()
    # Provisionally "to refund": only the order that wins the dossier below counts.
    updated = PaymentOrder.objects.filter(pk=order.pk, status__in=PaymentStatus.OPEN).update(
        status=PaymentStatus.PAID,
        refund_required=True,
        paid_at=verified.paid_at or now,
        closed_at=now,
        gateway_transaction_no=verified.transaction_no[:64],
        bank_code=verified.bank_code[:20],
        response_code=verified.response_code[:4],
    )
    if updated != 1:
        return ApplyResult(IpnCode.ALREADY_CONFIRMED, order)
    dossier = order.dossier
    # Paid through this province's gateway: DuocThanhToanTrucTuyen = 2 (766 indicator 3.6).
    won = Dossier.objects.filter(pk=dossier.pk, paid_at__isnull=True).update(
        paid_at=now, paid_online=OnlinePayment.PROVINCIAL_GATEWAY
    )
    if won:
        dossier_changed.send(sender=Dossier, dossier_id=dossier.pk)
    if not won:
        order.refresh_from_db()
        logger.warning(
            "payment %s paid at the gateway but dossier %s was already paid: refund required",
            order.txn_ref,
            dossier.code,
        )
        record_audit(
            None,
            "payment.refund_required",
            order,
            _("Hồ sơ %(code)s đã được thanh toán trước đó; giao dịch %(ref)s phải hoàn tiền")
            % {"code": dossier.code, "ref": order.txn_ref},
            {"amount": order.amount, "transaction_no": order.gateway_transaction_no},
        )
        notify_unit_role(
            dossier.receiving_unit,
            Role.CLERK,
            dossier,
            _("Hồ sơ %(code)s: khoản thanh toán trùng %(amount)s (giao dịch %(ref)s) cần hoàn trả.")
            % {"code": dossier.code, "amount": format_vnd(order.amount), "ref": order.txn_ref},
        )
        return ApplyResult(IpnCode.CONFIRMED, order, changed=True, note="refund required")
    PaymentOrder.objects.filter(pk=order.pk).update(refund_required=False)
    order.refresh_from_db()
    paid_local = timezone.localtime(order.paid_at or now)
    PaymentReceipt.objects.create(
        order=order, number=f"BL{paid_local:%Y}-{order.pk:06d}", issued_at=now
    )
    record_audit(
        order.created_by,
        "payment.paid",
        order,
        _("Đã thanh toán %(amount)s cho hồ sơ %(code)s (giao dịch %(ref)s)")
        % {"amount": format_vnd(order.amount), "code": dossier.code, "ref": order.txn_ref},
        {"amount": order.amount, "transaction_no": order.gateway_transaction_no},
    )
    _record_on_dossier(order)
    notify_user(
        dossier.applicant,
        dossier,
        _("Hồ sơ %(code)s: đã nhận thanh toán %(amount)s phí, lệ phí.")
        % {"code": dossier.code, "amount": format_vnd(order.amount)},
    )
    return ApplyResult(IpnCode.CONFIRMED, order, changed=True)


def _record_on_dossier(order: PaymentOrder) -> None:
    """A dossier waiting for its financial obligation goes back to processing, recorded as
    done by the gateway's verified callback (``GATEWAY``): never by the payer's account."""
    dossier = Dossier.objects.select_related("current_step").get(pk=order.dossier_id)
    if dossier.state != DossierState.AWAITING_PAYMENT:
        return
    try:
        do_record_payment(
            dossier,
            actor=GATEWAY,
            note=_("Thanh toán trực tuyến, giao dịch %(ref)s") % {"ref": order.txn_ref},
            data={"txn_ref": order.txn_ref, "amount": order.amount, "online": True},
        )
    except (TransitionRefused, DossierConflict) as exc:
        # The payment stands (paid_at is set); the desk moves the dossier on by hand.
        logger.warning(
            "payment %s: dossier %s left awaiting payment: %s", order.txn_ref, dossier.code, exc
        )


def _apply_unpaid(order: PaymentOrder, verified: VerifiedCallback) -> ApplyResult:
    now = timezone.now()
    status = (
        PaymentStatus.CANCELLED if verified.outcome == Outcome.CANCELLED else PaymentStatus.FAILED
    )
    updated = PaymentOrder.objects.filter(pk=order.pk, status__in=PaymentStatus.OPEN).update(
        status=status,
        closed_at=now,
        gateway_transaction_no=verified.transaction_no[:64],
        bank_code=verified.bank_code[:20],
        response_code=verified.response_code[:4],
    )
    if updated != 1:
        return ApplyResult(IpnCode.ALREADY_CONFIRMED, order)
    order.refresh_from_db()
    record_audit(
        order.created_by,
        f"payment.{status}",
        order,
        _("Giao dịch %(ref)s: %(status)s (mã %(rc)s)")
        % {
            "ref": order.txn_ref,
            "status": PaymentStatus.label(status),
            "rc": verified.response_code,
        },
        {"response_code": verified.response_code},
    )
    # VNPay: a failed or cancelled payment is still "confirmed" (the merchant took note).
    return ApplyResult(IpnCode.CONFIRMED, order, changed=True)


# -- the endpoints' common path ---------------------------------------------------------------


@dataclass(frozen=True)
class CallbackResult:
    code: str
    message: str
    order: PaymentOrder | None
    verified: VerifiedCallback

    @property
    def as_ipn_answer(self) -> dict[str, str]:
        return {"RspCode": self.code, "Message": self.message}


def _loggable(params: Mapping[str, str]) -> dict[str, str]:
    items = list(params.items())[:MAX_LOGGED_PARAMS]
    return {str(k)[:100]: str(v)[:MAX_LOGGED_VALUE] for k, v in items}


def handle_callback(
    params: Mapping[str, str], *, kind: str, remote_addr: str | None = None
) -> CallbackResult:
    """Verify, apply and log one message from the gateway (IPN or browser return)."""
    gateway = get_gateway()
    verified = gateway.verify(params)
    result: ApplyResult
    if not verified.valid_signature:
        result = ApplyResult(IpnCode.INVALID_SIGNATURE, None)
    else:
        try:
            result = apply_gateway_result(verified, gateway=gateway.name)
        except Exception:
            # The gateway retries an IPN that was not acknowledged; nothing was written.
            logger.exception("payment callback for %s failed", verified.txn_ref)
            result = ApplyResult(IpnCode.UNKNOWN_ERROR, None)
    order = result.order
    if order is None and verified.valid_signature:
        order = PaymentOrder.objects.filter(txn_ref=verified.txn_ref).first()
    message = result.message + (f" ({result.note})" if result.note else "")
    PaymentEvent.objects.create(
        order=order,
        txn_ref=verified.txn_ref[:100],
        kind=kind,
        params=_loggable(verified.params),
        verified=verified.valid_signature,
        outcome=result.code,
        message=message[:300],
        remote_addr=remote_addr or None,
    )
    rejected = result.code in IpnCode.REJECTED
    replayed = kind == CallbackKind.IPN and result.code == IpnCode.ALREADY_CONFIRMED
    logger.log(
        logging.WARNING if rejected or replayed else logging.INFO,
        "payment %s %s from %s: %s %s",
        kind,
        verified.txn_ref or "-",
        remote_addr or "-",
        result.code,
        message,
    )
    return CallbackResult(result.code, result.message, order, verified)
