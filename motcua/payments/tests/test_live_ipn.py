"""The sandbox's IPN is a real HTTP request to PAYMENT_IPN_BASE_URL, as VNPay's is: here
against the live test server."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier
from motcua.payments.choices import CallbackKind, PaymentStatus
from motcua.payments.models import PaymentEvent, PaymentOrder

from .conftest import query_of


@pytest.mark.django_db(transaction=True)
def test_sandbox_notifies_the_ipn_over_http(live_server, settings, dossier, citizen, as_user):
    settings.PAYMENT_IPN_BASE_URL = live_server.url
    client = as_user(citizen)
    pay_url = client.post(f"/payments/dossier/{dossier.code}/")["Location"]
    response = client.post("/payments/sandbox/pay/", {**query_of(pay_url), "choice": "pay"})
    assert response.status_code == 302
    # Paid by the IPN alone, before the browser came back.
    event = PaymentEvent.objects.get()
    assert (event.kind, event.outcome, event.verified) == (CallbackKind.IPN, "00", True)
    assert event.remote_addr == "127.0.0.1"
    assert PaymentOrder.objects.get(dossier=dossier).status == PaymentStatus.PAID
    assert Dossier.objects.get(pk=dossier.pk).paid_at is not None
