"""The feedback demo: items in every state through the real actions, idempotent."""

import pytest
from django.test import Client

from motcua.demo.loader import load_demo
from motcua.feedback.models import Feedback, SimplificationProposal

pytestmark = pytest.mark.django_db


def test_the_demo_has_feedback_in_every_state_and_loads_once():
    load_demo()
    states = set(Feedback.objects.values_list("state", flat=True))
    assert states == {
        "received",
        "forwarded",
        "routed",
        "not_accepted",
        "accepted",
        "waiting_sender",
        "answered",
        "published",
        "closed",
    }
    reopened = Feedback.objects.get(reopen_count=1)
    assert reopened.state == "accepted" and reopened.published_at is not None
    assert Feedback.objects.filter(channel="hotline").count() == 2
    assert Feedback.objects.exclude(dossier=None).get().sender_account.username == "congdan"
    assert SimplificationProposal.objects.count() == 1
    page = Client().get("/feedback/", {"q": "tinh trang hon nhan"}).content.decode()
    assert "Vũ Thị Lan" not in page and "hộ tịch điện tử" in page
    assert load_demo().get("created_feedback") is None
    assert Feedback.objects.count() == 10
