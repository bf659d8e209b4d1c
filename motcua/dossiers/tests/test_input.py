"""Input that cannot hurt, at the three doors of a dossier (API, the desk's form, and —
in motcua/portal/tests/test_filing_input.py — the portal): lengths, identity numbers,
Vietnamese phone numbers stored as +84…, bounded quantities, NFC text and a search by
applicant that ignores diacritics (issue 7)."""

import re
import unicodedata

import pytest
import time_machine
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import vn
from motcua.dossiers.tests.test_workspace import reception_post
from motcua.org.tokens import do_create_token

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Ánh Tuyết"
NFD_NAME = unicodedata.normalize("NFD", NAME)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False):
        yield


def bearer(user):
    _token, raw = do_create_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def body(**applicant):
    return {
        "procedure": "1.000894",
        "unit": "000.01.40.H99",
        "applicant": {"name": "Trần Văn Bình", **applicant},
        "documents": [
            {"name": "Tờ khai đăng ký kết hôn"},
            {"name": "Giấy xác nhận tình trạng hôn nhân"},
        ],
    }


def receive(client, **applicant):
    return client.post("/api/v1/dossiers", body(**applicant), content_type="application/json")


def error_fields(response):
    assert response.status_code == 400, response.content
    payload = response.json()
    assert payload["code"] == "invalid_input"
    return {d["field"]: d["error"] for d in payload["details"]}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0905123456", "+84905123456"),
        ("0905 123 456", "+84905123456"),
        ("+84 905.123.456", "+84905123456"),
        ("84905123456", "+84905123456"),
        ("024 3825 1234", "+842438251234"),  # Hà Nội landline
        ("0236.3821.234", "+842363821234"),  # Đà Nẵng landline
    ],
)
def test_api_stores_vietnamese_phones_in_the_plus_84_form(marriage, clerk, typed, stored):
    response = receive(bearer(clerk), phone=typed)
    assert response.status_code == 201, response.content
    assert response.json()["applicant_phone"] == stored
    assert Dossier.objects.get().applicant_phone == stored


@pytest.mark.parametrize("typed", ["abc", "0905", "09051234567", "0105123456", "+1 202 555 0100"])
def test_api_refuses_a_phone_that_is_not_vietnamese_in_vietnamese(marriage, clerk, typed):
    fields = error_fields(receive(bearer(clerk), phone=typed))
    assert "Số điện thoại không hợp lệ" in fields["payload.applicant.phone"]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("056090001234", "056090001234"),
        ("056 090 001 234", "056090001234"),
        ("123456789", "123456789"),
        ("c1234567", "C1234567"),
    ],
)
def test_api_accepts_cccd_old_cmnd_and_passport(marriage, clerk, typed, stored):
    response = receive(bearer(clerk), id_number=typed)
    assert response.status_code == 201, response.content
    assert response.json()["applicant_id_number"] == stored


@pytest.mark.parametrize("typed", ["12345", "0560900012345", "ABC1234567", "1234567890"])
def test_api_refuses_other_identity_numbers(marriage, clerk, typed):
    fields = error_fields(receive(bearer(clerk), id_number=typed))
    assert "12 chữ số" in fields["payload.applicant.id_number"]


def test_api_refuses_a_name_over_the_limit_and_takes_one_at_it(marriage, clerk):
    client = bearer(clerk)
    fields = error_fields(receive(client, name="A" * 100_000))
    assert "payload.applicant.name" in fields
    assert not Dossier.objects.exists()
    assert receive(client, name="A" * 200).status_code == 201


def test_api_bounds_sets_and_quantities(marriage, clerk):
    client = bearer(clerk)
    too_many = {**body(), "sets": 100}
    fields = error_fields(
        client.post("/api/v1/dossiers", too_many, content_type="application/json")
    )
    assert "payload.sets" in fields
    bad_qty = {**body(), "documents": [{"name": "Tờ khai", "quantity": 0}]}
    fields = error_fields(client.post("/api/v1/dossiers", bad_qty, content_type="application/json"))
    assert "payload.documents.0.quantity" in fields


def test_counter_form_normalises_the_phone_and_refuses_abc(as_user, clerk, marriage, commune):
    client = as_user(clerk)
    refused = client.post(
        "/dossiers/receive/", reception_post(marriage, commune, applicant_phone="abc")
    )
    assert refused.status_code == 400
    assert "Số điện thoại không hợp lệ" in refused.content.decode()
    assert not Dossier.objects.exists()
    refused = client.post(
        "/dossiers/receive/", reception_post(marriage, commune, applicant_id_number="12345")
    )
    assert "chứng minh nhân dân cũ 9 chữ số" in refused.content.decode()
    client.post(
        "/dossiers/receive/",
        reception_post(marriage, commune, applicant_phone="0905 123 456", applicant_name=NFD_NAME),
    )
    dossier = Dossier.objects.get()
    assert dossier.applicant_phone == "+84905123456"
    assert dossier.applicant_name == NAME and len(dossier.applicant_name) == len(NAME)
    # On paper and on screen the number reads as people write it.
    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    assert "0905123456" in page


def test_counter_form_limits_are_the_apis(as_user, clerk, marriage, commune):
    page = as_user(clerk).get("/dossiers/receive/").content.decode()
    assert re.search(r'<input[^>]*name="applicant_name"[^>]*maxlength="200"', page)
    refused = as_user(clerk).post(
        "/dossiers/receive/", reception_post(marriage, commune, applicant_name="A" * 201)
    )
    assert refused.status_code == 400 and not Dossier.objects.exists()


def test_a_name_typed_in_nfd_is_stored_in_nfc_and_found_with_or_without_diacritics(
    marriage, clerk, as_user
):
    client = bearer(clerk)
    assert receive(client, name=NFD_NAME).status_code == 201
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == NAME
    assert unicodedata.is_normalized("NFC", dossier.applicant_name)
    for query in (NAME, "nguyen thi anh tuyet", "ANH TUYET", NFD_NAME, "Tuyết"):
        found = client.get("/api/v1/dossiers", {"applicant": query}).json()
        assert [d["code"] for d in found] == [dossier.code], query
    assert client.get("/api/v1/dossiers", {"applicant": "Tuyen"}).json() == []
    # The workspace search page matches the same way.
    page = as_user(clerk).get("/dossiers/search/", {"applicant": "nguyen thi anh"})
    assert dossier.code in page.content.decode()
    # And by phone in the national form, though stored as +84.
    page = as_user(clerk).get("/dossiers/search/", {"applicant": "0905123456"})
    assert dossier.code not in page.content.decode()  # this dossier has no phone


def test_search_by_national_phone_finds_the_plus_84_number(marriage, clerk):
    client = bearer(clerk)
    receive(client, phone="0905123456")
    for query in ("0905123456", "0905 123", "+84905123456", "905123"):
        assert len(client.get("/api/v1/dossiers", {"applicant": query}).json()) == 1, query


def test_the_folded_name_follows_a_rename(receive):
    dossier = receive()
    dossier.applicant_name = "Đặng Văn Lâm"
    dossier.save(update_fields=["applicant_name"])
    assert Dossier.objects.get(pk=dossier.pk).applicant_folded == "dang van lam"
