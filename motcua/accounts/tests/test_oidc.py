"""Sign-in through an OpenID Connect provider, against the local fake provider."""

from __future__ import annotations

import logging
import socket
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from motcua.accounts import oidc
from motcua.accounts.models import CitizenProfile, OidcIdentity
from motcua.accounts.tests.fake_oidc import rsa_key
from motcua.core.models import AuditEntry
from motcua.org.choices import Role
from motcua.org.models import User
from motcua.testing.factories import PASSWORD, UserFactory, staff

pytestmark = pytest.mark.django_db


def _signed_in_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def _assert_refused(response, status: int = 400) -> None:
    assert response.status_code == status
    assert "Không đăng nhập được bằng tài khoản định danh điện tử" in response.content.decode()
    assert _signed_in_user(response.client) is None


# -- the flow ---------------------------------------------------------------------------------


def test_sign_in_redirects_to_the_provider_with_pkce_state_and_nonce(fake_oidc):
    response = Client().get("/accounts/oidc/login/")

    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{fake_oidc.issuer}/authorize"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["response_type"] == "code"
    assert query["client_id"] == fake_oidc.client_id
    assert query["redirect_uri"] == "http://testserver/accounts/oidc/callback/"
    assert query["scope"] == "openid profile email phone"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32


def test_first_sign_in_creates_a_citizen_from_the_claims(oidc_sign_in, fake_oidc):
    response = oidc_sign_in(next_url="/portal/")

    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    user = _signed_in_user(response.client)
    assert user is not None
    assert user.full_name == "Phạm Thị Hoa"
    assert user.email == "hoa.pham@example.vn"
    assert user.phone == "0912345678"  # +84912345678 normalised
    assert not user.has_usable_password()
    assert not user.memberships.exists()
    profile = CitizenProfile.objects.get(user=user)
    assert (profile.id_number, profile.id_number_verified) == ("079190001234", True)
    identity = OidcIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (fake_oidc.issuer, "vneid-0001")
    assert identity.last_login is not None
    assert AuditEntry.objects.filter(verb="accounts.oidc_register", actor=user).exists()
    # The provider checked the PKCE verifier and the client's secret to issue the token.
    assert fake_oidc.token_requests[-1]["code_verifier"]


def test_second_sign_in_reuses_the_same_user(oidc_sign_in):
    first = _signed_in_user(oidc_sign_in().client)
    second_response = oidc_sign_in()

    assert second_response.status_code == 302
    assert _signed_in_user(second_response.client) == first
    assert User.objects.filter(email__iexact="hoa.pham@example.vn").count() == 1
    assert OidcIdentity.objects.count() == 1


def test_the_identity_is_found_by_subject_even_when_claims_change(oidc_sign_in, fake_oidc):
    first = _signed_in_user(oidc_sign_in().client)
    fake_oidc.user_claims.update(email="moi@example.vn", name="Phạm Thị Hoa B")

    assert _signed_in_user(oidc_sign_in().client) == first


def test_verified_email_links_the_existing_citizen_account(oidc_sign_in):
    citizen = UserFactory(username="hoa", email="Hoa.Pham@Example.vn")

    response = oidc_sign_in()

    assert _signed_in_user(response.client) == citizen
    assert OidcIdentity.objects.get().user == citizen
    assert AuditEntry.objects.filter(verb="accounts.oidc_link").exists()
    # The password still works: linking adds a way in, it does not replace one.
    assert Client().login(username="hoa", password=PASSWORD)


def test_unverified_email_does_not_link_an_existing_account(oidc_sign_in, fake_oidc):
    citizen = UserFactory(username="hoa", email="hoa.pham@example.vn")
    fake_oidc.user_claims["email_verified"] = False

    user = _signed_in_user(oidc_sign_in().client)

    assert user is not None and user != citizen
    assert user.email == ""  # the address stays with its owner
    assert not OidcIdentity.objects.filter(user=citizen).exists()


def test_staff_account_with_the_same_email_is_not_taken_over(oidc_sign_in, commune):
    officer = staff(commune, Role.CLERK, username="canbo", email="hoa.pham@example.vn")

    user = _signed_in_user(oidc_sign_in().client)

    assert user is not None and user != officer
    assert not user.memberships.exists()
    assert user.email == ""
    assert not OidcIdentity.objects.filter(user=officer).exists()
    officer.refresh_from_db()
    assert officer.email == "hoa.pham@example.vn"


def test_oidc_button_appears_on_the_login_page_when_configured(fake_oidc):
    page = Client().get("/login/?next=/portal/").content.decode()

    assert "Đăng nhập bằng tài khoản định danh điện tử (VNeID)" in page
    assert "/accounts/oidc/login/?next=/portal/" in page


def test_oidc_is_off_without_an_issuer(settings):
    settings.OIDC_ISSUER = ""

    assert Client().get("/accounts/oidc/login/").status_code == 404
    assert Client().get("/accounts/oidc/callback/?code=x&state=y").status_code == 404
    assert "định danh điện tử" not in Client().get("/login/").content.decode()


# -- refusals ---------------------------------------------------------------------------------


