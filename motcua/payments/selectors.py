"""What was paid for a dossier, for the pages of other areas (the citizen's dossier page,
the officer's dossier page): the online payments the gateway confirmed and the payment
taken at the desk, each with its receipt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.payments.choices import PaymentStatus
from motcua.payments.fees import format_vnd
from motcua.payments.models import DeskPayment, PaymentOrder


@dataclass(frozen=True)
class PaidLine:
    at: datetime
    amount: int
    amount_text: str
    how: str
    receipt_number: str
    receipt_url: str
    exemption_reason: str = ""


def payments_of(dossier: Dossier) -> list[PaidLine]:
    """The payments counted for ``dossier`` (a refunded duplicate is not one), oldest
    first. The caller has already checked that the user may see the dossier."""
    lines: list[PaidLine] = []
    desk = DeskPayment.objects.filter(dossier=dossier).first()
    if desk is not None:
        lines.append(
            PaidLine(
                at=desk.recorded_at,
                amount=desk.amount,
                amount_text=format_vnd(desk.amount),
                how=_("%(method)s tại Bộ phận Một cửa") % {"method": desk.method_label},
                receipt_number=desk.receipt_number,
                receipt_url=reverse("payments:desk_receipt", args=[desk.pk]),
                exemption_reason=desk.exemption_reason,
            )
        )
    orders = PaymentOrder.objects.filter(
        dossier=dossier, status=PaymentStatus.PAID, refund_required=False, receipt__isnull=False
    ).select_related("receipt")
    for order in orders:
        lines.append(
            PaidLine(
                at=order.paid_at or order.receipt.issued_at,
                amount=order.amount,
                amount_text=format_vnd(order.amount),
                how=_("Thanh toán trực tuyến (giao dịch %(ref)s)") % {"ref": order.txn_ref},
                receipt_number=order.receipt.number,
                receipt_url=reverse("payments:receipt", args=[order.txn_ref]),
            )
        )
    return sorted(lines, key=lambda line: line.at)
