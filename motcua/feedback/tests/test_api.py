"""The API contract of issue 12, driven over HTTP: intake, the sender's tracking with the
secret, the public list, the staff actions; a reopened and a forwarded item end to end."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.feedback.models import Feedback
from motcua.org.tokens import do_create_token

from .conftest import local

BODY = {
    "title": "Cán bộ hẹn trả kết quả sai ngày",
    "content": "Tôi là Trần Thị Bình, gọi 0905123456 không ai nghe máy.",
    "name": "Trần Thị Bình",
    "phone": "0905123456",
    "email": "binh@example.vn",
}


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def staff_client(specialist):
    _token, raw = do_create_token(specialist, "test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def send(client, **extra):
    return client.post("/api/v1/feedback", {**BODY, **extra}, content_type="application/json")


def act(client, code, action, **body):
    return client.post(
        f"/api/v1/feedback/staff/{code}/{action}", body, content_type="application/json"
    )


def test_posting_feedback_answers_201_with_the_code_and_the_secret(anonymous, commune, travel):
    travel("12/02/2026 10:00")
    response = send(anonymous, unit=commune.code)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"code", "secret"}
    assert body["code"] == "PAKN-260212-0001"
    item = Feedback.objects.get(code=body["code"])
    assert item.unit == commune and item.channel == "portal" and item.sender_account is None
    assert body["secret"] not in item.secret_digest  # only its digest is stored


def test_the_sender_follows_with_the_secret_and_nobody_without_it(anonymous, commune, travel):
    travel("12/02/2026 10:00")
    body = send(anonymous, unit=commune.code).json()
    url = f"/api/v1/feedback/{body['code']}"
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(url, {"secret": "sai"}).status_code == 404
    answer = anonymous.get(url, {"secret": body["secret"]})
    assert answer.status_code == 200
    data = answer.json()
    assert set(data) == {"code", "state", "received_at", "handling_due_at", "steps"}
    assert data["state"] == "received"
    assert data["received_at"] == "2026-02-12T10:00:00+07:00"
    assert data["handling_due_at"] == "2026-03-12T17:00:00+07:00"
    assert [(s["kind"], s["due_at"]) for s in data["steps"]] == [
        ("classify", "2026-02-23T17:00:00+07:00"),
        ("handle", "2026-03-12T17:00:00+07:00"),
    ]


def test_bad_input_is_refused_with_the_error_shape(anonymous, commune):
    response = send(anonymous, title="", unit=commune.code)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_feedback"
    assert set(response.json()) == {"code", "message", "details"}
    unknown = send(anonymous, dossier_code="000.01.40.H99-260101-9999")
    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_dossier")
    assert Feedback.objects.count() == 0


def test_anonymous_intake_is_rate_limited(anonymous, commune, settings):
    settings.FEEDBACK_RATE_LIMIT = 2
    codes = [send(anonymous, unit=commune.code).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Feedback.objects.count() == 2


def test_staff_endpoints_refuse_citizens_and_strangers(anonymous, commune, citizen, as_user):
    code = send(anonymous, unit=commune.code).json()["code"]
    assert act(anonymous, code, "accept").status_code == 401
    assert act(as_user(citizen), code, "accept").status_code == 403


def test_a_reopened_item_traced_end_to_end(anonymous, staff_client, commune, specialist, travel):
    travel("12/02/2026 10:00")
    receipt = send(anonymous, unit=commune.code).json()
    code, secret = receipt["code"], receipt["secret"]
    assert act(staff_client, code, "accept", note="Thuộc thẩm quyền").json()["state"] == "accepted"
    travel("24/02/2026 09:00")
    answered = act(staff_client, code, "answer", answer="Đã nhắc nhở cán bộ Trần Thị Bình gọi lại.")
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    travel("25/02/2026 09:00")
    published = act(staff_client, code, "publish")
    assert published.json()["state"] == "published"
    public = anonymous.get("/api/v1/feedback/published", {"q": "hen tra ket qua"}).json()
    assert [p["code"] for p in public] == [code]
    assert "Trần Thị Bình" not in str(public) and "0905123456" not in str(public)
    assert "***" in public[0]["answer"]
    # The sender: not resolved → handled again, from now, with a full limit.
    travel("02/03/2026 10:00")
    reopened = anonymous.post(
        f"/api/v1/feedback/{code}/reopen",
        {"secret": secret, "reason": "Vẫn chưa ai gọi lại"},
        content_type="application/json",
    )
    assert reopened.status_code == 200
    assert reopened.json()["state"] == "accepted"
    assert reopened.json()["handling_due_at"] == "2026-03-23T17:00:00+07:00"
    travel("05/03/2026 10:00")
    act(staff_client, code, "answer", answer="Đã gọi lại và hẹn ngày trả.")
    again = anonymous.post(
        f"/api/v1/feedback/{code}/reopen",
        {"secret": secret, "reason": "Lần nữa"},
        content_type="application/json",
    )
    assert (again.status_code, again.json()["code"]) == (409, "already_reopened")
    act(staff_client, code, "close")
    trace = anonymous.get(f"/api/v1/feedback/{code}", {"secret": secret}).json()
    assert trace["state"] == "closed"
    assert [(s["kind"], s["on_time"], s["counted"]) for s in trace["steps"]] == [
        ("classify", None, False),
        ("handle", True, True),
        ("publish", True, True),
        ("handle", True, True),
        ("publish", None, False),
    ]
    events = list(Feedback.objects.get(code=code).events.values_list("action", flat=True))
    assert events == ["receive", "accept", "answer", "publish", "reopen", "answer", "close"]
    staff = staff_client.get(f"/api/v1/feedback/staff/{code}").json()
    assert staff["reopen_count"] == 1 and staff["sender_name"] == "Trần Thị Bình"


def test_a_forwarded_item_traced_end_to_end(anonymous, staff_client, commune, travel):
    travel("12/02/2026 10:00")
    receipt = send(anonymous, unit=commune.code, title="Đường ngập nước").json()
    code, secret = receipt["code"], receipt["secret"]
    missing = act(staff_client, code, "forward")
    assert (missing.status_code, missing.json()["code"]) == (400, "reason_required")
    travel("26/02/2026 16:00")
    forwarded = act(staff_client, code, "forward", forwarded_to="Sở Xây dựng tỉnh Thử Nghiệm")
    assert forwarded.status_code == 200
    assert forwarded.json()["state"] == "forwarded"
    assert forwarded.json()["forwarded_to"] == "Sở Xây dựng tỉnh Thử Nghiệm"
    trace = anonymous.get(f"/api/v1/feedback/{code}", {"secret": secret}).json()
    assert trace["state"] == "forwarded"
    step = trace["steps"][0]
    assert (step["kind"], step["limit_days"], step["due_at"], step["on_time"]) == (
        "forward",
        5,
        "2026-02-26T17:00:00+07:00",
        True,
    )
    assert trace["steps"][1]["counted"] is False  # the handling is the competent body's
    # Nothing more on the agency's side.
    late = act(staff_client, code, "answer", answer="x")
    assert (late.status_code, late.json()["code"]) == (409, "invalid_transition")
    assert local(Feedback.objects.get(code=code).closed_at) == "26/02/2026 16:00"
