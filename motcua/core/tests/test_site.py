import pytest
from django.core.management import call_command
from django.test import Client

from motcua.core.demo import DEMO_PASSWORD, PERSONAS, load_demo
from motcua.core.models import AuditEntry, record_audit
from motcua.org.models import Membership, Unit
from motcua.procedures.models import Field, Procedure

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


def test_home_shows_a_section_per_role(
    as_user, clerk, leader, monitor, reform_officer, admin_user, commune, other_commune
):
    assert "Tính ngày hẹn trả kết quả" in as_user(clerk).get("/").content.decode()
    assert "Cán bộ của đơn vị" in as_user(leader).get("/").content.decode()
    monitor_html = as_user(monitor).get("/").content.decode()
    assert "UBND xã An Bình" in monitor_html and "UBND xã Phú Hòa" in monitor_html
    assert "Tỷ lệ có dịch vụ trực tuyến" in as_user(reform_officer).get("/").content.decode()
    admin_html = as_user(admin_user).get("/").content.decode()
    assert "Nhập danh mục thủ tục (XLSX)" in admin_html


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


def test_demo_is_realistic_and_loads_idempotently():
    first = load_demo()
    second = load_demo()
    assert first["units"] == second["units"] and first["procedures"] == second["procedures"]
    assert second["created_procedures"] == 0
    assert Field.objects.count() >= 12
    assert Procedure.objects.at_level("commune").count() >= 150
    assert Procedure.objects.at_level("province").count() >= 60
    # The 2025 reorganisation: the abolished city and its former wards are closed, and the
    # new ward inherited the clerk of a former ward.
    cam_ranh = Unit.objects.get(code="000.01.40.H56")
    assert cam_ranh.predecessors.count() == 3
    assert Unit.objects.get(code="000.00.22.H56").valid_to.isoformat() == "2025-06-30"
    assert Membership.objects.get(user__username="mc.camranh", is_active=True).unit == cam_ranh
    # Demo dossiers fill every queue: desk, specialist, supplement, late, online, delivered.
    from motcua.dossiers.models import Dossier

    assert sorted(Dossier.objects.values_list("state", flat=True)) == sorted(
        ["received", "in_process", "supplement_requested", "in_process", "new", "delivered"])
    assert Dossier.objects.filter(is_late=True).count() == 1
    assert Dossier.objects.filter(applicant__username="congdan").count() == 2
    # Every commune settles the commune-level procedures.
    birth = Procedure.objects.filter(name__icontains="khai sinh").first()
    assert birth is not None and birth.units.filter(kind="commune").count() == 13


def test_every_demo_persona_logs_in_and_sees_a_home_page():
    load_demo()
    for persona in PERSONAS:
        client = Client()
        assert client.login(username=persona.username, password=DEMO_PASSWORD), persona
        response = client.get("/")
        assert response.status_code == 200
        assert persona.full_name in response.content.decode()


def test_load_demo_command_prints_the_shared_password(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "mc.nhatrang" in out


def test_pages_stay_vietnamese_for_an_english_browser(client):
    html = client.get("/calendar/?year=2025", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    text = html.decode()
    assert "Wed 01/01/2025" not in text
    assert "01/01/2025" in text
