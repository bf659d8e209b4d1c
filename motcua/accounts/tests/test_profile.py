"""Tài khoản của tôi: one's own data, editable with the registration rules."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.models import CitizenProfile, OidcIdentity
from motcua.core.models import AuditEntry
from motcua.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "full_name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "phone": "0905 111 222",
        "id_number": "001090000001",
    }
    data.update(overrides)
    return data


def test_profile_needs_a_signed_in_user():
    response = Client().get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_citizen_edits_their_profile(citizen, as_user):
    client = as_user(citizen)

    response = client.post("/accounts/profile/", _data())

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.email, citizen.phone) == ("an@example.vn", "0905111222")
    assert CitizenProfile.objects.get(user=citizen).id_number == "001090000001"
    entry = AuditEntry.objects.get(verb="accounts.update_profile")
    assert set(entry.data["fields"]) == {"email", "phone", "id_number"}
    page = client.get("/accounts/profile/").content.decode()
    assert "0905111222" in page and "001090000001" in page


def test_profile_keeps_contacts_unique(citizen, as_user):
    UserFactory(username="khac", email="an@example.vn")

    response = as_user(citizen).post("/accounts/profile/", _data())

    assert response.status_code == 400
    assert "đã được dùng cho một tài khoản khác" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.phone == ""


def test_profile_validates_phone_and_id_number(citizen, as_user):
    response = as_user(citizen).post("/accounts/profile/", _data(phone="123", id_number="99"))

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"phone", "id_number"}


def test_own_email_is_not_a_conflict(citizen, as_user):
    response = as_user(citizen).post("/accounts/profile/", _data(email=citizen.email.upper()))

    assert response.status_code == 302


def test_profile_lists_linked_identities_and_only_ones_own(citizen, as_user):
    other = UserFactory(username="khac")
    OidcIdentity.objects.create(user=citizen, issuer="https://sso.vneid.example", subject="a")
    OidcIdentity.objects.create(user=other, issuer="https://khac.example", subject="b")

    page = as_user(citizen).get("/accounts/profile/").content.decode()

    assert "https://sso.vneid.example" in page
    assert "https://khac.example" not in page


def test_changing_a_verified_id_number_makes_it_self_declared(citizen, as_user):
    CitizenProfile.objects.create(user=citizen, id_number="001090000001", id_number_verified=True)

    as_user(citizen).post("/accounts/profile/", _data(id_number="001090000002"))

    profile = CitizenProfile.objects.get(user=citizen)
    assert (profile.id_number, profile.id_number_verified) == ("001090000002", False)
