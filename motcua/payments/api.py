"""The desk payment over the API: ``POST /api/v1/dossiers/{code}/record-payment`` (the
workflow's "record payment" transition, owned here because it records a payment). Mounted
on the dossiers' prefix by the API composition; staff only (token or session)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from motcua.core.inputs import RECEIPT_NUMBER_MAX, Amount, Code, Note, text
from motcua.dossiers.api import RESPONSES, ActionIn, dossier_out, load_for_action
from motcua.org.tokens import staff_auth
from motcua.payments.desk import do_record_desk_payment

router = Router(tags=["payments"], auth=staff_auth)


class DeskPaymentIn(ActionIn):
    # cash | bank_transfer | card_terminal
    method: Code
    amount: Amount
    receipt_number: text(RECEIPT_NUMBER_MAX)
    exemption_reason: Note = ""


@router.post(
    "/{code}/record-payment",
    response=RESPONSES,
    summary="Thu phí, lệ phí tại quầy (ghi biên lai)",
)
def record_payment(request: HttpRequest, code: Code, payload: DeskPaymentIn) -> dict[str, Any]:
    dossier = load_for_action(request, code, payload.version)
    do_record_desk_payment(
        dossier,
        actor=request.user,
        method=payload.method,
        amount=payload.amount,
        receipt_number=payload.receipt_number,
        exemption_reason=payload.exemption_reason,
        note=payload.note,
    )
    return dossier_out(request, code)
