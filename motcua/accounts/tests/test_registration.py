"""Citizens register with email and/or phone and a password."""

from __future__ import annotations

import re

import pytest
from django.core import mail
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


SENT = "/accounts/register/sent/"


def _open_link(client: Client, message) -> object:
    found = re.search(r"http://testserver(/accounts/confirm/\S+?)\s", message.body)
    return client.get(found.group(1))


def test_citizen_registers_confirms_by_the_link_and_is_signed_in():
    client = Client()

    response = client.post("/accounts/register/?next=/portal/", _form(id_number="079190001234"))

    assert response.status_code == 302
    assert response["Location"] == SENT
    assert "Chúng tôi đã gửi hướng dẫn tới địa chỉ thư điện tử" in client.get(SENT).content.decode()
    assert _signed_in(client) is None
    pending = User.objects.get(email="binh@example.vn")
    assert not pending.is_active
    [message] = mail.outbox
    assert message.to == ["binh@example.vn"] and message.subject == "Xác nhận đăng ký tài khoản"
    # Before the link the password does not sign in.
    assert not Client().login(username="binh@example.vn", password=PASSWORD)
    opened = _open_link(client, message)
    assert opened.status_code == 302 and opened["Location"] == "/portal/"
    user = _signed_in(client)
    assert user is not None and user.is_active
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

    assert response.status_code == 302 and response["Location"] == SENT
    assert User.objects.get().phone == ""
    assert not CitizenProfile.objects.exists()


def test_phone_alone_is_enough_and_the_link_goes_by_sms(settings):
    from motcua.integrations import senders

    settings.SMS_SENDER = "motcua.integrations.senders.LocmemSender"
    senders.outbox.clear()
    response = Client().post("/accounts/register/", _form(email="", phone="0912345678"))

    assert response.status_code == 302 and response["Location"] == SENT
    assert User.objects.get().phone == "0912345678"
    assert mail.outbox == []
    [sms] = senders.outbox
    assert sms.to == "0912345678" and "/accounts/confirm/" in sms.text


def test_unsafe_next_goes_home():
    client = Client()
    client.post("/accounts/register/?next=https://evil.example/", _form())

    assert _open_link(client, mail.outbox[0])["Location"] == "/"


def test_a_wrong_or_used_link_is_refused_in_vietnamese():
    client = Client()
    client.post("/accounts/register/", _form())
    found = re.search(r"http://testserver(/accounts/confirm/\S+?)\s", mail.outbox[0].body)
    wrong = client.get(found.group(1).replace("/confirm/", "/confirm/x"))
    assert wrong.status_code == 400
    assert "Liên kết xác nhận không đúng hoặc đã hết hiệu lực" in wrong.content.decode()


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


def _answer(data):
    client = Client()
    response = client.post("/accounts/register/", data)
    page = re.sub(r"[A-Za-z0-9]{32,}", "", client.get(SENT).content.decode())  # CSRF token
    return response.status_code, response["Location"], page


def test_registration_does_not_tell_whether_an_email_is_used_whatever_its_case():
    fresh = _answer(_form(email="moi@example.vn", phone=""))
    mail.outbox.clear()
    holder = UserFactory(username="ai-do", email="Binh@Example.VN", full_name="Chủ Tài Khoản")

    taken = _answer(_form(phone=""))

    assert taken == fresh  # same status, same next page, same page
    assert User.objects.filter(email__iexact="binh@example.vn").get() == holder
    [notice] = mail.outbox
    assert notice.to == ["binh@example.vn"]
    assert notice.subject == "Có người vừa đăng ký bằng địa chỉ của bạn"
    assert "Chủ Tài Khoản" in notice.body and "/login/" in notice.body
    assert "/accounts/confirm/" not in notice.body
    assert AuditEntry.objects.filter(verb="accounts.register").count() == 1  # the fresh one


def test_registration_does_not_tell_whether_a_phone_is_used_whatever_its_spelling():
    fresh = _answer(_form(email="", phone="0912000999"))
    UserFactory(username="ai-do", email="", phone="+84905123456")

    taken = _answer(_form(email=""))

    assert taken == fresh
    assert User.objects.filter(phone__in=["0905123456", "+84905123456"]).count() == 1


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
