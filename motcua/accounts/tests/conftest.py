from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.test import Client

from motcua.accounts.tests.fake_oidc import fake_oidc, fake_oidc_server  # noqa: F401
from motcua.procedures.models import Procedure
from motcua.testing.factories import marriage_procedure


@pytest.fixture
def marriage(commune: Any) -> Procedure:
    """Đăng ký kết hôn at the commune, filed online."""
    return marriage_procedure(commune)


def _provider_redirect(client: Client, start: str) -> str:
    """GET the sign-in start page, follow its redirect to the provider (which approves at
    once) and return the callback URL the provider sends the browser back to."""
    response = client.get(start)
    assert response.status_code == 302, response.content
    answer = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


@pytest.fixture
def oidc_sign_in(fake_oidc: Any) -> Callable[..., Any]:  # noqa: F811
    """Drive the whole sign-in like a browser: returns the callback's response.
    ``tamper(params)`` may change the callback's query (code, state) before it is sent."""

    def sign_in(
        client: Client | None = None,
        *,
        next_url: str = "",
        tamper: Callable[[dict[str, str]], None] | None = None,
    ) -> Any:
        client = client or Client()
        start = "/accounts/oidc/login/" + (f"?{urlencode({'next': next_url})}" if next_url else "")
        callback = urlsplit(_provider_redirect(client, start))
        params = {k: v[0] for k, v in parse_qs(callback.query).items()}
        if tamper:
            tamper(params)
        response = client.get(callback.path, params)
        return response

    return sign_in
