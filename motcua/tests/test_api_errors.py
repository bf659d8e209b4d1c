"""Every answer under /api/ that is an error has the documented shape
``{"code", "message", "details"}``, never an HTML page; and out-of-range numbers and dates
are refused with a 4xx instead of a 500 (issue 7, "Input that cannot hurt")."""

import pytest
from django.test import Client

from motcua.org.tokens import do_create_token
from motcua.testing.factories import marriage_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def marriage(commune):
    return marriage_procedure(commune)


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


def shaped(response, status, code=None):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"code", "message", "details"}, body
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["details"], list)
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.mark.parametrize(
    "query",
    ["offset=-1", f"offset={2**63}", f"offset={2**64 + 5}", "limit=-5", f"limit={2**63}"],
)
def test_procedure_list_paging_out_of_range_is_a_400(query):
    shaped(Client().get(f"/api/v1/procedures?{query}"), 400, "invalid_input")


def test_procedure_list_search_is_bounded():
    shaped(Client().get("/api/v1/procedures?q=" + "a" * 5000), 400, "invalid_input")


@pytest.mark.parametrize(
    "received_at", ["9999-12-31", "9999-12-31T23:59:59+07:00", "0001-01-01T00:00:00+14:00"]
)
def test_due_date_at_the_ends_of_time_is_a_400(received_at):
    response = Client().get(
        "/api/v1/calendar/due-date", {"received_at": received_at, "working_days": 5}
    )
    shaped(response, 400, "invalid_received_at")


def test_due_date_with_a_huge_limit_is_a_400():
    response = Client().get(
        "/api/v1/calendar/due-date", {"received_at": "2025-01-24", "working_days": 2**63}
    )
    shaped(response, 400)


def test_year_calendar_beyond_int64_is_a_400():
    shaped(Client().get(f"/api/v1/calendar/{2**64}"), 400)


def test_dossier_list_paging_out_of_range_is_a_400(clerk):
    desk = bearer(clerk)
    shaped(desk.get("/api/v1/dossiers?offset=-1"), 400, "invalid_input")
    shaped(desk.get(f"/api/v1/dossiers?offset={2**63}"), 400, "invalid_input")


def test_integers_beyond_int64_in_a_body_are_a_400(marriage, clerk):
    desk = bearer(clerk)
    created = desk.post("/api/v1/dossiers", BODY, content_type="application/json").json()
    for body in ({"version": 2**63}, {"version": 2**70}, {"version": -1}):
        response = desk.post(
            f"/api/v1/dossiers/{created['code']}/hand-on", body, content_type="application/json"
        )
        shaped(response, 400, "invalid_input")
    big = {**BODY, "sets": 2**63, "documents": [{"name": "Tờ khai", "quantity": 2**64}]}
    shaped(desk.post("/api/v1/dossiers", big, content_type="application/json"), 400)


def test_unparsable_json_is_shaped(clerk):
    response = bearer(clerk).post("/api/v1/dossiers", "{not json", content_type="application/json")
    shaped(response, 400)


def test_unknown_api_path_is_shaped():
    shaped(Client().get("/api/v1/no-such-thing"), 404, "not_found")
    shaped(Client().get("/api/nothing-here"), 404, "not_found")


def test_wrong_method_is_shaped():
    shaped(Client().delete("/api/v1/procedures"), 405, "method_not_allowed")


def test_csrf_refusal_is_shaped(clerk):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk)
    response = browser.post("/api/v1/dossiers", BODY, content_type="application/json")
    shaped(response, 403, "csrf_failed")


def test_oversize_body_is_shaped(clerk, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = {**BODY, "note": "x" * 5000}
    response = bearer(clerk).post("/api/v1/dossiers", big, content_type="application/json")
    shaped(response, 413, "too_large")


def test_server_error_is_shaped(monkeypatch, marriage, clerk):
    from motcua.procedures import api as procedures_api

    def boom(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(procedures_api, "_summary", boom)
    client = Client(raise_request_exception=False)
    shaped(client.get("/api/v1/procedures"), 500, "server_error")


def test_non_api_pages_keep_their_html_404():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")
