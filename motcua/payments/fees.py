"""What a procedure costs and what a dossier still owes (phí, lệ phí)."""

from __future__ import annotations

from dataclasses import dataclass

from motcua.dossiers.models import Dossier
from motcua.payments.choices import PaymentStatus
from motcua.procedures.choices import FeeKind
from motcua.procedures.models import Procedure


def format_vnd(amount: int) -> str:
    """1250000 → "1.250.000 đ" (the dot groups thousands in Vietnamese)."""
    return f"{amount:,} đ".replace(",", ".")


@dataclass(frozen=True)
class FeeLine:
    """One row of a procedure's fee table. ``amount`` None: the amount depends on the case
    and ``description`` says how it is computed."""

    kind: str
    kind_label: str
    amount: int | None
    description: str
    exemption: str

    @property
    def amount_text(self) -> str:
        if self.amount is None:
            return ""
        return format_vnd(self.amount)


def fees_for(procedure: Procedure) -> list[FeeLine]:
    """The procedure's fee rows, in catalogue order (phí, lệ phí, exemptions)."""
    return [
        FeeLine(
            kind=fee.kind,
            kind_label=FeeKind.label(fee.kind),
            amount=fee.amount,
            description=fee.description,
            exemption=fee.exemption,
        )
        for fee in procedure.fees.all()
    ]


def is_paid(dossier: Dossier) -> bool:
    """Paid online (a counted paid order) or recorded as paid at the desk (``paid_at``)."""
    if dossier.paid_at is not None:
        return True
    return dossier.payment_orders.filter(status=PaymentStatus.PAID, refund_required=False).exists()


def amount_due(dossier: Dossier) -> int:
    """What the applicant still has to pay, in đồng: the dossier's fee (set from the
    procedure at intake, or by the agency when it asks for the financial obligation),
    nothing once paid."""
    if is_paid(dossier):
        return 0
    return int(dossier.fee_amount or 0)
