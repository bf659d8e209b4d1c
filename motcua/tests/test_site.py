import pytest
from django.test import Client

from motcua.core.models import AuditEntry, record_audit

pytestmark = pytest.mark.django_db


def test_home_page_is_vietnamese_and_offline(client):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert "Tra cứu thủ tục hành chính" in html
    # Front-end assets are vendored: no CDN anywhere in the page.
    assert "/static/vendor/tabler/tabler.min.css" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_vendored_assets_are_served(client):
    for path in (
        "/static/vendor/tabler/tabler.min.css",
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/tabler/tabler.min.js",
    ):
        response = client.get(path)
        assert response.status_code == 200, path


def test_login_and_logout(clerk):
    client = Client()
    bad = client.post("/login/", {"username": clerk.username, "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in bad.content.decode()
    ok = client.post("/login/", {"username": clerk.username, "password": "mat-khau-thu-nghiem"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert "Lê Thị Mai" in client.get("/").content.decode()
    client.post("/logout/")
    assert "Đăng nhập" in client.get("/").content.decode()


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/calendar/due-date", "/api/v1/procedures", "/api/v1/units"} <= set(
        schema["paths"]
    )


def test_audit_entries_cannot_be_changed_or_deleted(clerk, commune):
    entry = record_audit(clerk, "test", commune, "thử")
    entry.summary = "sửa"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="sửa")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_pages_stay_vietnamese_for_an_english_browser(client):
    html = client.get("/calendar/?year=2025", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    text = html.decode()
    assert "Wed 01/01/2025" not in text
    assert "01/01/2025" in text
