"""Wrong passwords are throttled on /login/ and /admin/login/ (django-axes): after
LOGIN_FAILURE_LIMIT (5) failures the right password no longer works either, with a
Vietnamese page; an administrator's command unlocks; a success resets the count."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from motcua.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _fail(client: Client, url: str, username: str, times: int) -> list[int]:
    return [
        client.post(url, {"username": username, "password": f"sai-{i}"}).status_code
        for i in range(times)
    ]


def test_thirty_wrong_passwords_lock_the_account_out_and_the_right_one_is_refused(clerk):
    client = Client()
    codes = _fail(client, "/login/", clerk.username, 30)
    assert codes[:4] == [200] * 4  # the form again, "wrong name or password"
    assert set(codes[4:]) == {429}
    right = client.post("/login/", {"username": clerk.username, "password": PASSWORD})
    assert right.status_code == 429
    html = right.content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert "Đã nhập sai mật khẩu 5 lần liên tiếp" in html
    assert "Vui lòng thử lại sau 15 phút." in html
    assert "_auth_user_id" not in client.session
    # Another address cannot use the account name either.
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert (
        elsewhere.post("/login/", {"username": clerk.username, "password": PASSWORD}).status_code
        == 429
    )


def test_the_admin_login_is_throttled_too(admin_user):
    client = Client()
    codes = _fail(client, "/admin/login/", admin_user.username, 6)
    assert codes[-1] == 429
    assert (
        client.post(
            "/admin/login/", {"username": admin_user.username, "password": "password"}
        ).status_code
        == 429
    )


def test_an_administrator_unlocks_the_account(clerk):
    client = Client()
    _fail(client, "/login/", clerk.username, 5)
    call_command("axes_reset_username", clerk.username)
    call_command("axes_reset_ip", "127.0.0.1")
    ok = client.post("/login/", {"username": clerk.username, "password": PASSWORD})
    assert ok.status_code == 302 and ok["Location"] == "/"


def test_a_success_resets_the_count(clerk):
    client = Client()
    _fail(client, "/login/", clerk.username, 4)
    assert (
        client.post("/login/", {"username": clerk.username, "password": PASSWORD}).status_code
        == 302
    )
    client.post("/logout/")
    assert _fail(client, "/login/", clerk.username, 4) == [200] * 4