def test_token_signed_with_another_key_is_refused(oidc_sign_in, fake_oidc, caplog):
    fake_oidc.forge_with = rsa_key("forger")

    with caplog.at_level(logging.WARNING, logger="motcua.accounts.oidc"):
        response = oidc_sign_in()

    _assert_refused(response)
    assert "InvalidSignatureError" in caplog.text
    assert not User.objects.exists()


def test_token_with_another_nonce_is_refused(oidc_sign_in, fake_oidc):
    fake_oidc.id_token_overrides["nonce"] = "not-the-one-we-sent"

    _assert_refused(oidc_sign_in())
    assert not User.objects.exists()


def test_token_without_nonce_is_refused(oidc_sign_in, fake_oidc):
    fake_oidc.id_token_overrides["nonce"] = None

    _assert_refused(oidc_sign_in())


def test_expired_token_is_refused(oidc_sign_in, fake_oidc):
    now = int(time.time())
    fake_oidc.id_token_overrides.update(iat=now - 7200, exp=now - 3600)

    _assert_refused(oidc_sign_in())
    assert not User.objects.exists()


def test_token_for_another_audience_is_refused(oidc_sign_in, fake_oidc):
    fake_oidc.id_token_overrides["aud"] = "some-other-client"

    _assert_refused(oidc_sign_in())
    assert not User.objects.exists()


def test_token_from_another_issuer_is_refused(oidc_sign_in, fake_oidc):
    fake_oidc.id_token_overrides["iss"] = "https://attacker.example"

    _assert_refused(oidc_sign_in())


def test_wrong_state_is_refused_and_the_code_is_not_spent(oidc_sign_in, fake_oidc):
    response = oidc_sign_in(tamper=lambda params: params.update(state="forged-state"))

    _assert_refused(response)
    assert fake_oidc.token_requests == []
    assert not User.objects.exists()


def test_callback_cannot_be_replayed(oidc_sign_in, fake_oidc):
    client, seen = Client(), {}
    assert oidc_sign_in(client, tamper=seen.update).status_code == 302

    replay = client.get("/accounts/oidc/callback/", seen)

    assert replay.status_code == 400
    assert len(fake_oidc.token_requests) == 1  # the state was spent before the exchange


def test_callback_with_a_state_from_another_browser_is_refused(fake_oidc):
    victim, attacker = Client(), Client()
    attacker_start = attacker.get("/accounts/oidc/login/")
    callback = requests.get(attacker_start["Location"], allow_redirects=False, timeout=5)
    url = urlsplit(callback.headers["Location"])

    # Login CSRF: the attacker's callback URL, opened in the victim's browser.
    response = victim.get(url.path + "?" + url.query)

    _assert_refused(response)


def test_provider_error_answer_is_refused(fake_oidc):
    client = Client()
    start = client.get("/accounts/oidc/login/")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]

    response = client.get("/accounts/oidc/callback/", {"error": "access_denied", "state": state})

    _assert_refused(response)


def test_provider_down_shows_the_error_page(settings, fake_oidc, caplog):
    with socket.socket() as probe:  # a free port, closed again: nobody listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.OIDC_ISSUER = f"http://127.0.0.1:{port}"

    with caplog.at_level(logging.ERROR, logger="motcua.accounts.oidc"):
        response = Client().get("/accounts/oidc/login/")

    _assert_refused(response, status=502)
    assert "Không kết nối được với hệ thống định danh điện tử" in response.content.decode()
    assert f"127.0.0.1:{port}" in caplog.text


def test_provider_down_during_the_code_exchange_shows_the_error_page(fake_oidc, monkeypatch):
    client = Client()
    callback = urlsplit(
        requests.get(
            client.get("/accounts/oidc/login/")["Location"], allow_redirects=False, timeout=5
        ).headers["Location"]
    )

    def refuse(*args, **kwargs):
        raise requests.ConnectionError("connection refused")

    monkeypatch.setattr(oidc.requests, "post", refuse)
    response = client.get(callback.path + "?" + callback.query)

    _assert_refused(response, status=502)


def test_wrong_client_secret_is_a_provider_error(oidc_sign_in, settings):
    settings.OIDC_CLIENT_SECRET = "sai-bi-mat"

    _assert_refused(oidc_sign_in(), status=502)


def test_locked_account_cannot_sign_in(oidc_sign_in):
    user = _signed_in_user(oidc_sign_in().client)
    User.objects.filter(pk=user.pk).update(is_active=False)

    _assert_refused(oidc_sign_in(), status=403)


# -- the fake provider is a real one ----------------------------------------------------------


def test_fake_provider_rejects_a_wrong_pkce_verifier(fake_oidc):
    client = Client()
    callback = requests.get(
        client.get("/accounts/oidc/login/")["Location"], allow_redirects=False, timeout=5
    ).headers["Location"]
    code = parse_qs(urlsplit(callback).query)["code"][0]

    answer = requests.post(
        f"{fake_oidc.issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "http://testserver/accounts/oidc/callback/",
            "code_verifier": "x" * 64,
        },
        auth=(fake_oidc.client_id, fake_oidc.client_secret),
        timeout=5,
    )

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
