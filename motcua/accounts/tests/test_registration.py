"""Citizens register with email and/or phone and a password."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from motcua.accounts.actions import do_register_citizen
from motcua.accounts.models import CitizenProfile
from motcua.core.models import AuditEntry
from motcua.org.models import User
from motcua.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Hoa-sen-no-2025"


def _form(**overrides):
    data = {
        "full_name": "  Trần   Văn Bình ",
        "email": "binh@example.vn",
        "phone": "+84 905 123 456",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "id_number": "",
    }
    data.update(overrides)
    return data


def _signed_in(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_registration_page_offers_the_form():
    page = Client().get("/accounts/register/")

    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Họ và tên", "Thư điện tử", "Số điện thoại di động", "Nhập lại mật khẩu"):
        assert label in html


def test_citizen_registers_and_is_signed_in():
    client = Client()

    response = client.post("/accounts/register/?next=/portal/", _form(id_number="079190001234"))

    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    user = _signed_in(client)
    assert user is not None
    assert (user.full_name, user.email, user.phone) == (
        "Trần Văn Bình",
        "binh@example.vn",
        "0905123456",
    )
    assert user.check_password(PASSWORD)
    assert not user.memberships.exists()
    assert user.username.startswith("congdan-")
    profile = CitizenProfile.objects.get(user=user)
    assert (profile.id_number, profile.id_number_verified) == ("079190001234", False)
    entry = AuditEntry.objects.get(verb="accounts.register")
    assert entry.actor == user
    assert "binh@example.vn" not in str(entry.data)  # no personal data in the audit trail


def test_email_alone_is_enough():
    response = Client().post("/accounts/register/", _form(phone=""))

    assert response.status_code == 302
    assert User.objects.get().phone == ""
    assert not CitizenProfile.objects.exists()


def test_phone_alone_is_enough():
    response = Client().post("/accounts/register/", _form(email="", phone="0912345678"))

    assert response.status_code == 302
    assert User.objects.get().phone == "0912345678"


def test_unsafe_next_goes_home():
    response = Client().post("/accounts/register/?next=https://evil.example/", _form())

    assert response["Location"] == "/"


def _refused(data, field=None, message=""):
    response = Client().post("/accounts/register/", data)
    assert response.status_code == 400
    assert not User.objects.filter(full_name="Trần Văn Bình").exists()
    assert not AuditEntry.objects.filter(verb="accounts.register").exists()
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in e for e in errors), form.errors
    return response


def test_email_or_phone_is_required():
    _refused(_form(email="", phone=""), message="Cần nhập địa chỉ thư điện tử hoặc số điện thoại")


def test_phone_must_be_a_vietnamese_mobile_number():
    _refused(_form(phone="12345"), "phone", "Số điện thoại di động không hợp lệ")


def test_id_number_must_have_twelve_digits():
    _refused(_form(id_number="12345"), "id_number", "12 chữ số")


def test_passwords_must_match():
    _refused(_form(password2="khac-hoan-toan-1"), "password2", "không khớp")


def test_password_validators_apply():
    _refused(_form(password1="password", password2="password"), "password1", "")


def test_email_is_unique_whatever_its_case():
    UserFactory(username="ai-do", email="Binh@Example.VN")

    _refused(_form(), "email", "đã được dùng cho một tài khoản khác")


def test_phone_is_unique_whatever_its_spelling():
    UserFactory(username="ai-do", email="khac@example.vn", phone="+84905123456")

    _refused(_form(), "phone", "đã được dùng cho một tài khoản khác")


def test_action_checks_uniqueness_too():
    do_register_citizen(full_name="Người Thứ Nhất", email="a@example.vn", password=PASSWORD)

    with pytest.raises(ValidationError) as refused:
        do_register_citizen(full_name="Người Thứ Hai", email="A@EXAMPLE.VN", password=PASSWORD)

    assert "email" in refused.value.message_dict
    assert User.objects.count() == 1
    assert AuditEntry.objects.filter(verb="accounts.register").count() == 1


def test_action_refuses_bad_contacts():
    with pytest.raises(ValidationError) as refused:
        do_register_citizen(full_name="Ai Đó", phone="0105123456", password=PASSWORD)

    assert "phone" in refused.value.message_dict
    with pytest.raises(ValidationError):
        do_register_citizen(full_name="Ai Đó", password=PASSWORD)
    assert not User.objects.exists()


def test_signed_in_user_is_sent_on(citizen, as_user):
    response = as_user(citizen).get("/accounts/register/")

    assert response.status_code == 302
