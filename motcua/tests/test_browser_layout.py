"""In a real browser: on an office screen of 1280 px the whole main menu and the
notification count are visible (not behind ☰), and the pages that run scripts (htmx,
Tabler, Chart.js, Swagger UI) work under the Content-Security-Policy."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Notification
from motcua.testing.browser import browser, no_stray_db_sessions, sign_in  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("no_stray_db_sessions"),
]

OFFICE_SCREEN = {"width": 1280, "height": 800}
MENU = [
    "Trang chủ",
    "Hồ sơ",
    "Thông báo",
    "Tiếp nhận",
    "Tra cứu hồ sơ",
    "Thủ tục hành chính",
    "Phản ánh, kiến nghị",
    "Lịch làm việc",
    "Xử lý PAKN",
    "Chỉ số",
    "Đơn vị",
    "Nhiệm vụ",
    "Chỉ số CCHC",
    "Khảo sát SIPAS",
]


def _csp_errors(page):
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None
    )
    return errors


def test_the_menu_and_the_unread_count_are_visible_at_1280_px(browser, live_server, clerk):  # noqa: F811
    Notification.objects.create(user=clerk, message="Hồ sơ mới")
    page = sign_in(browser, live_server.url, clerk, viewport=OFFICE_SCREEN)
    errors = _csp_errors(page)
    page.reload()
    assert not page.locator(".navbar-toggler").is_visible()
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    links = nav.locator("a.nav-link")
    shown = [
        links.nth(i).inner_text().split("\n")[0].strip()
        for i in range(links.count())
        if links.nth(i).is_visible()
    ]
    assert shown == MENU
    assert nav.locator(".badge", has_text="1").is_visible()
    # The whole menu is on the header's line: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= OFFICE_SCREEN["width"]
    assert errors == []


def test_the_api_docs_run_under_the_policy(browser, live_server):  # noqa: F811
    page = browser.new_context().new_page()
    errors = _csp_errors(page)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=15_000)
    assert "motcua API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".swagger-ui", has_text="/api/v1/calendar/due-date").count() == 1
    assert errors == []
