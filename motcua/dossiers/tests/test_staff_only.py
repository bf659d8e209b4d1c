"""Issue 7: only staff reach the staff API, and only a clerk's desk payment or the gateway's
verified callback marks a fee paid."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from motcua.dossiers import actions
from motcua.dossiers.choices import DossierState
from motcua.dossiers.intake import Applicant
from motcua.dossiers.tests.conftest import vn
from motcua.dossiers.workflow import TransitionRefused
from motcua.org.tokens import do_create_token
from motcua.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def own_dossier(clock, receive, citizen, clerk, specialist):
    dossier = receive(applicant=Applicant("Nguyễn Văn An", user=citizen))
    actions.do_hand_on(dossier, actor=clerk)
    return dossier


def citizen_session(citizen):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=citizen.username, password=PASSWORD)
    client.get("/accounts/profile/")  # sets the CSRF cookie, as the browser would have it
    token = client.cookies["csrftoken"].value
    return client, token


def test_a_citizen_session_gets_403_on_every_staff_endpoint(own_dossier, citizen, specialist):
    actions.do_require_payment(own_dossier, actor=specialist, amount=50_000)
    client, csrf = citizen_session(citizen)
    code = own_dossier.code
    for path in ("record-payment", "answer-supplement", "hand-on", "complete", "return-result"):
        response = client.post(
            f"/api/v1/dossiers/{code}/{path}",
            {"version": own_dossier.version},
            content_type="application/json",
            HTTP_X_CSRFTOKEN=csrf,
        )
        assert response.status_code == 403, (path, response.content)
        assert response.json()["code"] == "forbidden"
        assert response.json()["message"] == "Chức năng này dành cho cán bộ, công chức."
    for path in ("/api/v1/dossiers", f"/api/v1/dossiers/{code}", "/api/v1/units"):
        assert client.get(path).status_code == 403
    own_dossier.refresh_from_db()
    assert own_dossier.state == DossierState.AWAITING_PAYMENT
    assert own_dossier.paid_at is None


def test_a_token_of_a_citizen_account_gets_403(own_dossier, citizen):
    _token, raw = do_create_token(citizen, "thử")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.post(
        f"/api/v1/dossiers/{own_dossier.code}/record-payment", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert client.get("/api/v1/dossiers").status_code == 403


def test_the_applicant_can_neither_mark_paid_nor_answer_without_documents(
    own_dossier, citizen, specialist
):
    actions.do_require_payment(own_dossier, actor=specialist, amount=50_000)
    with pytest.raises(TransitionRefused) as refused:
        actions.do_record_payment(own_dossier, actor=citizen)
    assert refused.value.code == "forbidden"
    own_dossier.refresh_from_db()
    assert own_dossier.paid_at is None

    other = own_dossier
    actions.do_record_payment(other, actor=actions.GATEWAY, note="VNPay 123")
    actions.do_request_supplement(other, actor=specialist, reason="Thiếu ảnh")
    with pytest.raises(ValidationError) as invalid:
        actions.do_answer_supplement(other, actor=citizen, documents=[])
    assert invalid.value.code == "no_files"
    other.refresh_from_db()
    assert other.state == DossierState.SUPPLEMENT_REQUESTED
