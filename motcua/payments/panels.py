"""The fees panel of the officer's dossier page: what is due, what was paid (with the
receipts), and "Thu phí tại quầy" for the desk's clerk."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from motcua.dossiers.choices import DossierState
from motcua.payments.desk import PAYABLE_STATES, may_record
from motcua.payments.fees import amount_due, format_vnd
from motcua.payments.selectors import payments_of


def fees_panel(request: Any, dossier: Any) -> str:
    lines = payments_of(dossier)
    due = amount_due(dossier)
    if not due and not lines:
        return ""
    return render_to_string(
        "payments/_desk_panel.html",
        {
            "dossier": dossier,
            "due": due,
            "due_text": format_vnd(due),
            "paid_lines": lines,
            "processed": dossier.state == DossierState.PROCESSED,
            "can_record": due > 0
            and dossier.state in PAYABLE_STATES
            and may_record(request.user, dossier),
        },
        request=request,
    )
