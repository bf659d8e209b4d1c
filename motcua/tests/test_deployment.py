"""Deployment: no start on a public key, HTTPS settings from the environment, a
Content-Security-Policy on every response, error pages in Vietnamese in the layout (JSON
under /api/), and an API docs page that loads nothing from a CDN."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import include, path

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k4Vq9-Zr0tXo2mYbH7sPcW1eLuN5gDfA8jQi3RkT6vE-yB0nMhC_pL2sWxZqU9",
    "ALLOWED_HOSTS": "motcua.example.vn",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_COOKIES": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "PAYMENT_SANDBOX_SECRET": "a-secret-that-only-this-province-knows-2026",
}


def _motcua(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-m", "motcua", *args],
        env={**base, "SECRET_KEY_FILE": "/nonexistent/secret_key", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_debug_and_without_a_secret_key_the_system_refuses_to_start():
    result = _motcua("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set and DEBUG is off: refusing to start" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _motcua("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_settings_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    base = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **base,
            **PRODUCTION,
            "SECURE_PROXY_SSL_HEADER": "1",
            "DJANGO_SETTINGS_MODULE": "motcua.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ], run.stderr


@pytest.mark.parametrize("url", ["/", "/procedures/", "/api/v1/procedures", "/login/"])
def test_every_response_carries_a_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert policy.startswith("default-src 'self'; script-src 'self' 'nonce-")
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy


def test_no_template_needs_an_inline_script_or_handler(client):
    from pathlib import Path

    import motcua

    root = Path(motcua.__file__).parent
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if " onclick=" in text or "<script>" in text or "hx-on" in text:
            offenders.append(str(template.relative_to(root)))
    assert offenders == []


def test_api_docs_load_swagger_from_this_site(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>' in html
    assert "cdn" not in html.lower() and "https://" not in html
    for asset in ("swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css"):
        assert client.get(f"/static/vendor/{asset}").status_code == 200


def test_a_citizen_opening_a_staff_link_gets_the_vietnamese_403_page(citizen):
    client = Client()
    client.force_login(citizen)
    response = client.get("/dossiers/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền truy cập trang này" in html
    assert 'class="navbar' in html  # in the site layout
    assert "Forbidden" not in html


def test_404_is_vietnamese_in_the_layout_and_json_under_the_api(client):
    page = client.get("/khong-co-trang-nay/")
    assert page.status_code == 404
    assert "Không tìm thấy trang hoặc hồ sơ bạn yêu cầu" in page.content.decode()
    assert 'class="navbar' in page.content.decode()
    api = client.get("/api/v1/khong-co")
    assert api.status_code == 404
    assert api.json() == {
        "code": "not_found",
        "message": "Không tìm thấy địa chỉ hoặc đối tượng yêu cầu.",
        "details": [],
    }


def test_the_500_page_renders_without_a_request_context():
    html = render_to_string("500.html")
    assert "Hệ thống đang gặp lỗi" in html
    assert 'class="navbar' in html


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), path("api/v1/boom/", _boom), path("", include("motcua.urls"))]
handler500 = "motcua.core.errors.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_an_unexpected_error_shows_the_vietnamese_500_page_and_json_under_the_api():
    client = Client(raise_request_exception=False)
    page = client.get("/boom/")
    assert page.status_code == 500
    assert "Hệ thống đang gặp lỗi" in page.content.decode()
    api = client.get("/api/v1/boom/")
    assert api.status_code == 500 and api.json()["code"] == "server_error"


def test_the_openapi_document_has_no_duplicated_keys(client):
    # Swagger UI refuses a document with a key twice ("duplicated mapping key"); the
    # signed result's 200 was declared once as a number and once as a string.
    import json

    duplicated: list[str] = []

    def pairs(items):
        keys = [k for k, _ in items]
        duplicated.extend(k for k in keys if keys.count(k) > 1)
        return dict(items)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert duplicated == []
