"""Thu phí, lệ phí tại quầy: the clerk records a payment taken at the desk.

With the gateway's verified callback (``actions.handle_callback``) this is the only way a
fee becomes paid (docs/payments.md, "At the desk"). The rules:

* only a clerk of the dossier (its receiving or responsible unit) records it;
* the amount is what is due (``fees.amount_due``), or less under a legal exemption whose
  reason is written down (e.g. Thông tư 85/2019/TT-BTC on charges; the procedure's fee
  table lists its exemptions); never more;
* the receipt (biên lai) number is required and used once per desk;
* at reception, while the agency waits for the payment (the dossier goes back to
  processing), or before the result is handed back — a result with a fee still due
  cannot be returned (``Dossier.fee_still_due``);
* a dossier is charged once: ``Dossier.paid_at`` is set by compare-and-set under the row
  lock, so a gateway payment confirmed at the same moment loses and is refunded
  (``actions._apply_paid``); pending online orders are closed;
* ``Dossier.paid_online`` stays "0": the 766 index counts online payments only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import inputs
from motcua.core.models import record_audit
from motcua.dossiers.actions import do_record_payment
from motcua.dossiers.choices import Actor, DossierState
from motcua.dossiers.models import Dossier
from motcua.dossiers.notify import notify_user
from motcua.dossiers.transitions import actors_for
from motcua.dossiers.workflow import TransitionRefused
from motcua.payments.choices import DeskMethod, PaymentStatus
from motcua.payments.fees import amount_due, format_vnd, is_paid
from motcua.payments.models import DeskPayment, PaymentOrder

# The fee may be taken from reception until the result is handed back.
PAYABLE_STATES = DossierState.OPEN | {DossierState.PROCESSED}
MAX_RECEIPT_NUMBER = inputs.RECEIPT_NUMBER_MAX


def _invalid(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


def may_record(user: Any, dossier: Dossier) -> bool:
    return Actor.CLERK in actors_for(user, dossier)


def do_record_desk_payment(
    dossier: Dossier,
    *,
    actor: Any,
    method: str,
    amount: int,
    receipt_number: str,
    exemption_reason: str = "",
    note: str = "",
) -> DeskPayment:
    if not may_record(actor, dossier):
        raise TransitionRefused(
            "forbidden", _("Chỉ cán bộ Bộ phận Một cửa của hồ sơ được thu phí, lệ phí.")
        )
    if dossier.state not in PAYABLE_STATES:
        raise TransitionRefused(
            "dossier_closed",
            _("Hồ sơ %(code)s ở trạng thái “%(state)s”: không thu phí, lệ phí.")
            % {"code": dossier.code, "state": DossierState.label(dossier.state)},
        )
    if method not in DeskMethod.values():
        raise _invalid("invalid_method", _("Chọn hình thức nộp: tiền mặt, chuyển khoản hoặc thẻ."))
    receipt_number = (receipt_number or "").strip()
    if not receipt_number:
        raise _invalid("receipt_number_required", _("Ghi số biên lai đã giao cho người nộp."))
    if len(receipt_number) > MAX_RECEIPT_NUMBER:
        raise _invalid(
            "receipt_number_too_long",
            _("Số biên lai dài tối đa %(n)d ký tự.") % {"n": MAX_RECEIPT_NUMBER},
        )
    exemption_reason = (exemption_reason or "").strip()
    now = timezone.now()
    with transaction.atomic():
        # The row lock serialises a desk payment with a gateway confirmation of the same
        # dossier (on SQLite the IMMEDIATE transaction does the same).
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if is_paid(locked):
            raise TransitionRefused(
                "already_paid",
                _("Hồ sơ %(code)s đã nộp phí, lệ phí; không thu lại.") % {"code": dossier.code},
            )
        due = amount_due(locked)
        if due <= 0:
            raise TransitionRefused(
                "nothing_due",
                _("Hồ sơ %(code)s không có khoản phí, lệ phí phải nộp.") % {"code": dossier.code},
            )
        if amount is None or amount < 0 or amount > due:
            raise _invalid(
                "amount_mismatch",
                _("Số tiền thu phải đúng số phải nộp: %(due)s.") % {"due": format_vnd(due)},
            )
        if amount < due and not exemption_reason:
            raise _invalid(
                "exemption_reason_required",
                _(
                    "Số tiền thu (%(amount)s) nhỏ hơn số phải nộp (%(due)s): ghi căn cứ miễn, "
                    "giảm theo quy định."
                )
                % {"amount": format_vnd(amount), "due": format_vnd(due)},
            )
        if amount == due and exemption_reason:
            raise _invalid(
                "exemption_without_reduction",
                _("Đã thu đủ số phải nộp: không ghi căn cứ miễn, giảm."),
            )
        unit = locked.receiving_unit
        if DeskPayment.objects.filter(unit=unit, receipt_number=receipt_number).exists():
            raise _invalid(
                "receipt_number_used",
                _("Số biên lai %(number)s đã được dùng tại %(unit)s.")
                % {"number": receipt_number, "unit": unit.name},
            )
        state_before = locked.state
        facts = {
            "desk_payment": True,
            "method": method,
            "amount": amount,
            "receipt_number": receipt_number,
        }
        if locked.state == DossierState.AWAITING_PAYMENT:
            do_record_payment(
                locked,
                actor=actor,
                note=note
                or _("Nộp %(amount)s tại quầy (%(method)s), biên lai số %(number)s")
                % {
                    "amount": format_vnd(amount),
                    "method": DeskMethod.label(method),
                    "number": receipt_number,
                },
                data=facts,
            )
        else:
            Dossier.objects.filter(pk=locked.pk, paid_at__isnull=True).update(paid_at=now)
        payment = DeskPayment.objects.create(
            dossier=locked,
            unit=unit,
            method=method,
            amount=amount,
            amount_due=due,
            exemption_reason=exemption_reason,
            receipt_number=receipt_number,
            dossier_state=state_before,
            note=note,
            recorded_by=actor,
            recorded_at=now,
        )
        # A link the applicant may still hold must not take the money a second time.
        PaymentOrder.objects.filter(dossier=locked, status=PaymentStatus.PENDING).update(
            status=PaymentStatus.EXPIRED, closed_at=now
        )
        record_audit(
            actor,
            "payment.desk",
            payment,
            _("Thu %(amount)s tại quầy cho hồ sơ %(code)s, biên lai số %(number)s")
            % {"amount": format_vnd(amount), "code": locked.code, "number": receipt_number},
            {**facts, "amount_due": due, "exemption_reason": exemption_reason},
        )
        notify_user(
            locked.applicant,
            locked,
            _(
                "Hồ sơ %(code)s: đã nộp %(amount)s phí, lệ phí tại Bộ phận Một cửa (biên lai số "
                "%(number)s)."
            )
            % {"code": locked.code, "amount": format_vnd(amount), "number": receipt_number},
        )
    dossier.refresh_from_db()
    return payment
