"""Sign in with username, email or mobile number on the existing /login/ page."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hoa(db):
    return UserFactory(username="hoa", email="hoa@example.vn", phone="0912345678")


def _login(identifier: str, password: str = PASSWORD) -> Client:
    client = Client()
    client.post("/login/", {"username": identifier, "password": password})
    return client


@pytest.mark.parametrize(
    "identifier", ["hoa", "hoa@example.vn", "HOA@Example.VN", "0912345678", "+84 912 345 678"]
)
def test_user_signs_in_with_username_email_or_phone(hoa, identifier):
    client = _login(identifier)

    assert client.session.get("_auth_user_id") == str(hoa.pk)


@pytest.mark.parametrize("identifier", ["hoa", "hoa@example.vn", "0912345678"])
def test_wrong_password_signs_in_nobody(hoa, identifier):
    client = Client()
    response = client.post("/login/", {"username": identifier, "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_an_email_shared_by_two_accounts_signs_in_nobody(db):
    UserFactory(username="a", email="chung@example.vn")
    UserFactory(username="b", email="Chung@example.vn")

    assert "_auth_user_id" not in _login("chung@example.vn").session


def test_inactive_account_cannot_sign_in(hoa):
    hoa.is_active = False
    hoa.save(update_fields=["is_active"])

    assert "_auth_user_id" not in _login("hoa@example.vn").session


def test_login_page_names_every_identifier_and_links_to_registration(settings):
    settings.OIDC_ISSUER = ""

    page = Client().get("/login/?next=/portal/").content.decode()

    assert "Tên đăng nhập, email hoặc số điện thoại" in page
    assert "/accounts/register/?next=/portal/" in page
    assert "định danh điện tử" not in page
