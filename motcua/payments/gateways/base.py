"""The gateway adapter interface: what the payment actions need from any gateway.

An adapter builds the URL that sends the citizen to the gateway's payment page and checks
what the gateway sends back (the browser's return and the server-to-server IPN): the
signature, our order reference, the amount, the result. Everything else — the order
states, the dossier, receipts, the log — is the actions' business and the same for every
gateway (docs/payments.md, "Plugging in a gateway").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from motcua.payments.models import PaymentOrder


class Outcome:
    """What a verified callback says happened at the gateway."""

    PAID = "paid"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True)
class VerifiedCallback:
    """A gateway callback after the adapter checked it.

    ``valid_signature`` False: nothing else in it may be trusted (the fields are still
    filled from the raw parameters, for the log). ``amount`` is in đồng (VND), already
    converted from the gateway's unit; None when missing or not a number."""

    valid_signature: bool
    txn_ref: str
    amount: int | None
    outcome: str
    response_code: str
    transaction_no: str = ""
    bank_code: str = ""
    paid_at: datetime | None = None
    params: dict[str, str] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return self.valid_signature and self.outcome == Outcome.PAID


@runtime_checkable
class PaymentGateway(Protocol):
    """Cổng thanh toán. ``name`` is stored on each order (``PaymentOrder.gateway``)."""

    name: str
    label: str

    def payment_url(self, order: PaymentOrder, return_url: str, ip: str) -> str:
        """Where to send the citizen's browser to pay ``order``; the gateway sends it back
        to ``return_url`` afterwards. ``ip`` is the citizen's address (VNPay asks for it)."""
        ...

    def verify(self, params: Mapping[str, str]) -> VerifiedCallback:
        """Check a callback's signature and read it. Never raises on bad input: a forged or
        malformed callback gives ``valid_signature=False``."""
        ...
