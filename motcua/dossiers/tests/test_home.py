"""The role home pages, and the panels higher apps add to them (motcua.core.home)."""

import pytest
from django.utils.html import format_html

from motcua.core.home import Panel, panels_for, register_panel, unregister_panel

pytestmark = pytest.mark.django_db


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


@pytest.fixture
def overdue_panel():
    """A panel as a higher app would register it in its AppConfig.ready()."""

    def render(request, membership):
        if membership.unit.code == "000.02.40.H99":
            return None  # nothing to show for this unit
        return format_html(
            '<div id="panel-overdue">Nhiệm vụ quá hạn của {} ({})</div>',
            membership.unit.name,
            request.user.username,
        )

    panel = register_panel(Panel("test.overdue", {"unit_head"}, render, order=10))
    yield panel
    unregister_panel(panel.key)


def test_a_registered_panel_shows_in_the_sections_of_its_roles_only(
    as_user, overdue_panel, leader, clerk, other_commune
):
    html = as_user(leader).get("/").content.decode()
    assert '<div id="panel-overdue">Nhiệm vụ quá hạn của UBND xã An Bình (lanhdao)</div>' in html
    assert "panel-overdue" not in as_user(clerk).get("/").content.decode()
    # The panel itself decides it has nothing for a unit.
    from motcua.org.models import Membership

    Membership.objects.create(user=leader, unit=other_commune, role="unit_head")
    assert as_user(leader).get("/").content.decode().count("panel-overdue") == 1


def test_panels_are_ordered_and_a_key_registers_once(overdue_panel):
    first = register_panel(Panel("test.first", {"unit_head", "clerk"}, lambda r, m: "", order=1))
    try:
        register_panel(Panel("test.overdue", {"unit_head"}, overdue_panel.render, order=10))

        # Only this test's panels: the apps register their own (the indicators' figures).
        def ours(role):
            return [p.key for p in panels_for(role) if p.key.startswith("test.")]

        assert ours("unit_head") == ["test.first", "test.overdue"]
        assert ours("clerk") == ["test.first"]
        assert ours("monitor") == []
    finally:
        unregister_panel(first.key)
