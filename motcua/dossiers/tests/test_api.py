"""The dossier API as an integration would use it: token auth, JSON in and out."""

import pytest
import time_machine
from django.test import Client

from motcua.dossiers.tests.conftest import vn
from motcua.org.tokens import do_create_token

pytestmark = pytest.mark.django_db

BODY = {
    "procedure": "1.000894",
    "unit": "000.01.40.H99",
    "applicant": {"name": "Trần Văn Bình", "id_number": "056090001234", "phone": "0905123456"},
    "documents": [
        {"name": "Tờ khai đăng ký kết hôn"},
        {"name": "Giấy xác nhận tình trạng hôn nhân"},
    ],
}


def bearer(user):
    _token, raw = do_create_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def clock():
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False) as traveller:
        yield traveller


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_full_lifecycle_over_the_api(clock, marriage, clerk, specialist, leader):
    desk, expert, head = bearer(clerk), bearer(specialist), bearer(leader)
    created = post(desk, "/api/v1/dossiers", BODY)
    assert created.status_code == 201, created.content
    dossier = created.json()
    code = dossier["code"]
    assert code == "000.01.40.H99-250124-0001"
    assert (dossier["state"], dossier["national_state"], dossier["national_channel"]) == (
        "received",
        2,
        1,
    )
    assert dossier["due_at"] == "2025-02-07T17:00:00+07:00"

    clock.move_to(vn("2025-01-24 11:00"))
    moved = post(
        desk,
        f"/api/v1/dossiers/{code}/hand-on",
        {"version": dossier["version"], "to_user": specialist.username},
    ).json()
    assert moved["current_step"]["order"] == 2
    assert moved["current_step"]["due_at"] == "2025-02-05T11:00:00+07:00"

    clock.move_to(vn("2025-02-03 09:00"))
    paused = post(
        expert, f"/api/v1/dossiers/{code}/request-supplement", {"reason": "Thiếu bản sao CCCD"}
    ).json()
    assert paused["state"] == "supplement_requested" and paused["paused"] is True
    second = post(expert, f"/api/v1/dossiers/{code}/request-supplement", {"reason": "Nữa"})
    assert second.status_code == 409
    clock.move_to(vn("2025-02-05 09:00"))
    resumed = post(
        desk,
        f"/api/v1/dossiers/{code}/answer-supplement",
        {"documents": [{"name": "Bản sao CCCD"}]},
    ).json()
    assert resumed["due_at"] == "2025-02-11T17:00:00+07:00"

    post(expert, f"/api/v1/dossiers/{code}/hand-on", {})
    done = post(
        head,
        f"/api/v1/dossiers/{code}/complete",
        {"result_summary": "Giấy chứng nhận kết hôn số 12/2025"},
    ).json()
    assert (done["state"], done["is_late"]) == ("processed", False)
    delivered = post(desk, f"/api/v1/dossiers/{code}/return-result", {"method": "desk"}).json()
    assert (delivered["state"], delivered["national_state"]) == ("delivered", 10)

    history = desk.get(f"/api/v1/dossiers/{code}/history").json()
    assert [e["action"] for e in history] == [
        "receive",
        "hand_on",
        "request_supplement",
        "answer_supplement",
        "hand_on",
        "complete",
        "return_result",
    ]
    assert history[1]["on_time"] is True
    kinds = [f["kind"] for f in desk.get(f"/api/v1/dossiers/{code}/forms").json()]
    assert kinds == ["receipt", "supplement"]


def test_stale_version_is_a_conflict_and_writes_nothing(clock, marriage, clerk):
    desk = bearer(clerk)
    dossier = post(desk, "/api/v1/dossiers", BODY).json()
    post(desk, f"/api/v1/dossiers/{dossier['code']}/hand-on", {"version": dossier["version"]})
    stale = post(
        desk,
        f"/api/v1/dossiers/{dossier['code']}/stop",
        {"version": dossier["version"], "reason": "Xin dừng"},
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert desk.get(f"/api/v1/dossiers/{dossier['code']}").json()["state"] == "in_process"


def test_errors_are_structured_and_vietnamese(clock, marriage, clerk, specialist, other_commune):
    from motcua.org.choices import Role
    from motcua.testing.factories import staff

    desk = bearer(clerk)
    missing = post(desk, "/api/v1/dossiers", {**BODY, "documents": BODY["documents"][:1]})
    assert missing.status_code == 400
    assert missing.json()["code"] == "documents_missing"
    assert "Giấy xác nhận tình trạng hôn nhân" in missing.json()["message"]
    bad = post(desk, "/api/v1/dossiers", {"procedure": "1.000894"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_input"
    code = post(desk, "/api/v1/dossiers", BODY).json()["code"]
    # The specialist does not hold the reception step.
    refused = post(bearer(specialist), f"/api/v1/dossiers/{code}/hand-on", {})
    assert refused.status_code == 403 and refused.json()["code"] == "not_step_holder"
    # A clerk of another commune does not even see it.
    stranger = bearer(staff(other_commune, Role.CLERK, username="ngoai"))
    assert stranger.get(f"/api/v1/dossiers/{code}").status_code == 404
    assert stranger.get("/api/v1/dossiers").json() == []
    wrong_state = post(desk, f"/api/v1/dossiers/{code}/complete", {"result_summary": "x"})
    assert wrong_state.status_code == 409 and wrong_state.json()["code"] == "invalid_transition"


def test_token_is_required_and_revocable(marriage, clerk):
    assert Client().get("/api/v1/dossiers").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer mc_sai").get("/api/v1/dossiers").status_code == 401
    token, raw = do_create_token(clerk, "test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/dossiers").status_code == 200
    token.revoked_at = token.created_at
    token.save()
    assert client.get("/api/v1/dossiers").status_code == 401


def test_list_filters(clock, marriage, clerk):
    desk = bearer(clerk)
    post(desk, "/api/v1/dossiers", BODY)
    post(desk, "/api/v1/dossiers", {**BODY, "applicant": {"name": "Lê Thị Cúc"}})
    assert len(desk.get("/api/v1/dossiers").json()) == 2
    found = desk.get("/api/v1/dossiers", {"applicant": "Cúc"}).json()
    assert [d["applicant_name"] for d in found] == ["Lê Thị Cúc"]
    assert desk.get("/api/v1/dossiers", {"late": "true"}).json() == []
    assert (
        len(
            desk.get(
                "/api/v1/dossiers", {"received_from": "2025-01-24", "state": "received"}
            ).json()
        )
        == 2
    )


def test_openapi_lists_dossier_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/dossiers/{code}/request-supplement" in paths
    assert "/api/v1/dossiers/{code}/history" in paths
